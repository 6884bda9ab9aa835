// Tests of the netlink messages: each request's bytes that matter, read back
// with libmnl's own parsers, and the parsers of the kernel's answers on
// hand-built RTM_NEWLINK, RTM_NEWADDR and NLMSG_ERROR messages.
#include "netlink/messages.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

namespace ift {

static std::ostream& boost_test_print_type(std::ostream& out, const In6& a) { return out << a.str(); }

namespace {

In6 V6(const char* text) { return *In6::Parse(text); }

// A message buffer aligned for nlmsghdr.
struct Buf {
  alignas(nlmsghdr) char b[kMsgSize] = {};
  char* data() { return b; }
};

// The attributes at one level, by type, as libmnl parses them.
struct Attrs {
  std::vector<const nlattr*> all;
  const nlattr* tb[64] = {};
  const nlattr* operator[](int type) const { return tb[type]; }
  size_t size() const { return all.size(); }
};

int Collect(const nlattr* a, void* data) {
  auto* t = static_cast<Attrs*>(data);
  uint16_t type = mnl_attr_get_type(a);
  if (type < 64) t->tb[type] = a;
  t->all.push_back(a);
  return MNL_CB_OK;
}

Attrs Top(const nlmsghdr* nlh, size_t header) {
  Attrs t;
  BOOST_TEST_REQUIRE(mnl_attr_parse(nlh, unsigned(header), Collect, &t) == MNL_CB_OK);
  return t;
}

Attrs Nested(const nlattr* nest) {
  Attrs t;
  BOOST_TEST_REQUIRE(nest != nullptr);
  BOOST_TEST_REQUIRE(mnl_attr_parse_nested(nest, Collect, &t) == MNL_CB_OK);
  return t;
}

In6 Addr16(const nlattr* a) {
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST_REQUIRE(mnl_attr_get_payload_len(a) == 16u);
  In6 x;
  memcpy(x.b.data(), mnl_attr_get_payload(a), 16);
  return x;
}

uint32_t U32(const nlattr* a) {
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST_REQUIRE(mnl_attr_validate(a, MNL_TYPE_U32) == 0);
  return mnl_attr_get_u32(a);
}

// Checks the header every request shares, and that the message is whole.
void ExpectHeader(const nlmsghdr* nlh, uint16_t type, uint16_t flags, uint32_t seq, size_t fixed) {
  BOOST_TEST(nlh->nlmsg_type == type);
  BOOST_TEST(nlh->nlmsg_flags == flags);
  BOOST_TEST(nlh->nlmsg_seq == seq);
  BOOST_TEST(nlh->nlmsg_pid == 0u);
  BOOST_TEST(mnl_nlmsg_ok(nlh, int(nlh->nlmsg_len)));
  BOOST_TEST(nlh->nlmsg_len % 4 == 0u);
  BOOST_TEST(mnl_nlmsg_get_payload_len(nlh) >= fixed);
}

// --- hand-built answers -----------------------------------------------------------

// An RTM_NEWLINK as the kernel sends it for RTM_GETLINK.
struct LinkMsg {
  Buf buf;
  nlmsghdr* nlh;
  LinkMsg(int index, unsigned flags) {
    nlh = mnl_nlmsg_put_header(buf.data());
    nlh->nlmsg_type = RTM_NEWLINK;
    auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = index;
    ifi->ifi_flags = flags;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, "eno1");
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
  }
  // IFLA_AF_SPEC { AF_INET { ... }, AF_INET6 { flags, conf[n], token, mode } }
  void AfSpec(std::vector<int32_t> conf, const In6& token, uint8_t mode, bool inet6 = true) {
    nlattr* spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
    nlattr* inet = mnl_attr_nest_start(nlh, AF_INET);
    int32_t v4conf[4] = {1, 0, 1, 0};
    mnl_attr_put(nlh, 1 /* IFLA_INET_CONF */, sizeof v4conf, v4conf);
    mnl_attr_nest_end(nlh, inet);
    if (inet6) {
      nlattr* i6 = mnl_attr_nest_start(nlh, AF_INET6);
      mnl_attr_put_u32(nlh, IFLA_INET6_FLAGS, 0x80000030);
      mnl_attr_put(nlh, IFLA_INET6_CONF, conf.size() * 4, conf.data());
      uint64_t stats[3] = {1, 2, 3};  // ignored
      mnl_attr_put(nlh, IFLA_INET6_STATS, sizeof stats, stats);
      mnl_attr_put(nlh, IFLA_INET6_TOKEN, 16, token.b.data());
      mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, mode);
      mnl_attr_nest_end(nlh, i6);
    }
    mnl_attr_nest_end(nlh, spec);
  }
};

// A conf array of n entries: entry i is 1000 + i, except the ones set.
std::vector<int32_t> Conf6(size_t n) {
  std::vector<int32_t> c(n);
  for (size_t i = 0; i < n; ++i) c[i] = int32_t(1000 + i);
  auto set = [&](Conf k, int32_t v) {
    if (size_t(k) < n) c[size_t(k)] = v;
  };
  set(Conf::kForwarding, 1);
  set(Conf::kAcceptRa, 2);
  set(Conf::kAutoconf, 1);
  set(Conf::kRouterSolicitations, -1);
  set(Conf::kUseTempaddr, 0);
  return c;
}

// An RTM_NEWADDR (or DELADDR) as the kernel sends it.
struct AddrMsg {
  Buf buf;
  nlmsghdr* nlh;
  AddrMsg(uint16_t type, int family, int index, uint8_t flags8) {
    nlh = mnl_nlmsg_put_header(buf.data());
    nlh->nlmsg_type = type;
    auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifaddrmsg)));
    ifa->ifa_family = uint8_t(family);
    ifa->ifa_prefixlen = 64;
    ifa->ifa_flags = flags8;
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    ifa->ifa_index = uint32_t(index);
  }
};

// An NLMSG_ERROR answering `req`.
struct AckMsg {
  Buf buf;
  nlmsghdr* nlh;
  nlmsgerr* err;
  AckMsg(int error, const nlmsghdr* req, uint16_t flags, bool echo) {
    nlh = mnl_nlmsg_put_header(buf.data());
    nlh->nlmsg_type = NLMSG_ERROR;
    nlh->nlmsg_flags = flags;
    nlh->nlmsg_seq = req->nlmsg_seq;
    err = static_cast<nlmsgerr*>(mnl_nlmsg_put_extra_header(nlh, sizeof(nlmsgerr)));
    err->error = error;
    memcpy(&err->msg, req, sizeof(nlmsghdr));
    if (echo) {  // the request's payload follows, as without NETLINK_CAP_ACK
      size_t n = req->nlmsg_len - sizeof(nlmsghdr);
      void* p = mnl_nlmsg_put_extra_header(nlh, n);
      memcpy(p, mnl_nlmsg_get_payload(req), n);
    }
  }
};

