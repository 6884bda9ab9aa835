// Text helpers shared by the reader, the checker and the commands' messages.
#include "base/text.h"

namespace ift {

std::vector<std::string> Words(std::string_view s, std::string_view blanks) {
  std::vector<std::string> words;
  size_t b = s.find_first_not_of(blanks);
  while (b != std::string_view::npos) {
    size_t e = s.find_first_of(blanks, b);
    words.emplace_back(s.substr(b, e - b));
    b = e == std::string_view::npos ? e : s.find_first_not_of(blanks, e);
  }
  return words;
}

}  // namespace ift
