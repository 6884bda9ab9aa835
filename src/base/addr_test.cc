// Tests of the address values: In6/In4 parsing and formatting, the halves of an
// IPv6 address, masking, and the IPv4-in-IID embedding both ways.
#include "base/addr.h"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace ift {

// How Boost.Test prints the values of a failed check (static: each test file
// may have its own).
static std::ostream& boost_test_print_type(std::ostream& out, const In6& a) { return out << a.str(); }
static std::ostream& boost_test_print_type(std::ostream& out, const In4& a) { return out << a.str(); }

namespace {

In6 V6(const char* text) {
  auto a = In6::Parse(text);
  BOOST_TEST_REQUIRE(a.has_value(), "test address " << text << " must parse");
  return *a;
}
In4 V4(const char* text) {
  auto a = In4::Parse(text);
  BOOST_TEST_REQUIRE(a.has_value(), "test address " << text << " must parse");
  return *a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(addr)

BOOST_AUTO_TEST_CASE(in6_parse_and_format) {
  In6 a = V6("2001:0DB8:0000::0001");
  BOOST_TEST(a.str() == "2001:db8::1");  // canonical, lower case, compressed
  BOOST_TEST(a.b[0] == 0x20);
  BOOST_TEST(a.b[1] == 0x01);
  BOOST_TEST(a.b[2] == 0x0d);
  BOOST_TEST(a.b[3] == 0xb8);
  BOOST_TEST(a.b[15] == 0x01);
  BOOST_TEST(a.Group(0) == 0x2001);
  BOOST_TEST(a.Group(1) == 0x0db8);
  BOOST_TEST(a.Group(7) == 0x0001);
  BOOST_TEST(V6("::").str() == "::");
  BOOST_TEST(V6("::208:80:154:23").str() == "::208:80:154:23");
  BOOST_TEST(V6("2620:0:861:1:208:80:154:23").str() == "2620:0:861:1:208:80:154:23");
  BOOST_TEST(V6("fe80::1").str() == "fe80::1");
  BOOST_TEST(V6("1:2:3:4:5:6:7:8").str() == "1:2:3:4:5:6:7:8");
}

BOOST_AUTO_TEST_CASE(in6_parse_rejects) {
  for (const char* bad : {"", "1.2.3.4", "2001:db8::1/64", "fe80::1%eth0", "gggg::", " ::1",
                          "::1 ", "1:2:3:4:5:6:7:8:9", "2001:db8:::1", "auto", "none",
                          "0123456789abcdef0123456789abcdef0123456789abcdef"})
    BOOST_TEST(!In6::Parse(bad).has_value(), "'" << bad << "' must not parse");
}

BOOST_AUTO_TEST_CASE(in6_halves) {
  In6 a = V6("2001:db8:1:2:208:80:154:23");
  BOOST_TEST(a.Iid() == V6("::208:80:154:23"));
  BOOST_TEST(!a.UpperZero());
  BOOST_TEST(!a.LowerZero());
  BOOST_TEST(!a.IsZero());
  BOOST_TEST(a.Iid().UpperZero());
  BOOST_TEST(V6("::1").UpperZero());
  BOOST_TEST(!V6("0:0:0:1::").UpperZero());   // bit 63 set
  BOOST_TEST(V6("0:0:0:1::").LowerZero());
  BOOST_TEST(!V6("::8000:0:0:0").LowerZero());  // bit 64 set
  BOOST_TEST(V6("::8000:0:0:0").UpperZero());
  BOOST_TEST(V6("::").IsZero());
  BOOST_TEST(V6("::").UpperZero());
  BOOST_TEST(V6("::").LowerZero());
  BOOST_TEST(V6("2001:db8::").LowerZero());
}

BOOST_AUTO_TEST_CASE(in6_with_iid) {
  In6 prefix = V6("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
  // The upper half of the address, the lower half of the argument (its upper
  // half is ignored).
  BOOST_TEST(prefix.WithIid(V6("::208:80:154:23")) == V6("2001:db8:1:2:208:80:154:23"));
  BOOST_TEST(prefix.WithIid(V6("ffff:ffff:ffff:ffff::5")) == V6("2001:db8:1:2::5"));
  BOOST_TEST(V6("fe80::").WithIid(V6("::1")) == V6("fe80::1"));
  BOOST_TEST(prefix.WithIid(V6("::")) == V6("2001:db8:1:2::"));
}

BOOST_AUTO_TEST_CASE(in6_masked) {
  In6 a = V6("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
  BOOST_TEST(a.Masked(128) == a);
  BOOST_TEST(a.Masked(127) == V6("2001:db8:ffff:ffff:ffff:ffff:ffff:fffe"));
  BOOST_TEST(a.Masked(64) == V6("2001:db8:ffff:ffff::"));
  BOOST_TEST(a.Masked(65) == V6("2001:db8:ffff:ffff:8000::"));
  BOOST_TEST(a.Masked(56) == V6("2001:db8:ffff:ff00::"));
  BOOST_TEST(a.Masked(52) == V6("2001:db8:ffff:f000::"));
  BOOST_TEST(a.Masked(48) == V6("2001:db8:ffff::"));
  BOOST_TEST(a.Masked(1) == V6("::"));  // 0x2001: top bit clear
  BOOST_TEST(V6("fe80::1").Masked(10) == V6("fe80::"));
  BOOST_TEST(V6("ffff::").Masked(3) == V6("e000::"));
  BOOST_TEST(a.Masked(0) == V6("::"));
}

BOOST_AUTO_TEST_CASE(in6_classes) {
  BOOST_TEST(V6("fe80::1").IsLinkLocal());
  BOOST_TEST(V6("febf:ffff::1").IsLinkLocal());  // fe80::/10
  BOOST_TEST(!V6("fec0::1").IsLinkLocal());
  BOOST_TEST(!V6("fe7f::1").IsLinkLocal());
  BOOST_TEST(!V6("2001:db8::1").IsLinkLocal());
  BOOST_TEST(V6("ff02::1").IsMulticast());
  BOOST_TEST(!V6("fe80::1").IsMulticast());
  BOOST_TEST(V6("::1") < V6("::2"));
  BOOST_TEST(V6("::1") != V6("::2"));
}

BOOST_AUTO_TEST_CASE(in4_parse_and_format) {
  In4 a = V4("208.80.154.23");
  BOOST_TEST(a.b[0] == 208);
  BOOST_TEST(a.b[1] == 80);
  BOOST_TEST(a.b[2] == 154);
  BOOST_TEST(a.b[3] == 23);
  BOOST_TEST(a.str() == "208.80.154.23");
  BOOST_TEST(V4("0.0.0.0").str() == "0.0.0.0");
  for (const char* bad : {"", "1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4",
                          "0x1.2.3.4", "1.2.3.4/24", "::1", "1.2.3.4.5", "a.b.c.d"})
    BOOST_TEST(!In4::Parse(bad).has_value(), "'" << bad << "' must not parse");
}

BOOST_AUTO_TEST_CASE(cidr_str) {
  BOOST_TEST((Cidr{V6("2001:db8::1"), 64}.str()) == "2001:db8::1/64");
  BOOST_TEST((Cidr{V6("fe80::208:80:154:23"), 128}.str()) == "fe80::208:80:154:23/128");
  BOOST_TEST(Cidr{}.len == 64);  // the default length
  BOOST_TEST((Cidr{V6("::1"), 64} == Cidr{V6("::1"), 64}));
  BOOST_TEST((Cidr{V6("::1"), 64} != Cidr{V6("::1"), 48}));
}

BOOST_AUTO_TEST_CASE(iid_from_in4) {
  BOOST_TEST(IidFromIn4(V4("208.80.154.23")) == V6("::208:80:154:23"));
  BOOST_TEST(IidFromIn4(V4("10.0.0.1")) == V6("::10:0:0:1"));
  BOOST_TEST(IidFromIn4(V4("0.0.0.0")) == V6("::"));
  BOOST_TEST(IidFromIn4(V4("255.255.255.255")) == V6("::255:255:255:255"));
  BOOST_TEST(IidFromIn4(V4("192.168.1.100")) == V6("::192:168:1:100"));
  BOOST_TEST(IidFromIn4(V4("9.99.199.109")) == V6("::9:99:199:109"));
  BOOST_TEST(IidFromIn4(V4("208.80.154.23")).UpperZero());
}

BOOST_AUTO_TEST_CASE(in4_from_iid) {
  std::string why = "untouched";
  auto v4 = In4FromIid(V6("::208:80:154:23"), &why);
  BOOST_TEST_REQUIRE(v4.has_value());
  BOOST_TEST(*v4 == V4("208.80.154.23"));
  BOOST_TEST(why == "untouched");
  // The upper half is not looked at.
  v4 = In4FromIid(V6("2620:0:861:1:208:80:154:23"), nullptr);
  BOOST_TEST_REQUIRE(v4.has_value());
  BOOST_TEST(*v4 == V4("208.80.154.23"));
  v4 = In4FromIid(V6("::255:255:255:255"), nullptr);
  BOOST_TEST_REQUIRE(v4.has_value());
  BOOST_TEST(*v4 == V4("255.255.255.255"));
  v4 = In4FromIid(V6("::"), nullptr);
  BOOST_TEST_REQUIRE(v4.has_value());
  BOOST_TEST(*v4 == V4("0.0.0.0"));
  // Round trip over every octet value, in each position.
  for (int o = 0; o < 256; ++o) {
    In4 in{{uint8_t(o), uint8_t(255 - o), uint8_t(o / 2), uint8_t(o % 7)}};
    auto back = In4FromIid(IidFromIn4(in), nullptr);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(*back == in);
  }
}

BOOST_AUTO_TEST_CASE(in4_from_iid_rejects) {
  std::string why;
  BOOST_TEST(!In4FromIid(V6("::20a:80:154:23"), &why).has_value());  // hex digit
  BOOST_TEST(why == "group 5 (20a) is not a decimal octet 0-255 written as hex");
  why.clear();
  BOOST_TEST(!In4FromIid(V6("::208:80:154:256"), &why).has_value());  // > 255
  BOOST_TEST(why == "group 8 (256) is not a decimal octet 0-255 written as hex");
  why.clear();
  BOOST_TEST(!In4FromIid(V6("::208:80:1a4:23"), &why).has_value());
  BOOST_TEST(why == "group 7 (1a4) is not a decimal octet 0-255 written as hex");
  why.clear();
  BOOST_TEST(!In4FromIid(V6("::208:1000:154:23"), &why).has_value());  // four digits
  BOOST_TEST(why == "group 6 (1000) is not a decimal octet 0-255 written as hex");
  BOOST_TEST(!In4FromIid(V6("::a:0:0:0"), nullptr).has_value());  // null why is fine
}

// The MAC of `ip link` 52:54:00:12:34:56 makes fe80::5054:ff:fe12:3456, as
// the kernel builds it (the universal/local bit 0x02 flipped).
BOOST_AUTO_TEST_CASE(eui64_of_a_mac) {
  auto iid = Eui64Iid({0x52, 0x54, 0x00, 0x12, 0x34, 0x56});
  BOOST_REQUIRE(iid);
  BOOST_TEST(*iid == V6("::5054:ff:fe12:3456"));
  BOOST_TEST(LooksEui64(V6("fe80::5054:ff:fe12:3456")));
  BOOST_TEST(LooksEui64(V6("2001:db8::a8bb:ccff:fedd:eeff")));
  BOOST_TEST(!LooksEui64(V6("2001:db8::10")));
  BOOST_TEST(!Eui64Iid({1, 2, 3, 4}).has_value());  // not a 48-bit MAC
  BOOST_TEST(!Eui64Iid({}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
