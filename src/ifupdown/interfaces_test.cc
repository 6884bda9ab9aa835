// Tests for the interfaces(5) reader. Fixtures: tests/interfaces/ (one file
// per tricky case; sub-directories hold sourced files and error cases). Run
// from the repository root. The cross-check tests compare the reader with the
// real `ifquery` (package ifupdown) and fail if it is missing.
#include "ifupdown/interfaces.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ifupdown/method_model.h"
#include "testing/test_util.h"

namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;
using ift::Run;
using ift::Shell;

const std::string kDir = "tests/interfaces/";

ift::InterfacesFile Read(const std::string& name) { return ift::ReadInterfaces(kDir + name); }

std::string Short(const std::string& file) {
  return file.starts_with(kDir) ? file.substr(kDir.size()) : file;
}

// "name=value @file:line", file relative to tests/interfaces/.
Strings Shown(const std::vector<ift::Option>& options) {
  Strings out;
  for (const ift::Option& o : options)
    out.push_back(o.name + "=" + o.value + " @" + Short(o.file) + ":" + std::to_string(o.line));
  return out;
}

// The IF_* variables the hooks get for `s` (inet6 manual: the options as
// merged, nothing added).
std::map<std::string, std::string> IfVars(const ift::Stanza& s) {
  std::map<std::string, std::string> vars;
  for (const auto& [name, value] : ift::HookEnvironment(s))
    if (name.starts_with("IF_")) vars[name] = value;
  return vars;
}

// "iface family method @file:line" for every stanza.
Strings Headers(const ift::InterfacesFile& f) {
  Strings out;
  for (const ift::Stanza& s : f.stanzas)
    out.push_back(s.iface + " " + s.family + " " + s.method + " @" + Short(s.file) + ":" +
                  std::to_string(s.line));
  return out;
}

bool HasNote(const ift::InterfacesFile& f, const std::string& text) {
  return std::any_of(f.notes.begin(), f.notes.end(),
                     [&](const auto& n) { return ift::Str(n).find(text) != std::string::npos; });
}

