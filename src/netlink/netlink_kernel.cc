// The real Kernel: requests over one rtnetlink socket (libmnl), IPv6 settings
// through /proc/sys/net/ipv6/conf (a dot in a VLAN name is literal there,
// unlike in sysctl(8)), address events on a second socket.
#include "netlink/netlink_kernel.h"

#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>

#include "netlink/messages.h"
#include "netlink/socket.h"

namespace ift {

NetlinkKernel::NetlinkKernel() = default;

NetlinkKernel::~NetlinkKernel() {
  if (nl_) mnl_socket_close(nl_);
}

Status NetlinkKernel::Open() {
  if (nl_) return Status{};
  Status s = OpenRouteSocket(0, &nl_);
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
    const char* p = buf;
    size_t left = size_t(n);
    for (const nlmsghdr* nlh; NextMessage(&p, &left, &nlh);) {
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

Status NetlinkKernel::DumpLinks(std::vector<LinkEntry>* out) {
  out->clear();
  auto on = [](const nlmsghdr* nlh, void* data) {
    LinkEntry e;
    if (ParseLinkEntry(nlh, &e)) static_cast<std::vector<LinkEntry>*>(data)->push_back(std::move(e));
    return true;
  };
  char buf[kMsgSize];
  return Talk(BuildDumpLinks(buf, ++seq_), on, out);
}

Status NetlinkKernel::DumpAddresses(std::vector<IndexedAddress>* out) {
  out->clear();
  auto on = [](const nlmsghdr* nlh, void* data) {
    IndexedAddress a;
    if (ParseAddress(nlh, &a.index, &a.address))
      static_cast<std::vector<IndexedAddress>*>(data)->push_back(a);
    return true;
  };
  char buf[kMsgSize];
  return Talk(BuildGetAddresses(buf, ++seq_, 0), on, out);
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

Status NetlinkKernel::AddRoute(int index, const Route& route) {
  char buf[kMsgSize];
  return Talk(BuildRoute(buf, ++seq_, RTM_NEWROUTE, index, route));
}

Status NetlinkKernel::DelRoute(int index, const Route& route) {
  char buf[kMsgSize];
  return Talk(BuildRoute(buf, ++seq_, RTM_DELROUTE, index, route));
}

Status NetlinkKernel::Watch(unsigned groups) { return events_.Open(groups); }

Status NetlinkKernel::NextEvent(int timeout_ms, KernelEvent* event) {
  return events_.Next(timeout_ms, event);
}

}  // namespace ift
