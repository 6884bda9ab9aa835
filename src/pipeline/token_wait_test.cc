// The token wait's decision against the fake kernel's events: the address
// arriving, arriving after DAD, failing DAD; advertisements whose prefix
// cannot make it (no A flag, a /48); no advertisement at all; and settings
// under which SLAAC cannot happen, said without waiting.
#include "pipeline/token_wait.h"

#include <linux/if_addr.h>
#include <net/if.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "pipeline/hook.h"
#include "testing/fake_kernel.h"
#include "testing/test_util.h"

namespace ift {

inline std::ostream& boost_test_print_type(std::ostream& out, TokenWaitOutcome o) {
  static const char* const kNames[] = {"ready", "timed out", "impossible"};
  return out << kNames[int(o)];
}

namespace {

const In6 kToken = V6("::208:80:154:23");
const Cidr kPrefix{V6("2001:db8:1::"), 64};
const Cidr kSlaac{V6("2001:db8:1:0:208:80:154:23"), 64};

struct Host {
  FakeKernel k;
  Host() {
    k.AddDevice("eno1", 2);
    k.AddDevice("eno2", 3);
    k.Dev("eno1").link.token = kToken;
    k.Dev("eno1").link.flags = IFF_UP;
  }
  TokenWaitResult Wait() {
    TokenWaitResult w;
    BOOST_TEST_REQUIRE(WaitForToken(k, "eno1", k.Dev("eno1").link, kToken, 100, &w).ok());
    return w;
  }
  void Event(KernelEvent e) { k.events.push_back(e); }
  Address Slaac(uint32_t flags) {
    return Address{kSlaac, IFA_F_MANAGETEMPADDR | flags, 0, 14400, 86400};
  }
};

BOOST_FIXTURE_TEST_SUITE(token_wait, Host)

// The address's event was dropped with the rest (ENOBUFS): the dump after it
// shows the address.
BOOST_AUTO_TEST_CASE(dropped_events_read_the_addresses_again) {
  Event(AddressEvent{false, 2, Slaac(0)});
  k.overflows = 1;
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kReady);
  BOOST_TEST(w.resyncs == 1);
}

BOOST_AUTO_TEST_CASE(usable_is_the_kernels_global_token_address_out_of_dad) {
  BOOST_TEST(UsableTokenAddress(Slaac(0), kToken));
  BOOST_TEST(!UsableTokenAddress(Slaac(IFA_F_TENTATIVE), kToken));
  BOOST_TEST(UsableTokenAddress(Slaac(IFA_F_TENTATIVE | IFA_F_OPTIMISTIC), kToken));  // RFC 4429
  BOOST_TEST(!UsableTokenAddress(Slaac(IFA_F_TENTATIVE | IFA_F_DADFAILED), kToken));
  BOOST_TEST(!UsableTokenAddress(Slaac(IFA_F_PERMANENT), kToken));  // ours or ifupdown's
  BOOST_TEST(!UsableTokenAddress(Slaac(0), V6("::208:80:154:24")));
  Address ll = Slaac(0);
  ll.cidr.addr = V6("fe80::208:80:154:23");
  ll.scope = 253;
  BOOST_TEST(!UsableTokenAddress(ll, kToken));
  Address wide = Slaac(0);
  wide.cidr.len = 48;
  BOOST_TEST(!UsableTokenAddress(wide, kToken));
}

BOOST_AUTO_TEST_CASE(the_address_arrives) {
  k.Advertise("eno1", {kPrefix});
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kReady);
  BOOST_TEST_REQUIRE(w.address.has_value());
  BOOST_TEST(w.address->addr == kSlaac.addr);
  BOOST_TEST(k.watch_calls == 1);
  BOOST_TEST(k.watched == unsigned(kAddressEvents | kPrefixEvents | kRaRouteEvents));
}

BOOST_AUTO_TEST_CASE(an_address_present_before_the_wait_needs_no_event) {
  k.Dev("eno1").addresses.push_back(Slaac(0));
  BOOST_TEST(Wait().outcome == TokenWaitOutcome::kReady);
}

