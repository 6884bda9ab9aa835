// The real Kernel: rtnetlink through libmnl, sysctls through /proc/sys.
// The message builders and parsers are free functions so that unit tests can
// check the bytes without a socket.
#ifndef IFTOKEN_NETLINK_NETLINK_H_
#define IFTOKEN_NETLINK_NETLINK_H_

#include <linux/netlink.h>

#include <memory>

#include "kernel/kernel.h"

struct mnl_socket;

namespace ift {

// Each builder writes one request into `buf` (at least kMsgSize bytes).
constexpr size_t kMsgSize = 8192;
nlmsghdr* BuildGetLink(char* buf, uint32_t seq, const std::string& name);
nlmsghdr* BuildGetAddresses(char* buf, uint32_t seq, int index);
nlmsghdr* BuildSetToken(char* buf, uint32_t seq, int index, const In6& token);
nlmsghdr* BuildSetAddrGenMode(char* buf, uint32_t seq, int index, int mode);
nlmsghdr* BuildAddress(char* buf, uint32_t seq, uint16_t type, int index, const AddressSpec& spec);
nlmsghdr* BuildRoute(char* buf, uint32_t seq, uint16_t type, int index, const Route& route);

// Parsers: false when the message is not what they read, or is malformed.
bool ParseLink(const nlmsghdr* nlh, Link* link);
bool ParseAddress(const nlmsghdr* nlh, int* index, Address* addr);
// An NLMSG_ERROR: the errno and, when the kernel attached one, its message.
Status ParseAck(const nlmsghdr* nlh);

// The kernel's IPv6 address events (RTNLGRP_IPV6_IFADDR), one at a time: what
// the DAD wait of the up hook and `iftoken monitor` listen to.
class AddressEvents {
 public:
  struct Event {
    int type = 0;  // RTM_NEWADDR or RTM_DELADDR
    int index = 0;
    Address address;
  };
  AddressEvents() = default;
  AddressEvents(const AddressEvents&) = delete;
  AddressEvents& operator=(const AddressEvents&) = delete;
  ~AddressEvents();
  Status Open();  // subscribed from here on
  // The next event within timeout_ms (-1: no limit); ETIMEDOUT when none came.
  Status Next(int timeout_ms, Event* event);

 private:
  mnl_socket* nl_ = nullptr;
  char buf_[8192];
  int left_ = 0;
  const nlmsghdr* next_ = nullptr;
};

class NetlinkKernel : public Kernel {
 public:
  NetlinkKernel();
  ~NetlinkKernel() override;
  Status GetLink(const std::string& name, Link* link) override;
  Status GetAddresses(int index, std::vector<Address>* out) override;
  Status ReadSysctl(const std::string& dir, const char* key, std::string* value) override;
  Status WriteSysctl(const std::string& iface, const char* key, int value) override;
  Status SetToken(int index, const In6& token) override;
  Status SetAddrGenMode(int index, int mode) override;
  Status AddAddress(int index, const AddressSpec& spec) override;
  Status DelAddress(int index, const Cidr& cidr) override;
  Status ReplaceRoute(int index, const Route& route) override;
  Status DelRoute(int index, const Route& route) override;
  Status WaitDad(int index, const std::vector<In6>& addrs, int timeout_ms,
                 std::vector<DadOutcome>* outcomes) override;

  static constexpr int kReplyTimeoutMs = 5000;

 private:
  using OnMessage = bool (*)(const nlmsghdr*, void*);
  Status Open();
  // Sends the request and reads replies until its ack (or NLMSG_DONE of a dump).
  Status Talk(nlmsghdr* req, OnMessage on_message = nullptr, void* data = nullptr);

  mnl_socket* nl_ = nullptr;
  uint32_t seq_ = 0;
  uint32_t portid_ = 0;
};

}  // namespace ift

#endif  // IFTOKEN_NETLINK_NETLINK_H_
