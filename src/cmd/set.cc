// `iftoken set` and `iftoken clear`: the token set or cleared, refusals explained.
// iftoken set IFACE TOKEN / iftoken clear IFACE: `ip token`, but checked
// against the kernel's rules first and explained instead of EINVAL.
#include <cstdio>
#include <cstring>
#include <map>

#include "cmd/commands.h"
#include "netlink/netlink_kernel.h"
#include "pipeline/apply.h"
#include "pipeline/plan.h"
#include "pipeline/rules.h"

namespace po = boost::program_options;

namespace ift {

namespace {

// The plan's accept_ra step, if the token needs one.
const SetSysctl* AcceptRaStep(const Plan& plan) {
  for (const Action& a : plan.actions)
    if (auto* s = std::get_if<SetSysctl>(&a); s && s->conf == Conf::kAcceptRa) return s;
  return nullptr;
}

// The same validation and plan as the hooks, from an ifupdown-like environment.
int SetOrClear(const std::string& iface, const std::string& token, bool fix) {
  std::map<std::string, std::string> vars = {
      {"IFACE", iface}, {"ADDRFAM", "inet6"}, {"METHOD", "manual"}, {"IF_TOKEN", token}};
  ParsedOptions p = ParseOptions(MapEnv(vars));
  for (const Finding& e : p.errors)
    fprintf(stderr, "iftoken: %s: %s\n", iface.c_str(), e.text.c_str());
  if (!p.ok()) return kExitUsage;
  NetlinkKernel kernel;
  Snapshot snap;
  if (Status s = TakeSnapshot(kernel, iface, &snap); !s.ok()) {
    fprintf(stderr, "iftoken: %s: cannot read it from the kernel: %s\n", iface.c_str(),
            strerror(s.err));
    return kExitFindings;
  }
  Plan plan = PlanSetToken(p.options, snap);
  // A clear raises accept_ra only for that moment and restores it: no --fix needed.
  const SetSysctl* ra = AcceptRaStep(plan);
  if (ra && !fix && token != "none" && !plan.Refused()) {
    TokenSettings now = CurrentTokenSettings(snap);
    fprintf(stderr, "iftoken: %s: %s; or run again with --fix to set accept_ra %d first\n",
            iface.c_str(), RaRefusal(snap, now).value_or("accept_ra must change").c_str(), ra->to);
    return kExitFindings;
  }
  for (const Finding& f : plan.findings)
    fprintf(stderr, "iftoken: %s: %s%s\n", iface.c_str(),
            f.level == Finding::kError ? "" : "warning: ", f.text.c_str());
  if (plan.Refused()) return kExitFindings;
  Applied a = ApplyAll(kernel, snap, plan.actions);
  for (const Action& done : a.done) printf("%s: %s\n", iface.c_str(), Describe(done).c_str());
  if (a.ok()) return kExitOk;
  fprintf(stderr, "iftoken: %s: %s\n", iface.c_str(), a.error.c_str());
  for (const std::string& e : a.undo_errors)
    fprintf(stderr, "iftoken: %s: %s\n", iface.c_str(), e.c_str());
  return kExitFindings;
}

int Run(int argc, char** argv, bool set) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("iface", po::value<std::string>()->required(), "the interface")
      ("fix", "make accept_ra effective first when the kernel needs it (and say so)");
  // clang-format on
  if (set)
    desc.add_options()("token", po::value<std::string>()->required(), "::IID (upper 64 bits zero)");
  po::positional_options_description pos;
  pos.add("iface", 1);
  if (set) pos.add("token", 1);
  po::variables_map vm;
  int status;
  const char* usage = set ? "iftoken set IFACE TOKEN [--fix]" : "iftoken clear IFACE [--fix]";
  if (!ParseCommandLine(argc, argv, usage, desc, pos, &vm, &status)) return status;
  std::string token = set ? vm["token"].as<std::string>() : "none";
  return SetOrClear(vm["iface"].as<std::string>(), token, vm.count("fix"));
}

}  // namespace

int RunSet(int argc, char** argv) { return Run(argc, argv, true); }
int RunClear(int argc, char** argv) { return Run(argc, argv, false); }

}  // namespace ift
