// Tests for `iftoken check` (check.h, findings.h), against FakeKernel states.
// Fixtures: tests/checks/, one per finding, and the two seed stories. Run from the repository root.
#include "check/check.h"

#include <linux/if_addr.h>
#include <net/if.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/record.h"
#include "testing/test_util.h"

namespace {

using Strings = std::vector<std::string>;
const std::string kDir = "tests/checks/";

using Host = ift::TestHost;
using ift::V6;

// Each finding as `iftoken check` prints it, the fixture directory left out.
Strings Check(ift::Kernel& k, const std::string& name, const Strings& ifaces = {},
              const std::string& state_dir = "") {
  ift::InterfacesFile f = ift::ReadInterfaces(kDir + name);
  Strings out;
  for (const ift::CheckFinding& c : ift::CheckInterfaces(f, kDir + name, k, ifaces, state_dir)) {
    std::string line = ift::FormatFinding(c);
    out.push_back(line.starts_with(kDir) ? line.substr(kDir.size()) : line);
  }
  return out;
}

// `iftoken check --root DIR`: the image's files only, paths as the host
// will know them.
Strings CheckRoot(const std::string& name) {
  std::string root = kDir + name;
  ift::InterfacesFile f = ift::ReadInterfaces(root + "/etc/network/interfaces", root);
  ift::BootSysctls boot = ift::ReadBootSysctls(root);
  ift::FakeKernel unused;
  Strings out;
  for (ift::CheckFinding c : ift::CheckInterfaces(f, root + "/etc/network/interfaces", unused, {},
                                                  "", {&boot, false})) {
    if (c.file.starts_with(root)) c.file = c.file.substr(root.size());
    out.push_back(ift::FormatFinding(c));
  }
  return out;
}

struct Expected {
  std::string where;  // "seed002:6: warning: eth0"
  std::string says;   // a part of the text
};

// Exactly these findings, in this order.
void ExpectFindings(const Strings& got, const std::vector<Expected>& want) {
  std::string all;
  for (const std::string& g : got) all += "\n  " + g;
  BOOST_TEST_INFO("findings:" << all);
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    BOOST_TEST(got[i].starts_with(want[i].where + ": "), got[i] << " is not at " << want[i].where);
    BOOST_TEST(got[i].find(want[i].says) != std::string::npos,
               got[i] << " does not say " << want[i].says);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check)

// ---- The seeds

// Seed 000: the pre-up `ip token set` meets forwarding=1 (from all) and
// accept_ra=1 before the hook could fix it: EINVAL, as in the story. The hook
// itself would raise accept_ra to 2 (a warning), and the Wikimedia `up ip
// addr add` of prefix+token is a silent trap: every RA refreshes the
// lifetimes of that address (addrconf_prefix_rcv_add_addr() in
// net/ipv6/addrconf.c).
BOOST_AUTO_TEST_CASE(seed000_forwarding_via_all) {
  Host h;
  h.ForwardingViaAll();
  Strings got = Check(h, "seed000");
  ExpectFindings(
      got,
      {
          {"seed000:8: error: eno1",
           "option pre-up: '/sbin/ip token set ::10:192:20:18 dev eno1' sets the "
           "token itself, before ifupdown-token's hook runs, and the kernel will "
           "refuse it with EINVAL: at the next ifup, eno1 has forwarding=1"},
          {"seed000:9: warning: eno1", "forwarding is on (from net.ipv6.conf.all.forwarding=1"},
          {"seed000:10: warning: eno1",
           "address 2620:0:860:118:10:192:20:18/64 is prefix+token and autoconf is 1"},
      });
  BOOST_TEST(got[0].find("forwarding=1") != std::string::npos);
  BOOST_TEST(got[0].find("accept_ra=1") != std::string::npos);
  BOOST_TEST(got[0].ends_with(
      "remove the command: 'token' sets the token after making accept_ra effective"));
}

BOOST_AUTO_TEST_CASE(seed000_without_forwarding) {
  Host h;
  ExpectFindings(Check(h, "seed000"),
                 {
                     {"seed000:8: warning: eno1",
                      "sets the token itself, before ifupdown-token's hook runs: it fails with "
                      "EINVAL whenever the kernel refuses a token"},
                     {"seed000:10: warning: eno1", "is prefix+token and autoconf is 1"},
                 });
}

BOOST_AUTO_TEST_CASE(seed000_converted) {
  Host h;
  h.ForwardingViaAll();
  ExpectFindings(Check(h, "seed000-converted"),
                 {
                     {"seed000-converted:6: warning: eno1", "accept_ra 1 -> 2"},
                     {"seed000-converted:7: warning: eno1", "is prefix+token and autoconf is 1"},
                 });
}

// Seed 002 with a token: `endpoint any` means nothing under static, and the
// gateway makes the static method write accept_ra 0 after pre-up, so RAs are
// ignored and the token shapes nothing (located at the gateway line).
BOOST_AUTO_TEST_CASE(seed002) {
  Host h;
  ExpectFindings(Check(h, "seed002"),
                 {
                     {"seed002:6: warning: eth0",
                      "option endpoint: 'any' does nothing in this inet6 static stanza: it is an "
                      "option of inet "
                      "tunnel, inet6 tunnel and inet6 v4tunnel, not of inet6 static; remove it"},
                     {"seed002:7: warning: eth0",
                      "eth0 has forwarding=0 and accept_ra=0 after the static method ran"},
                 });
}

BOOST_AUTO_TEST_CASE(seed002_forwarding_via_all) {
  Host h;
  h.ForwardingViaAll();
  ExpectFindings(
      Check(h, "seed002"),
      {
          {"seed002:6: warning: eth0", "option endpoint: 'any'"},
          {"seed002:7: warning: eth0", "forwarding=1 and accept_ra=0 after the static method ran"},
          {"seed002:8: warning: eth0", "accept_ra 1 -> 2"},
      });
}

// ---- Refusals predicted from the live state

BOOST_AUTO_TEST_CASE(explicit_accept_ra_1_with_forwarding_is_refused) {
  Host h;
  BOOST_TEST(Check(h, "manual-accept-ra").empty());
  h.ForwardingViaAll();
  ExpectFindings(Check(h, "manual-accept-ra"),
                 {
                     {"manual-accept-ra:4: error: eno1",
                      "cannot set token ::10: the kernel accepts a token only while eno1 accepts "
                      "router advertisements"},
                 });
  BOOST_TEST(Check(h, "manual-accept-ra")[0].find(
                 "accept_ra=1 (from this stanza's 'accept_ra 1')") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(router_solicitations_0) {
  Host h;
  ExpectFindings(Check(h, "router-solicitations"),
                 {{"router-solicitations:3: error: eno1", "router_solicitations=0"}});
  h.SetConf("eno1", ift::Conf::kRouterSolicitations, 0);
  ExpectFindings(Check(h, "token-only"), {{"token-only:2: error: eno1", "router_solicitations=0"}});
}

BOOST_AUTO_TEST_CASE(noarp_device) {
  Host h;
  h.Dev("eno1").link.flags |= IFF_NOARP;
  ExpectFindings(Check(h, "token-only"),
                 {{"token-only:2: error: eno1", "does no neighbour discovery"}});
}

BOOST_AUTO_TEST_CASE(missing_interface_is_a_note) {
  Host h;
  ExpectFindings(Check(h, "missing"), {{"missing:1: note: eno9", "eno9 does not exist now"}});
  h.all_forwarding = 1;  // a new device starts with forwarding from all
  ExpectFindings(Check(h, "missing"), {
                                          {"missing:1: note: eno9", "net.ipv6.conf.default"},
                                          {"missing:2: warning: eno9",
                                           "forwarding is on (from net.ipv6.conf.all.forwarding=1"},
                                      });
}

// ---- Silent traps on the state after the method

BOOST_AUTO_TEST_CASE(static_address_equals_prefix_plus_token_with_autoconf_1) {
  Host h;
  ExpectFindings(Check(h, "static-autoconf"),
                 {{"static-autoconf:3: warning: eno1",
                   "address 2001:db8:1::10/64 is prefix+token and autoconf is 1"}});
}

BOOST_AUTO_TEST_CASE(privext_from_the_auto_method) {
  Host h;
  ExpectFindings(Check(h, "privext"), {{"privext:2: warning: eno1", "use_tempaddr is 2 on eno1"}});
}

BOOST_AUTO_TEST_CASE(autoconf_0) {
  Host h;
  ExpectFindings(Check(h, "autoconf-off"),
                 {{"autoconf-off:2: warning: eno1", "autoconf is 0 on eno1"}});
}

// A later inet6 static stanza's method writes accept_ra 0 after the token's
// stanza: the traps are judged on the state ifup leaves.
BOOST_AUTO_TEST_CASE(a_later_stanzas_method_counts) {
  Host h;
  ExpectFindings(Check(h, "later-static"), {{"later-static:5: warning: eno1",
                                             "eno1 has forwarding=0 and accept_ra=0 after the"}});
}

// ---- Stanza order

BOOST_AUTO_TEST_CASE(inet_stanza_first) {
  Host h;
  ExpectFindings(Check(h, "stanza-order"),
                 {
                     {"stanza-order:5: warning: eno1",
                      "the stanza at tests/checks/stanza-order:2 (iface eno1 inet static) comes "
                      "first: its static "
                      "method brings eno1 up before this stanza's pre-up runs, so the kernel may "
                      "build addresses "
                      "without the token in between; move 'token' to that first stanza"},
                 });
}

BOOST_AUTO_TEST_CASE(two_stanzas_with_tokens) {
  Host h;
  ExpectFindings(Check(h, "two-tokens"),
                 {
                     {"two-tokens:5: warning: eno1", "comes first and has a token too"},
                     {"two-tokens:6: warning: eno1", "address 2001:db8:1::2/64 is prefix+token"},
                 });
}

// ---- Values and options

BOOST_AUTO_TEST_CASE(invalid_values_at_their_lines) {
  Host h;
  ExpectFindings(
      Check(h, "invalid-values"),
      {
          {"invalid-values:2: error: eno1",
           "option token: '2001:db8::10': the upper 64 bits are not zero"},
          {"invalid-values:3: error: eno1", "option ipv6-forwarding: '3': expected 0 or 1"},
          {"invalid-values:4: error: eno1", "option ipv6-link-local: 'eui48'"},
          {"invalid-values:5: error: eno1", "option address: '2001:db8:1::10/129'"},
      });
}

BOOST_AUTO_TEST_CASE(each_value_at_its_own_line) {
  Host h;
  ExpectFindings(Check(h, "two-addresses"),
                 {
                     {"two-addresses:3: error: eno1", "option address: '2001:db8:1::/129'"},
                 });
  // The kernel's name rules: an alias label is no interface name.
  ExpectFindings(Check(h, "alias-label"), {{"alias-label:1: error: eno1:1",
                                            "IFACE 'eno1:1' is not a valid interface name"}});
}

BOOST_AUTO_TEST_CASE(static_address_with_another_interface_identifier) {
  Host h;
  ExpectFindings(Check(h, "iid-differs"), {
                                              {"iid-differs:2: warning: eno1",
                                               "address 2001:db8:1::10/64 has interface identifier "
                                               "::10, not the token ::11: SLAAC will add "
                                               "2001:db8:1::11 beside it"},
                                          });
}

// Options another package's hook may read (bridge_ports, dns-nameservers)
// are left alone.
BOOST_AUTO_TEST_CASE(options_the_method_ignores) {
  Host h;
  ExpectFindings(Check(h, "ignored-options"),
                 {
                     {"ignored-options:5: warning: eno1",
                      "option accept_ra: '2' does nothing in this inet static stanza: it is an "
                      "option of inet6 auto, "
                      "inet6 static and inet6 dhcp, not of inet static, and ifupdown-token reads "
                      "it only in inet6 "
                      "manual stanzas; remove it"},
                     {"ignored-options:9: warning: eno2",
                      "option gateway: '2001:db8:1::1' does nothing in this inet6 auto stanza"},
                 });
}

BOOST_AUTO_TEST_CASE(no_scripts_ignores_the_token) {
  Host h;
  ExpectFindings(
      Check(h, "no-scripts"),
      {{"no-scripts:3: error: eno1", "'no-scripts eno*' makes ifupdown run no hook for eno1"}});
}

BOOST_AUTO_TEST_CASE(reader_errors_and_notes) {
  Host h;
  ExpectFindings(Check(h, "reader-error"),
                 {
                     {"reader-error:4: error", "option 'mtu' is not inside an iface stanza"},
                     {"reader-error: note", "ifup refuses the whole configuration"},
                 });
}

BOOST_AUTO_TEST_CASE(clean_file) {
  Host h;
  BOOST_TEST(Check(h, "clean").empty());
}

// ---- Configurations as they are: every stanza, hand-written lines

// Seed 000 as Wikimedia writes it, no `token` anywhere: the pre-up line meets
// forwarding=1 from all and is refused; the fix is the option that replaces
// it, `token auto` (10.64.0.10 gives ::10:64:0:10), not an accept_ra the
// inet stanza cannot take.
BOOST_AUTO_TEST_CASE(seed000_original_forwarding_via_all) {
  Host h;
  h.ForwardingViaAll();
  Strings got = Check(h, "seed000-original");
  ExpectFindings(got, {{"seed000-original:7: error: eno1",
                        "'/sbin/ip token set ::10:64:0:10 dev eno1' sets the token itself, and the "
                        "kernel will refuse it with EINVAL: at the next ifup, eno1 has forwarding=1 "
                        "(from net.ipv6.conf.all.forwarding=1"}});
  BOOST_TEST(got[0].find("replace the line with 'token auto'") != std::string::npos);
  BOOST_TEST(got[0].find("'accept_ra 2' in the stanza") == std::string::npos);
}

// Without forwarding the line works, but only by luck: the replacement, and
// the static-address trap of its `up ip addr add` of prefix+token.
BOOST_AUTO_TEST_CASE(seed000_original_without_forwarding) {
  Host h;
  ExpectFindings(Check(h, "seed000-original"),
                 {{"seed000-original:7: warning: eno1",
                   "it fails with EINVAL whenever the kernel refuses a token"},
                  {"seed000-original:7: warning: eno1",
                   "address 2620:0:861:101:10:64:0:10/64 is prefix+token and autoconf is 1"}});
}

// The image's /etc/sysctl.d/90-router.conf turns forwarding on, over a vendor
// file that turns it off: the refusal names the file and line that win.
BOOST_AUTO_TEST_CASE(root_names_the_sysctl_file_and_line) {
  Strings got = CheckRoot("root-seed000");
  ExpectFindings(got, {{"/etc/network/interfaces:7: error: eno1",
                        "at boot, eno1 has forwarding=1 (from net.ipv6.conf.all.forwarding = 1 at "
                        "/etc/sysctl.d/90-router.conf:2)"}});
  BOOST_TEST(got[0].find("accept_ra=1 (from net.ipv6.conf.default.accept_ra = 1 at "
                         "/usr/lib/sysctl.d/50-default.conf:3)") != std::string::npos);
  BOOST_TEST(got[0].ends_with("or turn forwarding off (net.ipv6.conf.all.forwarding = 1 at "
                              "/etc/sysctl.d/90-router.conf:2)"));
}

// A stanza's own `sysctl -w ...accept_ra=2` before the token line counts.
BOOST_AUTO_TEST_CASE(a_sysctl_line_before_the_token_line_counts) {
  Host h;
  h.ForwardingViaAll();
  ExpectFindings(Check(h, "handwritten-sysctl"),
                 {{"handwritten-sysctl:5: warning: eno1",
                   "'ip -6 token set ::10:64:0:10 dev $IFACE' sets the token itself: it fails"}});
}

BOOST_AUTO_TEST_CASE(an_up_address_with_another_interface_identifier) {
  Host h;
  ExpectFindings(Check(h, "handwritten-iid-differs"),
                 {{"handwritten-iid-differs:4: warning: eno1", "sets the token itself"},
                  {"handwritten-iid-differs:4: warning: eno1",
                   "address 2620:0:861:101:10:64:0:99/64 has interface identifier ::10:64:0:99, "
                   "not the token ::10:64:0:10"}});
}

// The fix names the stanza whose method wrote accept_ra 0, not the inet
// stanza with the token, which cannot take accept_ra.
BOOST_AUTO_TEST_CASE(the_fix_names_the_stanza_that_takes_it) {
  Host h;
  ExpectFindings(Check(h, "later-static-gateway"),
                 {{"later-static-gateway:5: warning: eno1",
                   "accept_ra=0 after the inet6 static stanza's (tests/checks/later-static-gateway:6) "
                   "method ran"}});
}

BOOST_AUTO_TEST_CASE(token_wait_without_slaac) {
  Host h;
  ExpectFindings(Check(h, "token-wait-no-slaac"),
                 {{"token-wait-no-slaac:4: warning: eno1", "autoconf is 0 on eno1"},
                  {"token-wait-no-slaac:5: warning: eno1",
                   "option token-wait: nothing to wait for: autoconf is 0 on eno1"}});
}

// The option goes where the link comes up: the first stanza.
BOOST_AUTO_TEST_CASE(the_replacement_goes_in_the_first_stanza) {
  Host h;
  ExpectFindings(Check(h, "handwritten-later-stanza"),
                 {{"handwritten-later-stanza:5: warning: eno1",
                   "replace the line with 'token ::1' in the first stanza of eno1 "
                   "(tests/checks/handwritten-later-stanza:2)"}});
  ExpectFindings(Check(h, "seed000-original"),
                 {{"seed000-original:7: warning: eno1", "replace the line with 'token auto', which"},
                  {"seed000-original:7: warning: eno1", "is prefix+token"}});
}

BOOST_AUTO_TEST_CASE(two_tokens_for_one_interface) {
  Host h;
  ExpectFindings(Check(h, "handwritten-conflict"),
                 {{"handwritten-conflict:6: error: eno1",
                   "a second token for eno1: ::6 here, ::5 from 'token' at"},
                  {"handwritten-conflict:6: warning: eno1", "remove it: 'token' sets it in pre-up"}});
}

BOOST_AUTO_TEST_CASE(auto_and_allow_without_a_stanza) {
  Host h;
  ExpectFindings(Check(h, "auto-without-iface"),
                 {{"auto-without-iface:2: error: eno2", "'auto eno2' names an interface with no "
                                                        "'iface eno2' stanza, and 'ifup -a' fails"},
                  {"auto-without-iface:5: error: eno3", "'ifup --allow=hotplug' fails on it"}});
}

BOOST_AUTO_TEST_CASE(a_file_for_ifupdown2_is_said_once) {
  Host h;
  ExpectFindings(Check(h, "ifupdown2-syntax"),
                 {{"ifupdown2-syntax:3: warning", "written for ifupdown2 or ifupdown-ng ('iface "
                                                  "eno1' without a family and method)"},
                  {"ifupdown2-syntax: note", "ifup refuses the whole configuration"}});
}

// Every stanza, not only those with a token.
BOOST_AUTO_TEST_CASE(options_the_method_ignores_without_a_token) {
  Host h;
  ExpectFindings(Check(h, "ignored-no-token"),
                 {{"ignored-no-token:4: warning: eth0", "option endpoint: 'any' does nothing"}});
}

BOOST_AUTO_TEST_CASE(only_the_interfaces_asked_for) {
  Host h;
  ExpectFindings(Check(h, "ignored-options", {"eno2"}),
                 {{"ignored-options:9: warning: eno2", "option gateway"}});
  ExpectFindings(Check(h, "seed002", {"eno9"}),
                 {{"seed002: error: eno9", "no iface stanza for eno9"}});
  ExpectFindings(Check(h, "clean", {"eno2"}),
                 {{"clean:6: note: eno2", "no stanza of eno2 has a 'token' option"}});
}

// The hooks' record says which addresses are ours: one on the (down) link
// that ifupdown-token added is undone by ifdown and re-added by pre-up;
// someone else's is a refusal.
BOOST_AUTO_TEST_CASE(the_record_decides_whose_address_it_is) {
  Host h;
  ift::Cidr cidr{V6("2001:db8:1::10"), 64};
  BOOST_REQUIRE(h.AddAddress(2, ift::AddressSpec{cidr}).ok());
  h.calls.clear();
  std::string dir =
      (std::filesystem::temp_directory_path() / ("iftoken-check-" + std::to_string(getpid())))
          .string();
  std::filesystem::create_directories(dir);
  ExpectFindings(
      Check(h, "owned-address", {}, dir),
      {
          {"owned-address:2: error: eno1",
           "address 2001:db8:1::10/64 is already on eno1, and ifupdown-token did not add it"},
      });
  ift::Record r;
  r.index = 2;
  r.addresses.push_back(cidr);
  BOOST_REQUIRE(ift::SaveRecord(dir, "eno1", r).ok());
  ExpectFindings(Check(h, "owned-address", {}, dir),
                 {{"owned-address:2: warning: eno1", "is prefix+token and autoconf is 1"}});
  std::filesystem::remove_all(dir);
  BOOST_TEST(h.calls.empty());  // check never changes anything
}

BOOST_AUTO_TEST_CASE(format) {
  BOOST_TEST(ift::FormatFinding({"f", 3, ift::CheckFinding::kWarning, "eno1", "x"}) ==
             "f:3: warning: eno1: x");
  BOOST_TEST(ift::FormatFinding({"f", 0, ift::CheckFinding::kError, "", "y"}) == "f: error: y");
  // Whatever the checked file held prints as one line, no terminal escape.
  BOOST_TEST(ift::FormatFinding({"a\nb", 1, ift::CheckFinding::kError, "e\x1b[2J",
                                 "'tok\ren' \x1b]0;x\x07"}) ==
             "a\\nb:1: error: e\\x1b[2J: 'tok\\ren' \\x1b]0;x\\x07");
  BOOST_TEST(ift::UnreadableInterfaces(kDir + "seed002") == "");
  BOOST_TEST(ift::UnreadableInterfaces(kDir) == "is a directory, not an interfaces file");
  BOOST_TEST(ift::UnreadableInterfaces(kDir + "none").starts_with("cannot read: "));
}

BOOST_AUTO_TEST_SUITE_END()
