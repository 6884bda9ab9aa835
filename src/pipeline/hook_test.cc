// Tests of ApplyLive (`iftoken apply`) against the FakeKernel, with a state
// directory of its own: a running interface gets its token and loses the
// addresses the kernel built without it, the record says what ifdown must
// restore, a second run plans nothing, --dry-run changes nothing, and an apply
// after an ifup adds to that ifup's record and, when it fails, undoes only its
// own changes.
#include "pipeline/hook.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/apply.h"
#include "pipeline/plan.h"
#include "pipeline/record.h"
#include "testing/fake_kernel.h"
#include "testing/test_util.h"

namespace ift {

namespace {

const char kToken[] = "::208:80:154:23";
const char kEuiLL[] = "fe80::a8c9:deff:fe70:95f1";
const char kEuiGlobal[] = "2001:db8:1:0:a8c9:deff:fe70:95f1";  // SLAAC from the MAC
const char kTokenized[] = "2001:db8:1:0:208:80:154:23";        // SLAAC with the token
const char kStatic[] = "2001:db8:9::5";                        // the earlier ifup's address
const char kHeader[] =
    "# ifupdown-token: what ifup changed, undone by ifdown. Do not edit.\n"
    "version 1\nindex 2\n";

// Everything the hooks may change on a device, one line each.
std::string Dump(const FakeKernel::Device& d) {
  std::ostringstream o;
  o << "flags 0x" << std::hex << d.link.flags << std::dec << " token " << d.link.token.str()
    << " addr_gen_mode " << d.link.addr_gen_mode << "\nconf";
  for (int32_t v : d.link.conf) o << " " << v;
  for (const Address& a : d.addresses)
    o << "\naddress " << a.cidr.str() << " flags 0x" << std::hex << a.flags << std::dec << " scope "
      << int(a.scope);
  for (const Route& r : d.routes) o << "\nroute " << r.gateway.str() << " metric " << r.metric;
  return o.str();
}

Options Opts(const Vars& vars) {
  ParsedOptions p = ParseOptions(MapEnv(vars));
  BOOST_TEST_REQUIRE(p.ok(), "test stanza must parse: " << (p.errors.empty() ? "" : p.errors[0].text));
  return p.options;
}

Vars Manual(const Vars& extra) {
  Vars v{{"IFACE", "eno1"},
         {"LOGICAL", "eno1"},
         {"ADDRFAM", "inet6"},
         {"METHOD", "manual"},
         {"VERBOSITY", "0"}};
  for (const auto& [k, val] : extra) v[k] = val;
  return v;
}

// The earlier ifup: a stanza without a token of its own (`token none`) that
// raises accept_ra from 0 and adds a static address. The apply: the same
// stanza with a token and accept_ra 2.
Vars IfupStanza() {
  return Manual(
      {{"IF_TOKEN", "none"}, {"IF_ACCEPT_RA", "1"}, {"IF_ADDRESS", std::string(kStatic) + "/64"}});
}
Vars ApplyStanza() {
  return Manual(
      {{"IF_TOKEN", kToken}, {"IF_ACCEPT_RA", "2"}, {"IF_ADDRESS", std::string(kStatic) + "/64"}});
}

Address Addr(const char* text, uint32_t flags, uint8_t scope = RT_SCOPE_UNIVERSE) {
  return Address{Cidr{V6(text), 64}, flags, scope};
}

Lines Described(const std::vector<Action>& actions) {
  Lines out;
  for (const Action& a : actions) out.push_back(Describe(a));
  return out;
}

// A host with eno1 (ifindex 2), a state directory of its own (removed after),
// and what it printed.
struct Host {
  FakeKernel k;
  std::string dir;

