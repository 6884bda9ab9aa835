// A unified diff of two texts, as `diff -u` prints it: what `iftoken migrate
// --diff` shows, without running an external tool.
#ifndef IFTOKEN_MIGRATE_UNIFIED_DIFF_H_
#define IFTOKEN_MIGRATE_UNIFIED_DIFF_H_

#include <string>

namespace ift {

// "--- FROM\n+++ TO\n" and one "@@ -a,b +c,d @@" hunk per group of changes,
// with `context` unchanged lines around each; "" when the texts are equal. A
// last line without '\n' is followed by "\ No newline at end of file".
std::string UnifiedDiff(const std::string& from, const std::string& to,
                        const std::string& from_name, const std::string& to_name, int context = 3);

}  // namespace ift

#endif  // IFTOKEN_MIGRATE_UNIFIED_DIFF_H_
