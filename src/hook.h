// The three ifupdown hooks: environment -> Options -> Snapshot -> Plan ->
// apply -> Record (spec §9). Each hooks/*.cc main calls one of these.
#ifndef IFTOKEN_HOOK_H_
#define IFTOKEN_HOOK_H_

#include <cstdio>
#include <string>

#include "kernel.h"
#include "options.h"

namespace ift {

// down runs before the method's own down commands, post-down after them: the
// link-level settings (token, addr_gen_mode, sysctls) are restored only once
// the method has taken the link down, or an advertisement arriving in between
// would build an EUI-64 address.
enum class Phase { kPreUp, kUp, kDown, kPostDown };

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

// The exit status for ifupdown: 0 on success and on "not for me".
int RunHook(Phase phase, const Env& env, Kernel& kernel, const std::string& state_dir,
            FILE* out = stderr);

}  // namespace ift

#endif  // IFTOKEN_HOOK_H_
