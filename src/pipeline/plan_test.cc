// Tests of the Plan (ifupdown-token-interfaces(5): PHASES, KERNEL REFUSALS): the order of pre-up's actions, the accept_ra
// it chooses and the refusals it predicts, every Finding, the undo of down, and
// the silent traps. Snapshots come from a FakeKernel through TakeSnapshot.
#include "pipeline/plan.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <boost/test/unit_test.hpp>

#include <map>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "testing/fake_kernel.h"
#include "pipeline/record.h"
#include "testing/test_util.h"

namespace ift {


namespace {


Cidr Net(const char* text, int len = 64) { return Cidr{V6(text), len}; }

const char kToken[] = "::208:80:154:23";
const char kAddr1[] = "2001:db8:1:0:208:80:154:23";
const char kAddr2[] = "2001:db8:2:0:208:80:154:23";
const char kEuiLL[] = "fe80::a8c9:deff:fe70:95f1";
const char kEuiGlobal[] = "2001:db8:1:0:a8c9:deff:fe70:95f1";

Options Opts(const Vars& extra, const char* method = "manual", const char* family = "inet6") {
  Vars v{{"IFACE", "eno1"}, {"ADDRFAM", family}, {"METHOD", method},
         {"VERBOSITY", "0"}, {"IF_TOKEN", kToken}};
  for (const auto& [k, val] : extra) v[k] = val;
  ParsedOptions p = ParseOptions(MapEnv(v));
  std::string errors;
  for (const Finding& e : p.errors) errors += e.text + "; ";
  BOOST_TEST_REQUIRE(p.ok(), "test stanza must parse: " << errors);
  return p.options;
}

Address Addr(const char* a, uint32_t flags, uint8_t scope = RT_SCOPE_UNIVERSE, int len = 64) {
  Address x;
  x.cidr = Net(a, len);
  x.flags = flags;
  x.scope = scope;
  return x;
}

// A FakeKernel with eno1 (ifindex 2) at the kernel's defaults, down.
struct World {
  FakeKernel k;
  World() { k.AddDevice("eno1", 2); }
  FakeKernel::Device& Dev() { return k.Dev("eno1"); }
  void Set(Conf c, int v) { k.SetConf("eno1", c, v); }
  Snapshot Snap(const std::string& iface = "eno1") {
    Snapshot s;
    Status st = TakeSnapshot(k, iface, &s);
    BOOST_TEST_REQUIRE(st.ok(), "snapshot: errno " << st.err);
    return s;
  }
  Plan PreUp(const Options& o, const Record& prior = Record{}) { return PlanPreUp(o, Snap(o.iface), prior); }
};

Lines Steps(const Plan& p) {
  Lines out;
  for (const Action& a : p.actions) out.push_back(Describe(a));
  return out;
}

Lines Texts(const std::vector<Finding>& findings, Finding::Level level) {
  Lines out;
  for (const Finding& f : findings)
    if (f.level == level) out.push_back(f.text);
  return out;
}
Lines Errors(const Plan& p) { return Texts(p.findings, Finding::kError); }
Lines Warnings(const Plan& p) { return Texts(p.findings, Finding::kWarning); }
Lines Warnings(const std::vector<Finding>& f) { return Texts(f, Finding::kWarning); }

// A refused plan: exactly one error, `text`.
void ExpectRefused(const Plan& p, const std::string& text) {
  BOOST_TEST(p.Refused());
  BOOST_TEST(Errors(p) == Lines{text}, boost::test_tools::per_element());
}

const char kAlreadyUp[] =
    "eno1 was already up when this stanza's pre-up ran (an earlier stanza brought it up), so "
    "addresses without the token may have appeared; put 'token' in the first stanza of eno1";

std::string ForwardingWarning(const std::string& from, int accept_ra) {
  return "forwarding is on (from " + from + "): accept_ra " + std::to_string(accept_ra) +
         " -> 2, so that the kernel takes the token and router advertisements still count";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan)

// --- the order of pre-up --------------------------------------------------------

BOOST_AUTO_TEST_CASE(order_manual_owns_everything) {
  World w;
  w.Dev().link.flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST;  // an earlier stanza brought it up
  w.Dev().addresses = {Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK),
                       Addr(kEuiGlobal, IFA_F_MANAGETEMPADDR)};
  Options o = Opts({{"IF_IPV6_FORWARDING", "1"}, {"IF_AUTOCONF", "1"},
                    {"IF_IPV6_ROUTER_SOLICITATIONS", "3"}, {"IF_IPV6_DAD_TRANSMITS", "2"},
                    {"IF_IPV6_ACCEPT_DAD", "2"}, {"IF_IPV6_LINK_LOCAL", "token"},
                    {"IF_ADDRESS", std::string(kAddr1) + "/64\n" + kAddr2 + "/64"},
                    {"IF_GATEWAY", "2001:db8:1::1"}});
  Plan p = w.PreUp(o);
  Lines want{
      "forwarding 0 -> 1",  // sysctls, in the table's order
      "router_solicitations -1 -> 3",
      "dad_transmits 1 -> 2",
      "accept_dad 1 -> 2",
      "accept_ra 1 -> 2",  // made effective for the token
      "token ::208:80:154:23",
      "addr_gen_mode eui64 -> none",  // the link-local choice
      "address fe80::208:80:154:23/64",
      "remove address fe80::a8c9:deff:fe70:95f1/64 (the kernel's link-local)",  // ours is in place
      "address 2001:db8:1:0:208:80:154:23/64",
      "address 2001:db8:2:0:208:80:154:23/64",
      "remove address 2001:db8:1:0:a8c9:deff:fe70:95f1/64 (built without the token)",
  };
  BOOST_TEST(Steps(p) == want, boost::test_tools::per_element());
  BOOST_TEST(!p.Refused());
  BOOST_TEST(Warnings(p) == (Lines{ForwardingWarning("this stanza's 'ipv6-forwarding 1'", 1), kAlreadyUp}),
             boost::test_tools::per_element());
  // The actions carry the values, not only their descriptions.
  BOOST_TEST_REQUIRE(p.actions.size() == want.size());
  const auto* token = std::get_if<SetToken>(&p.actions[5]);
  BOOST_TEST_REQUIRE(token != nullptr);
  BOOST_TEST(token->from == V6("::"));
  BOOST_TEST(token->to == V6(kToken));
  const auto* ra = std::get_if<SetSysctl>(&p.actions[4]);
  BOOST_TEST_REQUIRE(ra != nullptr);
  BOOST_TEST((ra->conf == Conf::kAcceptRa));
  BOOST_TEST(ra->from == 1);
  BOOST_TEST(ra->to == 2);
  const auto* add = std::get_if<AddAddress>(&p.actions[9]);
  BOOST_TEST_REQUIRE(add != nullptr);
  BOOST_TEST(add->spec.cidr.str() == std::string(kAddr1) + "/64");
  BOOST_TEST(!add->spec.nodad);
  BOOST_TEST(std::holds_alternative<DropAddress>(p.actions[11]));
}

BOOST_AUTO_TEST_CASE(order_link_down_no_drops) {
  World w;
  Options o = Opts({{"IF_PRIVEXT", "0"}, {"IF_AUTOCONF", "0"}, {"IF_IPV6_LINK_LOCAL", "fe80::31"},
                    {"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_DAD_ATTEMPTS", "0"}});
  Plan p = w.PreUp(o);
  BOOST_TEST(Steps(p) == (Lines{"autoconf 1 -> 0", "token ::208:80:154:23", "addr_gen_mode eui64 -> none",
                                "address fe80::31/64 nodad", "address 2001:db8:1:0:208:80:154:23/64 nodad"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
}

BOOST_AUTO_TEST_CASE(inet_stanza_gets_only_the_link_part) {
  World w;
  Options o = Opts({{"IF_ADDRESS", "208.80.154.23"}, {"IF_TOKEN", "auto"}, {"IF_IPV6_LINK_LOCAL", "token"},
                    {"IF_ACCEPT_RA", "0"}},
                   "static", "inet");
  Plan p = w.PreUp(o);
  BOOST_TEST(Steps(p) == (Lines{"token ::208:80:154:23", "addr_gen_mode eui64 -> none",
                                "address fe80::208:80:154:23/64"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
}

// --- accept_ra made effective ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(accept_ra_chosen_1) {
  World w;
  w.Set(Conf::kAcceptRa, 0);
  Plan p = w.PreUp(Opts({}));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 0 -> 1", "token ::208:80:154:23"}), boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
  // The same for a static stanza, whose accept_ra is the method's.
  p = w.PreUp(Opts({{"IF_ADDRESS", kAddr1}, {"IF_NETMASK", "64"}}, "static"));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 0 -> 1", "token ::208:80:154:23"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(accept_ra_chosen_2_forwarding_on_interface) {
  World w;
  w.Set(Conf::kForwarding, 1);
  Plan p = w.PreUp(Opts({}));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 1 -> 2", "token ::208:80:154:23"}), boost::test_tools::per_element());
  BOOST_TEST(Warnings(p) == Lines{ForwardingWarning("net.ipv6.conf.eno1.forwarding=1, set on the interface", 1)},
             boost::test_tools::per_element());
  BOOST_TEST(!p.Refused());
}

BOOST_AUTO_TEST_CASE(accept_ra_chosen_2_forwarding_from_all) {
  World w;
  w.k.all_forwarding = 1;
  w.Set(Conf::kForwarding, 1);  // copied by the kernel
  w.Set(Conf::kAcceptRa, 0);
  Plan p = w.PreUp(Opts({}));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 0 -> 2", "token ::208:80:154:23"}), boost::test_tools::per_element());
  BOOST_TEST(Warnings(p) == Lines{ForwardingWarning(
                                "net.ipv6.conf.all.forwarding=1, which the kernel copies to every interface", 0)},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(accept_ra_chosen_2_forwarding_from_stanza) {
  World w;
  Plan p = w.PreUp(Opts({{"IF_IPV6_FORWARDING", "1"}}));
  BOOST_TEST(Steps(p) == (Lines{"forwarding 0 -> 1", "accept_ra 1 -> 2", "token ::208:80:154:23"}),
             boost::test_tools::per_element());
  BOOST_TEST(Warnings(p) == Lines{ForwardingWarning("this stanza's 'ipv6-forwarding 1'", 1)},
             boost::test_tools::per_element());
  // The stanza turning forwarding off needs no accept_ra change at all.
  w.k.all_forwarding = 1;
  w.Set(Conf::kForwarding, 1);
  p = w.PreUp(Opts({{"IF_IPV6_FORWARDING", "0"}}));
  BOOST_TEST(Steps(p) == (Lines{"forwarding 1 -> 0", "token ::208:80:154:23"}), boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
}

BOOST_AUTO_TEST_CASE(accept_ra_already_effective) {
  World w;
  w.Set(Conf::kForwarding, 1);
  w.Set(Conf::kAcceptRa, 2);
  Plan p = w.PreUp(Opts({}));
  BOOST_TEST(Steps(p) == Lines{"token ::208:80:154:23"}, boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
  // An explicit 2 with forwarding on is what the kernel wants.
  w.Set(Conf::kAcceptRa, 1);
  p = w.PreUp(Opts({{"IF_ACCEPT_RA", "2"}}));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 1 -> 2", "token ::208:80:154:23"}), boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
}

BOOST_AUTO_TEST_CASE(explicit_accept_ra_0_refused) {
  World w;
  Plan p = w.PreUp(Opts({{"IF_ACCEPT_RA", "0"}}));
  ExpectRefused(p, "cannot set token ::208:80:154:23: the kernel accepts a token only while eno1 accepts "
                   "router advertisements, and eno1 has accept_ra=0 (from this stanza's 'accept_ra 0'); "
                   "set 'accept_ra 1', or remove accept_ra and the hook chooses");
  BOOST_TEST(Warnings(p).empty());
}

BOOST_AUTO_TEST_CASE(explicit_accept_ra_1_with_forwarding_refused) {
  World w;
  w.Set(Conf::kForwarding, 1);
  Plan p = w.PreUp(Opts({{"IF_ACCEPT_RA", "1"}}));
  ExpectRefused(p, "cannot set token ::208:80:154:23: the kernel accepts a token only while eno1 accepts "
                   "router advertisements, and eno1 has forwarding=1 (from net.ipv6.conf.eno1.forwarding=1, "
                   "set on the interface) with accept_ra=1 (from this stanza's 'accept_ra 1'); set "
                   "'accept_ra 2' in the stanza, or turn forwarding off");
  // The same when the stanza itself turns forwarding on.
  World w2;
  p = w2.PreUp(Opts({{"IF_ACCEPT_RA", "1"}, {"IF_IPV6_FORWARDING", "1"}}));
  BOOST_TEST(p.Refused());
  BOOST_TEST_REQUIRE(Errors(p).size() == 1u);
  BOOST_TEST(Errors(p)[0].find("forwarding=1 (from this stanza's 'ipv6-forwarding 1') with accept_ra=1 "
                               "(from this stanza's 'accept_ra 1')") != std::string::npos,
             Errors(p)[0]);
}

// --- device findings (KERNEL REFUSALS) ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(loopback_refused) {
  World w;
  auto& lo = w.k.AddDevice("lo", 1);
  lo.link.flags = IFF_LOOPBACK | IFF_UP;
  Options o = Opts({{"IFACE", "lo"}}, "loopback");
  Plan p = w.PreUp(o);
  ExpectRefused(p, "lo is a loopback device; tokens do not apply to loopback");
  BOOST_TEST(p.actions.empty());
}

BOOST_AUTO_TEST_CASE(noarp_refused) {
  World w;
  w.Dev().link.flags = IFF_NOARP;
  Plan p = w.PreUp(Opts({{"IF_ADDRESS", kAddr1}}));
  ExpectRefused(p, "eno1 does no neighbour discovery (IFF_NOARP: 'arp off' or a NOARP link type), and the "
                   "kernel refuses a token there; turn ARP on ('ip link set eno1 arp on') or drop the token");
  BOOST_TEST(p.actions.empty());
}

BOOST_AUTO_TEST_CASE(missing_device_refused) {
  World w;
  Plan p = w.PreUp(Opts({{"IFACE", "eno9"}}));
  ExpectRefused(p, "interface eno9 does not exist; check the name in the stanza");
  BOOST_TEST(p.actions.empty());
}

BOOST_AUTO_TEST_CASE(no_inet6_refused) {
  World w;
  w.Dev().link.has_inet6 = false;
  w.Dev().link.mtu = 1000;
  Plan p = w.PreUp(Opts({}));
  ExpectRefused(p, "eno1 has no IPv6: its MTU 1000 is below IPv6's minimum of 1280; set 'mtu 1280' or "
                   "more on the link first");
  BOOST_TEST(p.actions.empty());
  w.Dev().link.mtu = 1500;
  p = w.PreUp(Opts({}));
  ExpectRefused(p, "eno1 has no IPv6 configuration (no inet6 device); check disable_ipv6 and the MTU");
}

BOOST_AUTO_TEST_CASE(ipv6_unavailable_refused) {
  World w;
  w.k.ipv6_available = false;
  Plan p = w.PreUp(Opts({}));
  ExpectRefused(p, "IPv6 is disabled on this host (/proc/sys/net/ipv6 is absent: booted with "
                   "ipv6.disable=1); remove that kernel parameter and reboot");
  BOOST_TEST(p.actions.empty());
}

const char kRsRefusal[] =
    "cannot set token ::208:80:154:23: eno1 has router_solicitations=0, and the kernel refuses a "
    "token while router solicitation is disabled; set 'ipv6-router-solicitations -1' (the default, "
    "unlimited) or a count above 0";

BOOST_AUTO_TEST_CASE(router_solicitations_0_live) {
  World w;
  w.Set(Conf::kRouterSolicitations, 0);
  Plan p = w.PreUp(Opts({}));
  ExpectRefused(p, kRsRefusal);
  // The stanza can fix it: the rule is checked against the value after the sysctls.
  p = w.PreUp(Opts({{"IF_IPV6_ROUTER_SOLICITATIONS", "-1"}}));
  BOOST_TEST(!p.Refused());
  BOOST_TEST(Steps(p) == (Lines{"router_solicitations 0 -> -1", "token ::208:80:154:23"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(router_solicitations_0_from_stanza) {
  World w;
  Plan p = w.PreUp(Opts({{"IF_IPV6_ROUTER_SOLICITATIONS", "0"}}));
  ExpectRefused(p, kRsRefusal);
}

BOOST_AUTO_TEST_CASE(disable_ipv6_with_addresses) {
  World w;
  w.Set(Conf::kDisableIpv6, 1);
  Plan p = w.PreUp(Opts({{"IF_ADDRESS", std::string(kAddr1) + "/64"}}));
  ExpectRefused(p, "cannot add 2001:db8:1:0:208:80:154:23/64: IPv6 is disabled on eno1 (disable_ipv6=1); "
                   "set net.ipv6.conf.eno1.disable_ipv6=0");
  // The kernel takes a token with disable_ipv6=1; only addresses are refused.
  p = w.PreUp(Opts({}));
  BOOST_TEST(!p.Refused());
  BOOST_TEST(Steps(p) == Lines{"token ::208:80:154:23"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(address_present_not_ours_refused) {
  World w;
  w.Dev().addresses = {Addr(kAddr1, IFA_F_PERMANENT)};
  Plan p = w.PreUp(Opts({{"IF_ADDRESS", std::string(kAddr1) + "/64"}}));
  ExpectRefused(p, "address 2001:db8:1:0:208:80:154:23/64 is already on eno1, and ifupdown-token did not add "
                   "it; remove it ('ip -6 addr del 2001:db8:1:0:208:80:154:23/64 dev eno1') or drop it from "
                   "the stanza");
}

BOOST_AUTO_TEST_CASE(address_present_and_ours_skipped) {
  World w;
  w.Dev().addresses = {Addr(kAddr1, IFA_F_PERMANENT)};
  Record prior;
  prior.index = 2;
  prior.addresses = {Net(kAddr1)};
  Plan p = w.PreUp(Opts({{"IF_ADDRESS", std::string(kAddr1) + "/64\n" + kAddr2 + "/64"}}), prior);
  BOOST_TEST(Steps(p) == (Lines{"token ::208:80:154:23", "address 2001:db8:2:0:208:80:154:23/64"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
}

BOOST_AUTO_TEST_CASE(link_local_stable_privacy) {
  World w;
  Plan p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "stable-privacy"}}));
  ExpectRefused(p, "option ipv6-link-local: 'stable-privacy' needs a stable_secret, and eno1 has none; set "
                   "net.ipv6.conf.eno1.stable_secret (or net.ipv6.conf.default.stable_secret) to an "
                   "IPv6-formatted secret first");
  w.k.stable_secret = true;
  p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "stable-privacy"}}));
  BOOST_TEST(!p.Refused());
  BOOST_TEST(Steps(p) == (Lines{"token ::208:80:154:23", "addr_gen_mode eui64 -> stable-privacy"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(link_local_modes) {
  World w;
  Plan p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "random"}}));
  BOOST_TEST(Steps(p) == (Lines{"token ::208:80:154:23", "addr_gen_mode eui64 -> random"}),
             boost::test_tools::per_element());
  p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "eui64"}}));
  BOOST_TEST(Steps(p) == Lines{"token ::208:80:154:23"}, boost::test_tools::per_element());  // already
  w.Dev().link.addr_gen_mode = kGenRandom;
  p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "eui64"}}));
  BOOST_TEST(Steps(p) == (Lines{"token ::208:80:154:23", "addr_gen_mode random -> eui64"}),
             boost::test_tools::per_element());
}

// --- token none -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(token_none_clears_a_left_token) {
  World w;
  w.Dev().link.token = V6("::5");
  Plan p = w.PreUp(Opts({{"IF_TOKEN", "none"}}));
  BOOST_TEST(Steps(p) == Lines{"token cleared (was ::5)"}, boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
  const auto* t = std::get_if<SetToken>(&p.actions.at(0));
  BOOST_TEST_REQUIRE(t != nullptr);
  BOOST_TEST(t->from == V6("::5"));
  BOOST_TEST(t->to.IsZero());
}

BOOST_AUTO_TEST_CASE(token_none_bumps_accept_ra_around_the_clear) {
  World w;
  w.Dev().link.token = V6("::5");
  w.Set(Conf::kAcceptRa, 0);
  Plan p = w.PreUp(Opts({{"IF_TOKEN", "none"}}));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 0 -> 1", "token cleared (was ::5)", "accept_ra 1 -> 0"}),
             boost::test_tools::per_element());
  BOOST_TEST(!p.Refused());
  // With forwarding on, the bump is to 2 and back.
  w.Set(Conf::kAcceptRa, 1);
  w.Set(Conf::kForwarding, 1);
  p = w.PreUp(Opts({{"IF_TOKEN", "none"}}));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 1 -> 2", "token cleared (was ::5)", "accept_ra 2 -> 1"}),
             boost::test_tools::per_element());
  // An explicit accept_ra 0 is written first, then bumped around the clear.
  World w2;
  w2.Dev().link.token = V6("::5");
  p = w2.PreUp(Opts({{"IF_TOKEN", "none"}, {"IF_ACCEPT_RA", "0"}}));
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 1 -> 0", "accept_ra 0 -> 1", "token cleared (was ::5)",
                                "accept_ra 1 -> 0"}),
             boost::test_tools::per_element());
  BOOST_TEST(!p.Refused());
}

