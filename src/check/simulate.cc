// `ifup IFACE` simulated on a Snapshot, stanza by stanza: plan, method, up commands.
#include "check/simulate.h"

#include <linux/if_addr.h>
#include <net/if.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <utility>

#include "base/overloaded.h"
#include "check/ip_commands.h"
#include "pipeline/hook_options.h"

namespace ift {
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

// As the kernel adds it: permanent, tentative until DAD unless nodad;
// optimistic only where optimistic_dad allows it (ipv6_allow_optimistic_dad).
void AddTo(Snapshot& s, const AddressSpec& spec) {
  if (Has(s, spec.cidr.addr)) return;
  Address a;
  a.cidr = spec.cidr;
  a.flags = IFA_F_PERMANENT | (spec.nodad ? IFA_F_NODAD : IFA_F_TENTATIVE);
  if (spec.optimistic && s.link.Value(Conf::kOptimisticDad)) a.flags |= IFA_F_OPTIMISTIC;
  a.scope = spec.cidr.addr.IsLinkLocal() ? 253 : spec.scope;  // RT_SCOPE_LINK
  a.preferred = spec.preferred;
  s.addresses.push_back(a);
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
  HookOptionsOf h = HookOptions(s);
  t.opted_in = h.ours;
  if (!t.opted_in) return t;
  t.parsed = std::move(h.parsed);
  if (t.parsed.ok()) t.plan = PlanPreUp(t.parsed.options, now, prior);
  return t;
}

}  // namespace

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
               },
               action);
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

Snapshot UnseenInterface(Kernel* kernel, const Snapshot& probe) {
  Snapshot s = probe;
  s.exists = true;
  s.link = Link{};
  s.link.mtu = 1500;
  s.link.has_inet6 = true;
  s.link.conf.assign(60, 0);  // IFLA_INET6_CONF's length on 6.18
  // Where default.* cannot be read: the kernel's ipv6_devconf_dflt
  // (net/ipv6/addrconf.c), which ipv6_add_dev() copies to a new device, and
  // all.forwarding, which addrconf_fixup_forwarding() writes to default too.
  const std::pair<Conf, int> kDefaults[] = {{Conf::kForwarding, s.all_forwarding},
                                            {Conf::kAcceptRa, 1},
                                            {Conf::kAutoconf, 1},
                                            {Conf::kDadTransmits, 1},
                                            {Conf::kRouterSolicitations, -1},
                                            {Conf::kUseTempaddr, 0},
                                            {Conf::kOptimisticDad, 0},
                                            {Conf::kDisableIpv6, 0},
                                            {Conf::kAcceptDad, 1},
                                            {Conf::kUseOptimistic, 0},
                                            {Conf::kAddrGenMode, 0}};
  std::string value;
  for (const auto& [conf, fallback] : kDefaults) {
    bool read = kernel && kernel->ReadSysctl("default", ConfName(conf), &value).ok() && !value.empty();
    SetConf(s.link, conf, read ? atoi(value.c_str()) : fallback);
  }
  s.link.addr_gen_mode = s.link.Value(Conf::kAddrGenMode);
  s.stable_secret =
      kernel && kernel->ReadSysctl("default", "stable_secret", &value).ok() && !value.empty();
  s.addresses.clear();
  return s;
}

std::string DescribeMethod(const StanzaTurn& t) {
  std::vector<std::string> parts;
  std::string writes;
  for (const auto& [conf, value] : t.method.sysctls)
    writes += (writes.empty() ? "writes " : ", ") + std::string(ConfName(conf)) + " " +
              std::to_string(value);
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

}  // namespace ift