  Host() {
    k.AddDevice("eno1", 2);
    char tmpl[] = "/tmp/ift-hook-test-XXXXXX";
    BOOST_TEST_REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~Host() { std::filesystem::remove_all(dir); }

  FakeKernel::Device& Dev() { return k.Dev("eno1"); }

  // What the kernel does once the link is up and an RA for 2001:db8:1::/64
  // came: the EUI-64 link-local and a SLAAC address from the MAC.
  void Running() {
    Dev().link.flags |= IFF_UP;
    Dev().addresses.push_back(Addr(kEuiLL, IFA_F_PERMANENT, RT_SCOPE_LINK));
    Dev().addresses.push_back(Addr(kEuiGlobal, IFA_F_MANAGETEMPADDR));
  }

  struct Result {
    int rc;
    Lines lines;
    std::vector<Action> planned;
  };
  // The output of `fn(out)`, one line each.
  template <typename F>
  static Lines Captured(F fn) {
    char* buf = nullptr;
    size_t size = 0;
    FILE* out = open_memstream(&buf, &size);
    BOOST_TEST_REQUIRE(out != nullptr);
    try {
      fn(out);
    } catch (...) {  // FakeKernel::Killed
      fclose(out);
      free(buf);
      throw;
    }
    fclose(out);
    Lines lines;
    std::istringstream in(std::string(buf, size));
    free(buf);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  Result Apply(const Vars& env, bool dry_run = false) {
    Result r{-1, {}, {}};
    Options o = Opts(env);
    r.lines = Captured([&](FILE* out) {
      r.rc = ApplyLive(o, k, dir, Reporter("eno1", false, out), dry_run, &r.planned);
    });
    return r;
  }
  int Hook(const char* phase, Vars env) {
    env["PHASE"] = phase;
    int rc = -1;
    Lines lines = Captured([&](FILE* out) { rc = RunHook(MapEnv(env), k, dir, out); });
    BOOST_TEST(rc == 0, phase << ": " << (lines.empty() ? "" : lines[0]));
    return rc;
  }
  // ifup with ifupdown's manual method between the hooks; ifdown likewise
  // (the kernel flushes addresses and routes on admin down).
  void Ifup(const Vars& env) {
    Hook("pre-up", env);
    Dev().link.flags |= IFF_UP;
    Hook("post-up", env);
  }
  void Ifdown(const Vars& env) {
    Hook("pre-down", env);
    Dev().link.flags &= ~unsigned(IFF_UP);
    Dev().addresses.clear();
    Dev().routes.clear();
    Hook("post-down", env);
  }

  std::string RecordText() const {
    std::ifstream in(dir + "/eno1");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The state directory's files but the lock, which stays beside a record.
  Lines Files() const {
    Lines out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().filename() != ".eno1:lock") out.push_back(e.path().filename());
    return out;
  }
};

std::string ErrorLine(const std::string& text) { return "ifupdown-token: eno1: error: " + text; }

}  // namespace

BOOST_AUTO_TEST_SUITE(apply_live)

// No ifup before (the interface came up without a token): the plan sets the
// token, drops the MAC-derived SLAAC address and nothing else; the link stays
// up with its link-local; the record holds the original values; a second
// apply plans nothing.
BOOST_FIXTURE_TEST_CASE(a_running_interface_gets_its_token, Host) {
  Running();
  const Vars env = Manual({{"IF_TOKEN", kToken}, {"IF_IPV6_ROUTER_SOLICITATIONS", "3"}});
  Result r = Apply(env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines.empty(), (r.lines.empty() ? "" : r.lines[0]));
  BOOST_TEST(
      Described(r.planned) ==
          (Lines{"router_solicitations -1 -> 3", "token ::208:80:154:23",
                 "remove address 2001:db8:1:0:a8c9:deff:fe70:95f1/64 (built without the token)"}),
      boost::test_tools::per_element());
  BOOST_TEST(k.calls == (Lines{"sysctl eno1 router_solicitations=3", "token ::208:80:154:23",
                               "del 2001:db8:1:0:a8c9:deff:fe70:95f1/64"}),
             boost::test_tools::per_element());
  BOOST_TEST(Dev().link.token == V6(kToken));
  BOOST_TEST(Dev().link.Up());
  BOOST_TEST_REQUIRE(Dev().addresses.size() == 1u);
  BOOST_TEST(Dev().addresses[0].cidr.addr == V6(kEuiLL));
  BOOST_TEST(RecordText() == std::string(kHeader) +
                                 "sysctl router_solicitations -1 3\n"
                                 "token :: ::208:80:154:23\n");
  BOOST_TEST(Files() == Lines{"eno1"}, boost::test_tools::per_element());

  // The next RA builds the address with the token; apply again: nothing.
  Dev().addresses.push_back(Addr(kTokenized, IFA_F_MANAGETEMPADDR));
  const std::string record = RecordText(), state = Dump(Dev());
  const size_t calls = k.calls.size();
  r = Apply(env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.planned.empty());
  BOOST_TEST(r.lines.empty());
  BOOST_TEST(k.calls.size() == calls);
  BOOST_TEST(RecordText() == record);
  BOOST_TEST(Dump(Dev()) == state);
  BOOST_TEST(Apply(env, true).planned.empty());

  // ifdown restores what the record says.
  Ifdown(env);
  BOOST_TEST(Dev().link.token.IsZero());
  BOOST_TEST(Dev().link.Value(Conf::kRouterSolicitations) == -1);
  BOOST_TEST(Files().empty());
}

// --dry-run: the same plan, no change in the kernel, no record.
BOOST_FIXTURE_TEST_CASE(dry_run_changes_nothing, Host) {
  Running();
  const std::string before = Dump(Dev());
  Result r = Apply(Manual({{"IF_TOKEN", kToken}, {"IF_IPV6_ROUTER_SOLICITATIONS", "3"}}), true);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(
      Described(r.planned) ==
          (Lines{"router_solicitations -1 -> 3", "token ::208:80:154:23",
                 "remove address 2001:db8:1:0:a8c9:deff:fe70:95f1/64 (built without the token)"}),
      boost::test_tools::per_element());
  BOOST_TEST(k.calls.empty());
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(Files().empty());

  // A refusal is reported in a dry run too, with exit 1 and no change.
  k.SetConf("eno1", Conf::kForwarding, 1);
  r = Apply(Manual({{"IF_TOKEN", kToken}, {"IF_ACCEPT_RA", "1"}}), true);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 1u);
  BOOST_TEST(r.lines[0].find("error: cannot set token ::208:80:154:23") != std::string::npos,
             r.lines[0]);
  BOOST_TEST(k.calls.empty());
  BOOST_TEST(Files().empty());
}

// After an ifup whose record holds accept_ra 0 -> 1 and an address, apply
// adds its own changes to that record, keeping the first originals; ifdown
// then restores the state from before the ifup.
BOOST_FIXTURE_TEST_CASE(apply_after_ifup_adds_to_its_record, Host) {
  k.SetConf("eno1", Conf::kAcceptRa, 0);
  const std::string before_ifup = Dump(Dev());
  Ifup(IfupStanza());
  BOOST_TEST_REQUIRE(RecordText() == std::string(kHeader) +
                                         "sysctl accept_ra 0 1\n"
                                         "address 2001:db8:9::5/64\n");
  Running();

  Result r = Apply(ApplyStanza());
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines.empty(), (r.lines.empty() ? "" : r.lines[0]));
  BOOST_TEST(
      Described(r.planned) ==
          (Lines{"accept_ra 1 -> 2", "token ::208:80:154:23",
                 "remove address 2001:db8:1:0:a8c9:deff:fe70:95f1/64 (built without the token)"}),
      boost::test_tools::per_element());
  BOOST_TEST(RecordText() == std::string(kHeader) +
                                 "sysctl accept_ra 0 2\n"
                                 "token :: ::208:80:154:23\n"
                                 "address 2001:db8:9::5/64\n");
  BOOST_TEST(Apply(ApplyStanza(), true).planned.empty());

