// Text: the words of a line, and values quoted for one-line messages.
#ifndef IFTOKEN_BASE_TEXT_H_
#define IFTOKEN_BASE_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace ift {

// isspace(3) in the C locale: what ifupdown splits interfaces(5) words on.
inline constexpr std::string_view kCBlanks = " \t\n\v\f\r";
// The default IFS of sh(1): what the shell splits an unquoted command on.
inline constexpr std::string_view kShellBlanks = " \t\n";

// The words of `s`, separated by runs of `blanks`.
std::vector<std::string> Words(std::string_view s, std::string_view blanks = kCBlanks);

// `text` as it should appear in a one-line message: as is, or as a quoted
// JSON-style literal when it is empty or holds blanks, quotes or control
// characters; a byte that is not valid UTF-8 shows as \ufffd, so whatever was
// typed on the command line prints as one readable line.
std::string Shown(std::string_view text);

// `text` with its control characters escaped (\n, \t, \x1b), whole: no value
// can start a line of its own or move a terminal's cursor.
std::string Escaped(std::string_view text);

// `text` inside one line of a message, whatever it holds: control characters
// escaped (\n, \t, \x01), so that no value can start a line of its own, and
// cut to `max` bytes, its whole length said, when longer: "aaaa... (120000
// bytes)".
std::string Excerpt(std::string_view text, size_t max = 120);

// The directory of `path`, as POSIX dirname(3) says: "." for a bare name,
// "/" for "/x"; trailing slashes do not count.
std::string DirName(std::string path);

}  // namespace ift

#endif  // IFTOKEN_BASE_TEXT_H_
