// rtnetlink(7) requests built and replies parsed, byte for byte, without a
// socket: what netlink_kernel.cc sends and reads, and what the tests check.
#include "netlink/messages.h"

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ift {

namespace {

// macros do not compile as C++.
template <class F>
void ForEachAttr(const void* p, size_t len, F f) {
  const char* end = static_cast<const char*>(p) + len;
  for (auto* a = static_cast<const nlattr*>(p);
       mnl_attr_ok(a, int(end - reinterpret_cast<const char*>(a))); a = mnl_attr_next(a))
    f(a);
}

// The end is nlmsg_len, not mnl_nlmsg_get_payload_tail()'s aligned length:
// the last message of a datagram may end unaligned, at the datagram's last
// byte (found by src/fuzz/netlink_fuzz.cc).
template <class F>
void ForEachAttr(const nlmsghdr* nlh, size_t header, F f) {
  const char* start = static_cast<const char*>(mnl_nlmsg_get_payload_offset(nlh, header));
  const char* end = reinterpret_cast<const char*>(nlh) + nlh->nlmsg_len;
  if (start < end) ForEachAttr(start, size_t(end - start), f);
}

template <class F>
void ForEachNested(const nlattr* nest, F f) {
  ForEachAttr(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest), f);
}

nlmsghdr* Header(char* buf, uint16_t type, uint16_t flags, uint32_t seq) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = type;
  nlh->nlmsg_flags = NLM_F_REQUEST | flags;
  nlh->nlmsg_seq = seq;
  return nlh;
}

ifinfomsg* PutLink(nlmsghdr* nlh, int index) {
  auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = index;
  return ifi;
}

// IFLA_AF_SPEC { AF_INET6 { attr } }: the only way to set inet6 link settings.
template <class Put>
nlmsghdr* SetInet6(char* buf, uint32_t seq, int index, Put put) {
  nlmsghdr* nlh = Header(buf, RTM_SETLINK, NLM_F_ACK, seq);
  PutLink(nlh, index);
  nlattr* spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
  nlattr* inet6 = mnl_attr_nest_start(nlh, AF_INET6);
  put(nlh);
  mnl_attr_nest_end(nlh, inet6);
  mnl_attr_nest_end(nlh, spec);
  return nlh;
}

void ParseInet6(const nlattr* nest, Link* link) {
  link->has_inet6 = true;
  ForEachNested(nest, [&](const nlattr* a) {
    size_t len = mnl_attr_get_payload_len(a);
    const void* p = mnl_attr_get_payload(a);
    switch (mnl_attr_get_type(a)) {
      case IFLA_INET6_CONF:  // as long as this kernel's DEVCONF_MAX, whatever ours is
        link->conf.assign(len / 4, 0);
        if (len >= 4) memcpy(link->conf.data(), p, len / 4 * 4);
        break;
      case IFLA_INET6_TOKEN:
        if (len >= 16) memcpy(link->token.b.data(), p, 16);
        break;
      case IFLA_INET6_ADDR_GEN_MODE:
        if (len >= 1) link->addr_gen_mode = mnl_attr_get_u8(a);
        break;
    }
  });
}

}  // namespace

bool NextMessage(const char** p, size_t* left, const nlmsghdr** out) {
  // mnl_nlmsg_ok() compares nlmsg_len as an int: 2^31 and above pass as
  // negative. Every length is checked here as unsigned against what is left.
  if (*left < sizeof(nlmsghdr)) return false;
  auto* nlh = reinterpret_cast<const nlmsghdr*>(*p);
  size_t len = nlh->nlmsg_len;
  if (len < sizeof(nlmsghdr) || len > *left) return false;
  size_t step = std::min(size_t(NLMSG_ALIGN(len)), *left);
  *p += step;
  *left -= step;
  *out = nlh;
  return true;
}

nlmsghdr* BuildGetLink(char* buf, uint32_t seq, const std::string& name) {
  nlmsghdr* nlh = Header(buf, RTM_GETLINK, NLM_F_ACK, seq);
  PutLink(nlh, 0);
  mnl_attr_put_strz(nlh, IFLA_IFNAME, name.c_str());
  mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  return nlh;
}

