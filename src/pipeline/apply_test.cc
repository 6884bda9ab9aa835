// Tests of applying plans (ifupdown-token-interfaces(5), PHASES): the undo after a
// failure at every step, and the whole hook through RunHook against the
// FakeKernel, with the exact lines it prints.
#include "pipeline/apply.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "testing/fake_kernel.h"
#include "pipeline/hook.h"
#include "pipeline/record.h"
#include "testing/test_util.h"

namespace ift {


namespace {



const char kToken[] = "::208:80:154:23";
const char kAddr1[] = "2001:db8:1:0:208:80:154:23";
const char kEuiLL[] = "fe80::a8c9:deff:fe70:95f1";               // built from the MAC
const char kEuiGlobal[] = "2001:db8:1:0:a8c9:deff:fe70:95f1";    // SLAAC from the MAC
const char kAddr2[] = "2001:db8:2:0:208:80:154:23";
const char kGateway[] = "2001:db8:1::1";

// Everything the hooks may change on a device, one line each, so that a
// difference shows exactly where.
std::string Dump(const FakeKernel::Device& d) {
  std::ostringstream o;
  o << "index " << d.link.index << " flags 0x" << std::hex << d.link.flags << std::dec
    << " token " << d.link.token.str() << " addr_gen_mode " << d.link.addr_gen_mode << "\nconf";
  for (int32_t v : d.link.conf) o << " " << v;
  for (const Address& a : d.addresses)
    o << "\naddress " << a.cidr.str() << " flags 0x" << std::hex << a.flags << std::dec << " scope "
      << int(a.scope) << " preferred " << a.preferred;
  for (const Route& r : d.routes) o << "\nroute " << r.gateway.str() << " metric " << r.metric;
  return o.str();
}

Options Opts(const Vars& vars) {
  ParsedOptions p = ParseOptions(MapEnv(vars));
  BOOST_TEST_REQUIRE(p.ok(), "test stanza must parse: " << (p.errors.empty() ? "" : p.errors[0].text));
  return p.options;
}

Vars Manual(const Vars& extra = {}) {
  Vars v{{"IFACE", "eno1"}, {"LOGICAL", "eno1"}, {"ADDRFAM", "inet6"}, {"METHOD", "manual"},
         {"VERBOSITY", "0"}, {"IF_TOKEN", kToken}};
  for (const auto& [k, val] : extra) v[k] = val;
  return v;
}

// The stanza used for the undo loops: a plan touching every kind of setting.
Vars Everything() {
  return Manual({{"IF_IPV6_FORWARDING", "1"}, {"IF_IPV6_ROUTER_SOLICITATIONS", "3"},
                 {"IF_IPV6_DAD_TRANSMITS", "2"}, {"IF_IPV6_ACCEPT_DAD", "2"},
                 {"IF_IPV6_LINK_LOCAL", "token"},
                 {"IF_ADDRESS", std::string(kAddr1) + "/64\n" + kAddr2 + "/64"},
                 {"IF_GATEWAY", kGateway}});
}

Snapshot Snap(Kernel& k, const std::string& iface = "eno1") {
  Snapshot s;
  Status st = TakeSnapshot(k, iface, &s);
  BOOST_TEST_REQUIRE(st.ok());
  return s;
}

// A FakeKernel that also counts reads, to prove a hook never touched it.
class CountingKernel : public FakeKernel {
 public:
  int reads = 0;
  Status GetLink(const std::string& name, Link* link) override {
    ++reads;
    return FakeKernel::GetLink(name, link);
  }
  Status GetAddresses(int index, std::vector<Address>* out) override {
    ++reads;
    return FakeKernel::GetAddresses(index, out);
  }
  Status ReadSysctl(const std::string& dir, const char* key, std::string* value) override {
    ++reads;
    return FakeKernel::ReadSysctl(dir, key, value);
  }
  bool Untouched() const { return reads == 0 && calls.empty() && watch_calls == 0; }
};

// A host with eno1 (ifindex 2), a private state directory, and the hooks.
struct Host {
  CountingKernel k;
  std::string dir;

