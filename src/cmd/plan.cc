// `iftoken plan`: the command line and output of the simulated pre-up.
// iftoken plan IFACE [-i FILE] [--json]: what `ifup IFACE` would have the
// pre-up hook do, stanza by stanza, on the live state, without changing
// anything (the kernel is only read). Each later stanza is planned on the
// state the earlier ones leave: their actions, their method's writes, and the
// link their method brought up.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/json.h"
#include "check/check.h"
#include "check/simulate.h"
#include "cmd/commands.h"
#include "netlink/netlink_kernel.h"

namespace po = boost::program_options;

namespace ift {

namespace {

std::string Header(const Stanza& s) {
  return s.file + ":" + std::to_string(s.line) + ": iface " + s.iface + " " + s.family + " " +
         s.method;
}

const char* kStops =
    "ifup stops here: the hook fails, so this stanza's method and the later "
    "stanzas of the interface do not run";

// A refused pre-up changes nothing: its plan's actions are never applied.
const std::vector<Action>& Actions(const StanzaTurn& t) {
  static const std::vector<Action> kNone;
  return t.Refused() ? kNone : t.plan.actions;
}

// The turns ifup would really take: up to and including a refused one.
size_t TurnsRun(const std::vector<StanzaTurn>& turns) {
  for (size_t i = 0; i < turns.size(); ++i)
    if (turns[i].Refused()) return i + 1;
  return turns.size();
}

void PrintTurn(const StanzaTurn& t) {
  printf("%s%s\n", Header(*t.stanza).c_str(),
         t.opted_in ? "" : ": no token option, ifupdown-token does nothing");
  if (t.opted_in) {
    for (const Finding& e : t.parsed.errors) printf("  error: %s\n", e.text.c_str());
    for (const Action& a : Actions(t)) printf("  pre-up: %s\n", Describe(a).c_str());
    if (!t.Refused() && t.plan.actions.empty()) printf("  pre-up: nothing to change\n");
    for (const Finding& f : t.plan.findings)
      printf("  %s: %s\n", f.level == Finding::kError ? "error" : "warning", f.text.c_str());
  }
  if (t.Refused()) printf("  %s\n", kStops);
  else printf("  then %s\n", DescribeMethod(t).c_str());
}

Json JsonTurn(const StanzaTurn& t) {
  const Stanza& s = *t.stanza;
  Json actions = Json::array(), findings = Json::array();
  for (const Action& a : Actions(t)) actions.push_back(Describe(a));
  for (const Finding& e : t.parsed.errors)
    findings.push_back({{"level", "error"}, {"text", e.text}});
  for (const Finding& f : t.plan.findings)
    findings.push_back(
        {{"level", f.level == Finding::kError ? "error" : "warning"}, {"text", f.text}});
  return {{"file", s.file},
          {"line", s.line},
          {"family", s.family},
          {"method", s.method},
          {"token", t.opted_in},
          {"actions", actions},
          {"findings", findings},
          {"refused", t.Refused()},
          {"then", t.Refused() ? kStops : DescribeMethod(t)}};
}

// {"iface", "file", "refused", "stanzas": [{"file", "line", "family",
// "method", "token", "actions", "findings", "refused", "then"}...]}
void PrintJson(const std::string& iface, const std::string& path,
               const std::vector<StanzaTurn>& turns, size_t run, bool refused) {
  Json stanzas = Json::array();
  for (size_t i = 0; i < run; ++i) stanzas.push_back(JsonTurn(turns[i]));
  Json doc = {{"iface", iface}, {"file", path}, {"refused", refused}, {"stanzas", stanzas}};
  printf("%s\n", LaidOutJson(doc, 3).c_str());
}

// The hooks' record of what an earlier ifup changed: addresses it names are
// ours, not someone else's.
Record Prior(const std::string& iface, const Snapshot& live) {
  std::optional<Record> r = LoadRecord(kStateDir, iface);
  return r && r->index == live.link.index ? *r : Record{};
}

int PlanIface(const std::string& iface, const std::string& path, bool json) {
  InterfacesFile f = ReadInterfaces(path);
  for (const Diagnostic& e : f.errors) fprintf(stderr, "iftoken plan: %s\n", Str(e).c_str());
  std::vector<const Stanza*> stanzas = StanzasOf(f, iface);
  if (stanzas.empty()) {
    fprintf(stderr, "iftoken plan: no iface stanza for %s in %s or the files it sources\n",
            iface.c_str(), path.c_str());
    return kExitFindings;
  }
  NetlinkKernel kernel;  // read only
  Snapshot live;
  if (Status s = TakeSnapshot(kernel, iface, &live); !s.ok()) {
    fprintf(stderr, "iftoken plan: cannot read %s from the kernel: %s\n", iface.c_str(),
            strerror(s.err));
    return kExitFindings;
  }
  std::vector<StanzaTurn> turns = SimulateIfup(stanzas, live, Prior(iface, live), true);
  size_t run = TurnsRun(turns);
  bool refused = run > 0 && turns[run - 1].Refused();
  if (json) {
    PrintJson(iface, path, turns, run, refused);
  } else {
    if (live.exists && live.link.Up())
      printf(
          "note: %s is up now: planned on its current state (ifup of an interface ifupdown "
          "already configured does nothing; after ifdown, pre-up meets it down)\n",
          iface.c_str());
    for (size_t i = 0; i < run; ++i) PrintTurn(turns[i]);
  }
  return refused || !f.errors.empty() ? kExitFindings : kExitOk;
}

}  // namespace

int RunPlan(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("iface", po::value<std::string>()->required(), "the interface")
      ("interfaces,i", po::value<std::string>()->default_value("/etc/network/interfaces"),
       "the interfaces(5) file to read (with what it sources)")
      ("json", "print one JSON document instead of lines");
  // clang-format on
  po::positional_options_description pos;
  pos.add("iface", 1);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, "iftoken plan IFACE [-i FILE] [--json]", desc, pos, &vm,
                        &status))
    return status;
  std::string path = vm["interfaces"].as<std::string>();
  if (std::string why = UnreadableInterfaces(path); !why.empty()) {
    fprintf(stderr, "iftoken plan: %s: %s\n", path.c_str(), why.c_str());
    return kExitUsage;
  }
  return PlanIface(vm["iface"].as<std::string>(), path, vm.count("json"));
}

}  // namespace ift
