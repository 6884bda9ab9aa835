// The reader under ifupdown2's and ifupdown-ng's rules, and the environment
// each hands the hook. The agreement with the implementations themselves on
// their own files is tests/system/test_dialects_agree.sh.
#include "ifupdown/dialects.h"

#include <stdlib.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "ifupdown/interfaces.h"
#include "ifupdown/method_model.h"

namespace {

using Pairs = std::vector<std::string>;  // "NAME VALUE"

// The text in a temporary file, read under `d`'s rules.
ift::InterfacesFile Read(const std::string& text, ift::Dialect d) {
  char path[] = "/tmp/iftoken-dialects-XXXXXX";
  int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  BOOST_REQUIRE_EQUAL(write(fd, text.data(), text.size()), ssize_t(text.size()));
  close(fd);
  ift::InterfacesFile f = ift::ReadInterfaces(path, "", d);
  unlink(path);
  return f;
}

Pairs OptionsOf(const ift::Stanza& s) {
  Pairs p;
  for (const ift::Option& o : s.options) p.push_back(o.name + " " + o.value);
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dialects)

// Bare `iface X`, a family without a method (static), NAME:LABEL, '_' in
// names, $IFACE, and the netmask that belongs to the second address.
BOOST_AUTO_TEST_CASE(ifupdown2_reads_stanzas_as_written_and_merges_them_to_run) {
  auto f = Read(
      "auto eth0\n"
      "iface eth0 inet\n"
      "  address 10.0.0.1/24 10.0.0.2/24\n"
      "iface eth0:1 inet6 static\n"
      "  address 2001:db8::1\n"
      "  address 2001:db8::2\n"
      "  netmask 64\n"
      "  token ::1\n"
      "  bridge_ports x-$IFACE\n"
      "iface eth1\n"
      "  link-speed 1000\n",
      ift::Dialect::kIfupdown2);
  BOOST_TEST(f.errors.empty());
  BOOST_REQUIRE_EQUAL(f.written.size(), 3u);
  BOOST_TEST(f.written[0].method == "static");
  BOOST_TEST(f.written[1].iface == "eth0");
  BOOST_TEST(OptionsOf(f.written[1]) == (Pairs{"address 2001:db8::1",
                                              "address 2001:db8::2",
                                              "netmask ",
                                              "netmask 64",
                                              "token ::1",
                                              "bridge-ports x-eth0:1"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(f.stanzas.size(), 2u);
  BOOST_TEST(f.stanzas[0].family == "inet,inet6");
  BOOST_TEST(f.stanzas[1].family == "");
  auto env = ift::HookEnvironment(f.stanzas[0]);
  BOOST_TEST(env["ADDRFAM"] == "inet,inet6");
  BOOST_TEST(env["IF_ADDRESS"] == "10.0.0.1/24 10.0.0.2/24\n2001:db8::1\n2001:db8::2");
  BOOST_TEST(env["IF_TOKEN"] == "::1");
  BOOST_TEST(env["IF_BRIDGE_PORTS"] == "x-eth0:1");
  BOOST_TEST(env.count("VERBOSITY") == 0);  // what tells ifupdown 0.8 apart
}

BOOST_AUTO_TEST_CASE(ifupdown2_template_is_refused_by_line) {
  auto f = Read("%for v in range(1,3):\niface vlan${v}\n%endfor\n", ift::Dialect::kIfupdown2);
  BOOST_REQUIRE_EQUAL(f.errors.size(), 1u);  // and not read past
  BOOST_TEST(f.errors[0].line == 1);
  BOOST_TEST(f.errors[0].text.find("'%for v in range(1,3):': a Mako template line") !=
             std::string::npos);
  BOOST_TEST(f.stanzas.empty());
}

BOOST_AUTO_TEST_CASE(ifupdown2_has_no_source_directory) {
  auto f = Read("source-directory /etc/network/interfaces.d\niface eth0\n", ift::Dialect::kIfupdown2);
  BOOST_REQUIRE_EQUAL(f.errors.size(), 1u);
  BOOST_TEST(f.errors[0].text.find("it has no source-directory") != std::string::npos);
  BOOST_TEST(f.stanzas.size() == 1u);
}

// One object per name: lo always; `auto` picks the interface option lines
// go to; executors from hints, addresses, option names; renamed options;
// inherit copies and makes a template; a netmask is folded into addresses.
BOOST_AUTO_TEST_CASE(ifupdown_ng_builds_one_object_per_interface) {
  auto f = Read(
      "template base\n"
      "  address 2001:db8::1\n"
      "  netmask 48\n"
      "# a comment\n"
      "iface eth0 inet6 static\n"
      "  inherit base\n"
      "  address 2001:DB8::2/64 2001:db8::3/64\n"
      "  vlan-raw-device eno1\n"
      "  pointopoint 10.0.0.1\n"
      "auto eth0\n"
      "  token ::1\n"
      "iface eth0\n"
      "  gateway 2001:db8::ff\n",
      ift::Dialect::kIfupdownNg);
  BOOST_TEST(f.errors.empty());
  BOOST_REQUIRE_EQUAL(f.stanzas.size(), 3u);
  BOOST_TEST(f.stanzas[0].iface == "lo");
  BOOST_TEST(f.stanzas[1].is_template);
  BOOST_TEST(OptionsOf(f.stanzas[2]) == (Pairs{"use link",
                                              "inherit base",
                                              "use static",
                                              "address 2001:db8::1/48",
                                              "address 2001:db8::2/64",
                                              "vlan-raw-device eno1",
                                              "use vlan",
                                              "point-to-point 10.0.0.1",
                                              "use point",
                                              "token ::1",
                                              "gateway 2001:db8::ff"}),
             boost::test_tools::per_element());
  BOOST_TEST(f.classes["auto"] == (std::vector<std::string>{"lo", "eth0"}),
             boost::test_tools::per_element());
  auto env = ift::HookEnvironment(f.stanzas[2]);
  BOOST_TEST(env["IF_ADDRESS"] == "2001:db8::1/48");
  BOOST_TEST(env["IF_ADDRESSES"] == "2001:db8::1/48 2001:db8::2/64 ");
  BOOST_TEST(env["IF_USE"] == "point");  // the last of a repeated name
  BOOST_TEST(env["IF_TOKEN"] == "::1");
  BOOST_TEST(env.count("INTERFACES_FILE") == 1u);
}

// A `source` that cannot be opened makes ifupdown-ng refuse everything.
BOOST_AUTO_TEST_CASE(ifupdown_ng_refuses_a_missing_source) {
  auto f = Read("iface eth0\nsource /nonexistent/iftoken-x\niface eth1\n", ift::Dialect::kIfupdownNg);
  BOOST_REQUIRE_EQUAL(f.errors.size(), 1u);
  BOOST_TEST(f.errors[0].text.find("ifupdown-ng cannot parse the configuration") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(dialect_of_syntax) {
  char path[] = "/tmp/iftoken-dialects-XXXXXX";
  int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  auto of = [&](const std::string& text) {
    BOOST_REQUIRE(ftruncate(fd, 0) == 0);
    BOOST_REQUIRE(pwrite(fd, text.data(), text.size(), 0) == ssize_t(text.size()));
    return ift::DialectOfSyntax(path);
  };
  BOOST_TEST(int(of("iface eth0 inet6 auto\n")) == int(ift::Dialect::kIfupdown));
  BOOST_TEST(int(of("iface eth0\n  address ::1/64\n")) == int(ift::Dialect::kIfupdown2));
  BOOST_TEST(int(of("iface eth0\n  use dhcp\n")) == int(ift::Dialect::kIfupdownNg));
  close(fd);
  unlink(path);
  // A device is read only so far, and never waited on.
  BOOST_TEST(int(ift::DialectOfSyntax("/dev/zero")) == int(ift::Dialect::kIfupdown));
}

BOOST_AUTO_TEST_SUITE_END()
