// Tests for the shell/ip(8) word parser of `iftoken check` (ip_commands.h).
#include "check/ip_commands.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {
using Strings = std::vector<std::string>;
}  // namespace

BOOST_AUTO_TEST_SUITE(ip_commands)

BOOST_AUTO_TEST_CASE(addresses_from_up_commands) {
  ift::Stanza s{"eno1",
                "inet",
                "static",
                "f",
                1,
                "",
                {
                    {"up", "ip -6 addr add 2001:db8::1/64 dev $IFACE", "f", 2},
                    {"post-up", "/sbin/ip address add local 2001:db8::2 dev eno1 && true", "f", 3},
                    {"up", "ip a a 2001:db8::3/64 dev eno2", "f", 4},
                    {"up", "ip addr add 10.0.0.1/24 dev eno1", "f", 5},
                    {"pre-up", "ip addr add 2001:db8::5/64 dev eno1", "f", 6},
                    {"up", "ip -f inet6 addr replace 2001:db8::6/64 dev \"${IFACE}\"", "f", 7},
                }};
  Strings got;
  for (const ift::Cidr& c : ift::UpCommandAddresses(s)) got.push_back(c.str());
  BOOST_TEST(got == (Strings{"2001:db8::1/64", "2001:db8::2/128", "2001:db8::6/64"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ip_prefix) {
  BOOST_TEST(ift::IpPrefix("2001:db8::1/64")->str() == "2001:db8::1/64");
  BOOST_TEST(ift::IpPrefix("2001:db8::1")->str() == "2001:db8::1/128");  // ip's default
  BOOST_TEST(ift::IpPrefix("2001:db8::1/0")->str() == "2001:db8::1/0");
  BOOST_TEST(!ift::IpPrefix("2001:db8::1/"));
  BOOST_TEST(!ift::IpPrefix("2001:db8::1/129"));
  BOOST_TEST(!ift::IpPrefix("2001:db8::1/64x"));
  BOOST_TEST(!ift::IpPrefix("10.0.0.1/24"));
}

BOOST_AUTO_TEST_SUITE_END()
