// The kernel's refusals, predicted from a snapshot and explained after the fact.
#include "pipeline/rules.h"

#include <net/if.h>

#include <cerrno>
#include <cstring>

namespace ift {

TokenSettings CurrentTokenSettings(const Snapshot& snap) {
  TokenSettings s;
  s.forwarding = snap.link.Value(Conf::kForwarding);
  s.accept_ra = snap.link.Value(Conf::kAcceptRa);
  s.router_solicitations = snap.link.Get(Conf::kRouterSolicitations).value_or(-1);
  s.forwarding_from = ForwardingSource(snap, false);
  s.accept_ra_from = "net.ipv6.conf." + snap.iface + ".accept_ra";
  return s;
}

std::string ForwardingSource(const Snapshot& snap, bool from_stanza) {
  if (from_stanza) return "this stanza's 'ipv6-forwarding 1'";
  if (snap.all_forwarding)
    return "net.ipv6.conf.all.forwarding=1, which the kernel copies to every interface";
  return "net.ipv6.conf." + snap.iface + ".forwarding=1, set on the interface";
}

std::optional<std::string> DeviceRefusal(const Snapshot& snap) {
  const std::string& i = snap.iface;
  if (!snap.ipv6_available)
    return "IPv6 is disabled on this host (/proc/sys/net/ipv6 is absent: booted with "
           "ipv6.disable=1); remove that kernel parameter and reboot";
  if (!snap.exists) return "interface " + i + " does not exist; check the name in the stanza";
  if (!snap.link.has_inet6) {
    if (snap.link.mtu < 1280)
      return i + " has no IPv6: its MTU " + std::to_string(snap.link.mtu) +
             " is below IPv6's minimum of 1280; set 'mtu 1280' or more on the link first";
    return i + " has no IPv6 configuration (no inet6 device); check disable_ipv6 and the MTU";
  }
  if (snap.link.flags & IFF_LOOPBACK)
    return i + " is a loopback device; tokens do not apply to loopback";
  if (snap.link.flags & IFF_NOARP)
    return i + " does no neighbour discovery (IFF_NOARP: 'arp off' or a NOARP link type), and "
               "the kernel refuses a token there; turn ARP on ('ip link set " + i +
           " arp on') or drop the token";
  return std::nullopt;
}

std::optional<std::string> RaRefusal(const Snapshot& snap, const TokenSettings& s) {
  if (RaAccepted(s.forwarding, s.accept_ra)) return std::nullopt;
  const std::string& i = snap.iface;
  std::string head = "the kernel accepts a token only while " + i +
                     " accepts router advertisements, and ";
  if (s.forwarding)
    return head + i + " has forwarding=1 (from " + s.forwarding_from + ") with accept_ra=" +
           std::to_string(s.accept_ra) + " (from " + s.accept_ra_from +
           "); set 'accept_ra 2' in the stanza, or turn forwarding off";
  return head + i + " has accept_ra=0 (from " + s.accept_ra_from +
         "); set 'accept_ra 1', or remove accept_ra and the hook chooses";
}

std::optional<std::string> RsRefusal(const Snapshot& snap, const TokenSettings& s) {
  if (s.router_solicitations != 0) return std::nullopt;
  return snap.iface + " has router_solicitations=0, and the kernel refuses a token while "
                      "router solicitation is disabled; set 'ipv6-router-solicitations -1' "
                      "(the default, unlimited) or a count above 0";
}

std::string KernelSaid(const Status& s) {
  if (!s.extack.empty()) return " (kernel: \"" + s.extack + "\")";
  const char* name = strerrorname_np(s.err);
  return std::string(" (") + (name ? name : "errno " + std::to_string(s.err)) + ")";
}

// No answer is not a refusal: the request may or may not have been made.
// A request's reply that timed out (SO_RCVTIMEO: EAGAIN, read as ETIMEDOUT)
// or was dropped (ENOBUFS, the socket's buffer overran).
bool AnswerLost(const Status& s) {
  return s.err == ETIMEDOUT || s.err == ENOBUFS || s.err == EAGAIN;
}

std::optional<std::string> NoAnswer(const std::string& what, const Status& s) {
  if (!AnswerLost(s)) return std::nullopt;
  return "no answer from the kernel to " + what + KernelSaid(s) +
         ": whether it was made is read back before the undo";
}

std::string ExplainTokenError(const Snapshot& snap, const Status& s) {
  if (auto lost = NoAnswer("the request", s)) return *lost;
  std::optional<std::string> why = DeviceRefusal(snap);
  TokenSettings now = CurrentTokenSettings(snap);
  if (!why) why = RaRefusal(snap, now);
  if (!why) why = RsRefusal(snap, now);
  if (!why)
    why = "the kernel refused the token although loopback, NOARP, accept_ra/forwarding and "
          "router_solicitations all allow it";
  return *why + KernelSaid(s);
}

std::string ExplainAddressError(const Snapshot& snap, const Cidr& cidr, const Status& s) {
  const std::string& i = snap.iface;
  std::string a = cidr.str();
  if (auto lost = NoAnswer("adding " + a, s)) return *lost;
  switch (s.err) {
    case EEXIST:  // the plan refuses one that was there: this one came since
      return "address " + a + " appeared on " + i + " after ifupdown-token read its addresses "
             "(SLAAC or another tool made it meanwhile): it is not ours, so it is left alone; "
             "remove it ('ip -6 addr del " + a + " dev " + i + "') or drop it from the stanza" +
             KernelSaid(s);
    case EACCES:
      return "cannot add " + a + ": IPv6 is disabled on " + i + " (disable_ipv6=1); set "
             "net.ipv6.conf." + i + ".disable_ipv6=0" + KernelSaid(s);
  }
  if (auto why = DeviceRefusal(snap)) return "cannot add " + a + ": " + *why + KernelSaid(s);
  return "the kernel refused address " + a + " on " + i + KernelSaid(s);
}

std::string ExplainRouteError(const Snapshot& snap, const Route& r, const Status& s) {
  const std::string& i = snap.iface;
  std::string g = r.gateway.str();
  if (auto lost = NoAnswer("the route via " + g, s)) return *lost;
  switch (s.err) {
    case EHOSTUNREACH:
      return "gateway " + g + " is not reachable on " + i + ": no route covers it; it must lie "
             "inside the prefix of an address on " + i + " (or be a link-local fe80:: gateway)" +
             KernelSaid(s);
    case ENETDOWN:
      return "cannot add the route via " + g + ": " + i + " is down" + KernelSaid(s);
  }
  return "the kernel refused the default route via " + g + " on " + i + KernelSaid(s);
}

std::string ExplainSysctlError(const Snapshot& snap, Conf c, int value, const Status& s) {
  std::string path = "/proc/sys/net/ipv6/conf/" + snap.iface + "/" + ConfName(c);
  if (auto lost = NoAnswer("writing " + std::to_string(value) + " to " + path, s)) return *lost;
  if (s.err == ENOENT)
    return path + " does not exist: " + snap.iface + " has no IPv6 settings" + KernelSaid(s);
  return "the kernel refused " + std::to_string(value) + " in " + path + KernelSaid(s);
}

}  // namespace ift
