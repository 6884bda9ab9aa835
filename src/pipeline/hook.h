// The hook: environment -> Options -> Snapshot -> Plan -> apply -> Record
// for the phase named by PHASE. hooks/hook.cc is its main.
#ifndef IFTOKEN_PIPELINE_HOOK_H_
#define IFTOKEN_PIPELINE_HOOK_H_

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "kernel/kernel.h"
#include "pipeline/action.h"
#include "pipeline/options.h"

namespace ift {

// down runs before the method's own down commands, post-down after them: the
// link-level settings (token, addr_gen_mode, sysctls) are restored only once
// the method has taken the link down, or an advertisement arriving in between
// would build an EUI-64 address.
enum class Phase { kPreUp, kUp, kDown, kPostDown };

// Our phase for ifupdown's PHASE, or nullopt for a phase we have nothing to do
// in. run-parts calls every if-*.d link by the same name, so PHASE is what
// tells them apart: if-up.d runs with post-up under ifupdown 0.8 and with up
// under ifupdown2 and ifupdown-ng; if-down.d with pre-down, or down. Under
// ifupdown-ng, pre-up's work is done in if-create.d (create).
std::optional<Phase> PhaseFrom(const char* phase, Runner runner);

// One line per message on stderr, "ifupdown-token: IFACE: ...". Actions only
// with VERBOSITY=1 (ifup -v); warnings and errors always.
class Reporter {
 public:
  Reporter(std::string iface, bool verbose, FILE* out = stderr)
      : iface_(std::move(iface)), verbose_(verbose), out_(out) {}
  void Info(const std::string& text) const;
  void Warn(const std::string& text) const;
  void Error(const std::string& text) const;

 private:
  void Line(const char* level, const std::string& text) const;
  std::string iface_;
  bool verbose_;
  FILE* out_;
};

// `iftoken apply`: pre-up's plan (PlanApply) for one stanza of an interface
// that may be up, carried out the way pre-up does it (the record always ahead
// of the kernel), so that ifdown undoes it; a failure undoes this run's
// changes only, not those of the ifup before it. dry_run: plan and report,
// change nothing. `planned`: the plan's actions (empty: nothing to change).
// Returns 0, or 1 on a refusal or failure (reported through `r`).
int ApplyLive(const Options& o, Kernel& k, const std::string& dir, const Reporter& r, bool dry_run,
              std::vector<Action>* planned);

// The exit status for ifupdown: 0 on success and on "not for me".
int RunHook(const Env& env, Kernel& kernel, const std::string& state_dir,
            FILE* out = stderr);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_HOOK_H_
