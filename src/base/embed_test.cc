// Tests of `iftoken map`'s logic: the interface-identifier embedding, RFC 6052,
// the command-line forms, every refusal's text, and the renderings.
#include "base/embed.h"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ift {

// How Boost.Test prints the values of a failed check. Static, in namespace ift
// for argument-dependent lookup, so that other test files may have their own.
static std::ostream& boost_test_print_type(std::ostream& out, const In6& a) {
  return out << a.str();
}
static std::ostream& boost_test_print_type(std::ostream& out, const In4& a) {
  return out << a.str();
}
template <class T>
static std::ostream& boost_test_print_type(std::ostream& out, const std::optional<T>& a) {
  if (!a) return out << "nullopt";
  return boost_test_print_type(out, *a);
}

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

In4 V4(const char* text) { return *In4::Parse(text); }
In6 V6(const char* text) { return *In6::Parse(text); }
Cidr Net(const char* text, int len) { return Cidr{V6(text), len}; }

// The error of a map that must fail, with its fields checked empty.
std::string MapError(std::string_view value, std::optional<std::string_view> prefix,
                     bool rfc6052 = false) {
  MapResult r = Map(value, prefix, rfc6052);
  BOOST_TEST(r.fields.empty());
  BOOST_TEST(r.warnings.empty());
  return r.error;
}

// The fields of a map that must succeed without warnings.
Fields MapFields(std::string_view value, std::optional<std::string_view> prefix,
                 bool rfc6052 = false) {
  MapResult r = Map(value, prefix, rfc6052);
  BOOST_TEST(r.error == "");
  BOOST_TEST(r.warnings.empty());
  return r.fields;
}

std::string Field(const MapResult& r, const std::string& key) {
  for (const auto& [k, v] : r.fields)
    if (k == key) return v;
  return "(missing " + key + ")";
}

// Addresses for round trips: the edges of every octet, and the real ones.
std::vector<In4> ManyIn4() {
  std::vector<In4> all = {V4("0.0.0.0"),       V4("255.255.255.255"), V4("10.64.0.10"),
                          V4("208.80.154.23"), V4("91.198.174.192"),  V4("192.0.2.33"),
                          V4("9.99.100.199")};
  for (unsigned o = 0; o < 256; ++o)
    all.push_back(In4{{uint8_t(o), uint8_t(255 - o), uint8_t(o * 7), uint8_t(o / 3)}});
  return all;
}

// RFC 6052 §2.4, Figure: 192.0.2.33 under each Network-Specific Prefix.
struct Rfc6052Example {
  const char* prefix;
  int len;
  const char* address;
};
const Rfc6052Example kRfc6052Table[] = {
    {"2001:db8::", 32, "2001:db8:c000:221::"},
    {"2001:db8:100::", 40, "2001:db8:1c0:2:21::"},
    {"2001:db8:122::", 48, "2001:db8:122:c000:2:2100::"},
    {"2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221::"},
    {"2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:0"},
    {"2001:db8:122:344::", 96, "2001:db8:122:344::192.0.2.33"},
    {"64:ff9b::", 96, "64:ff9b::c000:221"},  // the well-known prefix, §2.1
};

}  // namespace

BOOST_AUTO_TEST_SUITE(embed)

// --- The interface-identifier convention (the Wikimedia layout) -------------

BOOST_AUTO_TEST_CASE(wikimedia_ipv4_to_token) {
  Fields want = {{"ipv4", "208.80.154.23"}, {"token", "::208:80:154:23"}};
  BOOST_TEST(MapFields("208.80.154.23", std::nullopt) == want);
}

BOOST_AUTO_TEST_CASE(wikimedia_ipv4_with_prefix) {
  Fields want = {{"ipv4", "208.80.154.23"},
                 {"token", "::208:80:154:23"},
                 {"prefix", "2620:0:861:1::/64"},
                 {"address", "2620:0:861:1:208:80:154:23"}};
  BOOST_TEST(MapFields("208.80.154.23", "2620:0:861:1::/64") == want);
  // Written without /LEN, a prefix is a /64, as `netmask` defaults to
  // (ifupdown-token-interfaces(5)).
  BOOST_TEST(MapFields("208.80.154.23", "2620:0:861:1::") == want);
  // A length after the IPv4 address (pasted from `ip -4 addr`) is ignored.
  BOOST_TEST(MapFields("208.80.154.23/26", "2620:0:861:1::/64") == want);
}