const char kRaDisabled[] = "ipv6: Router advertisement is disabled on device";

}  // namespace

BOOST_AUTO_TEST_SUITE(netlink)

// --- requests ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(get_link_by_name) {
  Buf buf;
  nlmsghdr* nlh = BuildGetLink(buf.data(), 41, "eno1.100");
  ExpectHeader(nlh, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 41, sizeof(ifinfomsg));
  BOOST_TEST(!(nlh->nlmsg_flags & NLM_F_DUMP));  // one link, not a dump
  auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(ifi->ifi_family == AF_UNSPEC);
  BOOST_TEST(ifi->ifi_index == 0);  // by name
  Attrs a = Top(nlh, sizeof(ifinfomsg));
  BOOST_TEST(a.size() == 2u);
  BOOST_TEST_REQUIRE(a[IFLA_IFNAME] != nullptr);
  BOOST_TEST(mnl_attr_validate(a[IFLA_IFNAME], MNL_TYPE_NUL_STRING) == 0);
  BOOST_TEST(std::string(mnl_attr_get_str(a[IFLA_IFNAME])) == "eno1.100");
  BOOST_TEST(U32(a[IFLA_EXT_MASK]) == uint32_t(RTEXT_FILTER_SKIP_STATS));
}

BOOST_AUTO_TEST_CASE(get_addresses) {
  Buf buf;
  nlmsghdr* nlh = BuildGetAddresses(buf.data(), 42, 5);
  ExpectHeader(nlh, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 42, sizeof(ifaddrmsg));
  auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(ifa->ifa_family == AF_INET6);
  BOOST_TEST(ifa->ifa_index == 5u);
  BOOST_TEST(Top(nlh, sizeof(ifaddrmsg)).size() == 0u);
  BOOST_TEST(nlh->nlmsg_len == NLMSG_LENGTH(sizeof(ifaddrmsg)));
}

BOOST_AUTO_TEST_CASE(set_token) {
  Buf buf;
  nlmsghdr* nlh = BuildSetToken(buf.data(), 43, 2, V6("::208:80:154:23"));
  ExpectHeader(nlh, RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, 43, sizeof(ifinfomsg));
  auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(ifi->ifi_index == 2);
  BOOST_TEST((ifi->ifi_family == AF_UNSPEC || ifi->ifi_family == AF_INET6));
  BOOST_TEST(ifi->ifi_flags == 0u);   // the link's flags are left alone
  BOOST_TEST(ifi->ifi_change == 0u);
  Attrs top = Top(nlh, sizeof(ifinfomsg));
  BOOST_TEST_REQUIRE(top.size() == 1u);
  Attrs spec = Nested(top[IFLA_AF_SPEC]);
  BOOST_TEST_REQUIRE(spec.size() == 1u);
  Attrs inet6 = Nested(spec[AF_INET6]);
  BOOST_TEST_REQUIRE(inet6.size() == 1u);
  BOOST_TEST(Addr16(inet6[IFLA_INET6_TOKEN]) == V6("::208:80:154:23"));
  // Clearing sends ::, all 16 bytes.
  nlh = BuildSetToken(buf.data(), 44, 2, In6{});
  BOOST_TEST(Addr16(Nested(Nested(Top(nlh, sizeof(ifinfomsg))[IFLA_AF_SPEC])[AF_INET6])[IFLA_INET6_TOKEN]).IsZero());
}

BOOST_AUTO_TEST_CASE(set_addr_gen_mode) {
  Buf buf;
  nlmsghdr* nlh = BuildSetAddrGenMode(buf.data(), 45, 3, kGenNone);
  ExpectHeader(nlh, RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, 45, sizeof(ifinfomsg));
  BOOST_TEST(static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh))->ifi_index == 3);
  Attrs inet6 = Nested(Nested(Top(nlh, sizeof(ifinfomsg))[IFLA_AF_SPEC])[AF_INET6]);
  BOOST_TEST_REQUIRE(inet6.size() == 1u);  // no token: the mode alone
  BOOST_TEST_REQUIRE(inet6[IFLA_INET6_ADDR_GEN_MODE] != nullptr);
  BOOST_TEST(mnl_attr_validate(inet6[IFLA_INET6_ADDR_GEN_MODE], MNL_TYPE_U8) == 0);
  BOOST_TEST(mnl_attr_get_u8(inet6[IFLA_INET6_ADDR_GEN_MODE]) == kGenNone);
}

BOOST_AUTO_TEST_CASE(new_address_nodad_preferred) {
  Buf buf;
  AddressSpec spec{Cidr{V6("2001:db8:1:0:208:80:154:23"), 64}, true, 3600, RT_SCOPE_UNIVERSE};
  nlmsghdr* nlh = BuildAddress(buf.data(), 46, RTM_NEWADDR, 2, spec);
  ExpectHeader(nlh, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 46, sizeof(ifaddrmsg));
  auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(ifa->ifa_family == AF_INET6);
  BOOST_TEST(ifa->ifa_prefixlen == 64);
  BOOST_TEST(ifa->ifa_index == 2u);
  BOOST_TEST(ifa->ifa_scope == RT_SCOPE_UNIVERSE);
  BOOST_TEST(ifa->ifa_flags == IFA_F_NODAD);
  Attrs a = Top(nlh, sizeof(ifaddrmsg));
  BOOST_TEST(a.size() == 4u);
  BOOST_TEST(Addr16(a[IFA_LOCAL]) == spec.cidr.addr);
  BOOST_TEST(Addr16(a[IFA_ADDRESS]) == spec.cidr.addr);
  BOOST_TEST(U32(a[IFA_FLAGS]) == uint32_t(IFA_F_NODAD));
  BOOST_TEST_REQUIRE(a[IFA_CACHEINFO] != nullptr);
  BOOST_TEST_REQUIRE(mnl_attr_get_payload_len(a[IFA_CACHEINFO]) == sizeof(ifa_cacheinfo));
  auto* ci = static_cast<const ifa_cacheinfo*>(mnl_attr_get_payload(a[IFA_CACHEINFO]));
  BOOST_TEST(ci->ifa_prefered == 3600u);
  BOOST_TEST(ci->ifa_valid == 0xffffffffu);  // stays permanent
}

