// What the Kernel interface shares: the snapshot, the device-name rule, flag names.
#include "kernel/kernel.h"

#include <linux/if_addr.h>
#include <net/if.h>

#include <cerrno>

namespace ift {

bool Link::Up() const { return flags & IFF_UP; }
bool Address::Tentative() const { return flags & IFA_F_TENTATIVE; }
bool Address::DadFailed() const { return flags & IFA_F_DADFAILED; }
bool Address::Permanent() const { return flags & IFA_F_PERMANENT; }

namespace {

// The interface identifiers the kernel builds without a token
// (addrconf_addr_gen(), addrconf_prefix_rcv_add_addr()): EUI-64 from the
// MAC (ipv6_generate_eui64(): ff:fe in the middle, RFC 4291 appendix A) or a
// stable/random one, which the kernel flags IFA_F_STABLE_PRIVACY. What a
// kernel before 5.18 (no IFA_PROTO) leaves to tell its addresses from others.
bool KernelIid(const Address& a) {
  const auto& b = a.cidr.addr.b;
  return (a.flags & IFA_F_STABLE_PRIVACY) || (b[11] == 0xff && b[12] == 0xfe);
}

}  // namespace

// Temporary addresses carry IFAPROT_UNSPEC (ipv6_create_tempaddr() sets no
// protocol) and IFA_F_TEMPORARY; a DHCPv6 client's lease is added by user
// space (IFAPROT_UNSPEC), mostly as a /128 with finite lifetimes.
bool Address::KernelSlaac() const {
  if (flags & (IFA_F_TEMPORARY | IFA_F_PERMANENT) || scope != 0 || cidr.addr.IsLinkLocal())
    return false;
  if (proto) return *proto == IFAPROT_KERNEL_RA;
  return cidr.len == 64 && KernelIid(*this);
}

bool Address::KernelLinkLocal() const {
  if (!cidr.addr.IsLinkLocal() || cidr.len != 64 || !Permanent()) return false;
  if (proto) return *proto == IFAPROT_KERNEL_LL;
  return KernelIid(*this);
}

std::string AddressFlagNames(uint32_t flags) {
  static const struct { uint32_t bit; const char* name; } kNames[] = {
      {IFA_F_TEMPORARY, "temporary"}, {IFA_F_NODAD, "nodad"}, {IFA_F_OPTIMISTIC, "optimistic"},
      {IFA_F_DADFAILED, "dadfailed"}, {IFA_F_HOMEADDRESS, "home"}, {IFA_F_DEPRECATED, "deprecated"},
      {IFA_F_TENTATIVE, "tentative"}, {IFA_F_PERMANENT, "permanent"},
      {IFA_F_MANAGETEMPADDR, "mngtmpaddr"}, {IFA_F_NOPREFIXROUTE, "noprefixroute"},
      {IFA_F_MCAUTOJOIN, "autojoin"}, {IFA_F_STABLE_PRIVACY, "stable-privacy"}};
  // As `ip` says it: an address the kernel may expire is "dynamic".
  std::string out = flags & IFA_F_PERMANENT ? "" : "dynamic";
  for (const auto& n : kNames)
    if (flags & n.bit) out += (out.empty() ? "" : ",") + std::string(n.name);
  return out;
}

std::string LifetimeText(uint32_t seconds) {
  return seconds == 0xffffffff ? "forever" : std::to_string(seconds) + "s";
}

std::string InvalidIfaceName(const std::string& name) {
  if (name.empty()) return "it is empty";
  if (name.size() > 15) return "it is longer than 15 bytes (IFNAMSIZ)";
  if (name == "." || name == "..") return "it is '.' or '..'";
  if (name == "all" || name == "default")
    return "'all' and 'default' name the sysctl defaults, not a device";
  for (unsigned char c : name)
    if (c == '/' || c == ':' || isspace(c)) return "it contains '/', ':' or whitespace";
  return "";
}

Status TakeSnapshot(Kernel& kernel, const std::string& iface, Snapshot* snap) {
  snap->iface = iface;
  std::string value;
  snap->ipv6_available = kernel.ReadSysctl("all", "forwarding", &value).ok() && !value.empty();
  snap->all_forwarding = atoi(value.c_str());
  Status s = kernel.GetLink(iface, &snap->link);
  if (s.err == ENODEV) return Status{};
  if (!s.ok()) return s;
  snap->exists = true;
  if (snap->link.has_inet6) {
    // Reading stable_secret fails with EIO while it is unset.
    snap->stable_secret = (kernel.ReadSysctl(iface, "stable_secret", &value).ok() && !value.empty()) ||
                          (kernel.ReadSysctl("default", "stable_secret", &value).ok() && !value.empty());
  }
  return kernel.GetAddresses(snap->link.index, &snap->addresses);
}

}  // namespace ift
