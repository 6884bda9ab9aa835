// What a configuration-management engine (the Puppet type, the Ansible module
// of integrations/) manages in an interfaces(5) file: the options of the
// stanza that holds an interface's `token`. Listed for `puppet resource`, set
// in place by `iftoken migrate --iface IFACE --set NAME=VALUE`, every other
// byte kept (iftoken(8), MANAGED OPTIONS).
#ifndef IFTOKEN_MIGRATE_MANAGED_H_
#define IFTOKEN_MIGRATE_MANAGED_H_

#include <string>
#include <utility>
#include <vector>

#include "ifupdown/interfaces.h"

namespace ift {

// An interface that opts in, and the ifupdown-token options of the stanza
// holding its token (ifupdown-token-interfaces(5), OPTIONS), as written.
struct ManagedInterface {
  std::string iface, file, family, method;
  int line = 0;  // of the `iface` line
  std::vector<std::pair<std::string, std::string>> options;  // file order
};
std::vector<ManagedInterface> ManagedInterfaces(const InterfacesFile& f);

// NAME=VALUE: the option set to VALUE; an empty VALUE removes it.
struct OptionSetting {
  std::string name, value;
};

struct SetResult {
  std::string text;   // the file with the settings made
  std::string error;  // "" or why nothing can be set, one line
};

// Sets `settings` in the stanza of `iface` in `path` that holds its token, or
// its first stanza (whose method brings the link up) when none does: an option
// written there has its line replaced (a repeated one: the first, the others
// removed), a new one goes after the stanza's last line, indented as its
// options are. `text` is what `path` holds (a migration of it), `model` what
// ReadInterfacesText(path, text) makes of it. The result is refused, with the
// hooks' own message, when the stanza's options would not parse.
SetResult SetOptions(const std::string& path, const std::string& text, const InterfacesFile& model,
                     const std::string& iface, const std::vector<OptionSetting>& settings);

// "token-wait=10" -> {token-wait, 10}. Returns "", or why `arg` is no
// NAME=VALUE of a stanza option (pre-up, up, ... are command lines, and
// iface, auto, source, ... start lines of their own), one line.
std::string ParseSetting(const std::string& arg, OptionSetting* out);

}  // namespace ift

#endif  // IFTOKEN_MIGRATE_MANAGED_H_
