// The real Kernel: rtnetlink through libmnl, sysctls through /proc/sys.
#ifndef IFTOKEN_NETLINK_NETLINK_KERNEL_H_
#define IFTOKEN_NETLINK_NETLINK_KERNEL_H_

#include <linux/netlink.h>

#include <cstdint>

#include "kernel/kernel.h"
#include "netlink/address_events.h"

struct mnl_socket;

namespace ift {

class NetlinkKernel : public Kernel {
 public:
  NetlinkKernel();
  ~NetlinkKernel() override;
  Status GetLink(const std::string& name, Link* link) override;
  Status GetAddresses(int index, std::vector<Address>* out) override;
  Status DumpLinks(std::vector<LinkEntry>* out) override;
  Status DumpAddresses(std::vector<IndexedAddress>* out) override;
  Status ReadSysctl(const std::string& dir, const char* key, std::string* value) override;
  Status WriteSysctl(const std::string& iface, const char* key, int value) override;
  Status SetToken(int index, const In6& token) override;
  Status SetAddrGenMode(int index, int mode) override;
  Status AddAddress(int index, const AddressSpec& spec) override;
  Status DelAddress(int index, const Cidr& cidr) override;
  Status AddRoute(int index, const Route& route) override;
  Status DelRoute(int index, const Route& route) override;
  Status Watch(unsigned groups) override;
  Status NextEvent(int timeout_ms, KernelEvent* event) override;

 private:
  using OnMessage = bool (*)(const nlmsghdr*, void*);
  Status Open();
  // Sends the request and reads replies until its ack (or NLMSG_DONE of a dump).
  Status Talk(nlmsghdr* req, OnMessage on_message = nullptr, void* data = nullptr);

  mnl_socket* nl_ = nullptr;  // opened on first use: "not ours" never opens it
  uint32_t seq_ = 0;
  uint32_t portid_ = 0;
  AddressEvents events_;
};

}  // namespace ift

#endif  // IFTOKEN_NETLINK_NETLINK_KERNEL_H_
