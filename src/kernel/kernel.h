// The narrow interface to the kernel: one real implementation on libmnl
// (netlink.h), one fake for unit tests (fake_kernel.h). Everything above it is
// pure: given a Link and its Addresses, plans are computed without root.
#ifndef IFTOKEN_KERNEL_KERNEL_H_
#define IFTOKEN_KERNEL_KERNEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/addr.h"
#include "base/conf.h"

namespace ift {

// One address to add: RTM_NEWADDR's fields (rtnetlink(7)).
struct AddressSpec {
  Cidr cidr;
  bool nodad = false;
  uint32_t preferred = 0xffffffff;  // seconds; 0xffffffff is forever
  uint8_t scope = 0;                // RT_SCOPE_*
  // IFA_F_OPTIMISTIC (RFC 4429): usable while DAD runs. The kernel drops it
  // silently unless optimistic_dad is 1 (ipv6_allow_optimistic_dad), and
  // refuses it together with nodad.
  bool optimistic = false;
  bool operator==(const AddressSpec&) const = default;
};

// The kernel's own rules for a device name (dev_valid_name() and
// sysctl_dev_name_is_allowed()); empty when valid, else why not.
std::string InvalidIfaceName(const std::string& name);

// What the kernel said: 0 or a positive errno, and the extended-ack text if
// the kernel gave one (5.12+).
struct Status {
  int err = 0;
  std::string extack;
  bool ok() const { return err == 0; }
  static Status Errno(int e, std::string text = "") { return Status{e, std::move(text)}; }
};

// One RTM_NEWLINK answer: the device and its IPv6 settings.
struct Link {
  int index = 0;
  unsigned flags = 0;  // IFF_*
  unsigned mtu = 0;
  bool has_inet6 = false;     // an inet6_dev exists (MTU >= 1280, IPv6 enabled)
  std::vector<int32_t> conf;  // IFLA_INET6_CONF: as long as the kernel sent
  In6 token;
  int addr_gen_mode = 0;

