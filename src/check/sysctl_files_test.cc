// Tests for the boot sysctls read from sysctl.d(5) files (sysctl_files.h).
#include "check/sysctl_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using Strings = std::vector<std::string>;

// An image root in a temporary directory, removed at the end.
struct Root {
  std::string path;
  Root() {
    char tmpl[] = "/tmp/iftoken-sysctl-XXXXXX";
    if (mkdtemp(tmpl)) path = tmpl;
    BOOST_TEST_REQUIRE(!path.empty());
  }
  ~Root() {
    std::error_code ec;
    fs::remove_all(path, ec);  // removes symlinks, never what they name
  }
  std::string Make(const std::string& rel) {
    std::string p = path + rel;
    fs::create_directories(fs::path(p).parent_path());
    return p;
  }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(Make(rel)) << text; }
  void Link(const std::string& rel, const std::string& target) {
    BOOST_TEST_REQUIRE(symlink(target.c_str(), Make(rel).c_str()) == 0);
  }
  ift::BootSysctls Read() const { return ift::ReadBootSysctls(path); }
};

// "FILE:LINE path=value" for each setting, in order.
Strings Listed(const ift::BootSysctls& b) {
  Strings out;
  for (const ift::SysctlSetting& s : b.settings)
    out.push_back(s.file + ":" + std::to_string(s.line) + " " + s.path +
                  (s.exclusion ? " excluded" : "=" + s.value));
  return out;
}

std::string FinalValue(const ift::BootSysctls& b, const std::string& path) {
  const ift::SysctlSetting* s = b.Final(path);
  return s ? s->value + " @" + s->file + ":" + std::to_string(s->line) : "none";
}

bool HasNote(const ift::BootSysctls& b, const std::string& part) {
  for (const ift::Diagnostic& n : b.notes)
    if (ift::Str(n).find(part) != std::string::npos) return true;
  return false;
}

// "FILE:LINE: text" for each note: the golden form check prints.
Strings Notes(const ift::BootSysctls& b) {
  Strings out;
  for (const ift::Diagnostic& n : b.notes) out.push_back(ift::Str(n));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sysctl_files)

BOOST_AUTO_TEST_CASE(key_spellings) {
  BOOST_TEST(ift::SysctlPath("net.ipv6.conf.all.forwarding") == "net/ipv6/conf/all/forwarding");
  // sysctl.d(5): with dots, a slash stands for a dot in a name (a VLAN).
  BOOST_TEST(ift::SysctlPath("net.ipv6.conf.enp3s0/200.forwarding") ==
             "net/ipv6/conf/enp3s0.200/forwarding");
  // The first separator a slash: dots are literal.
  BOOST_TEST(ift::SysctlPath("net/ipv6/conf/eno1.100/forwarding") ==
             "net/ipv6/conf/eno1.100/forwarding");
  BOOST_TEST(ift::SysctlPath("/net//ipv6/./conf/eno1/") == "net/ipv6/conf/eno1");
  BOOST_TEST(ift::SysctlPath("kernel") == "kernel");
  BOOST_TEST(ift::SysctlPath("") == "");
  BOOST_TEST(ift::IsSysctlGlob("net/ipv6/conf/*/forwarding"));
  BOOST_TEST(!ift::IsSysctlGlob("net/ipv6/conf/all/forwarding"));
}

