// What a reader of a configuration file tells about it: a place and a
// sentence, kept apart so that whoever shows it places it (a compiler-style
// "FILE:LINE: text", a JSON object) without reading the sentence back.
#ifndef IFTOKEN_BASE_DIAGNOSTIC_H_
#define IFTOKEN_BASE_DIAGNOSTIC_H_

#include <string>

namespace ift {

struct Diagnostic {
  std::string file;
  int line = 0;  // 0: about the file as a whole
  std::string text;

  bool operator==(const Diagnostic&) const = default;
};

// "FILE:LINE", or "FILE" for line 0.
inline std::string FileLine(const std::string& file, int line) {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

// "FILE:LINE: text", the way compilers print it.
inline std::string Str(const Diagnostic& d) { return FileLine(d.file, d.line) + ": " + d.text; }

}  // namespace ift

#endif  // IFTOKEN_BASE_DIAGNOSTIC_H_
