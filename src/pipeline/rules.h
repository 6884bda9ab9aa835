// The kernel's rules (ifupdown-token-interfaces(5), KERNEL REFUSALS), as
// predictions ("would it refuse?") and as explanations of a refusal that
// already happened. Each text names the rule,
// the values, and the fix: never a bare errno.
#ifndef IFTOKEN_PIPELINE_RULES_H_
#define IFTOKEN_PIPELINE_RULES_H_

#include <optional>
#include <string>

#include "kernel/kernel.h"

namespace ift {

// include/net/ipv6.h ipv6_accept_ra(): with forwarding on, only accept_ra=2.
inline bool RaAccepted(int forwarding, int accept_ra) {
  return forwarding ? accept_ra == 2 : accept_ra != 0;
}

// The settings a token would be set under, after the plan's sysctl writes.
struct TokenSettings {
  int forwarding = 0;
  int accept_ra = 1;
  int router_solicitations = -1;
  std::string forwarding_from;  // e.g. "net.ipv6.conf.all.forwarding=1, which ..."
  std::string accept_ra_from;   // e.g. "this stanza's 'accept_ra 1'"
};

TokenSettings CurrentTokenSettings(const Snapshot& snap);

// Why the device itself cannot take a token or addresses at all (missing, no
// IPv6, loopback, NOARP), or nullopt.
std::optional<std::string> DeviceRefusal(const Snapshot& snap);
std::optional<std::string> RaRefusal(const Snapshot& snap, const TokenSettings& s);
std::optional<std::string> RsRefusal(const Snapshot& snap, const TokenSettings& s);

// Where a forwarding=1 came from, for the warning and the refusal text.
std::string ForwardingSource(const Snapshot& snap, bool from_stanza);

// After the kernel refused an action anyway (a race, an older kernel): the
// explanation for that errno, plus the kernel's own text when it sent one.
std::string ExplainTokenError(const Snapshot& snap, const Status& s);
std::string ExplainAddressError(const Snapshot& snap, const Cidr& cidr, const Status& s);
std::string ExplainRouteError(const Snapshot& snap, const Route& r, const Status& s);
std::string ExplainSysctlError(const Snapshot& snap, Conf c, int value, const Status& s);
std::string KernelSaid(const Status& s);
// The kernel's answer was lost (ETIMEDOUT, ENOBUFS, EAGAIN): the change may
// have been made, unlike a refusal.
bool AnswerLost(const Status& s);
// For a lost answer (ETIMEDOUT, ENOBUFS): "no answer from the kernel to WHAT
// (ETIMEDOUT): ...", which is no refusal; nullopt for any other status.
std::optional<std::string> NoAnswer(const std::string& what, const Status& s);  // " (kernel: \"...\")" or " (EINVAL)"

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_RULES_H_
