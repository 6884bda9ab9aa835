// `iftoken check` and `iftoken plan`: what ifup would do with an interfaces
// file, predicted without changing anything. Pure given an InterfacesFile and
// a Kernel (read only): the hooks' own rules (ParseOptions, PlanPreUp,
// SilentTraps, rules.h) are called on the environment ifupdown would give
// them (HookEnvironment) and on the state each stanza would meet.
#ifndef IFTOKEN_CHECK_CHECK_H_
#define IFTOKEN_CHECK_CHECK_H_

#include <string>
#include <vector>

#include "ifupdown/interfaces.h"
#include "kernel/kernel.h"
#include "pipeline/options.h"
#include "pipeline/plan.h"
#include "pipeline/record.h"
#include "ifupdown/ifup_env.h"

namespace ift {

struct CheckFinding {
  enum Level { kError, kWarning, kNote };
  std::string file;
  int line = 0;  // 0: about the file as a whole
  Level level = kWarning;
  std::string iface;  // empty: about the file
  std::string text;
};

const char* LevelName(CheckFinding::Level level);  // "error", "warning", "note"
// "FILE:LINE: warning: IFACE: text", the way compilers print it.
std::string FormatFinding(const CheckFinding& f);

// ---- Simulating `ifup IFACE`, stanza by stanza (shared with `plan`)

// One stanza's turn in `ifup IFACE`.
struct StanzaTurn {
  const Stanza* stanza = nullptr;
  bool opted_in = false;      // has a `token` option
  ParsedOptions parsed;       // opted in only
  Plan plan;                  // PlanPreUp, when opted in with valid options
  MethodEffects method;       // what the method writes after pre-up
  std::vector<Cidr> up_addresses;  // `up ip addr add ...` of this stanza
  Snapshot before;            // the state its pre-up meets
  Snapshot after;             // after its plan, its method and its up commands
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
// unreadable. `probe` is TakeSnapshot's answer for the missing interface.
Snapshot UnseenInterface(Kernel& kernel, const Snapshot& probe);

// `up`/`post-up` commands "ip [-6] addr add ADDR[/LEN] dev IFACE" (or
// $IFACE): the addresses the Wikimedia layout adds after the method.
std::vector<Cidr> UpCommandAddresses(const Stanza& s);

// ---- check

// Why `path` cannot be read as an interfaces file ("is a directory, ...",
// "cannot read: ..."), or "" when it can: the commands' exit status 2.
std::string UnreadableInterfaces(const std::string& path);

// Every finding of `iftoken check` for `f`, in file order: the reader's
// errors and notes, then, per stanza with a `token` (of `ifaces`, or all),
// invalid values, predicted refusals, stanza order, options the method
// ignores, commands that set the token themselves, and the silent traps on
// the state after ifup.
//
// Predictions are for the next ifup (after ifdown, or at boot): they start
// from AtNextIfup() of the live state, or, for an interface that does not
// exist now, from UnseenInterface() with a note (not an error: VLANs, bridges
// and hotplugged NICs are created at boot). The link is kept down between
// stanzas; the stanza order is reported once, by check itself. The traps are
// judged on the state after every stanza of the interface (a later inet6
// static writes accept_ra and autoconf too). `path`: the file `f` was read from, for findings
// about it; `state_dir`: where the hooks keep their records ("" for none).
std::vector<CheckFinding> CheckInterfaces(const InterfacesFile& f, const std::string& path,
                                          Kernel& kernel, const std::vector<std::string>& ifaces,
                                          const std::string& state_dir);

}  // namespace ift

#endif  // IFTOKEN_CHECK_CHECK_H_