  std::optional<int> Get(Conf c) const {
    size_t i = size_t(c);
    return i < conf.size() ? std::optional<int>(conf[i]) : std::nullopt;
  }
  int Value(Conf c) const { return Get(c).value_or(0); }
  bool Up() const;
};

struct Address {
  Cidr cidr;
  uint32_t flags = 0;  // IFA_F_*
  uint8_t scope = 0;
  uint32_t preferred = 0xffffffff, valid = 0xffffffff;
  // IFA_CACHEINFO's cstamp: when the kernel made it, in hundredths of a
  // second since boot (cstamp_delta() in net/ipv6/addrconf.c); 0: unknown.
  uint32_t created = 0;
  // IFA_PROTO (IFAPROT_*): who made it. Linux 5.18+ sends it with every IPv6
  // address (inet6_fill_ifaddr()), 0 for one that user space added; older
  // kernels never do (nullopt).
  std::optional<uint8_t> proto;
  bool Tentative() const;
  bool DadFailed() const;
  bool Permanent() const;
  // The kernel built it by SLAAC from an advertised prefix
  // (addrconf_prefix_rcv_add_addr()): not a temporary address (RFC 8981), not
  // a DHCPv6 lease, not one that any tool added.
  bool KernelSlaac() const;
  // The kernel built it as the device's link-local (addrconf_add_linklocal()).
  bool KernelLinkLocal() const;
};

struct Route {
  In6 gateway;
  uint32_t metric = 1024;  // the kernel's default for IPv6
  bool operator==(const Route&) const = default;
};

// "permanent,tentative,..." for IFA_F_* flags, as `ip` names them.
std::string AddressFlagNames(uint32_t flags);
std::string LifetimeText(uint32_t seconds);  // "forever" or "86400s"

// One IPv6 address event (RTNLGRP_IPV6_IFADDR): an address appeared or
// changed (RTM_NEWADDR), or went (RTM_DELADDR).
struct AddressEvent {
  bool removed = false;
  int index = 0;
  Address address;
};

// One prefix of a router advertisement, as the kernel received it
// (RTM_NEWPREFIX on RTNLGRP_IPV6_PREFIX): addrconf_prefix_rcv() sends it for
// each prefix information option it accepts, but not for one with the
// autonomous flag whose length is not 64 (it returns before).
struct PrefixEvent {
  int index = 0;
  Cidr prefix;
  bool onlink = false;
  bool autonomous = false;  // the A flag (RFC 4861 §4.6.2)
  uint32_t preferred = 0, valid = 0;
};

// A route an advertisement made (protocol RTPROT_RA, RTNLGRP_IPV6_ROUTE):
// the default route (rt6_add_dflt_router()) or a prefix's on-link route
// (addrconf_prefix_route()). What shows an advertisement without prefixes.
struct RaRouteEvent {
  bool removed = false;
  int index = 0;
  Cidr dst;  // ::/0 for the default route
  In6 gateway;
};

// One device of a link dump: its name and hardware address (IFLA_IFNAME,
// IFLA_ADDRESS; empty for a device without one) besides the Link.
struct LinkEntry {
  std::string name;
  std::vector<uint8_t> mac;
  Link link;
};

// One address of an address dump, with its interface's index.
struct IndexedAddress {
  int index = 0;
  Address address;
};

using KernelEvent = std::variant<AddressEvent, PrefixEvent, RaRouteEvent>;

// The multicast groups a watch joins: a bit each.
enum EventGroup : unsigned { kAddressEvents = 1, kPrefixEvents = 2, kRaRouteEvents = 4 };

class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual Status GetLink(const std::string& name, Link* link) = 0;  // ENODEV if missing
  virtual Status GetAddresses(int index, std::vector<Address>* out) = 0;
  // A whole host in two requests, however many interfaces: every device
  // (one RTM_GETLINK dump; AF_UNSPEC answers carry IFLA_AF_SPEC's AF_INET6
  // part, token and settings, from inet6_fill_link_af()) and every IPv6
  // address (one RTM_GETADDR dump).
  virtual Status DumpLinks(std::vector<LinkEntry>* out) = 0;
  virtual Status DumpAddresses(std::vector<IndexedAddress>* out) = 0;
  // dir is an interface name or "all"; an empty value means the file is absent.
  virtual Status ReadSysctl(const std::string& dir, const char* key, std::string* value) = 0;
  virtual Status WriteSysctl(const std::string& iface, const char* key, int value) = 0;
  virtual Status SetToken(int index, const In6& token) = 0;
  virtual Status SetAddrGenMode(int index, int mode) = 0;
  virtual Status AddAddress(int index, const AddressSpec& spec) = 0;
  virtual Status DelAddress(int index, const Cidr& cidr) = 0;
  // Adds the default route via route.gateway on `index`, next to any other
  // of the same metric (an ECMP sibling or a second route), replacing none:
  // IPv6 would replace by destination and metric whatever its device
  // (fib6_add_rt2node()). EEXIST when this very route is there already.
  virtual Status AddRoute(int index, const Route& route) = 0;
  virtual Status DelRoute(int index, const Route& route) = 0;
  // Subscribes to the events of `groups` (EventGroup bits): from here on,
  // NextEvent returns every one, in order.
  virtual Status Watch(unsigned groups) = 0;
  // The next event within timeout_ms; ETIMEDOUT when none came.
  virtual Status NextEvent(int timeout_ms, KernelEvent* event) = 0;
};

// Everything a plan needs to know about one interface, read once.
struct Snapshot {
  std::string iface;
  bool exists = false;
  bool ipv6_available = true;  // /proc/sys/net/ipv6 exists (no ipv6.disable=1)
  Link link;
  std::vector<Address> addresses;
  int all_forwarding = 0;
  bool stable_secret = false;  // a stable_secret is set (dev or default)
};

// Reads the snapshot; a missing interface is a Snapshot with exists=false.
Status TakeSnapshot(Kernel& kernel, const std::string& iface, Snapshot* snap);

}  // namespace ift

#endif  // IFTOKEN_KERNEL_KERNEL_H_