BOOST_AUTO_TEST_CASE(wikimedia_address_to_ipv4) {
  Fields want = {{"ipv4", "208.80.154.23"},
                 {"token", "::208:80:154:23"},
                 {"prefix", "2620:0:861:1::/64"},
                 {"address", "2620:0:861:1:208:80:154:23"}};
  BOOST_TEST(MapFields("2620:0:861:1:208:80:154:23", std::nullopt) == want);
  BOOST_TEST(MapFields("2620:0:861:1:208:80:154:23/64", std::nullopt) == want);
  BOOST_TEST(MapFields("2620:0000:0861:0001:0208:0080:0154:0023", std::nullopt) == want);
}

BOOST_AUTO_TEST_CASE(wikimedia_token_to_ipv4) {
  Fields want = {{"ipv4", "208.80.154.23"}, {"token", "::208:80:154:23"}};
  BOOST_TEST(MapFields("::208:80:154:23", std::nullopt) == want);
  Fields esams = {{"ipv4", "10.64.0.10"}, {"token", "::10:64:0:10"}};
  BOOST_TEST(MapFields("::10:64:0:10", std::nullopt) == esams);
}

BOOST_AUTO_TEST_CASE(address_from_in4) {
  std::string why;
  BOOST_TEST(AddressFromIn4(V4("10.64.0.10"), Net("2620:0:860:101::", 64), &why) ==
             V6("2620:0:860:101:10:64:0:10"));
  BOOST_TEST(why == "");
  // fe80::/64 is a /64 like any other: the token's link-local (ifupdown-token-interfaces(5)).
  BOOST_TEST(AddressFromIn4(V4("208.80.154.23"), Net("fe80::", 64), &why) ==
             V6("fe80::208:80:154:23"));
}

BOOST_AUTO_TEST_CASE(wikimedia_round_trips) {
  const Cidr prefix = Net("2620:0:861:1::", 64);
  for (const In4& v4 : ManyIn4()) {
    BOOST_TEST_CONTEXT(v4.str()) {
      std::string why;
      BOOST_TEST(In4FromIid(IidFromIn4(v4), &why) == v4);
      auto addr = AddressFromIn4(v4, prefix, &why);
      BOOST_TEST_REQUIRE(addr.has_value());
      BOOST_TEST(In4FromIid(*addr, &why) == v4);

      // The same through the command's own forms, text in and text out.
      MapResult there = Map(v4.str(), "2620:0:861:1::/64", false);
      BOOST_TEST(there.ok());
      MapResult back = Map(Field(there, "address"), std::nullopt, false);
      BOOST_TEST(back.ok());
      BOOST_TEST(back.fields == there.fields);
      MapResult from_token = Map(Field(there, "token"), std::nullopt, false);
      BOOST_TEST(Field(from_token, "ipv4") == v4.str());
    }
  }
}

BOOST_AUTO_TEST_CASE(wikimedia_edges) {
  Fields zero = {{"ipv4", "0.0.0.0"}, {"token", "::"}};
  BOOST_TEST(MapFields("0.0.0.0", std::nullopt) == zero);
  BOOST_TEST(MapFields("::", std::nullopt) == zero);
  Fields ones = {{"ipv4", "255.255.255.255"}, {"token", "::255:255:255:255"}};
  BOOST_TEST(MapFields("255.255.255.255", std::nullopt) == ones);
  BOOST_TEST(MapFields("::255:255:255:255", std::nullopt) == ones);
}

// --- Refusals of the interface-identifier convention -------------------------

