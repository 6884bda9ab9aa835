// The interfaces(5) reader: the file and what it sources, as ifupdown 0.8.41 reads them.
#include "ifupdown/interfaces.h"

#include <glob.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/text.h"
#include "ifupdown/methods.h"

namespace ift {
namespace {

namespace fs = std::filesystem;

// isspace() in the C locale, which is what ifupdown splits words on.
bool IsBlank(char c) { return kCBlanks.find(c) != std::string_view::npos; }

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// Cuts the first word off `rest`, leaving `rest` at the next word.
std::string_view NextWord(std::string_view* rest) {
  size_t end = 0;
  while (end < rest->size() && !IsBlank((*rest)[end])) ++end;
  std::string_view word = rest->substr(0, end);
  *rest = TrimLeft(rest->substr(end));
  return word;
}

// POSIX dirname(3): ifupdown resolves a relative `source` against it.
std::string DirName(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  p.resize(slash);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p.empty() ? "/" : p;
}

// The names run-parts accepts, which is the filter of source-directory.
bool IsRunPartsName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return IsAsciiAlnum(c) || c == '_' || c == '-';
  });
}

// ifupdown hands `source` arguments to wordexp(3), which expands variables
// and quotes, and rejects the whole directive for these characters. A plain
// glob would read something else, so such arguments are not read at all.
bool HasShellSyntax(std::string_view s) {
  return s.find_first_of("$`'\"\\|&;<>(){}") != std::string_view::npos;
}

bool HasGlobChars(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

// Matches sorted bytewise, as glob(3) sorts them in ifupdown's C locale.
std::vector<std::string> Glob(const std::string& pattern) {
  std::vector<std::string> paths;
  glob_t g{};
  if (glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g) == 0)
    paths.assign(g.gl_pathv, g.gl_pathv + g.gl_pathc);
  globfree(&g);
  std::sort(paths.begin(), paths.end());
  return paths;
}

// A logical line: what ifupdown's get_line() returns.
struct Line {
  std::string text;
  int first = 0;  // physical line it starts on
};

// A line whose first non-blank is '#' is a comment; a trailing backslash
// joins the next physical line verbatim (its leading blanks are kept and it
// is never a comment); then trailing blanks are cut. A blank before the
// backslash is kept, one after it means the line is not continued.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in) {}
  bool Next(Line* line);
  bool failed() const { return in_.bad(); }

 private:
  bool Physical(std::string* s) {
    if (!std::getline(in_, *s)) return false;
    ++number_;
    return true;
  }
  std::istream& in_;
  int number_ = 0;
};

bool LineReader::Next(Line* line) {
  std::string s;
  do {
    if (!Physical(&s)) return false;
    s.erase(0, s.size() - TrimLeft(s).size());
  } while (!s.empty() && s[0] == '#');
  line->first = number_;
  std::string more;
  // At the end of the file ifupdown still drops the backslash.
  while (!s.empty() && s.back() == '\\') {
    s.pop_back();
    if (Physical(&more)) s += more;
  }
  line->text = TrimRight(s);
  return true;
}

// Reads one interfaces(5) file and what it sources into an InterfacesFile.
class Reader {
 public:
  explicit Reader(InterfacesFile* out) : out_(*out) {}
  void ReadFile(const std::string& path, bool top);

 private:
  enum class Block { kNone, kIface, kMapping };
  // ifupdown keeps this per file: a stanza never continues across `source`.
  struct FileState {
    std::string path;
    Block block = Block::kNone;
    bool mapping_has_script = false;
    // "the 'auto' line at FILE:3": what ended the stanza before, for the
    // message about an option after it.
    std::string ended_by;
  };

  bool Dispatch(FileState& f, const Line& line);
  bool Iface(FileState& f, int line, std::string_view rest);
  bool Inherit(const FileState& f, int line, const std::vector<std::string>& w, size_t i,
               Stanza* s);
  bool OptionLine(FileState& f, int line, std::string_view name, std::string_view value);
  bool MappingLine(FileState& f, int line, std::string_view name);
  void Mapping(FileState& f, int line, std::string_view rest);
  void Source(const FileState& f, int line, std::string_view rest, bool directory);
  void SourceDirectory(const FileState& f, int line, const std::string& dir);
  void ReadSourced(const FileState& f, int line, const std::string& path);
  void Keyword(FileState& f, int line, std::string_view word, std::string_view rest);
  void EndBlock(FileState& f, int line, std::string_view word);

  bool Error(const std::string& file, int line, const std::string& text);
  void Note(const std::string& file, int line, const std::string& text);

  InterfacesFile& out_;
  std::set<std::string> seen_;  // paths as ifupdown spells them
};

