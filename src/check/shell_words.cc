// sh(1) word splitting for `iftoken check`: quoting (POSIX XCU 2.2), the
// operators of 2.9 and 2.7 (redirections), parameter expansion of IFACE.
#include "check/shell_words.h"

#include <algorithm>
#include <cctype>

namespace ift {
namespace {

bool NameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  Lexer(std::string_view s, const std::string& iface) : s_(s), iface_(iface) {}
  std::vector<ShellWord> Run();

 private:
  void EndWord();
  void Op(std::string text);
  void Dollar();
  void Backquote();
  void SingleQuoted();
  void DoubleQuoted();
  bool Operator(char c);

  std::string_view s_;
  const std::string& iface_;
  size_t i_ = 0;
  std::vector<ShellWord> out_;
  ShellWord word_;
  bool in_word_ = false;
  bool quoted_ = false;  // part of the word was quoted: "2">x is no fd number
};

void Lexer::EndWord() {
  if (in_word_) out_.push_back(std::move(word_));
  word_ = {};
  in_word_ = quoted_ = false;
}

void Lexer::Op(std::string text) {
  EndWord();
  out_.push_back({std::move(text), true, false});
}

// At '$': IFACE is known; any other expansion is copied as written.
void Lexer::Dollar() {
  in_word_ = true;
  std::string_view rest = s_.substr(i_ + 1);
  if (rest.starts_with("{IFACE}")) {
    word_.text += iface_;
    i_ += 8;
    return;
  }
  if (rest.starts_with("IFACE") && (rest.size() == 5 || !NameChar(rest[5]))) {
    word_.text += iface_;
    i_ += 6;
    return;
  }
  size_t n = 1;
  if (!rest.empty() && (rest[0] == '(' || rest[0] == '{')) {
    char open = rest[0], close = open == '(' ? ')' : '}';
    int depth = 0;
    for (n = 1; i_ + n < s_.size(); ++n) {
      char c = s_[i_ + n];
      if (c == open) ++depth;
      if (c == close && --depth == 0) break;
    }
    n = std::min(n + 1, s_.size() - i_);
  } else if (!rest.empty() && (NameChar(rest[0]) || std::string_view("@*#?$!-").find(rest[0]) !=
                                                        std::string_view::npos)) {
    n = 2;
    if (NameChar(rest[0]) && !std::isdigit(static_cast<unsigned char>(rest[0])))
      while (i_ + n < s_.size() && NameChar(s_[i_ + n])) ++n;
  } else {
    word_.text += '$';  // a lone '$' is itself
    ++i_;
    return;
  }
  word_.text += s_.substr(i_, n);
  word_.expanded = true;
  i_ += n;
}

void Lexer::Backquote() {
  size_t end = s_.find('`', i_ + 1);
  end = end == std::string_view::npos ? s_.size() : end + 1;
  word_.text += s_.substr(i_, end - i_);
  word_.expanded = in_word_ = true;
  i_ = end;
}

void Lexer::SingleQuoted() {
  size_t end = s_.find('\'', i_ + 1);
  if (end == std::string_view::npos) end = s_.size();
  word_.text += s_.substr(i_ + 1, end - i_ - 1);
  in_word_ = quoted_ = true;
  i_ = std::min(end + 1, s_.size());
}

// XCU 2.2.3: inside double quotes a backslash escapes only $ ` " \ and newline.
void Lexer::DoubleQuoted() {
  in_word_ = quoted_ = true;
  ++i_;
  while (i_ < s_.size() && s_[i_] != '"') {
    char c = s_[i_];
    if (c == '\\' && i_ + 1 < s_.size() &&
        std::string_view("$`\"\\\n").find(s_[i_ + 1]) != std::string_view::npos) {
      if (s_[i_ + 1] != '\n') word_.text += s_[i_ + 1];
      i_ += 2;
    } else if (c == '$') {
      Dollar();
    } else if (c == '`') {
      Backquote();
    } else {
      word_.text += c;
      ++i_;
    }
  }
  ++i_;  // the closing quote
}

// An unquoted operator character at s_[i_]: the operator, true; else false.
bool Lexer::Operator(char c) {
  std::string_view rest = s_.substr(i_);
  if (c == '\n' || c == ';') {
    Op(";");
    i_ += rest.starts_with(";;") ? 2 : 1;
  } else if (c == '&' || c == '|') {
    bool twice = rest.size() > 1 && rest[1] == c;
    Op(twice ? std::string(2, c) : std::string(1, c));
    i_ += twice ? 2 : 1;
  } else if (c == '(' || c == ')') {
    Op(std::string(1, c));
    ++i_;
  } else if (c == '>' || c == '<') {
    // XCU 2.7: "2>file": a word of digits just before is the fd.
    std::string op;
    bool digits = in_word_ && !quoted_ && !word_.text.empty() &&
                  word_.text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
      op = word_.text;
      word_ = {};
      in_word_ = false;
    }
    op += c;
    ++i_;
    if (i_ < s_.size() && (s_[i_] == '>' || s_[i_] == '|' || s_[i_] == '&')) op += s_[i_++];
    Op(op);
  } else {
    return false;
  }
  return true;
}

std::vector<ShellWord> Lexer::Run() {
  while (i_ < s_.size()) {
    char c = s_[i_];
    if (c == ' ' || c == '\t') {
      EndWord();
      ++i_;
    } else if (c == '#' && !in_word_) {
      while (i_ < s_.size() && s_[i_] != '\n') ++i_;
    } else if (c == '\\') {
      if (i_ + 1 < s_.size() && s_[i_ + 1] != '\n') word_.text += s_[i_ + 1], in_word_ = true;
      quoted_ = true;
      i_ += 2;
    } else if (c == '\'') {
      SingleQuoted();
    } else if (c == '"') {
      DoubleQuoted();
    } else if (c == '$') {
      Dollar();
    } else if (c == '`') {
      Backquote();
    } else if (!Operator(c)) {
      word_.text += c;
      in_word_ = true;
      ++i_;
    }
  }
  EndWord();
  return std::move(out_);
}

}  // namespace

std::vector<ShellWord> ShellWords(std::string_view command, const std::string& iface) {
  return Lexer(command, iface).Run();
}

}  // namespace ift
