#include "check/check.h"

#include <fnmatch.h>
#include <linux/if_addr.h>
#include <net/if.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "base/overloaded.h"
#include "pipeline/rules.h"

namespace ift {

const char* LevelName(CheckFinding::Level level) {
  switch (level) {
    case CheckFinding::kError: return "error";
    case CheckFinding::kWarning: return "warning";
    case CheckFinding::kNote: return "note";
  }
  return "?";
}

std::string FormatFinding(const CheckFinding& f) {
  std::string out = f.file;
  if (f.line > 0) out += ":" + std::to_string(f.line);
  out += std::string(": ") + LevelName(f.level) + ": ";
  if (!f.iface.empty()) out += f.iface + ": ";
  return out + f.text;
}

namespace {

void SetConf(Link& link, Conf c, int value) {
  size_t i = size_t(c);
  if (link.conf.size() <= i) link.conf.resize(i + 1, 0);
  link.conf[i] = value;
}

bool Has(const Snapshot& s, const In6& a) {
  return std::any_of(s.addresses.begin(), s.addresses.end(),
                     [&](const Address& x) { return x.cidr.addr == a; });
}

void Remove(Snapshot& s, const Cidr& c) {
  std::erase_if(s.addresses, [&](const Address& x) { return x.cidr.addr == c.addr; });
}

// As the kernel adds it: permanent, tentative until DAD unless nodad.
void AddTo(Snapshot& s, const AddressSpec& spec) {
  if (Has(s, spec.cidr.addr)) return;
  Address a;
  a.cidr = spec.cidr;
  a.flags = IFA_F_PERMANENT | (spec.nodad ? IFA_F_NODAD : IFA_F_TENTATIVE);
  a.scope = spec.cidr.addr.IsLinkLocal() ? 253 : spec.scope;  // RT_SCOPE_LINK
  a.preferred = spec.preferred;
  s.addresses.push_back(a);
}

// ---- Shell commands of a stanza ("up ip addr add ...", "pre-up ip token set")

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> words;
  size_t b = s.find_first_not_of(" \t\n");
  while (b != std::string::npos) {
    size_t e = s.find_first_of(" \t\n", b);
    words.push_back(s.substr(b, e - b));
    b = e == std::string::npos ? e : s.find_first_not_of(" \t\n", e);
  }
  return words;
}

// iproute2 takes any prefix of an object or command name.
bool Abbreviates(const std::string& word, std::string_view full, size_t min = 1) {
  return word.size() >= min && full.starts_with(word);
}

// The words after each "ip [OPTIONS]" in a command line.
std::vector<std::vector<std::string>> IpInvocations(const std::string& command) {
  std::vector<std::string> w = Words(command);
  std::vector<std::vector<std::string>> calls;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] != "ip" && !w[i].ends_with("/ip")) continue;
    size_t j = i + 1;
    while (j < w.size() && w[j].starts_with("-")) j += (w[j] == "-f" || w[j] == "-family") ? 2 : 1;
    calls.emplace_back(w.begin() + std::min(j, w.size()), w.end());
  }
  return calls;
}

std::string Unquoted(std::string w) {
  while (!w.empty() && (w.back() == ';' || w.back() == '"' || w.back() == '\'')) w.pop_back();
  while (!w.empty() && (w.front() == '"' || w.front() == '\'')) w.erase(0, 1);
  return w;
}

bool NamesIface(const std::vector<std::string>& args, const std::string& iface) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] != "dev") continue;
    std::string d = Unquoted(args[i + 1]);
    return d == iface || d == "$IFACE" || d == "${IFACE}";
  }
  return false;
}

// "ADDR[/LEN]" as ip reads it: no length is a /128.
std::optional<Cidr> ParseCidr(const std::string& text) {
  size_t slash = text.find('/');
  auto a = In6::Parse(text.substr(0, slash));
  if (!a) return std::nullopt;
  if (slash == std::string::npos) return Cidr{*a, 128};
  char* end;
  long len = strtol(text.c_str() + slash + 1, &end, 10);
  if (*end || len < 0 || len > 128) return std::nullopt;
  return Cidr{*a, int(len)};
}

