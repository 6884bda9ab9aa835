// A route netlink socket as both of our sockets open it, and their clock.
#ifndef IFTOKEN_NETLINK_SOCKET_H_
#define IFTOKEN_NETLINK_SOCKET_H_

#include <cstdint>

#include "kernel/kernel.h"

struct mnl_socket;

namespace ift {

// How long a request waits for its reply (SO_RCVTIMEO): a hook never hangs.
constexpr int kReplyTimeoutMs = 5000;

// NETLINK_ROUTE with extended acks (the kernel's error text), capped acks and
// strict checking (per-ifindex dumps), bound to the multicast `groups`.
Status OpenRouteSocket(unsigned groups, mnl_socket** out);

int64_t MonotonicMs();  // CLOCK_MONOTONIC, in milliseconds

}  // namespace ift

#endif  // IFTOKEN_NETLINK_SOCKET_H_
