#include "pipeline/record.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "base/overloaded.h"

namespace ift {

const char kStateDir[] = "/run/ifupdown-token";

namespace {

std::optional<Conf> ConfByName(const std::string& name) {
  for (Conf c : {Conf::kForwarding, Conf::kAcceptRa, Conf::kAutoconf, Conf::kDadTransmits,
                 Conf::kRouterSolicitations, Conf::kUseTempaddr, Conf::kOptimisticDad,
                 Conf::kDisableIpv6, Conf::kAcceptDad, Conf::kAddrGenMode})
    if (name == ConfName(c)) return c;
  return std::nullopt;
}

// A whole decimal number in [lo, hi]: a damaged value must not be read as 0
// and then "restored" by down.
std::optional<long long> Number(const std::string& text, long long lo, long long hi) {
  char* end = nullptr;
  errno = 0;
  long long n = strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end || errno || n < lo || n > hi) return std::nullopt;
  return n;
}

std::optional<Cidr> ParseCidr(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto a = In6::Parse(text.substr(0, slash));
  auto len = Number(text.substr(slash + 1), 1, 128);
  if (!a || !len) return std::nullopt;
  return Cidr{*a, int(*len)};
}

}  // namespace

void Record::Merge(const std::vector<Action>& applied) {
  for (const Action& a : applied) {
    std::visit(Visitor{
        [&](const SetSysctl& s) {
          auto it = std::find_if(sysctls.begin(), sysctls.end(),
                                 [&](const SysctlChange& c) { return c.conf == s.conf; });
          if (it == sysctls.end()) sysctls.push_back({s.conf, {s.from, s.to}});
          else it->change.to = s.to;
        },
        [&](const SetToken& t) {
          if (!token) token = {t.from, t.to};
          else token->second = t.to;
        },
        [&](const SetAddrGenMode& m) {
          if (!addr_gen_mode) addr_gen_mode = Change{m.from, m.to};
          else addr_gen_mode->to = m.to;
        },
        [&](const AddAddress& x) {
          if (!HasAddress(x.spec.cidr)) addresses.push_back(x.spec.cidr);
        },
        [&](const AddRoute& r) {
          if (std::find(routes.begin(), routes.end(), r.route) == routes.end())
            routes.push_back(r.route);
        },
        [](const auto&) {},
    }, a);
  }
  // A setting bumped and restored within one run (accept_ra around a token
  // clear) is no change at all.
  std::erase_if(sysctls, [](const SysctlChange& c) { return c.change.from == c.change.to; });
  if (token && token->first == token->second) token.reset();
  if (addr_gen_mode && addr_gen_mode->from == addr_gen_mode->to) addr_gen_mode.reset();
}

bool Record::Empty() const {
  return sysctls.empty() && !token && !addr_gen_mode && addresses.empty() && routes.empty();
}

Record Record::AddressesAndRoutes() const {
  Record r;
  r.index = index;
  r.addresses = addresses;
  r.routes = routes;
  return r;
}

Record Record::LinkLevel() const {
  Record r = *this;
  r.addresses.clear();
  r.routes.clear();
  return r;
}

bool Record::HasAddress(const Cidr& c) const {
  return std::find(addresses.begin(), addresses.end(), c) != addresses.end();
}

std::string Record::Serialize() const {
  std::ostringstream out;
  out << "# ifupdown-token: what ifup changed, undone by ifdown. Do not edit.\n";
  out << "version 1\nindex " << index << "\n";
  for (const SysctlChange& s : sysctls)
    out << "sysctl " << ConfName(s.conf) << " " << s.change.from << " " << s.change.to << "\n";
  if (token) out << "token " << token->first.str() << " " << token->second.str() << "\n";
  if (addr_gen_mode) out << "addr_gen_mode " << addr_gen_mode->from << " " << addr_gen_mode->to << "\n";
  for (const Cidr& c : addresses) out << "address " << c.str() << "\n";
  for (const Route& r : routes) out << "route " << r.gateway.str() << " " << r.metric << "\n";
  return out.str();
}

std::optional<Record> Record::Parse(const std::string& text) {
  Record r;
  std::istringstream in(text);
  std::string line;
  bool versioned = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string kind, a, b, c;
    f >> kind >> a >> b >> c;
    if (kind == "version") versioned = a == "1";
    else if (kind == "index") {
      auto n = Number(a, 1, INT32_MAX);
      if (!n) return std::nullopt;
      r.index = int(*n);
    } else if (kind == "sysctl") {
      auto conf = ConfByName(a);
      auto from = Number(b, INT32_MIN, INT32_MAX), to = Number(c, INT32_MIN, INT32_MAX);
      if (!conf || !from || !to) return std::nullopt;
      r.sysctls.push_back({*conf, {int(*from), int(*to)}});
    } else if (kind == "token") {
      auto from = In6::Parse(a), to = In6::Parse(b);
      if (!from || !to) return std::nullopt;
      r.token = {*from, *to};
    } else if (kind == "addr_gen_mode") {
      auto from = Number(a, 0, 255), to = Number(b, 0, 255);
      if (!from || !to) return std::nullopt;
      r.addr_gen_mode = Change{int(*from), int(*to)};
    } else if (kind == "address") {
      auto cidr = ParseCidr(a);
      if (!cidr) return std::nullopt;
      r.addresses.push_back(*cidr);
    } else if (kind == "route") {
      auto gw = In6::Parse(a);
      auto metric = Number(b, 0, UINT32_MAX);
      if (!gw || !metric) return std::nullopt;
      r.routes.push_back({*gw, uint32_t(*metric)});
    } else {
      return std::nullopt;
    }
  }
  if (!versioned || r.index <= 0) return std::nullopt;
  return r;
}

std::optional<Record> LoadRecord(const std::string& dir, const std::string& iface) {
  FILE* f = fopen((dir + "/" + iface).c_str(), "re");
  if (!f) return std::nullopt;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  fclose(f);
  return Record::Parse(text);
}

Status SaveRecord(const std::string& dir, const std::string& iface, const Record& r) {
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return Status::Errno(errno);
  std::string path = dir + "/" + iface, tmp = dir + "/." + iface + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Errno(errno);
  std::string text = r.Serialize();
  bool ok = write(fd, text.data(), text.size()) == ssize_t(text.size());
  ok = fsync(fd) == 0 && ok;
  int err = errno;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    err = ok ? errno : err;
    unlink(tmp.c_str());
    return Status::Errno(err ? err : EIO);
  }
  return Status{};
}

Status RemoveRecord(const std::string& dir, const std::string& iface) {
  if (unlink((dir + "/" + iface).c_str()) != 0 && errno != ENOENT) return Status::Errno(errno);
  return Status{};
}

}  // namespace ift