  Host() {
    k.AddDevice("eno1", 2);
    char tmpl[] = "/tmp/ift-apply-test-XXXXXX";
    BOOST_TEST_REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~Host() { std::filesystem::remove_all(dir); }

  FakeKernel::Device& Dev() { return k.Dev("eno1"); }

  struct Result {
    int rc;
    Lines lines;
  };
  Result Hook(Phase phase, Vars env) {
    static const char* const kPhaseNames[] = {"pre-up", "post-up", "pre-down", "post-down"};
    env["PHASE"] = kPhaseNames[int(phase)];  // what ifupdown 0.8 exports in each if-*.d
    if (phase == Phase::kPreUp && env.count("INTERFACES_FILE")) env["PHASE"] = "create";  // ifupdown-ng
    char* buf = nullptr;
    size_t size = 0;
    FILE* out = open_memstream(&buf, &size);
    BOOST_TEST_REQUIRE(out != nullptr);
    int rc = RunHook(MapEnv(env), k, dir, out);
    fclose(out);
    Result r{rc, {}};
    std::istringstream in(std::string(buf, size));
    free(buf);
    for (std::string line; std::getline(in, line);) r.lines.push_back(line);
    return r;
  }

  // What ifupdown's manual method does between the hooks.
  void MethodUp() { Dev().link.flags |= IFF_UP; }
  void MethodDown() {  // the kernel flushes addresses and routes on admin down
    Dev().link.flags &= ~unsigned(IFF_UP);
    Dev().addresses.clear();
    Dev().routes.clear();
  }
  // ifup: pre-up, the method, up.
  void Ifup(const Vars& env) {
    Result r = Hook(Phase::kPreUp, env);
    BOOST_TEST_REQUIRE(r.rc == 0, "pre-up: " << (r.lines.empty() ? "" : r.lines[0]));
    MethodUp();
    r = Hook(Phase::kUp, env);
    BOOST_TEST_REQUIRE(r.rc == 0, "up: " << (r.lines.empty() ? "" : r.lines[0]));
  }
  // ifdown: down (link up), the method, post-down (link down).
  void Ifdown(const Vars& env) {
    Result r = Hook(Phase::kDown, env);
    BOOST_TEST_REQUIRE(r.rc == 0, "down: " << (r.lines.empty() ? "" : r.lines[0]));
    MethodDown();
    r = Hook(Phase::kPostDown, env);
    BOOST_TEST_REQUIRE(r.rc == 0, "post-down: " << (r.lines.empty() ? "" : r.lines[0]));
  }

  bool HasRecord() const { return std::filesystem::exists(dir + "/eno1"); }
  std::string RecordText() const {
    std::ifstream in(dir + "/eno1");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Only the record itself: never a temporary file left behind (the lock
  // stays beside a record, and goes with it).
  std::vector<std::string> Files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().filename() != ".eno1:lock") out.push_back(e.path().filename());
    return out;
  }
};

std::string Line(const std::string& text) { return "ifupdown-token: eno1: " + text; }
std::string ErrorLine(const std::string& text) { return Line("error: " + text); }
std::string WarningLine(const std::string& text) { return Line("warning: " + text); }

const std::string kPrefixPlusToken = WarningLine(
    "address 2001:db8:1:0:208:80:154:23/64 is prefix+token and autoconf is 1 on eno1: every router "
    "advertisement overwrites its lifetimes, and it is deprecated, then deleted, if advertisements stop; "
    "'autoconf 0' keeps it permanent (the default route still comes from RAs with accept_ra 1 or 2)");

// The explained error of each step of Everything()'s plan, for an injected
// failure whose kernel text (or errno name) is `said`.
Lines EverythingErrors(const std::string& said) {
  return {
      "the kernel refused 1 in /proc/sys/net/ipv6/conf/eno1/forwarding" + said,
      "the kernel refused 3 in /proc/sys/net/ipv6/conf/eno1/router_solicitations" + said,
      "the kernel refused 2 in /proc/sys/net/ipv6/conf/eno1/dad_transmits" + said,
      "the kernel refused 2 in /proc/sys/net/ipv6/conf/eno1/accept_dad" + said,
      "the kernel refused 2 in /proc/sys/net/ipv6/conf/eno1/accept_ra" + said,
      "cannot set token ::208:80:154:23: the kernel refused the token although loopback, NOARP, "
      "accept_ra/forwarding and router_solicitations all allow it" + said,
      "cannot set addr_gen_mode none on eno1" + said,
      "the kernel refused address fe80::208:80:154:23/64 on eno1" + said,
      "the kernel refused address 2001:db8:1:0:208:80:154:23/64 on eno1" + said,
      "the kernel refused address 2001:db8:2:0:208:80:154:23/64 on eno1" + said,
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apply)

// --- ApplyAll: all or nothing -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(applies_every_action) {
  FakeKernel k;
  k.AddDevice("eno1", 2);
  Snapshot snap = Snap(k);
  Plan plan = PlanPreUp(Opts(Everything()), snap, Record{});
  BOOST_TEST_REQUIRE(!plan.Refused());
  Applied a = ApplyAll(k, snap, plan.actions);
  BOOST_TEST(a.ok(), a.error);
  BOOST_TEST(a.done.size() == plan.actions.size());
  BOOST_TEST(a.undo_errors.empty());
  const Link& l = k.Dev("eno1").link;
  BOOST_TEST(l.token == V6(kToken));
  BOOST_TEST(l.addr_gen_mode == kGenNone);
  BOOST_TEST(l.Value(Conf::kForwarding) == 1);
  BOOST_TEST(l.Value(Conf::kAcceptRa) == 2);
  BOOST_TEST(l.Value(Conf::kRouterSolicitations) == 3);
  BOOST_TEST(l.Value(Conf::kDadTransmits) == 2);
  BOOST_TEST(l.Value(Conf::kAcceptDad) == 2);
  BOOST_TEST(k.Dev("eno1").addresses.size() == 3u);
  BOOST_TEST(k.calls == (Lines{"sysctl eno1 forwarding=1", "sysctl eno1 router_solicitations=3",
                               "sysctl eno1 dad_transmits=2", "sysctl eno1 accept_dad=2",
                               "sysctl eno1 accept_ra=2", "token ::208:80:154:23", "addr_gen_mode 1",
                               "add fe80::208:80:154:23/64", "add 2001:db8:1:0:208:80:154:23/64",
                               "add 2001:db8:2:0:208:80:154:23/64"}),
             boost::test_tools::per_element());
}

// For a plan of N actions, a failure at each step k leaves the device exactly
// as it was, with an explained error.
BOOST_AUTO_TEST_CASE(undo_after_a_failure_at_each_step) {
  struct Failure { Status status; std::string said; };
  const Failure failures[] = {
      {Status::Errno(EIO, "injected failure"), " (kernel: \"injected failure\")"},
      {Status::Errno(EINVAL), " (EINVAL)"},  // a kernel without extack
  };
  for (const Failure& f : failures) {
    Lines errors = EverythingErrors(f.said);
    size_t n = 0;
    for (size_t step = 0; step == 0 || step < n; ++step) {
      BOOST_TEST_CONTEXT("failure " << f.said << " at step " << step) {
        FakeKernel k;
        k.AddDevice("eno1", 2);
        const std::string before = Dump(k.Dev("eno1"));
        Snapshot snap = Snap(k);
        Plan plan = PlanPreUp(Opts(Everything()), snap, Record{});
        BOOST_TEST_REQUIRE(!plan.Refused());
        n = plan.actions.size();
        BOOST_TEST_REQUIRE(n == errors.size());
        k.fail_change = int(step);
        k.failure = f.status;
        Applied a = ApplyAll(k, snap, plan.actions);
        BOOST_TEST(!a.ok());
        BOOST_TEST(a.error == errors[step]);
        BOOST_TEST(a.done.empty());  // nothing is left to record
        BOOST_TEST(a.undo_errors.empty(), (a.undo_errors.empty() ? "" : a.undo_errors[0]));
        BOOST_TEST(Dump(k.Dev("eno1")) == before);
        // step+1 forward calls, then one undo call per applied step.
        BOOST_TEST(k.calls.size() == 2 * step + 1);
      }
    }
    BOOST_TEST(n == 10u);
  }
}

// The same for a `token none` plan that raises accept_ra around the clear.
BOOST_AUTO_TEST_CASE(undo_after_a_failure_at_each_step_of_a_clear) {
  const Lines errors = {
      "the kernel refused 1 in /proc/sys/net/ipv6/conf/eno1/accept_ra (EIO)",
      "cannot clear the token: the kernel refused the token although loopback, NOARP, accept_ra/forwarding "
      "and router_solicitations all allow it (EIO)",
      "the kernel refused 0 in /proc/sys/net/ipv6/conf/eno1/accept_ra (EIO)",
      "the kernel refused address 2001:db8:1:0:208:80:154:23/64 on eno1 (EIO)",
  };
  Vars env = Manual({{"IF_TOKEN", "none"}, {"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  for (size_t step = 0; step < errors.size(); ++step) {
    BOOST_TEST_CONTEXT("failure at step " << step) {
      FakeKernel k;
      k.AddDevice("eno1", 2);
      k.SetConf("eno1", Conf::kAcceptRa, 0);
      k.Dev("eno1").link.token = V6("::5");
      const std::string before = Dump(k.Dev("eno1"));
      Snapshot snap = Snap(k);
      Plan plan = PlanPreUp(Opts(env), snap, Record{});
      BOOST_TEST_REQUIRE(plan.actions.size() == errors.size());
      k.fail_change = int(step);
      k.failure = Status::Errno(EIO);
      Applied a = ApplyAll(k, snap, plan.actions);
      BOOST_TEST(a.error == errors[step]);
      BOOST_TEST(a.undo_errors.empty(), (a.undo_errors.empty() ? "" : a.undo_errors[0]));
      BOOST_TEST(Dump(k.Dev("eno1")) == before);
    }
  }
}

// The kernel's own refusal, when the live state changed after the snapshot.
BOOST_AUTO_TEST_CASE(kernel_refusal_is_explained) {
  FakeKernel k;
  k.AddDevice("eno1", 2);
  Snapshot snap = Snap(k);
  Plan plan = PlanPreUp(Opts(Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}})), snap, Record{});
  k.Dev("eno1").addresses.push_back(Address{Cidr{V6(kAddr1), 64}, IFA_F_PERMANENT});  // raced in
  const std::string before = Dump(k.Dev("eno1"));
  Applied a = ApplyAll(k, snap, plan.actions);
  BOOST_TEST(a.error == "address 2001:db8:1:0:208:80:154:23/64 appeared on eno1 after ifupdown-token "
                        "read its addresses (SLAAC or another tool made it meanwhile): it is not ours, so "
                        "it is left alone; remove it ('ip -6 addr del "
                        "2001:db8:1:0:208:80:154:23/64 dev eno1') or drop it from the stanza (kernel: \"ipv6: "
                        "address already assigned\")");
  BOOST_TEST(Dump(k.Dev("eno1")) == before);

  k.SetConf("eno1", Conf::kDisableIpv6, 1);
  k.Dev("eno1").addresses.clear();
  a = ApplyAll(k, snap, plan.actions);
  BOOST_TEST(a.error == "cannot add 2001:db8:1:0:208:80:154:23/64: IPv6 is disabled on eno1 (disable_ipv6=1); "
                        "set net.ipv6.conf.eno1.disable_ipv6=0 (kernel: \"ipv6: IPv6 is disabled on this device\")");
  BOOST_TEST(k.Dev("eno1").link.token.IsZero());  // the token was undone