BOOST_AUTO_TEST_CASE(new_address_plain) {
  Buf buf;
  AddressSpec spec{Cidr{V6("fe80::208:80:154:23"), 64}};
  spec.scope = RT_SCOPE_LINK;
  nlmsghdr* nlh = BuildAddress(buf.data(), 47, RTM_NEWADDR, 9, spec);
  auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(ifa->ifa_flags == 0);
  BOOST_TEST(ifa->ifa_scope == RT_SCOPE_LINK);
  BOOST_TEST(ifa->ifa_index == 9u);
  Attrs a = Top(nlh, sizeof(ifaddrmsg));
  BOOST_TEST(U32(a[IFA_FLAGS]) == 0u);  // DAD runs
  BOOST_TEST(a[IFA_CACHEINFO] == nullptr);  // forever: no lifetimes sent
  BOOST_TEST(Addr16(a[IFA_ADDRESS]) == V6("fe80::208:80:154:23"));
}

// RFC 4429: IFA_F_OPTIMISTIC in both the header's flags and IFA_FLAGS.
BOOST_AUTO_TEST_CASE(new_address_optimistic) {
  Buf buf;
  AddressSpec spec{Cidr{V6("2001:db8:1:0:208:80:154:23"), 64}};
  spec.optimistic = true;
  nlmsghdr* nlh = BuildAddress(buf.data(), 49, RTM_NEWADDR, 2, spec);
  BOOST_TEST(static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh))->ifa_flags ==
             IFA_F_OPTIMISTIC);
  BOOST_TEST(U32(Top(nlh, sizeof(ifaddrmsg))[IFA_FLAGS]) == uint32_t(IFA_F_OPTIMISTIC));
}

BOOST_AUTO_TEST_CASE(del_address) {
  Buf buf;
  AddressSpec spec{Cidr{V6("2001:db8::5"), 48}, true, 10};
  nlmsghdr* nlh = BuildAddress(buf.data(), 48, RTM_DELADDR, 2, spec);
  ExpectHeader(nlh, RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, 48, sizeof(ifaddrmsg));
  auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(ifa->ifa_family == AF_INET6);
  BOOST_TEST(ifa->ifa_prefixlen == 48);
  BOOST_TEST(ifa->ifa_index == 2u);
  Attrs a = Top(nlh, sizeof(ifaddrmsg));
  BOOST_TEST(a.size() == 2u);  // the address only: no flags, no lifetimes
  BOOST_TEST(Addr16(a[IFA_LOCAL]) == V6("2001:db8::5"));
  BOOST_TEST(Addr16(a[IFA_ADDRESS]) == V6("2001:db8::5"));
}

BOOST_AUTO_TEST_CASE(new_route_replaces) {
  Buf buf;
  nlmsghdr* nlh = BuildRoute(buf.data(), 49, RTM_NEWROUTE, 2, Route{V6("2001:db8:1::1"), 100});
  ExpectHeader(nlh, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE, 49, sizeof(rtmsg));
  BOOST_TEST(!(nlh->nlmsg_flags & NLM_F_EXCL));  // a second ifup is not an error
  auto* rtm = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(rtm->rtm_family == AF_INET6);
  BOOST_TEST(rtm->rtm_dst_len == 0);  // the default route
  BOOST_TEST(rtm->rtm_table == RT_TABLE_MAIN);
  BOOST_TEST(rtm->rtm_protocol == RTPROT_BOOT);
  BOOST_TEST(rtm->rtm_scope == RT_SCOPE_UNIVERSE);
  BOOST_TEST(rtm->rtm_type == RTN_UNICAST);
  Attrs a = Top(nlh, sizeof(rtmsg));
  BOOST_TEST(a.size() == 3u);
  BOOST_TEST(a[RTA_DST] == nullptr);
  BOOST_TEST(Addr16(a[RTA_GATEWAY]) == V6("2001:db8:1::1"));
  BOOST_TEST(U32(a[RTA_OIF]) == 2u);
  BOOST_TEST(U32(a[RTA_PRIORITY]) == 100u);
}

BOOST_AUTO_TEST_CASE(del_route) {
  Buf buf;
  nlmsghdr* nlh = BuildRoute(buf.data(), 50, RTM_DELROUTE, 4, Route{V6("fe80::1"), 1024});
  ExpectHeader(nlh, RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, 50, sizeof(rtmsg));
  auto* rtm = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
  BOOST_TEST(rtm->rtm_family == AF_INET6);
  BOOST_TEST(rtm->rtm_table == RT_TABLE_MAIN);
  BOOST_TEST(rtm->rtm_protocol == 0);  // whoever added it
  Attrs a = Top(nlh, sizeof(rtmsg));
  BOOST_TEST(Addr16(a[RTA_GATEWAY]) == V6("fe80::1"));
  BOOST_TEST(U32(a[RTA_OIF]) == 4u);
  BOOST_TEST(U32(a[RTA_PRIORITY]) == 1024u);
}

// --- ParseLink ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parse_link_full) {
  LinkMsg m(2, IFF_UP | IFF_BROADCAST | IFF_MULTICAST);
  m.AfSpec(Conf6(60), V6("::208:80:154:23"), kGenRandom);
  Link l;
  l.conf = {9, 9};  // replaced, not appended to
  BOOST_TEST_REQUIRE(ParseLink(m.nlh, &l));
  BOOST_TEST(l.index == 2);
  BOOST_TEST(l.flags == unsigned(IFF_UP | IFF_BROADCAST | IFF_MULTICAST));
  BOOST_TEST(l.Up());
  BOOST_TEST(l.mtu == 1500u);
  BOOST_TEST(l.has_inet6);
  BOOST_TEST(l.conf.size() == 60u);
  BOOST_TEST(l.Get(Conf::kForwarding).value_or(-99) == 1);
  BOOST_TEST(l.Get(Conf::kAcceptRa).value_or(-99) == 2);
  BOOST_TEST(l.Get(Conf::kAutoconf).value_or(-99) == 1);
  BOOST_TEST(l.Get(Conf::kRouterSolicitations).value_or(-99) == -1);
  BOOST_TEST(l.Get(Conf::kAcceptDad).value_or(-99) == 1027);
  BOOST_TEST(l.Get(Conf::kAddrGenMode).value_or(-99) == 1047);
  BOOST_TEST(l.token == V6("::208:80:154:23"));
  BOOST_TEST(l.addr_gen_mode == kGenRandom);
}

