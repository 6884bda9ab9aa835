// Tests for ifupdown's method model (method_model.h), on tests/stanzas/corpus
// and the reader's fixtures; HookEnvironment() is held to what the real ifup
// exported (tests/stanzas/ifup-env, which a system test holds the real ifup
// to). Run from the repository root.
#include "ifupdown/method_model.h"

#include <fnmatch.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
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
  BOOST_TEST((Options(env) == Env{{"IF_ADDRESS", "2001:db8:1::10"},
                                  {"IF_NETMASK", "64"},
                                  {"IF_GATEWAY", "2001:db8:1::1"},
                                  {"IF_ACCEPT_RA", "0"},
                                  {"IF_AUTOCONF", "0"},
                                  {"IF_DAD_ATTEMPTS", "60"},
                                  {"IF_DAD_INTERVAL", "0.1"},
                                  {"IF_PREFERRED_LIFETIME", ""},
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
  BOOST_TEST((Options(ift::HookEnvironment(Only(f, "au0"))) == Env{{"IF_TOKEN", "::10"},
                                                                   {"IF_ACCEPT_RA", "2"},
                                                                   {"IF_REQUEST_PREFIX", "0"},
                                                                   {"IF_LL_ATTEMPTS", "60"},
                                                                   {"IF_LL_INTERVAL", "0.1"}}));
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
  BOOST_TEST(std::none_of(ma1.begin(), ma1.end(),
                          [](const auto& kv) { return kv.first.starts_with("IFUPDOWN_"); }));
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
  BOOST_TEST(
      (ift::MethodWrites(Only(f, "au1")).sysctls ==
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

// ---- The environment the real ifup exports, as recorded

namespace {

const char kRecord[] = "tests/stanzas/ifup-env";

// A name the kernel takes, so the interface can exist (a veth) while ifup runs.
bool DeviceName(const std::string& n) {
  return ift::InvalidIfaceName(n).empty() && n.find('.') == std::string::npos;
}

bool NoScripts(const ift::InterfacesFile& f, const std::string& iface) {
  return std::any_of(f.no_scripts.begin(), f.no_scripts.end(), [&](const std::string& p) {
    return fnmatch(p.c_str(), iface.c_str(), 0) == 0;
  });
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

// Every stanza ifup can reach in the system test: the first of each
// interface, and later ones when the earlier methods are harmless and the
// device can exist.
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

// A value on one line, as the system test writes it: \\, \n, and \xHH for
// the other control bytes.
std::string Escaped(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    char hex[8];
    snprintf(hex, sizeof hex, "\\x%02x", c);
    out += c == '\\'               ? "\\\\"
           : c == '\n'             ? "\\n"
           : c < 0x20 || c == 0x7f ? hex
                                   : std::string(1, char(c));
  }
  return out;
}

// The record of `file` in the form of tests/stanzas/ifup-env, from
// HookEnvironment(): a "probe IFACE NTH device|no-device" line per stanza ifup
// reaches ("no-hook" added under no-scripts), then its variables, sorted.
Strings Rendered(const std::string& file) {
  ift::InterfacesFile f = ift::ReadInterfaces(file);
  Strings out = {"file " + file};
  for (const Probe& p : Probes(f)) {
    const std::string& iface = p.stanza->iface;
    bool hook = !NoScripts(f, iface);
    out.push_back("probe " + iface + " " + std::to_string(p.nth) +
                  (DeviceName(iface) ? " device" : " no-device") + (hook ? "" : " no-hook"));
    if (hook)
      for (const auto& [name, value] : ift::HookEnvironment(*p.stanza))
        out.push_back(name + "=" + Escaped(value));
  }
  return out;
}

// The record without its comments.
Strings Recorded() {
  std::ifstream in(kRecord);
  Strings lines;
  for (std::string line; std::getline(in, line);)
    if (!line.starts_with("#")) lines.push_back(line);
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(method_model)

// tests/stanzas/ifup-env is what the real ifup exported to a hook for every
// stanza it reaches in the corpus and the reader's fixtures;
// tests/system/test_ifup_env_matches_ifup.sh holds the real ifup to it, as
// root. Here HookEnvironment() is held to it, so the two agree.
BOOST_AUTO_TEST_CASE(matches_the_recorded_ifup) {
  Strings files = {"tests/stanzas/corpus"};
  Strings fixtures;
  for (const auto& e : fs::directory_iterator("tests/interfaces"))
    if (e.is_regular_file()) fixtures.push_back(e.path().string());
  std::sort(fixtures.begin(), fixtures.end());
  files.insert(files.end(), fixtures.begin(), fixtures.end());
  Strings ours;
  for (const std::string& file : files) {
    Strings r = Rendered(file);
    ours.insert(ours.end(), r.begin(), r.end());
  }
  Strings recorded = Recorded();
  BOOST_REQUIRE_MESSAGE(!recorded.empty(), kRecord << " not found: run from the repository root");
  BOOST_TEST(ours == recorded, boost::test_tools::per_element());
  // Every stanza of the corpus, and every one ifup reaches in the fixtures
  // (k2 has no-scripts).
  auto envs = std::count_if(ours.begin(), ours.end(), [](const std::string& l) {
    return l.starts_with("probe ") && !l.ends_with(" no-hook");
  });
  BOOST_TEST(envs == 47 + 36);
}

BOOST_AUTO_TEST_SUITE_END()
