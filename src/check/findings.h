// What `iftoken check` reports: a finding at FILE:LINE, printed the way
// compilers print theirs, and where in a stanza a finding belongs.
#ifndef IFTOKEN_CHECK_FINDINGS_H_
#define IFTOKEN_CHECK_FINDINGS_H_

#include <optional>
#include <string>
#include <string_view>

#include "ifupdown/interfaces.h"
#include "pipeline/finding.h"

namespace ift {

struct CheckFinding {
  enum Level { kError, kWarning, kNote };
  std::string file;
  int line = 0;  // 0: about the file as a whole
  Level level = kWarning;
  std::string iface;  // empty: about the file
  std::string text;
};

const char* LevelName(CheckFinding::Level level);  // "error", "warning", "note"
// "FILE:LINE: warning: IFACE: text", the way compilers print it.
std::string FormatFinding(const CheckFinding& f);

// A place in an interfaces file.
struct Where {
  std::string file;
  int line = 0;
};

// "name" of a `name? value` line (set only if unset), else the name as is.
std::string BareName(std::string name);

// The first line of option `name` in `s` (any spelling with the same IF_
// variable), if there is one.
std::optional<Where> OptionAt(const Stanza& s, std::string_view name);

// The `token` line, else the `iface` line.
Where TokenAt(const Stanza& s);

// Where a finding of the hooks' own parser, planner or traps belongs: at the
// line of the option it is about (the stanza's iface line if there is none),
// else the line that adds its address, else the option that writes its
// setting, else `token`.
Where Locate(const Stanza& s, const Subject& about);

}  // namespace ift

#endif  // IFTOKEN_CHECK_FINDINGS_H_