nlmsghdr* BuildGetAddresses(char* buf, uint32_t seq, int index) {
  nlmsghdr* nlh = Header(buf, RTM_GETADDR, NLM_F_DUMP, seq);
  auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifaddrmsg)));
  ifa->ifa_family = AF_INET6;
  ifa->ifa_index = index;  // with NETLINK_GET_STRICT_CHK the kernel filters: no full dump
  return nlh;
}

nlmsghdr* BuildDumpLinks(char* buf, uint32_t seq) {
  nlmsghdr* nlh = Header(buf, RTM_GETLINK, NLM_F_DUMP, seq);
  PutLink(nlh, 0);
  mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  return nlh;
}

nlmsghdr* BuildSetToken(char* buf, uint32_t seq, int index, const In6& token) {
  return SetInet6(buf, seq, index, [&](nlmsghdr* nlh) {
    mnl_attr_put(nlh, IFLA_INET6_TOKEN, 16, token.b.data());
  });
}

nlmsghdr* BuildSetAddrGenMode(char* buf, uint32_t seq, int index, int mode) {
  return SetInet6(buf, seq, index, [&](nlmsghdr* nlh) {
    mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, uint8_t(mode));
  });
}

nlmsghdr* BuildAddress(char* buf, uint32_t seq, uint16_t type, int index, const AddressSpec& spec) {
  uint16_t flags = NLM_F_ACK | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0);
  nlmsghdr* nlh = Header(buf, type, flags, seq);
  auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifaddrmsg)));
  ifa->ifa_family = AF_INET6;
  ifa->ifa_prefixlen = uint8_t(spec.cidr.len);
  ifa->ifa_scope = spec.scope;
  ifa->ifa_index = index;
  mnl_attr_put(nlh, IFA_LOCAL, 16, spec.cidr.addr.b.data());
  mnl_attr_put(nlh, IFA_ADDRESS, 16, spec.cidr.addr.b.data());
  if (type != RTM_NEWADDR) return nlh;
  uint32_t ifa_flags = (spec.nodad ? IFA_F_NODAD : 0) | (spec.optimistic ? IFA_F_OPTIMISTIC : 0);
  ifa->ifa_flags = uint8_t(ifa_flags);
  mnl_attr_put_u32(nlh, IFA_FLAGS, ifa_flags);
  if (spec.preferred != 0xffffffff) {
    ifa_cacheinfo ci{};
    ci.ifa_prefered = spec.preferred;
    ci.ifa_valid = 0xffffffff;  // still permanent: only its preference ends
    mnl_attr_put(nlh, IFA_CACHEINFO, sizeof ci, &ci);
  }
  return nlh;
}

nlmsghdr* BuildRoute(char* buf, uint32_t seq, uint16_t type, int index, const Route& route) {
  bool add = type == RTM_NEWROUTE;
  // NLM_F_CREATE without NLM_F_REPLACE or NLM_F_EXCL: fib6_add_rt2node()
  // then adds ours beside a route of the same metric on another device (an
  // ECMP sibling, or a second route next to an advertised one) and answers
  // EEXIST only for the same gateway on the same device; NLM_F_REPLACE would
  // replace the first route of that metric, on any device.
  nlmsghdr* nlh = Header(buf, type, NLM_F_ACK | (add ? NLM_F_CREATE : 0), seq);
  auto* rtm = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(rtmsg)));
  rtm->rtm_family = AF_INET6;
  rtm->rtm_table = RT_TABLE_MAIN;
  rtm->rtm_protocol = add ? RTPROT_BOOT : 0;  // 0 on delete: match whoever added it
  rtm->rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
  rtm->rtm_type = RTN_UNICAST;
  mnl_attr_put(nlh, RTA_GATEWAY, 16, route.gateway.b.data());
  mnl_attr_put_u32(nlh, RTA_OIF, uint32_t(index));
  mnl_attr_put_u32(nlh, RTA_PRIORITY, route.metric);
  return nlh;
}

