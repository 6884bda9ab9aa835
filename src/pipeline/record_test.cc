// Tests of the state file: its text form both ways, the merge of repeated
// runs, and the atomic save, load and removal in a directory.
#include "pipeline/record.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace ift {

static std::ostream& boost_test_print_type(std::ostream& out, const In6& a) { return out << a.str(); }

namespace {

using Lines = std::vector<std::string>;

In6 V6(const char* text) { return *In6::Parse(text); }
Cidr Net(const char* text, int len = 64) { return Cidr{V6(text), len}; }

const char kHeader[] = "# ifupdown-token: what ifup changed, undone by ifdown. Do not edit.\n";

Record Full() {
  Record r;
  r.index = 7;
  r.sysctls = {{Conf::kForwarding, {0, 1}}, {Conf::kAcceptRa, {1, 2}},
               {Conf::kRouterSolicitations, {0, -1}}, {Conf::kUseTempaddr, {2, 0}}};
  r.token = {V6("::77"), V6("::208:80:154:23")};
  r.addr_gen_mode = Record::Change{kGenEui64, kGenNone};
  r.addresses = {Net("fe80::208:80:154:23"), Net("2001:db8:1:0:208:80:154:23"), Net("2001:db8:2::5", 48)};
  r.routes = {Route{V6("2001:db8:1::1"), 1024}, Route{V6("fe80::1"), 4294967295u}};
  return r;
}

const std::string kFullText = std::string(kHeader) +
                              "version 1\n"
                              "index 7\n"
                              "sysctl forwarding 0 1\n"
                              "sysctl accept_ra 1 2\n"
                              "sysctl router_solicitations 0 -1\n"
                              "sysctl use_tempaddr 2 0\n"
                              "token ::77 ::208:80:154:23\n"
                              "addr_gen_mode 0 1\n"
                              "address fe80::208:80:154:23/64\n"
                              "address 2001:db8:1:0:208:80:154:23/64\n"
                              "address 2001:db8:2::5/48\n"
                              "route 2001:db8:1::1 1024\n"
                              "route fe80::1 4294967295\n";

// A temporary state directory, removed afterwards.
struct StateDir {
  std::string dir;
  StateDir() {
    char tmpl[] = "/tmp/ift-record-test-XXXXXX";
    BOOST_TEST_REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~StateDir() { std::filesystem::remove_all(dir); }
  Lines Files(const std::string& d) const {
    Lines out;
    for (const auto& e : std::filesystem::directory_iterator(d)) out.push_back(e.path().filename());
    return out;
  }
  std::string Read(const std::string& path) const {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void Write(const std::string& path, const std::string& text) const { std::ofstream(path) << text; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(record)

// --- text form ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(serialize) {
  BOOST_TEST(Full().Serialize() == kFullText);
  Record empty;
  empty.index = 3;
  BOOST_TEST(empty.Serialize() == std::string(kHeader) + "version 1\nindex 3\n");
}

BOOST_AUTO_TEST_CASE(round_trip) {
  auto r = Record::Parse(kFullText);
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->index == 7);
  BOOST_TEST_REQUIRE(r->sysctls.size() == 4u);
  BOOST_TEST((r->sysctls[2].conf == Conf::kRouterSolicitations));
  BOOST_TEST(r->sysctls[2].change.from == 0);
  BOOST_TEST(r->sysctls[2].change.to == -1);
  BOOST_TEST_REQUIRE(r->token.has_value());
  BOOST_TEST(r->token->first == V6("::77"));
  BOOST_TEST(r->token->second == V6("::208:80:154:23"));
  BOOST_TEST_REQUIRE(r->addr_gen_mode.has_value());
  BOOST_TEST(r->addr_gen_mode->from == 0);
  BOOST_TEST(r->addr_gen_mode->to == 1);
  BOOST_TEST_REQUIRE(r->addresses.size() == 3u);
  BOOST_TEST(r->addresses[2].str() == "2001:db8:2::5/48");
  BOOST_TEST_REQUIRE(r->routes.size() == 2u);
  BOOST_TEST(r->routes[1].gateway == V6("fe80::1"));
  BOOST_TEST(r->routes[1].metric == 4294967295u);
  BOOST_TEST(r->Serialize() == kFullText);
  // Comments and blank lines are skipped.
  r = Record::Parse("version 1\n\n# note\nindex 4\ntoken :: ::1\n");
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(r->index == 4);
  BOOST_TEST(r->token->second == V6("::1"));
}

BOOST_AUTO_TEST_CASE(parse_rejects) {
  const char* bad[] = {
      "",                                            // nothing
      "index 2\n",                                   // no version
      "version 2\nindex 2\n",                        // a version this code cannot read
      "version 1\n",                                 // no index
      "version 1\nindex 0\n",
      "version 1\nindex -3\n",
      "version 1\nindex abc\n",
      "version 1\nindex 2\nhello world\n",           // unknown line
      "version 1\nindex 2\nsysctl bogus 1 2\n",      // unknown sysctl
      "version 1\nindex 2\nsysctl accept_ra x y\n",  // not numbers
      "version 1\nindex 2\nsysctl accept_ra 1\n",    // missing value
      "version 1\nindex 2\nsysctl accept_ra 1 2x\n",
      "version 1\nindex 2\ntoken ::1\n",
      "version 1\nindex 2\ntoken bogus ::1\n",
      "version 1\nindex 2\naddr_gen_mode a b\n",
      "version 1\nindex 2\naddr_gen_mode 1\n",
      "version 1\nindex 2\naddress 2001:db8::1\n",   // no length
      "version 1\nindex 2\naddress 2001:db8::1/129\n",
      "version 1\nindex 2\naddress 2001:db8::1/0\n",
      "version 1\nindex 2\naddress 2001:db8::1/6x\n",
      "version 1\nindex 2\naddress bogus/64\n",
      "version 1\nindex 2\nroute bogus 1024\n",
      "version 1\nindex 2\nroute 2001:db8::1 abc\n",
      "version 1\nindex 2\nroute 2001:db8::1\n",
      "\x7f" "ELF\x02\x01\x01",                       // not text at all
  };
  for (const char* text : bad)
    BOOST_TEST(!Record::Parse(text).has_value(), "must be rejected: '" << text << "'");
}

// --- merge --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(merge_keeps_the_first_original) {
  Record r;
  r.Merge({SetSysctl{Conf::kAcceptRa, 0, 1}, SetToken{V6("::5"), V6("::1")}, SetAddrGenMode{kGenEui64, kGenRandom}});
  r.Merge({SetSysctl{Conf::kAcceptRa, 1, 2}, SetToken{V6("::1"), V6("::2")}, SetAddrGenMode{kGenRandom, kGenNone}});
  r.Merge({SetSysctl{Conf::kForwarding, 0, 1}});
  BOOST_TEST_REQUIRE(r.sysctls.size() == 2u);
  BOOST_TEST((r.sysctls[0].conf == Conf::kAcceptRa));  // in the order applied
  BOOST_TEST(r.sysctls[0].change.from == 0);
  BOOST_TEST(r.sysctls[0].change.to == 2);
  BOOST_TEST((r.sysctls[1].conf == Conf::kForwarding));
  BOOST_TEST_REQUIRE(r.token.has_value());
  BOOST_TEST(r.token->first == V6("::5"));
  BOOST_TEST(r.token->second == V6("::2"));
  BOOST_TEST_REQUIRE(r.addr_gen_mode.has_value());
  BOOST_TEST(r.addr_gen_mode->from == kGenEui64);
  BOOST_TEST(r.addr_gen_mode->to == kGenNone);
  BOOST_TEST(!r.Empty());
}

BOOST_AUTO_TEST_CASE(merge_drops_no_op_changes) {
  // accept_ra raised around a token clear, within one run.
  Record r;
  r.Merge({SetSysctl{Conf::kAcceptRa, 0, 1}, SetToken{V6("::5"), V6("::")}, SetSysctl{Conf::kAcceptRa, 1, 0}});
  BOOST_TEST(r.sysctls.empty());
  BOOST_TEST_REQUIRE(r.token.has_value());
  BOOST_TEST(r.token->first == V6("::5"));
  BOOST_TEST(r.token->second.IsZero());
  // Across runs: set by one, put back by the next.
  Record s;
  s.Merge({SetSysctl{Conf::kAutoconf, 1, 0}, SetToken{V6("::"), V6("::1")}, SetAddrGenMode{0, 1}});
  s.Merge({SetSysctl{Conf::kAutoconf, 0, 1}, SetToken{V6("::1"), V6("::")}, SetAddrGenMode{1, 0}});
  BOOST_TEST(s.sysctls.empty());
  BOOST_TEST(!s.token.has_value());
  BOOST_TEST(!s.addr_gen_mode.has_value());
  BOOST_TEST(s.Empty());
}

BOOST_AUTO_TEST_CASE(merge_dedups_addresses_and_routes) {
  Record r;
  AddressSpec a1{Net("2001:db8::1")}, a2{Net("2001:db8::2")}, a1_48{Net("2001:db8::1", 48)};
  r.Merge({AddAddress{a1}, AddAddress{a2}, AddAddress{a1}});
  r.Merge({AddAddress{a2}, AddRoute{Route{V6("fe80::1"), 1024}}});
  r.Merge({AddRoute{Route{V6("fe80::1"), 1024}}, AddRoute{Route{V6("fe80::1"), 100}}});
  r.Merge({AddAddress{a1_48}});
  BOOST_TEST_REQUIRE(r.addresses.size() == 3u);
  BOOST_TEST(r.addresses[0].str() == "2001:db8::1/64");
  BOOST_TEST(r.addresses[1].str() == "2001:db8::2/64");
  BOOST_TEST(r.addresses[2].str() == "2001:db8::1/48");
  BOOST_TEST_REQUIRE(r.routes.size() == 2u);
  BOOST_TEST(r.routes[0].metric == 1024u);
  BOOST_TEST(r.routes[1].metric == 100u);
  BOOST_TEST(r.HasAddress(Net("2001:db8::2")));
  BOOST_TEST(!r.HasAddress(Net("2001:db8::2", 48)));
  BOOST_TEST(!r.HasAddress(Net("2001:db8::3")));
}

BOOST_AUTO_TEST_CASE(merge_ignores_removals) {
  Record r;
  r.Merge({DelAddress{Net("2001:db8::1")}, DropAddress{Net("2001:db8::2")}, DelRoute{Route{V6("fe80::1"), 1}}});
  BOOST_TEST(r.Empty());
  BOOST_TEST(Record{}.Empty());
}

BOOST_AUTO_TEST_CASE(addresses_and_routes_split_from_link_level) {
  Record r = Full();
  Record ar = r.AddressesAndRoutes();
  BOOST_TEST(ar.index == 7);
  BOOST_TEST(ar.addresses.size() == 3u);
  BOOST_TEST(ar.routes.size() == 2u);
  BOOST_TEST(ar.sysctls.empty());
  BOOST_TEST(!ar.token.has_value());
  BOOST_TEST(!ar.addr_gen_mode.has_value());
  Record ll = r.LinkLevel();
  BOOST_TEST(ll.index == 7);
  BOOST_TEST(ll.addresses.empty());
  BOOST_TEST(ll.routes.empty());
  BOOST_TEST(ll.sysctls.size() == 4u);
  BOOST_TEST(ll.token.has_value());
  BOOST_TEST(ll.addr_gen_mode.has_value());
}

// --- files ---------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(save_load_remove, StateDir) {
  std::string state = dir + "/run";  // created by the first save
  Status s = SaveRecord(state, "eno1.100", Full());
  BOOST_TEST_REQUIRE(s.ok(), "errno " << s.err);
  BOOST_TEST(Read(state + "/eno1.100") == kFullText);
  BOOST_TEST(Files(state) == Lines{"eno1.100"}, boost::test_tools::per_element());  // no temp file left
  auto loaded = LoadRecord(state, "eno1.100");
  BOOST_TEST_REQUIRE(loaded.has_value());
  BOOST_TEST(loaded->Serialize() == kFullText);

