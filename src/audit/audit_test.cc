// Tests of the audit on the fake kernel: each finding from the state that
// makes it, `token auto` resolved, the record judged against the kernel, and
// the whole host read with two dumps.
#include "audit/audit.h"

#include <linux/if_addr.h>
#include <net/if.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "pipeline/record.h"
#include "testing/test_util.h"

namespace ift {

namespace {

const std::vector<uint8_t> kMac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};  // fe80::5054:ff:fe12:3456

struct Fixture {
  TestHost host;
  std::string dir, state;
  InterfacesFile file;
  AuditReport report;

  Fixture() {
    char tmpl[] = "/tmp/ift-audit-XXXXXX";
    BOOST_TEST_REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    state = dir + "/state";
    std::filesystem::create_directory(state);
    std::filesystem::permissions(state, std::filesystem::perms(0755));
    host.Dev("eno1").mac = kMac;
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  void Up(const std::string& name, const char* token = "::") {
    host.Dev(name).link.flags |= IFF_UP;
    host.Dev(name).link.token = V6(token);
  }
  void AddAddress(const std::string& name, const char* cidr, uint32_t created = 0) {
    Address a;
    std::string text = cidr;
    a.cidr.addr = V6(text.substr(0, text.find('/')).c_str());
    a.cidr.len = 64;
    a.flags = text.starts_with("fe80") ? IFA_F_PERMANENT : 0;
    a.valid = 86400;
    a.preferred = 14400;
    a.created = created;
    host.Dev(name).addresses.push_back(a);
  }
  const AuditReport& Run(const std::string& text, std::vector<std::string> ifaces = {}) {
    std::ofstream(dir + "/interfaces") << text;
    file = ReadInterfaces(dir + "/interfaces");
    AuditInput in{&file, dir + "/interfaces", ifaces, state, 100000};
    BOOST_TEST_REQUIRE(Audit(host, in, &report).ok());
    return report;
  }
  std::vector<AuditFinding> Of(AuditFinding::Kind kind) const {
    std::vector<AuditFinding> out;
    for (const AuditFinding& f : report.findings)
      if (f.kind == kind) out.push_back(f);
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit)

// A global address on the MAC's EUI-64 is critical (it leaves the link and
// names the host); one on another MAC's ff:fe pattern is found too; the
// link-local is a warning. Ages come from the kernel's cstamp.
BOOST_FIXTURE_TEST_CASE(mac_derived_addresses, Fixture) {
  Up("eno1", "::10");
  AddAddress("eno1", "2001:db8::5054:ff:fe12:3456/64", 40000);  // made 600 s ago
  AddAddress("eno1", "2001:db8::a8bb:ccff:fedd:eeff/64");
  AddAddress("eno1", "2001:db8::10/64");
  AddAddress("eno1", "fe80::5054:ff:fe12:3456/64");
  Run("iface eno1 inet6 manual\n  token ::10\n");
  auto found = Of(AuditFinding::kMacDerived);
  BOOST_TEST_REQUIRE(found.size() == 3u);
  BOOST_TEST(found[0].severity == AuditFinding::kCritical);
  BOOST_TEST(found[0].own_mac);
  BOOST_TEST(found[0].age_seconds.value_or(0) == 600u);
  BOOST_TEST(!found[1].own_mac);
  BOOST_TEST(!found[1].age_seconds.has_value());
  BOOST_TEST(found[2].severity == AuditFinding::kWarning);
  const InterfaceAudit& i = report.interfaces.at(0);
  BOOST_TEST(i.mac_derived_global == 2);
  BOOST_TEST(i.mac_derived_link_local == 1);
  BOOST_TEST((i.token_matches == true));
}

// `ipv6-link-local eui64` asks for the MAC's link-local: not a finding, and
// the link-local matches; `token` asks for fe80::10, which is missing.
BOOST_FIXTURE_TEST_CASE(link_local_as_asked, Fixture) {
  Up("eno1", "::10");
  AddAddress("eno1", "fe80::5054:ff:fe12:3456/64");
  Run("iface eno1 inet6 manual\n  token ::10\n  ipv6-link-local eui64\n");
  BOOST_TEST(Of(AuditFinding::kMacDerived).empty());
  BOOST_TEST((report.interfaces.at(0).link_local_matches == true));
  Run("iface eno1 inet6 manual\n  token ::10\n  ipv6-link-local token\n");
  auto differs = Of(AuditFinding::kLinkLocalDiffers);
  BOOST_TEST_REQUIRE(differs.size() == 1u);
  BOOST_TEST(differs[0].want == "fe80::10");
  BOOST_TEST(differs[0].have == "fe80::5054:ff:fe12:3456");
}

// `token auto` is what pre-up would set: the static address's identifier.
// A token set by hand differs; a down link is not judged (ifdown put the
// original back by design).
BOOST_FIXTURE_TEST_CASE(token_against_the_stanzas, Fixture) {
  const char* text = "iface eno1 inet6 static\n  address 2001:db8::77/64\n  token auto\n";
  Up("eno1", "::77");
  Run(text);
  BOOST_TEST((report.interfaces.at(0).token_matches == true));
  Up("eno1", "::99");
  Run(text);
  auto differs = Of(AuditFinding::kTokenDiffers);
  BOOST_TEST_REQUIRE(differs.size() == 1u);
  BOOST_TEST(differs[0].want == "::77");
  BOOST_TEST(differs[0].have == "::99");
  BOOST_TEST(differs[0].severity == AuditFinding::kCritical);
  host.Dev("eno1").link.flags = 0;
  Run(text);
  BOOST_TEST(!report.interfaces.at(0).token_matches.has_value());
  BOOST_TEST(Of(AuditFinding::kTokenDiffers).empty());
}

// The record against the kernel: a token changed since, an address gone, a
// recreated device, a record ifdown cannot read.
BOOST_FIXTURE_TEST_CASE(record_against_the_kernel, Fixture) {
  Up("eno1", "::99");
  Record r;
  r.index = 2;
  r.token = {V6("::"), V6("::10")};
  r.addresses = {{V6("2001:db8::10"), 64}};
  BOOST_TEST_REQUIRE(SaveRecord(state, "eno1", r).ok());
  Run("iface eno1 inet6 manual\n  token ::10\n");
  auto differs = Of(AuditFinding::kRecordDiffers);
  BOOST_TEST_REQUIRE(differs.size() == 2u);
  BOOST_TEST(differs[0].setting == "token");
  BOOST_TEST(differs[0].want == "::10");
  BOOST_TEST(differs[0].have == "::99");
  BOOST_TEST(differs[1].setting == "address");
  BOOST_TEST(report.interfaces.at(0).record == InterfaceAudit::kRecordDiffers);

  r.index = 7;
  BOOST_TEST_REQUIRE(SaveRecord(state, "eno1", r).ok());
  Run("iface eno1 inet6 manual\n  token ::10\n");
  BOOST_TEST(report.interfaces.at(0).record == InterfaceAudit::kRecordStale);
  BOOST_TEST(Of(AuditFinding::kRecordDiffers).empty());

  BOOST_TEST_REQUIRE(SaveRecordText(state, "eno1", "index 2\ntok\n").ok());
  Run("iface eno1 inet6 manual\n  token ::10\n");
  auto unusable = Of(AuditFinding::kRecordUnusable);
  BOOST_TEST_REQUIRE(unusable.size() == 1u);
  BOOST_TEST(unusable[0].severity == AuditFinding::kCritical);
  BOOST_TEST(!unusable[0].text.empty());
}

// check's verdict: a token the hook would refuse is critical, at its line.
BOOST_FIXTURE_TEST_CASE(refused_at_next_ifup, Fixture) {
  Run("iface eno1 inet6 manual\n  token 2001:db8::zz\n");
  auto refused = Of(AuditFinding::kRefused);
  BOOST_TEST_REQUIRE(refused.size() == 1u);
  BOOST_TEST(refused[0].check.line == 2);
  BOOST_TEST(report.interfaces.at(0).refused);
}

// Every interface with an IPv6 stanza or a token, in file order; an IPv4-only
// one is not ours to audit. The whole host: two dumps, no per-interface read.
BOOST_FIXTURE_TEST_CASE(one_dump_per_kind, Fixture) {
  Run("iface eth0 inet dhcp\n"
      "iface eno2 inet6 auto\n"
      "iface eno1 inet6 manual\n  token ::10\n"
      "iface eth1 inet6 manual\n  token ::11\n");
  std::vector<std::string> names;
  for (const InterfaceAudit& i : report.interfaces) names.push_back(i.iface);
  BOOST_TEST(names == (std::vector<std::string>{"eno2", "eno1", "eth1"}), boost::test_tools::per_element());
  BOOST_TEST(!report.interfaces[2].exists);
  BOOST_TEST(host.dumps == 2);
  BOOST_TEST(host.reads == 0);
  BOOST_TEST(host.calls.empty());  // nothing changed
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
