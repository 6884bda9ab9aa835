// `ifup IFACE` simulated, stanza by stanza, without changing anything: each
// stanza's pre-up meets the state the earlier ones left, the hooks' own rules
// (ParseOptions, PlanPreUp) plan on it from the environment ifupdown would give
// them (HookEnvironment), then the method's writes and the up commands apply.
// Shared by `iftoken check` and `iftoken plan`.
#ifndef IFTOKEN_CHECK_SIMULATE_H_
#define IFTOKEN_CHECK_SIMULATE_H_

#include <string>
#include <vector>

#include "ifupdown/interfaces.h"
#include "ifupdown/method_model.h"
#include "kernel/kernel.h"
#include "pipeline/options.h"
#include "pipeline/plan.h"
#include "pipeline/record.h"

namespace ift {

// One stanza's turn in `ifup IFACE`.
struct StanzaTurn {
  const Stanza* stanza = nullptr;
  bool opted_in = false;           // has a `token` option
  ParsedOptions parsed;            // opted in only
  Plan plan;                       // PlanPreUp, when opted in with valid options
  MethodEffects method;            // what the method writes after pre-up
  std::vector<Cidr> up_addresses;  // `up ip addr add ...` of this stanza
  Snapshot before;                 // the state its pre-up meets
  Snapshot after;                  // after its plan, its method and its up commands
  // The hook refuses: ifup fails this stanza and skips the later ones.
  bool Refused() const { return opted_in && (!parsed.ok() || plan.Refused()); }
};

// "the inet6 static method writes accept_ra 0, autoconf 0, adds 2001:db8::1/64
// and brings eno1 up", for `plan`.
std::string DescribeMethod(const StanzaTurn& t);

// Simulates the stanzas of one interface (file order, every family) from
// `start`, carrying each stanza's planned actions and method writes to the
// next (a refused stanza changes nothing). `prior` is the hooks' record for
// the interface (its addresses are ours). link_up_between: the method's link-up
// is applied too, so a later pre-up sees the link up as the hook would
// (plan); check keeps it down and reports the stanza order itself, once.
std::vector<StanzaTurn> SimulateIfup(const std::vector<const Stanza*>& stanzas,
                                     const Snapshot& start, const Record& prior,
                                     bool link_up_between);

// The snapshot after `actions` succeeded (a pure model of their effect on
// the Link and its addresses; routes are not part of a Snapshot).
Snapshot ApplyActions(Snapshot snap, const std::vector<Action>& actions);

// The state the next ifup of the interface starts from (after ifdown, or at
// boot): what the record says ifupdown-token changed is undone, and a link
// that is up now is down with its addresses gone (keep_addr_on_down=0, the
// default); a link that is down now keeps its addresses.
Snapshot AtNextIfup(const Snapshot& live, const Record* record);

// A Snapshot for an interface that does not exist yet (created at boot: a
// VLAN, a bridge): the values a new device gets from
// net.ipv6.conf.default.*, and the kernel's defaults where those are
// unreadable (or `kernel` is nullptr: a host image's, not this one's).
// `probe` is TakeSnapshot's answer for the missing interface.
Snapshot UnseenInterface(Kernel* kernel, const Snapshot& probe);

}  // namespace ift

#endif  // IFTOKEN_CHECK_SIMULATE_H_
