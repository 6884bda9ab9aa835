// A read-only Kernel answered from one dump per kind: every link (with its
// token and IPv6 settings) and every IPv6 address, read once. Lets `audit`
// hand a whole host to the per-interface readers (TakeSnapshot, check) at
// the cost of two requests, whatever the number of interfaces. An interface's
// sysctl files are still read through the kernel underneath, the host-wide
// ones once; every change is refused.
#ifndef IFTOKEN_AUDIT_HOST_VIEW_H_
#define IFTOKEN_AUDIT_HOST_VIEW_H_

#include <map>
#include <string>
#include <vector>

#include "kernel/kernel.h"

namespace ift {

class HostView : public Kernel {
 public:
  explicit HostView(Kernel& kernel) : kernel_(kernel) {}
  // The two dumps; until it succeeds every read answers ENODEV.
  Status Load();
  // The device named `name`, or nullptr.
  const LinkEntry* Entry(const std::string& name) const;

  Status GetLink(const std::string& name, Link* link) override;
  Status GetAddresses(int index, std::vector<Address>* out) override;
  Status DumpLinks(std::vector<LinkEntry>* out) override;
  Status DumpAddresses(std::vector<IndexedAddress>* out) override;
  Status ReadSysctl(const std::string& dir, const char* key, std::string* value) override;
  // Read only: each change is EPERM.
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
  Kernel& kernel_;
  std::vector<LinkEntry> links_;
  std::map<std::string, size_t> by_name_;
  std::map<int, std::vector<Address>> addresses_;  // by ifindex
  // The host-wide sysctls ("all", "default"), read once: every interface's
  // snapshot asks for them again.
  std::map<std::string, std::pair<Status, std::string>> host_sysctls_;
};

}  // namespace ift

#endif  // IFTOKEN_AUDIT_HOST_VIEW_H_
