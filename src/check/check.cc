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

#include "check/hand_written.h"
#include "check/ip_commands.h"
#include "check/sysctl_commands.h"
#include "check/simulate.h"
#include "ifupdown/methods.h"
#include "pipeline/rules.h"
#include "pipeline/token_wait.h"

namespace ift {

namespace {

// ---- Options a stanza's method ignores

// Why the option does nothing here, or "" when something reads it. An option
// nobody in ifupdown or ifupdown-token knows is left alone: another
// package's hook may read it (bridge_ports, dns-nameservers, ...).
std::string IgnoredBecause(const Stanza& s, const std::string& name) {
  std::string here = s.family + " " + s.method;
  const StanzaOption* ours = StanzaOptionNamed(name);
  bool manual6 = here == "inet6 manual";
  if (EveryStanzaTakes(name) || MethodTakes(s.family, s.method, name) ||
      (ours && (ours->owner == OptionOwner::kEveryStanza || manual6)))
    return "";
  std::string methods = MethodsTaking(name);
  if (methods.empty() && !ours) return "";
  std::string why = methods.empty() ? here + " has no " + name + " option"
                                    : "it is an option of " + methods + ", not of " + here;
  if (ours)
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
          const std::string& state_dir, const CheckContext& ctx)
      : f_(f), path_(path), kernel_(kernel), state_dir_(state_dir), ctx_(ctx) {}
  std::vector<CheckFinding> Run(const std::vector<std::string>& ifaces);

 private:
  using Findings = std::vector<CheckFinding>;
  void Add(Findings& out, CheckFinding::Level level, const Stanza& s, const Where& w,
           std::string text) {
    out.push_back({w.file, w.line, level, s.iface, std::move(text)});
  }
  void ReaderFindings(Findings& out);
  void ClassesWithoutStanza(Findings& out);
  void AddressLists(const Stanza& s, Findings& out);
  void CheckInterface(const std::string& iface);
  bool Predict(const std::string& iface, Snapshot* start, Findings& notes);
  Snapshot AtBoot(const std::string& iface) const;
  bool HandWritten(const std::vector<StanzaTurn>& turns, const Snapshot* live);
  void TrapsOfHandWrittenToken(const std::vector<StanzaTurn>& turns);
  void CheckTurn(const StanzaTurn& t, const std::vector<StanzaTurn>& turns, bool predicted,
                 Findings& out);
  void OptionErrors(const StanzaTurn& t, Findings& out);
  void StanzaOrder(const Stanza& s, Findings& out);
  void IgnoredOptions(const Stanza& s, Findings& out);
  void NoScripts(const Stanza& s, Findings& out);

