// A Kernel in memory for unit tests, enforcing the kernel's rules the product
// depends on, each written here from the kernel's own code and not shared
// with the product (inet6_set_iftoken()'s EINVALs, inet6_addr_add()'s EEXIST
// and EACCES, routes on down links), and able to fail the N-th change on
// demand to exercise undo.
#ifndef IFTOKEN_TESTING_FAKE_KERNEL_H_
#define IFTOKEN_TESTING_FAKE_KERNEL_H_

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "kernel/kernel.h"

namespace ift {

class FakeKernel : public Kernel {
 public:
  struct Device {
    Link link;
    std::vector<uint8_t> mac;  // none unless a test gives one
    std::vector<Address> addresses;
    std::vector<Route> routes;
  };

  // A device with the kernel's defaults (ipv6_devconf_dflt in
  // net/ipv6/addrconf.c): accept_ra 1, autoconf 1,
  // router_solicitations -1, down, MTU 1500, a 60-entry IFLA_INET6_CONF.
  Device& AddDevice(const std::string& name, int index);
  Device& Dev(const std::string& name) { return devices.at(name); }
  void SetConf(const std::string& name, Conf c, int value) { Dev(name).link.conf[size_t(c)] = value; }

  std::map<std::string, Device> devices;
  int all_forwarding = 0;
  bool ipv6_available = true;
  bool stable_secret = false;
  std::vector<std::string> calls;  // every change, described, in order
  int fail_change = -1;            // 0-based index of the change that fails
  Status failure = Status::Errno(EIO, "injected failure");
  int lose_reply_at = -1;  // this change is made, but its caller gets ETIMEDOUT
  // SIGKILL at this change, before the kernel makes it or (kill_after) after:
  // the fake throws Killed, which no code of the product catches.
  struct Killed {};
  int kill_at = -1;
  bool kill_after = false;
  int fail_reads = 0;  // so many next GetLinks answer EIO
  // Another party (SLAAC, a DHCPv6 client) adds this address to `device`
  // just before change `at` reaches the kernel.
  struct Appearance { int at = -1; std::string device; Address address; };
  Appearance appears;
  // The kernel's DAD, as address events: once watched, each tentative
  // address of a device finishes DAD (kDone), fails it (kFailed: tentative
  // and dadfailed, RFC 4862 §5.4.5) or never finishes (kTimedOut: no event).
  // `events` are delivered first, as they are.
  enum class Dad { kDone, kFailed, kTimedOut };
  Dad dad = Dad::kDone;
  // Delivered only to a watch of their group, as the kernel's multicast is.
  std::deque<KernelEvent> events;
  // So many next NextEvents overflow, as a busy host's socket does: the kernel
  // drops what was queued (the events of a DAD that ended meanwhile too; the
  // changes a queued address event tells are made) and the receive answers
  // ENOBUFS (netlink_overrun()).
  int overflows = 0;
  int watch_calls = 0;
  unsigned watched = 0;  // the groups of the last Watch

  // A router advertisement with one prefix option arriving at device `name`,
  // as ndisc_router_discovery() and addrconf_prefix_rcv() treat it, queued
  // as the events the kernel would send: the default route (router lifetime
  // > 0), the prefix's on-link route, RTM_NEWPREFIX (not for an autonomous
  // prefix whose length is not 64), and, with autonomous, /64, autoconf 1
  // and a token, the address once DAD ends as `dad` says (none while
  // tentative; a failed one is deleted: RTM_DELADDR with dadfailed).
  struct Advert {
    Cidr prefix;
    bool onlink = true, autonomous = true;
    In6 router = *In6::Parse("fe80::1");
  };
  void Advertise(const std::string& name, const Advert& ra);

  Status GetLink(const std::string& name, Link* link) override;
  Status GetAddresses(int index, std::vector<Address>* out) override;
  Status DumpLinks(std::vector<LinkEntry>* out) override;
  Status DumpAddresses(std::vector<IndexedAddress>* out) override;
  int dumps = 0;  // DumpLinks and DumpAddresses calls
  int reads = 0;  // GetLink and GetAddresses calls
  Status ReadSysctl(const std::string& dir, const char* key, std::string* value) override;
  Status WriteSysctl(const std::string& iface, const char* key, int value) override;
  Status SetToken(int index, const In6& token) override;
  Status SetAddrGenMode(int index, int mode) override;
  Status AddAddress(int index, const AddressSpec& spec) override;
  Status DelAddress(int index, const Cidr& cidr) override;
  Status AddRoute(int index, const Route& route) override;
  Status DelRoute(int index, const Route& route) override;
  Status Watch(unsigned groups) override;
  Status NextEvent(int timeout_ms, KernelEvent* event) override;

 private:
  Device* ByIndex(int index);
  bool Change(const std::string& what, Status* injected);
  bool FinishDad(AddressEvent* event);
  bool Watched(const KernelEvent& e) const;
  Status Done();
  bool watching_ = false;
};

}  // namespace ift

#endif  // IFTOKEN_TESTING_FAKE_KERNEL_H_