bool ParseLink(const nlmsghdr* nlh, Link* link) {
  if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof(ifinfomsg))
    return false;
  auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh));
  *link = Link{};
  link->index = ifi->ifi_index;
  link->flags = ifi->ifi_flags;
  ForEachAttr(nlh, sizeof(ifinfomsg), [&](const nlattr* a) {
    if (mnl_attr_get_type(a) == IFLA_MTU && mnl_attr_get_payload_len(a) >= 4)
      link->mtu = mnl_attr_get_u32(a);
    if (mnl_attr_get_type(a) != IFLA_AF_SPEC) return;
    ForEachNested(a, [&](const nlattr* family) {
      if (mnl_attr_get_type(family) == AF_INET6) ParseInet6(family, link);
    });
  });
  return true;
}

bool ParseLinkEntry(const nlmsghdr* nlh, LinkEntry* entry) {
  *entry = LinkEntry{};
  if (!ParseLink(nlh, &entry->link)) return false;
  ForEachAttr(nlh, sizeof(ifinfomsg), [&](const nlattr* a) {
    size_t len = mnl_attr_get_payload_len(a);
    auto* p = static_cast<const char*>(mnl_attr_get_payload(a));
    if (mnl_attr_get_type(a) == IFLA_IFNAME)
      entry->name.assign(p, strnlen(p, std::min(len, size_t(IFNAMSIZ))));
    else if (mnl_attr_get_type(a) == IFLA_ADDRESS && len <= 32)
      entry->mac.assign(p, p + len);
  });
  return !entry->name.empty();
}

bool ParseAddress(const nlmsghdr* nlh, int* index, Address* addr) {
  bool known = nlh->nlmsg_type == RTM_NEWADDR || nlh->nlmsg_type == RTM_DELADDR;
  if (!known || mnl_nlmsg_get_payload_len(nlh) < sizeof(ifaddrmsg)) return false;
  auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
  if (ifa->ifa_family != AF_INET6) return false;
  *addr = Address{};
  *index = int(ifa->ifa_index);
  addr->cidr.len = ifa->ifa_prefixlen;
  addr->flags = ifa->ifa_flags;
  addr->scope = ifa->ifa_scope;
  bool have_addr = false;
  ForEachAttr(nlh, sizeof(ifaddrmsg), [&](const nlattr* a) {
    size_t len = mnl_attr_get_payload_len(a);
    switch (mnl_attr_get_type(a)) {
      case IFA_ADDRESS:
        if (len < 16) break;
        memcpy(addr->cidr.addr.b.data(), mnl_attr_get_payload(a), 16);
        have_addr = true;
        break;
      case IFA_FLAGS:  // the full 32 bits; ifa_flags holds only the low 8
        if (len >= 4) addr->flags = mnl_attr_get_u32(a);
        break;
      case IFA_PROTO:  // Linux 5.18+
        if (len >= 1) addr->proto = mnl_attr_get_u8(a);
        break;
      case IFA_CACHEINFO:
        if (len >= sizeof(ifa_cacheinfo)) {
          auto* ci = static_cast<const ifa_cacheinfo*>(mnl_attr_get_payload(a));
          addr->preferred = ci->ifa_prefered;
          addr->valid = ci->ifa_valid;
          addr->created = ci->cstamp;
        }
        break;
    }
  });
  return have_addr;
}

namespace {

// prefixmsg.prefix_flags: up to 6.6, IF_PREFIX_ONLINK (0x01) and
// IF_PREFIX_AUTOCONF (0x02) of the kernel's include/net/if_inet6.h (never in
// the uapi headers); since 6.7 (bd4a816752ba, "support reporting
// otherwise unknown prefix flags", also in 6.1.68 and 5.15.144) the option's
// own flags byte, L 0x80 and A 0x40 (RFC 4861 §4.6.2). A byte with any bit
// above 0x03 is the option's; the old encoding never sets one.
constexpr uint8_t kPioOnLink = 0x80, kPioAutonomous = 0x40;
constexpr uint8_t kOldOnLink = 0x01, kOldAutoconf = 0x02;

void DecodePrefixFlags(uint8_t flags, PrefixEvent* p) {
  bool wire = flags & 0xfc;
  p->onlink = flags & (wire ? kPioOnLink : kOldOnLink);
  p->autonomous = flags & (wire ? kPioAutonomous : kOldAutoconf);
}

}  // namespace

