// Text: splitting words, and quoting a value for a one-line message.
#include "base/text.h"

#include <cstdint>
#include <cstdio>

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

namespace {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 if there is
// none (stray continuation byte, truncation, overlong form, surrogate, or
// beyond U+10FFFF): JSON must be valid Unicode.
size_t Utf8Length(std::string_view s, size_t i) {
  static const uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  unsigned char lead = s[i];
  size_t n;
  uint32_t cp;
  if (lead < 0x80) return 1;
  if ((lead & 0xe0) == 0xc0) n = 2, cp = lead & 0x1f;
  else if ((lead & 0xf0) == 0xe0) n = 3, cp = lead & 0x0f;
  else if ((lead & 0xf8) == 0xf0) n = 4, cp = lead & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char c = s[i + k];
    if ((c & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (c & 0x3f);
  }
  if (cp < kSmallest[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

void AppendEscaped(unsigned char c, std::string* out) {
  switch (c) {
    case '"': *out += "\\\""; return;
    case '\\': *out += "\\\\"; return;
    case '\n': *out += "\\n"; return;
    case '\t': *out += "\\t"; return;
    case '\r': *out += "\\r"; return;
  }
  if (c < 0x20 || c == 0x7f) {
    char buf[8];
    snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
    *out += buf;
    return;
  }
  *out += char(c);
}

// `text` as a JSON-style string literal, quotes included: control characters
// escaped, and each byte that is not valid UTF-8 shown as \ufffd.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8Length(text, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
    } else if (n == 1) {
      AppendEscaped(text[i++], &out);
    } else {
      out += text.substr(i, n);
      i += n;
    }
  }
  return out + "\"";
}

}  // namespace

std::string Shown(std::string_view text) {
  bool plain = !text.empty();
  for (size_t i = 0, n; plain && i < text.size(); i += n) {
    n = Utf8Length(text, i);
    unsigned char c = text[i];
    if (n == 0 || c <= ' ' || c == 0x7f || c == '"') plain = false;
  }
  return plain ? std::string(text) : Quoted(text);
}

std::string Escaped(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

std::string Excerpt(std::string_view text, size_t max) {
  std::string out = Escaped(text.substr(0, max));
  if (text.size() > max) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string DirName(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  p.resize(slash);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p.empty() ? "/" : p;
}

}  // namespace ift
