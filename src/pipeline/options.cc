// The stanza's options from the IF_* environment, typed and validated, per implementation.
#include "pipeline/options.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string_view>

#include "base/text.h"

namespace ift {

Env ProcessEnv() {
  return [](const char* name) -> const char* { return getenv(name); };
}

Env MapEnv(const std::map<std::string, std::string>& vars) {
  return [&vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

Runner RunnerOf(const Env& env) {
  // ifupdown-ng exports INTERFACES_FILE to executors and scripts alike;
  // ifupdown 0.8's set_environ() always exports VERBOSITY; ifupdown2 sets
  // neither (its scripts get a copy of its own environment, and our addon
  // passes VERBOSE).
  if (env("INTERFACES_FILE")) return Runner::kIfupdownNg;
  if (env("VERBOSITY")) return Runner::kIfupdown;
  return Runner::kIfupdown2;
}

const char* RunnerName(Runner r) {
  switch (r) {
    case Runner::kIfupdown: return "ifupdown";
    case Runner::kIfupdown2: return "ifupdown2";
    case Runner::kIfupdownNg: return "ifupdown-ng";
  }
  return "?";
}

bool Verbose(const Env& env) {
  const char* v = env("VERBOSITY");
  const char* ng = env("VERBOSE");
  return (v && !strcmp(v, "1")) || (ng && !strcmp(ng, "1"));
}

std::optional<const char*> NotForUs(const Env& env) {
  const char* iface = env("IFACE");
  const char* family = env("ADDRFAM");
  if (!iface || !*iface) return "IFACE is not set";
  if (!strcmp(iface, "--all") || (family && !strcmp(family, "meta")))
    return "ifup -a meta run";
  if (!env("IF_TOKEN")) return "no token option";  // lo included: ifup -a always runs it
  if (RunnerOf(env) == Runner::kIfupdown && (!family || !*family))
    return "ADDRFAM is not set (not ifupdown)";
  return std::nullopt;
}

namespace {

// ifupdown and our ifupdown2 addon join a repeated option's values with
// newlines; an empty value keeps its place (ifupdown2 aligns netmasks so).
std::vector<std::string_view> Lines(const char* v) {
  std::vector<std::string_view> out;
  if (!v || !*v) return out;
  std::string_view all(v);
  for (size_t at = 0;;) {
    size_t nl = all.find('\n', at);
    out.push_back(all.substr(at, nl == std::string_view::npos ? nl : nl - at));
    if (nl == std::string_view::npos) return out;
    at = nl + 1;
  }
}

// Collects one line per invalid option, so every error is reported at once.
class Parser {
 public:
  Parser(const Env& env, ParsedOptions* out) : env_(env), out_(out), o_(out->options) {}
  void Run();

 private:
  const char* Get(const char* var) { return env_(var); }
  // The value of an option that takes one: ifupdown joins a repeated option's
  // values with newlines, which is an error here, not a value.
  const char* Single(const char* option, const char* var) {
    const char* v = Get(var);
    if (v && strchr(v, '\n')) {
      Error(option, v, "given more than once; write it once");
      return nullptr;
    }
    return v;
  }
  void Error(const char* option, std::string_view value, const std::string& expected) {
    out_->errors.push_back({Finding::kError,
                            "option " + std::string(option) + ": '" + Excerpt(value) + "': " + expected,
                            {option, std::string(value)}});
  }
  // int64_t, not long: a route metric's and a lifetime's range (up to
  // 2^32-1) does not fit the 32-bit long of i386, armhf and armel.
  std::optional<int64_t> Int(const char* option, const char* var, int64_t lo, int64_t hi,
                             const char* expected);
  std::optional<int64_t> Int(const StanzaOption& s) { return Int(s.name, s.var, s.lo, s.hi, s.expected); }
  std::optional<int64_t> Int(std::string_view name) { return Int(*StanzaOptionNamed(name)); }
  void ParseOptimistic();
  void ParseHeader();
  void ParseToken();
  void ParseAddresses();
  void ParseStaticAddress();
  void ParseMergedAddresses();
  void ParseIfupdown2Addresses();
  void KeepMergedAddress(std::string_view text, int default_len);
  void ParseOwnedOptions();
  void ParseSysctls();
  void ParseLinkLocal();
  void ParseTokenWait();
  std::optional<AddressSpec> ParseAddress(std::string_view text, int default_len);
  std::optional<In6> DeriveToken();

  const Env& env_;
  ParsedOptions* out_;
  Options& o_;
};

std::optional<int64_t> Parser::Int(const char* option, const char* var, int64_t lo, int64_t hi,
                                   const char* expected) {
  const char* v = Single(option, var);
  if (!v) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long long n = strtoll(v, &end, 10);
  if (!*v || *end || errno || n < lo || n > hi) {
    Error(option, v, expected);
    return std::nullopt;
  }
  return n;
}

void Parser::ParseHeader() {
  o_.iface = Get("IFACE") ? Get("IFACE") : "";
  std::string why = InvalidIfaceName(o_.iface);
  if (!why.empty()) {
    out_->errors.push_back(
        {Finding::kError, "IFACE '" + Excerpt(o_.iface) + "' is not a valid interface name: " + why});
    o_.iface.clear();  // never used in a path
  }
  o_.runner = RunnerOf(env_);
  o_.verbose = Verbose(env_);
  if (o_.Merged()) return;  // ADDRFAM and METHOD describe one stanza, or none
  std::string family = Get("ADDRFAM") ? Get("ADDRFAM") : "";
  if (family == "inet") o_.family = Family::kInet;
  else if (family != "inet6")
    out_->errors.push_back({Finding::kError,
                            "option token: in an '" + family +
                                "' stanza: a token belongs in an inet or inet6 stanza",
                            {"token"}});
  o_.method_name = Get("METHOD") ? Get("METHOD") : "";
  static const std::map<std::string, Method> kMethods = {{"manual", Method::kManual},
      {"static", Method::kStatic}, {"auto", Method::kAuto}, {"dhcp", Method::kDhcp}};
  auto it = kMethods.find(o_.method_name);
  o_.method = it == kMethods.end() ? Method::kOther : it->second;
  // A token on lo is refused with the kernel's loopback rule once the snapshot
  // shows IFF_LOOPBACK, not here.
  if (o_.family == Family::kInet6 && o_.method == Method::kOther && o_.method_name != "loopback")
    out_->errors.push_back({Finding::kError,
                            "option token: method '" + o_.method_name +
                                "' creates its device after pre-up or does no neighbour "
                                "discovery; a token works with manual, static, auto and dhcp",
                            {"token"}});
}

std::optional<AddressSpec> Parser::ParseAddress(std::string_view text, int default_len) {
  AddressSpec spec;
  spec.cidr.len = default_len;
  auto slash = text.find('/');
  std::string_view addr = text.substr(0, slash);
  auto a = In6::Parse(addr);
  bool ok = a.has_value();
  if (ok && slash != std::string_view::npos) {
    std::string len(text.substr(slash + 1));
    char* end = nullptr;
    long n = strtol(len.c_str(), &end, 10);
    ok = !len.empty() && !*end && n >= 1 && n <= 128;
    spec.cidr.len = int(n);
  }
  if (!ok) {
    Error("address", text, "expected an IPv6 address with an optional /LEN (1-128)");
    return std::nullopt;
  }
  static const In6 kMapped = *In6::Parse("::ffff:0:0");
  if (a->IsZero() || a->IsMulticast() || *a == *In6::Parse("::1") || a->Masked(96) == kMapped) {
    Error("address", text, "expected a unicast address for an interface (not ::, ::1, "
                           "multicast or IPv4-mapped)");
    return std::nullopt;
  }
  spec.cidr.addr = *a;
  return spec;
}

void Parser::ParseAddresses() {
  auto netmask = Int("netmask");
  for (std::string_view line : Lines(Get("IF_ADDRESS")))
    if (!line.empty())
      if (auto spec = ParseAddress(line, netmask.value_or(64))) o_.addresses.push_back(*spec);
}

// The static method adds its address itself; it is read for `token auto` and
// the findings. ifupdown has already split ADDR/LEN into address and netmask.
void Parser::ParseStaticAddress() {
  const char* v = Get("IF_ADDRESS");
  if (!v || o_.family != Family::kInet6) return;
  std::string_view first(v);
  first = first.substr(0, first.find('\n'));
  // Without a netmask, the static method's `ip -6 addr add ADDR/` adds a /128.
  const char* nm = Get("IF_NETMASK");
  int len = nm && *nm ? atoi(nm) : 128;
  auto spec = ParseAddress(first, len > 0 && len <= 128 ? len : 128);
  if (spec) o_.method_address = spec->cidr;
  o_.method_gateway = Get("IF_GATEWAY") != nullptr;
}

// ifupdown-ng: IF_ADDRESSES, every address of every stanza as ADDR/LEN,
// space-separated (its parser has already applied `netmask` and its default
// lengths). ifupdown2: IF_ADDRESS and IF_NETMASK, one line per value of the
// merged stanzas (our addon; its if-*.d scripts get the first value only).
// The implementation adds them; the first IPv6 and the first IPv4 one are kept
// for `token auto` and the findings.
void Parser::ParseMergedAddresses() {
  if (o_.runner == Runner::kIfupdown2) return ParseIfupdown2Addresses();
  const char* v = Get("IF_ADDRESSES");
  if (!v) v = Get("IF_ADDRESS");
  std::istringstream words(v ? v : "");
  for (std::string w; words >> w;) KeepMergedAddress(w, 128);
}

void Parser::KeepMergedAddress(std::string_view text, int default_len) {
  std::string_view addr = text.substr(0, text.find('/'));
  if (auto v4 = In4::Parse(addr)) {
    if (!o_.method_address4) o_.method_address4 = v4;
  } else if (!o_.method_address) {
    if (auto spec = ParseAddress(text, default_len)) o_.method_address = spec->cidr;
  }
}

// ifupdown2 3.0 (addons/address.py, __get_ip_addr_with_attributes) pairs the
// n-th `address` with the n-th `netmask` of the merged stanzas: its parser
// stores a netmask at the index of its stanza's last address, and merging
// appends one stanza's lists to the other's, so a netmask in an inet6 stanza
// after an inet one lands at the inet address's index. ADDR/LEN wins; ADDR
// with no netmask at its index is a /128 (nlmanager's IPNetwork). A value
// with a blank is no address to it: it adds none of the interface's.
void Parser::ParseIfupdown2Addresses() {
  std::vector<std::string_view> addrs = Lines(Get("IF_ADDRESS"));
  std::vector<std::string_view> masks = Lines(Get("IF_NETMASK"));
  for (size_t i = 0; i < addrs.size(); ++i) {
    std::string_view a = addrs[i];
    if (a.find_first_of(" \t") != std::string_view::npos) {
      Error("address", a, "ifupdown2 3.0 reads no address from a line that holds several, and "
                          "then adds none of this interface's; write one 'address' line each");
      continue;
    }
    int len = 128;
    if (a.find('/') == std::string_view::npos && i < masks.size() && !masks[i].empty() &&
        !In4::Parse(a)) {
      std::string m(masks[i]);
      char* end = nullptr;
      long n = strtol(m.c_str(), &end, 10);
      if (*end || n < 1 || n > 128) {
        Error("netmask", m, "expected a prefix length 1-128 for the IPv6 address '" +
                                std::string(a) + "'");
        continue;
      }
      len = int(n);
    }
    KeepMergedAddress(a, len);
  }
}

std::optional<In6> Parser::DeriveToken() {
  if (o_.Merged() && !o_.method_address && o_.method_address4) return IidFromIn4(*o_.method_address4);
  if (o_.family == Family::kInet && !o_.Merged()) {
    const char* v = Get("IF_ADDRESS");
    std::string_view first = v ? std::string_view(v) : "";
    first = first.substr(0, first.find('\n'));
    first = first.substr(0, first.find('/'));
    auto v4 = In4::Parse(first);
    if (!v4) {
      Error("token", "auto", v ? "this inet stanza's address '" + std::string(first) +
                                     "' is not an IPv4 address to derive it from"
                               : "needs an IPv4 'address' in this inet stanza to derive it from");
      return std::nullopt;
    }
    return IidFromIn4(*v4);
  }
  std::optional<Cidr> first;
  if (!o_.addresses.empty()) first = o_.addresses.front().cidr;
  else if (o_.method_address) first = o_.method_address;
  if (!first) {
    Error("token", "auto", o_.Merged() ? "needs an 'address' of this interface to derive it from"
                                       : "needs an 'address' in this stanza to derive it from");
    return std::nullopt;
  }
  if (first->len != 64) {
    Error("token", "auto", "derives from the first address, " + first->str() +
                               ", which is not a /64 (the kernel builds SLAAC addresses only "
                               "for /64 prefixes); write the token explicitly");
    return std::nullopt;
  }
  if (first->addr.LowerZero()) {
    Error("token", "auto", "the first address " + first->str() + " has a zero interface identifier");
    return std::nullopt;
  }
  return first->addr.Iid();
}

void Parser::ParseToken() {
  const char* v = Single("token", "IF_TOKEN");
  if (!v) return;
  o_.token_text = v;
  const std::string& t = o_.token_text;
  if (t == "none") return;
  if (t == "auto") {
    o_.token = DeriveToken();
    return;
  }
  auto a = In6::Parse(t);
  if (!a) {
    Error("token", t, "expected ::IID (an IPv6 literal with the upper 64 bits zero), auto or none");
  } else if (a->IsZero()) {
    Error("token", t, ":: sets no token; write 'token none' to opt in without one");
  } else if (!a->UpperZero()) {
    Error("token", t, "the upper 64 bits are not zero; the kernel keeps only the lower 64 bits, "
                      "so write '" + a->Iid().str() + "'");
  } else {
    o_.token = a;
  }
}

void Parser::ParseSysctls() {
  for (const StanzaOption& s : StanzaOptions()) {
    if (!s.setting) continue;
    if (s.owner == OptionOwner::kInet6Manual && !o_.OwnsSysctls()) continue;
    if (auto v = Int(s)) {
      o_.sysctls.push_back({*s.setting, int(*v), s.name});
      if (s.setting == Conf::kAcceptRa) o_.accept_ra = int(*v);
    }
  }
  ParseOptimistic();
}

// Optimistic DAD still runs DAD: the kernel refuses IFA_F_NODAD with
// IFA_F_OPTIMISTIC (inet6_rtm_newaddr), so `dad-attempts 0` contradicts it.
void Parser::ParseOptimistic() {
  for (const SysctlOption& s : o_.sysctls)
    if (s.conf == Conf::kOptimisticDad) o_.optimistic = s.value == 1;
  if (!o_.optimistic) return;
  if (o_.Owns() && o_.dad_attempts == 0)
    return Error("ipv6-optimistic-dad", "1",
                 "optimistic DAD is still DAD, and 'dad-attempts 0' "
                 "adds the addresses without DAD (nodad); drop one of the two options");
  for (AddressSpec& a : o_.addresses) a.optimistic = true;
}

void Parser::ParseOwnedOptions() {
  ParseAddresses();
  if (const char* g = Single("gateway", "IF_GATEWAY")) {
    auto a = In6::Parse(g);
    if (!a || a->IsZero() || a->IsMulticast()) Error("gateway", g, "expected a unicast IPv6 address");
    else o_.gateway = a;
  }
  if (auto m = Int("metric"))
    o_.metric = uint32_t(*m);
  if (auto n = Int("dad-attempts"))
    o_.dad_attempts = int(*n);
  if (const char* v = Single("dad-interval", "IF_DAD_INTERVAL")) {
    char* end = nullptr;
    double d = strtod(v, &end);
    if (!*v || *end || !(d >= 0 && d <= 3600)) Error("dad-interval", v, "expected seconds, e.g. 0.1");
    else o_.dad_interval = d;
  }
  std::optional<uint32_t> preferred;
  if (const char* v = Get("IF_PREFERRED_LIFETIME"); v && *v && strcmp(v, "forever")) {
    if (auto n = Int("preferred-lifetime"))
      preferred = uint32_t(*n);
  }
  std::optional<uint8_t> scope;
  if (const char* v = Single("scope", "IF_SCOPE"); v && *v) {
    static const std::map<std::string, uint8_t> kScopes = {
        {"global", 0}, {"site", 200}, {"link", 253}, {"host", 254}};
    auto it = kScopes.find(v);
    if (it == kScopes.end()) Error("scope", v, "expected global, site, link or host");
    else scope = it->second;
  }
  for (AddressSpec& a : o_.addresses) {
    a.nodad = o_.dad_attempts == 0;
    if (preferred) a.preferred = *preferred;
    if (scope) a.scope = *scope;
  }
}

void Parser::ParseLinkLocal() {
  const char* v = Single("ipv6-link-local", "IF_IPV6_LINK_LOCAL");
  if (!v) return;
  std::string s = v;
  static const std::map<std::string, LinkLocal> kModes = {{"eui64", LinkLocal::kEui64},
      {"token", LinkLocal::kToken}, {"stable-privacy", LinkLocal::kStablePrivacy},
      {"random", LinkLocal::kRandom}};
  if (auto it = kModes.find(s); it != kModes.end()) {
    o_.link_local = it->second;
  } else if (auto a = In6::Parse(s); a && a->Masked(64) == *In6::Parse("fe80::") && !a->LowerZero()) {
    o_.link_local = LinkLocal::kAddress;
    o_.link_local_addr = *a;
    return;
  } else {
    Error("ipv6-link-local", s, "expected eui64, token, stable-privacy, random or an fe80::/64 address");
    return;
  }
  if (o_.link_local == LinkLocal::kToken) {
    if (o_.token) o_.link_local_addr = In6::Parse("fe80::")->WithIid(*o_.token);
    else if (o_.token_text == "none") Error("ipv6-link-local", s, "needs a token, and this stanza has 'token none'");
  }
}

// Decimals, as dad-interval takes them; 0 is refused rather than read as
// "no wait": leaving the option out says that.
void Parser::ParseTokenWait() {
  const char* v = Single("token-wait", "IF_TOKEN_WAIT");
  if (!v) return;
  char* end = nullptr;
  double d = strtod(v, &end);
  if (!*v || *end || !(d > 0 && d <= 3600)) {
    Error("token-wait", v,
          "expected seconds, more than 0 and at most 3600, e.g. 10 "
          "(leave the option out for no wait)");
  } else if (o_.token_text == "none") {
    Error("token-wait", v, "waits for the token's address, and this stanza has 'token none'");
  } else {
    o_.token_wait = d;
  }
}

void Parser::Run() {
  ParseHeader();
  if (o_.Owns()) ParseOwnedOptions();
  else if (o_.Merged()) ParseMergedAddresses();
  else if (o_.method == Method::kStatic) ParseStaticAddress();
  ParseToken();
  ParseSysctls();
  ParseLinkLocal();
  ParseTokenWait();
}

}  // namespace

const StanzaOption* StanzaOptionWriting(Conf c) {
  for (const StanzaOption& s : StanzaOptions())
    if (s.setting == c) return &s;
  return nullptr;
}

const char* StanzaOptionOf(Conf c) {
  const StanzaOption* s = StanzaOptionWriting(c);
  return s ? s->name : nullptr;
}

// The sysctls in the order pre-up writes them (forwarding first: it decides
// which accept_ra counts). The sysctls that
// ifupdown 0.8's inet6 methods also write keep ifupdown's names (accept_ra,
// autoconf, privext) and are the method's outside inet6 manual; the others are
// `ipv6-*`, read in every stanza with a token.
const std::vector<StanzaOption>& StanzaOptions() {
  using enum OptionOwner;
  constexpr int64_t kU32 = UINT32_MAX;
  static const std::vector<StanzaOption> kOptions = {
      {"token", "IF_TOKEN", kEveryStanza, {}, 0, 0,
       "expected ::IID (an IPv6 literal with the upper 64 bits zero), auto or none"},
      {"address", "IF_ADDRESS", kInet6Manual, {}, 0, 0,
       "expected an IPv6 address with an optional /LEN (1-128)"},
      {"netmask", "IF_NETMASK", kInet6Manual, {}, 1, 128, "expected a prefix length 1-128"},
      {"gateway", "IF_GATEWAY", kInet6Manual, {}, 0, 0, "expected a unicast IPv6 address"},
      {"metric", "IF_METRIC", kInet6Manual, {}, 0, kU32, "expected a route metric 0-4294967295"},
      {"ipv6-forwarding", "IF_IPV6_FORWARDING", kEveryStanza, Conf::kForwarding, 0, 1,
       "expected 0 or 1"},
      {"accept_ra", "IF_ACCEPT_RA", kInet6Manual, Conf::kAcceptRa, 0, 2, "expected 0, 1 or 2"},
      {"autoconf", "IF_AUTOCONF", kInet6Manual, Conf::kAutoconf, 0, 1, "expected 0 or 1"},
      {"privext", "IF_PRIVEXT", kInet6Manual, Conf::kUseTempaddr, 0, 2, "expected 0, 1 or 2"},
      {"dad-attempts", "IF_DAD_ATTEMPTS", kInet6Manual, {}, 0, 100000, "expected a count >= 0"},
      {"dad-interval", "IF_DAD_INTERVAL", kInet6Manual, {}, 0, 3600, "expected seconds, e.g. 0.1"},
      {"preferred-lifetime", "IF_PREFERRED_LIFETIME", kInet6Manual, {}, 0, kU32 - 1,
       "expected seconds or 'forever'"},
      {"scope", "IF_SCOPE", kInet6Manual, {}, 0, 0, "expected global, site, link or host"},
      {"ipv6-router-solicitations", "IF_IPV6_ROUTER_SOLICITATIONS", kEveryStanza,
       Conf::kRouterSolicitations, -1, 1 << 30, "expected -1 (unlimited) or a count >= 0"},
      {"ipv6-dad-transmits", "IF_IPV6_DAD_TRANSMITS", kEveryStanza, Conf::kDadTransmits, 0,
       1 << 30, "expected a count >= 0"},
      {"ipv6-accept-dad", "IF_IPV6_ACCEPT_DAD", kEveryStanza, Conf::kAcceptDad, 0, 2,
       "expected 0, 1 or 2"},
      {"ipv6-optimistic-dad", "IF_IPV6_OPTIMISTIC_DAD", kEveryStanza, Conf::kOptimisticDad, 0, 1,
       "expected 0 or 1"},
      {"ipv6-link-local", "IF_IPV6_LINK_LOCAL", kEveryStanza, {}, 0, 0,
       "expected eui64, token, stable-privacy, random or an fe80::/64 address"},
      {"token-wait", "IF_TOKEN_WAIT", kEveryStanza, {}, 0, 3600,
       "expected seconds, 0 < N <= 3600"},
  };
  return kOptions;
}

const StanzaOption* StanzaOptionNamed(std::string_view name) {
  for (const StanzaOption& s : StanzaOptions())
    if (name == s.name) return &s;
  return nullptr;
}

ParsedOptions ParseOptions(const Env& env) {
  ParsedOptions out;
  Parser(env, &out).Run();
  return out;
}

}  // namespace ift