  k.SetConf("eno1", Conf::kDisableIpv6, 0);
  k.SetConf("eno1", Conf::kAcceptRa, 0);
  a = ApplyAll(k, snap, plan.actions);
  BOOST_TEST(a.error == "cannot set token ::208:80:154:23: the kernel refused the token although loopback, NOARP, "
                        "accept_ra/forwarding and router_solicitations all allow it (kernel: \"ipv6: Router "
                        "advertisement is disabled on device\")");
}

// A token refused after the plan raised accept_ra is explained from the values
// the plan left, not from the snapshot taken before it.
BOOST_AUTO_TEST_CASE(token_error_explained_after_the_plan_sysctls) {
  FakeKernel k;
  k.AddDevice("eno1", 2);
  k.SetConf("eno1", Conf::kAcceptRa, 0);
  Snapshot snap = Snap(k);
  Plan plan = PlanPreUp(Opts(Manual()), snap, Record{});
  BOOST_TEST_REQUIRE(plan.actions.size() == 2u);  // accept_ra 0 -> 1, token
  k.fail_change = 1;
  k.failure = Status::Errno(EINVAL);
  Applied a = ApplyAll(k, snap, plan.actions);
  BOOST_TEST(a.error == "cannot set token ::208:80:154:23: the kernel refused the token although loopback, NOARP, "
                        "accept_ra/forwarding and router_solicitations all allow it (EINVAL)");
  BOOST_TEST(k.Dev("eno1").link.Value(Conf::kAcceptRa) == 0);

  // The same in down's best-effort undo, where accept_ra is raised around the
  // token's restore.
  k.fail_change = int(k.calls.size()) + 1;
  std::vector<Action> undo{SetSysctl{Conf::kAcceptRa, 0, 1}, SetToken{V6(kToken), In6{}},
                           SetSysctl{Conf::kAcceptRa, 1, 0}};
  a = ApplyEach(k, snap, undo);
  BOOST_TEST(a.undo_errors == (Lines{"cannot clear the token: the kernel refused the token although loopback, NOARP, "
                                     "accept_ra/forwarding and router_solicitations all allow it (EINVAL)"}),
             boost::test_tools::per_element());
  BOOST_TEST(a.done.size() == 2u);
}

BOOST_AUTO_TEST_CASE(route_errors_are_explained) {
  FakeKernel k;
  k.AddDevice("eno1", 2);
  Snapshot snap = Snap(k);
  std::vector<Action> route{AddRoute{Route{V6(kGateway), 1024}}};
  Applied a = ApplyAll(k, snap, route);  // the link is down
  BOOST_TEST(a.error == "gateway 2001:db8:1::1 is not reachable on eno1: no route covers it; it must lie inside "
                        "the prefix of an address on eno1 (or be a link-local fe80:: gateway) (EHOSTUNREACH)");
  a = ApplyAll(k, snap, {AddRoute{Route{V6("fe80::1"), 1024}}});
  BOOST_TEST(a.error == "cannot add the route via fe80::1: eno1 is down (ENETDOWN)");
  BOOST_TEST(k.Dev("eno1").routes.empty());
}

// ApplyEach (down) tries everything and collects what failed.
BOOST_AUTO_TEST_CASE(apply_each_is_best_effort) {
  FakeKernel k;
  k.AddDevice("eno1", 2);
  k.Dev("eno1").link.token = V6(kToken);
  k.SetConf("eno1", Conf::kAcceptRa, 2);
  Snapshot snap = Snap(k);
  std::vector<Action> undo{DelAddress{Cidr{V6(kAddr1), 64}},  // already gone: fine
                           DelRoute{Route{V6(kGateway), 1024}},  // already gone: fine
                           SetToken{V6(kToken), In6{}}, SetSysctl{Conf::kAcceptRa, 2, 1}};
  k.fail_change = 2;
  Applied a = ApplyEach(k, snap, undo);
  BOOST_TEST(a.done.size() == 3u);
  BOOST_TEST(a.undo_errors == (Lines{"cannot clear the token: the kernel refused the token although loopback, NOARP, "
                                     "accept_ra/forwarding and router_solicitations all allow it (kernel: "
                                     "\"injected failure\")"}),
             boost::test_tools::per_element());
  BOOST_TEST(k.Dev("eno1").link.Value(Conf::kAcceptRa) == 1);  // went on after the failure
  BOOST_TEST(k.calls.size() == 4u);
}

BOOST_AUTO_TEST_CASE(inverse) {
  BOOST_TEST(Describe(Inverse(SetSysctl{Conf::kAcceptRa, 0, 1})) == "accept_ra 1 -> 0");
  BOOST_TEST(Describe(Inverse(SetToken{V6("::5"), V6(kToken)})) == "token ::5");
  BOOST_TEST(Describe(Inverse(SetAddrGenMode{kGenEui64, kGenNone})) == "addr_gen_mode none -> eui64");
  BOOST_TEST(Describe(Inverse(AddAddress{AddressSpec{Cidr{V6(kAddr1), 64}}})) ==
             "remove address 2001:db8:1:0:208:80:154:23/64");
  BOOST_TEST(Describe(Inverse(AddRoute{Route{V6(kGateway), 7}})) == "remove default route via 2001:db8:1::1");
  BOOST_TEST(Describe(Inverse(DelRoute{Route{V6(kGateway), 7}})) == "default route via 2001:db8:1::1 metric 7");
  BOOST_TEST(std::holds_alternative<DropAddress>(Inverse(DropAddress{Cidr{V6(kAddr1), 64}})));
}

// --- the hooks through RunHook ----------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(pre_up_records_the_original_values, Host) {
  k.SetConf("eno1", Conf::kAcceptRa, 0);
  Result r = Hook(Phase::kPreUp, Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_GATEWAY", kGateway}}));
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines.empty(), (r.lines.empty() ? "" : r.lines[0]));  // quiet on success
  BOOST_TEST(RecordText() ==
             "# ifupdown-token: what ifup changed, undone by ifdown. Do not edit.\n"
             "version 1\n"
             "index 2\n"
             "sysctl accept_ra 0 1\n"
             "token :: ::208:80:154:23\n"
             "address 2001:db8:1:0:208:80:154:23/64\n");
  BOOST_TEST(Files() == Lines{"eno1"}, boost::test_tools::per_element());
  BOOST_TEST(Dev().link.token == V6(kToken));
  BOOST_TEST(Dev().addresses.size() == 1u);
  BOOST_TEST(Dev().routes.empty());  // a route needs the link up: up's job
  BOOST_TEST(k.watch_calls == 0);
}

BOOST_AUTO_TEST_CASE(each_if_d_directory_has_its_phase) {
  // ifupdown 0.8: if-up.d runs with post-up and if-down.d with pre-down;
  // ifupdown2 and ifupdown-ng: with up and down. Other phases are not ours.
  for (Runner r : {Runner::kIfupdown, Runner::kIfupdown2, Runner::kIfupdownNg}) {
    BOOST_TEST((PhaseFrom("post-up", r) == Phase::kUp));
    BOOST_TEST((PhaseFrom("up", r) == Phase::kUp));
    BOOST_TEST((PhaseFrom("pre-down", r) == Phase::kDown));
    BOOST_TEST((PhaseFrom("down", r) == Phase::kDown));
    BOOST_TEST((PhaseFrom("post-down", r) == Phase::kPostDown));
    for (const char* other : {"destroy", "", "PRE-UP"}) BOOST_TEST(!PhaseFrom(other, r));
    BOOST_TEST(!PhaseFrom(nullptr, r));
  }
  BOOST_TEST((PhaseFrom("pre-up", Runner::kIfupdown) == Phase::kPreUp));
  BOOST_TEST((PhaseFrom("pre-up", Runner::kIfupdown2) == Phase::kPreUp));
  BOOST_TEST(!PhaseFrom("create", Runner::kIfupdown));
  // ifupdown-ng: if-create.d, with the device made and still down, is our
  // pre-up; its if-pre-up.d comes after its link executor raised a bridge.
  BOOST_TEST((PhaseFrom("create", Runner::kIfupdownNg) == Phase::kPreUp));
  BOOST_TEST(!PhaseFrom("pre-up", Runner::kIfupdownNg));
}

BOOST_FIXTURE_TEST_CASE(a_hook_run_without_a_phase_does_nothing, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  char* buf = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&buf, &size);
  BOOST_TEST(RunHook(MapEnv(env), k, dir, out) == 0);
  fclose(out);
  BOOST_TEST(size == 0u);
  free(buf);
  BOOST_TEST(k.Untouched());
}

// ifupdown-ng (and ifupdown2 through our addon): one run per interface with
// the stanzas merged; the implementation adds the addresses in up and flushes
// them on down before our down hook runs.
BOOST_FIXTURE_TEST_CASE(merged_implementations_get_the_link_level_part, Host) {
  Vars env{{"IFACE", "eno1"}, {"MODE", "start"}, {"METHOD", "none"},
           {"INTERFACES_FILE", "/etc/network/interfaces"}, {"IF_TOKEN", "auto"},
           {"IF_IPV6_LINK_LOCAL", "token"}, {"IF_GATEWAY", "2001:db8:1::1"},
           {"IF_ADDRESSES", "198.51.100.10/24 " + std::string(kAddr1) + "/64 "}};
  std::string before = Dump(Dev());
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  BOOST_TEST(Dev().link.token == V6(kToken));
  BOOST_TEST(Dev().link.addr_gen_mode == int(kGenNone));
  // Only the link-local: the global address is ifupdown-ng's to add.
  BOOST_TEST(k.calls == (Lines{"token ::208:80:154:23", "addr_gen_mode 1", "add fe80::208:80:154:23/64"}),
             boost::test_tools::per_element());
  MethodUp();
  Dev().addresses.push_back(Address{Cidr{V6(kAddr1), 64}, IFA_F_PERMANENT});  // the static executor
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 0, (r.lines.empty() ? "" : r.lines[0]));
  BOOST_TEST(Dev().routes.empty());
  BOOST_TEST(k.watch_calls == 1);  // for the link-local we added, not for their address
  BOOST_TEST(!Dev().addresses.at(0).Tentative());
  MethodDown();  // ifupdown-ng: link down and addresses flushed before if-down.d
  BOOST_TEST(Hook(Phase::kDown, env).rc == 0);
  BOOST_TEST(Hook(Phase::kPostDown, env).rc == 0);
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(Files().empty());
}

// ifupdown-ng and ifupdown2 bring the link up after a refusal: pre-up keeps
// the kernel from building addresses from the MAC, says so on the refusal's
// one line, and post-down gives the values back.
BOOST_FIXTURE_TEST_CASE(merged_implementations_fail_closed_after_a_refused_pre_up, Host) {
  Vars env{{"IFACE", "eno1"}, {"MODE", "start"}, {"METHOD", "none"},
           {"INTERFACES_FILE", "/etc/network/interfaces"}, {"IF_TOKEN", "::10"},
           {"IF_ACCEPT_RA", "0"}};
  const std::string before = Dump(Dev());
  Result r = Hook(Phase::kPreUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 1u);
  BOOST_TEST(r.lines[0].find("ifupdown-token: eno1: error: cannot set token ::10: ") == 0u, r.lines[0]);
  BOOST_TEST(r.lines[0].find("; ifupdown-ng brings eno1 up regardless, so until "
                             "ifdown it builds no address from its MAC (addr_gen_mode none, "
                             "autoconf 0)") != std::string::npos, r.lines[0]);
  BOOST_TEST(k.calls == (Lines{"addr_gen_mode 1", "sysctl eno1 autoconf=0"}), boost::test_tools::per_element());
  BOOST_TEST(Dev().link.token.IsZero());
  MethodUp();  // ifupdown-ng brings the link up anyway
  r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines.empty(), "up repeated: " << (r.lines.empty() ? "" : r.lines[0]));
  BOOST_TEST(k.calls.size() == 2u);
  BOOST_TEST(Hook(Phase::kDown, env).rc == 0);
  MethodDown();
  BOOST_TEST(Hook(Phase::kPostDown, env).rc == 0);
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(Files().empty());
}