  const InterfacesFile& f_;
  const std::string& path_;
  Kernel& kernel_;
  const std::string& state_dir_;
  const CheckContext& ctx_;
  std::map<const Stanza*, Findings> by_stanza_;
  std::set<std::pair<std::string, std::string>> traps_seen_;  // (iface, text)
};

CheckFinding FromReader(const Diagnostic& d, CheckFinding::Level level) {
  return {d.file, d.line, level, "", d.text};
}

// ifupdown2 and ifupdown-ng take `iface NAME` alone (ifupdown2-interfaces(5),
// interfaces-ng): ifupdown 0.8 refuses the whole file there. Said so, once,
// instead of a parse error that reads as if the file were broken.
CheckFinding OtherDialect(const InterfacesFile::Mention& m) {
  return {m.file, m.line, CheckFinding::kWarning, "",
          "this file is written for ifupdown2 or ifupdown-ng ('iface " + m.iface +
              "' without a family and method), which ifupdown 0.8 refuses; check it as the "
              "one that reads it: iftoken check --implementation ifupdown2 (or ifupdown-ng)"};
}

void Checker::ReaderFindings(Findings& out) {
  for (const Diagnostic& e : f_.errors) {
    auto bare = std::find_if(f_.bare_ifaces.begin(), f_.bare_ifaces.end(), [&](const auto& m) {
      return m.file == e.file && m.line == e.line;
    });
    out.push_back(bare != f_.bare_ifaces.end() ? OtherDialect(*bare)
                                               : FromReader(e, CheckFinding::kError));
  }
  for (const Diagnostic& n : f_.notes) out.push_back(FromReader(n, CheckFinding::kNote));
  if (ctx_.boot)
    for (const Diagnostic& n : ctx_.boot->notes) out.push_back(FromReader(n, CheckFinding::kNote));
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
    *start = UnseenInterface(&kernel_, live);
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
  for (const Finding& e : t.parsed.errors)
    Add(out, CheckFinding::kError, s,
        e.subject.option.empty() ? Where{s.file, s.line} : Locate(s, e.subject), e.text);
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
  if (s.dialect != Dialect::kIfupdown) return;  // methods.h is ifupdown 0.8's
  for (const Option& o : s.options) {
    std::string name = BareName(o.name);
    std::string why = IgnoredBecause(s, name);
    if (why.empty()) continue;
    Add(out, CheckFinding::kWarning, s, {o.file, o.line},
        "option " + name + ": '" + OneLine(o.value) + "' does nothing in this " + s.family + " " +
            s.method + " stanza: " + why + "; remove it");
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

// The options the traps are judged with, for the state after every stanza:
// the up commands' /64 addresses count as configured addresses, and a later
// stanza whose method writes accept_ra or autoconf is the method named (the
// fix belongs there, not in an inet stanza that cannot take accept_ra).
Options ForTraps(Options o, const StanzaTurn& t, const std::vector<StanzaTurn>& turns) {
  for (const StanzaTurn& u : turns)
    for (const Cidr& c : u.up_addresses)
      if (c.len == 64) o.addresses.push_back(AddressSpec{c});
  bool later = false;  // turns are in file order
  for (const StanzaTurn& u : turns) {
    later |= &u == &t;
    if (!later || &u == &t) continue;
    bool writes = std::any_of(u.method.sysctls.begin(), u.method.sysctls.end(), [](const auto& w) {
      return w.first == Conf::kAcceptRa || w.first == Conf::kAutoconf;
    });
    if (!writes) continue;
    const Stanza& s = *u.stanza;
    o.last_method = Options::LaterStanza{s.family, s.method, s.file, s.line};
    o.method = s.method == "static" ? Method::kStatic : Method::kOther;
    o.method_gateway = OptionAt(s, "gateway") && !OptionAt(s, "accept_ra");
  }
  return o;
}

void Checker::CheckTurn(const StanzaTurn& t, const std::vector<StanzaTurn>& turns, bool predicted,
                        Findings& out) {
  const Snapshot& final_state = turns.back().after;
  const Stanza& s = *t.stanza;
  OptionErrors(t, out);
  StanzaOrder(s, out);
  IgnoredOptions(s, out);
  NoScripts(s, out);
  if (!predicted || !t.parsed.ok()) return;
  for (const Finding& f : t.plan.findings)
    Add(out, f.level == Finding::kError ? CheckFinding::kError : CheckFinding::kWarning, s,
        Locate(s, f.subject), f.text);
  if (t.plan.Refused()) return;
  // The traps are the kernel's, on the state ifup leaves: after every
  // stanza's method (a later inet6 static writes autoconf 0 too).
  for (const Finding& f : SilentTraps(ForTraps(t.parsed.options, t, turns), final_state))
    if (traps_seen_.insert({s.iface, f.text}).second)
      Add(out, CheckFinding::kWarning, s, Locate(s, f.subject), f.text);
  // token-wait waits for nothing when SLAAC cannot happen (the up hook says
  // so too, at every ifup).
  if (t.parsed.options.token_wait)
    if (std::string why = SlaacImpossible(s.iface, final_state.link); !why.empty())
      Add(out, CheckFinding::kWarning, s, OptionAt(s, "token-wait").value_or(TokenAt(s)),
          "option token-wait: nothing to wait for: " + why);
}

// With --root, the host is not this one: the interface starts from the
// kernel's defaults and the image's sysctl files.
Snapshot Checker::AtBoot(const std::string& iface) const {
  Snapshot probe;
  probe.iface = iface;
  Snapshot s = UnseenInterface(nullptr, probe);
  if (!ctx_.boot) return s;
  TokenGround g = BootGround(*ctx_.boot, iface);
  for (auto [conf, value] : {std::pair{Conf::kForwarding, g.forwarding.value},
                             std::pair{Conf::kAcceptRa, g.accept_ra.value},
                             std::pair{Conf::kRouterSolicitations, g.router_solicitations.value}})
    s.link.conf.at(size_t(conf)) = value;  // UnseenInterface() sized it
  s.all_forwarding = g.forwarding.set_by == "net/ipv6/conf/all/forwarding" && g.forwarding.value;
  return s;
}

// Each finding goes to the stanza whose line it is about. True when the
// kernel will refuse a line (ifup fails there).
bool Checker::HandWritten(const std::vector<StanzaTurn>& turns, const Snapshot* live) {
  bool refused = false;
  std::vector<TokenGround> grounds;
  if (live) grounds.push_back(LiveGround(*live));
  if (ctx_.boot) grounds.push_back(BootGround(*ctx_.boot, turns.front().stanza->iface));
  for (CheckFinding& f : HandWrittenFindings(turns, grounds)) {
    refused |= f.level == CheckFinding::kError;
    for (const StanzaTurn& t : turns)
      if (std::any_of(t.stanza->options.begin(), t.stanza->options.end(),
                      [&](const Option& o) { return o.file == f.file && o.line == f.line; })) {
        by_stanza_[t.stanza].push_back(std::move(f));
        break;
      }
  }
  return refused;
}

// An interface without `token` whose lines set one: the kernel's silent
// traps hold for it as for ours (the Wikimedia `up ip addr add` of
// prefix+token above all).
// The state ifup leaves, with the stanzas' own sysctl lines for the
// interface applied: a pre-up line's value holds unless a method (of its
// stanza or a later one) writes the same setting after it.
Snapshot WithOwnSysctls(const std::vector<StanzaTurn>& turns) {
  Snapshot after = turns.back().after;
  const std::string dir = "net/ipv6/conf/" + after.iface + "/";
  for (size_t i = 0; i < turns.size(); ++i)
    for (const Option& o : turns[i].stanza->options) {
      if (o.name != "pre-up" && !IsUpCommand(o.name)) continue;
      for (const SysctlCommand& c : SysctlCommandsOf(o.value, after.iface)) {
        if (!c.literal || !c.path.starts_with(dir)) continue;
        std::optional<Conf> conf = ConfNamed(c.path.substr(dir.size()));
        bool overwritten = !IsUpCommand(o.name) &&
                           std::any_of(turns.begin() + i, turns.end(), [&](const StanzaTurn& t) {
                             return std::any_of(t.method.sysctls.begin(), t.method.sysctls.end(),
                                                [&](const auto& w) { return w.first == conf; });
                           });
        if (conf && !overwritten && size_t(*conf) < after.link.conf.size())
          after.link.conf[size_t(*conf)] = atoi(c.value.c_str());
      }
    }
  return after;
}

void Checker::TrapsOfHandWrittenToken(const std::vector<StanzaTurn>& turns) {
  const Stanza& first = *turns.front().stanza;
  const Snapshot after = WithOwnSysctls(turns);
  for (const StanzaTurn& t : turns)
    for (const Option* o : TokenCommands(*t.stanza))
      for (const TokenCommand& c : TokenCommandsOf(o->value, first.iface)) {
        if (!c.ours || !c.token) continue;
        Options opts;
        opts.iface = first.iface;
        opts.token = c.token;
        opts.method_name = first.method;
        opts = ForTraps(opts, turns.front(), turns);
        for (const Finding& f : SilentTraps(opts, after))
          if (traps_seen_.insert({first.iface, f.text}).second)
            Add(by_stanza_[t.stanza], CheckFinding::kWarning, *t.stanza, {o->file, o->line},
                f.text);
        return;
      }
}

void Checker::CheckInterface(const std::string& iface) {
  std::vector<const Stanza*> stanzas = StanzasOf(f_, iface);
  // An ifupdown-ng template is only inherited from: its children are checked.
  if (stanzas.front()->is_template) return;
  bool has_token = std::any_of(stanzas.begin(), stanzas.end(),
                               [](const Stanza* s) { return OptionAt(*s, "token"); });
  bool hand_written = std::any_of(stanzas.begin(), stanzas.end(),
                                  [](const Stanza* s) { return !TokenCommands(*s).empty(); });
  Snapshot start;
  start.iface = iface;
  Findings notes;
  bool predicted = false;
  if (!ctx_.live) {
    start = AtBoot(iface);
    predicted = true;
  } else if (has_token || hand_written) {
    predicted = Predict(iface, &start, notes);
  }
  std::vector<StanzaTurn> turns = SimulateIfup(stanzas, start, Record{}, false);
  if (!notes.empty()) by_stanza_[stanzas.front()] = std::move(notes);
  for (const StanzaTurn& t : turns) {
    Findings& out = by_stanza_[t.stanza];
    AddressLists(*t.stanza, out);
    if (t.opted_in) CheckTurn(t, turns, predicted, out);
    else IgnoredOptions(*t.stanza, out);
  }
  bool refused = hand_written && HandWritten(turns, predicted && ctx_.live ? &start : nullptr);
  if (hand_written && !has_token && predicted && !refused) TrapsOfHandWrittenToken(turns);
  for (const Stanza* s : stanzas)
    std::stable_sort(by_stanza_[s].begin(), by_stanza_[s].end(),
                     [](const CheckFinding& a, const CheckFinding& b) { return a.line < b.line; });
}

// Several addresses on one line: ifupdown 0.8 hands the whole line to ip(8)
// as one address, which fails; ifupdown2 3.0 cannot read it as an address
// (nlmanager's IPNetwork) and adds none of the interface's; ifupdown-ng 0.11
// keeps the first word only.
void Checker::AddressLists(const Stanza& s, Findings& out) {
  if (s.dialect != Dialect::kIfupdown) return;
  for (const Option& o : s.options)
    if (BareName(o.name) == "address" && o.value.find_first_of(" \t") != std::string::npos)
      Add(out, CheckFinding::kWarning, s, {o.file, o.line},
          "option address: '" + OneLine(o.value) + "' is a list of addresses on one line, "
          "which ifupdown 0.8 hands to ip(8) as one address (ifup fails), ifupdown2 adds none "
          "of and ifupdown-ng only the first of; write one 'address' line each");
}

// `auto X` or `allow-CLASS X` with no `iface X`: `ifup -a` (or --allow=CLASS)
// stops at it with "unknown interface". ifupdown configures lo without one.
void Checker::ClassesWithoutStanza(Findings& out) {
  for (const InterfacesFile::Mention& m : f_.mentions)
    if (m.iface != "lo" && StanzasOf(f_, m.iface).empty())
      out.push_back({m.file, m.line, CheckFinding::kError, m.iface,
                     "'" + std::string(m.cls == "auto" ? "auto" : "allow-" + m.cls) + " " +
                         m.iface + "' names an interface with no 'iface " + m.iface +
                         "' stanza, and 'ifup " +
                         (m.cls == "auto" ? std::string("-a") : "--allow=" + m.cls) +
                         "' fails on it; add the stanza or take " + m.iface + " off the line"});
}

std::vector<CheckFinding> Checker::Run(const std::vector<std::string>& ifaces) {
  Findings out;
  ReaderFindings(out);
  // After an error in the file, ifup refuses everything anyway.
  if (ifaces.empty() && f_.errors.empty()) ClassesWithoutStanza(out);
  std::vector<std::string> wanted = ifaces;
  if (wanted.empty())
    for (const Stanza& s : f_.stanzas)
      if (std::find(wanted.begin(), wanted.end(), s.iface) == wanted.end())
        wanted.push_back(s.iface);
  for (const std::string& iface : wanted) {
    std::vector<const Stanza*> stanzas = StanzasOf(f_, iface);
    if (stanzas.empty()) {
      out.push_back({path_, 0, CheckFinding::kError, iface,
                     "no iface stanza for " + iface + " in " + path_ + " or the files it sources"});
      continue;
    }
    if (!ifaces.empty() && std::none_of(stanzas.begin(), stanzas.end(), [](const Stanza* s) {
          return OptionAt(*s, "token") || !TokenCommands(*s).empty();
        }))
      out.push_back(
          {stanzas.front()->file, stanzas.front()->line, CheckFinding::kNote, iface,
           "no stanza of " + iface + " has a 'token' option: ifupdown-token leaves it alone"});
    CheckInterface(iface);
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
                                          const std::string& state_dir,
                                          const CheckContext& ctx) {
  return Checker(f, path, kernel, state_dir, ctx).Run(ifaces);
}

}  // namespace ift