std::optional<Cidr> AddressAdded(const std::vector<std::string>& args, const std::string& iface) {
  if (args.size() < 3 || !Abbreviates(args[0], "address") ||
      !(Abbreviates(args[1], "add") || args[1] == "replace"))
    return std::nullopt;
  size_t i = args[2] == "local" ? 3 : 2;
  if (i >= args.size() || !NamesIface(args, iface)) return std::nullopt;
  return ParseCidr(Unquoted(args[i]));
}

bool SetsToken(const std::vector<std::string>& args) {
  static const std::set<std::string> kVerbs = {"set", "add", "del", "delete"};
  return args.size() >= 2 && Abbreviates(args[0], "token", 3) && kVerbs.count(args[1]);
}

bool IsUpCommand(const std::string& name) { return name == "up" || name == "post-up"; }

// The option lines of `s` that run "ip token set|del" themselves.
std::vector<const Option*> TokenCommands(const Stanza& s) {
  std::vector<const Option*> found;
  for (const Option& o : s.options) {
    if (o.name != "pre-up" && !IsUpCommand(o.name)) continue;
    for (const auto& args : IpInvocations(o.value))
      if (SetsToken(args)) {
        found.push_back(&o);
        break;
      }
  }
  return found;
}

std::vector<Cidr> UpAddressesOf(const Option& o, const std::string& iface) {
  std::vector<Cidr> out;
  if (!IsUpCommand(o.name)) return out;
  for (const auto& args : IpInvocations(o.value))
    if (auto c = AddressAdded(args, iface); c && !c->addr.IsLinkLocal()) out.push_back(*c);
  return out;
}

// What the stanza's method and then its up commands do to the state.
void AfterMethod(const StanzaTurn& t, bool link_up, Snapshot& now) {
  for (const auto& [conf, value] : t.method.sysctls) SetConf(now.link, conf, value);
  if (t.method.address) AddTo(now, AddressSpec{*t.method.address});
  for (const Cidr& c : t.up_addresses) AddTo(now, AddressSpec{c});
  if (link_up && t.method.link_up) now.link.flags |= IFF_UP | IFF_RUNNING;
}

StanzaTurn Turn(const Stanza& s, const Snapshot& now, const Record& prior) {
  StanzaTurn t;
  t.stanza = &s;
  t.before = now;
  t.method = MethodWrites(s);
  t.up_addresses = UpCommandAddresses(s);
  std::map<std::string, std::string> env = HookEnvironment(s);
  // The hooks' own test for "this stanza is ours".
  t.opted_in = !NotForUs(MapEnv(env)).has_value();
  if (!t.opted_in) return t;
  t.parsed = ParseOptions(MapEnv(env));
  if (t.parsed.ok()) t.plan = PlanPreUp(t.parsed.options, now, prior);
  return t;
}

}  // namespace

std::vector<Cidr> UpCommandAddresses(const Stanza& s) {
  std::vector<Cidr> out;
  for (const Option& o : s.options)
    for (const Cidr& c : UpAddressesOf(o, s.iface)) out.push_back(c);
  return out;
}

Snapshot ApplyActions(Snapshot snap, const std::vector<Action>& actions) {
  for (const Action& action : actions)
    std::visit(Visitor{
        [&](const SetSysctl& s) { SetConf(snap.link, s.conf, s.to); },
        [&](const SetToken& t) { snap.link.token = t.to; },
        [&](const SetAddrGenMode& m) {
          snap.link.addr_gen_mode = m.to;
          SetConf(snap.link, Conf::kAddrGenMode, m.to);
        },
        [&](const AddAddress& a) { AddTo(snap, a.spec); },
        [&](const DelAddress& d) { Remove(snap, d.cidr); },
        [&](const DropAddress& d) { Remove(snap, d.cidr); },
        [](const AddRoute&) {},
        [](const DelRoute&) {},
    }, action);
  return snap;
}