BOOST_AUTO_TEST_CASE(token_none_without_token_does_nothing) {
  World w;
  w.Set(Conf::kAcceptRa, 0);
  Plan p = w.PreUp(Opts({{"IF_TOKEN", "none"}}));
  BOOST_TEST(p.actions.empty());
  BOOST_TEST(p.findings.empty());
}

BOOST_AUTO_TEST_CASE(token_none_clear_refused_with_rs_0) {
  World w;
  w.Dev().link.token = V6("::5");
  w.Set(Conf::kRouterSolicitations, 0);
  Plan p = w.PreUp(Opts({{"IF_TOKEN", "none"}}));
  ExpectRefused(p, "cannot clear token ::5: eno1 has router_solicitations=0, and the kernel refuses a "
                   "token while router solicitation is disabled; set 'ipv6-router-solicitations -1' "
                   "(the default, unlimited) or a count above 0");
}

// --- an interface that was already up ----------------------------------------------------

BOOST_AUTO_TEST_CASE(already_up_drops_untokenized_dynamic_globals) {
  World w;
  w.Dev().link.flags = IFF_UP;
  w.Dev().addresses = {
      Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK),                  // link-local: kept
      Addr("fe80::1234", 0, RT_SCOPE_LINK),                          // link-local, even dynamic: kept
      Addr(kEuiGlobal, IFA_F_MANAGETEMPADDR),                        // SLAAC EUI-64: dropped
      Addr("2001:db8:1:0:1111:2222:3333:4444", IFA_F_TEMPORARY),      // temporary: kept
      Addr("2001:db8:1::1:77", 0, RT_SCOPE_UNIVERSE, 128),           // a DHCPv6 lease: kept
      Addr("2001:db8:1:0:1111:2222:3333:5555", 0),                   // not a kernel IID: kept
      Addr("2001:db8:3:0:208:80:154:23", IFA_F_MANAGETEMPADDR),      // IID == token: kept
      Addr("2001:db8:9::5", IFA_F_PERMANENT),                        // static: kept
      Addr("2001:db8:9::6", IFA_F_PERMANENT | IFA_F_TENTATIVE),      // static: kept
  };
  Plan p = w.PreUp(Opts({}));
  BOOST_TEST(Steps(p) == (Lines{"token ::208:80:154:23",
                                "remove address 2001:db8:1:0:a8c9:deff:fe70:95f1/64 (built without the token)"}),
             boost::test_tools::per_element());
  BOOST_TEST(Warnings(p) == Lines{kAlreadyUp}, boost::test_tools::per_element());
  BOOST_TEST(!p.Refused());
  const auto* drop = std::get_if<DropAddress>(&p.actions.at(1));
  BOOST_TEST_REQUIRE(drop != nullptr);
  BOOST_TEST(drop->cidr.str() == std::string(kEuiGlobal) + "/64");
}

