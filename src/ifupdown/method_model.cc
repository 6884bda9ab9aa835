// ifupdown 0.8.41's methods on one stanza: defaults, conversions, hook environment, writes.
#include "ifupdown/method_model.h"

#include <arpa/inet.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "base/text.h"
#include "ifupdown/dialects.h"
#include "ifupdown/methods.h"

namespace ift {
namespace {

using Opts = std::vector<Option>;

// Option* or const Option*, as `opts` is.
template <class Options>
auto Find(Options& opts, std::string_view name) -> decltype(&opts.front()) {
  auto it = std::find_if(opts.begin(), opts.end(), [&](const Option& o) { return o.name == name; });
  return it == opts.end() ? nullptr : &*it;
}

// ifupdown's get_var(): an option set to "" counts as unset.
const std::string* Value(const Opts& opts, std::string_view name) {
  const Option* o = Find(opts, name);
  return o && !o->value.empty() ? &o->value : nullptr;
}

// A method default is appended only when the option is unset; it has no line
// of its own, so it points at the stanza.
void Default(Opts& opts, const Stanza& s, const char* name, const char* value) {
  if (!Find(opts, name)) opts.push_back({name, value, s.file, s.line});
}

// A conversion "SOURCE fn =TARGET?": TARGET, if unset, starts as a copy of
// SOURCE and fn rewrites that copy (so a fn that gives up leaves SOURCE's
// value in TARGET, as ifupdown's convert_variables() does).
template <class Fn>
void ConvertInto(Opts& opts, const char* source, const char* target, Fn fn) {
  const Option* src = Find(opts, source);
  if (!src || Find(opts, target)) return;
  Option copy = *src;
  copy.name = target;
  fn(copy.value);
  opts.push_back(std::move(copy));
}

template <class Fn>
void Convert(Opts& opts, const char* name, Fn fn) {
  if (Option* o = Find(opts, name)) fn(o->value);
}

// cleanup_hwaddress(): "ether 02:..." -> "02:...". "random" would become a
// random MAC at ifup time, which cannot be predicted: it is kept.
void CleanupHwaddress(std::string& v) {
  size_t space = v.find(' ');
  if (space == std::string::npos) return;
  std::string cls = v.substr(0, space);
  for (const char* known : {"ether", "ax25", "ARCnet", "netrom"})
    if (!strcasecmp(cls.c_str(), known)) return void(v.erase(0, space + 1));
}

// get_token(/ N ""): field N of ADDR/LEN, or "".
void SlashField(std::string& v, size_t n) {
  std::vector<std::string> f = Words(v, "/");
  v = n < f.size() ? f[n] : "";
}

// set_preferred_lft(): an alias label (NAME:LABEL) gets preferred_lft 0.
void PreferredLifetime(std::string& v, const std::string& iface) {
  if (Words(iface, ":").size() > 1) v = "0";
}

// compute_v4_mask() reads at most 33 bytes of the value.
std::string V4Prefix(const std::string& v) { return v.substr(0, 33); }

std::string Ntop(uint32_t host_order) {
  in_addr a{htonl(host_order)};
  char buf[INET_ADDRSTRLEN];
  return inet_ntop(AF_INET, &a, buf, sizeof buf) ? buf : "";
}

// compute_v4_mask(): /LEN or a dotted mask, or the classful mask without
// one. The shift is the C code's: a 64-bit long shifted by (32-LEN) mod 64.
void ComputeV4Mask(std::string& v) {
  std::vector<std::string> f = Words(V4Prefix(v), "/");
  in_addr addr, mask;
  if (f.empty() || inet_pton(AF_INET, f[0].c_str(), &addr) != 1) return;
  uint8_t first = reinterpret_cast<uint8_t*>(&addr)[0];
  int width = first <= 127 ? 8 : first <= 191 ? 16 : first <= 223 ? 24 : 32;
  if (f.size() > 1) {
    if (inet_pton(AF_INET, f[1].c_str(), &mask) == 1) return void(v = Ntop(ntohl(mask.s_addr)));
    char* end;
    long n = strtol(f[1].c_str(), &end, 10);
    if (end == f[1].c_str()) return;
    width = int(n);
  }
  uint64_t low = (uint64_t{1} << ((32 - width) & 63)) - 1;
  v = Ntop(uint32_t(~low));
}

// compute_v4_addr(): ADDR/LEN -> ADDR.
void ComputeV4Addr(std::string& v) {
  std::vector<std::string> f = Words(V4Prefix(v), "/");
  if (!f.empty()) v = f[0];
}

// compute_v4_broadcast(): "+" (the default) or "-" from address and a dotted
// netmask; anything else, or an unparsable address or mask, is kept.
void ComputeV4Broadcast(std::string& v, const Opts& opts) {
  const std::string* address = Value(opts, "address");
  const std::string* netmask = Value(opts, "netmask");
  in_addr a, m;
  if ((v != "+" && v != "-") || !address || !netmask) return;
  if (inet_pton(AF_INET, address->c_str(), &a) != 1 ||
      inet_pton(AF_INET, netmask->c_str(), &m) != 1)
    return;
  uint32_t addr = ntohl(a.s_addr), mask = ntohl(m.s_addr);
  if (mask == 0xfffffffe) addr = v == "+" ? 0xffffffff : 0;  // a /31 has no broadcast
  else addr = v == "+" ? addr | ~mask : addr & mask;
  v = Ntop(addr);
}

// make_hex_address(): 6to4's local 192.0.2.1 -> c000:0201.
void MakeHexAddress(std::string& v) {
  unsigned char o[4];
  if (sscanf(v.c_str(), "%3hhu.%3hhu.%3hhu.%3hhu", &o[0], &o[1], &o[2], &o[3]) != 4) return;
  char buf[16];
  snprintf(buf, sizeof buf, "%.2hhx%.2hhx:%.2hhx%.2hhx", o[0], o[1], o[2], o[3]);
  v = buf;
}

void Static6(Opts& o, const Stanza& s) {
  Default(o, s, "autoconf", "0");
  Default(o, s, "preferred-lifetime", "");
  Default(o, s, "dad-attempts", "60");
  Default(o, s, "dad-interval", "0.1");
  Convert(o, "hwaddress", CleanupHwaddress);
  Convert(o, "preferred-lifetime", [&](std::string& v) { PreferredLifetime(v, s.iface); });
  ConvertInto(o, "address", "netmask", [](std::string& v) { SlashField(v, 1); });
  Convert(o, "address", [](std::string& v) { SlashField(v, 0); });
  // No route from RAs would fight the static gateway: accept_ra 0.
  ConvertInto(o, "gateway", "accept_ra", [](std::string& v) { v = "0"; });
}

void Static4(Opts& o, const Stanza& s) {
  Default(o, s, "broadcast", "+");
  Convert(o, "hwaddress", CleanupHwaddress);
  ConvertInto(o, "address", "netmask", ComputeV4Mask);
  Convert(o, "address", ComputeV4Addr);
  Convert(o, "broadcast", [&](std::string& v) { ComputeV4Broadcast(v, o); });
}

void Dhcp6Defaults(Opts& o, const Stanza& s, const char* accept_ra) {
  Default(o, s, "accept_ra", accept_ra);
  Default(o, s, "request_prefix", "0");
  Default(o, s, "ll-attempts", "60");
  Default(o, s, "ll-interval", "0.1");
}

void Tunnel6(Opts& o, const Stanza& s, bool six_to_four) {
  Default(o, s, "preferred-lifetime", "");
  if (six_to_four) {
    if (const Option* local = Find(o, "local")) {
      Option hex = *local;
      hex.name = "hexaddress";
      MakeHexAddress(hex.value);
      if (Option* old = Find(o, "hexaddress")) *old = hex;  // "=hexaddress" overwrites
      else o.push_back(hex);
    }
  }
  Convert(o, "preferred-lifetime", [&](std::string& v) { PreferredLifetime(v, s.iface); });
}

// What dash keeps of the environment it is started with: names it could
// assign ([A-Za-z_][A-Za-z0-9_]*); "IFUPDOWN_eth0.5" is dropped.
bool ShellName(std::string_view name) {
  if (name.empty() || isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

void Lock(std::map<std::string, std::string>& env, const std::string& iface, const char* value) {
  std::string name = "IFUPDOWN_" + iface;
  if (ShellName(name)) env[name] = value;
}

// The kernel reads an integer (proc_dointvec: blanks around it allowed);
// sysctl(8) fails on anything else, and ifupdown ignores that failure.
std::optional<int> SysctlInt(const std::string* v) {
  if (!v) return std::nullopt;
  const char* p = v->c_str();
  char* end;
  long n = strtol(p, &end, 10);
  if (end == p) return std::nullopt;
  while (*end == ' ' || *end == '\t' || *end == '\n') ++end;
  if (*end || n < INT32_MIN || n > INT32_MAX) return std::nullopt;
  return int(n);
}

void Write(MethodEffects& m, Conf c, const std::string* v) {
  if (auto n = SysctlInt(v)) m.sysctls.push_back({c, *n});
}

// `ip -6 addr add %address%[[/%netmask%]]`: no netmask means a /128.
std::optional<Cidr> StaticAddress(const Opts& o) {
  const std::string* address = Value(o, "address");
  const std::string* netmask = Value(o, "netmask");
  auto a = address ? In6::Parse(*address) : std::nullopt;
  if (!a) return std::nullopt;
  if (!netmask) return Cidr{*a, 128};
  char* end;
  long len = strtol(netmask->c_str(), &end, 10);
  if (*end || end == netmask->c_str() || len < 0 || len > 128) return std::nullopt;  // ip fails
  return Cidr{*a, int(len)};
}

}  // namespace

std::vector<Option> ConvertedOptions(const Stanza& s) {
  if (s.dialect != Dialect::kIfupdown) return s.options;  // read as they keep them
  Opts o = MergedOptions(s);
  std::string m = s.family + " " + s.method;
  if (m == "inet6 static") Static6(o, s);
  else if (m == "inet static") Static4(o, s);
  else if (m == "inet6 auto") Dhcp6Defaults(o, s, "2");
  else if (m == "inet6 dhcp") {
    Dhcp6Defaults(o, s, "1");
    Convert(o, "hwaddress", CleanupHwaddress);
  } else if (m == "inet6 manual" || m == "inet manual" || m == "inet dhcp") {
    Convert(o, "hwaddress", CleanupHwaddress);
  } else if (m == "inet6 v4tunnel" || m == "inet6 6to4") {
    Tunnel6(o, s, m == "inet6 6to4");
  }
  return o;
}

std::map<std::string, std::string> HookEnvironment(const Stanza& s) {
  if (s.dialect != Dialect::kIfupdown) return DialectEnvironment(s);
  std::map<std::string, std::string> env;
  // Two options with one IF_ name: the later one wins, as after /bin/sh.
  for (const Option& o : ConvertedOptions(s))
    if (!IsCommand(o.name)) env[EnvName(o.name)] = o.value;
  // ifupdown's recursion locks; a VLAN NAME.N also locks NAME.
  if (size_t dot = s.iface.find('.'); dot != std::string::npos)
    Lock(env, s.iface.substr(0, dot), "parent-lock");
  Lock(env, s.iface, "pre-up");
  env["IFACE"] = s.iface;
  env["LOGICAL"] = s.iface;
  env["ADDRFAM"] = s.family;
  env["METHOD"] = s.method;
  env["MODE"] = "start";
  env["PHASE"] = "pre-up";
  env["VERBOSITY"] = "0";
  env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  return env;
}

MethodEffects MethodWrites(const Stanza& s) {
  MethodEffects m;
  // ifupdown2 and ifupdown-ng write no IPv6 sysctl for a method; their
  // addresses are added by their own modules, which the hooks read as
  // options (options.h).
  if (s.family != "inet6" || s.dialect != Dialect::kIfupdown) return m;
  Opts o = ConvertedOptions(s);
  if (s.method == "static") {
    Write(m, Conf::kUseTempaddr, Value(o, "privext"));
    Write(m, Conf::kAcceptRa, Value(o, "accept_ra"));
    Write(m, Conf::kAutoconf, Value(o, "autoconf"));
    m.address = StaticAddress(o);
  } else if (s.method == "auto") {
    Write(m, Conf::kUseTempaddr, Value(o, "privext"));
    Write(m, Conf::kAcceptRa, Value(o, "accept_ra"));
    m.sysctls.push_back({Conf::kAutoconf, 1});
  } else if (s.method == "dhcp") {
    Write(m, Conf::kAcceptRa, Value(o, "accept_ra"));
    Write(m, Conf::kAutoconf, Value(o, "autoconf"));
  }
  return m;
}

}  // namespace ift