Snapshot AtNextIfup(const Snapshot& live, const Record* record) {
  Snapshot s = live;
  if (!s.exists) return s;
  if (record && record->index == s.link.index) s = ApplyActions(s, PlanUndo(*record, s).actions);
  // ifdown (or a reboot) takes the link down, and the kernel then removes
  // every IPv6 address; pre-up meets a link that is down and empty.
  if (s.link.Up()) {
    s.link.flags &= ~unsigned(IFF_UP | IFF_RUNNING);
    s.addresses.clear();
  }
  return s;
}

Snapshot UnseenInterface(Kernel& kernel, const Snapshot& probe) {
  Snapshot s = probe;
  s.exists = true;
  s.link = Link{};
  s.link.mtu = 1500;
  s.link.has_inet6 = true;
  s.link.conf.assign(60, 0);  // IFLA_INET6_CONF's length on 6.18
  // The kernel's defaults, and `all.forwarding`, which it copies to new devices.
  const std::pair<Conf, int> kDefaults[] = {
      {Conf::kForwarding, s.all_forwarding}, {Conf::kAcceptRa, 1}, {Conf::kAutoconf, 1},
      {Conf::kDadTransmits, 1}, {Conf::kRouterSolicitations, -1}, {Conf::kUseTempaddr, 0},
      {Conf::kOptimisticDad, 0}, {Conf::kDisableIpv6, 0}, {Conf::kAcceptDad, 1},
      {Conf::kAddrGenMode, 0}};
  std::string value;
  for (const auto& [conf, fallback] : kDefaults) {
    bool read = kernel.ReadSysctl("default", ConfName(conf), &value).ok() && !value.empty();
    SetConf(s.link, conf, read ? atoi(value.c_str()) : fallback);
  }
  s.link.addr_gen_mode = s.link.Value(Conf::kAddrGenMode);
  s.stable_secret = kernel.ReadSysctl("default", "stable_secret", &value).ok() && !value.empty();
  s.addresses.clear();
  return s;
}

std::string DescribeMethod(const StanzaTurn& t) {
  std::vector<std::string> parts;
  std::string writes;
  for (const auto& [conf, value] : t.method.sysctls)
    writes += (writes.empty() ? "writes " : ", ") + std::string(ConfName(conf)) + " " + std::to_string(value);
  if (!writes.empty()) parts.push_back(writes);
  if (t.method.address) parts.push_back("adds " + t.method.address->str());
  if (t.method.link_up) parts.push_back("brings " + t.stanza->iface + " up");
  std::string out = "the " + t.stanza->family + " " + t.stanza->method + " method";
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i == 0 ? " " : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  for (const Cidr& c : t.up_addresses) out += "; its up command adds " + c.str();
  return out;
}

std::vector<StanzaTurn> SimulateIfup(const std::vector<const Stanza*>& stanzas,
                                     const Snapshot& start, const Record& prior,
                                     bool link_up_between) {
  std::vector<StanzaTurn> turns;
  Snapshot now = start;
  Record ours = prior;
  for (const Stanza* s : stanzas) {
    StanzaTurn t = Turn(*s, now, ours);
    if (!t.Refused()) {
      now = ApplyActions(now, t.plan.actions);
      ours.Merge(t.plan.actions);
      AfterMethod(t, link_up_between, now);
    }
    t.after = now;
    turns.push_back(std::move(t));
  }
  return turns;
}

