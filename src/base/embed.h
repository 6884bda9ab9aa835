// `iftoken map`: an IPv4 address embedded in an IPv6 one, both directions.
//
// Two conventions:
//  - the one this package exists for (`token auto`,
//    ifupdown-token-interfaces(5)): the IPv4 octets written as the four groups
//    of the interface identifier, 208.80.154.23 -> ::208:80:154:23, placed in
//    a /64: 2620:0:861:1:208:80:154:23;
//  - RFC 6052 §2.2 (NAT64/DNS64): the 32 bits placed right after a /32../96
//    prefix, skipping bits 64-71 (the "u" octet), 192.0.2.33 in 64:ff9b::/96 ->
//    64:ff9b::c000:221.
//
// Everything here is pure; the front end (cmd/map.cc) only parses its
// options, calls Map() and prints MapText()/MapJson() or the error.
#ifndef IFTOKEN_BASE_EMBED_H_
#define IFTOKEN_BASE_EMBED_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/addr.h"

namespace ift {

// --- The interface-identifier convention ----------------------------------

// 208.80.154.23 in 2620:0:861:1::/64 -> 2620:0:861:1:208:80:154:23. The prefix
// must be a /64 without host bits; otherwise `why` says what is wrong (no
// "prefix X:" label: the caller knows what it called the value).
std::optional<In6> AddressFromIn4(const In4& v4, const Cidr& prefix, std::string* why);

// --- RFC 6052 §2.2 ---------------------------------------------------------

// 32, 40, 48, 56, 64 or 96: the only lengths RFC 6052 defines a layout for.
bool IsRfc6052Length(int len);

// 64:ff9b::/96, the well-known prefix (RFC 6052 §2.1).
Cidr Rfc6052WellKnownPrefix();

// The IPv4-embedded IPv6 address of `v4` under `prefix` (suffix bits zero).
// Refused, with `why`: a length RFC 6052 does not define, bits set past the
// prefix length, or (for a /96) a non-zero u octet, which RFC 6052 §2.2 says
// administrators MUST keep zero.
std::optional<In6> Rfc6052Embed(const In4& v4, const Cidr& prefix, std::string* why);

// The IPv4 address embedded in `addr` under a prefix of length `len`.
// Refused, with `why`: a length RFC 6052 does not define, or a non-zero u octet
// (a MUST in §2.2: such an address was not built by RFC 6052). Non-zero suffix
// bits are only a SHOULD ("reserved for future extensions"), so the IPv4
// address is still returned and `warning`, if given, says so.
std::optional<In4> Rfc6052Extract(const In6& addr, int len, std::string* why,
                                  std::string* warning = nullptr);

// Why `v4` must not be put in the well-known prefix (RFC 6052 §3.1 forbids it
// for non-global addresses: RFC 1918, RFC 5735 §3, RFC 6598), or "" if it may.
std::string NonGlobalReason(const In4& v4);

// --- The command ------------------------------------------------------------

// What `iftoken map` prints. Field keys, in print order:
//   ipv4     the IPv4 address                 208.80.154.23
//   token    the interface identifier         ::208:80:154:23     (not --rfc6052)
//   prefix   the prefix the address is in     2620:0:861:1::/64   (when known)
//   address  the full IPv6 address            2620:0:861:1:208:80:154:23
// On error, `error` is one line naming the value and what was expected, and
// `fields` is empty. Warnings do not stop the answer.
struct MapResult {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::string> warnings;
  std::string error;

  bool ok() const { return error.empty(); }
};

// `iftoken map VALUE [PREFIX]` with or without --rfc6052. VALUE is an IPv4
// address (a /LEN after it is accepted and ignored, so `ip -4 addr` output can
// be pasted), an IPv6 address, or an IPv6 ADDRESS/LEN. PREFIX goes only with
// an IPv4 VALUE; without --rfc6052 it defaults to /64 when written without one.
// With --rfc6052, an IPv4 VALUE without PREFIX uses 64:ff9b::/96, and an IPv6
// VALUE needs its /LEN unless it is in 64:ff9b::/96.
MapResult Map(std::string_view value, std::optional<std::string_view> prefix, bool rfc6052);

// The fields as `key value` lines, each ending in '\n'. Warnings and the error
// are not included: they belong on stderr with the program's prefix.
std::string MapText(const MapResult& result);

// One JSON object on one line and '\n': the fields as string members in
// order, then "warnings": [...] always, and "error": "..." when there is one.
std::string MapJson(const MapResult& result);

}  // namespace ift

#endif  // IFTOKEN_BASE_EMBED_H_