// A link dump's answer: the name and MAC too; an answer without a name is
// not a device to audit.
BOOST_AUTO_TEST_CASE(parse_link_entry) {
  LinkMsg m(2, IFF_UP);
  uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  mnl_attr_put(m.nlh, IFLA_ADDRESS, sizeof mac, mac);
  m.AfSpec(Conf6(60), V6("::10"), kGenEui64);
  LinkEntry e;
  BOOST_TEST_REQUIRE(ParseLinkEntry(m.nlh, &e));
  BOOST_TEST(e.name == "eno1");
  BOOST_TEST(e.mac == std::vector<uint8_t>(mac, mac + 6), boost::test_tools::per_element());
  BOOST_TEST(e.link.token == V6("::10"));
  Buf buf;
  nlmsghdr* nameless = mnl_nlmsg_put_header(buf.data());
  nameless->nlmsg_type = RTM_NEWLINK;
  mnl_nlmsg_put_extra_header(nameless, sizeof(ifinfomsg));
  BOOST_TEST(!ParseLinkEntry(nameless, &e));
}

BOOST_AUTO_TEST_CASE(dump_links) {
  Buf buf;
  nlmsghdr* nlh = BuildDumpLinks(buf.data(), 7);
  ExpectHeader(nlh, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 7, sizeof(ifinfomsg));
  auto a = Top(nlh, sizeof(ifinfomsg));
  BOOST_TEST(U32(a[IFLA_EXT_MASK]) == uint32_t(RTEXT_FILTER_SKIP_STATS));
}

BOOST_AUTO_TEST_CASE(parse_link_truncated_conf) {
  // An IFLA_INET6_CONF shorter than accept_ra's index (3): what is missing is
  // unknown, not 0.
  LinkMsg m(2, 0);
  m.AfSpec(Conf6(3), V6("::1"), kGenEui64);
  Link l;
  BOOST_TEST_REQUIRE(ParseLink(m.nlh, &l));
  BOOST_TEST(l.has_inet6);
  BOOST_TEST(l.conf.size() == 3u);
  BOOST_TEST(l.Get(Conf::kForwarding).value_or(-99) == 1);
  BOOST_TEST(!l.Get(Conf::kAcceptRa).has_value());
  BOOST_TEST(!l.Get(Conf::kRouterSolicitations).has_value());
  BOOST_TEST(!l.Get(Conf::kAddrGenMode).has_value());
  BOOST_TEST(l.Value(Conf::kAcceptRa) == 0);
  BOOST_TEST(!l.Up());
  // A length that is not a multiple of 4: whole entries only.
  LinkMsg odd(2, 0);
  std::vector<int32_t> c = Conf6(4);
  nlattr* spec = mnl_attr_nest_start(odd.nlh, IFLA_AF_SPEC);
  nlattr* i6 = mnl_attr_nest_start(odd.nlh, AF_INET6);
  mnl_attr_put(odd.nlh, IFLA_INET6_CONF, 14, c.data());
  mnl_attr_nest_end(odd.nlh, i6);
  mnl_attr_nest_end(odd.nlh, spec);
  BOOST_TEST_REQUIRE(ParseLink(odd.nlh, &l));
  BOOST_TEST(l.conf.size() == 3u);
  BOOST_TEST(l.token.IsZero());
}

BOOST_AUTO_TEST_CASE(parse_link_longer_conf) {
  // A newer kernel than our headers (DEVCONF_MAX 59): 70 entries, all kept.
  LinkMsg m(7, IFF_UP);
  m.AfSpec(Conf6(70), V6("::5"), kGenNone);
  Link l;
  BOOST_TEST_REQUIRE(ParseLink(m.nlh, &l));
  BOOST_TEST(l.conf.size() == 70u);
  BOOST_TEST(l.conf[69] == 1069);
  BOOST_TEST(l.conf[60] == 1060);
  BOOST_TEST(l.Get(Conf::kAcceptRa).value_or(-99) == 2);
  BOOST_TEST(l.token == V6("::5"));
  BOOST_TEST(l.addr_gen_mode == kGenNone);
}

BOOST_AUTO_TEST_CASE(parse_link_without_inet6) {
  LinkMsg m(3, IFF_UP);
  m.AfSpec(Conf6(60), V6("::5"), kGenNone, /*inet6=*/false);
  Link l;
  BOOST_TEST_REQUIRE(ParseLink(m.nlh, &l));
  BOOST_TEST(l.index == 3);
  BOOST_TEST(l.mtu == 1500u);
  BOOST_TEST(!l.has_inet6);
  BOOST_TEST(l.conf.empty());
  BOOST_TEST(l.token.IsZero());
  // No IFLA_AF_SPEC at all (a device whose MTU is below 1280).
  LinkMsg bare(4, 0);
  BOOST_TEST_REQUIRE(ParseLink(bare.nlh, &l));
  BOOST_TEST(l.index == 4);
  BOOST_TEST(!l.has_inet6);
  BOOST_TEST(!l.Get(Conf::kForwarding).has_value());
}

