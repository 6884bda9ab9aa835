// The up hook's wait for the token's SLAAC address: by the kernel's address,
// prefix and route events, bounded by token-wait, and on timeout a warning
// that says what the kernel did receive.
#include "pipeline/token_wait.h"

#include <linux/if_addr.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>

#include "base/overloaded.h"
#include "pipeline/rules.h"

namespace ift {

namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

template <class T>
void AddOnce(std::vector<T>* v, const T& x) {
  if (std::find(v->begin(), v->end(), x) == v->end()) v->push_back(x);
}

template <class T>
bool Has(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

bool UsableTokenAddress(const Address& a, const In6& token) {
  bool in_dad = a.Tentative() && !(a.flags & IFA_F_OPTIMISTIC);
  return a.scope == 0 && !a.Permanent() && a.cidr.len == 64 && a.cidr.addr.Iid() == token &&
         !a.DadFailed() && !in_dad;
}

// addrconf_prefix_rcv() makes an address only with accept_ra in effect
// (ipv6_accept_ra(), checked in ndisc_router_discovery()) and autoconf 1.
std::string SlaacImpossible(const std::string& iface, const Link& link) {
  const std::string conf = "net.ipv6.conf." + iface + ".";
  if (link.Value(Conf::kDisableIpv6))
    return "IPv6 is disabled on " + iface + " (" + conf + "disable_ipv6=1)";
  int forwarding = link.Value(Conf::kForwarding), accept_ra = link.Value(Conf::kAcceptRa);
  if (!RaAccepted(forwarding, accept_ra))
    return "the kernel ignores router advertisements on " + iface + " (" + conf +
           "accept_ra=" + std::to_string(accept_ra) + ", forwarding=" + std::to_string(forwarding) +
           "): write 'accept_ra " + (forwarding ? "2" : "1") + "' in the stanza";
  if (!link.Value(Conf::kAutoconf))
    return "autoconf is 0 on " + iface + " (" + conf +
           "autoconf=0): the kernel builds no address from advertisements; write 'autoconf 1'";
  return "";
}

bool TokenWatch::Token(const Address& a) const {
  return a.scope == 0 && a.cidr.len == 64 && a.cidr.addr.Iid() == token_;
}

void TokenWatch::Present(const Address& a) { OnAddress(a, false); }

void TokenWatch::See(const KernelEvent& e) {
  std::visit(Visitor{[&](const AddressEvent& a) {
                       if (a.index == index_) OnAddress(a.address, a.removed);
                     },
                     [&](const PrefixEvent& p) {
                       if (p.index == index_) OnPrefix(p);
                     },
                     [&](const RaRouteEvent& r) {
                       if (r.index == index_ && !r.removed) OnRoute(r);
                     }},
             e);
}

// A non-permanent address that fails DAD is deleted (addrconf_dad_stop());
// its RTM_DELADDR still carries IFA_F_DADFAILED.
void TokenWatch::OnAddress(const Address& a, bool removed) {
  if (!Token(a) || address_) return;
  if (a.DadFailed()) return AddOnce(&dad_failed_, a.cidr);
  if (removed) return;
  if (UsableTokenAddress(a, token_)) return void(address_ = a.cidr);
  if (a.Permanent() && !a.Tentative()) return AddOnce(&statics_, a.cidr);
  if (a.Tentative()) AddOnce(&tentative_, a.cidr);
}

// A permanent address equal to prefix+token takes the advertisement's
// lifetimes instead of a new address (addrconf_prefix_rcv_add_addr() finds
// it with ipv6_get_ifaddr()): that address is the token's address.
void TokenWatch::OnPrefix(const PrefixEvent& p) {
  auto same = [&](const PrefixEvent& q) { return q.prefix == p.prefix; };
  std::erase_if(prefixes_, same);  // every advertisement repeats it: the latest counts
  prefixes_.push_back(p);
  Cidr slaac{p.prefix.addr.WithIid(token_), 64};
  if (p.autonomous && p.prefix.len == 64 && !address_ && Has(statics_, slaac)) address_ = slaac;
}

void TokenWatch::OnRoute(const RaRouteEvent& r) {
  if (r.dst.len == 0) router_ = r.gateway;
  else AddOnce(&prefix_routes_, r.dst);
}

std::string TokenWatch::Seen() const {
  std::vector<std::string> seen;
  for (const Cidr& c : dad_failed_)
    seen.push_back(c.addr.str() +
                   " failed duplicate address detection: another host on the "
                   "link uses it; find it (ip -6 neigh) or change the token");
  for (const Cidr& c : tentative_)
    if (!Has(dad_failed_, c))
      seen.push_back(c.addr.str() + " was still tentative (DAD not done): raise token-wait");
  for (const PrefixEvent& p : prefixes_) {
    if (!p.autonomous)
      seen.push_back("the advertised prefix " + p.prefix.str() +
                     " lacks the autonomous flag (A), so no address is built from it: set it "
                     "on the router (radvd: AdvAutonomous on)");
    else if (p.prefix.len != 64)
      seen.push_back("the advertised prefix " + p.prefix.str() +
                     " is not a /64: the kernel builds "
                     "SLAAC addresses only from /64 prefixes; advertise a /64");
  }
  // An autonomous prefix of another length gets its on-link route but no
  // RTM_NEWPREFIX (addrconf_prefix_rcv() returns before inet6_prefix_notify()).
  for (const Cidr& r : prefix_routes_) {
    bool told = std::any_of(prefixes_.begin(), prefixes_.end(),
                            [&](const PrefixEvent& p) { return p.prefix == r; });
    if (!told && r.len != 64)
      seen.push_back("the advertised prefix " + r.str() +
                     " is not a /64: the kernel builds "
                     "SLAAC addresses only from /64 prefixes; advertise a /64");
  }
  if (!seen.empty()) return Join(seen);
  for (const PrefixEvent& p : prefixes_)
    seen.push_back("the prefix " + p.prefix.str() +
                   " was advertised, but no address with the "
                   "token came from it (valid lifetime " +
                   std::to_string(p.valid) + " s)");
  if (!seen.empty()) return Join(seen);
  if (router_)
    return "a router advertisement came (default route via " + router_->str() +
           ") but with no prefix to build an address from: add an autonomous /64 prefix to it";
  return "no router advertisement came: check that a router on the link sends them (radvd: "
         "AdvSendAdvert on) and that nothing filters ICMPv6 between";
}

Status WaitForToken(Kernel& kernel, const std::string& iface, const Link& link, const In6& token,
                    int64_t timeout_ms, TokenWaitResult* result) {
  *result = TokenWaitResult{};
  if (std::string why = SlaacImpossible(iface, link); !why.empty()) {
    result->outcome = TokenWaitOutcome::kImpossible;
    result->why = why;
    return Status{};
  }
  TokenWatch watch(link.index, token);
  // Subscribe first, then read the current state: no event can fall between.
  if (Status s = kernel.Watch(kAddressEvents | kPrefixEvents | kRaRouteEvents); !s.ok()) return s;
  std::vector<Address> now;
  if (Status s = kernel.GetAddresses(link.index, &now); !s.ok()) return s;
  for (const Address& a : now) watch.Present(a);
  int64_t deadline = NowMs() + timeout_ms;
  while (!watch.Ready()) {
    KernelEvent e;
    int64_t left = std::clamp<int64_t>(deadline - NowMs(), 0, INT_MAX);
    Status s = kernel.NextEvent(int(left), &e);
    if (s.err == ETIMEDOUT) break;
    if (s.err == ENOBUFS) {  // events were dropped: what they said is in a new dump
      ++result->resyncs;
      if (Status d = kernel.GetAddresses(link.index, &now); !d.ok()) return d;
      for (const Address& a : now) watch.Present(a);
      continue;
    }
    if (!s.ok()) return s;
    watch.See(e);
  }
  result->outcome = watch.Ready() ? TokenWaitOutcome::kReady : TokenWaitOutcome::kTimedOut;
  result->address = watch.address();
  if (!watch.Ready()) result->why = watch.Seen();
  return Status{};
}

}  // namespace ift
