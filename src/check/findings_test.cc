#include "check/findings.h"

#include <boost/test/unit_test.hpp>

namespace ift {
namespace {

// iface eno1 inet6 static, at f:1, with the options on lines 2...
Stanza Static(std::vector<std::pair<std::string, std::string>> options) {
  Stanza s{"eno1", "inet6", "static", "f", 1, "", {}};
  int line = 2;
  for (auto& [name, value] : options) s.options.push_back({name, value, "f", line++});
  return s;
}

int LineOf(const Stanza& s, const Subject& about) { return Locate(s, about).line; }

BOOST_AUTO_TEST_SUITE(findings)

BOOST_AUTO_TEST_CASE(an_option_is_found_by_its_name_and_value) {
  Stanza s = Static({{"address", "2001:db8::1/64"}, {"address", "2001:db8::2/64"}, {"token", "::5"}});
  BOOST_TEST(LineOf(s, {"address", "2001:db8::2/64"}) == 3);
  BOOST_TEST(LineOf(s, {"address", "other"}) == 2);  // the first line of the option
  BOOST_TEST(LineOf(s, {"token"}) == 4);
  BOOST_TEST(LineOf(s, {"mtu"}) == 1);  // not written: the stanza
}

BOOST_AUTO_TEST_CASE(an_address_is_found_where_it_is_added) {
  Stanza s = Static({{"token", "::5"}, {"address", "2001:db8::7/64"},
                     {"up", "ip -6 addr add 2001:db8:1::7/64 dev eno1"}});
  BOOST_TEST(LineOf(s, {.address = In6::Parse("2001:db8::7")}) == 3);
  BOOST_TEST(LineOf(s, {.address = In6::Parse("2001:db8:1::7")}) == 4);
  BOOST_TEST(LineOf(s, {.address = In6::Parse("2001:db8:2::7")}) == 2);  // else the token
}

BOOST_AUTO_TEST_CASE(a_setting_is_found_at_the_option_that_writes_it) {
  Stanza s = Static({{"token", "::5"}, {"gateway", "fe80::1"}, {"privext", "2"},
                     {"ipv6-link-local", "random"}});
  BOOST_TEST(LineOf(s, {.setting = Conf::kUseTempaddr}) == 4);
  BOOST_TEST(LineOf(s, {.setting = Conf::kAddrGenMode}) == 5);
  // inet6 static writes accept_ra 0 because of `gateway` when it is unset.
  BOOST_TEST(LineOf(s, {.setting = Conf::kAcceptRa}) == 3);
  BOOST_TEST(LineOf(s, {.setting = Conf::kAutoconf}) == 2);  // not written: the token
  s.method = "manual";
  BOOST_TEST(LineOf(s, {.setting = Conf::kAcceptRa}) == 2);
}

BOOST_AUTO_TEST_CASE(a_finding_prints_the_way_compilers_print) {
  BOOST_TEST(FormatFinding({"f", 3, CheckFinding::kWarning, "eno1", "text"}) ==
             "f:3: warning: eno1: text");
  BOOST_TEST(FormatFinding({"f", 0, CheckFinding::kError, "", "text"}) == "f: error: text");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ift
