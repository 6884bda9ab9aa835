// The plans of pre-up, up and the undo, and what an undo left, from Options and a Snapshot.
#include "pipeline/plan.h"

#include <linux/if_addr.h>

#include <algorithm>

#include "base/overloaded.h"
#include "pipeline/record.h"
#include "pipeline/rules.h"

namespace ift {

namespace {

const In6 kLinkLocalPrefix = *In6::Parse("fe80::");

// Builds a plan step by step, tracking the values each step leaves behind so
// that the next step's rule is checked against them, not against the past.
class PreUpPlanner {
 public:
  // in_ifup: planning a hook run (link-local, addresses, the clean-up of an
  // already-up link), not just a token change from the command line. live:
  // `iftoken apply` on a running interface, where the link being up is the
  // point, not a sign of stanza order.
  PreUpPlanner(const Options& o, const Snapshot& snap, const Record& prior, bool in_ifup,
               bool live = false)
      : o_(o), snap_(snap), prior_(prior), in_ifup_(in_ifup), live_(live),
        now_(CurrentTokenSettings(snap)) {}
  Plan Run();

 private:
  void Error(std::string text, Subject about = {}) {
    plan_.findings.push_back({Finding::kError, std::move(text), std::move(about)});
  }
  void Warn(std::string text, Subject about = {}) {
    plan_.findings.push_back({Finding::kWarning, std::move(text), std::move(about)});
  }
  void Sysctl(Conf c, int to);
  int Value(Conf c) const;
  void PlanSysctls();
  void PlanAcceptRa();
  void PlanToken();
  void PlanClearToken();
  void PlanLinkLocal();
  void PlanAddress(const AddressSpec& spec);
  void PlanDropUntokenized();
  void PlanDropKernelLinkLocals();

