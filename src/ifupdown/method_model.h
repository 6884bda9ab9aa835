// ifupdown 0.8.41's method model: what ifup makes of one stanza, beyond what
// the interfaces(5) reader sees: the options after its method's defaults and
// conversions, the environment an if-pre-up.d hook gets, and what the method
// itself then writes to the interface's IPv6 settings (which methods exist and
// which options each takes: methods.h). `iftoken check` and `iftoken plan` feed
// the environment to ParseOptions, exactly as the hooks will get it, and
// predict the state after the method from the writes.
//
// Held to the real ifup through tests/stanzas/ifup-env: a system test
// (root) compares the real ifup with it, method_model_test.cc this model.
#ifndef IFTOKEN_IFUPDOWN_METHOD_MODEL_H_
#define IFTOKEN_IFUPDOWN_METHOD_MODEL_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/addr.h"
#include "base/conf.h"
#include "ifupdown/interfaces.h"

namespace ift {

// MergedOptions() plus the method's defaults (appended, in the method's
// order) and conversions (inet6 static: ADDR/LEN split into address and
// netmask, accept_ra 0 implied by gateway, preferred-lifetime 0 on a
// NAME:LABEL; inet static: netmask and broadcast computed; hwaddress "ether "
// dropped; 6to4: hexaddress), in ifupdown's order: what `ifquery` prints.
// Defaults carry the stanza's own file and line. `hwaddress random` stays
// "random" here: ifupdown draws a MAC only when it runs.
std::vector<Option> ConvertedOptions(const Stanza& s);

// Every variable ifupdown 0.8.41 exports to if-pre-up.d hooks for this stanza
// under `ifup IFACE` (no -v, no -a, no mapping), as the hook sees it after
// ifupdown's /bin/sh: IFACE, LOGICAL, ADDRFAM, METHOD, MODE=start,
// PHASE=pre-up, VERBOSITY=0, PATH, IFUPDOWN_<IFACE>=pre-up (and
// IFUPDOWN_<parent>=parent-lock for NAME.VLAN) when the shell accepts that
// name, and IF_<OPTION> for every option of ConvertedOptions() but the
// pre-up/up/down/post-down commands. For a stanza of ifupdown2 or
// ifupdown-ng: what that one hands the hook (DialectEnvironment()).
std::map<std::string, std::string> HookEnvironment(const Stanza& s);

// What the stanza's method does to the IPv6 side after the pre-up hooks
// (ifupdown 0.8.41's inet6.defn): the sysctls it writes, in its order (only values
// the kernel would take: integers), the address it adds, and that it brings
// the link up. inet6 static: use_tempaddr from privext, accept_ra (0 implied by
// gateway), autoconf (default 0); auto: use_tempaddr from privext, accept_ra
// (default 2), autoconf 1; dhcp: accept_ra (default 1), autoconf if given;
// manual and every inet method: nothing but the link.
struct MethodEffects {
  std::vector<std::pair<Conf, int>> sysctls;
  std::optional<Cidr> address;  // inet6 static; /128 when no length is given
  bool link_up = true;
};
MethodEffects MethodWrites(const Stanza& s);

}  // namespace ift

#endif  // IFTOKEN_IFUPDOWN_METHOD_MODEL_H_
