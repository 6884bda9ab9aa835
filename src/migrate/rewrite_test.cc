// Tests for `iftoken migrate`'s rewriter (rewrite.h), on files written to a
// temporary directory and read with ReadInterfaces() as the command does.
#include "migrate/rewrite.h"

#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "migrate/unified_diff.h"

namespace {

using Strings = std::vector<std::string>;

const char kMark[] = "# iftoken migrate: ";

struct Migrated {
  std::string text;
  Strings findings;  // FormatFinding(), the directory cut off
};

std::string TempDir() {
  char dir[] = "/tmp/iftoken-migrate-test-XXXXXX";
  return mkdtemp(dir);
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

Migrated MigrateIn(const std::string& dir, const std::string& text) {
  std::string path = dir + "/interfaces";
  Write(path, text);
  ift::Migration m = ift::Migrate(path, text, ift::ReadInterfaces(path));
  Migrated out{m.text, {}};
  for (const ift::CheckFinding& f : m.findings)
    out.findings.push_back(ift::FormatFinding(f).substr(dir.size() + 1));
  return out;
}

Migrated Migrate(const std::string& text) {
  std::string dir = TempDir();
  Migrated m = MigrateIn(dir, text);
  std::filesystem::remove_all(dir);
  return m;
}

// The lines of `text` that start with `prefix` after their indentation.
Strings LinesStarting(const std::string& text, const std::string& prefix) {
  Strings out;
  for (size_t b = 0, e; b < text.size(); b = e + 1) {
    e = text.find('\n', b);
    std::string line = text.substr(b, e - b);
    if (line.substr(line.find_first_not_of(" \t") == std::string::npos
                        ? 0
                        : line.find_first_not_of(" \t"))
            .starts_with(prefix))
      out.push_back(line);
  }
  return out;
}

// Seed 000: Wikimedia's puppet output.
const char kSeed000[] =
    "auto eno1\n"
    "iface eno1 inet static\n"
    "    address 10.64.0.10/22\n"
    "    gateway 10.64.0.1\n"
    "    pre-up /sbin/ip token set ::10:64:0:10 dev eno1\n"
    "    up ip addr add 2620:0:861:101:10:64:0:10/64 dev eno1\n"
    "\n"
    "iface eno1 inet6 manual\n";

const char kSeed000Migrated[] =
    "auto eno1\n"
    "iface eno1 inet static\n"
    "    address 10.64.0.10/22\n"
    "    gateway 10.64.0.1\n"
    "    token auto\n"
    "    # iftoken migrate: removed `up ip addr add 2620:0:861:101:10:64:0:10/64 dev eno1`: the "
    "kernel builds this address from router advertisements with the token; kept, it is a static "
    "address whose lifetimes every RA overwrites; token-wait waits for it instead\n"
    "    token-wait 10\n"
    "\n"
    "iface eno1 inet6 manual\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(migrate_rewrite)

BOOST_AUTO_TEST_CASE(seed000_token_auto_and_slaac_copy_removed) {
  Migrated m = Migrate(kSeed000);
  BOOST_TEST(m.text == kSeed000Migrated);
  BOOST_TEST(m.findings.empty());
}

BOOST_AUTO_TEST_CASE(seed000_diff) {
  std::string diff =
      ift::UnifiedDiff(kSeed000, kSeed000Migrated, "interfaces", "interfaces (migrated)");
  BOOST_TEST(
      diff.starts_with("--- interfaces\n+++ interfaces (migrated)\n@@ -2,7 +2,8 @@\n"
                       " iface eno1 inet static\n     address 10.64.0.10/22\n"
                       "     gateway 10.64.0.1\n"
                       "-    pre-up /sbin/ip token set ::10:64:0:10 dev eno1\n"
                       "-    up ip addr add 2620:0:861:101:10:64:0:10/64 dev eno1\n"
                       "+    token auto\n"));
  BOOST_TEST(diff.ends_with("+    token-wait 10\n \n iface eno1 inet6 manual\n"));
}

BOOST_AUTO_TEST_CASE(comments_continuations_indentation_kept) {
  std::string text =
      "# managed by puppet\n"
      "auto eno1\n"
      "\n"
      "iface eno1 inet6 static\n"
      "\taddress 2001:db8::10/64   # trailing words\n"
      "\tautoconf 1\n"
      "\tup echo one \\\n"
      "\t    two\n"
      "\tpre-up ip token \\\n"
      "\t    set ::10 dev $IFACE\n"
      "  # a comment between\n"
      "\tpost-up logger up";  // no final newline
  Migrated m = Migrate(text);
  BOOST_TEST(m.text ==
             "# managed by puppet\n"
             "auto eno1\n"
             "\n"
             "iface eno1 inet6 static\n"
             "\taddress 2001:db8::10/64   # trailing words\n"
             "\tautoconf 1\n"
             "\tup echo one \\\n"
             "\t    two\n"
             "\ttoken auto\n"
             "  # a comment between\n"
             "\tpost-up logger up");
}

BOOST_AUTO_TEST_CASE(explicit_token_when_auto_derives_another) {
  Migrated m = Migrate(
      "iface eno1 inet static\n  address 10.64.0.10/22\n  pre-up ip token set ::beef dev eno1\n");
  BOOST_TEST(LinesStarting(m.text, "token") == (Strings{"  token ::beef"}),
             boost::test_tools::per_element());
  m = Migrate(
      "iface eno1 inet6 static\n  address 2001:db8::10/128\n  pre-up ip token set ::10 dev eno1\n");
  BOOST_TEST(LinesStarting(m.text, "token") == (Strings{"  token ::10"}),
             boost::test_tools::per_element());
  m = Migrate("iface eno1 inet6 auto\n  pre-up ip -6 token set ::10 dev eno1\n");
  BOOST_TEST(LinesStarting(m.text, "token") == (Strings{"  token ::10"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(token_moved_to_the_first_stanza) {
  Migrated m = Migrate(
      "iface eno1 inet static\n"
      "    address 10.64.0.10/22\n"
      "\n"
      "iface eno1 inet6 manual\n"
      "    pre-up ip token set dev eno1 ::10:64:0:10\n");
  BOOST_TEST(
      m.text ==
      "iface eno1 inet static\n"
      "    # iftoken migrate: `token auto` from `pre-up ip token set dev eno1 ::10:64:0:10` of "
      "`iface eno1 inet6 manual`: this first stanza brings the link up\n"
      "    token auto\n"
      "    address 10.64.0.10/22\n"
      "\n"
      "iface eno1 inet6 manual\n"
      "    # iftoken migrate: moved to the first eno1 stanza as `token auto`\n");
}

BOOST_AUTO_TEST_CASE(token_moved_after_a_continued_iface_line) {
  Migrated m = Migrate(
      "iface eno1 inet \\\n  manual\niface eno1 inet6 manual\n  up ip token set ::1 dev eno1\n");
  BOOST_TEST(
      m.text.starts_with("iface eno1 inet \\\n  manual\n    # iftoken migrate: `token ::1` from"));
  BOOST_TEST(m.text.find("\n    token ::1\niface eno1 inet6 manual\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(existing_token_agrees_or_conflicts) {
  Migrated m = Migrate(
      "iface eno1 inet6 manual\n"
      "    token ::1\n"
      "    pre-up ip token set ::1 dev eno1\n"
      "    up ip token set ::2 dev eno1\n");
  BOOST_TEST(
      m.text ==
      "iface eno1 inet6 manual\n"
      "    token ::1\n"
      "    # iftoken migrate: removed `pre-up ip token set ::1 dev eno1`: `token ::1` sets ::1\n"
      "    up ip token set ::2 dev eno1\n");
  BOOST_TEST(
      m.findings ==
          (Strings{"interfaces:4: warning: eno1: kept `up ip token set ::2 dev eno1`: it sets "
                   "::2, but `token ::1` (line 2) sets ::1; keep one of them"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(slaac_copy_kept_when_slaac_is_off) {
  std::string seed_autoconf0 = std::string(kSeed000) + "    autoconf 0\n";
  Migrated m = Migrate(seed_autoconf0);
  BOOST_TEST(LinesStarting(m.text, "up ip addr add").size() == 1u);
  BOOST_TEST(LinesStarting(m.text, "token-wait").empty());
  BOOST_TEST(m.findings ==
                 (Strings{"interfaces:6: warning: eno1: kept `up ip addr add "
                          "2620:0:861:101:10:64:0:10/64 dev eno1`: `iface eno1 inet6 manual` has "
                          "`autoconf 0`, so no advertisement builds 2620:0:861:101:10:64:0:10"}),
             boost::test_tools::per_element());
  // ifupdown's inet6 static method writes autoconf 0 unless told otherwise.
  m = Migrate(
      "iface eno1 inet6 static\n  address 2001:db8::10/64\n  pre-up ip token set ::10 dev eno1\n"
      "  up ip -6 addr add 2001:db8:1::10/64 dev $IFACE\n");
  BOOST_TEST(LinesStarting(m.text, "up ip -6 addr add").size() == 1u);
  BOOST_TEST(m.findings.size() == 1u);
  BOOST_TEST(m.findings.at(0).find("`iface eno1 inet6 static` writes autoconf 0") !=
             std::string::npos);
  m = Migrate(std::string(kSeed000) + "    pre-up sysctl -w net.ipv6.conf.eno1.accept_ra=0\n");
  BOOST_TEST(LinesStarting(m.text, "up ip addr add").size() == 1u);
}

BOOST_AUTO_TEST_CASE(slaac_copy_in_another_stanza_token_wait_with_the_token) {
  Migrated m = Migrate(
      "iface eno1 inet static\n"
      "    address 10.64.0.10/22\n"
      "    pre-up ip token set ::10:64:0:10 dev eno1\n"
      "iface eno1 inet6 manual\n"
      "    up ip address add 2001:db8::10:64:0:10/64 dev eno1\n"
      "    up ip addr add 2001:db8::99/64 dev eno1\n");
  BOOST_TEST(LinesStarting(m.text, "token") == (Strings{"    token auto", "    token-wait 10"}),
             boost::test_tools::per_element());
  BOOST_TEST(m.text.find("    token auto\n    token-wait 10\niface eno1 inet6 manual\n    # "
                         "iftoken migrate: removed `up ip address add") != std::string::npos);
  BOOST_TEST(LinesStarting(m.text, "up ip addr add 2001:db8::99/64").size() == 1u);
}

BOOST_AUTO_TEST_CASE(token_del_removed_on_down) {
  Migrated m = Migrate(
      "iface eno1 inet6 manual\n  pre-up ip token set ::1 dev eno1\n"
      "  post-down ip token del dev eno1\n  down ip token del dev eno2\n");
  BOOST_TEST(
      m.text ==
      "iface eno1 inet6 manual\n  token ::1\n"
      "  # iftoken migrate: removed `post-down ip token del dev eno1`: the hooks undo the token on "
      "ifdown\n"
      "  down ip token del dev eno2\n");
  m = Migrate("iface eno1 inet6 manual\n  down ip token del dev eno1\n");
  BOOST_TEST(
      m.findings == (Strings{"interfaces:2: note: eno1: kept `down ip token del dev eno1`: eno1 "
                             "has no `token`"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lines_it_cannot_translate_are_kept_and_said) {
  std::string text =
      "iface eno1 inet6 manual\n"
      "  up ip link set eno1 up; ip token set ::1 dev eno1\n"
      "  pre-up ip token set $TOKEN dev eno1\n"
      "  pre-up ip token set ::2 dev eno2\n";
  Migrated m = Migrate(text);
  BOOST_TEST(m.text == text);
  BOOST_TEST(
      m.findings ==
          (Strings{"interfaces:2: note: eno1: cannot translate `up ip link set eno1 up; ip token "
                   "set ::1 dev eno1`: it runs other commands too",
                   "interfaces:3: note: eno1: cannot translate `pre-up ip token set $TOKEN dev "
                   "eno1`: the token is not an IPv6 literal",
                   "interfaces:4: note: eno1: cannot translate `pre-up ip token set ::2 dev "
                   "eno2`: it sets the token of eno2"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sysctl_lines_to_options) {
  Migrated m = Migrate(
      "iface eno1 inet static\n"
      "    address 10.64.0.10/22\n"
      "    pre-up ip token set ::10:64:0:10 dev eno1\n"
      "    pre-up sysctl -w net.ipv6.conf.eno1.forwarding=1\n"
      "    pre-up sysctl -w net.ipv6.conf.eno1.accept_ra=2\n"
      "    up echo 0 > /proc/sys/net/ipv6/conf/$IFACE/autoconf\n"
      "    pre-up sysctl -w net.ipv6.conf.eno2.forwarding=1\n"
      "iface eno1 inet6 manual\n"
      "    pre-up echo 2 > /proc/sys/net/ipv6/conf/eno1/dad_transmits\n");
  BOOST_TEST(
      m.text ==
      "iface eno1 inet static\n"
      "    address 10.64.0.10/22\n"
      "    token auto\n"
      "    ipv6-dad-transmits 2\n"
      "    ipv6-forwarding 1\n"
      "    # iftoken migrate: removed `pre-up sysctl -w net.ipv6.conf.eno1.accept_ra=2`: with "
      "`token`, the hooks make accept_ra effective themselves (2 when forwarding is on)\n"
      "    up echo 0 > /proc/sys/net/ipv6/conf/$IFACE/autoconf\n"
      "    pre-up sysctl -w net.ipv6.conf.eno2.forwarding=1\n"
      "iface eno1 inet6 manual\n"
      "    # iftoken migrate: moved to the token's stanza, `iface eno1 inet static`, as "
      "`ipv6-dad-transmits 2`\n");
  BOOST_TEST(m.findings == (Strings{"interfaces:6: note: eno1: cannot translate `up echo 0 > "
                                    "/proc/sys/net/ipv6/conf/$IFACE/autoconf`: the hooks apply "
                                    "autoconf only in an inet6 manual stanza with `token`"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sysctl_lines_of_a_manual_stanza_and_of_a_method) {
  Migrated m = Migrate(
      "iface eno1 inet6 manual\n"
      "    pre-up ip token set ::1 dev eno1\n"
      "    pre-up sysctl -w net.ipv6.conf.eno1.accept_ra=2\n"
      "    pre-up sysctl -q -w net.ipv6.conf.eno1.use_tempaddr=0\n"
      "    ipv6-forwarding 1\n"
      "    pre-up sysctl -w net.ipv6.conf.eno1.forwarding=0\n"
      "iface eno2 inet6 static\n"
      "    address 2001:db8::2/64\n"
      "    gateway 2001:db8::1\n"
      "    token auto\n"
      "    up sysctl -w net.ipv6.conf.eno2.accept_ra=2\n");
  BOOST_TEST(LinesStarting(m.text, "accept_ra") == (Strings{"    accept_ra 2"}),
             boost::test_tools::per_element());
  BOOST_TEST(LinesStarting(m.text, "privext") == (Strings{"    privext 0"}),
             boost::test_tools::per_element());
  BOOST_TEST(
      m.findings ==
          (Strings{"interfaces:6: warning: eno1: kept `pre-up sysctl -w "
                   "net.ipv6.conf.eno1.forwarding=0`: the token's stanza has `ipv6-forwarding "
                   "1`; keep one of them",
                   "interfaces:11: note: eno2: cannot translate `up sysctl -w "
                   "net.ipv6.conf.eno2.accept_ra=2`: ifupdown's inet6 static method writes "
                   "accept_ra itself; write `accept_ra 2` in the stanza"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sourced_files_read_not_rewritten) {
  std::string dir = TempDir();
  Write(dir + "/eno2", "iface eno2 inet6 manual\n  pre-up ip token set ::2 dev eno2\n");
  Migrated m = MigrateIn(dir, "source " + dir + "/eno2\n" + kSeed000);
  BOOST_TEST(m.text == "source " + dir + "/eno2\n" + kSeed000Migrated);
  BOOST_TEST(m.findings.size() == 1u);
  BOOST_TEST(m.findings.at(0) == "eno2: note: not rewritten: sourced by " + dir +
                                     "/interfaces; migrate them one by one (iftoken migrate -i " +
                                     dir + "/eno2)");
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_migrated_file_migrates_to_itself) {
  const std::string inputs[] = {
      kSeed000,
      std::string(kSeed000) + "    autoconf 0\n",
      "iface eno1 inet static\n  address 10.64.0.10/22\n"
      "iface eno1 inet6 manual\n  pre-up ip token set ::10:64:0:10 dev eno1\n"
      "  up ip addr add 2001:db8::10:64:0:10/64 dev eno1\n  down ip token del dev eno1\n"
      "  pre-up sysctl -w net.ipv6.conf.eno1.forwarding=1\n",
      "iface eno1 inet6 manual\n  token ::1\n  pre-up ip token set ::2 dev eno1\n"
      "  up ip link set eno1 up; ip token set ::1 dev eno1\n  post-down ip token del dev eno1\n",
  };
  for (const std::string& text : inputs) {
    std::string once = Migrate(text).text;
    BOOST_TEST(once != text);
    BOOST_TEST(Migrate(once).text == once);
    BOOST_TEST(LinesStarting(once, kMark).size() ==
               LinesStarting(Migrate(once).text, kMark).size());
  }
}

BOOST_AUTO_TEST_SUITE_END()