BOOST_AUTO_TEST_CASE(tentative_then_done) {
  Event(AddressEvent{false, 2, Slaac(IFA_F_TENTATIVE)});
  Event(AddressEvent{false, 3, Slaac(0)});  // another interface's
  Event(AddressEvent{false, 2, Slaac(0)});
  BOOST_TEST(Wait().outcome == TokenWaitOutcome::kReady);
  BOOST_TEST(k.events.empty());
}

BOOST_AUTO_TEST_CASE(still_tentative_at_the_end) {
  Event(AddressEvent{false, 2, Slaac(IFA_F_TENTATIVE)});
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kTimedOut);
  BOOST_TEST(w.why ==
             "2001:db8:1:0:208:80:154:23 was still tentative (DAD not done): raise token-wait");
}

BOOST_AUTO_TEST_CASE(dad_failed) {
  k.dad = FakeKernel::Dad::kFailed;
  k.Advertise("eno1", {kPrefix});
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kTimedOut);
  BOOST_TEST(w.why ==
             "2001:db8:1:0:208:80:154:23 failed duplicate address detection: another host "
             "on the link uses it; find it (ip -6 neigh) or change the token");
}

BOOST_AUTO_TEST_CASE(prefix_without_the_autonomous_flag) {
  k.Advertise("eno1", {kPrefix, true, false});
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kTimedOut);
  BOOST_TEST(w.why ==
             "the advertised prefix 2001:db8:1::/64 lacks the autonomous flag (A), so no "
             "address is built from it: set it on the router (radvd: AdvAutonomous on)");
}

BOOST_AUTO_TEST_CASE(a_48_prefix) {
  // Autonomous: the kernel sends no RTM_NEWPREFIX, only its on-link route shows it.
  k.Advertise("eno1", {Cidr{V6("2001:db8:1::"), 48}});
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kTimedOut);
  BOOST_TEST(w.why ==
             "the advertised prefix 2001:db8:1::/48 is not a /64: the kernel builds SLAAC "
             "addresses only from /64 prefixes; advertise a /64");
}

BOOST_AUTO_TEST_CASE(a_48_prefix_told_by_its_notification) {
  Event(PrefixEvent{2, Cidr{V6("2001:db8:1::"), 48}, true, true, 14400, 86400});
  BOOST_TEST(Wait().why ==
             "the advertised prefix 2001:db8:1::/48 is not a /64: the kernel builds "
             "SLAAC addresses only from /64 prefixes; advertise a /64");
}

BOOST_AUTO_TEST_CASE(an_advertisement_without_prefixes) {
  Event(RaRouteEvent{false, 2, Cidr{In6{}, 0}, V6("fe80::1")});
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kTimedOut);
  BOOST_TEST(w.why ==
             "a router advertisement came (default route via fe80::1) but with no prefix "
             "to build an address from: add an autonomous /64 prefix to it");
}

BOOST_AUTO_TEST_CASE(no_advertisement_at_all) {
  k.Advertise("eno2", {kPrefix});  // another link's
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kTimedOut);
  BOOST_TEST(w.why ==
             "no router advertisement came: check that a router on the link sends them "
             "(radvd: AdvSendAdvert on) and that nothing filters ICMPv6 between");
}

BOOST_AUTO_TEST_CASE(timeout_with_nothing_bounded) {
  TokenWaitResult w;
  BOOST_TEST(WaitForToken(k, "eno1", k.Dev("eno1").link, kToken, 0, &w).ok());
  BOOST_TEST(w.outcome == TokenWaitOutcome::kTimedOut);
}

BOOST_AUTO_TEST_CASE(a_static_prefix_plus_token_is_the_tokens_address) {
  // kernel.md §3.4: the advertisement refreshes it instead of making one.
  k.Dev("eno1").addresses.push_back(Address{kSlaac, IFA_F_PERMANENT});
  Event(PrefixEvent{2, kPrefix, true, true, 14400, 86400});
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kReady);
}

