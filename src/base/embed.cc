// `iftoken map`: IPv4 in IPv6 both ways, by the token convention and RFC 6052.
#include "base/embed.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>

#include "base/json.h"
#include "base/text.h"

namespace ift {

namespace {

// Byte 8 holds bits 64-71, the "u" octet of RFC 6052 §2.2 (the universal/local
// bit position of RFC 4291 interface identifiers), which the embedding skips.
constexpr int kUOctet = 8;

const char kIidLengthWhy[] = "expected a /64 (the interface identifier is the lower 64 bits)";
const char kRfc6052Lengths[] = "/32, /40, /48, /56, /64 or /96";

// A failed lookup with its reason; keeps the functions below one-liners.
std::nullopt_t Fail(std::string* why, std::string text) {
  if (why) *why = std::move(text);
  return std::nullopt;
}

// The bits of `prefix.addr` past its length: "" if none, else the message
// naming them and the prefix they should have been.
std::string HostBitsWhy(const Cidr& prefix) {
  In6 network = prefix.addr.Masked(prefix.len);
  if (network == prefix.addr) return "";
  In6 host = prefix.addr;
  for (int i = 0; i < 16; ++i) host.b[i] ^= network.b[i];
  return "host bits set (" + host.str() + "); expected " + Cidr{network, prefix.len}.str();
}

std::string UOctetWhy(uint8_t u) {
  char buf[96];
  snprintf(buf, sizeof buf,
           "the u octet (bits 64-71) is 0x%02x; RFC 6052 section 2.2 requires it to be zero",
           unsigned(u));
  return buf;
}

std::string Rfc6052LengthWhy(int len) {
  return std::string("RFC 6052 defines ") + kRfc6052Lengths + ", not /" + std::to_string(len);
}

std::string Rfc6052PrefixWhy(const Cidr& prefix) {
  if (!IsRfc6052Length(prefix.len)) return Rfc6052LengthWhy(prefix.len);
  if (auto why = HostBitsWhy(prefix); !why.empty()) return why;
  // For a /96 the u octet is part of the prefix, so only the administrator can
  // keep it zero (RFC 6052 §2.2); shorter prefixes were checked as host bits.
  if (prefix.len == 96 && prefix.addr.b[kUOctet]) return UOctetWhy(prefix.addr.b[kUOctet]);
  return "";
}

uint32_t Bits(const In4& v4) {
  return uint32_t(v4.b[0]) << 24 | v4.b[1] << 16 | v4.b[2] << 8 | v4.b[3];
}

}  // namespace

// --- The interface-identifier convention ----------------------------------

std::optional<In6> AddressFromIn4(const In4& v4, const Cidr& prefix, std::string* why) {
  if (prefix.len != 64) return Fail(why, kIidLengthWhy);
  if (auto host = HostBitsWhy(prefix); !host.empty()) return Fail(why, host);
  return prefix.addr.WithIid(IidFromIn4(v4));
}

// --- RFC 6052 ----------------------------------------------------------------

bool IsRfc6052Length(int len) {
  return len == 32 || len == 40 || len == 48 || len == 56 || len == 64 || len == 96;
}

Cidr Rfc6052WellKnownPrefix() { return Cidr{*In6::Parse("64:ff9b::"), 96}; }

std::optional<In6> Rfc6052Embed(const In4& v4, const Cidr& prefix, std::string* why) {
  if (auto bad = Rfc6052PrefixWhy(prefix); !bad.empty()) return Fail(why, bad);
  In6 r = prefix.addr;
  int at = prefix.len / 8;  // every defined length is whole octets
  for (uint8_t octet : v4.b) {
    if (at == kUOctet) ++at;
    r.b[at++] = octet;
  }
  return r;
}

std::optional<In4> Rfc6052Extract(const In6& addr, int len, std::string* why,
                                  std::string* warning) {
  if (!IsRfc6052Length(len)) return Fail(why, Rfc6052LengthWhy(len));
  if (addr.b[kUOctet]) return Fail(why, UOctetWhy(addr.b[kUOctet]));
  In4 r;
  int at = len / 8;
  for (uint8_t& octet : r.b) {
    if (at == kUOctet) ++at;
    octet = addr.b[at++];
  }
  In6 suffix;
  for (int i = std::max(at, kUOctet + 1); i < 16; ++i) suffix.b[i] = addr.b[i];
  if (!suffix.IsZero() && warning)
    *warning = "suffix bits after the IPv4 address are set (" + suffix.str() +
               "); RFC 6052 section 2.2 reserves them and says they SHOULD be zero";
  return r;
}

std::string NonGlobalReason(const In4& v4) {
  struct Range {
    uint32_t net;
    int len;
    const char* what;
  };
  // RFC 5735 §3 less the blocks that are routed globally (192.88.99.0/24,
  // 14.0.0.0/8), plus the later RFC 6598 shared space.
  static const Range kRanges[] = {
      {0x00000000, 8, "\"this\" network (0.0.0.0/8)"},
      {0x0a000000, 8, "private-use (10.0.0.0/8)"},
      {0x64400000, 10, "shared address space (100.64.0.0/10)"},
      {0x7f000000, 8, "loopback (127.0.0.0/8)"},
      {0xa9fe0000, 16, "link-local (169.254.0.0/16)"},
      {0xac100000, 12, "private-use (172.16.0.0/12)"},
      {0xc0000000, 24, "IETF protocol assignments (192.0.0.0/24)"},
      {0xc0000200, 24, "documentation (192.0.2.0/24)"},
      {0xc0a80000, 16, "private-use (192.168.0.0/16)"},
      {0xc6120000, 15, "benchmarking (198.18.0.0/15)"},
      {0xc6336400, 24, "documentation (198.51.100.0/24)"},
      {0xcb007100, 24, "documentation (203.0.113.0/24)"},
      {0xe0000000, 4, "multicast (224.0.0.0/4)"},
      {0xf0000000, 4, "reserved (240.0.0.0/4)"},
  };
  for (const Range& range : kRanges) {
    uint32_t mask = ~uint32_t(0) << (32 - range.len);
    if ((Bits(v4) & mask) == range.net)
      return v4.str() + " is " + range.what +
             ": RFC 6052 section 3.1 forbids the well-known prefix 64:ff9b::/96 for "
             "non-global IPv4 addresses; use a network-specific prefix";
  }
  return "";
}

// --- Parsing the command line ----------------------------------------------

namespace {

enum class Family { kV4, kV6 };

// VALUE as typed, split and parsed.
struct Value {
  std::string_view text;
  Family family = Family::kV4;
  In4 v4;
  In6 v6;
  std::optional<int> len;
};

// Digits only (no sign, no spaces: from_chars alone would take "64abc").
std::optional<int> ParseLen(std::string_view text, int max) {
  int n = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0 || n > max)
    return std::nullopt;
  return n;
}

bool LooksIn4(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::string LenWhy(std::string_view len, int max) {
  return "prefix length " + Shown(len) + " is not a number 0-" + std::to_string(max);
}

// "" and `out` filled, or the error line.
std::string ParseValue(std::string_view text, Value* out) {
  out->text = text;
  auto slash = text.find('/');
  std::string_view addr = text.substr(0, slash);
  std::optional<std::string_view> len;
  if (slash != std::string_view::npos) len = text.substr(slash + 1);

  if (addr.find(':') != std::string_view::npos) {
    auto v6 = In6::Parse(addr);
    if (!v6)
      return Shown(text) +
             ": not an IPv6 address; expected one like 2620:0:861:1:208:80:154:23 "
             "or ::208:80:154:23";
    out->family = Family::kV6;
    out->v6 = *v6;
  } else if (LooksIn4(addr)) {
    auto v4 = In4::Parse(addr);
    if (!v4)
      return Shown(text) +
             ": not an IPv4 address; expected four decimal octets 0-255, like 208.80.154.23";
    out->family = Family::kV4;
    out->v4 = *v4;
  } else {
    return Shown(text) +
           ": expected an IPv4 address like 208.80.154.23, or an IPv6 address like "
           "2620:0:861:1:208:80:154:23 or ::208:80:154:23";
  }
  if (len) {
    int max = out->family == Family::kV6 ? 128 : 32;
    out->len = ParseLen(*len, max);
    if (!out->len) return Shown(text) + ": " + LenWhy(*len, max);
  }
  return "";
}

// PREFIX: an IPv6 prefix, with its /LEN, or /`default_len` if it has none and
// that is not -1. "" and `out` filled, or the error line.
std::string ParsePrefix(std::string_view text, int default_len, Cidr* out) {
  std::string label = "prefix " + Shown(text) + ": ";
  auto slash = text.find('/');
  auto addr = In6::Parse(text.substr(0, slash));
  if (!addr) return label + "not an IPv6 prefix; expected one like 2620:0:861:1::/64";
  out->addr = *addr;
  if (slash == std::string_view::npos) {
    if (default_len < 0) return label + "expected a length, one of " + kRfc6052Lengths;
    out->len = default_len;
    return "";
  }
  auto len = ParseLen(text.substr(slash + 1), 128);
  if (!len) return label + LenWhy(text.substr(slash + 1), 128);
  out->len = *len;
  return "";
}

MapResult Failure(std::string error) {
  MapResult r;
  r.error = std::move(error);
  return r;
}

// What the user gave, named by what it is: a bare token or a whole address.
std::string Label(const Value& v) {
  return (v.v6.UpperZero() ? "token " : "address ") + Shown(v.text);
}

// --- The four cases --------------------------------------------------------

MapResult MapIn4(const Value& v, std::optional<std::string_view> prefix_text) {
  MapResult r;
  r.fields = {{"ipv4", v.v4.str()}, {"token", IidFromIn4(v.v4).str()}};
  if (!prefix_text) return r;
  Cidr prefix;
  if (auto e = ParsePrefix(*prefix_text, 64, &prefix); !e.empty()) return Failure(e);
  std::string why;
  auto addr = AddressFromIn4(v.v4, prefix, &why);
  if (!addr) return Failure("prefix " + Shown(*prefix_text) + ": " + why);
  r.fields.emplace_back("prefix", prefix.str());
  r.fields.emplace_back("address", addr->str());
  return r;
}

MapResult MapIn6(const Value& v) {
  if (v.len && *v.len != 64) return Failure(Label(v) + ": " + kIidLengthWhy);
  std::string why;
  auto v4 = In4FromIid(v.v6, &why);
  if (!v4) {
    std::string error = Label(v) + ": " + why +
                        "; expected the last four groups to be an IPv4 address's "
                        "octets, as in ::208:80:154:23";
    // The likeliest reason for a hex-looking group: an RFC 6052 address.
    if (v.v6.Masked(96) == Rfc6052WellKnownPrefix().addr)
      error += " (64:ff9b::/96 is the RFC 6052 well-known prefix: try --rfc6052)";
    return Failure(error);
  }
  MapResult r;
  r.fields = {{"ipv4", v4->str()}, {"token", v.v6.Iid().str()}};
  if (!v.v6.UpperZero()) {
    r.fields.emplace_back("prefix", Cidr{v.v6.Masked(64), 64}.str());
    r.fields.emplace_back("address", v.v6.str());
  }
  return r;
}

void WarnIfNonGlobal(const In4& v4, const Cidr& prefix, MapResult* r) {
  if (prefix != Rfc6052WellKnownPrefix()) return;
  if (auto why = NonGlobalReason(v4); !why.empty()) r->warnings.push_back(why);
}

MapResult MapIn4Rfc6052(const Value& v, std::optional<std::string_view> prefix_text) {
  Cidr prefix = Rfc6052WellKnownPrefix();
  if (prefix_text) {
    if (auto e = ParsePrefix(*prefix_text, -1, &prefix); !e.empty()) return Failure(e);
  }
  std::string why;
  auto addr = Rfc6052Embed(v.v4, prefix, &why);  // the well-known prefix never fails
  if (!addr) return Failure("prefix " + Shown(*prefix_text) + ": " + why);
  MapResult r;
  r.fields = {{"ipv4", v.v4.str()}, {"prefix", prefix.str()}, {"address", addr->str()}};
  WarnIfNonGlobal(v.v4, prefix, &r);
  return r;
}

MapResult MapIn6Rfc6052(const Value& v) {
  int len;
  if (v.len) {
    len = *v.len;
  } else if (v.v6.Masked(96) == Rfc6052WellKnownPrefix().addr) {
    len = 96;
  } else {
    return Failure(Label(v) + ": expected a length, one of " + kRfc6052Lengths +
                   " (only addresses in the well-known prefix 64:ff9b::/96 need none)");
  }
  std::string why, warning;
  auto v4 = Rfc6052Extract(v.v6, len, &why, &warning);
  if (!v4) return Failure(Label(v) + ": " + why);
  Cidr prefix{v.v6.Masked(len), len};
  MapResult r;
  r.fields = {{"ipv4", v4->str()}, {"prefix", prefix.str()}, {"address", v.v6.str()}};
  if (!warning.empty()) r.warnings.push_back(Label(v) + ": " + warning);
  WarnIfNonGlobal(*v4, prefix, &r);
  return r;
}

}  // namespace

MapResult Map(std::string_view value, std::optional<std::string_view> prefix, bool rfc6052) {
  Value v;
  if (auto e = ParseValue(value, &v); !e.empty()) return Failure(e);
  if (v.family == Family::kV4) return rfc6052 ? MapIn4Rfc6052(v, prefix) : MapIn4(v, prefix);
  if (prefix)
    return Failure("prefix " + Shown(*prefix) + ": a prefix goes with an IPv4 address, and " +
                   Shown(value) + " is IPv6");
  return rfc6052 ? MapIn6Rfc6052(v) : MapIn6(v);
}

// --- Rendering ---------------------------------------------------------------

std::string MapText(const MapResult& result) {
  std::string out;
  for (const auto& [key, value] : result.fields) out += key + " " + value + "\n";
  return out;
}

std::string MapJson(const MapResult& result) {
  Json doc = Json::object();
  for (const auto& [key, value] : result.fields) doc[key] = value;
  doc["warnings"] = result.warnings;
  if (!result.ok()) doc["error"] = result.error;
  return LaidOutJson(doc, 0) + "\n";
}

}  // namespace ift
