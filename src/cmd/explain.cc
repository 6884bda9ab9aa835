// `iftoken explain`: the live IPv6 state of an interface, printed and explained.
// iftoken explain IFACE: the live IPv6 state that decides what a token does,
// where each value came from, and whether a token could be set now.
#include <linux/if_addr.h>
#include <net/if.h>

#include <cstdio>
#include <cstring>

#include "base/json.h"
#include "cmd/commands.h"
#include "netlink/netlink_kernel.h"
#include "pipeline/rules.h"

namespace po = boost::program_options;

namespace ift {

namespace {

struct Setting {
  Conf conf;
  std::optional<int> value;  // none: the kernel did not give it
  std::string from;
};

std::vector<Setting> Settings(const Snapshot& snap) {
  std::vector<Setting> out;
  for (Conf c : {Conf::kForwarding, Conf::kAcceptRa, Conf::kAutoconf, Conf::kRouterSolicitations,
                 Conf::kUseTempaddr, Conf::kDisableIpv6}) {
    auto v = snap.link.Get(c);
    std::string from;
    if (c == Conf::kForwarding && v == 1) from = ForwardingSource(snap, false);
    if (c == Conf::kRouterSolicitations && v == -1) from = "unlimited (the default)";
    out.push_back({c, v, from});
  }
  return out;
}

// Where an address came from, as far as the kernel tells.
std::string Origin(const Address& a, const In6& token) {
  if (a.Permanent()) return "configured";
  if (a.flags & IFA_F_TEMPORARY) return "temporary (privacy extensions)";
  if (a.cidr.addr.IsLinkLocal()) return "kernel";
  if (!token.IsZero() && a.cidr.addr.Iid() == token) return "router advertisement, tokenized";
  return "router advertisement, not tokenized";
}

std::optional<std::string> Verdict(const Snapshot& snap) {
  if (auto why = DeviceRefusal(snap)) return why;
  TokenSettings now = CurrentTokenSettings(snap);
  if (auto why = RaRefusal(snap, now)) return why;
  return RsRefusal(snap, now);
}

void PrintText(const Snapshot& snap, const std::optional<std::string>& verdict) {
  const Link& l = snap.link;
  printf("%s: index %d, %s, mtu %u%s\n", snap.iface.c_str(), l.index, l.Up() ? "up" : "down", l.mtu,
         l.flags & IFF_NOARP ? ", NOARP" : "");
  printf("  token          %s\n", l.token.IsZero() ? ":: (none)" : l.token.str().c_str());
  printf("  addr_gen_mode  %s\n", AddrGenModeName(l.addr_gen_mode));
  for (const Setting& s : Settings(snap))
    printf("  %-20s %s%s\n", ConfName(s.conf), s.value ? std::to_string(*s.value).c_str() : "?",
           s.from.empty() ? "" : ("  (" + s.from + ")").c_str());
  printf("  addresses:\n");
  for (const Address& a : snap.addresses)
    printf("    %-42s %s  preferred %s valid %s  %s%s\n", a.cidr.str().c_str(),
           AddressFlagNames(a.flags).c_str(), LifetimeText(a.preferred).c_str(),
           LifetimeText(a.valid).c_str(), Origin(a, l.token).c_str(),
           // An optimistic address's DAD ends after up returned: here it shows.
           a.DadFailed() ? "; DAD failed: another host on the link uses it" : "");
  if (verdict) printf("verdict: a token cannot be set now: %s\n", verdict->c_str());
  else printf("verdict: a token can be set now\n");
}

// One line: {"iface", "index", "up", "mtu", "noarp", "token", "addr_gen_mode",
// "settings": {NAME: {"value", "from"}...}, "addresses": [{"address",
// "prefix", "flags", "preferred", "valid", "origin"}...], "token_settable",
// "why_not"}; a value the kernel did not give is null.
void PrintJson(const Snapshot& snap, const std::optional<std::string>& verdict) {
  const Link& l = snap.link;
  Json settings = Json::object(), addresses = Json::array();
  for (const Setting& s : Settings(snap))
    settings[ConfName(s.conf)] = {{"value", s.value ? Json(*s.value) : Json(nullptr)},
                                  {"from", s.from}};
  for (const Address& a : snap.addresses)
    addresses.push_back({{"address", a.cidr.addr.str()},
                         {"prefix", a.cidr.len},
                         {"flags", AddressFlagNames(a.flags)},
                         {"preferred", a.preferred},
                         {"valid", a.valid},
                         {"origin", Origin(a, l.token)}});
  Json doc = {{"iface", snap.iface},
              {"index", l.index},
              {"up", l.Up()},
              {"mtu", l.mtu},
              {"noarp", (l.flags & IFF_NOARP) != 0},
              {"token", l.token.str()},
              {"addr_gen_mode", AddrGenModeName(l.addr_gen_mode)},
              {"settings", settings},
              {"addresses", addresses},
              {"token_settable", !verdict},
              {"why_not", verdict ? Json(*verdict) : Json(nullptr)}};
  printf("%s\n", CompactJson(doc).c_str());
}

}  // namespace

int RunExplain(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("iface", po::value<std::string>()->required(), "the interface")
      ("json", "one JSON document");
  // clang-format on
  po::positional_options_description pos;
  pos.add("iface", 1);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, "iftoken explain IFACE [--json]", desc, pos, &vm, &status))
    return status;
  std::string iface = vm["iface"].as<std::string>();
  NetlinkKernel kernel;
  Snapshot snap;
  if (Status s = TakeSnapshot(kernel, iface, &snap); !s.ok()) {
    fprintf(stderr, "iftoken explain: cannot read %s: %s\n", iface.c_str(), strerror(s.err));
    return kExitFindings;
  }
  std::optional<std::string> verdict = Verdict(snap);
  if (!snap.exists || !snap.link.has_inet6) {
    fprintf(stderr, "iftoken explain: %s\n", verdict->c_str());
    return kExitFindings;
  }
  vm.count("json") ? PrintJson(snap, verdict) : PrintText(snap, verdict);
  return verdict ? kExitFindings : kExitOk;
}

}  // namespace ift
