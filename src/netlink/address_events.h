// The kernel's IPv6 address events (RTNLGRP_IPV6_IFADDR), one at a time: what
// the DAD wait of the up hook and `iftoken monitor` listen to; with the
// token wait, also the prefixes (RTNLGRP_IPV6_PREFIX) and routes
// (RTNLGRP_IPV6_ROUTE) of router advertisements.
#ifndef IFTOKEN_NETLINK_ADDRESS_EVENTS_H_
#define IFTOKEN_NETLINK_ADDRESS_EVENTS_H_

#include <cstddef>

#include "kernel/kernel.h"

struct mnl_socket;

namespace ift {

class AddressEvents {
 public:
  AddressEvents() = default;
  AddressEvents(const AddressEvents&) = delete;
  AddressEvents& operator=(const AddressEvents&) = delete;
  ~AddressEvents();
  // Subscribed from here on to `groups` (EventGroup bits).
  Status Open(unsigned groups = kAddressEvents);
  // The next event within timeout_ms (-1: no limit); ETIMEDOUT when none
  // came, ENOBUFS when the kernel dropped some (the receive buffer overran).
  Status Next(int timeout_ms, KernelEvent* event);
  Status Next(int timeout_ms, AddressEvent* event);  // the address events only

 private:
  mnl_socket* nl_ = nullptr;
  alignas(4) char buf_[8192];  // nlmsghdr alignment (NLMSG_ALIGNTO)
  size_t left_ = 0;
  const char* next_ = nullptr;
};

}  // namespace ift

#endif  // IFTOKEN_NETLINK_ADDRESS_EVENTS_H_
