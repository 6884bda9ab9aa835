// The hand-written lines of an interface's stanzas — `ip token` and sysctl
// commands in pre-up, up and post-up — judged the way they will run: each
// `ip token set` against the settings in force at that moment, both at the
// next ifup (the live sysctls) and at boot (the sysctl files), naming the
// file:line of the setting that makes the kernel refuse it, and the stanza
// option that replaces it (`iftoken migrate` writes that option).
#ifndef IFTOKEN_CHECK_HAND_WRITTEN_H_
#define IFTOKEN_CHECK_HAND_WRITTEN_H_

#include <string>
#include <vector>

#include "check/findings.h"
#include "check/simulate.h"
#include "check/sysctl_files.h"

namespace ift {

// The three settings inet6_set_iftoken() checks (net/ipv6/addrconf.c), each
// with where its value comes from, as of one moment.
struct TokenGround {
  struct Value {
    int value = 0;
    std::string from;  // "net.ipv6.conf.all.forwarding = 1 at /etc/sysctl.d/90-router.conf:3"
    // The sysctl written by the file or line it comes from
    // ("net/ipv6/conf/all/forwarding"); "" for a kernel default or the live state.
    std::string set_by;
  };
  std::string when;  // "at the next ifup", "at boot"
  Value forwarding, accept_ra, router_solicitations;
};

// From the state the next ifup starts from (AtNextIfup of the live state).
TokenGround LiveGround(const Snapshot& start);

// From the kernel's defaults and the sysctl files, as the interface will
// have them when ifup runs at boot: its own key wins (systemd's udev rule
// applies it when the device appears), then, for forwarding, the later of
// all.forwarding (which the kernel copies to every device and to default)
// and default.forwarding, and default.KEY for the others.
TokenGround BootGround(const BootSysctls& files, const std::string& iface);

// The findings about the hand-written lines of one interface: `turns` from
// SimulateIfup (file order), each ground walked through them with the
// stanzas' own sysctl lines and their methods' writes applied as they run.
std::vector<CheckFinding> HandWrittenFindings(const std::vector<StanzaTurn>& turns,
                                              const std::vector<TokenGround>& grounds);

// The value of the `token` option that replaces `ip token set TOKEN` for this
// interface: "auto" when the hook would derive the same token from `first`
// (the stanza that brings the link up), else "::IID". `iftoken check` names
// it in its advice and `iftoken migrate` writes it.
std::string TokenValueFor(const Stanza& first, const In6& token);

}  // namespace ift

#endif  // IFTOKEN_CHECK_HAND_WRITTEN_H_
