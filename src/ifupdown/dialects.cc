// ifupdown2's and ifupdown-ng's names, executors and hook environments.
#include "ifupdown/dialects.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include "base/text.h"

namespace ift {
namespace {

namespace fs = std::filesystem;

// ifupdown-ng 0.11's table, sorted by the old name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 72> kNgRenamed = {{
    {"bond-ad-sys-priority", "bond-ad-actor-sys-prio"},
    {"bond-slaves", "bond-members"},
    {"client", "dhcp-client-id"},
    {"driver-message-level", "ethtool-msglvl"},
    {"endpoint", "tunnel-remote"},
    {"ethernet-autoneg", "ethtool-ethernet-autoneg"},
    {"ethernet-pause-autoneg", "ethtool-pause-autoneg"},
    {"ethernet-pause-rx", "ethtool-pause-rx"},
    {"ethernet-pause-tx", "ethtool-pause-tx"},
    {"ethernet-port", "ethtool-ethernet-port"},
    {"ethernet-wol", "ethtool-ethernet-wol"},
    {"gro-offload", "ethtool-offload-gro"},
    {"gso-offload", "ethtool-offload-gso"},
    {"hardware-dma-ring-rx", "ethtool-dma-ring-rx"},
    {"hardware-dma-ring-rx-jumbo", "ethtool-dma-ring-rx-jumbo"},
    {"hardware-dma-ring-rx-mini", "ethtool-dma-ring-rx-mini"},
    {"hardware-dma-ring-tx", "ethtool-dma-ring-tx"},
    {"hardware-irq-coalesce-adaptive-rx", "ethtool-coalesce-adaptive-rx"},
    {"hardware-irq-coalesce-adaptive-tx", "ethtool-coalesce-adaptive-tx"},
    {"hardware-irq-coalesce-pkt-rate-high", "ethtool-coalesce-pkt-rate-high"},
    {"hardware-irq-coalesce-pkt-rate-low", "ethtool-coalesce-pkt-rate-low"},
    {"hardware-irq-coalesce-rx-frames", "ethtool-coalesce-rx-frames"},
    {"hardware-irq-coalesce-rx-frames-high", "ethtool-coalesce-rx-frames-high"},
    {"hardware-irq-coalesce-rx-frames-irq", "ethtool-coalesce-rx-frames-irq"},
    {"hardware-irq-coalesce-rx-frames-low", "ethtool-coalesce-rx-frames-low"},
    {"hardware-irq-coalesce-rx-usecs", "ethtool-coalesce-rx-usecs"},
    {"hardware-irq-coalesce-rx-usecs-high", "ethtool-coalesce-rx-usecs-high"},
    {"hardware-irq-coalesce-rx-usecs-irq", "ethtool-coalesce-rx-usecs-irq"},
    {"hardware-irq-coalesce-rx-usecs-low", "ethtool-coalesce-rx-usecs-low"},
    {"hardware-irq-coalesce-sample-interval", "ethtool-coalesce-sample-interval"},
    {"hardware-irq-coalesce-stats-block-usecs", "ethtool-coalesce-stats-block-usecs"},
    {"hardware-irq-coalesce-tx-frames", "ethtool-coalesce-tx-frames"},
    {"hardware-irq-coalesce-tx-frames-high", "ethtool-coalesce-tx-frames-high"},
    {"hardware-irq-coalesce-tx-frames-irq", "ethtool-coalesce-tx-frames-irq"},
    {"hardware-irq-coalesce-tx-frames-low", "ethtool-coalesce-tx-frames-low"},
    {"hardware-irq-coalesce-tx-usecs", "ethtool-coalesce-tx-usecs"},
    {"hardware-irq-coalesce-tx-usecs-high", "ethtool-coalesce-tx-usecs-high"},
    {"hardware-irq-coalesce-tx-usecs-irq", "ethtool-coalesce-tx-usecs-irq"},
    {"hardware-irq-coalesce-tx-usecs-low", "ethtool-coalesce-tx-usecs-low"},
    {"hostname", "dhcp-hostname"},
    {"key", "tunnel-key"},
    {"leasetime", "dhcp-leasetime"},
    {"link-autoneg", "ethtool-ethernet-autoneg"},
    {"link-duplex", "ethtool-link-duplex"},
    {"link-fec", "ethtool-link-fec"},
    {"link-speed", "ethtool-link-speed"},
    {"local", "tunnel-local"},
    {"lro-offload", "ethtool-offload-lro"},
    {"mode", "tunnel-mode"},
    {"offload-gro", "ethtool-offload-gro"},
    {"offload-gso", "ethtool-offload-gso"},
    {"offload-lro", "ethtool-offload-lro"},
    {"offload-rx", "ethtool-offload-rx"},
    {"offload-sg", "ethtool-offload-sg"},
    {"offload-tso", "ethtool-offload-tso"},
    {"offload-tx", "ethtool-offload-tx"},
    {"offload-ufo", "ethtool-offload-ufo"},
    {"pointopoint", "point-to-point"},
    {"provider", "ppp-provider"},
    {"rx-offload", "ethtool-offload-rx"},
    {"script", "dhcp-script"},
    {"tso-offload", "ethtool-offload-tso"},
    {"ttl", "tunnel-ttl"},
    {"tunnel-endpoint", "tunnel-remote"},
    {"tunnel-physdev", "tunnel-dev"},
    {"tx-offload", "ethtool-offload-tx"},
    {"ufo-offload", "ethtool-offload-ufo"},
    {"vendor", "dhcp-vendor"},
    {"vrf", "vrf-member"},
    {"vxlan-local-tunnelip", "vxlan-local-ip"},
    {"vxlan-remoteip", "vxlan-remote-ip"},
    {"vxlan-svcnodeip", "vxlan-remote-group"},
}};