BOOST_AUTO_TEST_CASE(rejects_prefix_not_64) {
  BOOST_TEST(MapError("208.80.154.23", "2620:0:861::/48") ==
             "prefix 2620:0:861::/48: expected a /64 (the interface identifier is the "
             "lower 64 bits)");
  BOOST_TEST(MapError("208.80.154.23", "2620:0:861:1::/96") ==
             "prefix 2620:0:861:1::/96: expected a /64 (the interface identifier is the "
             "lower 64 bits)");
  std::string why;
  BOOST_TEST(!AddressFromIn4(V4("208.80.154.23"), Net("2620:0:861::", 48), &why));
  BOOST_TEST(why == "expected a /64 (the interface identifier is the lower 64 bits)");
}

BOOST_AUTO_TEST_CASE(rejects_prefix_host_bits) {
  BOOST_TEST(MapError("208.80.154.23", "2620:0:861:1::1/64") ==
             "prefix 2620:0:861:1::1/64: host bits set (::1); expected 2620:0:861:1::/64");
  BOOST_TEST(MapError("208.80.154.23", "2620:0:861:1:208:80:154:23/64") ==
             "prefix 2620:0:861:1:208:80:154:23/64: host bits set (::208:80:154:23); "
             "expected 2620:0:861:1::/64");
}

BOOST_AUTO_TEST_CASE(rejects_non_decimal_groups) {
  BOOST_TEST(MapError("2620:0:861:1:208:80:154:2a", std::nullopt) ==
             "address 2620:0:861:1:208:80:154:2a: group 8 (2a) is not a decimal octet 0-255 "
             "written as hex; expected the last four groups to be an IPv4 address's octets, "
             "as in ::208:80:154:23");
  BOOST_TEST(MapError("::256:80:154:23", std::nullopt) ==
             "token ::256:80:154:23: group 5 (256) is not a decimal octet 0-255 written as "
             "hex; expected the last four groups to be an IPv4 address's octets, as in "
             "::208:80:154:23");
  BOOST_TEST(MapError("2620:0:861:1:208:1ff:154:23", std::nullopt) ==
             "address 2620:0:861:1:208:1ff:154:23: group 6 (1ff) is not a decimal octet "
             "0-255 written as hex; expected the last four groups to be an IPv4 address's "
             "octets, as in ::208:80:154:23");
  // An EUI-64 address: the MAC-derived identifier this package exists to avoid.
  BOOST_TEST(MapError("fe80::5054:ff:fe12:3456", std::nullopt) ==
             "address fe80::5054:ff:fe12:3456: group 5 (5054) is not a decimal octet 0-255 "
             "written as hex; expected the last four groups to be an IPv4 address's octets, "
             "as in ::208:80:154:23");
}

BOOST_AUTO_TEST_CASE(rejects_nat64_address_with_hint) {
  BOOST_TEST(MapError("64:ff9b::c000:221", std::nullopt) ==
             "address 64:ff9b::c000:221: group 7 (c000) is not a decimal octet 0-255 written "
             "as hex; expected the last four groups to be an IPv4 address's octets, as in "
             "::208:80:154:23 (64:ff9b::/96 is the RFC 6052 well-known prefix: try "
             "--rfc6052)");
}

BOOST_AUTO_TEST_CASE(rejects_address_not_64) {
  BOOST_TEST(MapError("2620:0:861:1:208:80:154:23/48", std::nullopt) ==
             "address 2620:0:861:1:208:80:154:23/48: expected a /64 (the interface "
             "identifier is the lower 64 bits)");
}

// --- Refusals of the argument forms -------------------------------------------

BOOST_AUTO_TEST_CASE(rejects_unrecognised_values) {
  const std::string expected =
      ": expected an IPv4 address like 208.80.154.23, or an IPv6 address like "
      "2620:0:861:1:208:80:154:23 or ::208:80:154:23";
  BOOST_TEST(MapError("eno1", std::nullopt) == "eno1" + expected);
  BOOST_TEST(MapError("", std::nullopt) == "\"\"" + expected);
  BOOST_TEST(MapError("208.80.154.23 ", std::nullopt) == "\"208.80.154.23 \"" + expected);
  BOOST_TEST(MapError("a\x1b[2Jb", std::nullopt) == "\"a\\u001b[2Jb\"" + expected);
}

