// What the request socket and the event socket share: how a route netlink
// socket is opened, and the clock their timeouts are measured on.
#include "netlink/socket.h"

#include <libmnl/libmnl.h>
#include <sys/socket.h>
#include <time.h>

#include <cerrno>

namespace ift {

Status OpenRouteSocket(unsigned groups, mnl_socket** out) {
  mnl_socket* nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
  if (!nl) return Status::Errno(errno);
  int one = 1;
  // Ask for the kernel's own error text, a capped ack, and per-ifindex dumps.
  mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof one);
  mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof one);
  mnl_socket_setsockopt(nl, NETLINK_GET_STRICT_CHK, &one, sizeof one);
  timeval tv{kReplyTimeoutMs / 1000, 0};
  setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0) {
    int e = errno;
    mnl_socket_close(nl);
    return Status::Errno(e);
  }
  *out = nl;
  return Status{};
}

int64_t MonotonicMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace ift
