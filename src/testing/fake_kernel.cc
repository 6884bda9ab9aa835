// The fake kernel: devices, addresses and routes in memory, with the kernel's rules.
#include "testing/fake_kernel.h"

#include <linux/if_addr.h>
#include <net/if.h>

#include <algorithm>
#include <cerrno>


namespace ift {

FakeKernel::Device& FakeKernel::AddDevice(const std::string& name, int index) {
  Device& d = devices[name];
  d.link.index = index;
  d.link.mtu = 1500;
  d.link.has_inet6 = true;
  d.link.conf.assign(60, 0);
  d.link.conf[size_t(Conf::kAcceptRa)] = 1;
  d.link.conf[size_t(Conf::kAutoconf)] = 1;
  d.link.conf[size_t(Conf::kRouterSolicitations)] = -1;
  d.link.conf[size_t(Conf::kDadTransmits)] = 1;
  d.link.conf[size_t(Conf::kAcceptDad)] = 1;
  return d;
}

FakeKernel::Device* FakeKernel::ByIndex(int index) {
  for (auto& [name, d] : devices)
    if (d.link.index == index) return &d;
  return nullptr;
}

bool FakeKernel::Change(const std::string& what, Status* injected) {
  int n = int(calls.size());
  if (n == kill_at && !kill_after) throw Killed{};
  if (n == appears.at) Dev(appears.device).addresses.push_back(appears.address);
  bool fail = n == fail_change;
  calls.push_back(what);
  if (fail) *injected = failure;
  return !fail;
}

// The answer to the change just made: the kernel made it, and then the
// reply is lost (a timeout) or the process is killed before it reads it.
Status FakeKernel::Done() {
  int n = int(calls.size()) - 1;
  if (n == kill_at && kill_after) throw Killed{};
  if (n == lose_reply_at) return Status::Errno(ETIMEDOUT);
  return Status{};
}

Status FakeKernel::GetLink(const std::string& name, Link* link) {
  ++reads;
  if (fail_reads > 0) return --fail_reads, Status::Errno(EIO);
  auto it = devices.find(name);
  if (it == devices.end()) return Status::Errno(ENODEV);
  *link = it->second.link;
  return Status{};
}

Status FakeKernel::GetAddresses(int index, std::vector<Address>* out) {
  ++reads;
  Device* d = ByIndex(index);
  if (!d) return Status::Errno(ENODEV);
  *out = d->addresses;
  return Status{};
}

Status FakeKernel::DumpLinks(std::vector<LinkEntry>* out) {
  ++dumps;
  if (fail_reads > 0) return --fail_reads, Status::Errno(EIO);
  out->clear();
  for (const auto& [name, d] : devices) out->push_back({name, d.mac, d.link});
  return Status{};
}

Status FakeKernel::DumpAddresses(std::vector<IndexedAddress>* out) {
  ++dumps;
  out->clear();
  for (const auto& [name, d] : devices)
    for (const Address& a : d.addresses) out->push_back({d.link.index, a});
  return Status{};
}

Status FakeKernel::ReadSysctl(const std::string& dir, const char* key, std::string* value) {
  value->clear();
  if (!ipv6_available) return Status::Errno(ENOENT);
  std::string k = key;
  if (k == "stable_secret") return stable_secret ? (*value = "::1", Status{}) : Status::Errno(EIO);
  if (dir == "all" && k == "forwarding") return *value = std::to_string(all_forwarding), Status{};
  auto it = devices.find(dir);
  if (it == devices.end()) return Status::Errno(ENOENT);
  for (int c = 0; c < 60; ++c)
    if (k == ConfName(Conf(c))) return *value = std::to_string(it->second.link.conf[c]), Status{};
  return Status::Errno(ENOENT);
}

Status FakeKernel::WriteSysctl(const std::string& iface, const char* key, int value) {
  Status s;
  if (!Change("sysctl " + iface + " " + key + "=" + std::to_string(value), &s)) return s;
  auto it = devices.find(iface);
  if (it == devices.end()) return Status::Errno(ENOENT);
  for (int c = 0; c < 60; ++c)
    if (std::string(key) == ConfName(Conf(c))) return it->second.link.conf[c] = value, Done();
  return Status::Errno(ENOENT);
}

// inet6_set_iftoken(), in the kernel's order.
Status FakeKernel::SetToken(int index, const In6& token) {
  Status s;
  if (!Change("token " + token.str(), &s)) return s;
  Device* d = ByIndex(index);
  if (!d) return Status::Errno(ENODEV);
  const Link& l = d->link;
  if (!l.has_inet6) return Status::Errno(EAFNOSUPPORT);
  if (l.flags & IFF_LOOPBACK) return Status::Errno(EINVAL, "ipv6: Device is loopback");
  if (l.flags & IFF_NOARP) return Status::Errno(EINVAL, "ipv6: Device does not do neighbour discovery");
  // ipv6_accept_ra() (include/net/ipv6.h), written out here rather than
  // shared with the product's rules, so that a wrong rule there fails a test.
  int accept_ra = l.Value(Conf::kAcceptRa);
  bool ra_accepted = l.Value(Conf::kForwarding) ? accept_ra == 2 : accept_ra == 1 || accept_ra == 2;
  if (!ra_accepted)
    return Status::Errno(EINVAL, "ipv6: Router advertisement is disabled on device");
  if (l.Value(Conf::kRouterSolicitations) == 0)
    return Status::Errno(EINVAL, "Router solicitation is disabled on device");
  d->link.token = token.Iid();
  return Done();
}

Status FakeKernel::SetAddrGenMode(int index, int mode) {
  Status s;
  if (!Change("addr_gen_mode " + std::to_string(mode), &s)) return s;
  Device* d = ByIndex(index);
  if (!d) return Status::Errno(ENODEV);
  if (mode == kGenStablePrivacy && !stable_secret) return Status::Errno(EINVAL);
  d->link.addr_gen_mode = mode;
  return Done();
}

Status FakeKernel::AddAddress(int index, const AddressSpec& spec) {
  Status s;
  if (!Change("add " + spec.cidr.str(), &s)) return s;
  Device* d = ByIndex(index);
  if (!d) return Status::Errno(ENODEV);
  if (d->link.Value(Conf::kDisableIpv6)) return Status::Errno(EACCES, "ipv6: IPv6 is disabled on this device");
  for (const Address& a : d->addresses)
    if (a.cidr.addr == spec.cidr.addr) return Status::Errno(EEXIST, "ipv6: address already assigned");
  // inet6_rtm_newaddr(): IFA_F_OPTIMISTIC is dropped unless optimistic_dad
  // (ipv6_allow_optimistic_dad(); `all` is not modelled), and then refused
  // together with IFA_F_NODAD.
  bool optimistic = spec.optimistic && d->link.Value(Conf::kOptimisticDad);
  if (optimistic && spec.nodad)
    return Status::Errno(EINVAL, "IFA_F_NODAD and IFA_F_OPTIMISTIC are mutually exclusive");
  Address a{spec.cidr, uint32_t(IFA_F_PERMANENT | (spec.nodad ? IFA_F_NODAD : IFA_F_TENTATIVE)), spec.scope};
  if (optimistic) a.flags |= IFA_F_OPTIMISTIC;
  a.preferred = spec.preferred;
  d->addresses.push_back(a);
  return Done();
}

Status FakeKernel::DelAddress(int index, const Cidr& cidr) {
  Status s;
  if (!Change("del " + cidr.str(), &s)) return s;
  Device* d = ByIndex(index);
  if (!d) return Status::Errno(ENODEV);
  auto n = std::erase_if(d->addresses, [&](const Address& a) { return a.cidr.addr == cidr.addr; });
  return n ? Done() : Status::Errno(EADDRNOTAVAIL, "ipv6: address not found");
}

// fib6_nh_init(): a gateway needs the link up and a route that covers it.
Status FakeKernel::AddRoute(int index, const Route& route) {
  Status s;
  if (!Change("route " + route.gateway.str(), &s)) return s;
  Device* d = ByIndex(index);
  if (!d) return Status::Errno(ENODEV);
  if (!d->link.Up()) return Status::Errno(route.gateway.IsLinkLocal() ? ENETDOWN : EHOSTUNREACH);
  bool covered = route.gateway.IsLinkLocal() ||
                 std::any_of(d->addresses.begin(), d->addresses.end(), [&](const Address& a) {
                   return a.cidr.addr.Masked(a.cidr.len) == route.gateway.Masked(a.cidr.len);
                 });
  if (!covered) return Status::Errno(EHOSTUNREACH);
  // fib6_add_rt2node() without NLM_F_REPLACE: the same gateway and metric on
  // the same device is EEXIST; a route of another device is never touched.
  if (std::find(d->routes.begin(), d->routes.end(), route) != d->routes.end())
    return Status::Errno(EEXIST, "");
  d->routes.push_back(route);
  return Done();
}

Status FakeKernel::DelRoute(int index, const Route& route) {
  Status s;
  if (!Change("delroute " + route.gateway.str(), &s)) return s;
  Device* d = ByIndex(index);
  if (!d) return Status::Errno(ENODEV);
  return std::erase(d->routes, route) ? Done() : Status::Errno(ESRCH);
}

Status FakeKernel::Watch(unsigned groups) {
  ++watch_calls;
  watched = groups;
  watching_ = true;
  return Status{};
}

bool FakeKernel::Watched(const KernelEvent& e) const {
  unsigned group = e.index() == 0   ? kAddressEvents
                   : e.index() == 1 ? kPrefixEvents
                                    : kRaRouteEvents;
  return watched & group;
}

void FakeKernel::Advertise(const std::string& name, const Advert& ra) {
  Device& d = Dev(name);
  int index = d.link.index;
  const Link& l = d.link;
  // ipv6_accept_ra(), written out again (see SetToken).
  int accept_ra = l.Value(Conf::kAcceptRa);
  if (l.Value(Conf::kForwarding) ? accept_ra != 2 : accept_ra == 0) return;
  events.push_back(RaRouteEvent{false, index, Cidr{In6{}, 0}, ra.router});
  if (ra.onlink) events.push_back(RaRouteEvent{false, index, ra.prefix, In6{}});
  bool slaac = ra.autonomous && l.Value(Conf::kAutoconf);
  if (slaac && ra.prefix.len != 64) return;  // "prefix with wrong length": no notification
  PrefixEvent p{index, ra.prefix, ra.onlink, ra.autonomous, 14400, 86400};
  if (!slaac || l.token.IsZero()) return events.push_back(p);
  // The address is made (tentative, unannounced) before the notification.
  Address a{Cidr{ra.prefix.addr.WithIid(l.token), 64}, IFA_F_MANAGETEMPADDR, 0, 14400, 86400};
  events.push_back(p);
  if (dad == Dad::kTimedOut)
    return d.addresses.push_back(Address{a.cidr, a.flags | IFA_F_TENTATIVE});
  if (dad == Dad::kFailed) {
    events.push_back(
        AddressEvent{true, index, Address{a.cidr, a.flags | IFA_F_TENTATIVE | IFA_F_DADFAILED}});
    return;
  }
  d.addresses.push_back(a);
  events.push_back(AddressEvent{false, index, a});
}

// One tentative address ends its DAD the way `dad` says: the event the
// kernel sends then (addrconf_dad_completed() or addrconf_dad_failure()).
bool FakeKernel::FinishDad(AddressEvent* event) {
  if (dad == Dad::kTimedOut) return false;
  for (auto& [name, d] : devices) {
    for (Address& a : d.addresses) {
      if (!(a.flags & IFA_F_TENTATIVE) || (a.flags & IFA_F_DADFAILED)) continue;
      // Either way the address is no longer optimistic (addrconf_dad_completed(),
      // addrconf_dad_stop()).
      a.flags &= ~IFA_F_OPTIMISTIC;
      if (dad == Dad::kDone) a.flags &= ~IFA_F_TENTATIVE;
      else a.flags |= IFA_F_DADFAILED;
      *event = AddressEvent{false, d.link.index, a};
      return true;
    }
  }
  return false;
}

Status FakeKernel::NextEvent(int, KernelEvent* event) {
  if (!watching_) return Status::Errno(EBADF);
  if (overflows > 0) {
    --overflows;
    for (const KernelEvent& e : events)  // what a lost address event said stays so
      if (const auto* a = std::get_if<AddressEvent>(&e); a && ByIndex(a->index)) {
        auto& list = ByIndex(a->index)->addresses;
        std::erase_if(list, [&](const Address& x) { return x.cidr.addr == a->address.cidr.addr; });
        if (!a->removed) list.push_back(a->address);
      }
    events.clear();
    for (AddressEvent lost; (watched & kAddressEvents) && FinishDad(&lost);) {}
    return Status::Errno(ENOBUFS);
  }
  while (!events.empty()) {
    KernelEvent e = events.front();
    events.pop_front();
    if (Watched(e)) return *event = e, Status{};
  }
  AddressEvent a;
  if (!(watched & kAddressEvents) || !FinishDad(&a)) return Status::Errno(ETIMEDOUT);
  *event = a;
  return Status{};
}

}  // namespace ift
