// rtnetlink(7) messages: the requests the hook sends, built into a caller's
// buffer, and the replies it reads. Free functions, so that unit tests check
// the bytes without a socket.
#ifndef IFTOKEN_NETLINK_MESSAGES_H_
#define IFTOKEN_NETLINK_MESSAGES_H_

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "kernel/kernel.h"

namespace ift {

// Each builder writes one request into `buf` (at least kMsgSize bytes).
constexpr size_t kMsgSize = 8192;
nlmsghdr* BuildGetLink(char* buf, uint32_t seq, const std::string& name);
nlmsghdr* BuildGetAddresses(char* buf, uint32_t seq, int index);  // index 0: every one
nlmsghdr* BuildDumpLinks(char* buf, uint32_t seq);
nlmsghdr* BuildSetToken(char* buf, uint32_t seq, int index, const In6& token);
nlmsghdr* BuildSetAddrGenMode(char* buf, uint32_t seq, int index, int mode);
nlmsghdr* BuildAddress(char* buf, uint32_t seq, uint16_t type, int index, const AddressSpec& spec);
nlmsghdr* BuildRoute(char* buf, uint32_t seq, uint16_t type, int index, const Route& route);

// The walk over the messages of one datagram: the next whole message at *p,
// advancing *p and *left past it; false at the end or at a message whose
// length does not fit in what was received.
bool NextMessage(const char** p, size_t* left, const nlmsghdr** out);

// Parsers: false when the message is not what they read, or is malformed.
bool ParseLink(const nlmsghdr* nlh, Link* link);
// ParseLink's Link with the device's name and hardware address.
bool ParseLinkEntry(const nlmsghdr* nlh, LinkEntry* entry);
bool ParseAddress(const nlmsghdr* nlh, int* index, Address* addr);
// RTM_NEWPREFIX: struct prefixmsg, PREFIX_ADDRESS, PREFIX_CACHEINFO.
bool ParsePrefix(const nlmsghdr* nlh, PrefixEvent* prefix);
// RTM_NEWROUTE / RTM_DELROUTE of an IPv6 route of protocol RTPROT_RA; false
// for every other route.
bool ParseRaRoute(const nlmsghdr* nlh, RaRouteEvent* route);
// An NLMSG_ERROR: the errno and, when the kernel attached one, its message.
Status ParseAck(const nlmsghdr* nlh);

}  // namespace ift

#endif  // IFTOKEN_NETLINK_MESSAGES_H_