// "FILE:LINE: text" for each: the golden form, as the commands print them.
Strings Lines(const std::vector<ift::Diagnostic>& ds) {
  Strings out;
  for (const ift::Diagnostic& d : ds) out.push_back(ift::Str(d));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(interfaces)

using boost::test_tools::per_element;

BOOST_AUTO_TEST_CASE(basic_comments_tabs_spaces) {
  auto f = Read("basic");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(f.notes.empty());
  BOOST_TEST(Headers(f) == (Strings{"v0 inet6 manual @basic:4", "v1 inet6 manual @basic:12"}),
             per_element());
  // A '#' after the first word is part of the value; tabs inside are kept.
  BOOST_TEST(Shown(f.stanzas[0].options) ==
                 (Strings{"mtu=1400 @basic:6", "description=uplink to the  core   router @basic:7",
                          "my.weird+opt=x y\tz @basic:9",
                          "up=echo \"# not a comment\" > /dev/null @basic:10"}),
             per_element());
  // Tab-separated words; trailing blanks cut.
  BOOST_TEST(Shown(f.stanzas[1].options) ==
                 (Strings{"token=::10:64:0:10 @basic:13", "accept_ra=2 @basic:14"}),
             per_element());
  BOOST_TEST(f.classes.at("auto") == Strings{"v0"}, per_element());
}

BOOST_AUTO_TEST_CASE(continuation_lines) {
  auto f = Read("continuation");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(Headers(f) == Strings{"c0 inet6 manual @continuation:4"}, per_element());
  BOOST_TEST(Shown(f.stanzas[0].options) ==
                 (Strings{"up=ip token set ::10         dev c0 @continuation:6",
                          "long-value=one two# not a comment once continued "
                          "@continuation:8",
                          "not-continued=a \\ @continuation:12", "after=yes @continuation:13",
                          "triple=abc @continuation:14"}),
             per_element());
  BOOST_TEST(f.classes.at("auto") == Strings{"c0"}, per_element());
}

BOOST_AUTO_TEST_CASE(crlf_and_a_lone_allow) {
  auto f = Read("quirks");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(f.classes.empty());
  BOOST_TEST(Headers(f) == Strings{"q0 inet6 manual @quirks:2"}, per_element());
  // The CR is a trailing blank, so a backslash before it continues nothing.
  BOOST_TEST(
      Shown(f.stanzas[0].options) == (Strings{"crlf=1 @quirks:3", "not-joined=a \\ @quirks:4",
                                              "allow-=x @quirks:5", "joined=a  b @quirks:6"}),
      per_element());
}

BOOST_AUTO_TEST_CASE(repeated_options_and_aliases) {
  auto f = Read("repeated");
  BOOST_TEST(f.errors.empty());
  BOOST_REQUIRE_EQUAL(f.stanzas.size(), 1u);
  const ift::Stanza& s = f.stanzas[0];
  // As written: 16 lines, names untouched.
  BOOST_TEST(s.options.size() == 16u);
  BOOST_TEST(Shown({s.options[3]}) == Strings{"post-up=echo two @repeated:6"}, per_element());
  BOOST_TEST(Shown(ift::MergedOptions(s)) ==
                 (Strings{"address=2001:db8:1::10/64\n2001:db8:1::11/64 "
                          "@repeated:3",
                          "pre-up=echo one @repeated:4", "my-opt=a\nb @repeated:5",
                          "up=echo two @repeated:6", "up=echo three @repeated:8",
                          "down=echo four @repeated:9", "down=echo five @repeated:11",
                          "post-down=echo six @repeated:12", "pre-up=echo seven @repeated:13",
                          "my_opt=c @repeated:14", "mtu=1400\n1500 @repeated:15",
                          "fallback=only-if-unset @repeated:18"}),
             per_element());
  // No commands; IF_MY_OPT from my-opt and my_opt: the later one wins.
  auto env = IfVars(s);
  BOOST_TEST(env.size() == 4u);
  BOOST_TEST(env["IF_ADDRESS"] == "2001:db8:1::10/64\n2001:db8:1::11/64");
  BOOST_TEST(env["IF_MY_OPT"] == "c");
  BOOST_TEST(env["IF_MTU"] == "1400\n1500");
  BOOST_TEST(env["IF_FALLBACK"] == "only-if-unset");
}

BOOST_AUTO_TEST_CASE(several_stanzas_per_interface) {
  auto f = Read("stanzas");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(Headers(f) == (Strings{"s0 inet manual @stanzas:3", "s0 inet6 static @stanzas:5",
                                    "s0 inet6 manual @stanzas:8", "s0 inet6 manual @stanzas:11",
                                    "s1 inet6 auto @stanzas:13", "s1 inet6 static @stanzas:15",
                                    "s2:1 inet6 static @stanzas:19"}),
             per_element());
  auto s0 = ift::StanzasOf(f, "s0");
  BOOST_REQUIRE_EQUAL(s0.size(), 4u);
  // Kept apart, and raw: no method conversion, no hwaddress cleanup.
  BOOST_TEST(Shown(s0[1]->options) == (Strings{"address=2001:db8:1::10/64 @stanzas:6",
                                               "gateway=2001:db8:1::1 @stanzas:7"}),
             per_element());
  BOOST_TEST(Shown(s0[2]->options) == (Strings{"token=::10 @stanzas:9",
                                               "hwaddress=ether 02:00:00:00:00:10 @stanzas:10"}),
             per_element());
  BOOST_TEST(Shown(s0[3]->options) == Strings{"token=::11 @stanzas:12"}, per_element());
  // The method splits the address only on the way to the hooks.
  BOOST_TEST(IfVars(*s0[1])["IF_NETMASK"] == "64");
  BOOST_TEST(IfVars(*s0[2])["IF_TOKEN"] == "::10");
  BOOST_TEST(IfVars(*s0[3])["IF_TOKEN"] == "::11");
  BOOST_TEST(f.classes.size() == 1u);
  BOOST_TEST(f.classes.at("auto") == Strings{"s0"}, per_element());
}

BOOST_AUTO_TEST_CASE(source_glob_relative_to_the_sourcing_file) {
  auto f = Read("source");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(
      Headers(f) == (Strings{"a0 inet6 manual @source.d/a.conf:2",
                             "c0 inet6 manual @source.d/../source-other/c:2",
                             "b0 inet6 manual @source.d/b.conf:3", "m0 inet6 manual @source:3"}),
      per_element());
  BOOST_TEST(
      Shown(f.stanzas[1].options) == Strings{"from=source-other/c @source.d/../source-other/c:3"},
      per_element());
  BOOST_TEST(f.classes.at("auto") == Strings{"a0"}, per_element());
  BOOST_TEST(f.classes.at("hotplug") == Strings{"c0"}, per_element());
  BOOST_TEST(Lines(f.notes) == (Strings{"tests/interfaces/source:6: tests/interfaces/"
                                 "source.d/missing does not exist: ifupdown skips it "
                                 "silently",
                                 "tests/interfaces/source:8: tests/interfaces/"
                                 "source.d/a.conf was read already: ifupdown reads a "
                                 "file once"}),
             per_element());
}

BOOST_AUTO_TEST_CASE(source_with_two_words) {
  auto f = Read("source-words");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(Headers(f) == (Strings{"a0 inet6 manual @source.d/a.conf:2",
                                    "c0 inet6 manual @source-other/c:2"}),
             per_element());
  BOOST_TEST(HasNote(f,
                     "source-words:2: 'tests/interfaces/source-other/c' is "
                     "relative to the current directory"));
}

BOOST_AUTO_TEST_CASE(source_with_shell_syntax_is_not_read) {
  auto f = Read("source-shell");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(Headers(f) == Strings{"w0 inet6 manual @source-shell:4"}, per_element());
  BOOST_TEST(f.notes.size() == 2u);
  BOOST_TEST(HasNote(f, "source-shell:2: '$HOME/interfaces' not read"));
  BOOST_TEST(HasNote(f, "source-shell:3: 'source.d;true' not read"));
}

BOOST_AUTO_TEST_CASE(source_directory_run_parts_names_in_c_order) {
  auto f = Read("source-directory");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(Headers(f) == (Strings{"d0 inet6 manual @source-directory.d/10-first:1",
                                    "d0 inet6 manual @source-directory.d/20_second:1",
                                    "d0 inet6 manual @source-directory.d/B9:1",
                                    "d0 inet6 manual @source-directory.d/a9:1",
                                    "d0 inet6 manual @source-directory:3"}),
             per_element());
  BOOST_TEST(Shown(f.stanzas[2].options) == Strings{"from=B9 @source-directory.d/B9:2"},
             per_element());
  BOOST_TEST(Lines(f.notes) == (Strings{"tests/interfaces/source-directory:2: tests/"
                                 "interfaces/source-directory.d/30.skipped not read: "
                                 "source-directory reads only names matching "
                                 "^[a-zA-Z0-9_-]+$",
                                 "tests/interfaces/source-directory.d/50dir: is a "
                                 "directory: ifupdown warns and skips it"}),
             per_element());
}

BOOST_AUTO_TEST_CASE(mapping_is_skipped_with_a_note) {
  auto f = Read("mapping");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(
      Headers(f) == (Strings{"eth0-home inet6 manual @mapping:7", "eth0 inet6 manual @mapping:9"}),
      per_element());
  BOOST_TEST(Shown(f.stanzas[1].options) == Strings{"token=::2 @mapping:10"}, per_element());
  BOOST_REQUIRE_EQUAL(f.notes.size(), 1u);
  BOOST_TEST(ift::Str(f.notes[0]).starts_with("tests/interfaces/mapping:3: mapping eth0 eth1: skipped"));
}

BOOST_AUTO_TEST_CASE(auto_allow_and_other_keywords) {
  auto f = Read("classes");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(f.classes.size() == 3u);
  BOOST_TEST(f.classes.at("auto") == (Strings{"k0", "k1", "k2"}), per_element());
  BOOST_TEST(f.classes.at("hotplug") == (Strings{"k2", "k0"}), per_element());
  BOOST_TEST(f.classes.at("boot") == Strings{"k1"}, per_element());
  BOOST_TEST(f.no_auto_down == Strings{"k1"}, per_element());
  BOOST_TEST(f.no_scripts == (Strings{"k2", "k9*"}), per_element());
  BOOST_TEST(Headers(f) == (Strings{"k0 inet6 manual @classes:9", "k1 inet6 manual @classes:11",
                                    "k2 inet6 manual @classes:12"}),
             per_element());
  BOOST_TEST(f.stanzas[1].options.empty());
}

BOOST_AUTO_TEST_CASE(inherits_copies_an_earlier_stanza) {
  auto f = Read("inherits");
  BOOST_TEST(f.errors.empty());
  BOOST_TEST(Headers(f) == (Strings{"base inet6 manual @inherits:2", "i0 inet6 manual @inherits:5",
                                    "i1 inet6 manual @inherits:7", "i2 inet6 manual @inherits:9",
                                    "i3 inet6 manual @inherits:11"}),
             per_element());
  BOOST_TEST(f.stanzas[1].inherits == "base");
  BOOST_TEST(f.stanzas[4].inherits.empty());
  BOOST_TEST(
      Shown(f.stanzas[1].options) ==
          (Strings{"mtu=1400 @inherits:3", "up=echo base @inherits:4", "mtu=1500 @inherits:6"}),
      per_element());
  BOOST_TEST(Shown(ift::MergedOptions(f.stanzas[1])) ==
                 (Strings{"mtu=1400\n1500 @inherits:3", "up=echo base @inherits:4"}),
             per_element());
  BOOST_TEST(Shown(f.stanzas[2].options).back() == "token=::1 @inherits:8");
  BOOST_TEST(Lines(f.notes) == Strings{"tests/interfaces/inherits:11: extra word "
                                "'extra' on the iface line: ifupdown ignores "
                                "it"},
             per_element());
}

BOOST_AUTO_TEST_CASE(error_in_a_sourced_file_skips_the_rest_of_it) {
  auto f = Read("sourced-error");
  BOOST_TEST(Lines(f.errors) == Strings{"tests/interfaces/sourced-error.d/bad:5: option 'mtu' "
                                 "is not inside an iface stanza (the 'auto' line at "
                                 "tests/interfaces/sourced-error.d/bad:4 ended the "
                                 "stanza)"},
             per_element());
  BOOST_TEST(HasNote(f,
                     "sourced-error.d/bad: after this error ifupdown "
                     "ignores the rest of this file"));
  BOOST_TEST(Headers(f) == (Strings{"e0 inet6 manual @sourced-error:2",
                                    "e1 inet6 manual @sourced-error.d/bad:2",
                                    "e2 inet6 manual @sourced-error:5"}),
             per_element());
  BOOST_TEST(f.classes.at("auto") == (Strings{"e1", "e1x"}), per_element());
}

BOOST_AUTO_TEST_CASE(errors_carry_file_and_line) {
  const std::pair<std::string, std::string> cases[] = {
      {"empty-value", "2: option 'mtu' has no value"},
      {"missing-name", "1: iface without a name: iface NAME FAMILY METHOD"},
      {"missing-family", "2: iface v0: missing address family and method"},
      {"missing-method", "1: iface v0: missing method"},
      {"unknown-family",
       "1: iface v0: unknown address family 'ip6' (inet, inet6, ipx, can, "
       "meta)"},
      {"unknown-method", "1: iface v0: unknown method 'slaac' for inet6"},
      {"option-outside", "1: option 'mtu' is not inside an iface stanza"},
      {"option-after-auto",
       "4: option 'token' is not inside an iface stanza (the 'auto' line at "
       "tests/interfaces/errors/option-after-auto:3 ended the stanza)"},
      {"mapping-option", "3: 'mtu' in a mapping block (only script and map)"},
      {"mapping-two-scripts", "3: second script in one mapping block"},
      {"inherits-unknown", "2: inherits v0: no earlier iface v0 inet6"},
      {"inherits-no-name", "1: 'inherits' needs the name of an earlier iface"},
  };
  for (const auto& [name, text] : cases) {
    BOOST_TEST_CONTEXT(name) {
      auto f = Read("errors/" + name);
      BOOST_REQUIRE_EQUAL(f.errors.size(), 1u);
      BOOST_TEST(f.errors[0].file == kDir + "errors/" + name);
      BOOST_TEST(f.errors[0].line == atoi(text.c_str()));
      BOOST_TEST(Lines(f.errors) == Strings{kDir + "errors/" + name + ":" + text}, per_element());
      BOOST_TEST(HasNote(f, "ifup refuses the whole configuration"));
    }
  }
}

BOOST_AUTO_TEST_CASE(unreadable_files_are_errors) {
  auto missing = Read("no-such-file");
  BOOST_TEST(Lines(missing.errors) == Strings{"tests/interfaces/no-such-file: cannot read: No such "
                                       "file or directory"},
             per_element());
  auto dir = Read("source.d");
  BOOST_TEST(Lines(dir.errors) == Strings{"tests/interfaces/source.d: is a "
                                   "directory, not an interfaces file"},
             per_element());
  BOOST_TEST(dir.stanzas.empty());
}

BOOST_AUTO_TEST_CASE(env_names) {
  BOOST_TEST(ift::EnvName("dad-attempts") == "IF_DAD_ATTEMPTS");
  BOOST_TEST(ift::EnvName("ip6-accept-ra-defrtr") == "IF_IP6_ACCEPT_RA_DEFRTR");
  BOOST_TEST(ift::EnvName("my.weird+opt") == "IF_MYWEIRDOPT");
  BOOST_TEST(ift::EnvName("Upper_Case") == "IF_UPPER_CASE");
  BOOST_TEST(ift::EnvName("caf\xc3\xa9-2") == "IF_CAF_2");
  BOOST_TEST(ift::EnvName("") == "IF_");
}

BOOST_AUTO_TEST_CASE(environment_skips_commands_and_keeps_spaces) {
  auto f = Read("basic");
  BOOST_REQUIRE_EQUAL(f.stanzas.size(), 2u);
  auto env = IfVars(f.stanzas[0]);
  BOOST_TEST(env.size() == 3u);
  BOOST_TEST(env["IF_MTU"] == "1400");
  BOOST_TEST(env["IF_DESCRIPTION"] == "uplink to the  core   router");
  BOOST_TEST(env["IF_MYWEIRDOPT"] == "x y\tz");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Cross-check against the real ifquery (ifupdown 0.8.41) ----

namespace {

std::string FindIfquery() {
  Strings dirs = {"/usr/sbin", "/sbin"};
  if (const char* path = getenv("PATH")) {
    std::string p = path;
    for (size_t b = 0, e; b <= p.size(); b = e + 1) {
      e = std::min(p.find(':', b), p.size());
      dirs.push_back(p.substr(b, e - b));
    }
  }
  for (const std::string& d : dirs)
    if (!d.empty() && access((d + "/ifquery").c_str(), X_OK) == 0) return d + "/ifquery";
  return "";
}

// A state directory, so ifquery never looks at /run/network.
struct StateDir {
  std::string path;
  StateDir() {
    char tmpl[] = "/tmp/iftoken-ifquery-XXXXXX";
    if (mkdtemp(tmpl)) path = tmpl;
  }
  ~StateDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Top-level fixtures: the regular files directly in tests/interfaces/.
Strings Fixtures(const std::string& dir) {
  Strings files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string* Find(Pairs& p, const std::string& name) {
  for (auto& [n, v] : p)
    if (n == name) return &v;
  return nullptr;
}

void Defaults(Pairs& p, const Pairs& defaults) {
  for (const auto& [n, v] : defaults)
    if (!Find(p, n)) p.emplace_back(n, v);
}

// strtok(value, "/"): the fields, empty ones skipped.
Strings SlashFields(const std::string& v) {
  Strings fields;
  for (size_t b = 0, e; b <= v.size(); b = e + 1) {
    e = std::min(v.find('/', b), v.size());
    if (e > b) fields.push_back(v.substr(b, e - b));
  }
  return fields;
}

void CleanHwaddress(Pairs& p) {
  std::string* hw = Find(p, "hwaddress");
  size_t space = hw ? hw->find(' ') : std::string::npos;
  if (space == std::string::npos) return;
  std::string cls = hw->substr(0, space);
  std::transform(cls.begin(), cls.end(), cls.begin(), ::tolower);
  if (cls == "ether" || cls == "ax25" || cls == "arcnet" || cls == "netrom")
    hw->erase(0, space + 1);
}

// The inet6 static conversions documented in interfaces.h.
void Static6(Pairs& p, const std::string& iface) {
  Defaults(p, {{"autoconf", "0"},
               {"preferred-lifetime", ""},
               {"dad-attempts", "60"},
               {"dad-interval", "0.1"}});
  CleanHwaddress(p);
  if (iface.find(':') != std::string::npos) *Find(p, "preferred-lifetime") = "0";
  if (const std::string* address = Find(p, "address")) {
    Strings fields = SlashFields(*address);
    Defaults(p, {{"netmask", fields.size() > 1 ? fields[1] : ""}});
    *Find(p, "address") = fields.empty() ? "" : fields[0];
  }
  if (Find(p, "gateway")) Defaults(p, {{"accept_ra", "0"}});
}

// What ifquery prints for one stanza: the reader's merged options plus the
// method's defaults and conversions, for the methods the corpus uses.
std::string QueryText(const ift::Stanza& s) {
  Pairs p;
  for (const ift::Option& o : ift::MergedOptions(s)) p.emplace_back(o.name, o.value);
  const Pairs dhcp6 = {{"request_prefix", "0"}, {"ll-attempts", "60"}, {"ll-interval", "0.1"}};
  std::string m = s.family + " " + s.method;
  if (m == "inet6 static") {
    Static6(p, s.iface);
  } else if (m == "inet6 auto") {
    Defaults(p, {{"accept_ra", "2"}});
    Defaults(p, dhcp6);
  } else if (m == "inet6 dhcp") {
    Defaults(p, {{"accept_ra", "1"}});
    Defaults(p, dhcp6);
    CleanHwaddress(p);
  } else if (m == "inet6 manual" || m == "inet manual" || m == "inet dhcp") {
    CleanHwaddress(p);
  } else {
    BOOST_FAIL("the ifquery cross-check does not model method " + m);
  }
  std::string text;
  for (const auto& [n, v] : p) text += n + ": " + v + "\n";
  return text;
}

std::string IfqueryNeeded() {
  std::string ifquery = FindIfquery();
  BOOST_REQUIRE_MESSAGE(!ifquery.empty(),
                        "ifquery not found (package ifupdown): the reader "
                        "cannot be cross-checked; install ifupdown");
  BOOST_REQUIRE_MESSAGE(fs::is_directory(kDir),
                        kDir + " not found: run the tests from the repository root");
  return ifquery;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(interfaces)

// For every fixture and interface: `ifquery IFACE` prints exactly what the
// reader's MergedOptions give, with the documented method defaults added.
BOOST_AUTO_TEST_CASE(options_match_ifquery) {
  std::string ifquery = IfqueryNeeded();
  StateDir state;
  BOOST_REQUIRE(!state.path.empty());
  int compared = 0;
  for (const std::string& file : Fixtures(kDir)) {
    auto f = ift::ReadInterfaces(file);
    std::set<std::string> done;
    for (const ift::Stanza& s : f.stanzas) {
      if (!done.insert(s.iface).second) continue;
      std::string expected;
      for (const ift::Stanza* st : ift::StanzasOf(f, s.iface)) expected += QueryText(*st);
      Run r = Shell(ifquery + " --no-mappings --state-dir " + Quote(state.path) + " -i " +
                    Quote(file) + " " + Quote(s.iface) + " 2>/dev/null");
      BOOST_TEST_CONTEXT(file << " " << s.iface) {
        BOOST_TEST(r.status == 0);
        BOOST_TEST(r.out == expected);
      }
      ++compared;
    }
  }
  BOOST_TEST(compared == 29);  // every interface of the corpus
}

// `ifquery --list --allow=CLASS` lists the class members that have a stanza
// (and lo, implicitly, for auto).
BOOST_AUTO_TEST_CASE(classes_match_ifquery) {
  std::string ifquery = IfqueryNeeded();
  StateDir state;
  for (const std::string& file : Fixtures(kDir)) {
    auto f = ift::ReadInterfaces(file);
    for (const auto& [cls, members] : f.classes) {
      std::string expected = cls == "auto" ? "lo\n" : "";
      for (const std::string& m : members)
        if (m != "lo" && !ift::StanzasOf(f, m).empty()) expected += m + "\n";
      Run r = Shell(ifquery + " --no-mappings --state-dir " + Quote(state.path) + " -i " +
                    Quote(file) + " --list --allow=" + Quote(cls) + " 2>/dev/null");
      BOOST_TEST_CONTEXT(file << " class " << cls) { BOOST_TEST(r.out == expected); }
    }
  }
}

// Each error fixture: ifquery refuses it too, naming the same file:line.
BOOST_AUTO_TEST_CASE(errors_match_ifquery) {
  std::string ifquery = IfqueryNeeded();
  StateDir state;
  for (const std::string& file : Fixtures(kDir + "errors")) {
    auto f = ift::ReadInterfaces(file);
    BOOST_TEST_CONTEXT(file) {
      BOOST_REQUIRE(!f.errors.empty());
      std::string where = ift::FileLine(f.errors[0].file, f.errors[0].line) + ":";
      Run r = Shell(ifquery + " --no-mappings --state-dir " + Quote(state.path) + " -i " +
                    Quote(file) + " v0 2>&1");
      BOOST_TEST(r.status != 0);
      BOOST_TEST(r.out.find(where) != std::string::npos,
                 "ifquery said: " << r.out << " expected " << where);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Hostile files: loops, FIFOs, devices, huge lines ----

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/iftoken-interfaces-XXXXXX";
    if (mkdtemp(tmpl)) path = tmpl;
    BOOST_REQUIRE(!path.empty());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    std::string p = path + "/" + name;
    fs::create_directories(fs::path(p).parent_path());
    FILE* f = fopen(p.c_str(), "w");
    BOOST_REQUIRE(f);
    BOOST_REQUIRE_EQUAL(fwrite(text.data(), 1, text.size(), f), text.size());
    fclose(f);
    return p;
  }
  std::string Fifo(const std::string& name) const {
    std::string p = path + "/" + name;
    fs::create_directories(fs::path(p).parent_path());
    BOOST_REQUIRE(mkfifo(p.c_str(), 0600) == 0);
    return p;
  }
};

// What a test looks at: the errors and notes, one per line, and the stanzas.
struct Outcome {
  Strings errors, notes;
  Strings headers;  // "iface family method"
};

Strings SplitLines(const std::string& s) {
  Strings out;
  for (size_t b = 0, e; b < s.size(); b = e + 1) {
    e = s.find('\n', b);
    if (e == std::string::npos) e = s.size();
    out.push_back(s.substr(b, e - b));
  }
  return out;
}

// ReadInterfaces(path) in a child process with 10 s and 1 GiB: the old reader
// waited on a FIFO, grew one line without end on /dev/zero and recursed until
// the name was too long, which must fail the test, not hang or kill the suite.
std::optional<Outcome> ReadBounded(const std::string& path) {
  int p[2];
  BOOST_REQUIRE(pipe(p) == 0);
  fflush(nullptr);
  pid_t pid = fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    close(p[0]);
    alarm(10);
    struct rlimit rl = {1u << 30, 1u << 30};
    setrlimit(RLIMIT_AS, &rl);
    std::string text;
    try {
      ift::InterfacesFile f = ift::ReadInterfaces(path);
      for (const ift::Diagnostic& e : f.errors) text += "E" + ift::Str(e) + "\n";
      for (const ift::Diagnostic& n : f.notes) text += "N" + ift::Str(n) + "\n";
      for (const ift::Stanza& s : f.stanzas)
        text += "S" + s.iface + " " + s.family + " " + s.method + "\n";
    } catch (...) {
      _exit(3);
    }
    for (size_t done = 0; done < text.size();) {
      ssize_t n = write(p[1], text.data() + done, text.size() - done);
      if (n <= 0) _exit(4);
      done += size_t(n);
    }
    _exit(0);
  }
  close(p[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(p[0], buf, sizeof buf)) > 0;) text.append(buf, size_t(n));
  close(p[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    BOOST_TEST_MESSAGE("reading " << path << " did not finish: "
                                  << (WIFSIGNALED(status)
                                          ? "signal " + std::to_string(WTERMSIG(status))
                                          : "exit " + std::to_string(WEXITSTATUS(status))));
    return std::nullopt;
  }
  Outcome o;
  for (const std::string& line : SplitLines(text)) {
    if (line.empty()) continue;
    Strings& to = line[0] == 'E' ? o.errors : line[0] == 'N' ? o.notes : o.headers;
    to.push_back(line.substr(1));
  }
  return o;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

// ---- A host image read as if it were / (`iftoken check --root`) ----

BOOST_AUTO_TEST_SUITE(interfaces_root)

using namespace ift;

// An absolute `source` names the image's file, never the host's; a relative
// one is relative to the file, which is already in the image.
BOOST_AUTO_TEST_CASE(absolute_source_is_read_under_the_root) {
  TempDir t;
  std::string top = t.Write("etc/network/interfaces",
                            "source /etc/network/interfaces.d/*\nsource more\n");
  t.Write("etc/network/interfaces.d/eno1", "iface eno1 inet6 manual\n");
  t.Write("etc/network/more", "iface eno2 inet6 manual\n");
  InterfacesFile f = ReadInterfaces(top, t.path);
  BOOST_TEST(f.errors.empty());
  BOOST_REQUIRE_EQUAL(f.stanzas.size(), 2u);
  BOOST_TEST(f.stanzas[0].file == t.path + "/etc/network/interfaces.d/eno1");
  BOOST_TEST(f.stanzas[1].iface == "eno2");
  // Without the root, the same line reads the host's /etc/network/interfaces.d.
  InterfacesFile host = ReadInterfaces(top);
  BOOST_TEST(std::none_of(host.stanzas.begin(), host.stanzas.end(),
                          [&](const Stanza& s) { return s.file.starts_with(t.path + "/etc/network/interfaces.d"); }));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(interfaces_hostile)

using boost::test_tools::per_element;

// `source ./interfaces`: each round spells the name longer, so names never
// repeat (ifupdown itself reads it about 2,000 times). One error, no
// recursion, the rest of the file read once.
BOOST_AUTO_TEST_CASE(self_source_by_relative_path_is_one_loop_error) {
  TempDir t;
  std::string top =
      t.Write("interfaces", "source ./interfaces\nauto v0\niface v0 inet6 manual\n  mtu 1280\n");
  auto o = ReadBounded(top);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors == Strings{top + ":1: source loop: " + t.path + "/./interfaces is " + top +
                                  ", which is still being read (" + top + " -> " + t.path +
                                  "/./interfaces): not followed; remove this line (ifupdown reads "
                                  "it again under the new name, over and over when the name grows "
                                  "each round)"},
             per_element());
  BOOST_TEST(o->notes.empty());
  BOOST_TEST(o->headers == Strings{"v0 inet6 manual"}, per_element());
  // The same through a bare name, read from the file's own directory.
  std::string bare = t.Write("bare", "source bare\niface v1 inet6 manual\n");
  o = ReadBounded(bare);
  BOOST_REQUIRE(o);
  BOOST_REQUIRE_EQUAL(o->errors.size(), 1u);
  BOOST_TEST(o->errors[0].starts_with(bare + ":1: source loop: "));
  BOOST_TEST(o->headers == Strings{"v1 inet6 manual"}, per_element());
}

// By its own absolute name: ifupdown skips a name it has read, but it is a
// loop all the same.
BOOST_AUTO_TEST_CASE(self_source_by_absolute_path_is_a_loop_error) {
  TempDir t;
  std::string top = t.path + "/interfaces";
  t.Write("interfaces", "iface v0 inet6 manual\nsource " + top + "\niface v1 inet6 manual\n");
  auto o = ReadBounded(top);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors == Strings{top + ":2: source loop: " + top + " is still being read (" + top +
                                  " -> " + top +
                                  "): not followed; remove this line (ifupdown skips a name it "
                                  "has read)"},
             per_element());
  BOOST_TEST(o->notes.empty());
  BOOST_TEST(o->headers == (Strings{"v0 inet6 manual", "v1 inet6 manual"}), per_element());
}

BOOST_AUTO_TEST_CASE(two_file_loop_is_one_error_in_the_second_file) {
  TempDir t;
  std::string a = t.Write("a", "source ./b\niface a0 inet6 manual\n");
  std::string b = t.Write("b", "iface b0 inet6 manual\nsource ./a\n");
  auto o = ReadBounded(a);
  BOOST_REQUIRE(o);
  BOOST_REQUIRE_EQUAL(o->errors.size(), 1u);
  BOOST_TEST(o->errors[0].starts_with(t.path + "/./b:2: source loop: " + t.path + "/././a is " + a +
                                      ", which is still being read (" + a + " -> " + t.path +
                                      "/./b -> " + t.path + "/././a)"),
             o->errors[0]);
  BOOST_TEST(o->notes.empty());
  BOOST_TEST(o->headers == (Strings{"b0 inet6 manual", "a0 inet6 manual"}), per_element());
}

// One file under two names, not a loop: ifupdown reads it twice, and so does
// the reader (ifquery agrees), with a note.
BOOST_AUTO_TEST_CASE(one_file_under_two_names_is_read_twice_like_ifquery) {
  TempDir t;
  t.Write("d/a", "iface v0 inet6 manual\n  from a\n");
  std::string top = t.Write("interfaces", "source d/a\nsource d/./a\n");
  auto o = ReadBounded(top);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors.empty());
  BOOST_TEST(o->notes == Strings{top + ":2: " + t.path + "/d/./a is " + t.path +
                                 "/d/a, read already under that name: ifupdown reads it again, "
                                 "so what it declares counts twice"},
             per_element());
  BOOST_TEST(o->headers == (Strings{"v0 inet6 manual", "v0 inet6 manual"}), per_element());
  StateDir state;
  Run r = Shell(IfqueryNeeded() + " --no-mappings --state-dir " + Quote(state.path) + " -i " +
                Quote(top) + " v0 2>/dev/null");
  BOOST_TEST(r.out == "from: a\nfrom: a\n");
}

// A FIFO is refused without being opened for reading: no wait for a writer.
BOOST_AUTO_TEST_CASE(fifo_as_the_top_file_is_refused_without_waiting) {
  TempDir t;
  std::string fifo = t.Fifo("fifo");
  auto o = ReadBounded(fifo);
  BOOST_REQUIRE(o);
  BOOST_TEST(
      o->errors == Strings{fifo + ": is a FIFO (named pipe), not a regular file (ifup would wait "
                                  "on it for a writer): iftoken reads only regular files"},
      per_element());
  BOOST_TEST(o->headers.empty());
  // What `iftoken check -i FIFO` says before reading (exit status 2).
  BOOST_TEST(ift::UnreadableFile(fifo) ==
             "is a FIFO (named pipe), not a regular file (ifup would wait on it for a writer): "
             "iftoken reads only regular files");
}

BOOST_AUTO_TEST_CASE(fifo_in_a_source_directory_or_sourced_is_an_error) {
  TempDir t;
  t.Write("d/a", "iface d0 inet6 manual\n");
  std::string fifo = t.Fifo("d/b");
  t.Write("d/c", "iface d1 inet6 manual\n");
  std::string top =
      t.Write("interfaces", "source-directory d\nsource d/b\niface v0 inet6 manual\n");
  auto o = ReadBounded(top);
  BOOST_REQUIRE(o);
  std::string why =
      " is a FIFO (named pipe), not a regular file (ifup would wait on it for a writer): not "
      "read; remove it or make it a regular file";
  BOOST_TEST(o->errors == (Strings{top + ":1: " + fifo + why, top + ":2: " + fifo + why}),
             per_element());
  BOOST_TEST(o->headers == (Strings{"d0 inet6 manual", "d1 inet6 manual", "v0 inet6 manual"}),
             per_element());
}

// ifupdown reads a character device as a file: /dev/null is empty, so
// `source /dev/null` (a common way to switch a drop-in off) sources nothing.
BOOST_AUTO_TEST_CASE(dev_null_reads_as_empty) {
  auto o = ReadBounded("/dev/null");
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors.empty());
  BOOST_TEST(o->headers.empty());
  BOOST_TEST(ift::UnreadableFile("/dev/null") == "");
  TempDir t;
  std::string top = t.Write("interfaces", "source /dev/null\niface v0 inet6 manual\n");
  o = ReadBounded(top);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors.empty(), per_element());
  BOOST_TEST(o->headers == Strings{"v0 inet6 manual"}, per_element());
}

// /dev/zero never ends: the line bound stops it, and the sourcing file reads on.
BOOST_AUTO_TEST_CASE(dev_zero_stops_at_the_line_bound) {
  auto o = ReadBounded("/dev/zero");
  BOOST_REQUIRE(o);
  BOOST_REQUIRE_EQUAL(o->errors.size(), 1u);
  BOOST_TEST(o->errors[0].starts_with("/dev/zero:1: line longer than 64 KiB"));
  TempDir t;
  std::string top = t.Write("interfaces", "source /dev/zero\niface v0 inet6 manual\n");
  o = ReadBounded(top);
  BOOST_REQUIRE(o);
  BOOST_REQUIRE_EQUAL(o->errors.size(), 1u);
  BOOST_TEST(o->errors[0].starts_with("/dev/zero:1: line longer than 64 KiB"));
  BOOST_TEST(o->headers == Strings{"v0 inet6 manual"}, per_element());
}

// A logical line may have kMaxLineBytes bytes, not one more; the error names
// the physical line where the limit is passed.
BOOST_AUTO_TEST_CASE(line_longer_than_the_limit_is_an_error) {
  TempDir t;
  std::string head = "iface v0 inet6 manual\n";
  std::string at_limit = "  up " + std::string(ift::kMaxLineBytes - 5, 'x');
  std::string ok = t.Write("ok", head + at_limit + "\n");
  auto o = ReadBounded(ok);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors.empty());
  std::string error =
      ": line longer than 64 KiB (continuation lines joined), the limit: iftoken "
      "reads no further in this file; is it an interfaces file at all? Shorten or "
      "split the line";
  std::string one_more = t.Write("long", head + at_limit + "x\niface v1 inet6 manual\n");
  o = ReadBounded(one_more);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors == Strings{one_more + ":2" + error}, per_element());
  BOOST_TEST(o->headers == Strings{"v0 inet6 manual"}, per_element());
  // Joined by continuation lines, and without any newline at all.
  std::string half(ift::kMaxLineBytes / 2, 'y');
  std::string joined = t.Write("joined", head + "  up " + half + "\\\n" + half + "\\\nz\n");
  o = ReadBounded(joined);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors == Strings{joined + ":3" + error}, per_element());
  std::string bare = t.Write("bare", std::string(ift::kMaxLineBytes + 1, 'z'));
  o = ReadBounded(bare);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors == Strings{bare + ":1" + error}, per_element());
}