BOOST_AUTO_TEST_CASE(rejects_bad_ipv4) {
  const std::string expected =
      ": not an IPv4 address; expected four decimal octets 0-255, like 208.80.154.23";
  BOOST_TEST(MapError("208.80.154.256", std::nullopt) == "208.80.154.256" + expected);
  BOOST_TEST(MapError("208.80.154", std::nullopt) == "208.80.154" + expected);
  // A leading zero could be read as octal by inet_aton(3): refuse it.
  BOOST_TEST(MapError("010.64.0.10", std::nullopt) == "010.64.0.10" + expected);
  BOOST_TEST(MapError("208.80.154.23/33", std::nullopt) ==
             "208.80.154.23/33: prefix length 33 is not a number 0-32");
}

BOOST_AUTO_TEST_CASE(rejects_bad_ipv6) {
  const std::string expected =
      ": not an IPv6 address; expected one like 2620:0:861:1:208:80:154:23 or "
      "::208:80:154:23";
  BOOST_TEST(MapError("2620::861::1", std::nullopt) == "2620::861::1" + expected);
  BOOST_TEST(MapError("fe80::1%eno1", std::nullopt) == "fe80::1%eno1" + expected);
  BOOST_TEST(MapError("2620:0:861:1::1/abc", std::nullopt) ==
             "2620:0:861:1::1/abc: prefix length abc is not a number 0-128");
  BOOST_TEST(MapError("2620:0:861:1::1/", std::nullopt) ==
             "2620:0:861:1::1/: prefix length \"\" is not a number 0-128");
  BOOST_TEST(MapError("2620:0:861:1::1/129", std::nullopt) ==
             "2620:0:861:1::1/129: prefix length 129 is not a number 0-128");
  BOOST_TEST(MapError("2620:0:861:1::1/+64", std::nullopt) ==
             "2620:0:861:1::1/+64: prefix length +64 is not a number 0-128");
}

BOOST_AUTO_TEST_CASE(rejects_bad_prefix_argument) {
  BOOST_TEST(MapError("208.80.154.23", "208.80.154.0/24") ==
             "prefix 208.80.154.0/24: not an IPv6 prefix; expected one like "
             "2620:0:861:1::/64");
  BOOST_TEST(MapError("208.80.154.23", "2620:0:861:1::/6x") ==
             "prefix 2620:0:861:1::/6x: prefix length 6x is not a number 0-128");
  BOOST_TEST(MapError("208.80.154.23", "") ==
             "prefix \"\": not an IPv6 prefix; expected one like 2620:0:861:1::/64");
}

BOOST_AUTO_TEST_CASE(rejects_prefix_after_ipv6) {
  BOOST_TEST(MapError("2620:0:861:1:208:80:154:23", "2620:0:861:1::/64") ==
             "prefix 2620:0:861:1::/64: a prefix goes with an IPv4 address, and "
             "2620:0:861:1:208:80:154:23 is IPv6");
  BOOST_TEST(MapError("64:ff9b::c000:221", "64:ff9b::/96", true) ==
             "prefix 64:ff9b::/96: a prefix goes with an IPv4 address, and "
             "64:ff9b::c000:221 is IPv6");
}

// --- RFC 6052 -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(rfc6052_table_embed) {
  for (const auto& ex : kRfc6052Table) {
    BOOST_TEST_CONTEXT(ex.prefix << "/" << ex.len) {
      std::string why;
      auto addr = Rfc6052Embed(V4("192.0.2.33"), Net(ex.prefix, ex.len), &why);
      BOOST_TEST(why == "");
      BOOST_TEST_REQUIRE(addr.has_value());
      BOOST_TEST(*addr == V6(ex.address));
    }
  }
}

BOOST_AUTO_TEST_CASE(rfc6052_table_extract) {
  for (const auto& ex : kRfc6052Table) {
    BOOST_TEST_CONTEXT(ex.address << " /" << ex.len) {
      std::string why, warning;
      auto v4 = Rfc6052Extract(V6(ex.address), ex.len, &why, &warning);
      BOOST_TEST(why == "");
      BOOST_TEST(warning == "");
      BOOST_TEST(v4 == V4("192.0.2.33"));
    }
  }
}