namespace {

// ---- Locating a finding at the option line it is about

struct Where {
  std::string file;
  int line = 0;
};

std::string BareName(std::string name) {
  if (name.ends_with('?')) name.pop_back();  // `name? value`: set if unset
  return name;
}

std::optional<Where> OptionAt(const Stanza& s, std::string_view name) {
  std::string env = EnvName(name);
  for (const Option& o : s.options)
    if (BareName(o.name) == name || EnvName(BareName(o.name)) == env) return Where{o.file, o.line};
  return std::nullopt;
}

// "option NAME: 'VALUE': ..." -> VALUE.
std::string QuotedValue(const std::string& text) {
  size_t b = text.find(": '");
  size_t e = b == std::string::npos ? b : text.find("'", b + 3);
  return e == std::string::npos ? "" : text.substr(b + 3, e - b - 3);
}

// The line of NAME that holds VALUE (one of several `address` lines), else
// NAME's first line.
std::optional<Where> OptionWithValueAt(const Stanza& s, std::string_view name, const std::string& value) {
  for (const Option& o : s.options)
    if (BareName(o.name) == name && !value.empty() && o.value == value) return Where{o.file, o.line};
  return OptionAt(s, name);
}

Where TokenAt(const Stanza& s) { return OptionAt(s, "token").value_or(Where{s.file, s.line}); }

// The line that adds `addr`: an `address` line, an up command, ipv6-link-local.
std::optional<Where> AddressAt(const Stanza& s, const In6& addr) {
  for (const Option& o : s.options) {
    std::string name = BareName(o.name);
    bool match = false;
    if (name == "address" || name == "ipv6-link-local")
      for (const std::string& w : Words(o.value)) match |= ParseCidr(w) && ParseCidr(w)->addr == addr;
    for (const Cidr& c : UpAddressesOf(o, s.iface)) match |= c.addr == addr;
    if (match) return Where{o.file, o.line};
  }
  return std::nullopt;
}

// "address 2001:db8::1/64 is ..." / "cannot add 2001:db8::1/64: ..."
std::optional<In6> AddressIn(const std::string& text) {
  for (std::string_view head : {"address ", "cannot add "}) {
    if (!text.starts_with(head)) continue;
    std::vector<std::string> w = Words(text.substr(head.size()));
    if (w.empty()) return std::nullopt;
    std::string a = w[0].substr(0, w[0].find('/'));
    while (a.ends_with(':') && !a.ends_with("::")) a.pop_back();
    return In6::Parse(a);
  }
  return std::nullopt;
}

// Findings of the hooks' own planner and traps name the setting they are
// about; they are located at the option that sets it, else at `token`.
Where Locate(const Stanza& s, const std::string& text) {
  if (text.starts_with("option ")) {
    std::string name = text.substr(7, text.find(':') - 7);
    return OptionWithValueAt(s, name, QuotedValue(text)).value_or(Where{s.file, s.line});
  }
  if (auto a = AddressIn(text))
    if (auto w = AddressAt(s, *a)) return *w;
  static const std::pair<const char*, const char*> kNamed[] = {
      {"router_solicitations=0", "ipv6-router-solicitations"},
      {"forwarding is on", "ipv6-forwarding"},
      {"autoconf is 0", "autoconf"},
      {"use_tempaddr is", "privext"},
      {"addr_gen_mode is", "ipv6-link-local"},
      {"stable-privacy", "ipv6-link-local"},
      {"accept_ra=", "accept_ra"},
  };
  for (const auto& [needle, option] : kNamed)
    if (text.find(needle) != std::string::npos)
      if (auto w = OptionAt(s, option)) return *w;
  // inet6 static writes accept_ra 0 because of `gateway` when it is unset.
  if (text.find("accept_ra=0") != std::string::npos && s.family == "inet6" && s.method == "static")
    if (auto w = OptionAt(s, "gateway")) return *w;
  return TokenAt(s);
}

// ---- Options a stanza's method ignores

// Where ifupdown-token reads its own options (spec §4): everywhere a token
// is, or only in inet6 manual stanzas (elsewhere the method owns them).
enum class Ours { kNo, kEveryStanza, kInet6Manual };

Ours OursWhere(std::string_view name) {
  static const std::set<std::string_view> kEvery = {
      "token", "ipv6-forwarding", "ipv6-router-solicitations", "ipv6-dad-transmits",
      "ipv6-accept-dad", "ipv6-optimistic-dad", "ipv6-link-local"};
  static const std::set<std::string_view> kManual = {
      "address", "netmask", "gateway", "metric", "accept_ra", "autoconf", "privext",
      "dad-attempts", "dad-interval", "preferred-lifetime", "scope"};
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
  if (ours == Ours::kInet6Manual) why += ", and ifupdown-token reads it only in inet6 manual stanzas";
  return why;
}

std::string OneLine(std::string v) {
  std::replace(v.begin(), v.end(), '\n', ' ');
  return v;
}

// ---- check

class Checker {
 public:
  Checker(const InterfacesFile& f, const std::string& path, Kernel& kernel, const std::string& state_dir)
      : f_(f), path_(path), kernel_(kernel), state_dir_(state_dir) {}
  std::vector<CheckFinding> Run(const std::vector<std::string>& ifaces);