BOOST_AUTO_TEST_CASE(line_syntax) {
  ift::BootSysctls b;
  ift::ParseSysctlText(
      "# comment\n"
      "; also a comment\n"
      "\n"
      "   net.ipv6.conf.all.forwarding   =   1  \n"
      "-net.ipv6.conf.eno1.accept_ra=2\n"
      "- net/ipv6/conf/eno1.100/autoconf = 0\r\n"
      "net.ipv6.conf.enp3s0/200.forwarding=1\n"
      "net.ipv6.conf.*.use_tempaddr = 2\n"
      "-net.ipv6.conf.eth0.use_tempaddr\n"
      "just words\n"
      " = 5\n"
      "kernel.domainname = a = b",
      "/etc/sysctl.d/t.conf", &b);
  BOOST_TEST(
      Listed(b) == (Strings{"/etc/sysctl.d/t.conf:4 net/ipv6/conf/all/forwarding=1",
                            "/etc/sysctl.d/t.conf:5 net/ipv6/conf/eno1/accept_ra=2",
                            "/etc/sysctl.d/t.conf:6 net/ipv6/conf/eno1.100/autoconf=0",
                            "/etc/sysctl.d/t.conf:7 net/ipv6/conf/enp3s0.200/forwarding=1",
                            "/etc/sysctl.d/t.conf:8 net/ipv6/conf/*/use_tempaddr=2",
                            "/etc/sysctl.d/t.conf:9 net/ipv6/conf/eth0/use_tempaddr excluded",
                            "/etc/sysctl.d/t.conf:12 kernel/domainname=a = b"}),
      boost::test_tools::per_element());
  BOOST_TEST(Notes(b) == (Strings{"/etc/sysctl.d/t.conf:10: not an assignment, ignored: just words",
                                 "/etc/sysctl.d/t.conf:11: no sysctl name, ignored: = 5"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(b.notes.size(), 2u);
  BOOST_TEST(b.notes[1].file == "/etc/sysctl.d/t.conf");
  BOOST_TEST(b.notes[1].line == 11);
}

BOOST_AUTO_TEST_CASE(globs_yield_to_explicit_settings) {
  ift::BootSysctls b;
  ift::ParseSysctlText(
      "net.ipv6.conf.eno1.accept_ra = 1\n"
      "net.ipv6.conf.*.accept_ra = 0\n"
      "net.ipv6.conf.e*.autoconf = 0\n"
      "net.ipv6.conf.*.autoconf = 1\n"
      "net.ipv6.conf.*.use_tempaddr = 2\n"
      "-net.ipv6.conf.eth0.use_tempaddr\n",
      "f", &b);
  // systemd: "Not setting %s (explicit setting exists)", whatever the order.
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/eno1/accept_ra") == "1 @f:1");
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/eno2/accept_ra") == "0 @f:2");
  // Two globs: the later one is written last.
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/eno1/autoconf") == "1 @f:4");
  // '*' does not cross a '/', as in glob(3).
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/eno1/x/autoconf") == "none");
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/eno1/use_tempaddr") == "2 @f:5");
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/eth0/use_tempaddr") == "none");
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/all/forwarding") == "none");
  // A glob given a new value later moves after the other glob.
  ift::ParseSysctlText("net.ipv6.conf.e*.autoconf = 2\n", "g", &b);
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/eno1/autoconf") == "2 @g:1");
}

BOOST_AUTO_TEST_CASE(order_across_directories) {
  Root r;
  r.Write("/usr/lib/sysctl.d/50-default.conf", "net.ipv6.conf.all.forwarding = 0\n");
  r.Write("/lib/sysctl.d/10-early.conf", "net.ipv6.conf.default.accept_ra = 1\n");
  r.Write("/run/sysctl.d/60-run.conf", "net.ipv6.conf.all.forwarding = 1\n");
  r.Write("/usr/local/lib/sysctl.d/55-local.conf", "net.ipv6.conf.default.accept_ra = 2\n");
  r.Write("/etc/sysctl.d/90-router.conf", "net.ipv6.conf.all.forwarding = 2\n");
  r.Write("/etc/sysctl.d/README", "not = read\n");
  r.Write("/etc/sysctl.d/.hidden.conf", "not = read\n");
  ift::BootSysctls b = r.Read();
  // By file name, whatever the directory.
  BOOST_TEST(
      Listed(b) == (Strings{"/lib/sysctl.d/10-early.conf:1 net/ipv6/conf/default/accept_ra=1",
                            "/usr/lib/sysctl.d/50-default.conf:1 net/ipv6/conf/all/forwarding=0",
                            "/usr/local/lib/sysctl.d/55-local.conf:1 "
                            "net/ipv6/conf/default/accept_ra=2",
                            "/run/sysctl.d/60-run.conf:1 net/ipv6/conf/all/forwarding=1",
                            "/etc/sysctl.d/90-router.conf:1 net/ipv6/conf/all/forwarding=2"}),
      boost::test_tools::per_element());
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/all/forwarding") == "2 @/etc/sysctl.d/90-router.conf:1");
  BOOST_TEST(b.notes.empty());
}

BOOST_AUTO_TEST_CASE(masking) {
  Root r;
  r.Write("/usr/lib/sysctl.d/50-a.conf", "a = usr\n");
  r.Write("/etc/sysctl.d/50-a.conf", "a = etc\n");  // overrides by name
  r.Write("/usr/lib/sysctl.d/50-b.conf", "b = usr\n");
  r.Link("/etc/sysctl.d/50-b.conf", "/dev/null");  // masks (no /dev in the image)
  r.Write("/usr/lib/sysctl.d/50-c.conf", "c = usr\n");
  r.Write("/run/sysctl.d/50-c.conf", "");  // masks: empty
  r.Write("/lib/sysctl.d/50-d.conf", "d = lib\n");
  r.Link("/usr/local/lib/sysctl.d/50-d.conf", "../../../../dev/null");
  ift::BootSysctls b = r.Read();
  BOOST_TEST(Listed(b) == (Strings{"/etc/sysctl.d/50-a.conf:1 a=etc"}),
             boost::test_tools::per_element());
  BOOST_TEST(b.notes.empty());
}

BOOST_AUTO_TEST_CASE(sysctl_conf_last_and_once) {
  Root r;
  r.Write("/etc/sysctl.conf", "net.ipv6.conf.all.forwarding = 1\n");
  r.Write("/etc/sysctl.d/50-a.conf", "net.ipv6.conf.all.forwarding = 0\n");
  r.Write("/etc/sysctl.d/zz-late.conf", "kernel.x = 1\n");
  {
    ift::BootSysctls b = r.Read();
    BOOST_TEST(Listed(b) == (Strings{"/etc/sysctl.d/50-a.conf:1 net/ipv6/conf/all/forwarding=0",
                                     "/etc/sysctl.d/zz-late.conf:1 kernel/x=1",
                                     "/etc/sysctl.conf:1 net/ipv6/conf/all/forwarding=1"}),
               boost::test_tools::per_element());
    BOOST_TEST(HasNote(b, "/etc/sysctl.conf: read last, as procps' sysctl --system"));
  }
  // Debian 12: /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf; read there, once.
  r.Link("/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");
  ift::BootSysctls b = r.Read();
  BOOST_TEST(Listed(b) == (Strings{"/etc/sysctl.d/50-a.conf:1 net/ipv6/conf/all/forwarding=0",
                                   "/etc/sysctl.conf:1 net/ipv6/conf/all/forwarding=1",
                                   "/etc/sysctl.d/zz-late.conf:1 kernel/x=1"}),
             boost::test_tools::per_element());
  BOOST_TEST(FinalValue(b, "net/ipv6/conf/all/forwarding") == "1 @/etc/sysctl.conf:1");
  BOOST_TEST(b.notes.empty());
}

BOOST_AUTO_TEST_CASE(symlinks_stay_in_the_root) {
  Root r;
  r.Write("/usr/lib/sysctl.d/10-vendor.conf", "a = 1\n");
  // Merged /usr: /lib -> usr/lib lists the same files again, read once.
  r.Link("/lib", "usr/lib");
  r.Write("/srv/real.conf", "b = 2\n");
  r.Link("/etc/sysctl.d/20-abs.conf", "/srv/real.conf");  // from the root, not from /
  r.Link("/etc/sysctl.d/30-escape.conf", "../../../../../../etc/passwd");
  r.Link("/etc/sysctl.d/40-loop.conf", "40-loop.conf");
  r.Link("/etc/sysctl.d/50-dangling.conf", "nowhere");
  ift::BootSysctls b = r.Read();
  BOOST_TEST(
      Listed(b) == (Strings{"/usr/lib/sysctl.d/10-vendor.conf:1 a=1", "/srv/real.conf:1 b=2"}),
      boost::test_tools::per_element());
  BOOST_TEST(HasNote(b, "/etc/sysctl.d/30-escape.conf: a symlink leads out of the root"));
  BOOST_TEST(HasNote(b, "/etc/sysctl.d/40-loop.conf: more than 8 symlinks"));
  BOOST_TEST(HasNote(b, "/etc/sysctl.d/50-dangling.conf: a symlink to nothing"));
}

BOOST_AUTO_TEST_CASE(hostile_files) {
  Root r;
  r.Make("/etc/sysctl.d/x");
  BOOST_TEST_REQUIRE(mkfifo((r.path + "/etc/sysctl.d/10-fifo.conf").c_str(), 0600) == 0);
  fs::create_directories(r.path + "/etc/sysctl.d/20-dir.conf");
  r.Write("/etc/sysctl.d/30-long.conf", "a = 1\nb = " + std::string(70000, 'x') + "\nc = 3\n");
  r.Write("/etc/sysctl.d/40-huge.conf", std::string((1 << 20) - 3, '#') + "\nd = 4\n");
  ift::BootSysctls b = r.Read();  // must not block on the FIFO
  BOOST_TEST(Listed(b) ==
                 (Strings{"/etc/sysctl.d/30-long.conf:1 a=1", "/etc/sysctl.d/30-long.conf:3 c=3"}),
             boost::test_tools::per_element());
  BOOST_TEST(HasNote(b, "/etc/sysctl.d/10-fifo.conf: not a regular file"));
  BOOST_TEST(HasNote(b, "/etc/sysctl.d/20-dir.conf: not a regular file"));
  BOOST_TEST(HasNote(b, "/etc/sysctl.d/30-long.conf:2: a line longer than 64 KiB"));
  BOOST_TEST(HasNote(b, "/etc/sysctl.d/40-huge.conf: larger than 1 MiB"));
}

BOOST_AUTO_TEST_CASE(missing_root_reads_nothing) {
  ift::BootSysctls b = ift::ReadBootSysctls("/nonexistent-iftoken-root");
  BOOST_TEST(b.settings.empty());
  BOOST_TEST(b.notes.empty());
}

BOOST_AUTO_TEST_SUITE_END()
