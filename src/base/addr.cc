// IPv6 and IPv4 address values: parsing, RFC 5952 text, the IPv4-in-IID embedding.
#include "base/addr.h"

#include <arpa/inet.h>

#include <cstdio>

namespace ift {

std::optional<In6> In6::Parse(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  In6 a;
  if (inet_pton(AF_INET6, s.c_str(), a.b.data()) != 1) return std::nullopt;
  return a;
}

// RFC 5952, without inet_ntop's IPv4-compatible form: a token ::c:1 must not
// print as ::0.12.0.1.
std::string In6::str() const {
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && Group(j) == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j == i ? i + 1 : j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    snprintf(buf, sizeof buf, "%x", Group(i));
    out += buf;
  }
  return out;
}

static bool AllZero(const uint8_t* p, int n) {
  for (int i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}

bool In6::IsZero() const { return AllZero(b.data(), 16); }
bool In6::UpperZero() const { return AllZero(b.data(), 8); }
bool In6::LowerZero() const { return AllZero(b.data() + 8, 8); }

In6 In6::Iid() const {
  In6 r = *this;
  for (int i = 0; i < 8; ++i) r.b[i] = 0;
  return r;
}

In6 In6::WithIid(const In6& iid) const {
  In6 r = *this;
  for (int i = 8; i < 16; ++i) r.b[i] = iid.b[i];
  return r;
}

In6 In6::Masked(int len) const {
  In6 r = *this;
  for (int i = 0; i < 16; ++i) {
    int keep = len - 8 * i;
    if (keep >= 8) continue;
    r.b[i] = keep <= 0 ? 0 : uint8_t(r.b[i] & (0xff << (8 - keep)));
  }
  return r;
}

std::optional<In4> In4::Parse(std::string_view text) {
  if (text.empty() || text.size() >= INET_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  In4 a;
  if (inet_pton(AF_INET, s.c_str(), a.b.data()) != 1) return std::nullopt;
  return a;
}

std::string In4::str() const {
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, b.data(), buf, sizeof buf);
  return buf;
}

std::string Cidr::str() const { return addr.str() + "/" + std::to_string(len); }

In6 IidFromIn4(const In4& v4) {
  In6 r;
  for (int i = 0; i < 4; ++i) {
    unsigned o = v4.b[i];
    unsigned group = (o / 100) << 8 | (o / 10 % 10) << 4 | (o % 10);
    r.b[8 + 2 * i] = uint8_t(group >> 8);
    r.b[9 + 2 * i] = uint8_t(group);
  }
  return r;
}

std::optional<In4> In4FromIid(const In6& addr, std::string* why) {
  In4 r;
  for (int i = 0; i < 4; ++i) {
    unsigned g = addr.Group(4 + i);
    unsigned d2 = g >> 8, d1 = g >> 4 & 0xf, d0 = g & 0xf;
    unsigned value = d2 * 100 + d1 * 10 + d0;
    if (d2 > 9 || d1 > 9 || d0 > 9 || value > 255) {
      char buf[96];
      snprintf(buf, sizeof buf, "group %d (%x) is not a decimal octet 0-255 written as hex", 5 + i,
               g);
      if (why) *why = buf;
      return std::nullopt;
    }
    r.b[i] = uint8_t(value);
  }
  return r;
}

std::optional<In6> Eui64Iid(const std::vector<uint8_t>& mac) {
  if (mac.size() != 6) return std::nullopt;
  In6 iid;
  iid.b[8] = mac[0] ^ 0x02;
  iid.b[9] = mac[1];
  iid.b[10] = mac[2];
  iid.b[11] = 0xff;
  iid.b[12] = 0xfe;
  iid.b[13] = mac[3];
  iid.b[14] = mac[4];
  iid.b[15] = mac[5];
  return iid;
}

bool LooksEui64(const In6& addr) { return addr.b[11] == 0xff && addr.b[12] == 0xfe; }

}  // namespace ift
