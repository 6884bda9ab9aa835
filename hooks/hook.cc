// The hook executable, /usr/libexec/ifupdown-token/hook: every if-*.d link
// points here, and the phase comes from PHASE (ifupdown-token-interfaces(5)).
#include "netlink/netlink_kernel.h"
#include "pipeline/hook.h"
#include "pipeline/record.h"

int main() {
  ift::NetlinkKernel kernel;  // opens its socket on first use only
  return ift::RunHook(ift::ProcessEnv(), kernel, ift::kStateDir);
}
