// What ifupdown2 3.0 and ifupdown-ng 0.11 do differently from ifupdown 0.8
// with an interfaces(5) file, beyond the reader's line rules (interfaces.h):
// their names for options, the executors ifupdown-ng picks, and the
// environment each hands the hooks.
#ifndef IFTOKEN_IFUPDOWN_DIALECTS_H_
#define IFTOKEN_IFUPDOWN_DIALECTS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ifupdown/interfaces.h"

namespace ift {

// ifupdown-ng renames the options of ifupdown 0.8, ifupdown2 and Debian's
// ethtool integration to its own ("bond-slaves" -> "bond-members",
// "pointopoint" -> "point-to-point", ...) as it reads them
// (maybe_remap_token() in its libifupdown/interface-file.c); any other name
// is kept.
std::string_view NgOptionName(std::string_view name);

// ifupdown-ng's prefix length of an address written without one: the
// `netmask` of the interface (a length or a dotted mask: its set bits), else
// 24 for IPv4 and 64 for IPv6 (determine_interface_netmask()).
int NgPrefixLength(bool v6, const std::string* netmask);

// The interface's environment as that implementation hands it to our hook at
// pre-up (`s.dialect` says which; `s` is one interface of the reader's
// `stanzas`, its stanzas merged):
//  ifupdown2, through integrations/ifupdown2/ifupdown_token.py: IFACE,
//    PHASE, ADDRFAM (the families, comma-separated), VERBOSE=0, and
//    IF_<NAME> (upper case, '-' -> '_') per option, its values joined by "\n";
//  ifupdown-ng (build_environment() of its libifupdown/lifecycle.c, then
//    /bin/sh, where the last of two equal names wins): IFACE, PHASE, MODE,
//    METHOD=none, INTERFACES_FILE, IF_<NAME> per option, IF_ADDRESS (the
//    first address), IF_ADDRESSES and IF_GATEWAYS (every one,
//    space-separated).
std::map<std::string, std::string> DialectEnvironment(
    const Stanza& s, const std::string& interfaces_file = "/etc/network/interfaces");

// What /sbin/ifup under `root` ("" for /) is: ifupdown2's __main__.py, the
// ifupdown-ng multicall `ifupdown`, or ifupdown's own program; nullopt when
// there is none.
std::optional<Dialect> InstalledDialect(const std::string& root);

// The dialect a file is written in, judged from its own lines (the top file
// only): ifupdown-ng for `use`, `template`, `inherit` or `interface`;
// ifupdown2 for a '%' (Mako) line or a `vlan` stanza; for an `iface NAME`
// without family and method, ifupdown2 (both take it; ifupdown2 is the one
// Debian and Cumulus ship); ifupdown otherwise.
Dialect DialectOfSyntax(const std::string& path);

}  // namespace ift

#endif  // IFTOKEN_IFUPDOWN_DIALECTS_H_
