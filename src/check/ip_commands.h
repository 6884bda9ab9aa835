// The shell commands of a stanza (`pre-up`, `up`, `post-up` ...) read the way
// sh(1) splits words and ip(8) reads its arguments: the addresses an up
// command adds, and the commands that set the token themselves.
#ifndef IFTOKEN_CHECK_IP_COMMANDS_H_
#define IFTOKEN_CHECK_IP_COMMANDS_H_

#include <optional>
#include <string>
#include <vector>

#include "base/addr.h"
#include "ifupdown/interfaces.h"

namespace ift {

// "ADDR[/LEN]" as ip(8) reads it: no length is a /128.
std::optional<Cidr> IpPrefix(const std::string& text);

// The words after each "ip [OPTIONS]" (or "/sbin/ip ...") in a command line.
std::vector<std::vector<std::string>> IpInvocations(const std::string& command);

// `up` or `post-up`: a command that runs after the method.
bool IsUpCommand(const std::string& option_name);

// The addresses option `o` adds to `iface` when it is an up command:
// "ip [-6] addr add ADDR[/LEN] dev IFACE" (or $IFACE), link-local ones left out.
std::vector<Cidr> UpAddressesOf(const Option& o, const std::string& iface);

// UpAddressesOf() every option of `s`: the addresses the Wikimedia layout
// adds after the method.
std::vector<Cidr> UpCommandAddresses(const Stanza& s);

// One `ip token set|add|del` in a stanza's command line, read as ip(8) reads it.
struct TokenCommand {
  bool clears = false;       // `del`, or `set ::`
  std::optional<In6> token;  // the ::IID written (set/add), nullopt when unreadable
  std::string dev;    // the device named, with $IFACE / ${IFACE} resolved to `iface`; "" when none
  bool ours = false;  // dev is `iface`
};

// Every `ip token set|add|del` in `command` (a whole sh(1) command line, which
// may chain several commands with ; && || |), in order; `iface` is the
// stanza's interface, what $IFACE is when ifupdown runs the line.
std::vector<TokenCommand> TokenCommandsOf(const std::string& command, const std::string& iface);

// The option lines of `s` that run "ip token set|add|del" themselves.
std::vector<const Option*> TokenCommands(const Stanza& s);

}  // namespace ift

#endif  // IFTOKEN_CHECK_IP_COMMANDS_H_
