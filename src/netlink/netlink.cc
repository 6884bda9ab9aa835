#include "netlink/netlink.h"

#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>


namespace ift {

namespace {

// Calls f for each well-formed attribute in [p, p+len): libmnl's for-each
// macros do not compile as C++.
template <class F>
void ForEachAttr(const void* p, size_t len, F f) {
  const char* end = static_cast<const char*>(p) + len;
  for (auto* a = static_cast<const nlattr*>(p);
       mnl_attr_ok(a, int(end - reinterpret_cast<const char*>(a))); a = mnl_attr_next(a))
    f(a);
}

template <class F>
void ForEachAttr(const nlmsghdr* nlh, size_t header, F f) {
  const char* start = static_cast<const char*>(mnl_nlmsg_get_payload_offset(nlh, header));
  const char* end = static_cast<const char*>(mnl_nlmsg_get_payload_tail(nlh));
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
        memcpy(link->conf.data(), p, len / 4 * 4);
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

int64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

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
  uint32_t ifa_flags = spec.nodad ? IFA_F_NODAD : 0;
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
  nlmsghdr* nlh = Header(buf, type, NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0), seq);
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
      case IFA_CACHEINFO:
        if (len >= sizeof(ifa_cacheinfo)) {
          auto* ci = static_cast<const ifa_cacheinfo*>(mnl_attr_get_payload(a));
          addr->preferred = ci->ifa_prefered;
          addr->valid = ci->ifa_valid;
        }
        break;
    }
  });
  return have_addr;
}

Status ParseAck(const nlmsghdr* nlh) {
  size_t len = mnl_nlmsg_get_payload_len(nlh);
  if (len < sizeof(nlmsgerr)) return Status::Errno(EBADMSG);
  auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
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

NetlinkKernel::NetlinkKernel() = default;

NetlinkKernel::~NetlinkKernel() {
  if (nl_) mnl_socket_close(nl_);
}

static Status OpenSocket(unsigned groups, mnl_socket** out) {
  mnl_socket* nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
  if (!nl) return Status::Errno(errno);
  int one = 1;
  // Ask for the kernel's own error text, a capped ack, and per-ifindex dumps.
  mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof one);
  mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof one);
  mnl_socket_setsockopt(nl, NETLINK_GET_STRICT_CHK, &one, sizeof one);
  timeval tv{NetlinkKernel::kReplyTimeoutMs / 1000, 0};
  setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0) {
    int e = errno;
    mnl_socket_close(nl);
    return Status::Errno(e);
  }
  *out = nl;
  return Status{};
}

Status NetlinkKernel::Open() {
  if (nl_) return Status{};
  Status s = OpenSocket(0, &nl_);
  if (s.ok()) portid_ = mnl_socket_get_portid(nl_);
  return s;
}

Status NetlinkKernel::Talk(nlmsghdr* req, OnMessage on_message, void* data) {
  if (Status s = Open(); !s.ok()) return s;
  if (mnl_socket_sendto(nl_, req, req->nlmsg_len) < 0) return Status::Errno(errno);
  bool dump = req->nlmsg_flags & NLM_F_DUMP;
  char buf[MNL_SOCKET_BUFFER_SIZE];
  for (;;) {
    ssize_t n = mnl_socket_recvfrom(nl_, buf, sizeof buf);
    if (n < 0) return Status::Errno(errno == EAGAIN ? ETIMEDOUT : errno);
    int left = int(n);
    for (auto* nlh = reinterpret_cast<nlmsghdr*>(buf); mnl_nlmsg_ok(nlh, left);
         nlh = mnl_nlmsg_next(nlh, &left)) {
      if (nlh->nlmsg_seq != req->nlmsg_seq || nlh->nlmsg_pid != portid_) continue;
      if (nlh->nlmsg_type == NLMSG_ERROR) return ParseAck(nlh);
      if (nlh->nlmsg_type == NLMSG_DONE && dump) return Status{};
      if (on_message) on_message(nlh, data);
    }
  }
}

Status NetlinkKernel::GetLink(const std::string& name, Link* link) {
  char buf[kMsgSize];
  *link = Link{};
  auto on = [](const nlmsghdr* nlh, void* data) { return ParseLink(nlh, static_cast<Link*>(data)); };
  return Talk(BuildGetLink(buf, ++seq_, name), on, link);
}

Status NetlinkKernel::GetAddresses(int index, std::vector<Address>* out) {
  struct Ctx { int index; std::vector<Address>* out; } ctx{index, out};
  out->clear();
  auto on = [](const nlmsghdr* nlh, void* data) {
    auto* c = static_cast<Ctx*>(data);
    int i;
    Address a;
    if (ParseAddress(nlh, &i, &a) && i == c->index) c->out->push_back(a);
    return true;
  };
  char buf[kMsgSize];
  return Talk(BuildGetAddresses(buf, ++seq_, index), on, &ctx);
}

Status NetlinkKernel::ReadSysctl(const std::string& dir, const char* key, std::string* value) {
  value->clear();
  std::string path = "/proc/sys/net/ipv6/conf/" + dir + "/" + key;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Errno(errno);
  char buf[128];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  int e = errno;
  close(fd);
  if (n < 0) return Status::Errno(e);
  value->assign(buf, size_t(n));
  while (!value->empty() && isspace(static_cast<unsigned char>(value->back()))) value->pop_back();
  return Status{};
}

