// A command line of an interfaces(5) stanza split the way sh(1) splits it:
// words with their quotes removed, and the operators between them.
// ifupdown runs each `up` (etc.) value with /bin/sh -c and IFACE in the
// environment, so $IFACE is the one expansion whose value is known.
#ifndef IFTOKEN_CHECK_SHELL_WORDS_H_
#define IFTOKEN_CHECK_SHELL_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace ift {

struct ShellWord {
  std::string text;       // quotes and backslashes removed, $IFACE replaced
  bool op = false;        // an operator: ; && || | & ( ) < > >> >| N> (a newline is ";")
  bool expanded = false;  // still holds an expansion we cannot resolve: $X, $(...), `...`
};

// The words and operators of `command`, $IFACE and ${IFACE} outside single
// quotes replaced by `iface`; a # comment and what follows it left out.
// Unterminated quotes end with the line, as nothing here runs it.
std::vector<ShellWord> ShellWords(std::string_view command, const std::string& iface);

}  // namespace ift

#endif  // IFTOKEN_CHECK_SHELL_WORDS_H_
