// The IPv6 settings (net.ipv6.conf.IFACE.*) by name, and addr_gen_mode's names.
#include "base/conf.h"

namespace ift {

const char* ConfName(Conf c) {
  switch (c) {
    case Conf::kForwarding: return "forwarding";
    case Conf::kAcceptRa: return "accept_ra";
    case Conf::kAutoconf: return "autoconf";
    case Conf::kDadTransmits: return "dad_transmits";
    case Conf::kRouterSolicitations: return "router_solicitations";
    case Conf::kUseTempaddr: return "use_tempaddr";
    case Conf::kOptimisticDad: return "optimistic_dad";
    case Conf::kDisableIpv6: return "disable_ipv6";
    case Conf::kAcceptDad: return "accept_dad";
    case Conf::kUseOptimistic: return "use_optimistic";
    case Conf::kAddrGenMode: return "addr_gen_mode";
  }
  return "?";
}

std::optional<Conf> ConfNamed(std::string_view name) {
  for (int i = 0; i < 64; ++i)  // the DEVCONF_* indexes, whichever ConfName() knows
    if (name == ConfName(Conf(i))) return Conf(i);
  return std::nullopt;
}

const char* AddrGenModeName(int mode) {
  switch (mode) {
    case kGenEui64: return "eui64";
    case kGenNone: return "none";
    case kGenStablePrivacy: return "stable-privacy";
    case kGenRandom: return "random";
  }
  return "unknown";
}

}  // namespace ift
