// IPv6 and IPv4 address values, and the embedding of an IPv4 address into an
// interface identifier (208.80.154.23 -> ::208:80:154:23).
#ifndef IFTOKEN_BASE_ADDR_H_
#define IFTOKEN_BASE_ADDR_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ift {

struct In6 {
  std::array<uint8_t, 16> b{};

  static std::optional<In6> Parse(std::string_view text);
  std::string str() const;

  bool IsZero() const;
  bool UpperZero() const;  // the upper 64 bits (the prefix half) are zero
  bool LowerZero() const;
  bool IsLinkLocal() const { return b[0] == 0xfe && (b[1] & 0xc0) == 0x80; }
  bool IsMulticast() const { return b[0] == 0xff; }
  // The interface identifier: the lower 64 bits, upper half zeroed.
  In6 Iid() const;
  // The upper 64 bits of this address with the lower 64 bits of `iid`.
  In6 WithIid(const In6& iid) const;
  // The address with every bit past `len` cleared.
  In6 Masked(int len) const;
  uint16_t Group(int i) const { return uint16_t(b[2 * i] << 8 | b[2 * i + 1]); }

  bool operator==(const In6&) const = default;
  auto operator<=>(const In6&) const = default;
};

struct In4 {
  std::array<uint8_t, 4> b{};
  static std::optional<In4> Parse(std::string_view text);  // dotted quad only
  std::string str() const;
  bool operator==(const In4&) const = default;
};

// An address with its prefix length, as written in `address ADDR/LEN`.
struct Cidr {
  In6 addr;
  int len = 64;
  std::string str() const;
  bool operator==(const Cidr&) const = default;
};

// The modified EUI-64 interface identifier of a 48-bit MAC (RFC 4291 §2.5.1
// and Appendix A; the kernel's addrconf_ifid_eui48()): the universal/local
// bit flipped, ff:fe in the middle. nullopt for a hardware address of any
// other length.
std::optional<In6> Eui64Iid(const std::vector<uint8_t>& mac);

// The interface identifier carries ff:fe in its middle (bytes 11 and 12):
// the mark of an EUI-64 built from some 48-bit MAC, this interface's or not.
bool LooksEui64(const In6& addr);

// The IPv4 address written as four groups, each octet's decimal digits read as
// hex: 208.80.154.23 -> ::208:80:154:23. This is the convention that makes the
// IPv6 address readable as the IPv4 one.
In6 IidFromIn4(const In4& v4);

// The reverse. Each of the four low groups must look decimal (digits 0-9 only
// when printed in hex) and be at most 255; otherwise `why` says which is not.
std::optional<In4> In4FromIid(const In6& addr, std::string* why);

}  // namespace ift

#endif  // IFTOKEN_BASE_ADDR_H_
