// The up hook's wait for duplicate address detection (RFC 4862 §5.4): by the
// kernel's address events, not by polling, and bounded.
#include "pipeline/dad_wait.h"

#include <linux/if_addr.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <optional>

namespace ift {

namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// What one address event (or dump entry) means for a DAD wait: nullopt while
// the address is still tentative.
std::optional<DadOutcome> Settled(bool removed, const Address& a) {
  if (removed) return DadOutcome::kGone;
  if (a.DadFailed()) return DadOutcome::kFailed;
  if (!a.Tentative()) return DadOutcome::kDone;
  return std::nullopt;
}

}  // namespace

Status WaitDad(Kernel& kernel, int index, const std::vector<In6>& addrs, int64_t timeout_ms,
               std::vector<DadOutcome>* outcomes, int* resyncs) {
  outcomes->assign(addrs.size(), DadOutcome::kTimedOut);
  std::vector<bool> open(addrs.size(), true);
  // RFC 4429: an optimistic address is usable during DAD. Not waited for
  // (kOptimistic, closed), but its events are still read while others are.
  std::vector<bool> optimistic(addrs.size(), false);
  auto settle = [&](bool removed, const Address& a) {
    auto it = std::find(addrs.begin(), addrs.end(), a.cidr.addr);
    size_t i = size_t(it - addrs.begin());
    if (it == addrs.end() || !(open[i] || optimistic[i])) return;
    if (auto outcome = Settled(removed, a))
      (*outcomes)[i] = *outcome, open[i] = optimistic[i] = false;
  };
  // What a dump shows: settles what it can, and an address absent from it is gone.
  auto settle_all = [&](const std::vector<Address>& now) {
    for (const Address& a : now) settle(false, a);
    for (size_t i = 0; i < addrs.size(); ++i) {
      auto same = [&](const Address& a) { return a.cidr.addr == addrs[i]; };
      bool present = std::any_of(now.begin(), now.end(), same);
      if (!present && open[i]) (*outcomes)[i] = DadOutcome::kGone, open[i] = false;
    }
  };
  // Subscribe first, then read the current state: no event can fall between.
  if (Status s = kernel.Watch(kAddressEvents); !s.ok()) return s;
  std::vector<Address> now;
  if (Status s = kernel.GetAddresses(index, &now); !s.ok()) return s;
  for (const Address& a : now) settle(false, a);
  // IFA_F_OPTIMISTIC stays until addrconf_dad_completed() or a failure.
  for (const Address& a : now) {
    auto it = std::find(addrs.begin(), addrs.end(), a.cidr.addr);
    size_t i = size_t(it - addrs.begin());
    if (it == addrs.end() || !open[i] || !(a.flags & IFA_F_OPTIMISTIC)) continue;
    (*outcomes)[i] = DadOutcome::kOptimistic, open[i] = false, optimistic[i] = true;
  }
  settle_all(now);
  int64_t deadline = NowMs() + timeout_ms;
  while (std::find(open.begin(), open.end(), true) != open.end()) {
    KernelEvent e;
    int64_t left = std::clamp<int64_t>(deadline - NowMs(), 0, INT_MAX);
    Status s = kernel.NextEvent(int(left), &e);
    if (s.err == ETIMEDOUT) break;
    if (s.err == ENOBUFS) {  // events were dropped (the socket's buffer overran): dump again
      if (resyncs) ++*resyncs;
      if (Status d = kernel.GetAddresses(index, &now); !d.ok()) return d;
      settle_all(now);
      continue;
    }
    if (!s.ok()) return s;
    auto* a = std::get_if<AddressEvent>(&e);
    if (a && a->index == index) settle(a->removed, a->address);
  }
  return Status{};
}

}  // namespace ift