Status NetlinkKernel::WriteSysctl(const std::string& iface, const char* key, int value) {
  if (!InvalidIfaceName(iface).empty()) return Status::Errno(EINVAL);  // never a path escape
  std::string path = "/proc/sys/net/ipv6/conf/" + iface + "/" + key;
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::Errno(errno);
  std::string text = std::to_string(value) + "\n";
  ssize_t n = write(fd, text.data(), text.size());
  int e = errno;
  close(fd);
  return n == ssize_t(text.size()) ? Status{} : Status::Errno(n < 0 ? e : EIO);
}

Status NetlinkKernel::SetToken(int index, const In6& token) {
  char buf[kMsgSize];
  return Talk(BuildSetToken(buf, ++seq_, index, token));
}

Status NetlinkKernel::SetAddrGenMode(int index, int mode) {
  char buf[kMsgSize];
  return Talk(BuildSetAddrGenMode(buf, ++seq_, index, mode));
}

Status NetlinkKernel::AddAddress(int index, const AddressSpec& spec) {
  char buf[kMsgSize];
  return Talk(BuildAddress(buf, ++seq_, RTM_NEWADDR, index, spec));
}

Status NetlinkKernel::DelAddress(int index, const Cidr& cidr) {
  char buf[kMsgSize];
  return Talk(BuildAddress(buf, ++seq_, RTM_DELADDR, index, AddressSpec{cidr}));
}

Status NetlinkKernel::ReplaceRoute(int index, const Route& route) {
  char buf[kMsgSize];
  return Talk(BuildRoute(buf, ++seq_, RTM_NEWROUTE, index, route));
}

Status NetlinkKernel::DelRoute(int index, const Route& route) {
  char buf[kMsgSize];
  return Talk(BuildRoute(buf, ++seq_, RTM_DELROUTE, index, route));
}

AddressEvents::~AddressEvents() {
  if (nl_) mnl_socket_close(nl_);
}

Status AddressEvents::Open() { return OpenSocket(RTMGRP_IPV6_IFADDR, &nl_); }

Status AddressEvents::Next(int timeout_ms, Event* event) {
  int64_t deadline = timeout_ms < 0 ? -1 : NowMs() + timeout_ms;
  for (;;) {
    while (next_ && mnl_nlmsg_ok(next_, left_)) {
      const nlmsghdr* nlh = next_;
      next_ = mnl_nlmsg_next(next_, &left_);
      if (ParseAddress(nlh, &event->index, &event->address)) {
        event->type = nlh->nlmsg_type;
        return Status{};
      }
    }
    int wait = deadline < 0 ? -1 : int(std::max<int64_t>(0, deadline - NowMs()));
    pollfd p{mnl_socket_get_fd(nl_), POLLIN, 0};
    int ready = poll(&p, 1, wait);
    if (ready < 0 && errno != EINTR) return Status::Errno(errno);
    if (ready <= 0) {
      if (deadline >= 0 && NowMs() >= deadline) return Status::Errno(ETIMEDOUT);
      continue;
    }
    ssize_t n = mnl_socket_recvfrom(nl_, buf_, sizeof buf_);
    if (n < 0) return Status::Errno(errno == ENOBUFS ? ENOBUFS : errno);
    left_ = int(n);
    next_ = reinterpret_cast<const nlmsghdr*>(buf_);
  }
}

namespace {

// What one address event (or dump entry) means for a DAD wait: nullopt while
// the address is still tentative.
std::optional<DadOutcome> Settled(int type, const Address& a) {
  if (type == RTM_DELADDR) return DadOutcome::kGone;
  if (a.DadFailed()) return DadOutcome::kFailed;
  if (!a.Tentative()) return DadOutcome::kDone;
  return std::nullopt;
}

}  // namespace

Status NetlinkKernel::WaitDad(int index, const std::vector<In6>& addrs, int timeout_ms,
                              std::vector<DadOutcome>* outcomes) {
  outcomes->assign(addrs.size(), DadOutcome::kTimedOut);
  std::vector<bool> open(addrs.size(), true);
  auto settle = [&](int type, const Address& a) {
    auto it = std::find(addrs.begin(), addrs.end(), a.cidr.addr);
    size_t i = size_t(it - addrs.begin());
    if (it == addrs.end() || !open[i]) return;
    if (auto outcome = Settled(type, a)) (*outcomes)[i] = *outcome, open[i] = false;
  };
  // Subscribe first, then read the current state: no event can fall between.
  AddressEvents events;
  if (Status s = events.Open(); !s.ok()) return s;
  std::vector<Address> now;
  if (Status s = GetAddresses(index, &now); !s.ok()) return s;
  for (const Address& a : now) settle(RTM_NEWADDR, a);
  for (size_t i = 0; i < addrs.size(); ++i) {
    bool present = std::any_of(now.begin(), now.end(), [&](const Address& a) { return a.cidr.addr == addrs[i]; });
    if (!present && open[i]) (*outcomes)[i] = DadOutcome::kGone, open[i] = false;
  }
  int64_t deadline = NowMs() + timeout_ms;
  while (std::find(open.begin(), open.end(), true) != open.end()) {
    AddressEvents::Event e;
    Status s = events.Next(int(std::max<int64_t>(0, deadline - NowMs())), &e);
    if (s.err == ETIMEDOUT) break;
    if (!s.ok()) return s;
    if (e.index == index) settle(e.type, e.address);
  }
  return Status{};
}

}  // namespace ift
