// /etc/network/if-post-down.d/ifupdown-token: see ifupdown-token-interfaces(5).
#include "hook.h"
#include "netlink.h"
#include "record.h"

int main() {
  ift::NetlinkKernel kernel;  // opens its socket on first use only
  return ift::RunHook(ift::Phase::kPostDown, ift::ProcessEnv(), kernel, ift::kStateDir);
}