BOOST_AUTO_TEST_CASE(rfc6052_table_through_map) {
  for (const auto& ex : kRfc6052Table) {
    std::string prefix = Cidr{V6(ex.prefix), ex.len}.str();
    std::string address = V6(ex.address).str();
    BOOST_TEST_CONTEXT(prefix) {
      MapResult there = Map("192.0.2.33", prefix, true);
      BOOST_TEST(there.error == "");
      Fields want = {{"ipv4", "192.0.2.33"}, {"prefix", prefix}, {"address", address}};
      BOOST_TEST(there.fields == want);
      MapResult back = Map(address + "/" + std::to_string(ex.len), std::nullopt, true);
      BOOST_TEST(back.error == "");
      BOOST_TEST(back.fields == want);
    }
  }
}

BOOST_AUTO_TEST_CASE(rfc6052_printed_forms) {
  // How inet_ntop prints them: what a user sees and a script compares.
  BOOST_TEST(Field(Map("192.0.2.33", "2001:db8:122:344::/64", true), "address") ==
             "2001:db8:122:344:c0:2:2100:0");
  BOOST_TEST(Field(Map("192.0.2.33", "2001:db8:122:344::/96", true), "address") ==
             "2001:db8:122:344::c000:221");
}

BOOST_AUTO_TEST_CASE(rfc6052_well_known_prefix) {
  BOOST_TEST(Rfc6052WellKnownPrefix().str() == "64:ff9b::/96");
  Fields want = {
      {"ipv4", "198.41.0.4"}, {"prefix", "64:ff9b::/96"}, {"address", "64:ff9b::c629:4"}};
  BOOST_TEST(MapFields("198.41.0.4", std::nullopt, true) == want);
  BOOST_TEST(MapFields("198.41.0.4", "64:ff9b::/96", true) == want);
  // An address in the well-known prefix needs no /96.
  BOOST_TEST(MapFields("64:ff9b::c629:4", std::nullopt, true) == want);
  BOOST_TEST(MapFields("64:ff9b::198.41.0.4/96", std::nullopt, true) == want);
}

