// HostView: the Kernel's reads answered from two dumps.
#include "audit/host_view.h"

#include <cerrno>

namespace ift {

Status HostView::Load() {
  std::vector<LinkEntry> links;
  std::vector<IndexedAddress> addresses;
  if (Status s = kernel_.DumpLinks(&links); !s.ok()) return s;
  if (Status s = kernel_.DumpAddresses(&addresses); !s.ok()) return s;
  links_ = std::move(links);
  by_name_.clear();
  addresses_.clear();
  for (size_t i = 0; i < links_.size(); ++i) by_name_[links_[i].name] = i;
  for (const IndexedAddress& a : addresses) addresses_[a.index].push_back(a.address);
  return Status{};
}

const LinkEntry* HostView::Entry(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &links_[it->second];
}

Status HostView::GetLink(const std::string& name, Link* link) {
  const LinkEntry* e = Entry(name);
  if (!e) return Status::Errno(ENODEV);
  *link = e->link;
  return Status{};
}

Status HostView::GetAddresses(int index, std::vector<Address>* out) {
  auto it = addresses_.find(index);
  out->clear();
  if (it != addresses_.end()) *out = it->second;
  return Status{};
}

Status HostView::DumpLinks(std::vector<LinkEntry>* out) {
  *out = links_;
  return Status{};
}

Status HostView::DumpAddresses(std::vector<IndexedAddress>* out) {
  out->clear();
  for (const auto& [index, list] : addresses_)
    for (const Address& a : list) out->push_back({index, a});
  return Status{};
}

Status HostView::ReadSysctl(const std::string& dir, const char* key, std::string* value) {
  if (dir != "all" && dir != "default") return kernel_.ReadSysctl(dir, key, value);
  std::string name = dir + "/" + key;
  auto it = host_sysctls_.find(name);
  if (it == host_sysctls_.end()) {
    std::string v;
    Status s = kernel_.ReadSysctl(dir, key, &v);
    it = host_sysctls_.emplace(name, std::make_pair(s, v)).first;
  }
  *value = it->second.second;
  return it->second.first;
}

Status HostView::WriteSysctl(const std::string&, const char*, int) { return Status::Errno(EPERM); }
Status HostView::SetToken(int, const In6&) { return Status::Errno(EPERM); }
Status HostView::SetAddrGenMode(int, int) { return Status::Errno(EPERM); }
Status HostView::AddAddress(int, const AddressSpec&) { return Status::Errno(EPERM); }
Status HostView::DelAddress(int, const Cidr&) { return Status::Errno(EPERM); }
Status HostView::AddRoute(int, const Route&) { return Status::Errno(EPERM); }
Status HostView::DelRoute(int, const Route&) { return Status::Errno(EPERM); }
Status HostView::Watch(unsigned) { return Status::Errno(EPERM); }
Status HostView::NextEvent(int, KernelEvent*) { return Status::Errno(EPERM); }

}  // namespace ift