BOOST_AUTO_TEST_CASE(parse_link_truncated_attribute) {
  // The message ends inside IFLA_AF_SPEC: what came before is read, the cut
  // attribute is not.
  LinkMsg m(2, IFF_UP);
  m.AfSpec(Conf6(60), V6("::5"), kGenNone);
  m.nlh->nlmsg_len -= 100;
  Link l;
  BOOST_TEST_REQUIRE(ParseLink(m.nlh, &l));
  BOOST_TEST(l.mtu == 1500u);
  BOOST_TEST(!l.has_inet6);
  BOOST_TEST(l.conf.empty());

  // The AF_INET6 nest claims more than its parent holds.
  LinkMsg n(2, IFF_UP);
  nlattr* spec = mnl_attr_nest_start(n.nlh, IFLA_AF_SPEC);
  nlattr* i6 = mnl_attr_nest_start(n.nlh, AF_INET6);
  mnl_attr_put(n.nlh, IFLA_INET6_TOKEN, 16, V6("::5").b.data());
  mnl_attr_nest_end(n.nlh, i6);
  mnl_attr_nest_end(n.nlh, spec);
  i6->nla_len += 64;
  BOOST_TEST_REQUIRE(ParseLink(n.nlh, &l));
  BOOST_TEST(!l.has_inet6);
  BOOST_TEST(l.token.IsZero());

  // A token attribute shorter than 16 bytes is ignored.
  LinkMsg t(2, IFF_UP);
  spec = mnl_attr_nest_start(t.nlh, IFLA_AF_SPEC);
  i6 = mnl_attr_nest_start(t.nlh, AF_INET6);
  mnl_attr_put(t.nlh, IFLA_INET6_TOKEN, 8, V6("::5").b.data() + 8);
  mnl_attr_nest_end(t.nlh, i6);
  mnl_attr_nest_end(t.nlh, spec);
  BOOST_TEST_REQUIRE(ParseLink(t.nlh, &l));
  BOOST_TEST(l.has_inet6);
  BOOST_TEST(l.token.IsZero());

  // An MTU attribute with a short payload is ignored.
  LinkMsg u(2, 0);
  u.nlh->nlmsg_len = NLMSG_LENGTH(sizeof(ifinfomsg));
  mnl_attr_put_u16(u.nlh, IFLA_MTU, 1500);
  BOOST_TEST_REQUIRE(ParseLink(u.nlh, &l));
  BOOST_TEST(l.mtu == 0u);
}

BOOST_AUTO_TEST_CASE(parse_link_rejects) {
  LinkMsg m(2, 0);
  m.nlh->nlmsg_type = RTM_NEWADDR;
  Link l;
  BOOST_TEST(!ParseLink(m.nlh, &l));
  LinkMsg s(2, 0);
  s.nlh->nlmsg_len = NLMSG_LENGTH(sizeof(ifinfomsg) - 4);  // shorter than ifinfomsg
  BOOST_TEST(!ParseLink(s.nlh, &l));
}

// --- ParseAddress ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parse_address_flags_and_lifetimes) {
  AddrMsg m(RTM_NEWADDR, AF_INET6, 3, IFA_F_PERMANENT);
  In6 a = V6("2001:db8:1:0:208:80:154:23");
  mnl_attr_put(m.nlh, IFA_ADDRESS, 16, a.b.data());
  // IFA_FLAGS carries the bits that do not fit in ifa_flags, and wins.
  mnl_attr_put_u32(m.nlh, IFA_FLAGS, IFA_F_PERMANENT | IFA_F_TENTATIVE | IFA_F_NOPREFIXROUTE);
  ifa_cacheinfo ci{100, 200, 5, 6};
  mnl_attr_put(m.nlh, IFA_CACHEINFO, sizeof ci, &ci);
  int index = 0;
  Address out;
  BOOST_TEST_REQUIRE(ParseAddress(m.nlh, &index, &out));
  BOOST_TEST(index == 3);
  BOOST_TEST(out.cidr.addr == a);
  BOOST_TEST(out.cidr.len == 64);
  BOOST_TEST(out.flags == uint32_t(IFA_F_PERMANENT | IFA_F_TENTATIVE | IFA_F_NOPREFIXROUTE));
  BOOST_TEST(out.Tentative());
  BOOST_TEST(out.Permanent());
  BOOST_TEST(!out.DadFailed());
  BOOST_TEST(out.preferred == 100u);
  BOOST_TEST(out.valid == 200u);
  BOOST_TEST(out.scope == RT_SCOPE_UNIVERSE);
}

// IFA_PROTO (5.18+): who made the address, 0 included; absent before 5.18.
BOOST_AUTO_TEST_CASE(parse_address_proto) {
  for (int proto : {-1, IFAPROT_UNSPEC, IFAPROT_KERNEL_RA, IFAPROT_KERNEL_LL}) {
    AddrMsg m(RTM_NEWADDR, AF_INET6, 3, 0);
    mnl_attr_put(m.nlh, IFA_ADDRESS, 16, V6("2001:db8::1").b.data());
    if (proto >= 0) mnl_attr_put_u8(m.nlh, IFA_PROTO, uint8_t(proto));
    int index = 0;
    Address out;
    BOOST_TEST_REQUIRE(ParseAddress(m.nlh, &index, &out));
    BOOST_TEST(out.proto.has_value() == (proto >= 0));
    if (proto >= 0) BOOST_TEST(int(*out.proto) == proto);
  }
}

BOOST_AUTO_TEST_CASE(parse_address_without_ifa_flags) {
  AddrMsg m(RTM_DELADDR, AF_INET6, 3, IFA_F_PERMANENT | IFA_F_TENTATIVE | IFA_F_DADFAILED);
  mnl_attr_put(m.nlh, IFA_ADDRESS, 16, V6("2001:db8::1").b.data());
  int index = 0;
  Address out;
  BOOST_TEST_REQUIRE(ParseAddress(m.nlh, &index, &out));
  BOOST_TEST(out.flags == uint32_t(IFA_F_PERMANENT | IFA_F_TENTATIVE | IFA_F_DADFAILED));
  BOOST_TEST(out.DadFailed());
  BOOST_TEST(out.preferred == 0xffffffffu);  // no IFA_CACHEINFO: forever
  BOOST_TEST(out.valid == 0xffffffffu);
}