 private:
  using Findings = std::vector<CheckFinding>;
  void Add(Findings& out, CheckFinding::Level level, const Stanza& s, const Where& w, std::string text) {
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
        iface + " does not exist now; predicted with the settings a new interface gets "
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
    Add(out, CheckFinding::kError, s, e.starts_with("option ") ? Locate(s, e) : Where{s.file, s.line}, e);
}

// An earlier stanza of the same interface runs first, and its method brings
// the link up before this stanza's pre-up: the token comes too late.
void Checker::StanzaOrder(const Stanza& s, Findings& out) {
  const Stanza& first = *StanzasOf(f_, s.iface).front();
  if (&first == &s) return;
  std::string at = first.file + ":" + std::to_string(first.line) + " (iface " + first.iface +
                   " " + first.family + " " + first.method + ")";
  bool first_has_token = OptionAt(first, "token").has_value();
  Add(out, CheckFinding::kWarning, s, TokenAt(s),
      "the stanza at " + at + " comes first" + (first_has_token ? " and has a token too" : "") +
          ": its " + first.method + " method brings " + s.iface + " up before this stanza's "
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
          head + " after the method brought " + s.iface + " up, so addresses without it can "
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
          head + ", before ifupdown-token's hook runs: it fails with EINVAL whenever the kernel "
                 "refuses a token (forwarding on, accept_ra 0), and the two fight over the "
                 "token; remove it, 'token' does this");
  }
}

void Checker::NoScripts(const Stanza& s, Findings& out) {
  for (const std::string& pattern : f_.no_scripts)
    if (fnmatch(pattern.c_str(), s.iface.c_str(), 0) == 0)
      return Add(out, CheckFinding::kError, s, TokenAt(s),
                 "'no-scripts " + pattern + "' makes ifupdown run no hook for " + s.iface +
                     ", so the token and every ifupdown-token option are ignored; take " +
                     s.iface + " out of no-scripts");
}

void Checker::CheckTurn(const StanzaTurn& t, const Snapshot& final_state, bool predicted, Findings& out) {
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
    else if (std::none_of(stanzas.begin(), stanzas.end(), [](const Stanza* s) { return OptionAt(*s, "token"); }))
      out.push_back({stanzas.front()->file, stanzas.front()->line, CheckFinding::kNote, iface,
                     "no stanza of " + iface + " has a 'token' option: ifupdown-token leaves it alone"});
    else
      CheckInterface(iface);
  }
  for (const Stanza& s : f_.stanzas)
    if (auto it = by_stanza_.find(&s); it != by_stanza_.end())
      out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

}  // namespace

std::string UnreadableInterfaces(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return "is a directory, not an interfaces file";
  std::ifstream in(path);
  return in ? "" : std::string("cannot read: ") + strerror(errno);
}

std::vector<CheckFinding> CheckInterfaces(const InterfacesFile& f, const std::string& path,
                                          Kernel& kernel, const std::vector<std::string>& ifaces,
                                          const std::string& state_dir) {
  return Checker(f, path, kernel, state_dir).Run(ifaces);
}

}  // namespace ift