// A kernel that says who made each address (IFA_PROTO, 5.18+): only its own
// SLAAC addresses (kernel_ra) without the token go, whatever their IID; a
// temporary address, a DHCPv6 lease, and a /64 that a tool added with
// lifetimes (IFAPROT_UNSPEC) stay, EUI-64 or not.
BOOST_AUTO_TEST_CASE(already_up_drops_only_what_the_kernel_says_it_built) {
  World w;
  w.Dev().link.flags = IFF_UP;
  auto with = [](Address a, uint8_t proto, uint32_t valid = 86400) {
    a.proto = proto, a.valid = valid;
    return a;
  };
  w.Dev().addresses = {
      with(Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK), IFAPROT_KERNEL_LL),
      with(Addr("2001:db8:1:0:1111:2222:3333:5555", IFA_F_STABLE_PRIVACY), IFAPROT_KERNEL_RA),
      with(Addr("2001:db8:2:0:1234:5678:9abc:def0", 0), IFAPROT_KERNEL_RA),
      with(Addr("2001:db8:1:0:1111:2222:3333:4444", IFA_F_TEMPORARY), IFAPROT_UNSPEC),
      with(Addr("2001:db8:1::1:77", 0, RT_SCOPE_UNIVERSE, 128), IFAPROT_UNSPEC, 3600),
      with(Addr(kEuiGlobal, 0), IFAPROT_UNSPEC, 3600),
      with(Addr("2001:db8:3:0:208:80:154:23", IFA_F_MANAGETEMPADDR), IFAPROT_KERNEL_RA),
  };
  Plan p = w.PreUp(Opts({}));
  BOOST_TEST(Steps(p) == (Lines{"token ::208:80:154:23",
                                "remove address 2001:db8:1:0:1111:2222:3333:5555/64 (built without the token)",
                                "remove address 2001:db8:2:0:1234:5678:9abc:def0/64 (built without the token)"}),
             boost::test_tools::per_element());
}

