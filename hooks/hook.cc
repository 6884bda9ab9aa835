// The hook executable, /usr/libexec/ifupdown-token/hook: every if-*.d link
// points here, and the phase comes from PHASE (ifupdown-token-interfaces(5)).
#include <csignal>

#include "netlink/netlink_kernel.h"
#include "pipeline/hook.h"
#include "pipeline/record.h"

int main() {
  // A message to a closed pipe (`ifup -v eno1 2>&1 | head -1`) must not kill
  // the hook between two changes: the write fails (EPIPE), the work goes on.
  signal(SIGPIPE, SIG_IGN);
  ift::NetlinkKernel kernel;  // opens its socket on first use only
  return ift::RunHook(ift::ProcessEnv(), kernel, ift::kStateDir);
}
