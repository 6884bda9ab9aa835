// The silent traps: what the kernel accepts without a word and then does
// wrong (ifupdown-token-interfaces(5), SILENT TRAPS). Shared by the up hook and `iftoken check`.
#include <linux/if_addr.h>

#include "pipeline/plan.h"
#include "pipeline/rules.h"

namespace ift {

namespace {

void Warn(std::vector<Finding>* out, std::string text, Subject about) {
  out->push_back({Finding::kWarning, std::move(text), std::move(about)});
}

// The configured address (manual or static) against the token.
void AddressTraps(const Options& o, const Cidr& c, bool slaac, std::vector<Finding>* out) {
  if (c.addr.IsLinkLocal()) return;
  if (c.len != 64)
    return Warn(out, "address " + c.str() + " is not a /64: the kernel builds SLAAC addresses only "
                     "for /64 prefixes, so the token never applies to this prefix",
                {.address = c.addr});
  if (c.addr.Iid() != *o.token)
    Warn(out, "address " + c.str() + " has interface identifier " + c.addr.Iid().str() +
              ", not the token " + o.token->str() + (slaac ? ": SLAAC will add " : ": SLAAC, once "
              "router advertisements count, adds ") + c.addr.WithIid(*o.token).str() + " beside it",
         {.address = c.addr});
}

// An address equal to prefix+token is the one SLAAC would build, so every RA
// refreshes its lifetimes (addrconf_prefix_rcv_add_addr() and
// manage_tempaddrs() in net/ipv6/addrconf.c): it is deprecated, then deleted,
// when advertisements stop.
void StaticEqualsToken(const Options& o, const Snapshot& snap, std::vector<Finding>* out) {
  for (const Address& a : snap.addresses) {
    // The kernel matches the address alone, whatever its prefix length.
    if (!a.Permanent() || a.cidr.addr.IsLinkLocal()) continue;
    if (a.cidr.addr.Iid() != *o.token) continue;
    Warn(out, "address " + a.cidr.str() + " is prefix+token and autoconf is 1 on " + snap.iface +
              ": every router advertisement overwrites its lifetimes, and it is deprecated, then "
              "deleted, if advertisements stop; 'autoconf 0' keeps it permanent (the default "
              "route still comes from RAs with accept_ra 1 or 2)",
         {.address = a.cidr.addr});
  }
}

}  // namespace

std::vector<Finding> SilentTraps(const Options& o, const Snapshot& snap) {
  std::vector<Finding> out;
  if (!o.token || !snap.exists || !snap.link.has_inet6) return out;
  const Link& l = snap.link;
  const std::string& i = snap.iface;
  int forwarding = l.Value(Conf::kForwarding), accept_ra = l.Value(Conf::kAcceptRa);
  if (!RaAccepted(forwarding, accept_ra)) {
    std::string ran = o.last_method ? o.last_method->family + " " + o.last_method->method +
                                          " stanza's (" + o.last_method->file + ":" +
                                          std::to_string(o.last_method->line) + ")"
                                    : o.method_name;
    Warn(&out, i + " has forwarding=" + std::to_string(forwarding) + " and accept_ra=" +
               std::to_string(accept_ra) + " after the " + ran + " method ran: the "
               "kernel ignores router advertisements, so the token shapes no address" +
               (forwarding ? "; set 'accept_ra 2'" : "") +
               (o.method_gateway && accept_ra == 0 ? " (ifupdown's static method writes accept_ra 0 "
                   "when the stanza has a gateway and no accept_ra; 'accept_ra 1' keeps them)" : ""),
         {.setting = Conf::kAcceptRa});
  } else if (l.Value(Conf::kAutoconf) == 0) {
    Warn(&out, "autoconf is 0 on " + i + ": the token shapes no global address (the kernel uses it "
               "only for SLAAC addresses of /64 prefixes)" +
               (o.method == Method::kStatic ? "; the static method writes autoconf 0 unless the "
                                              "stanza says 'autoconf 1'" : ""),
         {.setting = Conf::kAutoconf});
  } else {
    StaticEqualsToken(o, snap, &out);
    if (int t = l.Value(Conf::kUseTempaddr); t > 0)
      Warn(&out, "use_tempaddr is " + std::to_string(t) + " on " + i + ": temporary addresses "
                 "will appear beside the token's ('privext 0' turns them off)",
         {.setting = Conf::kUseTempaddr});
  }
  bool slaac = RaAccepted(forwarding, accept_ra) && l.Value(Conf::kAutoconf);
  for (const AddressSpec& a : o.addresses) AddressTraps(o, a.cidr, slaac, &out);
  if (o.method_address) AddressTraps(o, *o.method_address, slaac, &out);
  if (l.addr_gen_mode == kGenStablePrivacy || l.addr_gen_mode == kGenRandom)
    Warn(&out, std::string("addr_gen_mode is ") + AddrGenModeName(l.addr_gen_mode) + " on " + i +
               ": the token wins for global addresses only; the link-local still uses " +
               AddrGenModeName(l.addr_gen_mode),
         {.setting = Conf::kAddrGenMode});
  return out;
}

}  // namespace ift