  const Options& o_;
  const Snapshot& snap_;
  const Record& prior_;
  bool in_ifup_;
  bool live_;
  TokenSettings now_;
  std::vector<std::pair<Conf, int>> written_;
  Plan plan_;
};

int PreUpPlanner::Value(Conf c) const {
  for (auto it = written_.rbegin(); it != written_.rend(); ++it)
    if (it->first == c) return it->second;
  return snap_.link.Value(c);
}

void PreUpPlanner::Sysctl(Conf c, int to) {
  int from = Value(c);
  if (from == to) return;
  plan_.actions.push_back(SetSysctl{c, from, to});
  written_.push_back({c, to});
}

void PreUpPlanner::PlanSysctls() {
  for (const SysctlOption& s : o_.sysctls) {
    Sysctl(s.conf, s.value);
    if (s.conf == Conf::kForwarding) now_.forwarding_from = ForwardingSource(snap_, s.value);
    if (s.conf == Conf::kAcceptRa)
      now_.accept_ra_from = "this stanza's 'accept_ra " + std::to_string(s.value) + "'";
  }
  // An optimistic address is a source address only with use_optimistic
  // (ipv6_dev_get_saddr, rule 3: use_optimistic); RFC 4429 §3.1 wants it used.
  if (o_.optimistic) Sysctl(Conf::kUseOptimistic, 1);
  now_.forwarding = Value(Conf::kForwarding);
  now_.accept_ra = Value(Conf::kAcceptRa);
  // -1 (unlimited) is the default; a kernel too old to report it does not refuse.
  now_.router_solicitations = snap_.link.Get(Conf::kRouterSolicitations) ? Value(Conf::kRouterSolicitations) : -1;
}

// The user's explicit accept_ra is never overridden; otherwise the hook picks
// the value that lets the kernel take the token, and says so.
void PreUpPlanner::PlanAcceptRa() {
  if (auto why = RaRefusal(snap_, now_)) {
    if (o_.accept_ra)
      return Error("cannot set token " + o_.token->str() + ": " + *why, {.setting = Conf::kAcceptRa});
    int to = now_.forwarding ? 2 : 1;
    if (now_.forwarding)
      Warn("forwarding is on (from " + now_.forwarding_from + "): accept_ra " +
           std::to_string(now_.accept_ra) + " -> 2, so that the kernel takes the token and "
           "router advertisements still count",
           {.setting = Conf::kForwarding});
    Sysctl(Conf::kAcceptRa, to);
    now_.accept_ra = to;
  }
}

void PreUpPlanner::PlanToken() {
  PlanAcceptRa();
  if (auto why = RsRefusal(snap_, now_))
    Error("cannot set token " + o_.token->str() + ": " + *why, {.setting = Conf::kRouterSolicitations});
  if (snap_.link.token != *o_.token) plan_.actions.push_back(SetToken{snap_.link.token, *o_.token});
}

// Clearing a token passes the same accept_ra check as setting one; accept_ra
// is raised only for that moment.
void PreUpPlanner::PlanClearToken() {
  if (snap_.link.token.IsZero()) return;
  bool bump = !RaAccepted(now_.forwarding, now_.accept_ra);
  int was = now_.accept_ra;
  if (bump) Sysctl(Conf::kAcceptRa, now_.forwarding ? 2 : 1);
  if (auto why = RsRefusal(snap_, now_))
    Error("cannot clear token " + snap_.link.token.str() + ": " + *why,
          {.setting = Conf::kRouterSolicitations});
  plan_.actions.push_back(SetToken{snap_.link.token, In6{}});
  if (bump) Sysctl(Conf::kAcceptRa, was);
}

void PreUpPlanner::PlanLinkLocal() {
  int mode = snap_.link.addr_gen_mode;
  switch (o_.link_local) {
    case LinkLocal::kKernel: return;
    case LinkLocal::kEui64: mode = kGenEui64; break;
    case LinkLocal::kRandom: mode = kGenRandom; break;
    case LinkLocal::kStablePrivacy:
      if (!snap_.stable_secret)
        Error("option ipv6-link-local: 'stable-privacy' needs a stable_secret, and " + snap_.iface +
              " has none; set net.ipv6.conf." + snap_.iface + ".stable_secret (or "
              "net.ipv6.conf.default.stable_secret) to an IPv6-formatted secret first",
              {"ipv6-link-local", "stable-privacy"});
      mode = kGenStablePrivacy;
      break;
    case LinkLocal::kToken:
    case LinkLocal::kAddress: mode = kGenNone; break;
  }
  if (mode != snap_.link.addr_gen_mode)
    plan_.actions.push_back(SetAddrGenMode{snap_.link.addr_gen_mode, mode});
  // `dad-attempts 0` means no DAD for every address the stanza owns.
  if (mode != kGenNone) return;
  AddressSpec spec{Cidr{o_.link_local_addr, 64}, o_.dad_attempts == 0};
  spec.optimistic = o_.optimistic;
  PlanAddress(spec);
  PlanDropKernelLinkLocals();
}

// An earlier stanza brought the link up, so the kernel made its own
// link-local then (addrconf_addr_gen(), by the addr_gen_mode of that moment);
// with ours in place and addr_gen_mode none it makes no other, so its own go.
// Not recorded: they are the kernel's, and it makes them again at the next
// link-up once post-down has given addr_gen_mode back.
void PreUpPlanner::PlanDropKernelLinkLocals() {
  if (!snap_.link.Up() || snap_.link.addr_gen_mode == kGenNone) return;
  for (const Address& a : snap_.addresses) {
    if (a.KernelLinkLocal() && a.cidr.addr != o_.link_local_addr && !prior_.HasAddress(a.cidr))
      plan_.actions.push_back(DropAddress{a.cidr});
  }
}

void PreUpPlanner::PlanAddress(const AddressSpec& spec) {
  auto present = std::find_if(snap_.addresses.begin(), snap_.addresses.end(),
                              [&](const Address& a) { return a.cidr.addr == spec.cidr.addr; });
  if (present != snap_.addresses.end()) {
    if (prior_.HasAddress(spec.cidr)) return;  // ours, from an earlier stanza or ifup
    return Error("address " + present->cidr.str() + " is already on " + snap_.iface +
                 ", and ifupdown-token did not add it; remove it ('ip -6 addr del " +
                 present->cidr.str() + " dev " + snap_.iface + "') or drop it from the stanza",
                 {.address = spec.cidr.addr});
  }
  if (Value(Conf::kDisableIpv6))
    return Error("cannot add " + spec.cidr.str() + ": IPv6 is disabled on " + snap_.iface +
                 " (disable_ipv6=1); set net.ipv6.conf." + snap_.iface + ".disable_ipv6=0",
                 {.address = spec.cidr.addr});
  plan_.actions.push_back(AddAddress{spec});
}

// An earlier stanza brought the link up, so the kernel may already have built
// SLAAC addresses without the token; the kernel does not remove those itself.
// Only those: temporary addresses (use_tempaddr) and what another party
// added (a DHCPv6 lease) stay, so that a second run finds nothing to do.
void PreUpPlanner::PlanDropUntokenized() {
  if (!snap_.link.Up()) return;
  if (!live_)
    Warn(snap_.iface + " was already up when this stanza's pre-up ran (an earlier stanza brought "
       "it up), so addresses without the token may have appeared; put 'token' in the first "
       "stanza of " + snap_.iface);
  if (!o_.token) return;
  for (const Address& a : snap_.addresses) {
    if (a.KernelSlaac() && a.cidr.addr.Iid() != *o_.token) plan_.actions.push_back(DropAddress{a.cidr});
  }
}

Plan PreUpPlanner::Run() {
  if (auto why = DeviceRefusal(snap_)) {
    Error(*why);
    return plan_;
  }
  PlanSysctls();
  if (o_.token) PlanToken();
  else PlanClearToken();
  if (!in_ifup_) return plan_;
  PlanLinkLocal();
  for (const AddressSpec& a : o_.addresses) PlanAddress(a);
  PlanDropUntokenized();
  return plan_;
}

}  // namespace

bool Plan::Refused() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.level == Finding::kError; });
}