// Once the token is set and the kernel has built its address, apply finds
// nothing more to do, however many advertisements came: temporary addresses
// (use_tempaddr 2) and a lease are not "built without the token".
BOOST_AUTO_TEST_CASE(apply_converges_with_privacy_addresses_and_a_lease) {
  World w;
  w.Dev().link.flags = IFF_UP;
  w.Dev().link.token = V6(kToken);
  for (std::optional<uint8_t> proto : {std::optional<uint8_t>(), std::optional<uint8_t>(IFAPROT_UNSPEC)}) {
    auto by = [&](Address a, uint8_t kernel_proto) {
      a.proto = proto ? std::optional<uint8_t>(kernel_proto) : std::nullopt;
      return a;
    };
    w.Dev().addresses = {
        by(Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK), IFAPROT_KERNEL_LL),
        by(Addr("2001:db8:1:0:208:80:154:23", IFA_F_MANAGETEMPADDR), IFAPROT_KERNEL_RA),
        by(Addr("2001:db8:1:0:1111:2222:3333:4444", IFA_F_TEMPORARY), IFAPROT_UNSPEC),
        by(Addr("2001:db8:1:0:a8c9:deff:fe70:1111", IFA_F_TEMPORARY), IFAPROT_UNSPEC),
        by(Addr("2001:db8:1::1:77", 0, RT_SCOPE_UNIVERSE, 128), IFAPROT_UNSPEC),
    };
    Options o = Opts({});
    BOOST_TEST(PlanApply(o, w.Snap(o.iface), Record{}).actions.empty());
  }
}

