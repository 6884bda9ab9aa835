// A stanza through the hooks' own reading of it.
#include "pipeline/hook_options.h"

#include "ifupdown/method_model.h"

namespace ift {

HookOptionsOf HookOptions(const Stanza& s, const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env = HookEnvironment(s);
  for (const auto& [name, value] : extra) env[name] = value;
  Env lookup = MapEnv(env);
  return {!NotForUs(lookup).has_value(), ParseOptions(lookup)};
}

}  // namespace ift
