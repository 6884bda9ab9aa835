// Tests for the sysctl writes found in stanza commands (sysctl_commands.h).
#include "check/sysctl_commands.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

using Strings = std::vector<std::string>;

// "path=value", with " (not literal)" when an expansion is left.
Strings Writes(const std::string& command, const std::string& iface = "eno1") {
  Strings out;
  for (const ift::SysctlCommand& c : ift::SysctlCommandsOf(command, iface))
    out.push_back(c.path + "=" + c.value + (c.literal ? "" : " (not literal)"));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sysctl_commands)

BOOST_AUTO_TEST_CASE(sysctl_w) {
  BOOST_TEST(Writes("sysctl -w net.ipv6.conf.all.forwarding=1") ==
                 (Strings{"net/ipv6/conf/all/forwarding=1"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("/sbin/sysctl -q -w net.ipv6.conf.$IFACE.accept_ra=0 "
                    "net.ipv6.conf.${IFACE}.autoconf=0") ==
                 (Strings{"net/ipv6/conf/eno1/accept_ra=0", "net/ipv6/conf/eno1/autoconf=0"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("/usr/sbin/sysctl -qw -e 'net.ipv6.conf.eno1.use_tempaddr=2'") ==
                 (Strings{"net/ipv6/conf/eno1/use_tempaddr=2"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sysctl_without_w) {
  // procps writes any argument with '=' in it, and reads the others.
  BOOST_TEST(Writes("sysctl net.ipv6.conf.all.forwarding net/ipv6/conf/eno1/forwarding=\"1\"") ==
                 (Strings{"net/ipv6/conf/eno1/forwarding=1"}),
             boost::test_tools::per_element());
  // A name alone is read, not written.
  BOOST_TEST(Writes("sysctl net.ipv6.conf.eno1.accept_ra").empty());
  // The slash spelling, as procps takes it too.
  BOOST_TEST(Writes("sysctl -w net/ipv6/conf/eno1/autoconf=0") ==
                 (Strings{"net/ipv6/conf/eno1/autoconf=0"}),
             boost::test_tools::per_element());
  // Not one word: procps would not write it.
  BOOST_TEST(Writes("sysctl -w net.ipv6.conf.all.forwarding = 1").empty());
  // Files, not settings of this line.
  BOOST_TEST(Writes("sysctl -p /etc/sysctl.d/router.conf").empty());
  BOOST_TEST(Writes("sysctl --system").empty());
  BOOST_TEST(Writes("sysctl -qp a=b").empty());
}

BOOST_AUTO_TEST_CASE(vlan_names) {
  // The slash spelling keeps the dot of eno1.100.
  BOOST_TEST(Writes("sysctl -w net/ipv6/conf/$IFACE/accept_ra=0", "eno1.100") ==
                 (Strings{"net/ipv6/conf/eno1.100/accept_ra=0"}),
             boost::test_tools::per_element());
  // The dotted spelling splits it, as procps does: this names no interface.
  BOOST_TEST(Writes("sysctl -w net.ipv6.conf.$IFACE.accept_ra=0", "eno1.100") ==
                 (Strings{"net/ipv6/conf/eno1/100/accept_ra=0"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("sysctl -w net.ipv6.conf.eno1/100.accept_ra=0") ==
                 (Strings{"net/ipv6/conf/eno1.100/accept_ra=0"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(echo_into_proc_sys) {
  BOOST_TEST(Writes("echo 0 > /proc/sys/net/ipv6/conf/$IFACE/accept_ra", "eno1.100") ==
                 (Strings{"net/ipv6/conf/eno1.100/accept_ra=0"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("echo -n 2 >/proc/sys/net/ipv6/conf/${IFACE}/use_tempaddr") ==
                 (Strings{"net/ipv6/conf/eno1/use_tempaddr=2"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("printf '%s' 1 > \"/proc/sys/net/ipv6/conf/$IFACE/forwarding\"") ==
                 (Strings{"net/ipv6/conf/eno1/forwarding=1"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("printf '0\\n' >> /proc/sys/net/ipv6/conf/eno1/autoconf") ==
                 (Strings{"net/ipv6/conf/eno1/autoconf=0"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("echo 1 | tee /proc/sys/net/ipv6/conf/eno1/forwarding >/dev/null") ==
                 (Strings{"net/ipv6/conf/eno1/forwarding=1"}),
             boost::test_tools::per_element());
  // Not into /proc/sys, or not its standard output.
  BOOST_TEST(Writes("echo 1 > /tmp/x").empty());
  BOOST_TEST(Writes("echo 1 2> /proc/sys/net/ipv6/conf/eno1/forwarding").empty());
  BOOST_TEST(Writes("cat /proc/sys/net/ipv6/conf/eno1/forwarding").empty());
}

BOOST_AUTO_TEST_CASE(joined_commands) {
  BOOST_TEST(Writes("ip link set $IFACE up; sysctl -w net.ipv6.conf.eno1.forwarding=1 && "
                    "echo 0 > /proc/sys/net/ipv6/conf/eno1/accept_ra || "
                    "sysctl net.ipv6.conf.eno1.autoconf=0") ==
                 (Strings{"net/ipv6/conf/eno1/forwarding=1", "net/ipv6/conf/eno1/accept_ra=0",
                          "net/ipv6/conf/eno1/autoconf=0"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("if true; then LC_ALL=C sysctl -w net.ipv6.conf.eno1.forwarding=1; fi") ==
                 (Strings{"net/ipv6/conf/eno1/forwarding=1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(expansions_left) {
  BOOST_TEST(Writes("sysctl -w net.ipv6.conf.$DEV.accept_ra=0") ==
                 (Strings{"net/ipv6/conf/$DEV/accept_ra=0 (not literal)"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("sysctl -w net.ipv6.conf.eno1.accept_ra=$RA") ==
                 (Strings{"net/ipv6/conf/eno1/accept_ra=$RA (not literal)"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("echo $(cat /etc/ra) > /proc/sys/net/ipv6/conf/eno1/accept_ra") ==
                 (Strings{"net/ipv6/conf/eno1/accept_ra=$(cat /etc/ra) (not literal)"}),
             boost::test_tools::per_element());
  BOOST_TEST(Writes("printf \"$FMT\" 1 > /proc/sys/net/ipv6/conf/eno1/accept_ra") ==
                 (Strings{"net/ipv6/conf/eno1/accept_ra=$FMT (not literal)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
