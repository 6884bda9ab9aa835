// Tests for the options an engine manages (managed.h): listed, set in the
// token's stanza with every other byte kept, refused as the hooks would.
#include "migrate/managed.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

const char kPath[] = "/etc/network/interfaces";

ift::SetResult Set(const std::string& text, const std::string& iface,
                   const std::vector<ift::OptionSetting>& settings) {
  return ift::SetOptions(kPath, text, ift::ReadInterfacesText(kPath, text), iface, settings);
}

const char kTokenStanzas[] =
    "auto eno1\n"
    "iface eno1 inet static\n"
    "    address 10.64.0.10/22\n"
    "    gateway 10.64.0.1\n"
    "    token auto\n"
    "\n"
    "# the v6 side\n"
    "iface eno1 inet6 manual\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(migrate_managed)

BOOST_AUTO_TEST_CASE(text_read_as_the_file_it_will_be) {
  ift::InterfacesFile f = ift::ReadInterfacesText(kPath, kTokenStanzas);
  BOOST_TEST(f.errors.empty());
  BOOST_REQUIRE(f.stanzas.size() == 2u);
  BOOST_TEST(f.stanzas[0].file == kPath);
  BOOST_TEST(f.stanzas[1].line == 8);
}

BOOST_AUTO_TEST_CASE(lists_the_token_stanza_and_only_our_options) {
  std::vector<ift::ManagedInterface> list = ift::ManagedInterfaces(ift::ReadInterfacesText(
      kPath, std::string(kTokenStanzas) + "    ipv6-forwarding 0\n    mtu 9000\n" +
                 "iface eno2 inet6 manual\n    address 2001:db8::1/64\n"));
  BOOST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].iface == "eno1");
  BOOST_TEST(list[0].line == 2);
  BOOST_TEST(list[0].method == "static");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  BOOST_TEST((list[0].options == Pairs{{"token", "auto"}}));
}

BOOST_AUTO_TEST_CASE(replaces_in_place_and_adds_after_the_stanza_keeping_every_other_byte) {
  ift::SetResult r = Set(kTokenStanzas, "eno1", {{"token", "::10:64:0:10"}, {"token-wait", "10"}});
  BOOST_TEST(r.error == "");
  BOOST_TEST(r.text ==
             "auto eno1\n"
             "iface eno1 inet static\n"
             "    address 10.64.0.10/22\n"
             "    gateway 10.64.0.1\n"
             "    token ::10:64:0:10\n"
             "    token-wait 10\n"
             "\n"
             "# the v6 side\n"
             "iface eno1 inet6 manual\n");
}

BOOST_AUTO_TEST_CASE(what_is_already_so_is_left_byte_for_byte) {
  std::string text = "iface eno1 inet6 manual\n\ttoken_wait   10\n\ttoken auto\n\taddress 2001:db8::5/64\n";
  ift::SetResult r = Set(text, "eno1", {{"token", "auto"}, {"token-wait", "10"}});
  BOOST_TEST(r.error == "");
  BOOST_TEST(r.text == "iface eno1 inet6 manual\n\ttoken_wait   10\n\ttoken auto\n\taddress 2001:db8::5/64\n");
}

BOOST_AUTO_TEST_CASE(empty_value_removes_and_a_repeat_collapses_to_one_line) {
  std::string text =
      "iface eno1 inet6 manual\n  token ::1\n  token-wait 5\n  ipv6-forwarding 0\n"
      "  ipv6-forwarding 0\n";
  ift::SetResult r = Set(text, "eno1", {{"token-wait", ""}, {"ipv6-forwarding", "0"}});
  BOOST_TEST(r.error == "");
  BOOST_TEST(r.text == "iface eno1 inet6 manual\n  token ::1\n  ipv6-forwarding 0\n");
}

BOOST_AUTO_TEST_CASE(goes_to_the_stanza_holding_the_token_else_the_first) {
  std::string text = "iface eno1 inet static\n address 10.0.0.2/24\n\niface eno1 inet6 manual\n token ::2\n";
  BOOST_TEST(Set(text, "eno1", {{"token-wait", "3"}}).text ==
             "iface eno1 inet static\n address 10.0.0.2/24\n\niface eno1 inet6 manual\n token ::2\n"
             " token-wait 3\n");
  BOOST_TEST(Set("iface eno1 inet static\n\nauto lo\n", "eno1", {{"token", "::3"}}).text ==
             "iface eno1 inet static\n    token ::3\n\nauto lo\n");
}

BOOST_AUTO_TEST_CASE(refused_with_the_hooks_message_and_nothing_changed) {
  ift::SetResult r = Set(kTokenStanzas, "eno1", {{"token", "2001:db8::1"}});
  BOOST_TEST(r.text == kTokenStanzas);
  BOOST_TEST(r.error.starts_with("eno1: option token: '2001:db8::1'"), r.error);
  BOOST_TEST(r.error.find('\n') == std::string::npos);
  r = Set(kTokenStanzas, "eno1", {{"token-wait", "forever"}});
  BOOST_TEST(r.error.starts_with("eno1: option token-wait: 'forever'"), r.error);
  r = Set(kTokenStanzas, "eno9", {{"token", "auto"}});
  BOOST_TEST(r.error == "eno9: no `iface eno9` stanza in /etc/network/interfaces: write one first "
                        "(its family and method are yours to choose)");
}

BOOST_AUTO_TEST_CASE(settings_are_options_of_one_line) {
  ift::OptionSetting s;
  BOOST_TEST(ift::ParseSetting("token-wait=10", &s) == "");
  BOOST_TEST(s.name == "token-wait");
  BOOST_TEST(s.value == "10");
  BOOST_TEST(ift::ParseSetting("token=", &s) == "");
  BOOST_TEST(s.value == "");
  BOOST_TEST(ift::ParseSetting("token", &s) != "");
  BOOST_TEST(ift::ParseSetting("up=ip link set eno1 up", &s) != "");
  BOOST_TEST(ift::ParseSetting("pre-up=x", &s) != "");
  BOOST_TEST(ift::ParseSetting("iface=eno2 inet dhcp", &s) != "");
  BOOST_TEST(ift::ParseSetting("allow-hotplug=eno1", &s) != "");
  BOOST_TEST(ift::ParseSetting("token=auto\niface eno2 inet dhcp", &s) != "");
  BOOST_TEST(ift::ParseSetting("token=auto \\", &s) != "");
  BOOST_TEST(ift::ParseSetting("to ken=auto", &s) != "");
}

BOOST_AUTO_TEST_SUITE_END()
