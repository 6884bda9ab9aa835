// `iftoken check`: what the next ifup would make of an interfaces file,
// predicted without changing anything. Pure given an InterfacesFile and a
// Kernel (read only): the hooks' own rules (ParseOptions, PlanPreUp,
// SilentTraps, rules.h) are called on the environment ifupdown would give
// them and on the state each stanza would meet (simulate.h).
#ifndef IFTOKEN_CHECK_CHECK_H_
#define IFTOKEN_CHECK_CHECK_H_

#include <string>
#include <vector>

#include "check/findings.h"
#include "check/sysctl_files.h"
#include "ifupdown/interfaces.h"
#include "kernel/kernel.h"

namespace ift {

// Why `path` cannot be read as an interfaces file ("is a directory, ...",
// "cannot read: ..."), or "" when it can: the commands' exit status 2.
std::string UnreadableInterfaces(const std::string& path);

// What else a check knows of the host the file is for.
struct CheckContext {
  // The sysctl files that hold at boot (sysctl_files.h), or nullptr.
  const BootSysctls* boot = nullptr;
  // `kernel` is the host the file configures; false for a host image
  // (--root): every interface then starts from the kernel's defaults and
  // `boot`, and the kernel is not read.
  bool live = true;
};

// Every finding of `iftoken check` for `f`, in file order: the reader's
// errors and notes (and the sysctl files'), `auto`/`allow-*` names without a
// stanza, then per stanza (of `ifaces`, or every one): options its method
// ignores; with a `token`, invalid values, predicted refusals, stanza order
// and the silent traps on the state after ifup; and the hand-written `ip
// token` lines (hand_written.h), judged at the next ifup and, with
// `ctx.boot`, at boot.
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
                                          const std::string& state_dir,
                                          const CheckContext& ctx = {});

}  // namespace ift

#endif  // IFTOKEN_CHECK_CHECK_H_
