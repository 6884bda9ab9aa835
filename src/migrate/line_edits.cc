// Line edits that keep every other byte (line_edits.h).
#include "migrate/line_edits.h"

namespace ift {

LineEdits::LineEdits(const std::string& text) {
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string::npos) {
      lines_.push_back(text.substr(b));
      final_newline_ = false;
      break;
    }
    lines_.push_back(text.substr(b, e - b));
    b = e + 1;
  }
}

// ifupdown 0.8 joins a line that ends with '\' (trailing blanks ignored) with
// the next one, as interfaces(5) says.
int LineEdits::LastOf(int first) const {
  int n = first;
  while (n < int(lines_.size())) {
    const std::string& l = lines_[n - 1];
    size_t end = l.find_last_not_of(" \t\r");
    if (end == std::string::npos || l[end] != '\\') break;
    ++n;
  }
  return n;
}

std::string LineEdits::IndentOf(int n) const {
  if (n < 1 || n > int(lines_.size())) return "";
  const std::string& l = lines_[n - 1];
  return l.substr(0, l.find_first_not_of(" \t"));
}

void LineEdits::Replace(int first, std::vector<std::string> lines) {
  replaced_[first] = std::move(lines);
  replaced_last_[first] = LastOf(first);
}

void LineEdits::InsertAfter(int n, std::string line) { inserted_[n].push_back(std::move(line)); }

std::string LineEdits::Apply() const {
  std::string out;
  auto emit = [&](const std::string& l) { out += l + "\n"; };
  for (int n = 1; n <= int(lines_.size()); ++n) {
    int last = n;
    if (auto r = replaced_.find(n); r != replaced_.end()) {
      for (const std::string& l : r->second) emit(l);
      last = replaced_last_.at(n);
    } else {
      emit(lines_[n - 1]);
    }
    for (int k = n; k <= last; ++k)
      if (auto i = inserted_.find(k); i != inserted_.end())
        for (const std::string& l : i->second) emit(l);
    n = last;
  }
  if (!final_newline_ && !out.empty() && replaced_.count(int(lines_.size())) == 0 &&
      inserted_.count(int(lines_.size())) == 0)
    out.pop_back();
  return out;
}

}  // namespace ift
