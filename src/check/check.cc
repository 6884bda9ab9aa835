// `iftoken check`'s Checker: every finding for the interfaces with a token.
#include "check/check.h"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "check/ip_commands.h"
#include "check/simulate.h"
#include "ifupdown/methods.h"
#include "pipeline/rules.h"

namespace ift {

namespace {

// ---- Options a stanza's method ignores

// Where ifupdown-token reads its own options (ifupdown-token-interfaces(5),
// OPTIONS): everywhere a token is, or only in inet6 manual stanzas (elsewhere
// the method owns them).
enum class Ours { kNo, kEveryStanza, kInet6Manual };

Ours OursWhere(std::string_view name) {
  static const std::set<std::string_view> kEvery = {
      "token",           "ipv6-forwarding",     "ipv6-router-solicitations", "ipv6-dad-transmits",
      "ipv6-accept-dad", "ipv6-optimistic-dad", "ipv6-link-local",           "token-wait"};
  static const std::set<std::string_view> kManual = {
      "address",  "netmask", "gateway",      "metric",       "accept_ra",
      "autoconf", "privext", "dad-attempts", "dad-interval", "preferred-lifetime",
      "scope"};
  if (kEvery.count(name)) return Ours::kEveryStanza;
  if (kManual.count(name)) return Ours::kInet6Manual;
  return Ours::kNo;
}

// Why the option does nothing here, or "" when something reads it. An option
// nobody in ifupdown or ifupdown-token knows is left alone: another
// package's hook may read it (bridge_ports, dns-nameservers, ...).
std::string IgnoredBecause(const Stanza& s, const std::string& name) {
  std::string here = s.family + " " + s.method;
  Ours ours = OursWhere(name);
  bool manual6 = here == "inet6 manual";
  if (EveryStanzaTakes(name) || MethodTakes(s.family, s.method, name) ||
      ours == Ours::kEveryStanza || (ours == Ours::kInet6Manual && manual6))
    return "";
  std::string methods = MethodsTaking(name);
  if (methods.empty() && ours == Ours::kNo) return "";
  std::string why = methods.empty() ? here + " has no " + name + " option"
                                    : "it is an option of " + methods + ", not of " + here;
  if (ours == Ours::kInet6Manual)
    why += ", and ifupdown-token reads it only in inet6 manual stanzas";
  return why;
}

std::string OneLine(std::string v) {
  std::replace(v.begin(), v.end(), '\n', ' ');
  return v;
}

// ---- check

class Checker {
 public:
  Checker(const InterfacesFile& f, const std::string& path, Kernel& kernel,
          const std::string& state_dir)
      : f_(f), path_(path), kernel_(kernel), state_dir_(state_dir) {}
  std::vector<CheckFinding> Run(const std::vector<std::string>& ifaces);

 private:
  using Findings = std::vector<CheckFinding>;
  void Add(Findings& out, CheckFinding::Level level, const Stanza& s, const Where& w,
           std::string text) {
    out.push_back({w.file, w.line, level, s.iface, std::move(text)});
  }
  void ReaderFindings(Findings& out);
  void CheckInterface(const std::string& iface);
  bool Predict(const std::string& iface, Snapshot* start, Findings& notes);
  void CheckTurn(const StanzaTurn& t, const Snapshot& final_state, bool predicted, Findings& out);
  void OptionErrors(const StanzaTurn& t, Findings& out);
  void StanzaOrder(const Stanza& s, Findings& out);
  void IgnoredOptions(const Stanza& s, Findings& out);
  void OwnTokenCommands(const StanzaTurn& t, bool predicted, Findings& out);
  void NoScripts(const Stanza& s, Findings& out);