  // Overwritten in place, still atomically.
  Record small;
  small.index = 8;
  small.token = {V6("::"), V6("::1")};
  BOOST_TEST(SaveRecord(state, "eno1.100", small).ok());
  BOOST_TEST(Read(state + "/eno1.100") == std::string(kHeader) + "version 1\nindex 8\ntoken :: ::1\n");
  BOOST_TEST(Files(state) == Lines{"eno1.100"}, boost::test_tools::per_element());
  struct stat st;
  BOOST_TEST_REQUIRE(stat((state + "/eno1.100").c_str(), &st) == 0);
  BOOST_TEST(S_ISREG(st.st_mode));

  BOOST_TEST(RemoveRecord(state, "eno1.100").ok());
  BOOST_TEST(Files(state).empty());
  BOOST_TEST(!LoadRecord(state, "eno1.100").has_value());
  BOOST_TEST(RemoveRecord(state, "eno1.100").ok());  // already gone: fine
}

BOOST_FIXTURE_TEST_CASE(load_missing_or_garbage, StateDir) {
  BOOST_TEST(!LoadRecord(dir, "eno1").has_value());
  BOOST_TEST(!LoadRecord(dir + "/nowhere", "eno1").has_value());
  Write(dir + "/eno1", "this is not a record\n");
  BOOST_TEST(!LoadRecord(dir, "eno1").has_value());
  Write(dir + "/eno1", kFullText);
  BOOST_TEST(LoadRecord(dir, "eno1").has_value());
}

BOOST_FIXTURE_TEST_CASE(save_failure_is_reported, StateDir) {
  std::string file = dir + "/a-file";
  Write(file, "x");
  Status s = SaveRecord(file, "eno1", Full());  // the state "directory" is a file
  BOOST_TEST(!s.ok());
  BOOST_TEST(s.err == ENOTDIR);
  BOOST_TEST(Files(dir) == Lines{"a-file"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(what_makes_a_record_unusable, StateDir) {
  auto state = [&] { return ReadRecord(dir, "eno1").state; };
  BOOST_TEST(state() == LoadedRecord::kNone);
  Write(dir + "/eno1", kFullText);
  BOOST_TEST(state() == LoadedRecord::kOk);
  // Damaged: cut short, a line that is no record line, no version.
  std::string full = kFullText;
  Write(dir + "/eno1", full.substr(0, full.size() - 3));
  LoadedRecord l = ReadRecord(dir, "eno1");
  BOOST_TEST(l.state == LoadedRecord::kDamaged);
  BOOST_TEST(l.why == dir + "/eno1 is damaged (its last line is cut short)");
  BOOST_TEST(l.record.token.has_value());  // what the lines before said
  Write(dir + "/eno1", "version 1\nindex 2\ntoken :: ::10\nsysctl bogus 1 2\n");
  l = ReadRecord(dir, "eno1");
  BOOST_TEST(l.state == LoadedRecord::kDamaged);
  BOOST_TEST(l.why == dir + "/eno1 is damaged (line 4: \"sysctl bogus 1 2\" is not a record line)");
  BOOST_TEST(l.record.Summary() == "token ::10 (was ::)");
  // Unsafe: a symbolic link, a FIFO, writable by others.
  std::filesystem::remove(dir + "/eno1");
  Write(dir + "/target", kFullText);
  BOOST_TEST_REQUIRE(symlink((dir + "/target").c_str(), (dir + "/eno1").c_str()) == 0);
  l = ReadRecord(dir, "eno1");
  BOOST_TEST(l.state == LoadedRecord::kUnsafe);
  BOOST_TEST(l.why.find("it is a symbolic link") != std::string::npos, l.why);
  std::filesystem::remove(dir + "/eno1");
  BOOST_TEST_REQUIRE(mkfifo((dir + "/eno1").c_str(), 0600) == 0);
  BOOST_TEST(state() == LoadedRecord::kUnsafe);  // and it did not block
  std::filesystem::remove(dir + "/eno1");
  Write(dir + "/eno1", kFullText);
  BOOST_TEST_REQUIRE(chmod((dir + "/eno1").c_str(), 0646) == 0);
  BOOST_TEST(state() == LoadedRecord::kUnsafe);
}

// An address or route recorded ahead of its change stays "intended" until
// confirmed, through the file; a refused one is never confirmed.
BOOST_AUTO_TEST_CASE(intended_changes_survive_the_file_until_confirmed) {
  Record r;
  r.index = 2;
  AddAddress add{AddressSpec{Cidr{V6("2001:db8::10"), 64}}};
  AddRoute route{Route{V6("2001:db8::1"), 1024}};
  r.Intend(add);
  r.Intend(route);
  auto back = Record::Parse(r.Serialize());
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(back->Intended(add.spec.cidr));
  BOOST_TEST(back->intended_routes.size() == 1u);
  BOOST_TEST(r.Serialize().find("address 2001:db8::10/64 intended\nroute 2001:db8::1 1024 intended\n") !=
             std::string::npos);
  r.Confirm(add);
  r.Confirm(route);
  back = Record::Parse(r.Serialize());
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(!back->Intended(add.spec.cidr));
  BOOST_TEST(back->intended_routes.empty());
  BOOST_TEST(back->addresses.size() == 1u);
  // Intending what is already recorded (ours) does not make it doubtful.
  r.Intend(add);
  BOOST_TEST(!r.Intended(add.spec.cidr));
  BOOST_TEST(!Record::Parse("version 1\nindex 2\naddress 2001:db8::10/64 maybe\n").has_value());
}

// A cut last line is not read at all: "address 2001:db8::1/6" is what is left
// of ".../64", and "sysctl dad_transmits 1 1" of "... 1 10".
BOOST_AUTO_TEST_CASE(a_cut_line_is_not_read) {
  const std::string text = std::string(kHeader) + "version 1\nindex 7\nsysctl dad_transmits 1 10\n" +
                           "address 2001:db8::1/64\n";
  for (size_t cut : {text.size() - 2, text.size() - 25}) {
    Record partial;
    std::string why;
    BOOST_TEST(!Record::Parse(text.substr(0, cut), &why, &partial).has_value());
    BOOST_TEST(why == "its last line is cut short");
    BOOST_TEST(partial.addresses.empty());
    BOOST_TEST(partial.index == 7);
    if (cut == text.size() - 2) {
      BOOST_TEST_REQUIRE(partial.sysctls.size() == 1u);
      BOOST_TEST(partial.sysctls[0].change.to == 10);
    } else {
      BOOST_TEST(partial.sysctls.empty());
    }
  }
}

// Each writer has a temporary name of its own, and none is left behind; the
// old shared name (a planted symbolic link there) is neither used nor followed.
BOOST_FIXTURE_TEST_CASE(temporary_names_are_unique_and_cleaned, StateDir) {
  Write(dir + "/target", "x");
  BOOST_TEST_REQUIRE(symlink((dir + "/target").c_str(), (dir + "/.eno1.tmp").c_str()) == 0);
  Write(dir + "/.eno1:tmp.99999.0", "left by a killed writer");
  BOOST_TEST(SaveRecord(dir, "eno1", Full()).ok());
  BOOST_TEST(Read(dir + "/target") == "x");
  BOOST_TEST(LoadRecord(dir, "eno1").has_value());
  BOOST_TEST(RemoveRecord(dir, "eno1").ok());
  BOOST_TEST(Files(dir) == Lines{"target"}, boost::test_tools::per_element());
}

// The lock is held until released, by another process too, and the last
// holder leaves no file when there is no record.
BOOST_FIXTURE_TEST_CASE(record_lock_excludes_other_writers, StateDir) {
  int ready[2];
  BOOST_TEST_REQUIRE(pipe(ready) == 0);
  pid_t child = fork();
  BOOST_TEST_REQUIRE(child >= 0);
  if (child == 0) {
    RecordLock lock(dir, "eno1");
    char c = 1;
    (void)!write(ready[1], &c, 1);
    usleep(300 * 1000);
    SaveRecord(dir, "eno1", Full());  // written under the lock
    _exit(0);
  }
  char c;
  BOOST_TEST_REQUIRE(read(ready[0], &c, 1) == 1);
  auto start = std::chrono::steady_clock::now();
  {
    RecordLock lock(dir, "eno1");
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    BOOST_TEST(waited.count() >= 200);
    BOOST_TEST(LoadRecord(dir, "eno1").has_value());  // the child's whole record
    BOOST_TEST(RemoveRecord(dir, "eno1").ok());
  }
  int status;
  waitpid(child, &status, 0);
  close(ready[0]);
  close(ready[1]);
  BOOST_TEST(Files(dir).empty());
  // A writer killed before its first record write leaves the lock file alone.
  Write(dir + "/.eno1:lock", "");
  Write(dir + "/.eno1:tmp.99999.0", "");
  BOOST_TEST(RecordLock::Left(dir, "eno1"));
  { RecordLock lock(dir, "eno1"); }
  BOOST_TEST(Files(dir).empty());
  BOOST_TEST(!RecordLock::Left(dir, "eno1"));
}

// A state directory that is not to be trusted, with nothing in it for the
// interface, concerns no one: nothing to refuse, nothing said.
BOOST_FIXTURE_TEST_CASE(an_untrusted_directory_without_a_record_is_nothing, StateDir) {
  std::string state = dir + "/state";
  BOOST_TEST_REQUIRE(mkdir(state.c_str(), 0777) == 0);
  BOOST_TEST_REQUIRE(chmod(state.c_str(), 0777) == 0);  // others can write to it
  BOOST_TEST(ReadRecord(state, "eno1").state == LoadedRecord::kNone);
  Write(state + "/eno1", kFullText);
  LoadedRecord l = ReadRecord(state, "eno1");
  BOOST_TEST(l.state == LoadedRecord::kUnsafe);
  BOOST_TEST(l.why.find("others can write to it") != std::string::npos, l.why);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