int SetBits(const std::string& mask) {
  in_addr a{};
  if (mask.find('.') != std::string::npos && inet_pton(AF_INET, mask.c_str(), &a) == 1)
    return __builtin_popcount(a.s_addr);
  return atoi(mask.c_str());
}

// "IF_" + the name in upper case with '-' as '_', other characters kept:
// how both build the name (ifupdown2's addon in Python, ifupdown-ng in C).
std::string IfName(std::string_view option) {
  std::string n = "IF_";
  for (char c : option) n += c == '-' ? '_' : (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  return n;
}

std::map<std::string, std::string> Ifupdown2Environment(const Stanza& s) {
  std::map<std::string, std::vector<std::string>> values;
  for (const Option& o : s.options) values[IfName(o.name)].push_back(o.value);
  std::map<std::string, std::string> env;
  for (const auto& [name, list] : values)
    for (const std::string& v : list) env[name] += (&v == &list.front() ? "" : "\n") + v;
  env["IFACE"] = s.iface;
  env["PHASE"] = "pre-up";
  env["ADDRFAM"] = s.family;
  env["VERBOSE"] = "0";
  return env;
}

std::map<std::string, std::string> NgEnvironment(const Stanza& s, const std::string& file) {
  std::map<std::string, std::string> env;
  std::string addresses, gateways;
  for (const Option& o : s.options) {
    if (o.name == "address") {
      if (addresses.empty()) env["IF_ADDRESS"] = o.value;
      addresses += o.value + " ";
      continue;
    }
    if (o.name == "gateway") gateways += o.value + " ";
    env[IfName(o.name)] = o.value;
  }
  if (!addresses.empty()) env["IF_ADDRESSES"] = addresses;
  if (!gateways.empty()) env["IF_GATEWAYS"] = gateways;
  env["IFACE"] = s.iface;
  env["PHASE"] = "pre-up";
  env["MODE"] = "start";
  env["METHOD"] = "none";
  env["INTERFACES_FILE"] = file;
  return env;
}

}  // namespace

std::string_view NgOptionName(std::string_view name) {
  auto it = std::lower_bound(kNgRenamed.begin(), kNgRenamed.end(), name,
                             [](const auto& e, std::string_view n) { return e.first < n; });
  return it != kNgRenamed.end() && it->first == name ? it->second : name;
}

int NgPrefixLength(bool v6, const std::string* netmask) {
  return netmask ? SetBits(*netmask) : v6 ? 64 : 24;
}

std::map<std::string, std::string> DialectEnvironment(const Stanza& s,
                                                      const std::string& interfaces_file) {
  switch (s.dialect) {
    case Dialect::kIfupdown2: return Ifupdown2Environment(s);
    case Dialect::kIfupdownNg: return NgEnvironment(s, interfaces_file);
    case Dialect::kIfupdown: break;
  }
  return {};
}

std::optional<Dialect> InstalledDialect(const std::string& root) {
  std::error_code ec;
  for (const char* p : {"/sbin/ifup", "/usr/sbin/ifup"}) {
    fs::path ifup = root + p;
    fs::file_status st = fs::symlink_status(ifup, ec);
    if (ec || !fs::exists(st)) continue;
    if (!fs::is_symlink(st)) return Dialect::kIfupdown;
    std::string target = fs::read_symlink(ifup, ec).string();
    if (target.find("ifupdown2") != std::string::npos) return Dialect::kIfupdown2;
    if (fs::path(target).filename() == "ifupdown") return Dialect::kIfupdownNg;
    return Dialect::kIfupdown;
  }
  return std::nullopt;
}

// The first MiB is enough to tell, and bounds what a device gives; read
// without blocking, so a terminal or FIFO gives nothing rather than a wait.
Dialect DialectOfSyntax(const std::string& path) {
  std::string text(1 << 20, '\0');
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  ssize_t n = fd < 0 ? 0 : read(fd, text.data(), text.size());
  if (fd >= 0) close(fd);
  text.resize(n > 0 ? size_t(n) : 0);
  bool bare = false, ifupdown2 = false;
  for (std::string_view rest = text; !rest.empty();) {
    size_t nl = rest.find('\n');
    std::vector<std::string> w = Words(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? "" : rest.substr(nl + 1);
    if (w.empty()) continue;
    if (w[0] == "use" || w[0] == "template" || w[0] == "inherit" || w[0] == "interface")
      return Dialect::kIfupdownNg;
    if (w[0].starts_with('%') || w[0] == "vlan") ifupdown2 = true;
    if (w[0] == "iface" && w.size() == 2) bare = true;
  }
  return ifupdown2 || bare ? Dialect::kIfupdown2 : Dialect::kIfupdown;
}

}  // namespace ift