std::string Where(const std::string& file, int line) {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

bool Reader::Error(const std::string& file, int line, const std::string& text) {
  out_.errors.push_back(Where(file, line) + ": " + text);
  return false;
}

void Reader::Note(const std::string& file, int line, const std::string& text) {
  out_.notes.push_back(Where(file, line) + ": " + text);
}

void Reader::ReadFile(const std::string& path, bool top) {
  seen_.insert(path);
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (top) Error(path, 0, "is a directory, not an interfaces file");
    else Note(path, 0, "is a directory: ifupdown warns and skips it");
    return;
  }
  std::ifstream in(path);
  if (!in) {
    Error(path, 0, std::string("cannot read: ") + std::strerror(errno));
    return;
  }
  FileState f;
  f.path = path;
  LineReader lines(in);
  for (Line line; lines.Next(&line);) {
    if (Dispatch(f, line)) continue;
    Note(path, 0,
         top ? "ifup refuses the whole configuration for this error"
             : "after this error ifupdown ignores the rest of this "
               "file, and reads on in the file that sourced it");
    return;
  }
  if (lines.failed()) Error(path, 0, "read error");
}

// Returns false on an error after which ifupdown stops reading the file.
bool Reader::Dispatch(FileState& f, const Line& line) {
  std::string_view rest = line.text;
  std::string_view word = NextWord(&rest);
  if (word.empty()) return true;
  if (word == "iface") return Iface(f, line.first, rest);
  if (word == "mapping") {
    Mapping(f, line.first, rest);
    return true;
  }
  // ifupdown takes any word starting with "source-dir" for source-directory.
  bool directory = word.starts_with("source-dir");
  if (word == "source" || directory) {
    EndBlock(f, line.first, word);
    Source(f, line.first, rest, directory);
    return true;
  }
  if (word == "auto" || (word.starts_with("allow-") && word.size() > 6) || word == "no-auto-down" ||
      word == "no-scripts") {
    Keyword(f, line.first, word, rest);
    return true;
  }
  return OptionLine(f, line.first, word, rest);
}

void Reader::EndBlock(FileState& f, int line, std::string_view word) {
  if (f.block == Block::kIface)
    f.ended_by = "the '" + std::string(word) + "' line at " + Where(f.path, line);
  f.block = Block::kNone;
}

// `auto`, `allow-CLASS`, `no-auto-down`, `no-scripts`: lists of interfaces.
void Reader::Keyword(FileState& f, int line, std::string_view word, std::string_view rest) {
  EndBlock(f, line, word);
  std::vector<std::string> names = Words(rest);
  if (word == "no-scripts" || word == "no-auto-down") {
    auto& list = word == "no-scripts" ? out_.no_scripts : out_.no_auto_down;
    list.insert(list.end(), names.begin(), names.end());
    return;
  }
  // `allow-auto` is the same class as `auto`, as in ifupdown.
  std::string cls(word == "auto" ? word : word.substr(6));
  auto& members = out_.classes[cls];
  for (const std::string& n : names)
    if (std::find(members.begin(), members.end(), n) == members.end()) members.push_back(n);
}

// Why an iface line without `inherits` is refused, or "" if it is not.
std::string MissingFamilyOrMethod(const Stanza& s, const std::vector<std::string>& w, size_t i) {
  std::string head = "iface " + s.iface + ": ";
  bool more = i < w.size();
  if (s.family.empty())
    return head + (more ? "unknown address family '" + w[i] + "' (" + FamilyNames() + ")"
                        : "missing address family and method");
  if (s.method.empty())
    return head + (more ? "unknown method '" + w[i] + "' for " + s.family : "missing method");
  return "";
}

// iface NAME FAMILY METHOD, where `inherits PARENT` may stand for METHOD or
// for FAMILY METHOD.
bool Reader::Iface(FileState& f, int line, std::string_view rest) {
  f.block = Block::kNone;
  f.ended_by.clear();
  std::vector<std::string> w = Words(rest);
  if (w.empty()) return Error(f.path, line, "iface without a name: iface NAME FAMILY METHOD");
  Stanza s{w[0], "", "", f.path, line, "", {}};
  size_t i = 1;
  if (i < w.size() && IsFamily(w[i])) {
    s.family = w[i++];
    if (i < w.size() && IsMethod(s.family, w[i])) s.method = w[i++];
  }
  if (i < w.size() && w[i] == "inherits") {
    if (!Inherit(f, line, w, i + 1, &s)) return false;
  } else if (std::string why = MissingFamilyOrMethod(s, w, i); !why.empty()) {
    return Error(f.path, line, why);
  } else if (i < w.size()) {
    Note(f.path, line, "extra word '" + w[i] + "' on the iface line: ifupdown ignores it");
  }
  out_.stanzas.push_back(std::move(s));
  f.block = Block::kIface;
  return true;
}

// Copies the first earlier stanza of the parent (of the same family, if one
// is given), and its family and method where the iface line has none.
bool Reader::Inherit(const FileState& f, int line, const std::vector<std::string>& w, size_t i,
                     Stanza* s) {
  if (i >= w.size()) return Error(f.path, line, "'inherits' needs the name of an earlier iface");
  for (const Stanza& parent : out_.stanzas) {
    if (parent.iface != w[i]) continue;
    if (!s->family.empty() && parent.family != s->family) continue;
    s->inherits = w[i];
    s->options = parent.options;
    if (s->family.empty()) s->family = parent.family;
    if (s->method.empty()) s->method = parent.method;
    return true;
  }
  return Error(f.path, line,
               "inherits " + w[i] + ": no earlier iface " + w[i] +
                   (s->family.empty() ? "" : " " + s->family));
}