  const InterfacesFile& f_;
  const std::string& path_;
  Kernel& kernel_;
  const std::string& state_dir_;
  std::map<const Stanza*, Findings> by_stanza_;
  std::set<std::pair<std::string, std::string>> traps_seen_;  // (iface, text)
};

// "FILE:LINE: text" or "FILE: text", as the reader writes them.
CheckFinding FromReader(const std::string& message, CheckFinding::Level level) {
  CheckFinding f{"", 0, level, "", message};
  size_t sep = message.find(": ");
  if (sep == std::string::npos) return f;
  std::string head = message.substr(0, sep);
  f.text = message.substr(sep + 2);
  f.file = head;
  size_t colon = head.rfind(':');
  if (colon != std::string::npos && colon + 1 < head.size() &&
      head.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    f.file = head.substr(0, colon);
    f.line = atoi(head.c_str() + colon + 1);
  }
  return f;
}

void Checker::ReaderFindings(Findings& out) {
  for (const std::string& e : f_.errors) out.push_back(FromReader(e, CheckFinding::kError));
  for (const std::string& n : f_.notes) out.push_back(FromReader(n, CheckFinding::kNote));
}

// The state the interface's first pre-up would meet at the next ifup; false
// when the kernel cannot be read (nothing is predicted then).
bool Checker::Predict(const std::string& iface, Snapshot* start, Findings& notes) {
  const Stanza& first = *StanzasOf(f_, iface).front();
  // A name the kernel would not take: ParseOptions says so for each stanza.
  if (!InvalidIfaceName(iface).empty()) return false;
  Snapshot live;
  Status st = TakeSnapshot(kernel_, iface, &live);
  if (!st.ok()) {
    Add(notes, CheckFinding::kNote, first, {first.file, first.line},
        "cannot read " + iface + " from the kernel (" + strerror(st.err) +
            "): kernel refusals and silent traps are not predicted");
    return false;
  }
  if (!live.exists && live.ipv6_available) {
    // Not an error: VLANs, bridges and hotplugged NICs appear at boot.
    Add(notes, CheckFinding::kNote, first, {first.file, first.line},
        iface +
            " does not exist now; predicted with the settings a new interface gets "
            "(net.ipv6.conf.default.*), as it may be created at boot");
    *start = UnseenInterface(kernel_, live);
    return true;
  }
  std::optional<Record> record;
  if (!state_dir_.empty()) record = LoadRecord(state_dir_, iface);
  *start = AtNextIfup(live, record ? &*record : nullptr);
  return true;
}

// Each at its option's line; one about the stanza itself (an IFACE the
// kernel would not take) at the iface line.
void Checker::OptionErrors(const StanzaTurn& t, Findings& out) {
  const Stanza& s = *t.stanza;
  for (const std::string& e : t.parsed.errors)
    Add(out, CheckFinding::kError, s,
        e.starts_with("option ") ? Locate(s, e) : Where{s.file, s.line}, e);
}

// An earlier stanza of the same interface runs first, and its method brings
// the link up before this stanza's pre-up: the token comes too late.
void Checker::StanzaOrder(const Stanza& s, Findings& out) {
  const Stanza& first = *StanzasOf(f_, s.iface).front();
  if (&first == &s) return;
  std::string at = first.file + ":" + std::to_string(first.line) + " (iface " + first.iface + " " +
                   first.family + " " + first.method + ")";
  bool first_has_token = OptionAt(first, "token").has_value();
  Add(out, CheckFinding::kWarning, s, TokenAt(s),
      "the stanza at " + at + " comes first" + (first_has_token ? " and has a token too" : "") +
          ": its " + first.method + " method brings " + s.iface +
          " up before this stanza's "
          "pre-up runs, so the kernel may build addresses without " +
          (first_has_token ? "this stanza's token" : "the token") + " in between; " +
          (first_has_token ? "keep 'token' in the first stanza only"
                           : "move 'token' to that first stanza"));
}

void Checker::IgnoredOptions(const Stanza& s, Findings& out) {
  for (const Option& o : s.options) {
    std::string name = BareName(o.name);
    std::string why = IgnoredBecause(s, name);
    if (why.empty()) continue;
    Add(out, CheckFinding::kWarning, s, {o.file, o.line},
        "option " + name + ": '" + OneLine(o.value) + "' does nothing in this " + s.family + " " +
            s.method + " stanza: " + why + "; remove it");
  }
}

// A pre-up command runs before the if-pre-up.d hooks, so an `ip token set`
// there meets the kernel's rules before ifupdown-token could fix accept_ra.
void Checker::OwnTokenCommands(const StanzaTurn& t, bool predicted, Findings& out) {
  const Stanza& s = *t.stanza;
  for (const Option* o : TokenCommands(s)) {
    std::string head = "option " + o->name + ": '" + OneLine(o->value) + "' sets the token itself";
    if (IsUpCommand(o->name)) {
      Add(out, CheckFinding::kWarning, s, {o->file, o->line},
          head + " after the method brought " + s.iface +
              " up, so addresses without it can "
              "appear first; remove it: 'token' sets it in pre-up, while the link is down");
      continue;
    }
    std::optional<std::string> why;
    if (predicted) {
      TokenSettings now = CurrentTokenSettings(t.before);
      why = DeviceRefusal(t.before);
      if (!why) why = RaRefusal(t.before, now);
      if (!why) why = RsRefusal(t.before, now);
    }
    if (why)
      Add(out, CheckFinding::kError, s, {o->file, o->line},
          head + ", before ifupdown-token's hook runs, and the kernel will refuse it: " + *why +
              "; remove the command: 'token' sets the token after making accept_ra effective");
    else
      Add(out, CheckFinding::kWarning, s, {o->file, o->line},
          head +
              ", before ifupdown-token's hook runs: it fails with EINVAL whenever the kernel "
              "refuses a token (forwarding on, accept_ra 0), and the two fight over the "
              "token; remove it, 'token' does this");
  }
}

void Checker::NoScripts(const Stanza& s, Findings& out) {
  for (const std::string& pattern : f_.no_scripts)
    if (fnmatch(pattern.c_str(), s.iface.c_str(), 0) == 0)
      return Add(out, CheckFinding::kError, s, TokenAt(s),
                 "'no-scripts " + pattern + "' makes ifupdown run no hook for " + s.iface +
                     ", so the token and every ifupdown-token option are ignored; take " + s.iface +
                     " out of no-scripts");
}

void Checker::CheckTurn(const StanzaTurn& t, const Snapshot& final_state, bool predicted,
                        Findings& out) {
  const Stanza& s = *t.stanza;
  OptionErrors(t, out);
  StanzaOrder(s, out);
  IgnoredOptions(s, out);
  OwnTokenCommands(t, predicted, out);
  NoScripts(s, out);
  if (!predicted || !t.parsed.ok()) return;
  for (const Finding& f : t.plan.findings)
    Add(out, f.level == Finding::kError ? CheckFinding::kError : CheckFinding::kWarning, s,
        Locate(s, f.text), f.text);
  if (t.plan.Refused()) return;
  // The traps are the kernel's, on the state ifup leaves: after every
  // stanza's method (a later inet6 static writes autoconf 0 too).
  for (const Finding& f : SilentTraps(t.parsed.options, final_state))
    if (traps_seen_.insert({s.iface, f.text}).second)
      Add(out, CheckFinding::kWarning, s, Locate(s, f.text), f.text);
}

void Checker::CheckInterface(const std::string& iface) {
  std::vector<const Stanza*> stanzas = StanzasOf(f_, iface);
  Snapshot start;
  Findings notes;
  bool predicted = Predict(iface, &start, notes);
  if (!predicted) start.iface = iface;
  std::vector<StanzaTurn> turns = SimulateIfup(stanzas, start, Record{}, false);
  bool first = true;
  for (const StanzaTurn& t : turns) {
    if (!t.opted_in) continue;
    Findings& out = by_stanza_[t.stanza];
    if (first) out = std::move(notes);
    first = false;
    CheckTurn(t, turns.back().after, predicted, out);
    std::stable_sort(out.begin(), out.end(),
                     [](const CheckFinding& a, const CheckFinding& b) { return a.line < b.line; });
  }
}

std::vector<CheckFinding> Checker::Run(const std::vector<std::string>& ifaces) {
  Findings out;
  ReaderFindings(out);
  std::vector<std::string> wanted = ifaces;
  if (wanted.empty())
    for (const Stanza& s : f_.stanzas)
      if (OptionAt(s, "token") && std::find(wanted.begin(), wanted.end(), s.iface) == wanted.end())
        wanted.push_back(s.iface);
  for (const std::string& iface : wanted) {
    std::vector<const Stanza*> stanzas = StanzasOf(f_, iface);
    if (stanzas.empty())
      out.push_back({path_, 0, CheckFinding::kError, iface,
                     "no iface stanza for " + iface + " in " + path_ + " or the files it sources"});
    else if (std::none_of(stanzas.begin(), stanzas.end(),
                          [](const Stanza* s) { return OptionAt(*s, "token"); }))
      out.push_back(
          {stanzas.front()->file, stanzas.front()->line, CheckFinding::kNote, iface,
           "no stanza of " + iface + " has a 'token' option: ifupdown-token leaves it alone"});
    else CheckInterface(iface);
  }
  for (const Stanza& s : f_.stanzas)
    if (auto it = by_stanza_.find(&s); it != by_stanza_.end())
      out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

}  // namespace

// Never opens a FIFO in a way that waits (UnreadableFile).
std::string UnreadableInterfaces(const std::string& path) { return UnreadableFile(path); }

std::vector<CheckFinding> CheckInterfaces(const InterfacesFile& f, const std::string& path,
                                          Kernel& kernel, const std::vector<std::string>& ifaces,
                                          const std::string& state_dir) {
  return Checker(f, path, kernel, state_dir).Run(ifaces);
}

}  // namespace ift
