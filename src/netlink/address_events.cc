// The kernel's IPv6 address events (RTNLGRP_IPV6_IFADDR), one at a time.
#include "netlink/address_events.h"

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>

#include "netlink/messages.h"
#include "netlink/socket.h"

namespace ift {

AddressEvents::~AddressEvents() {
  if (nl_) mnl_socket_close(nl_);
}

// The legacy bind mask covers the three groups (RTNLGRP_IPV6_IFADDR 9,
// IPV6_ROUTE 11, IPV6_PREFIX 18: all below 32).
Status AddressEvents::Open(unsigned groups) {
  unsigned mask = (groups & kAddressEvents ? RTMGRP_IPV6_IFADDR : 0) |
                  (groups & kPrefixEvents ? RTMGRP_IPV6_PREFIX : 0) |
                  (groups & kRaRouteEvents ? RTMGRP_IPV6_ROUTE : 0);
  if (nl_) mnl_socket_close(nl_), nl_ = nullptr;  // a second watch starts afresh
  left_ = 0;
  return OpenRouteSocket(mask, &nl_);
}

namespace {

bool Parse(const nlmsghdr* nlh, KernelEvent* event) {
  AddressEvent a;
  if (ParseAddress(nlh, &a.index, &a.address)) {
    a.removed = nlh->nlmsg_type == RTM_DELADDR;
    return *event = a, true;
  }
  PrefixEvent p;
  if (ParsePrefix(nlh, &p)) return *event = p, true;
  RaRouteEvent r;
  if (ParseRaRoute(nlh, &r)) return *event = r, true;
  return false;
}

}  // namespace

Status AddressEvents::Next(int timeout_ms, AddressEvent* event) {
  int64_t deadline = timeout_ms < 0 ? -1 : MonotonicMs() + timeout_ms;
  for (;;) {
    KernelEvent e;
    int left = deadline < 0 ? -1 : int(std::max<int64_t>(0, deadline - MonotonicMs()));
    if (Status s = Next(left, &e); !s.ok()) return s;
    if (auto* a = std::get_if<AddressEvent>(&e)) return *event = *a, Status{};
  }
}

Status AddressEvents::Next(int timeout_ms, KernelEvent* event) {
  int64_t deadline = timeout_ms < 0 ? -1 : MonotonicMs() + timeout_ms;
  for (;;) {
    for (const nlmsghdr* nlh; NextMessage(&next_, &left_, &nlh);)
      if (Parse(nlh, event)) return Status{};
    int wait = deadline < 0 ? -1 : int(std::max<int64_t>(0, deadline - MonotonicMs()));
    pollfd p{mnl_socket_get_fd(nl_), POLLIN, 0};
    int ready = poll(&p, 1, wait);
    if (ready < 0 && errno != EINTR) return Status::Errno(errno);
    if (ready <= 0) {
      if (deadline >= 0 && MonotonicMs() >= deadline) return Status::Errno(ETIMEDOUT);
      continue;
    }
    ssize_t n = mnl_socket_recvfrom(nl_, buf_, sizeof buf_);
    if (n < 0) return Status::Errno(errno);
    left_ = size_t(n);
    next_ = buf_;
  }
}

}  // namespace ift
