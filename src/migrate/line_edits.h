// Edits on the physical lines of a file's text that leave every byte of every
// other line as it was: comments, blank lines, indentation, continuations.
#ifndef IFTOKEN_MIGRATE_LINE_EDITS_H_
#define IFTOKEN_MIGRATE_LINE_EDITS_H_

#include <map>
#include <string>
#include <vector>

namespace ift {

class LineEdits {
 public:
  explicit LineEdits(const std::string& text);

  // The last physical line of the logical line that starts at `first` (1-based):
  // interfaces(5) continues a line that ends with '\'.
  int LastOf(int first) const;
  // The blanks that start line `n`.
  std::string IndentOf(int n) const;
  // Whether line `n` has been replaced already.
  bool Replaced(int n) const { return replaced_.count(n) > 0; }

  // Lines `first`..LastOf(first) become `lines` (none: removed).
  void Replace(int first, std::vector<std::string> lines);
  // `line` goes after line `n` (after what replaced it), after earlier insertions there.
  void InsertAfter(int n, std::string line);

  // The text with every edit made.
  std::string Apply() const;

 private:
  std::vector<std::string> lines_;  // without their '\n'
  bool final_newline_ = true;
  std::map<int, std::vector<std::string>> replaced_;
  std::map<int, int> replaced_last_;
  std::map<int, std::vector<std::string>> inserted_;
};

}  // namespace ift

#endif  // IFTOKEN_MIGRATE_LINE_EDITS_H_