// A device the implementation raised before pre-up, refused: what the kernel
// built from the MAC meanwhile goes as well; ifupdown 0.8 fails the interface
// instead, and nothing is changed.
BOOST_FIXTURE_TEST_CASE(fail_closed_drops_what_the_kernel_built_on_a_raised_device, Host) {
  Vars env{{"IFACE", "eno1"}, {"MODE", "start"}, {"METHOD", "none"},
           {"INTERFACES_FILE", "/etc/network/interfaces"}, {"IF_TOKEN", "bogus"}};
  MethodUp();
  Dev().addresses.push_back(Address{Cidr{V6(kEuiLL), 64}, IFA_F_PERMANENT});
  Dev().addresses.push_back(Address{Cidr{V6(kEuiGlobal), 64}, 0});
  Dev().addresses.push_back(Address{Cidr{V6(kAddr1), 64}, IFA_F_PERMANENT});  // the implementation's
  Result r = Hook(Phase::kPreUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 1u);
  BOOST_TEST(r.lines[0].find("option token: 'bogus'") != std::string::npos, r.lines[0]);
  BOOST_TEST(r.lines[0].find("(addr_gen_mode none, autoconf 0)") != std::string::npos, r.lines[0]);
  BOOST_TEST(k.calls == (Lines{"addr_gen_mode 1", "sysctl eno1 autoconf=0", "del " + std::string(kEuiLL) + "/64",
                               "del " + std::string(kEuiGlobal) + "/64"}),
             boost::test_tools::per_element());
  BOOST_TEST(Dev().addresses.size() == 1u);

  k.calls.clear();
  Vars classic{{"IFACE", "eno1"}, {"ADDRFAM", "inet6"}, {"METHOD", "manual"}, {"VERBOSITY", "0"},
               {"MODE", "start"}, {"IF_TOKEN", "bogus"}};
  r = Hook(Phase::kPreUp, classic);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines.at(0).find("addr_gen_mode") == std::string::npos, r.lines.at(0));
  BOOST_TEST(k.calls.empty());
}

BOOST_FIXTURE_TEST_CASE(merged_implementations_never_refuse_their_own_addresses, Host) {
  // ifupdown2 adds the stanza's addresses before the pre-up scripts run.
  Vars env{{"IFACE", "eno1"}, {"LOGICAL", "eno1"}, {"MODE", "start"}, {"ADDRFAM", "inet,inet6"},
           {"METHOD", "manual"}, {"IF_TOKEN", "auto"}, {"IF_ADDRESS", std::string(kAddr1) + "/64"}};
  Dev().addresses.push_back(Address{Cidr{V6(kAddr1), 64}, IFA_F_PERMANENT | IFA_F_TENTATIVE});
  Result r = Hook(Phase::kPreUp, env);
  BOOST_TEST(r.rc == 0, (r.lines.empty() ? "" : r.lines[0]));
  BOOST_TEST(Dev().link.token == V6(kToken));
  BOOST_TEST(Dev().addresses.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(up_adds_the_route_and_waits_for_dad, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_GATEWAY", kGateway}, {"IF_METRIC", "100"}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  BOOST_TEST(Dev().addresses.at(0).Tentative());
  MethodUp();
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines == Lines{kPrefixPlusToken}, boost::test_tools::per_element());
  BOOST_TEST((Dev().routes == std::vector<Route>{Route{V6(kGateway), 100}}));
  BOOST_TEST(k.watch_calls == 1);
  BOOST_TEST(!Dev().addresses.at(0).Tentative());
  BOOST_TEST(RecordText().find("\nroute 2001:db8:1::1 100\n") != std::string::npos, RecordText());
  BOOST_TEST(Files() == Lines{"eno1"}, boost::test_tools::per_element());
  // A second up finds the route there, its own: not an error, recorded once.
  r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(Dev().routes.size() == 1u);
  auto rec = LoadRecord(dir, "eno1");
  BOOST_TEST_REQUIRE(rec.has_value());
  BOOST_TEST(rec->routes.size() == 1u);
}

// A busy host's event socket overflows during the DAD wait (ENOBUFS): up
// reads the addresses again instead of failing, and says so with -v.
BOOST_FIXTURE_TEST_CASE(dad_wait_survives_dropped_events, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"VERBOSITY", "1"}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  MethodUp();
  k.overflows = 1;
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 0);
  const std::string said = Line("DAD wait: the kernel dropped address events 1 time(s) (ENOBUFS: "
                                "the event socket's buffer overran); read the addresses again");
  BOOST_TEST((std::find(r.lines.begin(), r.lines.end(), said) != r.lines.end()));
  BOOST_TEST(!Dev().addresses.at(0).Tentative());
}

BOOST_FIXTURE_TEST_CASE(dad_failure_fails_up_and_undoes_everything, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_GATEWAY", kGateway},
                     {"IF_IPV6_FORWARDING", "1"}});
  MethodUp();  // compare with the device as the method leaves it
  const std::string before = Dump(Dev());
  Dev().link.flags = 0;
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  MethodUp();
  k.dad = FakeKernel::Dad::kFailed;
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines == (Lines{kPrefixPlusToken,
                               ErrorLine("duplicate address detection failed for 2001:db8:1:0:208:80:154:23: "
                                         "another host on the link already uses it; find it (ip -6 neigh) or "
                                         "pick another address"),
                               ErrorLine("every change of this ifup was undone")}),
             boost::test_tools::per_element());
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(!HasRecord());
  BOOST_TEST(Files().empty());
}

BOOST_FIXTURE_TEST_CASE(dad_timeout_fails_up, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_DAD_ATTEMPTS", "3"},
                     {"IF_DAD_INTERVAL", "0.5"}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  MethodUp();
  k.dad = FakeKernel::Dad::kTimedOut;
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 3u);
  BOOST_TEST(r.lines[2] == ErrorLine("every change of this ifup was undone"));
  BOOST_TEST(r.lines[1] == ErrorLine("DAD for 2001:db8:1:0:208:80:154:23 did not finish within 1500 ms "
                                     "(dad-attempts x dad-interval); check that eno1 has carrier, or raise "
                                     "dad-attempts"));
  BOOST_TEST(!HasRecord());
  BOOST_TEST(Dev().addresses.empty());
  BOOST_TEST(Dev().link.token.IsZero());
}

// RFC 4429: with `ipv6-optimistic-dad 1` pre-up adds optimistic addresses
// (optimistic_dad and use_optimistic written first) and up does not wait for
// their DAD (this kernel would never finish it); down removes them and gives
// both sysctls back.
BOOST_FIXTURE_TEST_CASE(optimistic_addresses_are_not_awaited, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"},
                     {"IF_IPV6_OPTIMISTIC_DAD", "1"},
                     {"IF_IPV6_LINK_LOCAL", "token"},
                     {"IF_AUTOCONF", "0"}});
  const std::string before = Dump(Dev());
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  BOOST_TEST(
      k.calls == (Lines{"sysctl eno1 autoconf=0", "sysctl eno1 optimistic_dad=1",
                        "sysctl eno1 use_optimistic=1", "token ::208:80:154:23", "addr_gen_mode 1",
                        "add fe80::208:80:154:23/64", "add 2001:db8:1:0:208:80:154:23/64"}),
      boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(Dev().addresses.size() == 2u);
  for (const Address& a : Dev().addresses)
    BOOST_TEST(a.flags == (IFA_F_PERMANENT | IFA_F_TENTATIVE | IFA_F_OPTIMISTIC));
  MethodUp();
  k.dad = FakeKernel::Dad::kTimedOut;
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 0, (r.lines.empty() ? "" : r.lines[0]));
  for (const std::string& line : r.lines) BOOST_TEST(line.find("error") == std::string::npos, line);
  Ifdown(env);
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(!HasRecord());
}

// A duplicate found before up runs (the kernel answers DAD within its first
// probe): up reports it, names the address, and undoes the ifup.
BOOST_FIXTURE_TEST_CASE(optimistic_dad_failure_before_up_fails_it, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"},
                     {"IF_IPV6_OPTIMISTIC_DAD", "1"},
                     {"IF_AUTOCONF", "0"}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  MethodUp();
  // addrconf_dad_stop(ifp, 1): tentative and dadfailed, no longer optimistic.
  Dev().addresses.at(0).flags = IFA_F_PERMANENT | IFA_F_TENTATIVE | IFA_F_DADFAILED;
  k.dad = FakeKernel::Dad::kTimedOut;
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 3u);  // the autoconf 0 warning first
  r.lines.erase(r.lines.begin());
  BOOST_TEST(
      r.lines ==
          (Lines{ErrorLine("duplicate address detection failed for 2001:db8:1:0:208:80:154:23: "
                           "another host on the link already uses it; find it (ip -6 neigh) or "
                           "pick another address"),
                 ErrorLine("every change of this ifup was undone")}),
      boost::test_tools::per_element());
  BOOST_TEST(Dev().addresses.empty());
  BOOST_TEST(Dev().link.Value(Conf::kOptimisticDad) == 0);
  BOOST_TEST(Dev().link.Value(Conf::kUseOptimistic) == 0);
  BOOST_TEST(!HasRecord());
}

