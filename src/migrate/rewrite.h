// `iftoken migrate`: one interfaces(5) file's hand-written token and sysctl
// lines rewritten into the options of ifupdown-token-interfaces(5), every
// other byte kept (iftoken(8), MIGRATE).
//
// Per interface, in the stanzas of that one file:
//  * `pre-up|up|post-up ip token set ::IID dev IFACE` alone on its line ->
//    `token ::IID`, or `token auto` when that derives the same ::IID, in the
//    first stanza of the interface (its method brings the link up);
//  * `down|post-down ip token del` -> removed: the hooks undo the token;
//  * `up ip addr add PREFIX:IID/64` of the token's own SLAAC address ->
//    removed, with `token-wait 10`, unless SLAAC is off for the interface;
//  * a sysctl write of one of the token's sysctls -> its stanza option.
// What it cannot translate it keeps, with a finding saying why. Each comment
// it writes starts with kMigrateMark, and a migrated file migrates to itself.
#ifndef IFTOKEN_MIGRATE_REWRITE_H_
#define IFTOKEN_MIGRATE_REWRITE_H_

#include <string>
#include <vector>

#include "check/findings.h"
#include "ifupdown/interfaces.h"

namespace ift {

inline constexpr const char* kMigrateMark = "# iftoken migrate: ";

struct Migration {
  std::string text;                    // the file, migrated
  std::vector<CheckFinding> findings;  // lines kept and why; sourced files left alone
};

// `text` is what the file `path` holds, `model` what ReadInterfaces(path)
// made of it (stanzas of sourced files included: they are read, not rewritten).
Migration Migrate(const std::string& path, const std::string& text, const InterfacesFile& model);

}  // namespace ift

#endif  // IFTOKEN_MIGRATE_REWRITE_H_