Plan PlanPreUp(const Options& o, const Snapshot& snap, const Record& prior) {
  return PreUpPlanner(o, snap, prior, true).Run();
}

Plan PlanApply(const Options& o, const Snapshot& snap, const Record& prior) {
  return PreUpPlanner(o, snap, prior, true, true).Run();
}

Plan PlanSetToken(const Options& o, const Snapshot& snap) {
  return PreUpPlanner(o, snap, Record{}, false).Run();
}

Plan PlanUp(const Options& o, const Snapshot& snap) {
  Plan plan;
  if (!snap.exists) {
    plan.findings.push_back({Finding::kError, "interface " + snap.iface + " does not exist"});
    return plan;
  }
  if (o.Owns() && o.gateway) plan.actions.push_back(AddRoute{Route{*o.gateway, o.metric.value_or(1024)}});
  if (o.token && snap.link.token != *o.token)
    plan.findings.push_back({Finding::kWarning, "the token on " + snap.iface + " is " +
        snap.link.token.str() + ", not the " + o.token->str() + " this stanza asks for: "
        "something changed it after pre-up", {"token"}});
  for (Finding& f : SilentTraps(o, snap)) plan.findings.push_back(std::move(f));
  return plan;
}

std::optional<Plan> PlanFailClosed(const Snapshot& snap, const Record& prior) {
  if (DeviceRefusal(snap)) return std::nullopt;  // no device, no IPv6, loopback...
  Plan plan;
  if (snap.link.addr_gen_mode != kGenNone)
    plan.actions.push_back(SetAddrGenMode{snap.link.addr_gen_mode, kGenNone});
  if (int autoconf = snap.link.Value(Conf::kAutoconf); autoconf != 0)
    plan.actions.push_back(SetSysctl{Conf::kAutoconf, autoconf, 0});
  if (!snap.link.Up()) return plan;
  // Already up (a device the implementation raised before pre-up): what the
  // kernel built from the MAC meanwhile goes; it was built for lack of our token.
  for (const Address& a : snap.addresses) {
    bool link_local = a.cidr.addr.IsLinkLocal() && a.cidr.len == 64;
    bool slaac = !a.Permanent() && !a.cidr.addr.IsLinkLocal() && a.scope == 0;
    if ((link_local || slaac) && !prior.HasAddress(a.cidr)) plan.actions.push_back(DropAddress{a.cidr});
  }
  return plan;
}