BOOST_AUTO_TEST_CASE(parse_address_rejects) {
  int index = 0;
  Address out;
  // IPv4.
  AddrMsg v4(RTM_NEWADDR, AF_INET, 3, 0);
  uint32_t ip = htonl(0x0a000001);
  mnl_attr_put(v4.nlh, IFA_ADDRESS, 4, &ip);
  BOOST_TEST(!ParseAddress(v4.nlh, &index, &out));
  // No IFA_ADDRESS (IFA_LOCAL alone is not read).
  AddrMsg local(RTM_NEWADDR, AF_INET6, 3, 0);
  mnl_attr_put(local.nlh, IFA_LOCAL, 16, V6("2001:db8::1").b.data());
  BOOST_TEST(!ParseAddress(local.nlh, &index, &out));
  // An address too short to be IPv6.
  AddrMsg shrt(RTM_NEWADDR, AF_INET6, 3, 0);
  mnl_attr_put(shrt.nlh, IFA_ADDRESS, 8, V6("2001:db8::1").b.data());
  BOOST_TEST(!ParseAddress(shrt.nlh, &index, &out));
  // Not an address message.
  AddrMsg link(RTM_NEWLINK, AF_INET6, 3, 0);
  mnl_attr_put(link.nlh, IFA_ADDRESS, 16, V6("2001:db8::1").b.data());
  BOOST_TEST(!ParseAddress(link.nlh, &index, &out));
  // Shorter than ifaddrmsg.
  AddrMsg cut(RTM_NEWADDR, AF_INET6, 3, 0);
  cut.nlh->nlmsg_len = NLMSG_LENGTH(4);
  BOOST_TEST(!ParseAddress(cut.nlh, &index, &out));
  // Short IFA_FLAGS and IFA_CACHEINFO are ignored, the rest is read.
  AddrMsg odd(RTM_NEWADDR, AF_INET6, 3, IFA_F_PERMANENT);
  mnl_attr_put(odd.nlh, IFA_ADDRESS, 16, V6("2001:db8::1").b.data());
  mnl_attr_put_u16(odd.nlh, IFA_FLAGS, 0xffff);
  uint32_t half[2] = {1, 2};
  mnl_attr_put(odd.nlh, IFA_CACHEINFO, sizeof half, half);
  BOOST_TEST_REQUIRE(ParseAddress(odd.nlh, &index, &out));
  BOOST_TEST(out.flags == uint32_t(IFA_F_PERMANENT));
  BOOST_TEST(out.preferred == 0xffffffffu);
}

// --- ParseAck ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parse_ack_plain) {
  Buf req;
  nlmsghdr* r = BuildSetToken(req.data(), 60, 2, V6("::1"));
  AckMsg ok(0, r, 0, false);
  Status s = ParseAck(ok.nlh);
  BOOST_TEST(s.ok());
  BOOST_TEST(s.extack.empty());
  AckMsg einval(-EINVAL, r, 0, false);
  s = ParseAck(einval.nlh);
  BOOST_TEST(s.err == EINVAL);
  BOOST_TEST(s.extack.empty());
  // Old kernels echo the request and send no TLVs.
  AckMsg echoed(-EAFNOSUPPORT, r, 0, true);
  s = ParseAck(echoed.nlh);
  BOOST_TEST(s.err == EAFNOSUPPORT);
  BOOST_TEST(s.extack.empty());
}

BOOST_AUTO_TEST_CASE(parse_ack_capped_with_tlvs) {
  Buf req;
  nlmsghdr* r = BuildSetToken(req.data(), 61, 2, V6("::1"));
  AckMsg m(-EINVAL, r, NLM_F_CAPPED | NLM_F_ACK_TLVS, false);
  mnl_attr_put_strz(m.nlh, NLMSGERR_ATTR_MSG, kRaDisabled);
  mnl_attr_put_u32(m.nlh, NLMSGERR_ATTR_OFFS, 36);
  Status s = ParseAck(m.nlh);
  BOOST_TEST(s.err == EINVAL);
  BOOST_TEST(s.extack == kRaDisabled);
  // The message may come after other TLVs.
  AckMsg later(-EINVAL, r, NLM_F_CAPPED | NLM_F_ACK_TLVS, false);
  mnl_attr_put_u32(later.nlh, NLMSGERR_ATTR_OFFS, 36);
  mnl_attr_put_strz(later.nlh, NLMSGERR_ATTR_MSG, "Router solicitation is disabled on device");
  BOOST_TEST(ParseAck(later.nlh).extack == "Router solicitation is disabled on device");
  // TLVs without a message.
  AckMsg none(-ERANGE, r, NLM_F_CAPPED | NLM_F_ACK_TLVS, false);
  mnl_attr_put_u32(none.nlh, NLMSGERR_ATTR_OFFS, 36);
  s = ParseAck(none.nlh);
  BOOST_TEST(s.err == ERANGE);
  BOOST_TEST(s.extack.empty());
}

BOOST_AUTO_TEST_CASE(parse_ack_uncapped_skips_the_echoed_request) {
  Buf req;
  nlmsghdr* r = BuildGetLink(req.data(), 62, "eno1");
  AckMsg m(-ENODEV, r, NLM_F_ACK_TLVS, true);
  mnl_attr_put_strz(m.nlh, NLMSGERR_ATTR_MSG, "no such device");
  Status s = ParseAck(m.nlh);
  BOOST_TEST(s.err == ENODEV);
  BOOST_TEST(s.extack == "no such device");
  // The same with the token request echoed.
  r = BuildSetToken(req.data(), 63, 2, V6("::208:80:154:23"));
  AckMsg t(-EINVAL, r, NLM_F_ACK_TLVS, true);
  mnl_attr_put_strz(t.nlh, NLMSGERR_ATTR_MSG, kRaDisabled);
  s = ParseAck(t.nlh);
  BOOST_TEST(s.err == EINVAL);
  BOOST_TEST(s.extack == kRaDisabled);
}

// An error field that is no errno: INT_MIN cannot be negated (UBSan, found by
// src/fuzz/netlink_fuzz.cc), and a positive one is no answer either.
BOOST_AUTO_TEST_CASE(parse_ack_error_out_of_range) {
  Buf req;
  nlmsghdr* r = BuildSetToken(req.data(), 65, 2, V6("::1"));
  for (int bad : {INT32_MIN, -4096, 1, EINVAL, INT32_MAX}) {
    AckMsg m(bad, r, 0, false);
    BOOST_TEST(ParseAck(m.nlh).err == EBADMSG, "error " << bad);
  }
  AckMsg last(-4095, r, 0, false);
  BOOST_TEST(ParseAck(last.nlh).err == 4095);
}