// A duplicate found while token-wait waits (after the DAD wait, which skips
// optimistic addresses): still before ifup returns, so up fails and undoes.
BOOST_FIXTURE_TEST_CASE(optimistic_dad_failure_during_token_wait_fails_up, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"},
                     {"IF_IPV6_OPTIMISTIC_DAD", "1"},
                     {"IF_TOKEN_WAIT", "0.2"}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  MethodUp();
  k.dad = FakeKernel::Dad::kFailed;  // the kernel's DAD, once watched, fails
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(std::count(r.lines.begin(), r.lines.end(),
                        ErrorLine("duplicate address detection failed for "
                                  "2001:db8:1:0:208:80:154:23: another host on the link already "
                                  "uses it; find it (ip -6 neigh) or pick another address")) == 1);
  BOOST_TEST(r.lines.back() == ErrorLine("every change of this ifup was undone"));
  BOOST_TEST(Dev().addresses.empty());
  BOOST_TEST(!HasRecord());
}

// The kernel refuses IFA_F_NODAD with IFA_F_OPTIMISTIC once optimistic_dad is
// 1: the fake does too, and the product never sends both.
BOOST_AUTO_TEST_CASE(fake_kernel_refuses_nodad_with_optimistic) {
  FakeKernel k;
  k.AddDevice("eno1", 2);
  AddressSpec spec{Cidr{V6(kAddr1), 64}, true};
  spec.optimistic = true;
  BOOST_TEST(k.AddAddress(2, spec).ok());  // optimistic_dad 0: dropped silently
  BOOST_TEST(!(k.Dev("eno1").addresses.at(0).flags & IFA_F_OPTIMISTIC));
  k.Dev("eno1").addresses.clear();
  k.SetConf("eno1", Conf::kOptimisticDad, 1);
  BOOST_TEST(k.AddAddress(2, spec).err == EINVAL);
}

BOOST_FIXTURE_TEST_CASE(nodad_addresses_are_not_awaited, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_DAD_ATTEMPTS", "0"}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  BOOST_TEST(Dev().addresses.at(0).flags & IFA_F_NODAD);
  MethodUp();
  BOOST_TEST(Hook(Phase::kUp, env).rc == 0);
  BOOST_TEST(k.watch_calls == 0);
}

// down (link still up) removes our routes and addresses only; post-down,
// once the method took the link down, restores the link-level settings.
BOOST_FIXTURE_TEST_CASE(down_restores_everything, Host) {
  k.SetConf("eno1", Conf::kAcceptRa, 0);
  k.SetConf("eno1", Conf::kUseTempaddr, 2);
  Dev().link.token = V6("::77");
  const std::string before = Dump(Dev());
  Vars env = Everything();
  env["IF_PRIVEXT"] = "0";
  Ifup(env);
  BOOST_TEST(Dev().link.token == V6(kToken));
  BOOST_TEST(Dev().routes.size() == 1u);
  BOOST_TEST(Dev().addresses.size() == 3u);
  Result r = Hook(Phase::kDown, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines.empty(), (r.lines.empty() ? "" : r.lines[0]));
  BOOST_TEST(Dev().routes.empty());
  BOOST_TEST(Dev().addresses.empty());
  BOOST_TEST(Dev().link.token == V6(kToken));  // not while the link is up
  BOOST_TEST(RecordText() ==
             "# ifupdown-token: what ifup changed, undone by ifdown. Do not edit.\n"
             "version 1\n"
             "index 2\n"
             "sysctl forwarding 0 1\n"
             "sysctl use_tempaddr 2 0\n"
             "sysctl router_solicitations -1 3\n"
             "sysctl dad_transmits 1 2\n"
             "sysctl accept_dad 1 2\n"
             "sysctl accept_ra 0 2\n"
             "token ::77 ::208:80:154:23\n"
             "addr_gen_mode 0 1\n");
  MethodDown();
  r = Hook(Phase::kPostDown, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines.empty(), (r.lines.empty() ? "" : r.lines[0]));
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(!HasRecord());
  BOOST_TEST(Files().empty());
}

// A link already down at down (or a failed method) gets the whole undo at once.
BOOST_FIXTURE_TEST_CASE(down_on_a_down_link_restores_everything, Host) {
  const std::string before = Dump(Dev());
  Ifup(Everything());
  MethodDown();
  Result r = Hook(Phase::kDown, Everything());
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(!HasRecord());
  r = Hook(Phase::kPostDown, Everything());
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines.empty());
}

BOOST_FIXTURE_TEST_CASE(down_when_the_stanza_lost_its_token, Host) {
  const std::string before = Dump(Dev());
  Ifup(Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_GATEWAY", kGateway}}));
  // /etc/network/interfaces was edited since ifup: no token, no address.
  Ifdown(Vars{{"IFACE", "eno1"}, {"ADDRFAM", "inet6"}, {"METHOD", "manual"}});
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(!HasRecord());
}

BOOST_FIXTURE_TEST_CASE(down_without_a_record_does_nothing, Host) {
  for (Phase phase : {Phase::kDown, Phase::kPostDown}) {
    Result r = Hook(phase, Everything());
    BOOST_TEST(r.rc == 0);
    BOOST_TEST(r.lines.empty());
    BOOST_TEST(k.Untouched(), "reads " << k.reads << ", changes " << k.calls.size());
  }
}

BOOST_FIXTURE_TEST_CASE(down_on_a_recreated_device_leaves_it_alone, Host) {
  Ifup(Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}}));
  FakeKernel::Device again = Dev();
  again.link.index = 9;
  k.devices["eno1"] = again;
  k.calls.clear();
  Result r = Hook(Phase::kDown, Manual());
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines == Lines{WarningLine("eno1 is gone or was recreated since ifup; nothing of what ifup set is "
                                          "left to undo")},
             boost::test_tools::per_element());
  BOOST_TEST(k.calls.empty());
  BOOST_TEST(!HasRecord());
}

BOOST_FIXTURE_TEST_CASE(ifup_ifdown_converges, Host) {
  Vars env = Everything();
  const std::string original = Dump(Dev());
  Ifup(env);
  const std::string up = Dump(Dev());
  const std::string record = RecordText();
  for (int round = 0; round < 3; ++round) {
    BOOST_TEST_CONTEXT("round " << round) {
      Ifdown(env);
      BOOST_TEST(Dump(Dev()) == original);
      BOOST_TEST(!HasRecord());
      Ifup(env);
      BOOST_TEST(Dump(Dev()) == up);
      BOOST_TEST(RecordText() == record);
    }
  }
}

// The Wikimedia layout: the inet stanza (first up) sets the token, the inet6
// manual stanza adds the addresses; one record holds both, with the originals.
BOOST_FIXTURE_TEST_CASE(two_stanzas_share_one_record, Host) {
  k.SetConf("eno1", Conf::kAcceptRa, 0);
  const std::string before = Dump(Dev());
  Vars inet{{"IFACE", "eno1"}, {"ADDRFAM", "inet"}, {"METHOD", "static"}, {"IF_TOKEN", "auto"},
            {"IF_ADDRESS", "208.80.154.23"}, {"IF_NETMASK", "255.255.255.0"}, {"IF_IPV6_LINK_LOCAL", "token"}};
  Vars inet6 = Manual({{"IF_TOKEN", "auto"}, {"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_ACCEPT_RA", "2"},
                       {"IF_GATEWAY", kGateway}});
  Ifup(inet);
  Result r = Hook(Phase::kPreUp, inet6);  // the link is already up, but the token was set first
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines == Lines{WarningLine(
                            "eno1 was already up when this stanza's pre-up ran (an earlier stanza brought it up), "
                            "so addresses without the token may have appeared; put 'token' in the first stanza "
                            "of eno1")},
             boost::test_tools::per_element());
  BOOST_TEST(Hook(Phase::kUp, inet6).rc == 0);
  BOOST_TEST(RecordText() ==
             "# ifupdown-token: what ifup changed, undone by ifdown. Do not edit.\n"
             "version 1\n"
             "index 2\n"
             "sysctl accept_ra 0 2\n"
             "token :: ::208:80:154:23\n"
             "addr_gen_mode 0 1\n"
             "address fe80::208:80:154:23/64\n"
             "address 2001:db8:1:0:208:80:154:23/64\n"
             "route 2001:db8:1::1 1024\n");
  // ifdown takes the stanzas in file order: the inet stanza's hooks undo it all.
  Ifdown(inet);
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(!HasRecord());
  for (Phase phase : {Phase::kDown, Phase::kPostDown}) {
    k.calls.clear();
    r = Hook(phase, inet6);
    BOOST_TEST(r.rc == 0);
    BOOST_TEST(r.lines.empty());
    BOOST_TEST(k.calls.empty());
  }
}