// A link-local goes only if the kernel built it: kernel_ll where the kernel
// says so; before 5.18, an IID the kernel builds (EUI-64, stable-privacy).
BOOST_AUTO_TEST_CASE(only_the_kernels_link_locals_are_dropped) {
  World w;
  w.Dev().link.flags = IFF_UP;
  auto ll = [](const char* a, uint32_t flags, std::optional<uint8_t> proto) {
    Address x = Addr(a, IFA_F_PERMANENT | flags, RT_SCOPE_LINK);
    x.proto = proto;
    return x;
  };
  w.Dev().addresses = {
      ll("fe80::aaaa:bbbb:cccc:1", 0, IFAPROT_KERNEL_LL),           // the kernel's: dropped
      ll("fe80::a8c9:deff:fe70:1", 0, IFAPROT_UNSPEC),              // a tool's EUI-64: kept
      ll("fe80::a8c9:deff:fe70:2", 0, std::nullopt),                // old kernel, EUI-64: dropped
      ll("fe80::aaaa:bbbb:cccc:3", IFA_F_STABLE_PRIVACY, std::nullopt),  // old, stable: dropped
      ll("fe80::aaaa:bbbb:cccc:4", 0, std::nullopt),                // old kernel, a tool's: kept
  };
  Plan p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "token"}}));
  Lines drops;
  for (const Action& a : p.actions)
    if (const auto* d = std::get_if<DropAddress>(&a)) drops.push_back(d->cidr.str());
  BOOST_TEST(drops == (Lines{"fe80::aaaa:bbbb:cccc:1/64", "fe80::a8c9:deff:fe70:2/64",
                             "fe80::aaaa:bbbb:cccc:3/64"}),
             boost::test_tools::per_element());
}

// An inet stanza brought the link up with the kernel's link-local; the token's
// stanza asks for fe80::IID: once that is added (addr_gen_mode none first,
// so the kernel builds no other), the kernel's go, and are not recorded.
BOOST_AUTO_TEST_CASE(already_up_link_local_token_replaces_the_kernels) {
  World w;
  w.Dev().link.flags = IFF_UP;
  w.Dev().addresses = {Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK),
                       Addr("2001:db8:9::5", IFA_F_PERMANENT)};  // static: kept
  Options o =
      Opts({{"IF_IPV6_LINK_LOCAL", "token"}, {"IF_ADDRESS", "192.0.2.1"}}, "static", "inet");
  Plan p = w.PreUp(o);
  BOOST_TEST(
      Steps(p) == (Lines{"token ::208:80:154:23", "addr_gen_mode eui64 -> none",
                         "address fe80::208:80:154:23/64",
                         "remove address fe80::a8c9:deff:fe70:95f1/64 (the kernel's link-local)"}),
      boost::test_tools::per_element());
  BOOST_TEST(Warnings(p) == Lines{kAlreadyUp}, boost::test_tools::per_element());
  Record r;
  r.Merge(p.actions);
  BOOST_TEST_REQUIRE(r.addresses.size() == 1u);
  BOOST_TEST(r.addresses[0].str() == "fe80::208:80:154:23/64");
  // An explicit fe80:: address likewise.
  p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "fe80::31"}}));
  BOOST_TEST(
      Steps(p) ==
          (Lines{"token ::208:80:154:23", "addr_gen_mode eui64 -> none", "address fe80::31/64",
                 "remove address fe80::a8c9:deff:fe70:95f1/64 (the kernel's link-local)"}),
      boost::test_tools::per_element());
}

// Nothing of the kind while the link is down (the kernel has made none), with
// addr_gen_mode already none (it made none at link-up), or with another mode.
BOOST_AUTO_TEST_CASE(link_local_kept_when_the_kernel_made_none_or_it_is_asked_for) {
  World w;
  w.Dev().addresses = {Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK)};
  auto drops = [&](const Plan& p) {
    int n = 0;
    for (const Action& a : p.actions) n += std::holds_alternative<DropAddress>(a);
    return n;
  };
  BOOST_TEST(drops(w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "token"}}))) == 0);  // down
  w.Dev().link.flags = IFF_UP;
  BOOST_TEST(drops(w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "eui64"}}))) == 0);
  BOOST_TEST(drops(w.PreUp(Opts({}))) == 0);
  w.Dev().link.addr_gen_mode = kGenNone;  // so this fe80:: is someone's, not the kernel's
  BOOST_TEST(drops(w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "token"}}))) == 0);
  // Ours from an earlier stanza or ifup (recorded): kept.
  w.Dev().link.addr_gen_mode = kGenEui64;
  w.Dev().addresses.push_back(Addr("fe80::208:80:154:23", IFA_F_PERMANENT, RT_SCOPE_LINK));
  Record prior;
  prior.index = 2;
  prior.addresses = {Net(kEuiLL)};
  Plan p = w.PreUp(Opts({{"IF_IPV6_LINK_LOCAL", "fe80::208:80:154:23"}}), prior);
  BOOST_TEST(drops(p) == 0);
  BOOST_TEST(
      Errors(p) ==
          Lines{"address fe80::208:80:154:23/64 is already on eno1, and ifupdown-token did not "
                "add it; remove it ('ip -6 addr del fe80::208:80:154:23/64 dev eno1') or drop "
                "it from the stanza"},
      boost::test_tools::per_element());
}