std::vector<In6> AwaitingDad(const Record& r, const Snapshot& snap) {
  std::vector<In6> out;
  for (const Address& a : snap.addresses)
    if (a.Tentative() && r.HasAddress(a.cidr)) out.push_back(a.cidr.addr);
  return out;
}

namespace {

// The live address of the record's `c` that is ours to remove: the one we
// added, or for one only intended (a kill or a lost answer came between the
// record and the kernel's answer) one that looks as ours do: permanent, and
// not the kernel's own (SLAAC or a link-local made it meanwhile).
const Address* OursOnLink(const Record& r, const Cidr& c, const Snapshot& snap) {
  for (const Address& a : snap.addresses) {
    if (a.cidr.addr != c.addr) continue;
    if (!r.Intended(c)) return &a;
    bool kernels = a.proto && *a.proto != IFAPROT_UNSPEC;
    return a.Permanent() && a.cidr.len == c.len && !kernels ? &a : nullptr;
  }
  return nullptr;
}

}  // namespace

Plan PlanUndo(const Record& r, const Snapshot& snap) {
  Plan plan;
  if (!snap.exists || snap.link.index != r.index) {
    plan.findings.push_back({Finding::kWarning, snap.iface + " is gone or was recreated since ifup; "
                                                "nothing of what ifup set is left to undo"});
    return plan;
  }
  for (const Route& route : r.routes) plan.actions.push_back(DelRoute{route});
  for (auto it = r.addresses.rbegin(); it != r.addresses.rend(); ++it)
    if (OursOnLink(r, *it, snap)) plan.actions.push_back(DelAddress{*it});
  if (r.addr_gen_mode && snap.link.addr_gen_mode != r.addr_gen_mode->from)
    plan.actions.push_back(SetAddrGenMode{snap.link.addr_gen_mode, r.addr_gen_mode->from});
  int accept_ra = snap.link.Value(Conf::kAcceptRa);
  if (r.token && snap.link.token != r.token->first) {
    bool bump = !RaAccepted(snap.link.Value(Conf::kForwarding), accept_ra);
    int bumped = snap.link.Value(Conf::kForwarding) ? 2 : 1;
    if (bump) plan.actions.push_back(SetSysctl{Conf::kAcceptRa, accept_ra, bumped});
    plan.actions.push_back(SetToken{snap.link.token, r.token->first});
    if (bump) plan.actions.push_back(SetSysctl{Conf::kAcceptRa, bumped, accept_ra});
  }
  for (auto it = r.sysctls.rbegin(); it != r.sysctls.rend(); ++it) {
    int live = snap.link.Value(it->conf);
    if (live != it->change.from) plan.actions.push_back(SetSysctl{it->conf, live, it->change.from});
  }
  return plan;
}

std::vector<std::string> NotUndone(const Record& r, const Snapshot& snap) {
  std::vector<std::string> left;
  if (!snap.exists || snap.link.index != r.index) return left;
  for (const Cidr& c : r.addresses)
    if (OursOnLink(r, c, snap)) left.push_back("address " + c.str() + " is still on " + snap.iface);
  if (r.token && snap.link.token != r.token->first)
    left.push_back("the token is " + snap.link.token.str() + ", not " + r.token->first.str());
  if (r.addr_gen_mode && snap.link.addr_gen_mode != r.addr_gen_mode->from)
    left.push_back(std::string("addr_gen_mode is ") + AddrGenModeName(snap.link.addr_gen_mode) +
                   ", not " + AddrGenModeName(r.addr_gen_mode->from));
  for (const Record::SysctlChange& s : r.sysctls)
    if (snap.link.Value(s.conf) != s.change.from)
      left.push_back(std::string(ConfName(s.conf)) + " is " + std::to_string(snap.link.Value(s.conf)) +
                     ", not " + std::to_string(s.change.from));
  return left;
}

}  // namespace ift