// More than kMaxTotalBytes over all files: one error, and nothing more read.
BOOST_AUTO_TEST_CASE(total_size_is_bounded) {
  TempDir t;
  std::string comments;
  while (comments.size() <= ift::kMaxTotalBytes) comments += "# a comment line\n";
  std::string big = t.Write("big", comments);
  std::string top =
      t.Write("interfaces", "iface v0 inet6 manual\nsource big\niface v1 inet6 manual\n");
  auto o = ReadBounded(top);
  BOOST_REQUIRE(o);
  BOOST_REQUIRE_EQUAL(o->errors.size(), 1u);
  BOOST_TEST(o->errors[0].starts_with(t.path + "/big:"));
  BOOST_TEST(Contains(o->errors[0],
                      ": the files read total more than 16 MiB, the limit: "
                      "iftoken reads nothing more"));
  BOOST_TEST(o->headers == Strings{"v0 inet6 manual"}, per_element());
}

BOOST_AUTO_TEST_CASE(symlink_loop_is_an_error) {
  TempDir t;
  std::string loopy = t.path + "/loopy";
  BOOST_REQUIRE(symlink("loopy", loopy.c_str()) == 0);
  auto o = ReadBounded(loopy);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->errors == Strings{loopy + ": cannot read: a symlink loop (too many levels of "
                                          "symbolic links)"},
             per_element());
  BOOST_TEST(ift::UnreadableFile(loopy) ==
             "cannot read: a symlink loop (too many levels of symbolic links)");
  // Sourced, and in a source-directory: an error, not a dangling symlink.
  fs::create_directories(t.path + "/d");
  BOOST_REQUIRE(symlink("l", (t.path + "/d/l").c_str()) == 0);
  std::string top = t.Write("interfaces", "source loopy\nsource-directory d\n");
  o = ReadBounded(top);
  BOOST_REQUIRE(o);
  std::string why =
      ": cannot read: a symlink loop (too many levels of symbolic links); fix or "
      "remove it";
  BOOST_TEST(
      o->errors == (Strings{top + ":1: " + loopy + why, top + ":2: " + t.path + "/d/l" + why}),
      per_element());
  BOOST_TEST(o->notes.empty());
}

BOOST_AUTO_TEST_SUITE_END()