  // What ifdown does with that record: every change of the ifup and of the
  // apply undone, to the values from before the ifup.
  std::optional<Record> rec = LoadRecord(dir, "eno1");
  BOOST_TEST_REQUIRE(rec.has_value());
  Snapshot snap;
  BOOST_TEST_REQUIRE(TakeSnapshot(k, "eno1", &snap).ok());
  Plan undo = PlanUndo(*rec, snap);
  BOOST_TEST(
      Described(undo.actions) == (Lines{"remove address 2001:db8:9::5/64",
                                        "token cleared (was ::208:80:154:23)", "accept_ra 2 -> 0"}),
      boost::test_tools::per_element());
  Applied a = ApplyEach(k, snap, undo.actions);
  BOOST_TEST(a.undo_errors.empty());
  BOOST_TEST(Dev().link.token.IsZero());
  BOOST_TEST(Dev().link.Value(Conf::kAcceptRa) == 0);
  BOOST_TEST_REQUIRE(TakeSnapshot(k, "eno1", &snap).ok());
  BOOST_TEST(NotUndone(*rec, snap).empty());
  // The real ifdown, on a second host brought to the same point, ends as
  // before the ifup.
  Host h;
  h.k.SetConf("eno1", Conf::kAcceptRa, 0);
  h.Ifup(IfupStanza());
  h.Running();
  BOOST_TEST_REQUIRE(h.Apply(ApplyStanza()).rc == 0);
  h.Ifdown(ApplyStanza());
  BOOST_TEST(Dump(h.Dev()) == before_ifup);
  BOOST_TEST(h.Files().empty());
}

// A failure at each change of the apply undoes that apply's changes only: the
// ifup's address and accept_ra stay in the kernel, and its record stays
// byte for byte; ifdown then restores the state from before the ifup.
BOOST_AUTO_TEST_CASE(a_failed_apply_undoes_only_its_own_changes) {
  const Lines errors = {
      "the kernel refused 2 in /proc/sys/net/ipv6/conf/eno1/accept_ra (kernel: \"injected "
      "failure\")",
      "cannot set token ::208:80:154:23: the kernel refused the token although loopback, NOARP, "
      "accept_ra/forwarding and router_solicitations all allow it (kernel: \"injected failure\")",
      "cannot remove address 2001:db8:1:0:a8c9:deff:fe70:95f1/64 from eno1 (kernel: \"injected "
      "failure\")",
  };
  for (size_t step = 0; step < errors.size(); ++step) {
    BOOST_TEST_CONTEXT("failure at change " << step << " of the apply") {
      Host h;
      h.k.SetConf("eno1", Conf::kAcceptRa, 0);
      const std::string before_ifup = Dump(h.Dev());
      h.Ifup(IfupStanza());
      h.Running();
      const std::string record = h.RecordText(), before = Dump(h.Dev());
      h.k.fail_change = int(h.k.calls.size() + step);
      Host::Result r = h.Apply(ApplyStanza());
      BOOST_TEST(r.rc == 1);
      BOOST_TEST(r.lines == (Lines{ErrorLine(errors[step]),
                                   ErrorLine("every change of this apply was undone")}),
                 boost::test_tools::per_element());
      BOOST_TEST(Dump(h.Dev()) == before);
      BOOST_TEST(h.Dev().link.Value(Conf::kAcceptRa) == 1);  // the ifup's, not the original 0
      BOOST_TEST(h.RecordText() == record);
      BOOST_TEST(h.Files() == Lines{"eno1"}, boost::test_tools::per_element());
      h.k.fail_change = -1;
      h.Ifdown(ApplyStanza());
      BOOST_TEST(Dump(h.Dev()) == before_ifup);
      BOOST_TEST(h.Files().empty());
    }
  }
}

// The kernel made the change but its answer was lost: undone with the rest
// of the apply, the ifup's record kept.
BOOST_AUTO_TEST_CASE(a_lost_reply_in_apply_is_undone_too) {
  for (int step = 0; step < 2; ++step) {
    BOOST_TEST_CONTEXT("reply to change " << step << " of the apply lost") {
      Host h;
      h.k.SetConf("eno1", Conf::kAcceptRa, 0);
      h.Ifup(IfupStanza());
      h.Running();
      const std::string record = h.RecordText(), before = Dump(h.Dev());
      h.k.lose_reply_at = int(h.k.calls.size()) + step;
      Host::Result r = h.Apply(ApplyStanza());
      BOOST_TEST(r.rc == 1);
      BOOST_TEST_REQUIRE(!r.lines.empty());
      BOOST_TEST(r.lines.back() == ErrorLine("every change of this apply was undone"));
      BOOST_TEST(Dump(h.Dev()) == before);
      BOOST_TEST(h.RecordText() == record);
    }
  }
}

// A SIGKILL at any change of the apply, before the kernel makes it or after:
// the record was ahead of the kernel, so ifdown restores the state from
// before the ifup.
BOOST_AUTO_TEST_CASE(a_kill_at_any_change_of_apply_is_undone_by_ifdown) {
  for (bool after : {false, true}) {
    for (size_t step = 0; step < 3; ++step) {
      BOOST_TEST_CONTEXT("killed " << (after ? "after" : "before") << " change " << step
                                   << " of the apply") {
        Host h;
        h.k.SetConf("eno1", Conf::kAcceptRa, 0);
        const std::string before_ifup = Dump(h.Dev());
        h.Ifup(IfupStanza());
        h.Running();
        h.k.kill_at = int(h.k.calls.size() + step);
        h.k.kill_after = after;
        BOOST_CHECK_THROW(h.Apply(ApplyStanza()), FakeKernel::Killed);
        h.k.kill_at = -1;
        h.Ifdown(ApplyStanza());
        BOOST_TEST(Dump(h.Dev()) == before_ifup);
        BOOST_TEST(h.Files().empty());
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
