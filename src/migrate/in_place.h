// Replacing a configuration file without a moment where it is half written:
// what `iftoken migrate --in-place` does to /etc/network/interfaces.
#ifndef IFTOKEN_MIGRATE_IN_PLACE_H_
#define IFTOKEN_MIGRATE_IN_PLACE_H_

#include <sys/stat.h>

#include <string>

namespace ift {

// `text` into `target` through a temporary file in its directory (a hidden
// name, .iftoken-XXXXXX, created, never followed), given st's mode and owner,
// synced and renamed over it: a reader sees the old file or the new one,
// never a part. Returns "" when done, else why not.
std::string WriteAtomically(const std::string& target, const std::string& text,
                            const struct stat& st);

// Writes `before` to BackupPath(path, suffix), then `after` to `path`, each through a
// temporary file in the same directory renamed over it, so that a crash
// leaves the old file or the new one, never a part; each with the mode and
// owner `path` had. A symbolic link `path` is refused, not followed: the
// rename would replace the link with a file, and the file it points to would
// keep its old text. Returns "" when done, else why not.
// Why `path` cannot be replaced so, or "": a symbolic link, not a regular
// file, or not there.
std::string Unreplaceable(const std::string& path);

std::string ReplaceFile(const std::string& path, const std::string& before,
                        const std::string& after, const std::string& suffix);

// Where the backup of `path` goes: DIR/.NAME+SUFFIX. The leading dot keeps it
// out of what the old text would be read again through: glob(7)'s `*` of
// Debian's `source /etc/network/interfaces.d/*` matches no name that starts
// with a dot, and `source-directory` reads only names of [A-Za-z0-9_-]
// (interfaces(5)).
std::string BackupPath(const std::string& path, const std::string& suffix);

}  // namespace ift

#endif  // IFTOKEN_MIGRATE_IN_PLACE_H_