bool ParsePrefix(const nlmsghdr* nlh, PrefixEvent* prefix) {
  if (nlh->nlmsg_type != RTM_NEWPREFIX || mnl_nlmsg_get_payload_len(nlh) < sizeof(prefixmsg))
    return false;
  auto* pm = static_cast<const prefixmsg*>(mnl_nlmsg_get_payload(nlh));
  if (pm->prefix_family != AF_INET6) return false;
  *prefix = PrefixEvent{};
  prefix->index = pm->prefix_ifindex;
  prefix->prefix.len = pm->prefix_len;
  DecodePrefixFlags(pm->prefix_flags, prefix);
  bool have_addr = false;
  ForEachAttr(nlh, sizeof(prefixmsg), [&](const nlattr* a) {
    size_t len = mnl_attr_get_payload_len(a);
    if (mnl_attr_get_type(a) == PREFIX_ADDRESS && len >= 16) {
      memcpy(prefix->prefix.addr.b.data(), mnl_attr_get_payload(a), 16);
      have_addr = true;
    } else if (mnl_attr_get_type(a) == PREFIX_CACHEINFO && len >= sizeof(prefix_cacheinfo)) {
      auto* ci = static_cast<const prefix_cacheinfo*>(mnl_attr_get_payload(a));
      prefix->preferred = ci->preferred_time;
      prefix->valid = ci->valid_time;
    }
  });
  return have_addr && prefix->prefix.len <= 128;
}

bool ParseRaRoute(const nlmsghdr* nlh, RaRouteEvent* route) {
  bool known = nlh->nlmsg_type == RTM_NEWROUTE || nlh->nlmsg_type == RTM_DELROUTE;
  if (!known || mnl_nlmsg_get_payload_len(nlh) < sizeof(rtmsg)) return false;
  auto* rtm = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
  if (rtm->rtm_family != AF_INET6 || rtm->rtm_protocol != RTPROT_RA || rtm->rtm_dst_len > 128)
    return false;
  *route = RaRouteEvent{};
  route->removed = nlh->nlmsg_type == RTM_DELROUTE;
  route->dst.len = rtm->rtm_dst_len;
  ForEachAttr(nlh, sizeof(rtmsg), [&](const nlattr* a) {
    size_t len = mnl_attr_get_payload_len(a);
    switch (mnl_attr_get_type(a)) {
      case RTA_DST:
        if (len >= 16) memcpy(route->dst.addr.b.data(), mnl_attr_get_payload(a), 16);
        break;
      case RTA_GATEWAY:
        if (len >= 16) memcpy(route->gateway.b.data(), mnl_attr_get_payload(a), 16);
        break;
      case RTA_OIF:
        if (len >= 4) route->index = int(mnl_attr_get_u32(a));
        break;
    }
  });
  return true;
}

Status ParseAck(const nlmsghdr* nlh) {
  size_t len = mnl_nlmsg_get_payload_len(nlh);
  if (len < sizeof(nlmsgerr)) return Status::Errno(EBADMSG);
  auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
  // The kernel sends 0 or a negative errno (at least -MAX_ERRNO, 4095).
  // Anything else is a damaged message, and INT_MIN cannot be negated
  // (found by src/fuzz/netlink_fuzz.cc).
  if (err->error > 0 || err->error < -4095) return Status::Errno(EBADMSG);
  Status s{-err->error, ""};
  if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS)) return s;
  size_t off = sizeof(nlmsgerr);
  if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
    if (err->msg.nlmsg_len < sizeof(nlmsghdr)) return s;  // a corrupt echo: no TLVs to trust
    off += err->msg.nlmsg_len - sizeof(nlmsghdr);
  }
  if (off > len) return s;
  const char* p = static_cast<const char*>(mnl_nlmsg_get_payload(nlh)) + off;
  ForEachAttr(p, len - off, [&](const nlattr* a) {
    if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG) return;
    const char* msg = static_cast<const char*>(mnl_attr_get_payload(a));
    s.extack.assign(msg, strnlen(msg, mnl_attr_get_payload_len(a)));
  });
  return s;
}

}  // namespace ift
