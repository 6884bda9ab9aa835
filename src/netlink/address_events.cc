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

Status AddressEvents::Open() { return OpenRouteSocket(RTMGRP_IPV6_IFADDR, &nl_); }

Status AddressEvents::Next(int timeout_ms, AddressEvent* event) {
  int64_t deadline = timeout_ms < 0 ? -1 : MonotonicMs() + timeout_ms;
  for (;;) {
    for (const nlmsghdr* nlh; NextMessage(&next_, &left_, &nlh);) {
      if (ParseAddress(nlh, &event->index, &event->address)) {
        event->removed = nlh->nlmsg_type == RTM_DELADDR;
        return Status{};
      }
    }
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
