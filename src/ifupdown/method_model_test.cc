// Tests for what ifupdown makes of a stanza (method_model.h). The cross-check
// runs the real ifup (package ifupdown 0.8.41) in a throwaway network
// namespace and private mount namespace, with an if-pre-up.d hook that dumps
// its environment, on every interface of tests/stanzas/corpus and of the
// tests/interfaces/ fixtures, and compares with HookEnvironment(). It needs
// root and fails (never skips) without it. Run from the repository root.
#include "ifupdown/method_model.h"
#include "testing/test_util.h"

#include <fnmatch.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/options.h"

namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;
using Strings = std::vector<std::string>;

const ift::Stanza& Only(const ift::InterfacesFile& f, const std::string& iface) {
  auto stanzas = ift::StanzasOf(f, iface);
  BOOST_REQUIRE_MESSAGE(stanzas.size() == 1, "one stanza of " << iface);
  return *stanzas[0];
}

ift::InterfacesFile Corpus() { return ift::ReadInterfaces("tests/stanzas/corpus"); }

// The IF_* part of an environment.
Env Options(const Env& env) {
  Env out;
  for (const auto& [k, v] : env)
    if (k.starts_with("IF_")) out[k] = v;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(method_model)

BOOST_AUTO_TEST_CASE(static6_splits_the_address_and_implies_accept_ra_0) {
  auto f = Corpus();
  Env env = ift::HookEnvironment(Only(f, "st0"));
  BOOST_TEST((Options(env) == Env{{"IF_ADDRESS", "2001:db8:1::10"}, {"IF_NETMASK", "64"},
                                  {"IF_GATEWAY", "2001:db8:1::1"}, {"IF_ACCEPT_RA", "0"},
                                  {"IF_AUTOCONF", "0"}, {"IF_DAD_ATTEMPTS", "60"},
                                  {"IF_DAD_INTERVAL", "0.1"}, {"IF_PREFERRED_LIFETIME", ""},
                                  {"IF_TOKEN", "auto"}}));
  BOOST_TEST(env["IFACE"] == "st0");
  BOOST_TEST(env["LOGICAL"] == "st0");
  BOOST_TEST(env["ADDRFAM"] == "inet6");
  BOOST_TEST(env["METHOD"] == "static");
  BOOST_TEST(env["MODE"] == "start");
  BOOST_TEST(env["PHASE"] == "pre-up");
  BOOST_TEST(env["VERBOSITY"] == "0");
  BOOST_TEST(env["IFUPDOWN_st0"] == "pre-up");
  BOOST_TEST(env.count("IF_UP") == 0u);
}

BOOST_AUTO_TEST_CASE(static6_netmask_rules) {
  auto f = Corpus();
  // An explicit netmask wins over /LEN; an explicit accept_ra over the gateway's 0.
  Env st2 = ift::HookEnvironment(Only(f, "st2"));
  BOOST_TEST(st2["IF_NETMASK"] == "56");
  BOOST_TEST(st2["IF_ACCEPT_RA"] == "2");
  // Neither: an empty netmask (the method then adds a /128).
  Env st3 = ift::HookEnvironment(Only(f, "st3"));
  BOOST_TEST(st3.count("IF_NETMASK") == 1u);
  BOOST_TEST(st3["IF_NETMASK"] == "");
  BOOST_TEST(st3.count("IF_ACCEPT_RA") == 0u);
  // Repeated addresses are split as one joined string.
  Env st6 = ift::HookEnvironment(Only(f, "st6"));
  BOOST_TEST(st6["IF_ADDRESS"] == "2001:db8:1::16");
  BOOST_TEST(st6["IF_NETMASK"] == "64\n2001:db8:1::17");
  // An alias label gets preferred-lifetime 0, even when it is set.
  BOOST_TEST(ift::HookEnvironment(Only(f, "st4:1"))["IF_PREFERRED_LIFETIME"] == "0");
  BOOST_TEST(ift::HookEnvironment(Only(f, "st4:1")).count("IFUPDOWN_st4:1") == 0u);
}

BOOST_AUTO_TEST_CASE(auto_and_dhcp_defaults) {
  auto f = Corpus();
  BOOST_TEST((Options(ift::HookEnvironment(Only(f, "au0"))) ==
              Env{{"IF_TOKEN", "::10"}, {"IF_ACCEPT_RA", "2"}, {"IF_REQUEST_PREFIX", "0"},
                  {"IF_LL_ATTEMPTS", "60"}, {"IF_LL_INTERVAL", "0.1"}}));
  Env dh0 = ift::HookEnvironment(Only(f, "dh0"));
  BOOST_TEST(dh0["IF_ACCEPT_RA"] == "1");
  BOOST_TEST(dh0["IF_HWADDRESS"] == "02:00:00:00:00:d0");
}

BOOST_AUTO_TEST_CASE(inet_static_computes_netmask_and_broadcast) {
  auto f = Corpus();
  Env in0 = ift::HookEnvironment(Only(f, "in0"));
  BOOST_TEST(in0["IF_ADDRESS"] == "208.80.154.23");
  BOOST_TEST(in0["IF_NETMASK"] == "255.255.252.0");
  BOOST_TEST(in0["IF_BROADCAST"] == "208.80.155.255");
  BOOST_TEST(ift::HookEnvironment(Only(f, "in2"))["IF_NETMASK"] == "255.255.0.0");  // classful
  BOOST_TEST(ift::HookEnvironment(Only(f, "in3"))["IF_BROADCAST"] == "198.51.100.0");
  BOOST_TEST(ift::HookEnvironment(Only(f, "in4"))["IF_BROADCAST"] == "255.255.255.255");
  BOOST_TEST(ift::HookEnvironment(Only(f, "in10"))["IF_NETMASK"] == "0.0.0.0");
  // A mask that cannot be computed keeps the address's text.
  BOOST_TEST(ift::HookEnvironment(Only(f, "in11"))["IF_NETMASK"] == "10.3.0.1/abc");
  // token auto in an inet stanza derives from this address.
  ift::ParsedOptions p = ift::ParseOptions(ift::MapEnv(in0));
  BOOST_TEST(p.ok());
  BOOST_TEST(p.options.token->str() == "::208:80:154:23");
}

BOOST_AUTO_TEST_CASE(names_and_locks) {
  auto f = Corpus();
  Env ma0 = ift::HookEnvironment(Only(f, "ma0"));
  BOOST_TEST(ma0["IF_ADDRESS"] == "2001:db8:1::20/64\n2001:db8:1::21/64");
  BOOST_TEST(ma0["IF_MYWEIRDOPT"] == "x  y");
  BOOST_TEST(ma0["IF_UPPER_CASE"] == "1");
  BOOST_TEST(ma0["IF_MY_OPT"] == "b");
  BOOST_TEST(ma0["IF_HWADDRESS"] == "02:00:00:00:00:a0");
  // The shell drops IFUPDOWN_ma-1; a VLAN also locks its parent.
  Env ma1 = ift::HookEnvironment(Only(f, "ma-1"));
  BOOST_TEST(std::none_of(ma1.begin(), ma1.end(), [](const auto& kv) { return kv.first.starts_with("IFUPDOWN_"); }));
  Env vlan = ift::HookEnvironment(Only(f, "ma2.5"));
  BOOST_TEST(vlan["IFUPDOWN_ma2"] == "parent-lock");
  BOOST_TEST(vlan.count("IFUPDOWN_ma2.5") == 0u);
  BOOST_TEST(ift::HookEnvironment(Only(f, "tu2"))["IF_HEXADDRESS"] == "c000:0221");
}

BOOST_AUTO_TEST_CASE(method_writes) {
  auto f = Corpus();
  using Writes = std::vector<std::pair<ift::Conf, int>>;
  ift::MethodEffects st0 = ift::MethodWrites(Only(f, "st0"));
  BOOST_TEST((st0.sysctls == Writes{{ift::Conf::kAcceptRa, 0}, {ift::Conf::kAutoconf, 0}}));
  BOOST_REQUIRE(st0.address.has_value());
  BOOST_TEST(st0.address->str() == "2001:db8:1::10/64");
  BOOST_TEST(ift::MethodWrites(Only(f, "st3")).address->str() == "2001:db8:1::13/128");
  ift::MethodEffects st5 = ift::MethodWrites(Only(f, "st5"));
  BOOST_TEST((st5.sysctls == Writes{{ift::Conf::kUseTempaddr, 2}, {ift::Conf::kAutoconf, 1}}));
  BOOST_TEST((ift::MethodWrites(Only(f, "au0")).sysctls ==
              Writes{{ift::Conf::kAcceptRa, 2}, {ift::Conf::kAutoconf, 1}}));
  BOOST_TEST((ift::MethodWrites(Only(f, "au1")).sysctls ==
              Writes{{ift::Conf::kUseTempaddr, 2}, {ift::Conf::kAcceptRa, 1}, {ift::Conf::kAutoconf, 1}}));
  BOOST_TEST((ift::MethodWrites(Only(f, "dh0")).sysctls ==
              Writes{{ift::Conf::kAcceptRa, 1}, {ift::Conf::kAutoconf, 1}}));
  BOOST_TEST(ift::MethodWrites(Only(f, "ma0")).sysctls.empty());
  BOOST_TEST(ift::MethodWrites(Only(f, "in0")).sysctls.empty());
  BOOST_TEST(ift::MethodWrites(Only(f, "in0")).link_up);
  // The inherited template's address and the gateway's accept_ra 0.
  ift::MethodEffects ih1 = ift::MethodWrites(Only(f, "ih1"));
  BOOST_TEST(ih1.address->str() == "2001:db8:7::1/64");
  BOOST_TEST((ih1.sysctls == Writes{{ift::Conf::kAcceptRa, 0}, {ift::Conf::kAutoconf, 0}}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Cross-check against the real ifup

namespace {
using ift::Run;
using ift::Shell;


std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A network namespace and a scratch directory, both removed however the test
// ends.
struct Sandbox {
  std::string ns = "iftenv" + std::to_string(getpid());
  std::string dir;
  Sandbox() {
    char tmpl[] = "/tmp/iftoken-env-XXXXXX";
    if (mkdtemp(tmpl)) dir = tmpl;
  }
  ~Sandbox() {
    Shell("ip netns del " + ns + " 2>/dev/null");
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

void WriteFile(const std::string& path, const std::string& text, fs::perms perms) {
  std::ofstream(path) << text;
  fs::permissions(path, perms);
}

// The private /etc/network holds only the dump hook. It dumps its
// environment at the N-th stanza of the interface (IFUPDOWN_NTH, which
// ifupdown passes through from its caller) and fails there, so that stanza's
// method never runs; earlier stanzas pass, and their methods run on a
// throwaway veth. The runner script does one ifup per (interface, N) inside a
// private mount namespace, on a freshly created device each time.
void Prepare(const Sandbox& box) {
  for (const char* d : {"/etc/if-pre-up.d", "/etc/if-up.d", "/etc/if-down.d", "/etc/if-post-down.d",
                        "/run", "/state", "/dump"})
    fs::create_directories(box.dir + d);
  std::string dump = box.dir + "/dump";
  WriteFile(box.dir + "/etc/if-pre-up.d/dump",
            "#!/bin/sh\nn=$(( $(cat " + dump + "/count 2>/dev/null || echo 0) + 1 ))\n"
            "echo $n > " + dump + "/count\n"
            "[ \"$n\" = \"$IFUPDOWN_NTH\" ] || exit 0\nenv -0 > " + dump + "/env\nexit 1\n",
            fs::perms(0755));
  WriteFile(box.dir + "/run-ifup",
            "set -u\nT=$1 FILE=$2; shift 2\n"
            "mount --make-rprivate / && mount --bind \"$T/etc\" /etc/network && "
            "mount --bind \"$T/run\" /run || exit 97\n"
            "# No DAD: settle-dad.sh of a static stanza passes at once.\n"
            "sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 || exit 98\n"
            "i=0\nwhile [ $# -gt 0 ]; do\n"
            "  IF=$1 NTH=$2 DEV=$3; shift 3\n"
            "  if [ \"$DEV\" = 1 ]; then\n"
            "    ip link del \"$IF\" 2>/dev/null\n"
            "    ip link add \"$IF\" type veth peer name \"p$i\" || exit 99\n"
            "  fi\n"
            "  rm -f \"$T/dump/env\" \"$T/dump/count\" \"$T\"/state/*\n"
            "  IFUPDOWN_NTH=$NTH ifup --no-mappings -i \"$FILE\" --state-dir \"$T/state\" \"$IF\" >/dev/null 2>&1\n"
            "  [ -f \"$T/dump/env\" ] && mv \"$T/dump/env\" \"$T/dump/env.$i\"\n"
            "  i=$((i + 1))\ndone\n",
            fs::perms(0644));
}

// What the hook saw, without what its own /bin/sh and our runner added.
Env ReadDump(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Env env;
  for (size_t b = 0, e; b < all.size(); b = e + 1) {
    e = all.find('\0', b);
    if (e == std::string::npos) e = all.size();
    std::string entry = all.substr(b, e - b);
    size_t eq = entry.find('=');
    std::string name = entry.substr(0, eq);
    if (name == "PWD" || name == "OLDPWD" || name == "SHLVL" || name == "_" || name == "IFUPDOWN_NTH")
      continue;
    env[name] = eq == std::string::npos ? "" : entry.substr(eq + 1);
  }
  return env;
}

// A name the kernel takes, so the interface can exist (a veth) while ifup runs.
bool DeviceName(const std::string& n) {
  return ift::InvalidIfaceName(n).empty() && n.find('.') == std::string::npos;
}

bool NoScripts(const ift::InterfacesFile& f, const std::string& iface) {
  return std::any_of(f.no_scripts.begin(), f.no_scripts.end(),
                     [&](const std::string& p) { return fnmatch(p.c_str(), iface.c_str(), 0) == 0; });
}

// A method that can run here without a DHCP client, a tunnel or a modem.
bool Harmless(const ift::Stanza& s) {
  if (s.method == "manual" || s.method == "static" || s.method == "loopback") return true;
  auto env = ift::HookEnvironment(s);
  return s.family == "inet6" && s.method == "auto" && atoi(env["IF_DHCP"].c_str()) == 0;
}

// One ifup: the interface, and which of its stanzas the hook dumps.
struct Probe {
  const ift::Stanza* stanza;
  int nth;  // 1-based, among the stanzas of the interface
};

// Every stanza ifup can reach here: the first of each interface, and later
// ones when the earlier methods are harmless and the device can exist.
std::vector<Probe> Probes(const ift::InterfacesFile& f) {
  std::vector<Probe> probes;
  std::set<std::string> seen;
  for (const ift::Stanza& s : f.stanzas) {
    if (!seen.insert(s.iface).second) continue;
    std::vector<const ift::Stanza*> all = ift::StanzasOf(f, s.iface);
    for (size_t k = 0; k < all.size(); ++k) {
      if (k > 0 && !(DeviceName(s.iface) && Harmless(*all[k - 1]))) break;
      probes.push_back({all[k], int(k + 1)});
    }
  }
  return probes;
}

// Runs the real ifup on every reachable stanza of `file`; returns how many
// environments were compared.
int CrossCheck(const std::string& file) {
  ift::InterfacesFile f = ift::ReadInterfaces(file);
  std::vector<Probe> probes = Probes(f);
  Sandbox box;
  BOOST_REQUIRE(!box.dir.empty());
  Prepare(box);
  Run made = Shell("ip netns add " + box.ns + " && ip -n " + box.ns + " link set lo up 2>&1");
  BOOST_REQUIRE_MESSAGE(made.status == 0, "cannot create namespace " << box.ns << ": " << made.out);
  std::string args;
  for (const Probe& p : probes)
    args += " " + Quote(p.stanza->iface) + " " + std::to_string(p.nth) + (DeviceName(p.stanza->iface) ? " 1" : " 0");
  Run r = Shell("ip netns exec " + box.ns + " unshare -m sh " + Quote(box.dir + "/run-ifup") + " " +
                Quote(box.dir) + " " + Quote(file) + args + " 2>&1");
  BOOST_REQUIRE_MESSAGE(r.status == 0, "ifup runner failed (" << r.status << "): " << r.out);
  int compared = 0;
  for (size_t i = 0; i < probes.size(); ++i) {
    const ift::Stanza& s = *probes[i].stanza;
    std::string dump = box.dir + "/dump/env." + std::to_string(i);
    BOOST_TEST_CONTEXT(file << ":" << s.line << " iface " << s.iface << " " << s.family << " " << s.method) {
      if (NoScripts(f, s.iface)) {
        BOOST_TEST(!fs::exists(dump), "no-scripts: ifup must not run the hook");
        continue;
      }
      BOOST_REQUIRE_MESSAGE(fs::exists(dump), "the hook did not run");
      Env real = ReadDump(dump);
      Env ours = ift::HookEnvironment(s);
      BOOST_TEST(real == ours, "real ifup and HookEnvironment differ");
      for (const auto& [k, v] : real)
        if (!ours.count(k) || ours[k] != v) BOOST_TEST_MESSAGE("ifup: " << k << "=" << v);
      for (const auto& [k, v] : ours)
        if (!real.count(k) || real[k] != v) BOOST_TEST_MESSAGE("ours: " << k << "=" << v);
      ++compared;
    }
  }
  return compared;
}

void RequireTools() {
  BOOST_REQUIRE_MESSAGE(geteuid() == 0,
                        "method_model/matches_real_ifup needs root (network and mount namespaces "
                        "to run the real ifup): run the unit tests as root, e.g. sudo make check");
  for (const char* tool : {"ifup", "ip", "unshare", "env"})
    BOOST_REQUIRE_MESSAGE(Shell(std::string("command -v ") + tool + " >/dev/null").status == 0,
                          tool << " not found: install ifupdown, iproute2, util-linux, coreutils");
  BOOST_REQUIRE_MESSAGE(fs::is_directory("tests/stanzas"),
                        "tests/stanzas not found: run the tests from the repository root");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(method_model)

// Every interface of the corpus and of the reader's fixtures: the hook
// environment of the real ifup is exactly HookEnvironment().
BOOST_AUTO_TEST_CASE(matches_real_ifup) {
  RequireTools();
  int compared = CrossCheck(fs::absolute("tests/stanzas/corpus").string());
  BOOST_TEST(compared == 47);  // every stanza of the corpus
  Strings fixtures;
  for (const auto& e : fs::directory_iterator("tests/interfaces"))
    if (e.is_regular_file()) fixtures.push_back(fs::absolute(e.path()).string());
  std::sort(fixtures.begin(), fixtures.end());
  int more = 0;
  for (const std::string& file : fixtures) more += CrossCheck(file);
  BOOST_TEST(more == 36);  // every stanza ifup reaches there (k2 has no-scripts)
}

BOOST_AUTO_TEST_SUITE_END()
