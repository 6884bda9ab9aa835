// Carries out a Plan's actions in order; on the first failure, undoes what was
// already applied, so the host is as it was.
#ifndef IFTOKEN_PIPELINE_APPLY_H_
#define IFTOKEN_PIPELINE_APPLY_H_

#include <functional>
#include <string>
#include <vector>

#include "kernel/kernel.h"
#include "pipeline/plan.h"

namespace ift {

struct Applied {
  std::vector<Action> done;  // in order; what the record keeps
  std::string error;         // empty on success: the explained failure
  Status answer;             // the kernel's answer to the last action run
  std::vector<std::string> undo_errors;  // anything the undo could not restore
  bool ok() const { return error.empty(); }
};

// All or nothing: stops at the first failure and undoes `done`.
Applied ApplyAll(Kernel& k, const Snapshot& snap, const std::vector<Action>& actions);

// In order, calling `before` ahead of each action (the hook records what is
// about to change there) and `after` with the kernel's answer (the hook
// confirms it, or takes back an intent the kernel refused); stops at the
// first failure, and undoes nothing: the caller undoes from its record and
// the live state, which also covers an action whose reply was lost after the
// kernel made it.
Applied ApplyJournaled(Kernel& k, const Snapshot& snap, const std::vector<Action>& actions,
                       const std::function<Status(const Action&)>& before,
                       const std::function<void(const Action&, const Status&)>& after = nullptr);

// Best effort (down): every action is tried; failures are collected.
Applied ApplyEach(Kernel& k, const Snapshot& snap, const std::vector<Action>& actions);

// The action that undoes `a` (DropAddress has none and yields itself).
Action Inverse(const Action& a);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_APPLY_H_
