// The DAD wait's policy against address events from the fake kernel: which
// event settles which address, and what is left when the events stop.
#include "pipeline/dad_wait.h"

#include <linux/if_addr.h>

#include <boost/test/unit_test.hpp>

#include "testing/fake_kernel.h"
#include "testing/test_util.h"

namespace ift {

inline std::ostream& boost_test_print_type(std::ostream& out, DadOutcome o) {
  static const char* const kNames[] = {"done", "failed", "timed out", "gone", "optimistic"};
  return out << kNames[int(o)];
}

namespace {

using Outcomes = std::vector<DadOutcome>;

struct Link2 {
  FakeKernel k;
  In6 a = V6("2001:db8::a"), b = V6("2001:db8::b");
  Link2() {
    k.AddDevice("eno1", 2);
    k.AddDevice("eno2", 3);
    k.dad = FakeKernel::Dad::kTimedOut;  // the kernel sends nothing unless a test says so
    Add(a, IFA_F_TENTATIVE);
    Add(b, IFA_F_TENTATIVE);
  }
  void Add(const In6& addr, uint32_t flags) {
    k.Dev("eno1").addresses.push_back(Address{Cidr{addr, 64}, IFA_F_PERMANENT | flags});
  }
  void Event(int index, const In6& addr, uint32_t flags, bool removed = false) {
    k.events.push_back(AddressEvent{removed, index, Address{Cidr{addr, 64}, IFA_F_PERMANENT | flags}});
  }
  Outcomes Wait(std::vector<In6> addrs) {
    Outcomes out;
    BOOST_TEST_REQUIRE(WaitDad(k, 2, addrs, 100, &out).ok());
    return out;
  }
};

BOOST_AUTO_TEST_SUITE(dad_wait)

BOOST_FIXTURE_TEST_CASE(each_event_settles_its_own_address, Link2) {
  Event(2, b, 0);                                  // b: DAD done
  Event(2, a, IFA_F_TENTATIVE | IFA_F_DADFAILED);  // a: a duplicate answered
  BOOST_TEST(Wait({a, b}) == (Outcomes{DadOutcome::kFailed, DadOutcome::kDone}),
             boost::test_tools::per_element());
}

// A busy host's socket overruns (ENOBUFS): the events of the DAD that ended
// meanwhile are lost, and the addresses are read again instead of failing.
BOOST_FIXTURE_TEST_CASE(dropped_events_read_the_addresses_again, Link2) {
  k.dad = FakeKernel::Dad::kDone;
  k.overflows = 1;
  Outcomes out;
  int resyncs = 0;
  BOOST_TEST_REQUIRE(WaitDad(k, 2, {a, b}, 100, &out, &resyncs).ok());
  BOOST_TEST(out == (Outcomes{DadOutcome::kDone, DadOutcome::kDone}), boost::test_tools::per_element());
  BOOST_TEST(resyncs == 1);
}

BOOST_FIXTURE_TEST_CASE(events_of_other_interfaces_and_addresses_are_ignored, Link2) {
  Event(3, a, 0);                          // the same address on eno2
  Event(2, V6("2001:db8::c"), 0);          // another address on eno1
  Event(2, a, IFA_F_TENTATIVE);            // still tentative: not settled yet
  BOOST_TEST(Wait({a}) == Outcomes{DadOutcome::kTimedOut}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(a_removed_address_is_gone, Link2) {
  Event(2, a, IFA_F_TENTATIVE, /*removed=*/true);
  BOOST_TEST(Wait({a}) == Outcomes{DadOutcome::kGone}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(what_the_dump_shows_settled_needs_no_event, Link2) {
  Add(V6("2001:db8::d"), 0);                                   // done before the wait
  Add(V6("2001:db8::e"), IFA_F_TENTATIVE | IFA_F_DADFAILED);  // failed before the wait
  BOOST_TEST(Wait({V6("2001:db8::d"), V6("2001:db8::e"), V6("2001:db8::f")}) ==
                 (Outcomes{DadOutcome::kDone, DadOutcome::kFailed, DadOutcome::kGone}),
             boost::test_tools::per_element());
  BOOST_TEST(k.watch_calls == 1);  // subscribed before the dump
}

BOOST_FIXTURE_TEST_CASE(the_first_outcome_of_an_address_stands, Link2) {
  Event(2, a, 0);
  Event(2, a, 0, /*removed=*/true);  // removed after DAD finished: still done
  BOOST_TEST(Wait({a}) == Outcomes{DadOutcome::kDone}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(a_wait_beyond_int_milliseconds_is_not_negative, Link2) {
  Event(2, a, 0);
  Outcomes out;
  BOOST_TEST(WaitDad(k, 2, {a}, int64_t(600) * 3600 * 1000, &out).ok());
  BOOST_TEST(out == Outcomes{DadOutcome::kDone}, boost::test_tools::per_element());
}

// RFC 4429: an optimistic address is usable during DAD, so it is not waited
// for; but a failure the dump shows, or an event shows while another address
// is waited for, is still a failure.
BOOST_FIXTURE_TEST_CASE(optimistic_addresses_are_not_waited_for, Link2) {
  In6 c = V6("2001:db8::c"), d = V6("2001:db8::d");
  Add(c, IFA_F_TENTATIVE | IFA_F_OPTIMISTIC);
  Add(d, IFA_F_TENTATIVE | IFA_F_DADFAILED);  // optimistic before; the failure cleared it
  BOOST_TEST(Wait({c, d}) == (Outcomes{DadOutcome::kOptimistic, DadOutcome::kFailed}),
             boost::test_tools::per_element());
  BOOST_TEST(k.events.empty());
}

BOOST_FIXTURE_TEST_CASE(an_optimistic_failure_during_the_wait_for_others_counts, Link2) {
  In6 c = V6("2001:db8::c");
  Add(c, IFA_F_TENTATIVE | IFA_F_OPTIMISTIC);
  Event(2, c, IFA_F_TENTATIVE | IFA_F_DADFAILED);
  Event(2, a, 0);
  BOOST_TEST(Wait({a, c}) == (Outcomes{DadOutcome::kDone, DadOutcome::kFailed}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ift
