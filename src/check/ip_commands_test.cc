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

namespace {

// One TokenCommand as "clears|token|dev|ours" for one-line comparisons.
std::string Shown(const ift::TokenCommand& t) {
  return std::string(t.clears ? "clears" : "sets") + "|" + (t.token ? t.token->str() : "?") + "|" +
         t.dev + "|" + (t.ours ? "ours" : "other");
}

Strings Read(const std::string& command, const std::string& iface = "eno1") {
  Strings got;
  for (const ift::TokenCommand& t : ift::TokenCommandsOf(command, iface)) got.push_back(Shown(t));
  return got;
}

}  // namespace

BOOST_AUTO_TEST_CASE(token_set_as_puppet_writes_it) {
  BOOST_TEST(
      Read("/sbin/ip token set ::10:64:0:10 dev eno1") == (Strings{"sets|::10:64:0:10|eno1|ours"}),
      boost::test_tools::per_element());
  BOOST_TEST(Read("ip -6 token set ::1 dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip -family inet6 token set ::1 dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip -f inet6 token add ::1 dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(token_dev_first_and_iface_spellings) {
  for (std::string dev : {"$IFACE", "${IFACE}", "\"$IFACE\"", "'eno1'", "\"${IFACE}\""})
    BOOST_TEST(Read("ip token set dev " + dev + " ::1") == (Strings{"sets|::1|eno1|ours"}),
               boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set '::1' dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set \"::1\" dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set ::1 dev eno2") == (Strings{"sets|::1|eno2|other"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set ::1") == (Strings{"sets|::1||other"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(token_abbreviations_as_iproute2_takes_them) {
  BOOST_TEST(Read("ip tok set ::1 dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip to se ::1 dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token a ::1 dev eno1") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token d dev eno1") == (Strings{"clears|?|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip t set ::1 dev eno1").empty());  // `tunnel`
  BOOST_TEST(Read("ip token s dev eno1").empty());    // `show`
  BOOST_TEST(Read("ip token list").empty());
  BOOST_TEST(Read("ip tokens set ::1 dev eno1").empty());
}

BOOST_AUTO_TEST_CASE(token_cleared) {
  BOOST_TEST(Read("ip token del dev eno1") == (Strings{"clears|?|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token delete dev $IFACE") == (Strings{"clears|?|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set :: dev eno1") == (Strings{"clears|::|eno1|ours"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(token_in_a_command_chain) {
  BOOST_TEST(
      Read("ip link set eno1 up; ip token set ::1 dev eno1") == (Strings{"sets|::1|eno1|ours"}),
      boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set ::1 dev eno1; ip token set ::2 dev eno2") ==
                 (Strings{"sets|::1|eno1|ours", "sets|::2|eno2|other"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set ::1 dev eno1 || true") == (Strings{"sets|::1|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(
      Read("ip token set ::1 dev eno1 && ip link set eno1 up") == (Strings{"sets|::1|eno1|ours"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(token_unreadable) {
  BOOST_TEST(Read("ip token set $TOKEN dev eno1") == (Strings{"sets|?|eno1|ours"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("ip token set 10.0.0.1 dev eno1") == (Strings{"sets|?|eno1|ours"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(token_commands_of_a_stanza) {
  ift::Stanza s{"eno1",
                "inet",
                "static",
                "f",
                1,
                "",
                {{"pre-up", "/sbin/ip token set ::1 dev eno1", "f", 2},
                 {"up", "ip tok set ::1 dev eno1", "f", 3},
                 {"down", "ip token del dev eno1", "f", 4},
                 {"up", "ip token list", "f", 5}}};
  std::vector<int> lines;
  for (const ift::Option* o : ift::TokenCommands(s)) lines.push_back(o->line);
  BOOST_TEST(lines == (std::vector<int>{2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
