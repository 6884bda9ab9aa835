// The per-interface IPv6 settings the product reads and writes. Each is both a
// sysctl under /proc/sys/net/ipv6/conf/IFACE/ and an index into the kernel's
// IFLA_INET6_CONF array (enum DEVCONF_* in linux/ipv6.h, append-only ABI), so a
// value can be read with the one RTM_GETLINK and written through /proc.
#ifndef IFTOKEN_BASE_CONF_H_
#define IFTOKEN_BASE_CONF_H_

#include <optional>
#include <string_view>

namespace ift {

enum class Conf {
  kForwarding = 0,
  kAcceptRa = 3,
  kAutoconf = 5,
  kDadTransmits = 6,
  kRouterSolicitations = 7,
  kUseTempaddr = 10,
  kOptimisticDad = 23,
  kDisableIpv6 = 26,
  kAcceptDad = 27,
  kUseOptimistic = 34,
  kAddrGenMode = 47,
};

// The sysctl's file name, e.g. "router_solicitations" (not the DEVCONF name).
const char* ConfName(Conf c);
// The setting of that sysctl file name, or nullopt: "accept_ra" -> kAcceptRa.
std::optional<Conf> ConfNamed(std::string_view name);

// addr_gen_mode values (IN6_ADDR_GEN_MODE_*).
enum AddrGenMode { kGenEui64 = 0, kGenNone = 1, kGenStablePrivacy = 2, kGenRandom = 3 };
const char* AddrGenModeName(int mode);

}  // namespace ift

#endif  // IFTOKEN_BASE_CONF_H_