BOOST_AUTO_TEST_CASE(slaac_impossible_is_said_without_waiting) {
  k.SetConf("eno1", Conf::kAutoconf, 0);
  TokenWaitResult w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kImpossible);
  BOOST_TEST(w.why ==
             "autoconf is 0 on eno1 (net.ipv6.conf.eno1.autoconf=0): the kernel builds no "
             "address from advertisements; write 'autoconf 1'");
  BOOST_TEST(k.watch_calls == 0);
  k.SetConf("eno1", Conf::kAutoconf, 1);
  k.SetConf("eno1", Conf::kForwarding, 1);
  w = Wait();
  BOOST_TEST(w.outcome == TokenWaitOutcome::kImpossible);
  BOOST_TEST(w.why ==
             "the kernel ignores router advertisements on eno1 (net.ipv6.conf.eno1.accept_ra=1, "
             "forwarding=1): write 'accept_ra 2' in the stanza");
  k.SetConf("eno1", Conf::kAcceptRa, 2);
  BOOST_TEST(SlaacImpossible("eno1", k.Dev("eno1").link) == "");
  k.SetConf("eno1", Conf::kDisableIpv6, 1);
  BOOST_TEST(SlaacImpossible("eno1", k.Dev("eno1").link) ==
             "IPv6 is disabled on eno1 (net.ipv6.conf.eno1.disable_ipv6=1)");
}

BOOST_AUTO_TEST_CASE(the_dad_wait_does_not_see_advertisements) {
  // A watch of the address events alone gets no prefix or route events.
  k.Advertise("eno1", {kPrefix, true, false});
  BOOST_TEST(k.Watch(kAddressEvents).ok());
  KernelEvent e;
  BOOST_TEST(k.NextEvent(0, &e).err == ETIMEDOUT);
}

// The up hook of the Wikimedia layout (inet static, token auto): what it
// prints, and that a wait without the address is not a failure.
std::string Up(FakeKernel& k, const char* wait) {
  std::map<std::string, std::string> env{{"IFACE", "eno1"},    {"ADDRFAM", "inet"},
                                         {"METHOD", "static"}, {"PHASE", "post-up"},
                                         {"VERBOSITY", "1"},   {"IF_ADDRESS", "208.80.154.23"},
                                         {"IF_TOKEN", "auto"}, {"IF_TOKEN_WAIT", wait}};
  char tmpl[] = "/tmp/ift-token-wait-test-XXXXXX";
  BOOST_TEST_REQUIRE(mkdtemp(tmpl) != nullptr);
  char* buf = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&buf, &size);
  int rc = RunHook(MapEnv(env), k, tmpl, out);
  fclose(out);
  std::string text(buf, size);
  free(buf);
  std::filesystem::remove_all(tmpl);
  BOOST_TEST(rc == 0, text);
  return text;
}

BOOST_AUTO_TEST_CASE(the_up_hook_says_the_address_is_usable) {
  k.Advertise("eno1", {kPrefix});
  BOOST_TEST(Up(k, "10") ==
             "ifupdown-token: eno1: token address 2001:db8:1:0:208:80:154:23/64 is usable\n");
}

BOOST_AUTO_TEST_CASE(the_up_hook_warns_and_succeeds_on_timeout) {
  BOOST_TEST(Up(k, "0.1") ==
             "ifupdown-token: eno1: warning: token-wait 0.1: no address with the token "
             "::208:80:154:23 was usable after 0.1 s; no router advertisement came: check that a "
             "router on the link sends them (radvd: AdvSendAdvert on) and that nothing filters "
             "ICMPv6 between; ifup goes on without it\n");
}

BOOST_AUTO_TEST_CASE(the_up_hook_does_not_wait_when_slaac_cannot_happen) {
  k.SetConf("eno1", Conf::kAutoconf, 0);
  std::string text = Up(k, "10");
  BOOST_TEST(text.find("warning: token-wait 10: not waiting: no address can come from the token: "
                       "autoconf is 0 on eno1") != std::string::npos,
             text);
  BOOST_TEST(k.watch_calls == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ift
