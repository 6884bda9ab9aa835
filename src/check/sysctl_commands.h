// The commands of a stanza (`pre-up`, `up`, `post-up`, `down` ...) that write
// sysctls: sysctl(8) of procps, and echo or printf redirected into /proc/sys.
#ifndef IFTOKEN_CHECK_SYSCTL_COMMANDS_H_
#define IFTOKEN_CHECK_SYSCTL_COMMANDS_H_

#include <string>
#include <vector>

namespace ift {

struct SysctlCommand {
  std::string path;  // under /proc/sys, '/' separated, $IFACE and ${IFACE} replaced by `iface`
  std::string value;
  bool literal = true;  // false when the path or value holds an expansion we cannot resolve
};

// Every sysctl write in one shell command line, in order: "sysctl [-w] [-q]
// [-e] KEY=VALUE...", "echo [-n] VALUE > /proc/sys/...", "printf '%s' VALUE
// >/proc/sys/..." and "echo VALUE | tee /proc/sys/...", in any of the
// commands joined by ; && || | or newlines.
std::vector<SysctlCommand> SysctlCommandsOf(const std::string& command, const std::string& iface);

}  // namespace ift

#endif  // IFTOKEN_CHECK_SYSCTL_COMMANDS_H_