// A route is recorded, and so removed by down, even when pre-up had nothing
// to record (the token was already set).
BOOST_FIXTURE_TEST_CASE(up_records_its_route_without_a_pre_up_record, Host) {
  Dev().link.token = V6(kToken);
  Vars env = Manual({{"IF_GATEWAY", "fe80::1"}});
  Result r = Hook(Phase::kPreUp, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(!HasRecord());  // nothing changed
  MethodUp();
  BOOST_TEST(Hook(Phase::kUp, env).rc == 0);
  BOOST_TEST(Dev().routes.size() == 1u);
  BOOST_TEST(HasRecord());
  BOOST_TEST(Hook(Phase::kDown, env).rc == 0);
  BOOST_TEST(Dev().routes.empty());
  BOOST_TEST(Dev().link.token == V6(kToken));  // not ours to clear
  BOOST_TEST(!HasRecord());
}

BOOST_FIXTURE_TEST_CASE(pre_up_failure_is_undone, Host) {
  Vars env = Everything();
  const std::string before = Dump(Dev());
  for (int step = 0; step < 10; ++step) {
    BOOST_TEST_CONTEXT("failure at step " << step) {
      k.calls.clear();
      k.fail_change = step;
      Result r = Hook(Phase::kPreUp, env);
      BOOST_TEST(r.rc == 1);
      BOOST_TEST(r.lines == (Lines{WarningLine("forwarding is on (from this stanza's 'ipv6-forwarding 1'): accept_ra "
                                               "1 -> 2, so that the kernel takes the token and router "
                                               "advertisements still count"),
                                   ErrorLine(EverythingErrors(" (kernel: \"injected failure\")")[step]),
                                   ErrorLine("every change of this pre-up was undone")}),
                 boost::test_tools::per_element());
      BOOST_TEST(Dump(Dev()) == before);
      BOOST_TEST(!HasRecord());
      BOOST_TEST(Files().empty());
    }
  }
}

BOOST_FIXTURE_TEST_CASE(refused_pre_up_changes_nothing, Host) {
  Result r = Hook(Phase::kPreUp, Manual({{"IF_ACCEPT_RA", "0"}, {"IF_ADDRESS", std::string(kAddr1) + "/64"}}));
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines == Lines{ErrorLine("cannot set token ::208:80:154:23: the kernel accepts a token only while eno1 "
                                        "accepts router advertisements, and eno1 has accept_ra=0 (from this stanza's "
                                        "'accept_ra 0'); set 'accept_ra 1', or remove accept_ra and the hook chooses")},
             boost::test_tools::per_element());
  BOOST_TEST(k.calls.empty());
  BOOST_TEST(!HasRecord());

  k.SetConf("eno1", Conf::kForwarding, 1);
  r = Hook(Phase::kPreUp, Manual({{"IF_ACCEPT_RA", "1"}}));
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines.size() == 1u);
  BOOST_TEST(r.lines.at(0).find("set 'accept_ra 2' in the stanza, or turn forwarding off") != std::string::npos);
  BOOST_TEST(k.calls.empty());

  k.SetConf("eno1", Conf::kForwarding, 0);
  Dev().link.flags = IFF_NOARP;
  r = Hook(Phase::kPreUp, Manual());
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines == Lines{ErrorLine("eno1 does no neighbour discovery (IFF_NOARP: 'arp off' or a NOARP link "
                                        "type), and the kernel refuses a token there; turn ARP on ('ip link set "
                                        "eno1 arp on') or drop the token")},
             boost::test_tools::per_element());
  BOOST_TEST(k.calls.empty());
  BOOST_TEST(Files().empty());
}

BOOST_FIXTURE_TEST_CASE(invalid_options_touch_nothing, Host) {
  Result r = Hook(Phase::kPreUp, Manual({{"IF_TOKEN", "2001:db8::5"}, {"IF_ACCEPT_RA", "7"}}));
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines == (Lines{ErrorLine("option token: '2001:db8::5': the upper 64 bits are not zero; the kernel "
                                         "keeps only the lower 64 bits, so write '::5'"),
                               ErrorLine("option accept_ra: '7': expected 0, 1 or 2")}),
             boost::test_tools::per_element());
  BOOST_TEST(k.Untouched());
  r = Hook(Phase::kUp, Manual({{"IF_TOKEN", "::"}}));
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines.size() == 1u);
  BOOST_TEST(k.Untouched());
  // An IFACE that could escape /proc/sys is rejected before any use.
  r = Hook(Phase::kPreUp, Manual({{"IFACE", "../all"}}));
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines == Lines{"ifupdown-token: ../all: error: IFACE '../all' is not a valid interface name: it "
                              "contains '/', ':' or whitespace"},
             boost::test_tools::per_element());
  for (Phase phase : {Phase::kDown, Phase::kPostDown}) {
    r = Hook(phase, Manual({{"IFACE", "../all"}}));
    BOOST_TEST(r.rc == 0);
    BOOST_TEST(r.lines.empty());
    BOOST_TEST(k.Untouched());
  }
}

BOOST_FIXTURE_TEST_CASE(missing_device_refused, Host) {
  Result r = Hook(Phase::kPreUp, Manual({{"IFACE", "eno9"}}));
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines == Lines{"ifupdown-token: eno9: error: interface eno9 does not exist; check the name in the stanza"},
             boost::test_tools::per_element());
  BOOST_TEST(k.calls.empty());
}

BOOST_FIXTURE_TEST_CASE(verbose_prints_one_line_per_action, Host) {
  k.SetConf("eno1", Conf::kAcceptRa, 0);
  Vars env = Manual({{"VERBOSITY", "1"}, {"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_GATEWAY", kGateway},
                     {"IF_AUTOCONF", "0"}});
  Result r = Hook(Phase::kPreUp, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines == (Lines{Line("autoconf 1 -> 0"), Line("accept_ra 0 -> 1"), Line("token ::208:80:154:23"),
                               Line("address 2001:db8:1:0:208:80:154:23/64")}),
             boost::test_tools::per_element());
  MethodUp();
  r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines == (Lines{WarningLine("autoconf is 0 on eno1: the token shapes no global address (the kernel uses it "
                                           "only for SLAAC addresses of /64 prefixes)"),
                               Line("default route via 2001:db8:1::1 metric 1024"),
                               Line("DAD done for 2001:db8:1:0:208:80:154:23")}),
             boost::test_tools::per_element());
  r = Hook(Phase::kDown, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines == (Lines{Line("undo: remove default route via 2001:db8:1::1"),
                               Line("undo: remove address 2001:db8:1:0:208:80:154:23/64")}),
             boost::test_tools::per_element());
  MethodDown();
  r = Hook(Phase::kPostDown, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.lines == (Lines{Line("undo: token cleared (was ::208:80:154:23)"), Line("undo: accept_ra 1 -> 0"),
                               Line("undo: autoconf 0 -> 1")}),
             boost::test_tools::per_element());
  // Without VERBOSITY=1 the same ifup prints only the warning.
  env.erase("VERBOSITY");
  r = Hook(Phase::kPreUp, env);
  BOOST_TEST(r.lines.empty());
}

BOOST_AUTO_TEST_CASE(not_for_us_makes_no_kernel_call) {
  const Vars stanzas[] = {
      {{"IFACE", "--all"}, {"ADDRFAM", "meta"}, {"METHOD", "none"}, {"MODE", "start"}, {"PHASE", "pre-up"}},
      {{"IFACE", "--all"}, {"ADDRFAM", "meta"}, {"METHOD", "none"}, {"IF_TOKEN", "::1"}},
      {{"IFACE", "lo"}, {"ADDRFAM", "inet"}, {"METHOD", "loopback"}},
      {{"IFACE", "lo"}, {"ADDRFAM", "inet6"}, {"METHOD", "loopback"}},
      {{"IFACE", "eno1"}, {"ADDRFAM", "inet6"}, {"METHOD", "manual"}, {"IF_ADDRESS", "2001:db8::1/64"}},
      {{"IFACE", "eno1"}, {"ADDRFAM", "inet"}, {"METHOD", "dhcp"}},
      {{"IFACE", "eno1"}, {"VERBOSITY", "0"}, {"IF_TOKEN", "::1"}},  // ifupdown 0.8 without ADDRFAM
  };
  for (const Vars& env : stanzas) {
    for (Phase phase : {Phase::kPreUp, Phase::kUp, Phase::kDown, Phase::kPostDown}) {
      BOOST_TEST_CONTEXT("IFACE " << env.at("IFACE") << " phase " << int(phase)) {
        Host h;
        h.k.AddDevice("lo", 1).link.flags = IFF_LOOPBACK | IFF_UP;
        Host::Result r = h.Hook(phase, env);
        BOOST_TEST(r.rc == 0);
        BOOST_TEST(r.lines.empty());
        BOOST_TEST(h.k.Untouched(), "reads " << h.k.reads << ", changes " << h.k.calls.size());
        BOOST_TEST(h.Files().empty());
      }
    }
  }
}

