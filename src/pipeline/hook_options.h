// What the hooks would make of a stanza, without running them: their own
// NotForUs and ParseOptions on the environment ifupdown would give them
// (HookEnvironment), for `iftoken check`, `plan`, `apply` and `migrate`.
#ifndef IFTOKEN_PIPELINE_HOOK_OPTIONS_H_
#define IFTOKEN_PIPELINE_HOOK_OPTIONS_H_

#include <map>
#include <string>

#include "ifupdown/interfaces.h"
#include "pipeline/options.h"

namespace ift {

struct HookOptionsOf {
  bool ours = false;  // the stanza opted in (NotForUs says nothing)
  ParsedOptions parsed;
};

// `extra` replaces or adds variables (IF_TOKEN=auto: what `token auto` would derive).
HookOptionsOf HookOptions(const Stanza& s, const std::map<std::string, std::string>& extra = {});

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_HOOK_OPTIONS_H_
