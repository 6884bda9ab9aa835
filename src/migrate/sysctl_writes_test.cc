// Tests for the sysctl reader of `iftoken migrate` (sysctl_writes.h).
#include "migrate/sysctl_writes.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

using Strings = std::vector<std::string>;

Strings Read(const std::string& command) {
  Strings got;
  for (const ift::SysctlWrite& w : ift::SysctlWritesOf(command, "eno1"))
    got.push_back(w.path + "=" + w.value + (w.literal ? "" : " (expanded)"));
  return got;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sysctl_writes)

BOOST_AUTO_TEST_CASE(sysctl_command) {
  BOOST_TEST(Read("sysctl -w net.ipv6.conf.eno1.accept_ra=2") ==
                 (Strings{"net/ipv6/conf/eno1/accept_ra=2"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("/sbin/sysctl -q -w net.ipv6.conf.$IFACE.forwarding=1") ==
                 (Strings{"net/ipv6/conf/eno1/forwarding=1"}),
             boost::test_tools::per_element());
  BOOST_TEST(
      Read("sysctl -w net/ipv6/conf/eno1/autoconf=0") == (Strings{"net/ipv6/conf/eno1/autoconf=0"}),
      boost::test_tools::per_element());
  BOOST_TEST(Read("sysctl -w net.ipv6.conf.eno1/100.accept_ra=2") ==
                 (Strings{"net/ipv6/conf/eno1.100/accept_ra=2"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("sysctl -w net.ipv6.conf.eno1.accept_ra=$RA") ==
                 (Strings{"net/ipv6/conf/eno1/accept_ra=$RA (expanded)"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("sysctl net.ipv6.conf.eno1.accept_ra").empty());  // a read
}

BOOST_AUTO_TEST_CASE(echo_into_proc) {
  BOOST_TEST(Read("echo 2 > /proc/sys/net/ipv6/conf/eno1/accept_ra") ==
                 (Strings{"net/ipv6/conf/eno1/accept_ra=2"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("echo -n 1 >/proc/sys/net/ipv6/conf/${IFACE}/forwarding") ==
                 (Strings{"net/ipv6/conf/eno1/forwarding=1"}),
             boost::test_tools::per_element());
  BOOST_TEST(Read("echo 1 > /tmp/x").empty());
}

BOOST_AUTO_TEST_SUITE_END()