BOOST_FIXTURE_TEST_CASE(token_on_lo_refused_by_the_loopback_rule, Host) {
  k.AddDevice("lo", 1).link.flags = IFF_LOOPBACK | IFF_UP;
  Result r = Hook(Phase::kPreUp, Vars{{"IFACE", "lo"}, {"ADDRFAM", "inet6"}, {"METHOD", "loopback"},
                                      {"IF_TOKEN", "::1"}});
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines == Lines{"ifupdown-token: lo: error: lo is a loopback device; tokens do not apply to loopback"},
             boost::test_tools::per_element());
  BOOST_TEST(k.calls.empty());
}


// --- faults: a kill at any instant, lost replies, damaged and planted records -----------

// A SIGKILL (or the OOM killer, or a unit timeout) at every change of pre-up,
// before the kernel makes it and after: the record is always ahead of the
// kernel, so a later ifdown restores the device exactly.
BOOST_AUTO_TEST_CASE(a_kill_at_any_change_of_pre_up_is_undone_by_ifdown) {
  Vars env = Everything();
  size_t changes = 0;
  {
    Host h;
    BOOST_TEST_REQUIRE(h.Hook(Phase::kPreUp, env).rc == 0);
    changes = h.k.calls.size();
  }
  BOOST_TEST_REQUIRE(changes >= 8u);
  for (bool after : {false, true}) {
    for (size_t n = 0; n < changes; ++n) {
      BOOST_TEST_CONTEXT("killed " << (after ? "after" : "before") << " change " << n) {
        Host h;
        const std::string before = Dump(h.Dev());
        h.k.kill_at = int(n);
        h.k.kill_after = after;
        BOOST_CHECK_THROW(h.Hook(Phase::kPreUp, env), FakeKernel::Killed);
        h.k.kill_at = -1;
        h.Ifdown(env);  // ifupdown never recorded the interface; an admin's ifdown --force
        BOOST_TEST(Dump(h.Dev()) == before);
        BOOST_TEST(h.Files().empty());
      }
    }
  }
}

// The next pre-up takes over what an interrupted one changed: its own
// changes are not refused as someone else's, and the first original values
// are what ifdown restores.
BOOST_FIXTURE_TEST_CASE(the_next_pre_up_takes_over_an_interrupted_one, Host) {
  Vars env = Everything();
  const std::string before = Dump(Dev());
  k.kill_at = 8;  // after the link-local and the first address were added
  k.kill_after = true;
  BOOST_CHECK_THROW(Hook(Phase::kPreUp, env), FakeKernel::Killed);
  k.kill_at = -1;
  Ifup(env);
  Ifdown(env);
  BOOST_TEST(Dump(Dev()) == before);
  BOOST_TEST(Files().empty());
}

// The kernel made the change, but its answer was lost: the step is undone
// with the rest, and "undone" is said only once the state shows it.
BOOST_AUTO_TEST_CASE(a_lost_reply_is_undone_too) {
  Vars env = Everything();
  for (int n = 0; n < 10; ++n) {
    BOOST_TEST_CONTEXT("reply to change " << n << " lost") {
      Host h;
      const std::string before = Dump(h.Dev());
      h.k.lose_reply_at = n;
      Host::Result r = h.Hook(Phase::kPreUp, env);
      BOOST_TEST(r.rc == 1);
      BOOST_TEST_REQUIRE(!r.lines.empty());
      auto said = [&](const std::string& text) {
        return std::any_of(r.lines.begin(), r.lines.end(),
                           [&](const std::string& l) { return l.find(text) != std::string::npos; });
      };
      BOOST_TEST(said("no answer from the kernel to "), [&] {
        std::string all;
        for (const std::string& l : r.lines) all += l + "\n";
        return all;
      }());
      BOOST_TEST(!said("refused"));
      BOOST_TEST(r.lines.back() == ErrorLine("every change of this pre-up was undone"));
      BOOST_TEST(Dump(h.Dev()) == before);
      BOOST_TEST(h.Files().empty());
    }
  }
}

// up fails before it changes anything (its read of the interface fails):
// no ifdown follows a failed ifup, so pre-up's changes are undone now.
BOOST_FIXTURE_TEST_CASE(an_early_failure_of_up_undoes_pre_up, Host) {
  Vars env = Everything();
  const std::string before = Dump(Dev());
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  MethodUp();
  k.fail_reads = 1;  // up's own read fails; the undo's works
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines.front() == ErrorLine("cannot read eno1 from the kernel: Input/output error"));
  BOOST_TEST(r.lines.back() == ErrorLine("every change of this ifup was undone"));
  BOOST_TEST(Files().empty());
  Dev().link.flags = 0;
  BOOST_TEST(Dump(Dev()) == before);
  // When the undo cannot read the state either, the record stays for ifdown.
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  k.fail_reads = 2;
  BOOST_TEST(Hook(Phase::kUp, env).rc == 1);
  BOOST_TEST(HasRecord());
  Ifdown(env);
  BOOST_TEST(Dump(Dev()) == before);
}

BOOST_FIXTURE_TEST_CASE(a_refused_up_forgets_pre_up, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  k.devices.erase("eno1");  // the device went away between pre-up and up
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST(r.lines.front() == ErrorLine("interface eno1 does not exist"));
  BOOST_TEST(Files().empty());  // no stale record for a device that may come back
}

// A damaged (torn) record: each intact line names the value it replaced, and
// post-down, with the link down, undoes those; down leaves it to post-down.
// An error names the file, kept aside, and what could not be undone; never a
// silent exit 0. Cut anywhere: before the index line nothing can be undone
// (the device cannot be told from a recreated one); a cut line is not read.
BOOST_AUTO_TEST_CASE(a_torn_record_is_undone_as_far_as_it_goes_and_kept_aside) {
  const Vars env = Everything();
  for (size_t cut : {60, 90, 120, 150, 180, 230}) {
    BOOST_TEST_CONTEXT("record cut at " << cut << " bytes") {
      Host h;
      h.Ifup(env);
      const std::string text = h.RecordText();
      BOOST_TEST_REQUIRE(text.size() > cut);
      {
        std::ofstream out(h.dir + "/eno1", std::ios::trunc);
        out << text.substr(0, cut);
      }
      Record intact;
      BOOST_TEST_REQUIRE(!Record::Parse(text.substr(0, cut), nullptr, &intact).has_value());
      Host::Result r = h.Hook(Phase::kDown, env);
      BOOST_TEST(r.rc == 0);
      BOOST_TEST(r.lines.empty());
      h.MethodDown();
      r = h.Hook(Phase::kPostDown, env);
      BOOST_TEST(r.rc == 1);
      BOOST_TEST_REQUIRE(r.lines.size() == 1u);
      const std::string& line = r.lines[0];
      BOOST_TEST(line.find("error: " + h.dir + "/eno1 is damaged (") != std::string::npos, line);
      BOOST_TEST(line.find("kept as " + h.dir + "/eno1.damaged") != std::string::npos, line);
      if (intact.index == 0 || intact.Empty()) {
        BOOST_TEST(line.find("not undone: " + (intact.Empty() ? std::string("whatever it recorded")
                                                              : intact.Summary())) != std::string::npos,
                   line);
      } else {
        BOOST_TEST(line.find("undone: " + intact.Summary() + "; not undone: whatever followed") !=
                       std::string::npos, line);
        for (const Record::SysctlChange& c : intact.sysctls)
          BOOST_TEST(h.Dev().link.Value(c.conf) == c.change.from, ConfName(c.conf));
        if (intact.token) BOOST_TEST(h.Dev().link.token == intact.token->first);
      }
      BOOST_TEST(h.Files() == Lines{"eno1.damaged"}, boost::test_tools::per_element());
    }
  }
}

// A state directory that is not to be trusted costs a stanza without `token`
// nothing and says nothing, in every phase; a stanza with one is refused, and
// a record in that directory is not read but named.
BOOST_FIXTURE_TEST_CASE(an_untrusted_state_directory_is_silent_for_other_stanzas, Host) {
  BOOST_TEST_REQUIRE(chmod(dir.c_str(), 0777) == 0);  // others can write to it
  Vars theirs = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  theirs.erase("IF_TOKEN");
  for (Phase p : {Phase::kPreUp, Phase::kUp, Phase::kDown, Phase::kPostDown}) {
    if (p == Phase::kDown) MethodUp();
    Result r = Hook(p, theirs);
    BOOST_TEST(r.rc == 0);
    BOOST_TEST(r.lines.empty(), (r.lines.empty() ? "" : r.lines[0]));
  }
  BOOST_TEST(Files().empty());
  Result r = Hook(Phase::kPreUp, Everything());
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(!r.lines.empty());
  BOOST_TEST(r.lines.back().find("others can write to it") != std::string::npos, r.lines.back());
  {
    std::ofstream(dir + "/eno1") << "version 1\nindex 2\n";
  }
  r = Hook(Phase::kPostDown, theirs);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 1u);
  BOOST_TEST(r.lines[0].find("refusing " + dir) != std::string::npos, r.lines[0]);
}