BOOST_AUTO_TEST_CASE(parse_ack_malformed) {
  Buf req;
  nlmsghdr* r = BuildSetToken(req.data(), 64, 2, V6("::1"));
  // Shorter than struct nlmsgerr.
  AckMsg cut(-EINVAL, r, 0, false);
  cut.nlh->nlmsg_len = NLMSG_LENGTH(sizeof(int));
  BOOST_TEST(ParseAck(cut.nlh).err == EBADMSG);
  cut.nlh->nlmsg_len = NLMSG_LENGTH(0);
  BOOST_TEST(ParseAck(cut.nlh).err == EBADMSG);
  // An echoed request longer than the message: no TLVs to read.
  AckMsg big(-EINVAL, r, NLM_F_ACK_TLVS, false);
  big.err->msg.nlmsg_len = 4000;
  mnl_attr_put_strz(big.nlh, NLMSGERR_ATTR_MSG, "unreachable");
  Status s = ParseAck(big.nlh);
  BOOST_TEST(s.err == EINVAL);
  BOOST_TEST(s.extack.empty());
  // An echoed header claiming less than a header.
  AckMsg tiny(-EINVAL, r, NLM_F_ACK_TLVS, false);
  tiny.err->msg.nlmsg_len = 0;
  s = ParseAck(tiny.nlh);
  BOOST_TEST(s.err == EINVAL);
  BOOST_TEST(s.extack.empty());
  // A TLV running past the end of the message.
  AckMsg past(-EINVAL, r, NLM_F_CAPPED | NLM_F_ACK_TLVS, false);
  nlattr* a = static_cast<nlattr*>(mnl_nlmsg_get_payload_tail(past.nlh));
  mnl_attr_put_strz(past.nlh, NLMSGERR_ATTR_MSG, "cut");
  a->nla_len = 200;
  s = ParseAck(past.nlh);
  BOOST_TEST(s.err == EINVAL);
  BOOST_TEST(s.extack.empty());
  // A message without its NUL: bounded by the attribute.
  AckMsg nonul(-EINVAL, r, NLM_F_CAPPED | NLM_F_ACK_TLVS, false);
  mnl_attr_put(nonul.nlh, NLMSGERR_ATTR_MSG, 5, "abcde");
  mnl_attr_put_u32(nonul.nlh, NLMSGERR_ATTR_OFFS, 0x41414141);
  s = ParseAck(nonul.nlh);
  BOOST_TEST(s.extack == "abcde");
}

BOOST_AUTO_TEST_CASE(the_walk_checks_every_length_against_the_bytes) {
  alignas(4) char buf[64] = {};
  auto* nlh = reinterpret_cast<nlmsghdr*>(buf);
  const nlmsghdr* got = nullptr;
  for (uint32_t len : {0u, 8u, 65u, 0x80000000u, 0xffffffffu}) {
    nlh->nlmsg_len = len;  // libmnl's mnl_nlmsg_ok() took 2^31 and up as negative
    const char* p = buf;
    size_t left = sizeof buf;
    BOOST_TEST(!NextMessage(&p, &left, &got), "nlmsg_len " << len);
  }
  nlh->nlmsg_len = 20;  // a whole message, then 44 bytes that are not one
  const char* p = buf;
  size_t left = sizeof buf;
  BOOST_TEST(NextMessage(&p, &left, &got));
  BOOST_TEST(got == nlh);
  BOOST_TEST(left == 44u);
  BOOST_TEST(!NextMessage(&p, &left, &got));
}

BOOST_AUTO_TEST_CASE(parse_link_empty_conf) {
  // An empty IFLA_INET6_CONF: no entries, and no memcpy from a null pointer
  // (UBSan flags that even for 0 bytes).
  LinkMsg m(2, 0);
  nlattr* spec = mnl_attr_nest_start(m.nlh, IFLA_AF_SPEC);
  nlattr* i6 = mnl_attr_nest_start(m.nlh, AF_INET6);
  mnl_attr_put(m.nlh, IFLA_INET6_CONF, 0, nullptr);
  mnl_attr_nest_end(m.nlh, i6);
  mnl_attr_nest_end(m.nlh, spec);
  Link l;
  BOOST_TEST_REQUIRE(ParseLink(m.nlh, &l));
  BOOST_TEST(l.has_inet6);
  BOOST_TEST(l.conf.empty());
}

// --- ParsePrefix, ParseRaRoute: byte layouts as the kernel writes them -------------------

// A message written byte by byte, little-endian as on the hosts we build for:
// the layouts of struct prefixmsg (include/uapi/linux/rtnetlink.h, filled by
// inet6_fill_prefix() in net/ipv6/addrconf.c) and struct rtmsg are spelt out
// here rather than taken from the headers the parser uses.
struct Bytes {
  alignas(nlmsghdr) unsigned char b[256] = {};
  size_t n = 16;
  explicit Bytes(uint16_t type) { memcpy(b + 4, &type, 2); }
  void U8(unsigned v) { b[n++] = uint8_t(v); }
  void U16(unsigned v) { U8(v & 0xff), U8(v >> 8); }
  void U32(uint32_t v) { U16(v & 0xffff), U16(v >> 16); }
  void Attr(uint16_t type, const void* data, uint16_t len) {
    U16(4u + len), U16(type);
    memcpy(b + n, data, len);
    n += (len + 3u) & ~3u;
  }
  void Attr32(uint16_t type, uint32_t v) { Attr(type, &v, 4); }
  const nlmsghdr* nlh() {
    uint32_t len = uint32_t(n);
    memcpy(b, &len, 4);
    return reinterpret_cast<const nlmsghdr*>(b);
  }
};

// RTM_NEWPREFIX (52): family, pad1, pad2 (u16), ifindex (s32), type (3, the
// prefix information option), len, flags, pad3; then PREFIX_ADDRESS (1) and
// PREFIX_CACHEINFO (2: preferred_time, valid_time).
static Bytes PrefixBytes(uint8_t len, uint8_t flags, const char* prefix = "2001:db8:1::") {
  Bytes m(52);
  m.U8(AF_INET6), m.U8(0), m.U16(0), m.U32(7), m.U8(3), m.U8(len), m.U8(flags), m.U8(0);
  m.Attr(1, V6(prefix).b.data(), 16);
  uint32_t ci[2] = {14400, 86400};
  m.Attr(2, ci, 8);
  return m;
}

BOOST_AUTO_TEST_CASE(parse_prefix_wire_flags) {
  // 6.7+ (and 6.1.68+): the option's own flags byte, L 0x80, A 0x40.
  Bytes m = PrefixBytes(64, 0xc0);
  PrefixEvent p;
  BOOST_TEST_REQUIRE(ParsePrefix(m.nlh(), &p));
  BOOST_TEST(p.index == 7);
  BOOST_TEST(p.prefix.addr == V6("2001:db8:1::"));
  BOOST_TEST(p.prefix.len == 64);
  BOOST_TEST(p.onlink);
  BOOST_TEST(p.autonomous);
  BOOST_TEST(p.preferred == 14400u);
  BOOST_TEST(p.valid == 86400u);
  Bytes no_a = PrefixBytes(64, 0x80);
  BOOST_TEST_REQUIRE(ParsePrefix(no_a.nlh(), &p));
  BOOST_TEST(p.onlink);
  BOOST_TEST(!p.autonomous);
  Bytes a_r = PrefixBytes(48, 0x60);  // A and R (RFC 6275), no L
  BOOST_TEST_REQUIRE(ParsePrefix(a_r.nlh(), &p));
  BOOST_TEST(!p.onlink);
  BOOST_TEST(p.autonomous);
  BOOST_TEST(p.prefix.len == 48);
}

