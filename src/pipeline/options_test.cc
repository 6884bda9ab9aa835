// Tests of the stanza options (ifupdown-token-interfaces(5): DESCRIPTION, OPTIONS): which stanzas are ours, every
// option in valid and invalid forms, the token derivations, and the IFACE
// rules. Each error is checked to name the option and the value.
#include "pipeline/options.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/text.h"

namespace ift {

static std::ostream& boost_test_print_type(std::ostream& out, const In6& a) { return out << a.str(); }
static std::ostream& boost_test_print_type(std::ostream& out, Runner r) { return out << RunnerName(r); }
static std::ostream& boost_test_print_type(std::ostream& out, const std::optional<In6>& a) {
  return a ? out << a->str() : out << "nullopt";
}

namespace {

using Vars = std::map<std::string, std::string>;

In6 V6(const char* text) { return *In6::Parse(text); }

constexpr char kUnset[] = "<unset>";
constexpr int kAbsent = -1000;

// `base` with `extra` over it (kUnset as a value removes the variable).
Vars With(Vars base, const Vars& extra) {
  for (const auto& [k, val] : extra) {
    if (val == kUnset) base.erase(k);
    else base[k] = val;
  }
  return base;
}

// What ifupdown 0.8 gives a hook: the base of a family and method, plus `extra`.
Vars Stanza(const char* family, const char* method, const Vars& extra) {
  return With({{"IFACE", "eno1"}, {"LOGICAL", "eno1"}, {"ADDRFAM", family}, {"METHOD", method},
               {"MODE", "start"}, {"PHASE", "pre-up"}, {"VERBOSITY", "0"},
               {"IF_TOKEN", "::208:80:154:23"}},
              extra);
}

ParsedOptions Parse(const Vars& vars) { return ParseOptions(MapEnv(vars)); }
ParsedOptions Manual(const Vars& extra = {}) { return Parse(Stanza("inet6", "manual", extra)); }
ParsedOptions Static6(const Vars& extra = {}) { return Parse(Stanza("inet6", "static", extra)); }
ParsedOptions Inet(const char* method, const Vars& extra = {}) {
  return Parse(Stanza("inet", method, extra));
}

std::string Errors(const ParsedOptions& p) {
  std::string all;
  for (const Finding& e : p.errors) all += "[" + e.text + "]";
  return all;
}

// Exactly one error, and it is `text`.
void ExpectError(const ParsedOptions& p, const std::string& text) {
  BOOST_TEST(p.errors.size() == 1u, "errors: " << Errors(p));
  if (!p.errors.empty()) BOOST_TEST(p.errors.front().text == text);
}

// Exactly one error, about the option and the value (as a message shows it),
// and saying what is expected.
void ExpectRejected(const ParsedOptions& p, const std::string& option, const std::string& value) {
  BOOST_TEST(!p.ok());
  BOOST_TEST(p.errors.size() == 1u, "errors: " << Errors(p));
  if (!p.errors.empty()) {
    const Finding& e = p.errors.front();
    BOOST_TEST(e.subject.option == option);
    BOOST_TEST(Excerpt(e.subject.value) == value);
    BOOST_TEST(e.text.size() > option.size() + value.size() + 20, "says what is expected: " << e.text);
  }
}

void ExpectOk(const ParsedOptions& p) { BOOST_TEST(p.ok(), "errors: " << Errors(p)); }

// The value the stanza asks for `c`, or kAbsent.
int SysctlValue(const Options& o, Conf c) {
  for (const SysctlOption& s : o.sysctls)
    if (s.conf == c) return s.value;
  return kAbsent;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(options)

// --- when a hook acts (ifupdown-token-interfaces(5)) ------------------------------------------------

BOOST_AUTO_TEST_CASE(not_for_us) {
  auto reason = [](const Vars& v) { return NotForUs(MapEnv(v)); };
  Vars v = Stanza("inet6", "manual", {{"IFACE", "--all"}});
  BOOST_TEST(reason(v).has_value());
  v = Stanza("meta", "none", {});
  BOOST_TEST(reason(v).has_value());
  v = Stanza("inet6", "manual", {{"ADDRFAM", "meta"}, {"IFACE", "--all"}});
  BOOST_TEST(reason(v).has_value());
  // ifup -a runs every hook for lo: without a token it is silently not ours.
  v = Stanza("inet", "loopback", {{"IFACE", "lo"}, {"IF_TOKEN", kUnset}});
  BOOST_TEST_REQUIRE(reason(v).has_value());
  BOOST_TEST(std::string(*reason(v)) == "no token option");
  v = Stanza("inet6", "loopback", {{"IFACE", "lo"}, {"IF_TOKEN", kUnset}});
  BOOST_TEST(reason(v).has_value());
  v = Stanza("inet6", "manual", {{"IF_TOKEN", kUnset}});
  BOOST_TEST_REQUIRE(reason(v).has_value());
  BOOST_TEST(std::string(*reason(v)) == "no token option");
  v = Stanza("inet", "static", {{"IF_TOKEN", kUnset}, {"IF_ADDRESS", "10.0.0.1"}});
  BOOST_TEST(reason(v).has_value());
  v = Vars{{"ADDRFAM", "inet6"}, {"IF_TOKEN", "::1"}};  // no IFACE: not ifupdown
  BOOST_TEST(reason(v).has_value());
}

BOOST_AUTO_TEST_CASE(opted_in) {
  auto reason = [](const Vars& v) { return NotForUs(MapEnv(v)); };
  Vars v = Stanza("inet6", "manual", {{"IF_TOKEN", "none"}});
  BOOST_TEST(!reason(v).has_value());
  v = Stanza("inet6", "manual", {{"IF_TOKEN", "auto"}});
  BOOST_TEST(!reason(v).has_value());
  v = Stanza("inet", "static", {{"IF_TOKEN", "auto"}});
  BOOST_TEST(!reason(v).has_value());
  // A bad value is still ours: ParseOptions reports it instead of ignoring it.
  v = Stanza("inet6", "manual", {{"IF_TOKEN", "bogus"}});
  BOOST_TEST(!reason(v).has_value());
  v = Stanza("inet6", "manual", {{"IFACE", "a/b"}});
  BOOST_TEST(!reason(v).has_value());
  // A token written in lo's stanza is a mistake to hear about: ours, parsed,
  // and then refused by the kernel's loopback rule (plan_test).
  v = Stanza("inet6", "loopback", {{"IFACE", "lo"}});
  BOOST_TEST(!reason(v).has_value());
  ParsedOptions p = Parse(v);
  ExpectOk(p);
  BOOST_TEST(p.options.iface == "lo");
}

// --- the three implementations ----------------------------------------------------

// What ifupdown-ng 0.11.4 gives a hook: no ADDRFAM, METHOD=none, every address.
static Vars Ng(const Vars& extra) {
  return With({{"IFACE", "eno1"}, {"PHASE", "pre-up"}, {"MODE", "start"}, {"METHOD", "none"},
               {"INTERFACES_FILE", "/etc/network/interfaces"}, {"IF_TOKEN", "auto"},
               {"IF_ADDRESS", "198.51.100.10/24"},
               {"IF_ADDRESSES", "198.51.100.10/24 2001:db8:1::10/64 2001:db8:2::10/64 "}},
              extra);
}

// What our ifupdown2 addon gives it: the merged stanzas, repeated values
// newline-joined, ADDRFAM of every family, METHOD of the first stanza.
static Vars Ifupdown2(const Vars& extra) {
  return With({{"IFACE", "eno1"}, {"LOGICAL", "eno1"}, {"PHASE", "pre-up"}, {"MODE", "start"},
               {"ADDRFAM", "inet,inet6"}, {"METHOD", "static"}, {"IF_TOKEN", "auto"},
               {"IF_ADDRESS", "198.51.100.10/24\n2001:db8:1::10/64"}},
              extra);
}

BOOST_AUTO_TEST_CASE(each_implementation_is_recognised_by_its_environment) {
  BOOST_TEST(RunnerOf(MapEnv(Stanza("inet6", "manual", {}))) == Runner::kIfupdown);
  BOOST_TEST(RunnerOf(MapEnv(Ng({}))) == Runner::kIfupdownNg);
  BOOST_TEST(RunnerOf(MapEnv(Ifupdown2({}))) == Runner::kIfupdown2);
  // ifupdown2's if-*.d scripts: no ADDRFAM at all in the first run.
  BOOST_TEST(RunnerOf(MapEnv(Vars{{"IFACE", "eno1"}, {"IF_TOKEN", "::1"}})) == Runner::kIfupdown2);
  BOOST_TEST(!NotForUs(MapEnv(Ng({}))).has_value());
  BOOST_TEST(!NotForUs(MapEnv(Ifupdown2({{"ADDRFAM", kUnset}}))).has_value());
}

BOOST_AUTO_TEST_CASE(verbose_under_each_implementation) {
  BOOST_TEST(Parse(Stanza("inet6", "manual", {{"VERBOSITY", "1"}})).options.verbose);
  BOOST_TEST(!Parse(Stanza("inet6", "manual", {})).options.verbose);
  BOOST_TEST(Parse(Ng({{"VERBOSE", "1"}})).options.verbose);
  BOOST_TEST(!Parse(Ng({})).options.verbose);
  BOOST_TEST(Parse(Ifupdown2({{"VERBOSE", "1"}})).options.verbose);
}

BOOST_AUTO_TEST_CASE(merged_stanzas_are_link_level_only) {
  for (const Vars& v : {Ng({{"IF_GATEWAY", "2001:db8:1::1"}}), Ifupdown2({{"METHOD", "manual"}})}) {
    ParsedOptions p = Parse(v);
    ExpectOk(p);
    // The implementation adds the addresses and routes: never ours.
    BOOST_TEST(!p.options.Owns());
    BOOST_TEST(p.options.addresses.empty());
    BOOST_TEST(!p.options.gateway.has_value());
    // token auto: from the first IPv6 address, which is a /64.
    BOOST_TEST(p.options.token == std::optional<In6>(V6("::10")));
    BOOST_TEST_REQUIRE(p.options.method_address.has_value());
    BOOST_TEST(p.options.method_address->str() == "2001:db8:1::10/64");
  }
}

BOOST_AUTO_TEST_CASE(merged_token_auto_from_ipv4_when_no_ipv6_address) {
  ParsedOptions p = Parse(Ng({{"IF_ADDRESSES", "208.80.154.23/24"}}));
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  p = Parse(Ng({{"IF_ADDRESSES", kUnset}, {"IF_ADDRESS", kUnset}}));
  ExpectError(p, "option token: 'auto': needs an 'address' of this interface to derive it from");
  p = Parse(Ng({{"IF_ADDRESSES", "2001:db8:1::10/56"}}));
  BOOST_TEST(Errors(p).find("which is not a /64") != std::string::npos, Errors(p));
}

// ifupdown2 pairs the n-th address with the n-th netmask of the merged
// stanzas (addons/address.py); ADDR alone is a /128 to it.
BOOST_AUTO_TEST_CASE(ifupdown2_reads_netmask_at_the_address_index) {
  // Seed 002's stanza: `address A` + `netmask 64` + `token auto`.
  ParsedOptions p = Parse(Ifupdown2({{"IF_ADDRESS", "2001:db8:1::208:80:154:23"}, {"IF_NETMASK", "64"},
                                     {"IF_GATEWAY", "2001:db8:1::1"}}));
  ExpectOk(p);
  BOOST_TEST(p.options.method_address->str() == "2001:db8:1:0:208:80:154:23/64");
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  // An inet stanza written with netmask first: the netmasks stay aligned.
  p = Parse(Ifupdown2({{"IF_ADDRESS", "198.51.100.10\n2001:db8:1::10"},
                       {"IF_NETMASK", "255.255.255.0\n64"}}));
  ExpectOk(p);
  BOOST_TEST(p.options.method_address->str() == "2001:db8:1::10/64");
  // ADDR/LEN wins over the netmask at its index.
  p = Parse(Ifupdown2({{"IF_ADDRESS", "2001:db8:1::10/64"}, {"IF_NETMASK", "48"}}));
  BOOST_TEST(p.options.method_address->str() == "2001:db8:1::10/64");
  // inet ADDR/LEN then inet6 ADDR + netmask: the netmask sits at index 0, the
  // IPv4 address's, so ifupdown2 adds the IPv6 one as a /128.
  p = Parse(Ifupdown2({{"IF_ADDRESS", "198.51.100.10/24\n2001:db8:1::10"}, {"IF_NETMASK", "64"}}));
  BOOST_TEST(p.options.method_address->str() == "2001:db8:1::10/128");
  BOOST_TEST(Errors(p).find("2001:db8:1::10/128, which is not a /64") != std::string::npos, Errors(p));
  // A padded netmask list (an address before the one it belongs to).
  p = Parse(Ifupdown2({{"IF_ADDRESS", "2001:db8:1::10\n2001:db8:2::10"}, {"IF_NETMASK", "\n64"}}));
  BOOST_TEST(p.options.method_address->str() == "2001:db8:1::10/128");
  p = Parse(Ifupdown2({{"IF_ADDRESS", "2001:db8:1::10"}, {"IF_NETMASK", "ffff:ffff::"}}));
  BOOST_TEST(p.errors.front().text == "option netmask: 'ffff:ffff::': expected a prefix length 1-128 "
                                  "for the IPv6 address '2001:db8:1::10'");
}

BOOST_AUTO_TEST_CASE(ifupdown2_refuses_an_address_list_on_one_line) {
  ParsedOptions p = Parse(Ifupdown2({{"IF_ADDRESS", "2001:db8:1::10/64 2001:db8:1::11/64"}}));
  BOOST_TEST(Errors(p).find("option address: '2001:db8:1::10/64 2001:db8:1::11/64': ifupdown2 3.0 "
                            "reads no address from a line that holds several") != std::string::npos,
             Errors(p));
  // ifupdown-ng has already made its list: every word is one address.
  p = Parse(Ng({{"IF_ADDRESSES", "2001:db8:1::10/64 2001:db8:1::11/64"}}));
  ExpectOk(p);
  BOOST_TEST(p.options.method_address->str() == "2001:db8:1::10/64");
}

BOOST_AUTO_TEST_CASE(merged_stanzas_apply_accept_ra_autoconf_and_privext) {
  // ifupdown's names for what its inet6 methods write after pre-up; ifupdown2
  // and ifupdown-ng never write them, so the hook does, as for manual.
  for (const Vars& v : {Ng({{"IF_ACCEPT_RA", "0"}, {"IF_AUTOCONF", "0"}, {"IF_PRIVEXT", "2"}}),
                        Ifupdown2({{"IF_ACCEPT_RA", "0"}, {"IF_AUTOCONF", "0"}, {"IF_PRIVEXT", "2"}})}) {
    ParsedOptions p = Parse(v);
    ExpectOk(p);
    BOOST_TEST((p.options.accept_ra == std::optional<int>(0)));
    BOOST_TEST(p.options.sysctls.size() == 3u);
  }
}

// --- IFACE --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(iface_rejected) {
  struct Case { const char* name; const char* why; const char* shown = nullptr; };
  const Case cases[] = {
      {"", "it is empty"},
      {"abcdefghijklmnop", "it is longer than 15 bytes (IFNAMSIZ)"},
      {"../x", "it contains '/', ':' or whitespace"},
      {"a/b", "it contains '/', ':' or whitespace"},
      {"a:b", "it contains '/', ':' or whitespace"},
      {"a b", "it contains '/', ':' or whitespace"},
      {"a\tb", "it contains '/', ':' or whitespace", "a\\tb"},  // escaped: one line
      {".", "it is '.' or '..'"},
      {"..", "it is '.' or '..'"},
      {"all", "'all' and 'default' name the sysctl defaults, not a device"},
      {"default", "'all' and 'default' name the sysctl defaults, not a device"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("IFACE '" << c.name << "'") {
      BOOST_TEST(InvalidIfaceName(c.name) == c.why);
      ParsedOptions p = Manual({{"IFACE", c.name}});
      ExpectError(p, "IFACE '" + std::string(c.shown ? c.shown : c.name) +
                         "' is not a valid interface name: " + c.why);
      BOOST_TEST(p.options.iface == "");  // never used in a path
    }
  }
}

BOOST_AUTO_TEST_CASE(iface_accepted) {
  for (const char* name : {"eno1", "eno1.100", "abcdefghijklmno", "br-lan_0", "wlp0s20f3", "vlan@1"}) {
    BOOST_TEST_CONTEXT("IFACE '" << name << "'") {
      BOOST_TEST(InvalidIfaceName(name) == "");
      ParsedOptions p = Manual({{"IFACE", name}});
      ExpectOk(p);
      BOOST_TEST(p.options.iface == name);
    }
  }
  BOOST_TEST(std::string("abcdefghijklmno").size() == 15u);
}

// --- header: family, method, verbosity ------------------------------------------

BOOST_AUTO_TEST_CASE(family_and_method) {
  ParsedOptions p = Manual();
  ExpectOk(p);
  BOOST_TEST((p.options.family == Family::kInet6));
  BOOST_TEST((p.options.method == Method::kManual));
  BOOST_TEST(p.options.method_name == "manual");
  BOOST_TEST(p.options.Owns());
  BOOST_TEST(!p.options.verbose);

  p = Static6();
  ExpectOk(p);
  BOOST_TEST((p.options.method == Method::kStatic));
  BOOST_TEST(!p.options.Owns());
  p = Parse(Stanza("inet6", "auto", {}));
  ExpectOk(p);
  BOOST_TEST((p.options.method == Method::kAuto));
  p = Parse(Stanza("inet6", "dhcp", {}));
  ExpectOk(p);
  BOOST_TEST((p.options.method == Method::kDhcp));
  p = Inet("manual");
  ExpectOk(p);
  BOOST_TEST((p.options.family == Family::kInet));
  BOOST_TEST(!p.options.Owns());
  p = Inet("ppp");  // an inet stanza only gets the link-level part
  ExpectOk(p);
  BOOST_TEST((p.options.method == Method::kOther));

  p = Parse(Stanza("inet6", "loopback", {}));  // refused later, by the loopback rule
  ExpectOk(p);
  p = Parse(Stanza("inet6", "v4tunnel", {}));
  ExpectError(p, "option token: method 'v4tunnel' creates its device after pre-up or does no "
                 "neighbour discovery; a token works with manual, static, auto and dhcp");
  p = Parse(Stanza("ipx", "static", {}));
  ExpectError(p, "option token: in an 'ipx' stanza: a token belongs in an inet or inet6 stanza");

  p = Manual({{"VERBOSITY", "1"}});
  BOOST_TEST(p.options.verbose);
  p = Manual({{"VERBOSITY", "0"}});
  BOOST_TEST(!p.options.verbose);
}

// --- token ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(token_iid) {
  ParsedOptions p = Manual({{"IF_TOKEN", "::208:80:154:23"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  BOOST_TEST(p.options.token_text == "::208:80:154:23");
  p = Manual({{"IF_TOKEN", "::1"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::1")));
  p = Manual({{"IF_TOKEN", "::ffff:ffff:ffff:ffff"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::ffff:ffff:ffff:ffff")));
}

BOOST_AUTO_TEST_CASE(token_none) {
  ParsedOptions p = Manual({{"IF_TOKEN", "none"}});
  ExpectOk(p);
  BOOST_TEST(!p.options.token.has_value());
  BOOST_TEST(p.options.token_text == "none");
}

BOOST_AUTO_TEST_CASE(token_upper_bits_rejected) {
  ParsedOptions p = Manual({{"IF_TOKEN", "2001:db8:ffff:eeee::99"}});
  ExpectError(p, "option token: '2001:db8:ffff:eeee::99': the upper 64 bits are not zero; the "
                 "kernel keeps only the lower 64 bits, so write '::99'");
  BOOST_TEST(!p.options.token.has_value());
  // One bit is enough.
  p = Manual({{"IF_TOKEN", "0:0:0:1::5"}});
  ExpectRejected(p, "token", "0:0:0:1::5");
  BOOST_TEST(p.errors.front().text.find("write '::5'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(token_zero_rejected) {
  ParsedOptions p = Manual({{"IF_TOKEN", "::"}});
  ExpectError(p, "option token: '::': :: sets no token; write 'token none' to opt in without one");
  p = Manual({{"IF_TOKEN", "0::0"}});
  ExpectRejected(p, "token", "0::0");
  BOOST_TEST(p.errors.front().text.find("write 'token none'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(token_garbage_rejected) {
  for (const char* bad : {"bogus", "", "::1/64", "208.80.154.23", "::g", "AUTO", "None", " ::1"}) {
    BOOST_TEST_CONTEXT("token '" << bad << "'") {
      ParsedOptions p = Manual({{"IF_TOKEN", bad}});
      ExpectError(p, "option token: '" + std::string(bad) +
                         "': expected ::IID (an IPv6 literal with the upper 64 bits zero), auto or none");
      BOOST_TEST(!p.options.token.has_value());
    }
  }
}

// --- token auto --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(token_auto_from_manual_address) {
  ParsedOptions p = Manual({{"IF_TOKEN", "auto"},
                            {"IF_ADDRESS", "2620:0:861:1:208:80:154:23/64\n2001:db8::5/64"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  BOOST_TEST(p.options.token_text == "auto");
  // Without /LEN the default /64 applies.
  p = Manual({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2620:0:861:1:208:80:154:23"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  // So does `netmask 64`.
  p = Manual({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2620:0:861:1::7"}, {"IF_NETMASK", "64"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::7")));
}

BOOST_AUTO_TEST_CASE(token_auto_not_64_rejected) {
  ParsedOptions p = Manual({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2001:db8::5/56"}});
  ExpectError(p, "option token: 'auto': derives from the first address, 2001:db8::5/56, which is "
                 "not a /64 (the kernel builds SLAAC addresses only for /64 prefixes); write the "
                 "token explicitly");
  BOOST_TEST(!p.options.token.has_value());
  // Only the first address counts.
  p = Manual({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2001:db8::5/128\n2001:db8:1::6/64"}});
  ExpectRejected(p, "token", "auto");
  BOOST_TEST(p.errors.front().text.find("2001:db8::5/128") != std::string::npos);
  p = Manual({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2001:db8::5"}, {"IF_NETMASK", "48"}});
  ExpectRejected(p, "token", "auto");
  BOOST_TEST(p.errors.front().text.find("2001:db8::5/48") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(token_auto_zero_iid_rejected) {
  ParsedOptions p = Manual({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2001:db8:1::/64"}});
  ExpectError(p, "option token: 'auto': the first address 2001:db8:1::/64 has a zero interface identifier");
}

BOOST_AUTO_TEST_CASE(token_auto_from_static) {
  // ifupdown exports a static stanza's `address A/64` as IF_ADDRESS=A, IF_NETMASK=64.
  ParsedOptions p = Static6({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2620:0:861:1:208:80:154:23"},
                             {"IF_NETMASK", "64"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  BOOST_TEST_REQUIRE(p.options.method_address.has_value());
  BOOST_TEST(p.options.method_address->str() == "2620:0:861:1:208:80:154:23/64");
  BOOST_TEST(p.options.addresses.empty());  // the method adds it, never the hook
  p = Static6({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2620:0:861:1:208:80:154:23"},
               {"IF_NETMASK", "48"}});
  ExpectRejected(p, "token", "auto");
  BOOST_TEST(p.errors.front().text.find("2620:0:861:1:208:80:154:23/48") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(static_without_netmask_is_a_128) {
  // The static method then runs `ip -6 addr add A/ dev IF`: the kernel adds a /128.
  ParsedOptions p = Static6({{"IF_TOKEN", "::1"}, {"IF_ADDRESS", "2001:db8::1"}, {"IF_GATEWAY", "2001:db8::ff"}});
  ExpectOk(p);
  BOOST_TEST_REQUIRE(p.options.method_address.has_value());
  BOOST_TEST(p.options.method_address->str() == "2001:db8::1/128");
  BOOST_TEST(p.options.method_gateway);
  p = Static6({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2001:db8::1"}});
  ExpectRejected(p, "token", "auto");
}

BOOST_AUTO_TEST_CASE(token_auto_from_inet) {
  ParsedOptions p = Inet("static", {{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "208.80.154.23"},
                                    {"IF_NETMASK", "255.255.255.0"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  BOOST_TEST(p.options.addresses.empty());  // an IPv4 address is never ours to add
  BOOST_TEST(!p.options.method_address.has_value());
  p = Inet("static", {{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "208.80.154.23/24"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::208:80:154:23")));
  p = Inet("manual", {{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "10.0.0.1"}});
  ExpectOk(p);
  BOOST_TEST(p.options.token == std::optional<In6>(V6("::10:0:0:1")));
}

BOOST_AUTO_TEST_CASE(token_auto_from_inet_rejected) {
  ParsedOptions p = Inet("static", {{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "2001:db8::1"}});
  ExpectError(p, "option token: 'auto': this inet stanza's address '2001:db8::1' is not an IPv4 "
                 "address to derive it from");
  p = Inet("dhcp", {{"IF_TOKEN", "auto"}});
  ExpectError(p, "option token: 'auto': needs an IPv4 'address' in this inet stanza to derive it from");
}

BOOST_AUTO_TEST_CASE(token_auto_without_address_rejected) {
  ParsedOptions p = Manual({{"IF_TOKEN", "auto"}});
  ExpectError(p, "option token: 'auto': needs an 'address' in this stanza to derive it from");
  p = Static6({{"IF_TOKEN", "auto"}});
  ExpectError(p, "option token: 'auto': needs an 'address' in this stanza to derive it from");
  p = Parse(Stanza("inet6", "auto", {{"IF_TOKEN", "auto"}}));
  ExpectError(p, "option token: 'auto': needs an 'address' in this stanza to derive it from");
}

// --- address, netmask -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(address_repeated) {
  // ifupdown joins repeated `address` lines with newlines.
  ParsedOptions p = Manual({{"IF_ADDRESS", "2001:db8:1::208:80:154:23/64\n2001:db8:2::1/48\n2001:db8:3::3"}});
  ExpectOk(p);
  const auto& a = p.options.addresses;
  BOOST_TEST_REQUIRE(a.size() == 3u);
  BOOST_TEST(a[0].cidr.str() == "2001:db8:1:0:208:80:154:23/64");
  BOOST_TEST(a[1].cidr.str() == "2001:db8:2::1/48");
  BOOST_TEST(a[2].cidr.str() == "2001:db8:3::3/64");  // default /64
  for (const AddressSpec& s : a) {
    BOOST_TEST(!s.nodad);
    BOOST_TEST(s.preferred == 0xffffffffu);
    BOOST_TEST(int(s.scope) == 0);
  }
  // Empty lines are skipped.
  p = Manual({{"IF_ADDRESS", "2001:db8::1/64\n\n2001:db8::2/64\n"}});
  ExpectOk(p);
  BOOST_TEST(p.options.addresses.size() == 2u);
}

BOOST_AUTO_TEST_CASE(address_netmask) {
  ParsedOptions p = Manual({{"IF_ADDRESS", "2001:db8::1\n2001:db8::2/80"}, {"IF_NETMASK", "56"}});
  ExpectOk(p);
  BOOST_TEST_REQUIRE(p.options.addresses.size() == 2u);
  BOOST_TEST(p.options.addresses[0].cidr.str() == "2001:db8::1/56");  // from netmask
  BOOST_TEST(p.options.addresses[1].cidr.str() == "2001:db8::2/80");  // explicit wins
  p = Manual({{"IF_ADDRESS", "2001:db8::1"}, {"IF_NETMASK", "128"}});
  ExpectOk(p);
  BOOST_TEST(p.options.addresses.at(0).cidr.len == 128);
  for (const char* bad : {"0", "129", "abc", "", "-1", "64x"}) {
    BOOST_TEST_CONTEXT("netmask '" << bad << "'") {
      p = Manual({{"IF_ADDRESS", "2001:db8::1"}, {"IF_NETMASK", bad}});
      ExpectError(p, "option netmask: '" + std::string(bad) + "': expected a prefix length 1-128");
    }
  }
}

BOOST_AUTO_TEST_CASE(address_rejected) {
  for (const char* bad : {"2001:db8::1/0", "2001:db8::1/129", "2001:db8::1/abc", "2001:db8::1/",
                          "2001:db8::1/64x", "2001:db8::1/-64", "10.0.0.1", "10.0.0.1/24",
                          "bogus", "/64", "2001:db8::1 /64"}) {
    BOOST_TEST_CONTEXT("address '" << bad << "'") {
      ParsedOptions p = Manual({{"IF_ADDRESS", bad}});
      ExpectError(p, "option address: '" + std::string(bad) +
                         "': expected an IPv6 address with an optional /LEN (1-128)");
      BOOST_TEST(p.options.addresses.empty());
    }
  }
  for (const char* bad : {"::/64", "::1/128", "ff02::1/64", "ff05::2", "::ffff:10.0.0.1/96", "::ffff:0:0"}) {
    BOOST_TEST_CONTEXT("address '" << bad << "'") {
      ParsedOptions p = Manual({{"IF_ADDRESS", bad}});
      ExpectError(p, "option address: '" + std::string(bad) +
                         "': expected a unicast address for an interface (not ::, ::1, "
                         "multicast or IPv4-mapped)");
      BOOST_TEST(p.options.addresses.empty());
    }
  }
  // Each bad line is reported on its own; the good one is kept.
  ParsedOptions p = Manual({{"IF_ADDRESS", "2001:db8::1/64\nbad1\n2001:db8::2/200"}});
  BOOST_TEST(p.errors.size() == 2u, Errors(p));
  BOOST_TEST(p.options.addresses.size() == 1u);
  BOOST_TEST(Errors(p).find("'bad1'") != std::string::npos);
  BOOST_TEST(Errors(p).find("'2001:db8::2/200'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(address_only_in_manual) {
  // static adds its own address; the hook only reads it.
  ParsedOptions p = Static6({{"IF_ADDRESS", "2001:db8::1"}, {"IF_NETMASK", "64"}});
  ExpectOk(p);
  BOOST_TEST(p.options.addresses.empty());
  BOOST_TEST_REQUIRE(p.options.method_address.has_value());
  BOOST_TEST(p.options.method_address->str() == "2001:db8::1/64");
  p = Parse(Stanza("inet6", "auto", {{"IF_ADDRESS", "2001:db8::1/64"}}));
  ExpectOk(p);
  BOOST_TEST(p.options.addresses.empty());
  BOOST_TEST(!p.options.method_address.has_value());
  p = Inet("static", {{"IF_ADDRESS", "10.0.0.1"}, {"IF_NETMASK", "255.255.255.0"}});
  ExpectOk(p);  // an IPv4 address and netmask are not ours to validate
  BOOST_TEST(p.options.addresses.empty());
}

// --- gateway, metric ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(gateway) {
  ParsedOptions p = Manual({{"IF_GATEWAY", "2001:db8:1::1"}});
  ExpectOk(p);
  BOOST_TEST(p.options.gateway == std::optional<In6>(V6("2001:db8:1::1")));
  p = Manual({{"IF_GATEWAY", "fe80::1"}});
  ExpectOk(p);
  BOOST_TEST(p.options.gateway == std::optional<In6>(V6("fe80::1")));
  for (const char* bad : {"bogus", "::", "ff02::2", "10.0.0.1", "2001:db8::1/64"}) {
    BOOST_TEST_CONTEXT("gateway '" << bad << "'") {
      p = Manual({{"IF_GATEWAY", bad}});
      ExpectError(p, "option gateway: '" + std::string(bad) + "': expected a unicast IPv6 address");
      BOOST_TEST(!p.options.gateway.has_value());
    }
  }
  // static adds its own gateway.
  p = Static6({{"IF_GATEWAY", "2001:db8:1::1"}, {"IF_ADDRESS", "2001:db8:1::5"}});
  ExpectOk(p);
  BOOST_TEST(!p.options.gateway.has_value());
  p = Static6({{"IF_GATEWAY", "bogus"}});
  ExpectOk(p);  // ifupdown's static method reports its own options
}

BOOST_AUTO_TEST_CASE(metric) {
  ParsedOptions p = Manual({{"IF_GATEWAY", "fe80::1"}, {"IF_METRIC", "100"}});
  ExpectOk(p);
  BOOST_TEST(p.options.metric.value_or(7) == 100u);
  p = Manual({{"IF_METRIC", "0"}});
  BOOST_TEST(p.options.metric.value_or(7) == 0u);
  p = Manual({{"IF_METRIC", "4294967295"}});
  ExpectOk(p);
  BOOST_TEST(p.options.metric.value_or(7) == 4294967295u);
  p = Manual();
  BOOST_TEST(!p.options.metric.has_value());
  for (const char* bad : {"-1", "4294967296", "abc", "", "10 ", "-4294967295",
                          "18446744073709551616"}) {
    BOOST_TEST_CONTEXT("metric '" << bad << "'") {
      p = Manual({{"IF_METRIC", bad}});
      ExpectError(p, "option metric: '" + std::string(bad) + "': expected a route metric 0-4294967295");
    }
  }
}

// --- the method's own sysctl options ----------------------------------------------

BOOST_AUTO_TEST_CASE(accept_ra) {
  for (int v : {0, 1, 2}) {
    ParsedOptions p = Manual({{"IF_ACCEPT_RA", std::to_string(v)}});
    ExpectOk(p);
    BOOST_TEST(p.options.accept_ra.value_or(kAbsent) == v);
    BOOST_TEST(SysctlValue(p.options, Conf::kAcceptRa) == v);
    BOOST_TEST(std::string(p.options.sysctls.at(0).option) == "accept_ra");
  }
  for (const char* bad : {"3", "-1", "yes", ""}) {
    BOOST_TEST_CONTEXT("accept_ra '" << bad << "'") {
      ParsedOptions p = Manual({{"IF_ACCEPT_RA", bad}});
      ExpectError(p, "option accept_ra: '" + std::string(bad) + "': expected 0, 1 or 2");
      BOOST_TEST(!p.options.accept_ra.has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(autoconf_and_privext) {
  ParsedOptions p = Manual({{"IF_AUTOCONF", "0"}, {"IF_PRIVEXT", "2"}});
  ExpectOk(p);
  BOOST_TEST(SysctlValue(p.options, Conf::kAutoconf) == 0);
  BOOST_TEST(SysctlValue(p.options, Conf::kUseTempaddr) == 2);
  p = Manual({{"IF_AUTOCONF", "1"}, {"IF_PRIVEXT", "0"}});
  ExpectOk(p);
  BOOST_TEST(SysctlValue(p.options, Conf::kAutoconf) == 1);
  BOOST_TEST(SysctlValue(p.options, Conf::kUseTempaddr) == 0);
  p = Manual({{"IF_AUTOCONF", "2"}});
  ExpectError(p, "option autoconf: '2': expected 0 or 1");
  p = Manual({{"IF_PRIVEXT", "3"}});
  ExpectError(p, "option privext: '3': expected 0, 1 or 2");
  p = Manual({{"IF_PRIVEXT", "on"}});
  ExpectRejected(p, "privext", "on");
}

BOOST_AUTO_TEST_CASE(method_sysctls_ignored_outside_manual) {
  // static and auto write accept_ra/autoconf/privext themselves: not ours, not
  // even validated.
  const Vars method_owned{{"IF_ACCEPT_RA", "0"}, {"IF_AUTOCONF", "0"}, {"IF_PRIVEXT", "2"}};
  const Vars bad{{"IF_ACCEPT_RA", "9"}, {"IF_AUTOCONF", "x"}, {"IF_PRIVEXT", "-1"}};
  for (const char* method : {"static", "auto", "dhcp"}) {
    BOOST_TEST_CONTEXT("method " << method) {
      Vars extra = method_owned;
      extra["IF_ADDRESS"] = "2001:db8::1";
      ParsedOptions p = Parse(Stanza("inet6", method, extra));
      ExpectOk(p);
      BOOST_TEST(p.options.sysctls.empty());
      BOOST_TEST(!p.options.accept_ra.has_value());
      p = Parse(Stanza("inet6", method, bad));
      ExpectOk(p);
      BOOST_TEST(p.options.sysctls.empty());
    }
  }
  ParsedOptions p = Inet("manual", method_owned);
  ExpectOk(p);
  BOOST_TEST(p.options.sysctls.empty());
  BOOST_TEST(!p.options.accept_ra.has_value());
}

// --- ipv6-* sysctls (every method) ------------------------------------------------

BOOST_AUTO_TEST_CASE(ipv6_forwarding) {
  for (const char* method : {"manual", "static"}) {
    ParsedOptions p = Parse(Stanza("inet6", method, {{"IF_IPV6_FORWARDING", "1"}}));
    ExpectOk(p);
    BOOST_TEST(SysctlValue(p.options, Conf::kForwarding) == 1);
    BOOST_TEST(std::string(p.options.sysctls.at(0).option) == "ipv6-forwarding");
  }
  ParsedOptions p = Inet("static", {{"IF_IPV6_FORWARDING", "0"}});
  ExpectOk(p);
  BOOST_TEST(SysctlValue(p.options, Conf::kForwarding) == 0);
  p = Manual({{"IF_IPV6_FORWARDING", "2"}});
  ExpectError(p, "option ipv6-forwarding: '2': expected 0 or 1");
  p = Static6({{"IF_IPV6_FORWARDING", "yes"}});
  ExpectRejected(p, "ipv6-forwarding", "yes");
}

BOOST_AUTO_TEST_CASE(ipv6_router_solicitations) {
  for (int v : {-1, 0, 3, 1000}) {
    ParsedOptions p = Manual({{"IF_IPV6_ROUTER_SOLICITATIONS", std::to_string(v)}});
    ExpectOk(p);
    BOOST_TEST(SysctlValue(p.options, Conf::kRouterSolicitations) == v);
  }
  ParsedOptions p = Manual({{"IF_IPV6_ROUTER_SOLICITATIONS", "-2"}});
  ExpectError(p, "option ipv6-router-solicitations: '-2': expected -1 (unlimited) or a count >= 0");
  p = Static6({{"IF_IPV6_ROUTER_SOLICITATIONS", "many"}});
  ExpectRejected(p, "ipv6-router-solicitations", "many");
}

BOOST_AUTO_TEST_CASE(ipv6_dad_sysctls) {
  ParsedOptions p = Manual({{"IF_IPV6_DAD_TRANSMITS", "3"}, {"IF_IPV6_ACCEPT_DAD", "2"},
                            {"IF_IPV6_OPTIMISTIC_DAD", "1"}});
  ExpectOk(p);
  BOOST_TEST(SysctlValue(p.options, Conf::kDadTransmits) == 3);
  BOOST_TEST(SysctlValue(p.options, Conf::kAcceptDad) == 2);
  BOOST_TEST(SysctlValue(p.options, Conf::kOptimisticDad) == 1);
  p = Manual({{"IF_IPV6_DAD_TRANSMITS", "0"}, {"IF_IPV6_ACCEPT_DAD", "0"}, {"IF_IPV6_OPTIMISTIC_DAD", "0"}});
  ExpectOk(p);
  BOOST_TEST(SysctlValue(p.options, Conf::kDadTransmits) == 0);
  p = Manual({{"IF_IPV6_DAD_TRANSMITS", "-1"}});
  ExpectError(p, "option ipv6-dad-transmits: '-1': expected a count >= 0");
  p = Manual({{"IF_IPV6_ACCEPT_DAD", "3"}});
  ExpectError(p, "option ipv6-accept-dad: '3': expected 0, 1 or 2");
  p = Manual({{"IF_IPV6_OPTIMISTIC_DAD", "2"}});
  ExpectError(p, "option ipv6-optimistic-dad: '2': expected 0 or 1");
}

BOOST_AUTO_TEST_CASE(sysctls_in_table_order) {
  ParsedOptions p = Manual({{"IF_IPV6_OPTIMISTIC_DAD", "1"}, {"IF_IPV6_ACCEPT_DAD", "0"},
                            {"IF_IPV6_DAD_TRANSMITS", "2"}, {"IF_IPV6_ROUTER_SOLICITATIONS", "-1"},
                            {"IF_PRIVEXT", "0"}, {"IF_AUTOCONF", "1"}, {"IF_ACCEPT_RA", "2"},
                            {"IF_IPV6_FORWARDING", "1"}});
  ExpectOk(p);
  std::vector<std::string> names;
  for (const SysctlOption& s : p.options.sysctls) names.push_back(ConfName(s.conf));
  std::vector<std::string> want{"forwarding", "accept_ra", "autoconf", "use_tempaddr",
                                "router_solicitations", "dad_transmits", "accept_dad", "optimistic_dad"};
  BOOST_TEST(names == want, boost::test_tools::per_element());
}

// RFC 4429: `ipv6-optimistic-dad 1` makes the stanza's addresses optimistic;
// nodad (dad-attempts 0) would contradict it, and the kernel refuses both.
BOOST_AUTO_TEST_CASE(optimistic_dad_makes_the_addresses_optimistic) {
  ParsedOptions p =
      Manual({{"IF_ADDRESS", "2001:db8::1/64\n2001:db8::2/64"}, {"IF_IPV6_OPTIMISTIC_DAD", "1"}});
  ExpectOk(p);
  BOOST_TEST(p.options.optimistic);
  BOOST_TEST_REQUIRE(p.options.addresses.size() == 2u);
  for (const AddressSpec& a : p.options.addresses) BOOST_TEST((a.optimistic && !a.nodad));
  p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_IPV6_OPTIMISTIC_DAD", "0"}});
  ExpectOk(p);
  BOOST_TEST(!p.options.optimistic);
  BOOST_TEST(!p.options.addresses.at(0).optimistic);
  p = Inet("static",
           {{"IF_ADDRESS", "192.0.2.1"}, {"IF_TOKEN", "auto"}, {"IF_IPV6_OPTIMISTIC_DAD", "1"}});
  ExpectOk(p);
  BOOST_TEST(p.options.optimistic);  // the link-local it may add, and use_optimistic
  p = Manual({{"IF_ADDRESS", "2001:db8::1/64"},
              {"IF_IPV6_OPTIMISTIC_DAD", "1"},
              {"IF_DAD_ATTEMPTS", "0"}});
  ExpectError(
      p,
      "option ipv6-optimistic-dad: '1': optimistic DAD is still DAD, and 'dad-attempts 0' adds "
      "the addresses without DAD (nodad); drop one of the two options");
}

BOOST_AUTO_TEST_CASE(every_error_at_once) {
  ParsedOptions p = Manual({{"IF_TOKEN", "::"}, {"IF_ACCEPT_RA", "5"}, {"IF_GATEWAY", "x"},
                            {"IF_IPV6_LINK_LOCAL", "bogus"}});
  BOOST_TEST(p.errors.size() == 4u, Errors(p));
}

// --- DAD, lifetimes, scope (manual) ----------------------------------------------

BOOST_AUTO_TEST_CASE(dad_attempts) {
  ParsedOptions p = Manual({{"IF_ADDRESS", "2001:db8::1/64\n2001:db8::2/64"}, {"IF_DAD_ATTEMPTS", "0"}});
  ExpectOk(p);
  BOOST_TEST(p.options.dad_attempts == 0);
  BOOST_TEST_REQUIRE(p.options.addresses.size() == 2u);
  BOOST_TEST(p.options.addresses[0].nodad);  // dad-attempts 0 -> nodad
  BOOST_TEST(p.options.addresses[1].nodad);
  p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_DAD_ATTEMPTS", "3"}});
  ExpectOk(p);
  BOOST_TEST(p.options.dad_attempts == 3);
  BOOST_TEST(!p.options.addresses.at(0).nodad);
  BOOST_TEST(p.options.DadTimeoutMs() == 300);
  p = Manual();
  BOOST_TEST(p.options.dad_attempts == 60);  // ifupdown's defaults: 60 x 0.1 s
  BOOST_TEST(p.options.DadTimeoutMs() == 6000);
  for (const char* bad : {"-1", "x", "1.5", "100001"}) {
    p = Manual({{"IF_DAD_ATTEMPTS", bad}});
    ExpectError(p, "option dad-attempts: '" + std::string(bad) + "': expected a count >= 0");
  }
}

BOOST_AUTO_TEST_CASE(dad_interval) {
  ParsedOptions p = Manual({{"IF_DAD_ATTEMPTS", "10"}, {"IF_DAD_INTERVAL", "0.5"}});
  ExpectOk(p);
  BOOST_TEST(p.options.dad_interval == 0.5);
  BOOST_TEST(p.options.DadTimeoutMs() == 5000);
  p = Manual({{"IF_DAD_INTERVAL", "2"}});
  ExpectOk(p);
  BOOST_TEST(p.options.DadTimeoutMs() == 120000);
  for (const char* bad : {"-0.1", "abc", "", "0.1s", "3601", "nan"}) {
    BOOST_TEST_CONTEXT("dad-interval '" << bad << "'") {
      p = Manual({{"IF_DAD_INTERVAL", bad}});
      ExpectError(p, "option dad-interval: '" + std::string(bad) + "': expected seconds, e.g. 0.1");
      BOOST_TEST(p.options.dad_interval == 0.1);
    }
  }
}

BOOST_AUTO_TEST_CASE(token_wait) {
  // Every stanza with a token takes it: inet6 manual and static, inet (the
  // Wikimedia layout), and the merged stanzas of ifupdown2 and ifupdown-ng.
  ParsedOptions p = Manual({{"IF_TOKEN_WAIT", "10"}});
  ExpectOk(p);
  BOOST_TEST(p.options.TokenWaitMs() == 10000);
  p = Static6({{"IF_ADDRESS", "2001:db8::1"}, {"IF_NETMASK", "64"}, {"IF_TOKEN_WAIT", "2.5"}});
  ExpectOk(p);
  BOOST_TEST(p.options.TokenWaitMs() == 2500);
  p = Inet("static",
           {{"IF_ADDRESS", "208.80.154.23"}, {"IF_TOKEN", "auto"}, {"IF_TOKEN_WAIT", "3600"}});
  ExpectOk(p);
  BOOST_TEST(p.options.TokenWaitMs() == 3600000);
  p = Parse(Ng({{"IF_TOKEN_WAIT", "0.5"}}));
  ExpectOk(p);
  BOOST_TEST(p.options.TokenWaitMs() == 500);
  p = Parse(Ifupdown2({{"IF_TOKEN_WAIT", "10"}}));
  ExpectOk(p);
  BOOST_TEST(p.options.TokenWaitMs() == 10000);
  p = Manual();
  BOOST_TEST(!p.options.token_wait);  // no option: no wait
  BOOST_TEST(p.options.TokenWaitMs() == 0);
  for (const char* bad : {"0", "-1", "3600.5", "x", "", "10s", "nan", "inf"}) {
    BOOST_TEST_CONTEXT("token-wait '" << bad << "'") {
      p = Manual({{"IF_TOKEN_WAIT", bad}});
      ExpectError(p, "option token-wait: '" + std::string(bad) +
                         "': expected seconds, more than 0 and at most 3600, e.g. 10 (leave the "
                         "option out for no wait)");
      BOOST_TEST(!p.options.token_wait);
    }
  }
  p = Manual({{"IF_TOKEN_WAIT", "10\n20"}});
  ExpectError(p, "option token-wait: '10\\n20': given more than once; write it once");
  p = Manual({{"IF_TOKEN", "none"}, {"IF_TOKEN_WAIT", "10"}});
  ExpectError(p,
              "option token-wait: '10': waits for the token's address, and this stanza has "
              "'token none'");
}

BOOST_AUTO_TEST_CASE(preferred_lifetime) {
  ParsedOptions p = Manual({{"IF_ADDRESS", "2001:db8::1/64\n2001:db8::2/64"}, {"IF_PREFERRED_LIFETIME", "3600"}});
  ExpectOk(p);
  BOOST_TEST_REQUIRE(p.options.addresses.size() == 2u);
  BOOST_TEST(p.options.addresses[0].preferred == 3600u);
  BOOST_TEST(p.options.addresses[1].preferred == 3600u);
  p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_PREFERRED_LIFETIME", "0"}});
  ExpectOk(p);
  BOOST_TEST(p.options.addresses.at(0).preferred == 0u);  // deprecated at once
  p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_PREFERRED_LIFETIME", "forever"}});
  ExpectOk(p);
  BOOST_TEST(p.options.addresses.at(0).preferred == 0xffffffffu);
  // The top of the range, the same with a 32-bit long (i386, armhf).
  p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_PREFERRED_LIFETIME", "4294967294"}});
  ExpectOk(p);
  BOOST_TEST(p.options.addresses.at(0).preferred == 4294967294u);
  for (const char* bad : {"abc", "-5", "4294967295", "1h", "99999999999999999999"}) {
    BOOST_TEST_CONTEXT("preferred-lifetime '" << bad << "'") {
      p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_PREFERRED_LIFETIME", bad}});
      ExpectError(p, "option preferred-lifetime: '" + std::string(bad) + "': expected seconds or 'forever'");
    }
  }
}

BOOST_AUTO_TEST_CASE(scope) {
  struct Case { const char* name; uint8_t value; };
  for (const Case& c : {Case{"global", 0}, Case{"site", 200}, Case{"link", 253}, Case{"host", 254}}) {
    ParsedOptions p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_SCOPE", c.name}});
    ExpectOk(p);
    BOOST_TEST(int(p.options.addresses.at(0).scope) == int(c.value));
  }
  ParsedOptions p = Manual({{"IF_ADDRESS", "2001:db8::1/64"}, {"IF_SCOPE", "planet"}});
  ExpectError(p, "option scope: 'planet': expected global, site, link or host");
}

BOOST_AUTO_TEST_CASE(manual_only_options_ignored_elsewhere) {
  const Vars bad{{"IF_DAD_ATTEMPTS", "x"}, {"IF_DAD_INTERVAL", "x"}, {"IF_PREFERRED_LIFETIME", "x"},
                 {"IF_SCOPE", "x"}, {"IF_METRIC", "x"}, {"IF_GATEWAY", "x"}};
  for (const char* method : {"static", "auto"}) {
    ParsedOptions p = Parse(Stanza("inet6", method, bad));
    ExpectOk(p);
    BOOST_TEST(p.options.dad_attempts == 60);
  }
  ParsedOptions p = Inet("manual", bad);
  ExpectOk(p);
}

// --- ipv6-link-local ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(link_local_modes) {
  ParsedOptions p = Manual();
  BOOST_TEST((p.options.link_local == LinkLocal::kKernel));
  p = Manual({{"IF_IPV6_LINK_LOCAL", "eui64"}});
  ExpectOk(p);
  BOOST_TEST((p.options.link_local == LinkLocal::kEui64));
  p = Manual({{"IF_IPV6_LINK_LOCAL", "stable-privacy"}});
  ExpectOk(p);
  BOOST_TEST((p.options.link_local == LinkLocal::kStablePrivacy));
  p = Manual({{"IF_IPV6_LINK_LOCAL", "random"}});
  ExpectOk(p);
  BOOST_TEST((p.options.link_local == LinkLocal::kRandom));
  p = Inet("static", {{"IF_IPV6_LINK_LOCAL", "random"}});  // the link-level part: every family
  ExpectOk(p);
  BOOST_TEST((p.options.link_local == LinkLocal::kRandom));
}

BOOST_AUTO_TEST_CASE(link_local_token) {
  ParsedOptions p = Manual({{"IF_IPV6_LINK_LOCAL", "token"}});
  ExpectOk(p);
  BOOST_TEST((p.options.link_local == LinkLocal::kToken));
  BOOST_TEST(p.options.link_local_addr == V6("fe80::208:80:154:23"));
  p = Inet("static", {{"IF_TOKEN", "auto"}, {"IF_ADDRESS", "10.1.2.3"}, {"IF_IPV6_LINK_LOCAL", "token"}});
  ExpectOk(p);
  BOOST_TEST(p.options.link_local_addr == V6("fe80::10:1:2:3"));
  p = Manual({{"IF_TOKEN", "none"}, {"IF_IPV6_LINK_LOCAL", "token"}});
  ExpectError(p, "option ipv6-link-local: 'token': needs a token, and this stanza has 'token none'");
}

BOOST_AUTO_TEST_CASE(link_local_address) {
  ParsedOptions p = Manual({{"IF_IPV6_LINK_LOCAL", "fe80::208:80:154:31"}});
  ExpectOk(p);
  BOOST_TEST((p.options.link_local == LinkLocal::kAddress));
  BOOST_TEST(p.options.link_local_addr == V6("fe80::208:80:154:31"));
  // The address needs no token of its own.
  p = Manual({{"IF_TOKEN", "none"}, {"IF_IPV6_LINK_LOCAL", "fe80::1"}});
  ExpectOk(p);
  BOOST_TEST(p.options.link_local_addr == V6("fe80::1"));
  for (const char* bad : {"2001:db8::1", "fe80::", "fe80:0:0:1::5", "febf::1", "fe80::1/64",
                          "EUI64", "bogus", ""}) {
    BOOST_TEST_CONTEXT("ipv6-link-local '" << bad << "'") {
      p = Manual({{"IF_IPV6_LINK_LOCAL", bad}});
      ExpectError(p, "option ipv6-link-local: '" + std::string(bad) +
                         "': expected eui64, token, stable-privacy, random or an fe80::/64 address");
      BOOST_TEST((p.options.link_local == LinkLocal::kKernel));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_longest_dad_wait_fits) {
  // 600 x 3600 s overflowed an int: "did not finish within -2147483648 ms".
  ParsedOptions p = Manual({{"IF_DAD_ATTEMPTS", "600"}, {"IF_DAD_INTERVAL", "3600"}});
  ExpectOk(p);
  BOOST_TEST(p.options.DadTimeoutMs() == int64_t(2160000000));
  p = Manual({{"IF_DAD_ATTEMPTS", "100000"}, {"IF_DAD_INTERVAL", "3600"}});
  ExpectOk(p);
  BOOST_TEST(p.options.DadTimeoutMs() == int64_t(360000000000));
}

BOOST_AUTO_TEST_CASE(every_error_is_one_line) {
  // A repeated option reaches the hook newline-joined: one line that says so,
  // with the newline escaped, never a second line that a value could forge.
  ExpectError(Manual({{"IF_ACCEPT_RA", "1\nifupdown-token: eno1: all good"}}),
              "option accept_ra: '1\\nifupdown-token: eno1: all good': given more than once; write it once");
  ExpectError(Manual({{"IF_TOKEN", "::1\n::2"}}), "option token: '::1\\n::2': given more than once; write it once");
  ExpectError(Manual({{"IF_GATEWAY", "fe80::1\nfe80::2"}}),
              "option gateway: 'fe80::1\\nfe80::2': given more than once; write it once");
  // A long value is shown in part, with its length.
  ParsedOptions p = Manual({{"IF_TOKEN", std::string(120000, 'a')}});
  BOOST_TEST_REQUIRE(p.errors.size() == 1u);
  BOOST_TEST(p.errors[0].text.size() < 300u);
  BOOST_TEST(p.errors[0].text.find("... (120000 bytes)") != std::string::npos, p.errors[0].text);
  p = Manual({{"IF_TOKEN", "::1\x1b[2J"}});
  BOOST_TEST_REQUIRE(p.errors.size() == 1u);
  BOOST_TEST(p.errors[0].text.find("\\x1b[2J") != std::string::npos, p.errors[0].text);
}

// The option names the man page lists under OPTIONS: the first word of each
// top-level item (`.TP` outside `.RS`), and each word after a `""` there
// (".BI dad\-attempts " N, " "" dad\-interval ...": two options, one item).
static std::set<std::string> ManPageOptions() {
  std::ifstream in("man/ifupdown-token-interfaces.5");
  BOOST_TEST_REQUIRE(in.good(), "man/ifupdown-token-interfaces.5 is readable");
  std::set<std::string> out;
  std::string line;
  bool options = false, item = false;
  int depth = 0;
  while (std::getline(in, line)) {
    if (line.starts_with(".SH") || line.starts_with(".SS")) options = line == ".SH OPTIONS";
    if (!options) continue;
    if (line.starts_with(".RS")) ++depth;
    if (line.starts_with(".RE")) --depth;
    if (item && line.starts_with(".B")) {
      for (size_t at; (at = line.find("\\-")) != std::string::npos;) line.replace(at, 2, "-");
      std::istringstream words(line);
      std::string macro, word, before = "\"\"";
      words >> macro;
      while (words >> word) {
        if (before == "\"\"" && !word.starts_with('"')) out.insert(word);
        before = word;
      }
    }
    item = depth == 0 && line == ".TP";
  }
  return out;
}

BOOST_AUTO_TEST_CASE(the_man_page_lists_every_option_of_the_table) {
  std::set<std::string> table;
  for (const StanzaOption& o : StanzaOptions()) table.insert(o.name);
  BOOST_TEST(table.size() == StanzaOptions().size(), "no option twice");
  BOOST_TEST(ManPageOptions() == table, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_table_says_who_reads_an_option) {
  for (const StanzaOption& o : StanzaOptions()) {
    BOOST_TEST_CONTEXT(o.name) {
      std::string var = "IF_";  // ifupdown's name for the option's variable
      for (char c : std::string(o.name)) var += c == '-' ? '_' : char(toupper(c));
      BOOST_TEST(std::string(o.var) == var);
      if (o.setting) BOOST_TEST(std::string(StanzaOptionOf(*o.setting)) == o.name);
    }
  }
  // ifupdown's own names for what its inet6 methods write are the method's
  // outside inet6 manual: a static stanza's accept_ra is not ours.
  BOOST_TEST((StanzaOptionNamed("accept_ra")->owner == OptionOwner::kInet6Manual));
  BOOST_TEST((StanzaOptionNamed("ipv6-forwarding")->owner == OptionOwner::kEveryStanza));
  BOOST_TEST(!StanzaOptionNamed("mtu"));
  BOOST_TEST(!Static6({{"IF_ACCEPT_RA", "2"}}).options.accept_ra);
  BOOST_TEST((Manual({{"IF_ACCEPT_RA", "2"}}).options.accept_ra == 2));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