BOOST_AUTO_TEST_CASE(rfc6052_round_trips) {
  const Cidr prefixes[] = {Net("2001:db8::", 32),         Net("2001:db8:100::", 40),
                           Net("2001:db8:122::", 48),     Net("2001:db8:122:300::", 56),
                           Net("2001:db8:122:344::", 64), Net("2001:db8:122:344::", 96),
                           Net("64:ff9b::", 96)};
  for (const Cidr& prefix : prefixes) {
    for (const In4& v4 : ManyIn4()) {
      BOOST_TEST_CONTEXT(v4.str() << " in " << prefix.str()) {
        std::string why, warning;
        auto addr = Rfc6052Embed(v4, prefix, &why);
        BOOST_TEST_REQUIRE(addr.has_value());
        BOOST_TEST(addr->Masked(prefix.len) == prefix.addr);  // the prefix is kept
        BOOST_TEST(addr->b[8] == 0);                          // the u octet is skipped
        BOOST_TEST(Rfc6052Extract(*addr, prefix.len, &why, &warning) == v4);
        BOOST_TEST(warning == "");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(rfc6052_skips_u_octet) {
  // 255.255.255.255 under a /56 and a /64: the bits land either side of byte 8.
  std::string why;
  BOOST_TEST(Rfc6052Embed(V4("255.255.255.255"), Net("2001:db8:122:300::", 56), &why) ==
             V6("2001:db8:122:3ff:ff:ffff::"));
  BOOST_TEST(Rfc6052Embed(V4("255.255.255.255"), Net("2001:db8:122:344::", 64), &why) ==
             V6("2001:db8:122:344:ff:ffff:ff00:0"));
}

// --- Refusals and warnings of RFC 6052 ------------------------------------------

BOOST_AUTO_TEST_CASE(rfc6052_rejects_lengths) {
  BOOST_TEST(MapError("192.0.2.33", "2001:db8::/33", true) ==
             "prefix 2001:db8::/33: RFC 6052 defines /32, /40, /48, /56, /64 or /96, not /33");
  BOOST_TEST(MapError("192.0.2.33", "2001:db8::/128", true) ==
             "prefix 2001:db8::/128: RFC 6052 defines /32, /40, /48, /56, /64 or /96, not "
             "/128");
  BOOST_TEST(MapError("2001:db8:c000:221::/33", std::nullopt, true) ==
             "address 2001:db8:c000:221::/33: RFC 6052 defines /32, /40, /48, /56, /64 or "
             "/96, not /33");
  std::string why;
  for (int len = 0; len <= 128; ++len) {
    bool defined = len == 32 || len == 40 || len == 48 || len == 56 || len == 64 || len == 96;
    BOOST_TEST(IsRfc6052Length(len) == defined);
    if (!defined) BOOST_TEST(!Rfc6052Extract(V6("2001:db8::"), len, &why));
  }
}

BOOST_AUTO_TEST_CASE(rfc6052_rejects_missing_length) {
  BOOST_TEST(MapError("192.0.2.33", "2001:db8::", true) ==
             "prefix 2001:db8::: expected a length, one of /32, /40, /48, /56, /64 or /96");
  BOOST_TEST(MapError("2001:db8:c000:221::", std::nullopt, true) ==
             "address 2001:db8:c000:221::: expected a length, one of /32, /40, /48, /56, "
             "/64 or /96 (only addresses in the well-known prefix 64:ff9b::/96 need none)");
}

BOOST_AUTO_TEST_CASE(rfc6052_rejects_prefix_host_bits) {
  BOOST_TEST(MapError("192.0.2.33", "2001:db8:100:1::/40", true) ==
             "prefix 2001:db8:100:1::/40: host bits set (0:0:0:1::); expected "
             "2001:db8:100::/40");
  // Bits 64-71 of a /64 prefix are host bits like the rest.
  BOOST_TEST(MapError("192.0.2.33", "2001:db8:122:344:100::/64", true) ==
             "prefix 2001:db8:122:344:100::/64: host bits set (::100:0:0:0); expected "
             "2001:db8:122:344::/64");
}

BOOST_AUTO_TEST_CASE(rfc6052_rejects_u_octet_in_96) {
  BOOST_TEST(MapError("192.0.2.33", "2001:db8:122:344:100::/96", true) ==
             "prefix 2001:db8:122:344:100::/96: the u octet (bits 64-71) is 0x01; RFC 6052 "
             "section 2.2 requires it to be zero");
}

BOOST_AUTO_TEST_CASE(rfc6052_rejects_u_octet_on_extraction) {
  BOOST_TEST(MapError("2001:db8:122:344:1c0:2:2100:0/64", std::nullopt, true) ==
             "address 2001:db8:122:344:1c0:2:2100:0/64: the u octet (bits 64-71) is 0x01; "
             "RFC 6052 section 2.2 requires it to be zero");
  BOOST_TEST(MapError("2001:db8:c000:221:ff00::/32", std::nullopt, true) ==
             "address 2001:db8:c000:221:ff00::/32: the u octet (bits 64-71) is 0xff; RFC "
             "6052 section 2.2 requires it to be zero");
  BOOST_TEST(MapError("2001:db8:122:344:8000::c000:221/96", std::nullopt, true) ==
             "address 2001:db8:122:344:8000::c000:221/96: the u octet (bits 64-71) is 0x80; "
             "RFC 6052 section 2.2 requires it to be zero");
}

BOOST_AUTO_TEST_CASE(rfc6052_warns_suffix_bits) {
  MapResult r = Map("2001:db8:c000:221::1/32", std::nullopt, true);
  BOOST_TEST(r.error == "");
  BOOST_TEST(Field(r, "ipv4") == "192.0.2.33");
  std::vector<std::string> want = {
      "address 2001:db8:c000:221::1/32: suffix bits after the IPv4 address are set (::1); "
      "RFC 6052 section 2.2 reserves them and says they SHOULD be zero"};
  BOOST_TEST(r.warnings == want);

  std::string why, warning;
  BOOST_TEST(Rfc6052Extract(V6("2001:db8:122:344:c0:2:2100:ff"), 64, &why, &warning) ==
             V4("192.0.2.33"));
  BOOST_TEST(warning ==
             "suffix bits after the IPv4 address are set (::ff); RFC 6052 section 2.2 "
             "reserves them and says they SHOULD be zero");
  // Under a /32 the suffix starts right after the u octet, at bit 72.
  warning.clear();
  BOOST_TEST(Rfc6052Extract(V6("2001:db8:c000:221:1::"), 32, &why, &warning) == V4("192.0.2.33"));
  BOOST_TEST(warning ==
             "suffix bits after the IPv4 address are set (::1:0:0:0); RFC 6052 section "
             "2.2 reserves them and says they SHOULD be zero");
}

BOOST_AUTO_TEST_CASE(rfc6052_warns_non_global_in_well_known_prefix) {
  MapResult r = Map("10.64.0.10", std::nullopt, true);
  BOOST_TEST(r.error == "");
  BOOST_TEST(Field(r, "address") == "64:ff9b::a40:a");
  std::vector<std::string> want = {
      "10.64.0.10 is private-use (10.0.0.0/8): RFC 6052 section 3.1 forbids the well-known "
      "prefix 64:ff9b::/96 for non-global IPv4 addresses; use a network-specific prefix"};
  BOOST_TEST(r.warnings == want);
  // Extraction warns the same way; a network-specific prefix is fine.
  BOOST_TEST(Map("64:ff9b::a40:a", std::nullopt, true).warnings == want);
  BOOST_TEST(Map("10.64.0.10", "2001:db8::/32", true).warnings.empty());

  BOOST_TEST(NonGlobalReason(V4("192.0.2.33")) ==
             "192.0.2.33 is documentation (192.0.2.0/24): RFC 6052 section 3.1 forbids the "
             "well-known prefix 64:ff9b::/96 for non-global IPv4 addresses; use a "
             "network-specific prefix");
  for (const char* local : {"0.1.2.3", "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.1.1",
                            "172.31.255.255", "192.0.0.8", "192.168.1.1", "198.19.0.1",
                            "198.51.100.7", "203.0.113.9", "224.0.0.251", "255.255.255.255"})
    BOOST_TEST(NonGlobalReason(V4(local)) != "", local);
  for (const char* global :
       {"208.80.154.23", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.1", "192.0.3.1",
        "192.88.99.1", "198.20.0.1", "223.255.255.255"})
    BOOST_TEST(NonGlobalReason(V4(global)) == "", global);
}

// --- Rendering -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(text_rendering) {
  MapResult r = Map("208.80.154.23", "2620:0:861:1::/64", false);
  BOOST_TEST(MapText(r) ==
             "ipv4 208.80.154.23\n"
             "token ::208:80:154:23\n"
             "prefix 2620:0:861:1::/64\n"
             "address 2620:0:861:1:208:80:154:23\n");
  BOOST_TEST(MapText(Map("eno1", std::nullopt, false)) == "");
}

BOOST_AUTO_TEST_CASE(json_rendering) {
  BOOST_TEST(MapJson(Map("208.80.154.23", std::nullopt, false)) ==
             "{\"ipv4\": \"208.80.154.23\", \"token\": \"::208:80:154:23\", "
             "\"warnings\": []}\n");
  BOOST_TEST(MapJson(Map("2001:db8:c000:221::1/32", std::nullopt, true)) ==
             "{\"ipv4\": \"192.0.2.33\", \"prefix\": \"2001:db8::/32\", "
             "\"address\": \"2001:db8:c000:221::1\", \"warnings\": [\"address "
             "2001:db8:c000:221::1/32: suffix bits after the IPv4 address are set (::1); "
             "RFC 6052 section 2.2 reserves them and says they SHOULD be zero\"]}\n");
  BOOST_TEST(MapJson(Map("", std::nullopt, false)) ==
             "{\"warnings\": [], \"error\": \"\\\"\\\": expected an IPv4 address like "
             "208.80.154.23, or an IPv6 address like 2620:0:861:1:208:80:154:23 or "
             "::208:80:154:23\"}\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
