// Tests for the ifup simulation behind `iftoken check` and `plan`
// (simulate.h), against FakeKernel states. Fixtures: tests/checks/. Run from
// the repository root.
#include "check/simulate.h"

#include <net/if.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "testing/test_util.h"

namespace {

using Strings = std::vector<std::string>;
using Host = ift::TestHost;
using ift::V6;
const std::string kDir = "tests/checks/";

std::vector<ift::StanzaTurn> Simulate(ift::Kernel& k, const ift::InterfacesFile& f,
                                      const std::string& iface, bool link_up_between) {
  ift::Snapshot snap;
  BOOST_REQUIRE(ift::TakeSnapshot(k, iface, &snap).ok());
  return ift::SimulateIfup(ift::StanzasOf(f, iface), snap, ift::Record{}, link_up_between);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(apply_actions) {
  Host h;
  ift::Snapshot snap;
  BOOST_REQUIRE(ift::TakeSnapshot(h, "eno1", &snap).ok());
  ift::Cidr a{V6("2001:db8:1::10"), 64}, b{V6("2001:db8:1::11"), 64};
  ift::Snapshot after = ift::ApplyActions(
      snap, {ift::SetSysctl{ift::Conf::kAcceptRa, 1, 2}, ift::SetToken{ift::In6{}, V6("::10")},
             ift::SetAddrGenMode{0, 1}, ift::AddAddress{{a, true}}, ift::AddAddress{{b}},
             ift::DelAddress{b}});
  BOOST_TEST(after.link.Value(ift::Conf::kAcceptRa) == 2);
  BOOST_TEST(after.link.token.str() == "::10");
  BOOST_TEST(after.link.addr_gen_mode == 1);
  BOOST_REQUIRE_EQUAL(after.addresses.size(), 1u);
  BOOST_TEST(after.addresses[0].cidr.str() == "2001:db8:1::10/64");
  BOOST_TEST(after.addresses[0].Permanent());
  BOOST_TEST(!after.addresses[0].Tentative());  // nodad
  BOOST_TEST(snap.addresses.empty());           // a copy
}

BOOST_AUTO_TEST_CASE(at_next_ifup) {
  Host h;
  h.SetConf("eno1", ift::Conf::kAcceptRa, 2);
  h.Dev("eno1").link.flags |= IFF_UP;
  ift::Cidr ours{V6("2001:db8:1::10"), 64};
  BOOST_REQUIRE(h.AddAddress(2, ift::AddressSpec{ours}).ok());
  ift::Snapshot live;
  BOOST_REQUIRE(ift::TakeSnapshot(h, "eno1", &live).ok());
  ift::Record r;
  r.index = 2;
  r.sysctls.push_back({ift::Conf::kAcceptRa, {1, 2}});
  ift::Snapshot next = ift::AtNextIfup(live, &r);
  BOOST_TEST(next.link.Value(ift::Conf::kAcceptRa) == 1);
  BOOST_TEST(!next.link.Up());
  BOOST_TEST(next.addresses.empty());
  // Someone else's record (another ifindex) is not undone.
  r.index = 9;
  BOOST_TEST(ift::AtNextIfup(live, &r).link.Value(ift::Conf::kAcceptRa) == 2);
  // A link that is down keeps its addresses.
  h.Dev("eno1").link.flags = 0;
  BOOST_REQUIRE(ift::TakeSnapshot(h, "eno1", &live).ok());
  BOOST_TEST(ift::AtNextIfup(live, nullptr).addresses.size() == 1u);
}

BOOST_AUTO_TEST_CASE(unseen_interface) {
  Host h;
  h.all_forwarding = 1;
  ift::Snapshot probe;
  BOOST_REQUIRE(ift::TakeSnapshot(h, "eno9", &probe).ok());
  BOOST_REQUIRE(!probe.exists);
  ift::Snapshot s = ift::UnseenInterface(&h, probe);
  BOOST_TEST(s.exists);
  BOOST_TEST(s.iface == "eno9");
  BOOST_TEST(s.link.Value(ift::Conf::kForwarding) == 1);
  BOOST_TEST(s.link.Value(ift::Conf::kAcceptRa) == 1);
  BOOST_TEST(s.link.Value(ift::Conf::kAutoconf) == 1);
  BOOST_TEST(s.link.Value(ift::Conf::kRouterSolicitations) == -1);
  BOOST_TEST(!s.link.Up());
}

// Each later stanza is planned on what the earlier one left: its token, and
// (for plan) the link its method brought up.
BOOST_AUTO_TEST_CASE(successive_stanzas) {
  Host h;
  ift::InterfacesFile f = ift::ReadInterfaces(kDir + "two-tokens");
  auto turns = Simulate(h, f, "eno1", true);
  BOOST_REQUIRE_EQUAL(turns.size(), 2u);
  BOOST_TEST(turns[0].opted_in);
  BOOST_TEST(!turns[0].before.link.Up());
  BOOST_TEST(turns[1].before.link.Up());
  BOOST_TEST(turns[1].before.link.token.str() == "::1");
  Strings actions;
  for (const ift::Action& a : turns[1].plan.actions) actions.push_back(ift::Describe(a));
  BOOST_TEST(actions == (Strings{"token ::2", "address 2001:db8:1::2/64"}),
             boost::test_tools::per_element());
  BOOST_TEST(std::any_of(
      turns[1].plan.findings.begin(), turns[1].plan.findings.end(),
      [](const ift::Finding& x) { return x.text.find("was already up") != std::string::npos; }));
  BOOST_TEST(turns[1].after.addresses.size() == 1u);
  // check keeps the link down between stanzas: it reports the order itself.
  BOOST_TEST(!Simulate(h, f, "eno1", false)[1].before.link.Up());
}

BOOST_AUTO_TEST_CASE(a_refused_stanza_changes_nothing) {
  Host h;
  h.ForwardingViaAll();
  ift::InterfacesFile f = ift::ReadInterfaces(kDir + "manual-accept-ra");
  auto turns = Simulate(h, f, "eno1", true);
  BOOST_REQUIRE_EQUAL(turns.size(), 1u);
  BOOST_TEST(turns[0].Refused());
  BOOST_TEST(turns[0].after.link.token.IsZero());
  BOOST_TEST(!turns[0].after.link.Up());
}

BOOST_AUTO_TEST_CASE(describe_the_method) {
  Host h;
  ift::InterfacesFile f = ift::ReadInterfaces(kDir + "seed002");
  auto turns = Simulate(h, f, "eth0", true);
  BOOST_TEST(ift::DescribeMethod(turns[0]) ==
             "the inet6 static method writes accept_ra 0, autoconf 0, adds 2001:db8:1::c:1/64 and "
             "brings eth0 up");
  BOOST_TEST(turns[0].after.link.Value(ift::Conf::kAcceptRa) == 0);
  BOOST_TEST(turns[0].after.link.Value(ift::Conf::kAutoconf) == 0);
  BOOST_TEST(turns[0].after.link.token.str() == "::c:1");
  f = ift::ReadInterfaces(kDir + "seed000");
  turns = Simulate(h, f, "eno1", true);
  BOOST_TEST(
      ift::DescribeMethod(turns[0]) ==
      "the inet static method brings eno1 up; its up command adds 2620:0:860:118:10:192:20:18/64");
}

BOOST_AUTO_TEST_SUITE_END()