bool Reader::OptionLine(FileState& f, int line, std::string_view name, std::string_view value) {
  std::string n(name);
  switch (f.block) {
    case Block::kIface:
      if (value.empty()) return Error(f.path, line, "option '" + n + "' has no value");
      out_.stanzas.back().options.push_back({n, std::string(value), f.path, line});
      return true;
    case Block::kMapping: return MappingLine(f, line, name);
    case Block::kNone: break;
  }
  return Error(f.path, line,
               "option '" + n + "' is not inside an iface stanza" +
                   (f.ended_by.empty() ? "" : " (" + f.ended_by + " ended the stanza)"));
}

void Reader::Mapping(FileState& f, int line, std::string_view rest) {
  f.block = Block::kMapping;
  f.ended_by.clear();
  f.mapping_has_script = false;
  Note(f.path, line,
       "mapping " + std::string(rest) +
           ": skipped; ifup would run its script to pick the logical "
           "interface, iftoken reads stanzas by the name written");
}

bool Reader::MappingLine(FileState& f, int line, std::string_view name) {
  if (name == "map") return true;
  if (name != "script")
    return Error(f.path, line,
                 "'" + std::string(name) + "' in a mapping block (only script and map)");
  if (f.mapping_has_script) return Error(f.path, line, "second script in one mapping block");
  f.mapping_has_script = true;
  return true;
}

// Only the first word is relative to the directory of this file: ifupdown
// prefixes the directory to the whole argument, then splits it into words.
void Reader::Source(const FileState& f, int line, std::string_view rest, bool directory) {
  if (HasShellSyntax(rest)) {
    Note(f.path, line,
         "'" + std::string(rest) +
             "' not read: ifupdown expands shell syntax here "
             "with wordexp(3) (or ignores the line), iftoken "
             "does not");
    return;
  }
  std::string arg(rest);
  std::string pattern = arg.starts_with('/') ? arg : DirName(f.path) + "/" + arg;
  std::vector<std::string> words = Words(pattern);
  for (size_t i = 1; i < words.size(); ++i)
    Note(f.path, line,
         "'" + words[i] +
             "' is relative to the current directory, not to "
             "this file's (only the first word is)");
  for (const std::string& word : words) {
    std::vector<std::string> paths = Glob(word);
    if (paths.empty() && !HasGlobChars(word))
      Note(f.path, line, word + " does not exist: ifupdown skips it silently");
    for (const std::string& p : paths) {
      if (directory) SourceDirectory(f, line, p);
      else ReadSourced(f, line, p);
    }
  }
}

// Like run-parts: names matching ^[a-zA-Z0-9_-]+$, in C-locale order.
void Reader::SourceDirectory(const FileState& f, int line, const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    Note(f.path, line, dir + ": " + ec.message() + ": ifupdown skips it silently");
    return;
  }
  std::vector<std::string> names, skipped;
  for (; it != end && !ec; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (IsRunPartsName(name)) names.push_back(name);
    else if (!name.starts_with('.')) skipped.push_back(name);
  }
  std::sort(names.begin(), names.end());
  std::sort(skipped.begin(), skipped.end());
  for (const std::string& name : skipped)
    Note(f.path, line,
         dir + "/" + name +
             " not read: source-directory reads only names "
             "matching ^[a-zA-Z0-9_-]+$");
  for (const std::string& name : names) ReadSourced(f, line, dir + "/" + name);
}

void Reader::ReadSourced(const FileState& f, int line, const std::string& path) {
  std::error_code ec;
  if (seen_.count(path)) Note(f.path, line, path + " was read already: ifupdown reads a file once");
  else if (!fs::exists(path, ec))
    Note(f.path, line, path + " is a dangling symlink: ifupdown skips it");
  else ReadFile(path, false);
}

}  // namespace

InterfacesFile ReadInterfaces(const std::string& path) {
  InterfacesFile out;
  Reader(&out).ReadFile(path, true);
  return out;
}

std::vector<const Stanza*> StanzasOf(const InterfacesFile& f, std::string_view iface) {
  std::vector<const Stanza*> found;
  for (const Stanza& s : f.stanzas)
    if (s.iface == iface) found.push_back(&s);
  return found;
}

std::vector<Option> MergedOptions(const Stanza& s) {
  std::vector<Option> merged;
  for (Option o : s.options) {
    if (o.name == "post-up") o.name = "up";
    if (o.name == "pre-down") o.name = "down";
    if (IsCommand(o.name)) {
      merged.push_back(std::move(o));
      continue;
    }
    bool only_if_unset = o.name.ends_with('?');
    if (only_if_unset) o.name.pop_back();
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const Option& m) { return m.name == o.name; });
    if (same == merged.end()) merged.push_back(std::move(o));
    else if (!only_if_unset) same->value += "\n" + o.value;
  }
  return merged;
}

std::string EnvName(std::string_view option) {
  std::string name = "IF_";
  for (char c : option) {
    if (c == '-') c = '_';
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    if (IsAsciiAlnum(c) || c == '_') name += c;
  }
  return name;
}

}  // namespace ift
