// Fuzz target: one datagram as read from an rtnetlink socket. Walked with
// NextMessage, as netlink_kernel.cc and address_events.cc walk what they
// receive, and each message given to every reply parser. The bytes are copied
// into a buffer of exactly their size (aligned as recv()'s buffer is), so an
// over-read is AddressSanitizer's to see.
#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "netlink/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::unique_ptr<char[]> buf(new char[size ? size : 1]);  // new[]: aligned for nlmsghdr
  if (size) memcpy(buf.get(), data, size);
  const char* p = buf.get();
  size_t left = size;
  const nlmsghdr* nlh = nullptr;
  while (ift::NextMessage(&p, &left, &nlh)) {
    ift::Link link;
    (void)ift::ParseLink(nlh, &link);
    ift::LinkEntry entry;  // the dump of iftoken audit: name and hardware address too
    (void)ift::ParseLinkEntry(nlh, &entry);
    int index = 0;
    ift::Address addr;
    (void)ift::ParseAddress(nlh, &index, &addr);
    ift::PrefixEvent prefix;
    (void)ift::ParsePrefix(nlh, &prefix);
    ift::RaRouteEvent route;
    (void)ift::ParseRaRoute(nlh, &route);
    if (nlh->nlmsg_type == NLMSG_ERROR) (void)ift::ParseAck(nlh);
  }
  return 0;
}
