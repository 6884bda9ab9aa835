// The sysctl writes of a stanza's command line: `sysctl -w net.ipv6.conf.X.K=V`
// and `echo V > /proc/sys/net/ipv6/conf/X/K`. A minimal reader for `iftoken
// migrate` only, behind this one function, until check/sysctl_commands.h
// (SysctlCommandsOf) is there to replace it.
#ifndef IFTOKEN_MIGRATE_SYSCTL_WRITES_H_
#define IFTOKEN_MIGRATE_SYSCTL_WRITES_H_

#include <string>
#include <vector>

namespace ift {

struct SysctlWrite {
  std::string path;      // under /proc/sys, '/'-separated: "net/ipv6/conf/eno1/accept_ra"
  std::string value;     // as written, unquoted
  bool literal = false;  // the value is plain text, no $VAR or `command` for sh(1) to expand
};

// Every write in `command`, in order; $IFACE and ${IFACE} in the path read as `iface`.
std::vector<SysctlWrite> SysctlWritesOf(const std::string& command, const std::string& iface);

}  // namespace ift

#endif  // IFTOKEN_MIGRATE_SYSCTL_WRITES_H_
