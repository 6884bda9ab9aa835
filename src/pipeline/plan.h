// The Plan: ordered actions and the findings about them, computed purely from
// Options and a Snapshot (ifupdown-token-interfaces(5), PHASES). Nothing here
// touches the kernel.
#ifndef IFTOKEN_PIPELINE_PLAN_H_
#define IFTOKEN_PIPELINE_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "kernel/kernel.h"
#include "pipeline/action.h"
#include "pipeline/options.h"
#include "pipeline/record.h"

namespace ift {

struct Plan {
  std::vector<Action> actions;
  std::vector<Finding> findings;
  bool Refused() const;
};

// pre-up: sysctls, accept_ra made effective, token, link-local, addresses, and
// the clean-up of an interface that was already up. `prior` is what an earlier
// stanza or an aborted ifup already recorded (its addresses are ours).
Plan PlanPreUp(const Options& o, const Snapshot& snap, const Record& prior);

// `iftoken apply`: pre-up's plan for an interface that may be up and running
// (what Wikimedia's puppet does with `ip token set ... && ip -6 addr flush dev
// X dynamic`): the same steps, the kernel-built addresses without the token
// dropped, and no warning about stanza order.
Plan PlanApply(const Options& o, const Snapshot& snap, const Record& prior);

// `iftoken set/clear`: only the stanza's sysctls, accept_ra and the token.
Plan PlanSetToken(const Options& o, const Snapshot& snap);

// up: the default route (manual); findings that verify the token and name the
// silent traps.
Plan PlanUp(const Options& o, const Snapshot& snap);

// After a refusal under ifupdown2 or ifupdown-ng, which bring the link up
// regardless: the kernel is kept from building addresses from the MAC,
// addr_gen_mode none (no link-local: addrconf_addr_gen()) and autoconf 0 (no
// SLAAC address: addrconf_prefix_rcv()); on a link already up, the link-local
// and SLAAC addresses it built go. Recorded like pre-up's, so post-down gives
// the values back. The implementation's own addresses stay. nullopt for a
// device where no token applies (missing, no IPv6, loopback, NOARP).
std::optional<Plan> PlanFailClosed(const Snapshot& snap, const Record& prior);

// The addresses this package added that are still tentative.
std::vector<In6> AwaitingDad(const Record& r, const Snapshot& snap);

// The kernel's silent traps for the live state, as warnings.
std::vector<Finding> SilentTraps(const Options& o, const Snapshot& snap);

// down (and the undo of a failed up): everything the record says we did,
// undone in reverse, from the live state.
Plan PlanUndo(const Record& r, const Snapshot& snap);

// What of `r` the live state still does not show undone, one line each
// ("token ::10 is still set, not ::"): empty after a complete undo. Routes
// are not in a Snapshot; their deletion's answer is their check.
std::vector<std::string> NotUndone(const Record& r, const Snapshot& snap);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_PLAN_H_