// Planted files: a symbolic link where the temporary record goes, a state
// directory that is a symbolic link, a record others can write.
BOOST_FIXTURE_TEST_CASE(planted_links_are_never_followed, Host) {
  std::string victim = dir + "/victim";
  { std::ofstream(victim) << "precious\n"; }
  BOOST_TEST_REQUIRE(symlink(victim.c_str(), (dir + "/.eno1.tmp").c_str()) == 0);
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  BOOST_TEST(Hook(Phase::kPreUp, env).rc == 0);
  std::ifstream in(victim);
  std::string v;
  std::getline(in, v);
  BOOST_TEST(v == "precious");
  struct stat st;
  BOOST_TEST(lstat((dir + "/eno1").c_str(), &st) == 0);
  BOOST_TEST(S_ISREG(st.st_mode));
  BOOST_TEST((st.st_mode & 0777) == 0600u);
}

// The record cannot be written before the first change: refused in one line,
// and nothing changed, so nothing is said to be undone.
BOOST_FIXTURE_TEST_CASE(no_record_no_change, Host) {
  std::filesystem::remove_all(dir);
  { std::ofstream(dir) << "a file where the state directory goes\n"; }
  Result r = Hook(Phase::kPreUp, Everything());
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 1u);
  BOOST_TEST(r.lines[0] == ErrorLine(dir + " is not a directory of ours (Not a directory)"));
  BOOST_TEST(k.calls.empty());
  std::filesystem::remove(dir);
  std::filesystem::create_directory(dir);
}

BOOST_FIXTURE_TEST_CASE(a_state_directory_that_is_a_link_is_refused, Host) {
  std::string real = dir + "/real", link = dir + "/state";
  BOOST_TEST_REQUIRE(mkdir(real.c_str(), 0700) == 0);
  BOOST_TEST_REQUIRE(symlink(real.c_str(), link.c_str()) == 0);
  BOOST_TEST(!SaveRecord(link, "eno1", Record{}).ok());
  BOOST_TEST(std::filesystem::is_empty(real));
}

BOOST_FIXTURE_TEST_CASE(a_record_others_can_write_is_refused, Host) {
  Vars env = Everything();
  Ifup(env);
  BOOST_TEST_REQUIRE(chmod((dir + "/eno1").c_str(), 0666) == 0);
  Result r = Hook(Phase::kDown, env);
  BOOST_TEST(r.rc == 1);
  BOOST_TEST_REQUIRE(r.lines.size() == 1u);
  BOOST_TEST(r.lines[0] == ErrorLine("refusing " + dir + "/eno1: others can write to it; the hook "
                                     "writes only regular files it owns: remove it"));
  BOOST_TEST(Dev().link.Value(Conf::kForwarding) == 1);  // nothing undone from an untrusted file
}


// --- only what is ours ---------------------------------------------------------------------

namespace {

// The index of the first change described as `what` in a clean run of pre-up.
int ChangeIndex(const Vars& env, const std::string& what) {
  Host h;
  BOOST_TEST_REQUIRE(h.Hook(Phase::kPreUp, env).rc == 0);
  auto it = std::find(h.k.calls.begin(), h.k.calls.end(), what);
  BOOST_TEST_REQUIRE((it != h.k.calls.end()), "no change " << what);
  return int(it - h.k.calls.begin());
}

Lines RoutesOf(const FakeKernel::Device& d) {
  Lines out;
  for (const Route& r : d.routes) out.push_back(r.gateway.str() + " metric " + std::to_string(r.metric));
  return out;
}

// SLAAC's address as the kernel reports it (5.18+: IFA_PROTO kernel_ra).
Address SlaacAddress(const char* addr) {
  Address a{Cidr{V6(addr), 64}, IFA_F_MANAGETEMPADDR, RT_SCOPE_UNIVERSE, 14400, 86400};
  a.proto = IFAPROT_KERNEL_RA;
  return a;
}

}  // namespace

// SLAAC, or another tool (`ip addr add`: permanent, like ours), made the
// stanza's address between pre-up's read and its add: the add fails with
// EEXIST, said as such, and the undo of the rest leaves that address.
BOOST_AUTO_TEST_CASE(an_address_another_party_made_meanwhile_is_not_undone) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  int add = ChangeIndex(env, "add " + std::string(kAddr1) + "/64");
  Address tools{Cidr{V6(kAddr1), 64}, IFA_F_PERMANENT};
  tools.proto = IFAPROT_UNSPEC;
  for (const Address& theirs : {SlaacAddress(kAddr1), tools}) {
    BOOST_TEST_CONTEXT("made by " << (theirs.Permanent() ? "a tool" : "SLAAC")) {
      Host h;
      const std::string before = Dump(h.Dev());
      h.k.appears = {add, "eno1", theirs};
      Host::Result r = h.Hook(Phase::kPreUp, env);
      BOOST_TEST(r.rc == 1);
      BOOST_TEST_REQUIRE(r.lines.size() == 2u);
      BOOST_TEST(r.lines[0].find("address " + std::string(kAddr1) + "/64 appeared on eno1 after "
                                 "ifupdown-token read its addresses (SLAAC or another tool made it "
                                 "meanwhile): it is not ours, so it is left alone") != std::string::npos,
                 r.lines[0]);
      BOOST_TEST(r.lines[1] == ErrorLine("every change of this pre-up was undone"));
      BOOST_TEST_REQUIRE(h.Dev().addresses.size() == 1u);
      BOOST_TEST(h.Dev().addresses[0].cidr.str() == std::string(kAddr1) + "/64");
      h.Dev().addresses.clear();
      BOOST_TEST(Dump(h.Dev()) == before);
      BOOST_TEST(h.Files().empty());
    }
  }
}

// A kill between the record and the add leaves the address intended; the
// undo removes it only if the kernel shows it as ours (permanent, not the
// kernel's): not when SLAAC made it after the kill.
BOOST_AUTO_TEST_CASE(an_intended_address_is_verified_before_its_undo) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}});
  int add = ChangeIndex(env, "add " + std::string(kAddr1) + "/64");
  for (bool made : {false, true}) {
    BOOST_TEST_CONTEXT("killed " << (made ? "after" : "before") << " the kernel added it") {
      Host h;
      h.k.kill_at = add;
      h.k.kill_after = made;
      BOOST_CHECK_THROW(h.Hook(Phase::kPreUp, env), FakeKernel::Killed);
      BOOST_TEST(h.RecordText().find("address " + std::string(kAddr1) + "/64 intended\n") !=
                 std::string::npos, h.RecordText());
      if (!made) h.Dev().addresses.push_back(SlaacAddress(kAddr1));
      h.k.kill_at = -1;
      h.MethodUp();
      Host::Result r = h.Hook(Phase::kDown, env);
      BOOST_TEST(r.rc == 0);
      bool left = !h.Dev().addresses.empty();
      BOOST_TEST(left == !made);
    }
  }
}

// A default route the stanza asks for that another party made already: no
// failure, said once, not recorded, and ifdown leaves it.
BOOST_FIXTURE_TEST_CASE(a_route_already_there_is_not_taken_over, Host) {
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_GATEWAY", kGateway}});
  BOOST_TEST_REQUIRE(Hook(Phase::kPreUp, env).rc == 0);
  MethodUp();
  Dev().routes.push_back(Route{V6(kGateway), 1024});
  Result r = Hook(Phase::kUp, env);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST_REQUIRE(!r.lines.empty());
  BOOST_TEST(r.lines.back() == WarningLine("default route via 2001:db8:1::1 metric 1024 is already on "
                                          "eno1, made by something else: left as it is, and not "
                                          "removed by ifdown"));
  BOOST_TEST(RecordText().find("route ") == std::string::npos);
  BOOST_TEST_REQUIRE(Hook(Phase::kDown, env).rc == 0);
  BOOST_TEST(RoutesOf(Dev()) == Lines{"2001:db8:1::1 metric 1024"}, boost::test_tools::per_element());
}

// Another interface's default route of the same metric stays through ifup
// and ifdown; ours is added beside it and removed alone.
BOOST_FIXTURE_TEST_CASE(another_interfaces_default_route_stays, Host) {
  FakeKernel::Device& eno2 = k.AddDevice("eno2", 3);
  eno2.link.flags = IFF_UP;
  eno2.routes.push_back(Route{V6("2001:db8:2::1"), 1024});
  Vars env = Manual({{"IF_ADDRESS", std::string(kAddr1) + "/64"}, {"IF_GATEWAY", kGateway}});
  Ifup(env);
  BOOST_TEST(RoutesOf(Dev()) == Lines{"2001:db8:1::1 metric 1024"}, boost::test_tools::per_element());
  Ifdown(env);
  BOOST_TEST(Dev().routes.empty());
  BOOST_TEST(RoutesOf(k.Dev("eno2")) == Lines{"2001:db8:2::1 metric 1024"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace ift