BOOST_AUTO_TEST_CASE(parse_prefix_old_flags) {
  // Up to 6.6: IF_PREFIX_ONLINK 0x01, IF_PREFIX_AUTOCONF 0x02.
  PrefixEvent p;
  Bytes both = PrefixBytes(64, 0x03);
  BOOST_TEST_REQUIRE(ParsePrefix(both.nlh(), &p));
  BOOST_TEST(p.onlink);
  BOOST_TEST(p.autonomous);
  Bytes onlink = PrefixBytes(64, 0x01);
  BOOST_TEST_REQUIRE(ParsePrefix(onlink.nlh(), &p));
  BOOST_TEST(p.onlink);
  BOOST_TEST(!p.autonomous);
  Bytes none = PrefixBytes(64, 0x00);
  BOOST_TEST_REQUIRE(ParsePrefix(none.nlh(), &p));
  BOOST_TEST(!p.onlink);
  BOOST_TEST(!p.autonomous);
}

BOOST_AUTO_TEST_CASE(parse_prefix_rejects) {
  PrefixEvent p;
  Bytes no_addr(52);
  no_addr.U8(AF_INET6), no_addr.U8(0), no_addr.U16(0), no_addr.U32(7);
  no_addr.U8(3), no_addr.U8(64), no_addr.U8(0xc0), no_addr.U8(0);
  BOOST_TEST(!ParsePrefix(no_addr.nlh(), &p));  // no PREFIX_ADDRESS
  Bytes wrong_type = PrefixBytes(64, 0xc0);
  uint16_t newaddr = RTM_NEWADDR;
  memcpy(wrong_type.b + 4, &newaddr, 2);
  BOOST_TEST(!ParsePrefix(wrong_type.nlh(), &p));
  Bytes v4 = PrefixBytes(64, 0xc0);
  v4.b[16] = AF_INET;
  BOOST_TEST(!ParsePrefix(v4.nlh(), &p));
  Bytes long_len = PrefixBytes(129, 0xc0);
  BOOST_TEST(!ParsePrefix(long_len.nlh(), &p));
  Bytes cut = PrefixBytes(64, 0xc0);
  cut.n = 16 + 8;  // shorter than prefixmsg
  BOOST_TEST(!ParsePrefix(cut.nlh(), &p));
  // A short PREFIX_CACHEINFO is ignored, the rest is read.
  Bytes shrt(52);
  shrt.U8(AF_INET6), shrt.U8(0), shrt.U16(0), shrt.U32(7), shrt.U8(3), shrt.U8(64), shrt.U8(0x40),
      shrt.U8(0);
  shrt.Attr(1, V6("2001:db8:1::").b.data(), 16);
  shrt.Attr32(2, 5);
  BOOST_TEST_REQUIRE(ParsePrefix(shrt.nlh(), &p));
  BOOST_TEST(p.valid == 0u);
  BOOST_TEST(p.autonomous);
}

// RTM_NEWROUTE (24) / RTM_DELROUTE (25): family, dst_len, src_len, tos,
// table, protocol, scope, type, flags (u32); then attributes.
static Bytes RouteBytes(uint16_t type, uint8_t dst_len, uint8_t protocol) {
  Bytes m(type);
  m.U8(AF_INET6), m.U8(dst_len), m.U8(0), m.U8(0), m.U8(254), m.U8(protocol), m.U8(0), m.U8(1);
  m.U32(0);
  return m;
}

BOOST_AUTO_TEST_CASE(parse_ra_default_route) {
  // rt6_add_dflt_router(): ::/0 via the router's link-local, protocol ra (9).
  Bytes m = RouteBytes(24, 0, 9);
  m.Attr32(15, 254);                      // RTA_TABLE
  m.Attr(5, V6("fe80::1").b.data(), 16);  // RTA_GATEWAY
  m.Attr32(4, 7);                         // RTA_OIF
  RaRouteEvent r;
  BOOST_TEST_REQUIRE(ParseRaRoute(m.nlh(), &r));
  BOOST_TEST(!r.removed);
  BOOST_TEST(r.index == 7);
  BOOST_TEST(r.dst.len == 0);
  BOOST_TEST(r.dst.addr.IsZero());
  BOOST_TEST(r.gateway == V6("fe80::1"));
}

BOOST_AUTO_TEST_CASE(parse_ra_prefix_route) {
  // addrconf_prefix_route() of an on-link /48: RTA_DST, no gateway.
  Bytes m = RouteBytes(25, 48, 9);
  m.Attr(1, V6("2001:db8:1::").b.data(), 16);  // RTA_DST
  m.Attr32(4, 7);
  RaRouteEvent r;
  BOOST_TEST_REQUIRE(ParseRaRoute(m.nlh(), &r));
  BOOST_TEST(r.removed);
  BOOST_TEST(r.dst.addr == V6("2001:db8:1::"));
  BOOST_TEST(r.dst.len == 48);
  BOOST_TEST(r.gateway.IsZero());
}

BOOST_AUTO_TEST_CASE(parse_ra_route_rejects) {
  RaRouteEvent r;
  Bytes boot = RouteBytes(24, 0, 3);  // RTPROT_BOOT: ours or ifupdown's
  BOOST_TEST(!ParseRaRoute(boot.nlh(), &r));
  Bytes v4 = RouteBytes(24, 0, 9);
  v4.b[16] = AF_INET;
  BOOST_TEST(!ParseRaRoute(v4.nlh(), &r));
  Bytes addr = RouteBytes(20, 0, 9);  // RTM_NEWADDR
  BOOST_TEST(!ParseRaRoute(addr.nlh(), &r));
  Bytes cut = RouteBytes(24, 0, 9);
  cut.n = 16 + 4;
  BOOST_TEST(!ParseRaRoute(cut.nlh(), &r));
  Bytes long_dst = RouteBytes(24, 200, 9);
  BOOST_TEST(!ParseRaRoute(long_dst.nlh(), &r));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