// RFC 4429: optimistic_dad and use_optimistic are written before any address
// is added (ipv6_allow_optimistic_dad() reads optimistic_dad at the add), and
// every address the stanza adds, the link-local too, is optimistic.
BOOST_AUTO_TEST_CASE(optimistic_dad_order_and_flags) {
  World w;
  Options o = Opts({{"IF_IPV6_OPTIMISTIC_DAD", "1"},
                    {"IF_IPV6_LINK_LOCAL", "token"},
                    {"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  Plan p = w.PreUp(o);
  BOOST_TEST(
      Steps(p) == (Lines{"optimistic_dad 0 -> 1", "use_optimistic 0 -> 1", "token ::208:80:154:23",
                         "addr_gen_mode eui64 -> none", "address fe80::208:80:154:23/64 optimistic",
                         "address 2001:db8:1:0:208:80:154:23/64 optimistic"}),
      boost::test_tools::per_element());
  for (const Action& a : p.actions)
    if (const auto* add = std::get_if<AddAddress>(&a))
      BOOST_TEST((add->spec.optimistic && !add->spec.nodad));
  // Already as asked: nothing written.
  w.Set(Conf::kOptimisticDad, 1);
  w.Set(Conf::kUseOptimistic, 1);
  p = w.PreUp(o);
  BOOST_TEST(Steps(p).at(0) == "token ::208:80:154:23");
}

BOOST_AUTO_TEST_CASE(already_up_token_none_drops_nothing) {
  World w;
  w.Dev().link.flags = IFF_UP;
  w.Dev().addresses = {Addr(kEuiGlobal, IFA_F_MANAGETEMPADDR)};
  Plan p = w.PreUp(Opts({{"IF_TOKEN", "none"}}));
  BOOST_TEST(p.actions.empty());
  BOOST_TEST(Warnings(p) == Lines{kAlreadyUp}, boost::test_tools::per_element());
}

// --- nothing to do --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(nothing_to_do_when_already_as_asked) {
  World w;
  w.Dev().link.token = V6(kToken);
  w.Set(Conf::kForwarding, 1);
  w.Set(Conf::kAcceptRa, 2);
  w.Dev().link.addr_gen_mode = kGenNone;
  w.Dev().addresses = {Addr("fe80::208:80:154:23", IFA_F_PERMANENT, RT_SCOPE_LINK),
                       Addr(kAddr1, IFA_F_PERMANENT)};
  Record prior;
  prior.index = 2;
  prior.addresses = {Net("fe80::208:80:154:23"), Net(kAddr1)};
  Options o = Opts({{"IF_IPV6_FORWARDING", "1"}, {"IF_ACCEPT_RA", "2"}, {"IF_AUTOCONF", "1"},
                    {"IF_IPV6_ROUTER_SOLICITATIONS", "-1"}, {"IF_IPV6_LINK_LOCAL", "token"},
                    {"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  Plan p = w.PreUp(o, prior);
  BOOST_TEST(p.actions.empty(), "steps: " << Steps(p).size());
  BOOST_TEST(p.findings.empty());
}

// --- up -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(up_adds_the_route_and_verifies_the_token) {
  World w;
  w.Dev().link.flags = IFF_UP;
  w.Dev().link.token = V6(kToken);
  Options o = Opts({{"IF_GATEWAY", "2001:db8:1::1"}});
  Plan p = PlanUp(o, w.Snap());
  BOOST_TEST(Steps(p) == Lines{"default route via 2001:db8:1::1 metric 1024"}, boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
  const auto* r = std::get_if<AddRoute>(&p.actions.at(0));
  BOOST_TEST_REQUIRE(r != nullptr);
  BOOST_TEST(r->route.gateway == V6("2001:db8:1::1"));
  BOOST_TEST(r->route.metric == 1024u);
  p = PlanUp(Opts({{"IF_GATEWAY", "fe80::1"}, {"IF_METRIC", "100"}}), w.Snap());
  BOOST_TEST(Steps(p) == Lines{"default route via fe80::1 metric 100"}, boost::test_tools::per_element());
  // Not in static: the method adds its gateway.
  p = PlanUp(Opts({{"IF_GATEWAY", "2001:db8:1::1"}}, "static"), w.Snap());
  BOOST_TEST(p.actions.empty());
  // Someone changed the token after pre-up.
  w.Dev().link.token = V6("::99");
  p = PlanUp(Opts({}), w.Snap());
  BOOST_TEST(Warnings(p) == Lines{"the token on eno1 is ::99, not the ::208:80:154:23 this stanza asks for: "
                                  "something changed it after pre-up"},
             boost::test_tools::per_element());
  // The device went away.
  p = PlanUp(Opts({{"IFACE", "eno9"}}), w.Snap("eno9"));
  BOOST_TEST(Errors(p) == Lines{"interface eno9 does not exist"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(awaiting_dad_only_ours_and_tentative) {
  World w;
  w.Dev().addresses = {Addr(kAddr1, IFA_F_PERMANENT | IFA_F_TENTATIVE),
                       Addr(kAddr2, IFA_F_PERMANENT),                      // DAD done
                       Addr("2001:db8:9::9", IFA_F_PERMANENT | IFA_F_TENTATIVE)};  // not ours
  Record r;
  r.index = 2;
  r.addresses = {Net(kAddr1), Net(kAddr2), Net("2001:db8:7::7")};  // the last is gone
  std::vector<In6> want{V6(kAddr1)};
  BOOST_TEST(AwaitingDad(r, w.Snap()) == want, boost::test_tools::per_element());
}

// --- undo (down) ------------------------------------------------------------------------

// What pre-up + up of a manual stanza owning everything recorded, and the live
// device as they left it.
struct Undone : World {
  Record r;
  Undone() {
    r.index = 2;
    r.sysctls = {{Conf::kForwarding, {0, 1}}, {Conf::kAcceptRa, {1, 2}}, {Conf::kDadTransmits, {1, 3}}};
    r.token = {V6("::"), V6(kToken)};
    r.addr_gen_mode = Record::Change{kGenEui64, kGenNone};
    r.addresses = {Net("fe80::208:80:154:23"), Net(kAddr1), Net(kAddr2)};
    r.routes = {Route{V6("2001:db8:1::1"), 1024}};
    Set(Conf::kForwarding, 1);
    Set(Conf::kAcceptRa, 2);
    Set(Conf::kDadTransmits, 3);
    Dev().link.flags = IFF_UP;
    Dev().link.token = V6(kToken);
    Dev().link.addr_gen_mode = kGenNone;
    Dev().addresses = {Addr("fe80::208:80:154:23", IFA_F_PERMANENT, RT_SCOPE_LINK),
                       Addr(kAddr1, IFA_F_PERMANENT), Addr(kAddr2, IFA_F_PERMANENT)};
    Dev().routes = r.routes;
  }
};

BOOST_FIXTURE_TEST_CASE(undo_in_reverse_order, Undone) {
  Plan p = PlanUndo(r, Snap());
  BOOST_TEST(Steps(p) == (Lines{"remove default route via 2001:db8:1::1",
                                "remove address 2001:db8:2:0:208:80:154:23/64",
                                "remove address 2001:db8:1:0:208:80:154:23/64",
                                "remove address fe80::208:80:154:23/64",
                                "addr_gen_mode none -> eui64",
                                "token cleared (was ::208:80:154:23)",
                                "dad_transmits 3 -> 1",
                                "accept_ra 2 -> 1",
                                "forwarding 1 -> 0"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.findings.empty());
  BOOST_TEST(std::holds_alternative<DelRoute>(p.actions.at(0)));
  BOOST_TEST(std::holds_alternative<DelAddress>(p.actions.at(1)));
}

BOOST_FIXTURE_TEST_CASE(undo_restores_original_values, Undone) {
  // A token and sysctls that were not the kernel's defaults before ifup.
  r.token = {V6("::77"), V6(kToken)};
  r.sysctls = {{Conf::kUseTempaddr, {2, 0}}};
  Set(Conf::kUseTempaddr, 0);
  Set(Conf::kForwarding, 0);
  Set(Conf::kAcceptRa, 1);
  Plan p = PlanUndo(r, Snap());
  Lines steps = Steps(p);
  BOOST_TEST_REQUIRE(steps.size() == 7u);
  BOOST_TEST(steps[5] == "token ::77");
  BOOST_TEST(steps[6] == "use_tempaddr 0 -> 2");
  const auto* t = std::get_if<SetToken>(&p.actions[5]);
  BOOST_TEST_REQUIRE(t != nullptr);
  BOOST_TEST(t->from == V6(kToken));
  BOOST_TEST(t->to == V6("::77"));
}

BOOST_FIXTURE_TEST_CASE(undo_bumps_accept_ra_around_the_token, Undone) {
  // The static method wrote accept_ra 0 after pre-up; the token cannot be
  // cleared without RAs accepted, so accept_ra is raised for that moment.
  r.sysctls.clear();
  r.addresses.clear();
  r.routes.clear();
  r.addr_gen_mode.reset();
  Set(Conf::kForwarding, 0);
  Set(Conf::kAcceptRa, 0);
  Plan p = PlanUndo(r, Snap());
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 0 -> 1", "token cleared (was ::208:80:154:23)", "accept_ra 1 -> 0"}),
             boost::test_tools::per_element());
  // With forwarding on, to 2; the recorded accept_ra is restored afterwards.
  r.sysctls = {{Conf::kAcceptRa, {1, 2}}};
  Set(Conf::kForwarding, 1);
  Set(Conf::kAcceptRa, 0);
  p = PlanUndo(r, Snap());
  BOOST_TEST(Steps(p) == (Lines{"accept_ra 0 -> 2", "token cleared (was ::208:80:154:23)", "accept_ra 2 -> 0",
                                "accept_ra 0 -> 1"}),
             boost::test_tools::per_element());
  // No bump when RAs are accepted.
  Set(Conf::kAcceptRa, 2);
  p = PlanUndo(r, Snap());
  BOOST_TEST(Steps(p) == (Lines{"token cleared (was ::208:80:154:23)", "accept_ra 2 -> 1"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(undo_skips_what_is_gone_or_restored, Undone) {
  Dev().addresses.erase(Dev().addresses.begin() + 1);  // kAddr1: flushed by link down
  Dev().link.token = V6("::");                          // already cleared
  Dev().link.addr_gen_mode = kGenEui64;
  Set(Conf::kDadTransmits, 1);
  Plan p = PlanUndo(r, Snap());
  BOOST_TEST(Steps(p) == (Lines{"remove default route via 2001:db8:1::1",
                                "remove address 2001:db8:2:0:208:80:154:23/64",
                                "remove address fe80::208:80:154:23/64",
                                "accept_ra 2 -> 1",
                                "forwarding 1 -> 0"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(undo_nothing_on_a_recreated_device, Undone) {
  Dev().link.index = 7;
  Plan p = PlanUndo(r, Snap());
  BOOST_TEST(p.actions.empty());
  BOOST_TEST(Warnings(p) == Lines{"eno1 is gone or was recreated since ifup; nothing of what ifup set is left to undo"},
             boost::test_tools::per_element());
  BOOST_TEST(!p.Refused());
  k.devices.erase("eno1");
  p = PlanUndo(r, Snap());
  BOOST_TEST(p.actions.empty());
  BOOST_TEST(Warnings(p).size() == 1u);
}

// --- silent traps (SILENT TRAPS) ---------------------------------------------------------------

// The live state after a manual stanza with the token's address came up right.
struct Clean : World {
  Clean() {
    Dev().link.flags = IFF_UP;
    Dev().link.token = V6(kToken);
    Dev().addresses = {Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK),
                       Addr(kAddr1, IFA_F_MANAGETEMPADDR)};  // SLAAC, tokenized
  }
};

BOOST_FIXTURE_TEST_CASE(traps_none_when_clean, Clean) {
  BOOST_TEST(SilentTraps(Opts({{"IF_ADDRESS", std::string(kAddr2) + "/64"}}), Snap()).empty());
  BOOST_TEST(SilentTraps(Opts({}, "static"), Snap()).empty());
  BOOST_TEST(SilentTraps(Opts({{"IF_TOKEN", "none"}}), Snap()).empty());
  Dev().link.addr_gen_mode = kGenNone;
  Dev().addresses.push_back(Addr("fe80::208:80:154:23", IFA_F_PERMANENT, RT_SCOPE_LINK));
  BOOST_TEST(SilentTraps(Opts({{"IF_IPV6_LINK_LOCAL", "token"}}), Snap()).empty());
  // And PlanUp says nothing either.
  BOOST_TEST(PlanUp(Opts({}), Snap()).findings.empty());
}

BOOST_FIXTURE_TEST_CASE(trap_autoconf_0, Clean) {
  Set(Conf::kAutoconf, 0);
  BOOST_TEST(Warnings(SilentTraps(Opts({}), Snap())) ==
                 Lines{"autoconf is 0 on eno1: the token shapes no global address (the kernel uses it only for SLAAC "
                       "addresses of /64 prefixes)"},
             boost::test_tools::per_element());
  BOOST_TEST(Warnings(SilentTraps(Opts({}, "static"), Snap())) ==
                 Lines{"autoconf is 0 on eno1: the token shapes no global address (the kernel uses it only for SLAAC "
                       "addresses of /64 prefixes); the static method writes autoconf 0 unless the stanza says "
                       "'autoconf 1'"},
             boost::test_tools::per_element());
}

// The kernel matches an RA's prefix+token against the address alone, so a
// /128 equal to it is refreshed by every advertisement just the same.
BOOST_FIXTURE_TEST_CASE(trap_prefix_plus_token_whatever_the_length, Clean) {
  Address a = Addr(kAddr1, IFA_F_PERMANENT);
  a.cidr.len = 128;
  Dev().addresses = {a};
  std::vector<std::string> w = Warnings(SilentTraps(Opts({}, "static"), Snap()));
  BOOST_TEST_REQUIRE(w.size() == 1u);
  BOOST_TEST(w[0].find("address 2001:db8:1:0:208:80:154:23/128 is prefix+token") == 0u);
}

// seed 002: the static method's accept_ra 0 comes from the gateway; say so.
BOOST_FIXTURE_TEST_CASE(trap_static_gateway_names_accept_ra_0, Clean) {
  Set(Conf::kAcceptRa, 0);
  Options o = Opts({{"IF_ADDRESS", kAddr1}, {"IF_NETMASK", "64"}, {"IF_GATEWAY", "2001:db8:1::1"}}, "static");
  std::vector<std::string> w = Warnings(SilentTraps(o, Snap()));
  BOOST_TEST_REQUIRE(!w.empty());
  BOOST_TEST(w[0].find("(ifupdown's static method writes accept_ra 0 when the stanza has a gateway and no "
                       "accept_ra; 'accept_ra 1' keeps them)") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(trap_static_address_is_prefix_plus_token, Clean) {
  Dev().addresses = {Addr(kAddr1, IFA_F_PERMANENT)};
  Options o = Opts({{"IF_ADDRESS", kAddr1}, {"IF_NETMASK", "64"}}, "static");
  BOOST_TEST(Warnings(SilentTraps(o, Snap())) ==
                 Lines{"address 2001:db8:1:0:208:80:154:23/64 is prefix+token and autoconf is 1 on eno1: every "
                       "router advertisement overwrites its lifetimes, and it is deprecated, then deleted, if "
                       "advertisements stop; 'autoconf 0' keeps it permanent (the default route still comes "
                       "from RAs with accept_ra 1 or 2)"},
             boost::test_tools::per_element());
  // Through PlanUp too.
  BOOST_TEST(Warnings(PlanUp(o, Snap())).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(trap_use_tempaddr, Clean) {
  Set(Conf::kUseTempaddr, 2);
  BOOST_TEST(Warnings(SilentTraps(Opts({}), Snap())) ==
                 Lines{"use_tempaddr is 2 on eno1: temporary addresses will appear beside the token's "
                       "('privext 0' turns them off)"},
             boost::test_tools::per_element());
  Set(Conf::kUseTempaddr, 1);
  BOOST_TEST(Warnings(SilentTraps(Opts({}), Snap())).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(trap_address_not_64, Clean) {
  Options o = Opts({{"IF_ADDRESS", "2001:db8:5:0:208:80:154:23/56"}});
  BOOST_TEST(Warnings(SilentTraps(o, Snap())) ==
                 Lines{"address 2001:db8:5:0:208:80:154:23/56 is not a /64: the kernel builds SLAAC addresses "
                       "only for /64 prefixes, so the token never applies to this prefix"},
             boost::test_tools::per_element());
  // A static stanza's address (not added by the hook) is checked the same way.
  o = Opts({{"IF_ADDRESS", "2001:db8:5::23"}, {"IF_NETMASK", "48"}}, "static");
  BOOST_TEST(Warnings(SilentTraps(o, Snap())).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(trap_address_iid_differs_from_token, Clean) {
  Options o = Opts({{"IF_ADDRESS", "2001:db8:5::5/64"}});
  BOOST_TEST(Warnings(SilentTraps(o, Snap())) ==
                 Lines{"address 2001:db8:5::5/64 has interface identifier ::5, not the token ::208:80:154:23: "
                       "SLAAC will add 2001:db8:5:0:208:80:154:23 beside it"},
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(trap_addr_gen_mode, Clean) {
  Dev().link.addr_gen_mode = kGenStablePrivacy;
  BOOST_TEST(Warnings(SilentTraps(Opts({}), Snap())) ==
                 Lines{"addr_gen_mode is stable-privacy on eno1: the token wins for global addresses only; the "
                       "link-local still uses stable-privacy"},
             boost::test_tools::per_element());
  Dev().link.addr_gen_mode = kGenRandom;
  BOOST_TEST(Warnings(SilentTraps(Opts({}), Snap())) ==
                 Lines{"addr_gen_mode is random on eno1: the token wins for global addresses only; the "
                       "link-local still uses random"},
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(trap_ras_ignored_after_the_method, Clean) {
  Set(Conf::kForwarding, 1);
  Set(Conf::kAcceptRa, 1);
  BOOST_TEST(Warnings(SilentTraps(Opts({}, "static"), Snap())) ==
                 Lines{"eno1 has forwarding=1 and accept_ra=1 after the static method ran: the kernel ignores "
                       "router advertisements, so the token shapes no address; set 'accept_ra 2'"},
             boost::test_tools::per_element());
  Set(Conf::kForwarding, 0);
  Set(Conf::kAcceptRa, 0);
  BOOST_TEST(Warnings(SilentTraps(Opts({}, "static"), Snap())) ==
                 Lines{"eno1 has forwarding=0 and accept_ra=0 after the static method ran: the kernel ignores "
                       "router advertisements, so the token shapes no address"},
             boost::test_tools::per_element());
}

// Each trap carries what it is about, as data: `iftoken check` places it at
// the line that sets that subject without reading the sentence.
BOOST_FIXTURE_TEST_CASE(traps_carry_their_subject, Clean) {
  Options o = Opts({{"IF_ADDRESS", "2001:db8:5::5/64"}});
  std::vector<Finding> f = SilentTraps(o, Snap());
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST((f[0].subject.address == In6::Parse("2001:db8:5::5")));
  BOOST_TEST(!f[0].subject.setting);
  Set(Conf::kAutoconf, 0);
  f = SilentTraps(Opts({}), Snap());
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST((f[0].subject.setting == Conf::kAutoconf));
  Set(Conf::kAutoconf, 1);
  Set(Conf::kAcceptRa, 0);
  f = SilentTraps(Opts({}, "static"), Snap());
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST((f[0].subject.setting == Conf::kAcceptRa));
  Set(Conf::kAcceptRa, 1);
  Dev().link.addr_gen_mode = kGenRandom;
  f = SilentTraps(Opts({}), Snap());
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST((f[0].subject.setting == Conf::kAddrGenMode));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
