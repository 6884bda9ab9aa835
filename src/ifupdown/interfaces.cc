// The interfaces(5) reader: the file and what it sources, as ifupdown 0.8.41 reads them.
#include "ifupdown/interfaces.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "base/text.h"
#include "ifupdown/dialects.h"
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

// Physical lines read with read(2), every byte counted against a budget
// shared by all the files of one configuration (kMaxTotalBytes).
class FdInput {
 public:
  enum Result { kLine, kEnd, kTooLong, kTooBig, kError };
  FdInput(int fd, size_t* budget) : fd_(fd), budget_(*budget) {}
  // One physical line without its '\n', kTooLong past `max` bytes. Like
  // std::getline, a last line without '\n' is a line.
  Result Physical(std::string* s, size_t max);
  int error() const { return error_; }

 private:
  bool Fill();
  int fd_;
  size_t& budget_;
  char buf_[8192];
  size_t pos_ = 0, len_ = 0;
  bool end_ = false, too_big_ = false;
  int error_ = 0;
};

// False at the end of the file, on an error, or past the budget.
bool FdInput::Fill() {
  if (end_ || too_big_ || error_) return false;
  // One byte more than the budget tells a file that ends there from one that goes on.
  size_t want = std::min(sizeof buf_, budget_ + 1);
  ssize_t n;
  do n = read(fd_, buf_, want);
  while (n < 0 && errno == EINTR);
  if (n < 0) error_ = errno;
  else if (n == 0) end_ = true;
  else if (size_t(n) > budget_) too_big_ = true;
  if (n <= 0 || too_big_) return false;
  budget_ -= size_t(n);
  pos_ = 0;
  len_ = size_t(n);
  return true;
}

FdInput::Result FdInput::Physical(std::string* s, size_t max) {
  s->clear();
  for (bool any = false;; any = true) {
    if (pos_ == len_ && !Fill()) return error_ ? kError : too_big_ ? kTooBig : any ? kLine : kEnd;
    const char* start = buf_ + pos_;
    const char* nl = static_cast<const char*>(memchr(start, '\n', len_ - pos_));
    size_t n = nl ? size_t(nl - start) : len_ - pos_;
    if (s->size() + n > max) return kTooLong;
    s->append(start, n);
    pos_ += n + (nl ? 1 : 0);
    if (nl) return kLine;
  }
}

// A line whose first non-blank is '#' is a comment; a trailing backslash
// joins the next physical line verbatim (its leading blanks are kept and it
// is never a comment); then trailing blanks are cut. A blank before the
// backslash is kept, one after it means the line is not continued. A
// logical line longer than kMaxLineBytes stops the reading (kTooLong).
class LineReader {
 public:
  LineReader(int fd, size_t* budget) : in_(fd, budget) {}
  bool Next(Line* line);
  // Why Next() returned false: kEnd, or what stopped it before the end.
  FdInput::Result stopped() const { return stopped_; }
  int error() const { return in_.error(); }
  // The physical line being read when it stopped.
  int stopped_at() const { return number_ + 1; }

 private:
  bool Physical(std::string* s, size_t max) {
    stopped_ = in_.Physical(s, max);
    if (stopped_ != FdInput::kLine) return false;
    ++number_;
    return true;
  }
  FdInput in_;
  FdInput::Result stopped_ = FdInput::kLine;
  int number_ = 0;
};

bool LineReader::Next(Line* line) {
  std::string s;
  do {
    if (!Physical(&s, kMaxLineBytes)) return false;
    s.erase(0, s.size() - TrimLeft(s).size());
  } while (!s.empty() && s[0] == '#');
  line->first = number_;
  std::string more;
  // At the end of the file ifupdown still drops the backslash.
  while (!s.empty() && s.back() == '\\') {
    s.pop_back();
    if (Physical(&more, kMaxLineBytes - s.size())) s += more;
    else if (stopped_ != FdInput::kEnd) return false;
  }
  line->text = TrimRight(s);
  return true;
}

using FileId = std::pair<dev_t, ino_t>;

// A file opened for reading, or why not.
struct OpenFile {
  int fd = -1;
  FileId id{};
  bool directory = false;
  std::string why;
};

// What a file that is not read is, and what ifup would do with it ("" for
// a regular file, a directory or a character device). A character device is
// read like a file, as ifupdown reads it: /dev/null is an empty file, and
// /dev/zero stops at kMaxLineBytes, /dev/urandom at kMaxTotalBytes; it is
// read without blocking, so one with nothing to read (a terminal) is a read
// error, not a wait.
std::string NotRegular(mode_t mode) {
  if (S_ISREG(mode) || S_ISDIR(mode) || S_ISCHR(mode)) return "";
  std::string kind = S_ISFIFO(mode) ? "a FIFO (named pipe), not a regular file (ifup would wait on "
                                      "it for a writer)"
                     : S_ISBLK(mode) ? "a block device, not a regular file"
                     : S_ISSOCK(mode) ? "a socket, not a regular file"
                                      : "not a regular file";
  return "is " + kind;
}

std::string CannotRead(int err) {
  if (err == ELOOP) return "cannot read: a symlink loop (too many levels of symbolic links)";
  return std::string("cannot read: ") + std::strerror(err);
}

// Opens `path` if it is a regular file or a character device. stat() first, so a FIFO or a device
// is refused without being opened; O_NONBLOCK and fstat() for one that takes
// its place meanwhile, so opening never waits.
OpenFile OpenRegular(const std::string& path) {
  OpenFile f;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    f.why = CannotRead(errno);
    return f;
  }
  for (int pass = 0; pass < 2; ++pass) {
    if (S_ISDIR(st.st_mode)) {
      f.directory = true;
      f.why = "is a directory, not an interfaces file";
    } else if (std::string why = NotRegular(st.st_mode); !why.empty()) {
      f.why = why + ": iftoken reads only regular files";
    }
    if (!f.why.empty() || pass == 1) break;
    f.fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (f.fd < 0) {
      f.why = CannotRead(errno);
      return f;
    }
    if (fstat(f.fd, &st) != 0) f.why = CannotRead(errno);
  }
  if (!f.why.empty()) {
    if (f.fd >= 0) close(f.fd);
    f.fd = -1;
    return f;
  }
  if (!S_ISCHR(st.st_mode)) fcntl(f.fd, F_SETFL, fcntl(f.fd, F_GETFL) & ~O_NONBLOCK);
  f.id = {st.st_dev, st.st_ino};
  return f;
}

// Reads one interfaces(5) file and what it sources into an InterfacesFile.
class Reader {
 public:
  Reader(InterfacesFile* out, std::string root, Dialect d)
      : out_(*out), root_(std::move(root)), d_(d) {
    out_.dialect = d;
    if (d_ == Dialect::kIfupdownNg) NgLoopback();
  }
  void ReadFile(const std::string& path, bool top);
  // The top file read from `fd` (its text as it will be) under the name `path`.
  void ReadTop(const std::string& path, int fd);
  // What the implementation does once every file is read.
  void Finish();

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
    std::string iface_written;  // ifupdown2: the stanza's NAME[:LABEL], for $IFACE
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

  // ifupdown2
  bool Dispatch2(FileState& f, const Line& line);
  bool Iface2(FileState& f, int line, std::string_view rest);
  void Option2(FileState& f, int line, std::string_view name, std::string_view value);
  void Squash2();
  // ifupdown-ng
  bool DispatchNg(FileState& f, const Line& line);
  void NgLoopback();
  size_t NgFind(const std::string& name);
  void NgUse(size_t i, std::string_view executor);
  void NgAdd(size_t i, std::string name, std::string value, const FileState& f, int line);
  void NgAddress(const FileState& f, int line, std::string_view rest);
  void NgIface(const FileState& f, int line, std::string_view word, std::string_view rest);
  void NgInherit(const FileState& f, int line, std::string_view target);
  void NgGeneric(const FileState& f, int line, std::string_view word, std::string_view rest);
  void NgFinalize();
  bool NgSource(const FileState& f, int line, std::string_view rest, bool directory);
  // A file that is not fit to read: an error, and ifupdown-ng reads nothing more.
  bool NgCannotRead(const FileState& f, int line, const std::string& why);

  void ReadLines(const std::string& path, bool top, int fd);
  bool Error(const std::string& file, int line, const std::string& text);
  void Note(const std::string& file, int line, const std::string& text);

  InterfacesFile& out_;
  std::string root_;            // "" for /, else where an image's / is
  std::set<std::string> seen_;  // paths as ifupdown spells them
  // The files being read, outermost first: a source loop is a file that is
  // on this stack, whatever its name.
  std::vector<std::pair<FileId, std::string>> open_;
  std::map<FileId, std::string> read_;  // each file read: its first name
  size_t budget_ = kMaxTotalBytes;      // bytes left to read, over all files
  bool stop_ = false;                   // the budget is spent: read nothing more
  Dialect d_;
  // ifupdown-ng: the interface option lines go to (SIZE_MAX: none yet); the
  // collection by name.
  size_t ng_cur_ = SIZE_MAX;
  std::map<std::string, size_t> ng_index_;
};

bool Reader::Error(const std::string& file, int line, const std::string& text) {
  out_.errors.push_back({file, line, text});
  return false;
}

void Reader::Note(const std::string& file, int line, const std::string& text) {
  out_.notes.push_back({file, line, text});
}

void Reader::ReadFile(const std::string& path, bool top) {
  if (stop_) return;
  seen_.insert(path);
  OpenFile file = OpenRegular(path);
  if (file.fd < 0) {
    if (file.directory && !top) Note(path, 0, "is a directory: ifupdown warns and skips it");
    else Error(path, 0, file.why);
    return;
  }
  read_.emplace(file.id, path);
  open_.emplace_back(file.id, path);
  ReadLines(path, top, file.fd);
  // ifupdown-ng ends the stanza being read at the end of each file (its
  // netmask folded), and still adds the lines after `source` to it.
  if (d_ == Dialect::kIfupdownNg) NgFinalize();
  open_.pop_back();
  close(file.fd);
}

void Reader::ReadTop(const std::string& path, int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return (void)Error(path, 0, CannotRead(errno));
  seen_.insert(path);
  read_.emplace(FileId{st.st_dev, st.st_ino}, path);
  open_.emplace_back(FileId{st.st_dev, st.st_ino}, path);
  ReadLines(path, true, fd);
  open_.pop_back();
}

void Reader::ReadLines(const std::string& path, bool top, int fd) {
  FileState f;
  f.path = path;
  LineReader lines(fd, &budget_);
  for (Line line; !stop_ && lines.Next(&line);) {
    if (Dispatch(f, line)) continue;
    Note(path, 0,
         top ? "ifup refuses the whole configuration for this error"
             : "after this error ifupdown ignores the rest of this "
               "file, and reads on in the file that sourced it");
    return;
  }
  switch (lines.stopped()) {
    case FdInput::kLine:  // stop_: the budget ran out in a file this one sources
    case FdInput::kEnd: break;
    case FdInput::kTooLong:
      Error(path, lines.stopped_at(),
            "line longer than " + std::to_string(kMaxLineBytes / 1024) +
                " KiB (continuation lines joined), the limit: iftoken reads no further in "
                "this file; is it an interfaces file at all? Shorten or split the line");
      break;
    case FdInput::kTooBig:
      stop_ = true;
      Error(path, lines.stopped_at(),
            "the files read total more than " + std::to_string(kMaxTotalBytes >> 20) +
                " MiB, the limit: iftoken reads nothing more; a configuration is a few KiB, "
                "so check what `source` and `source-directory` take in");
      break;
    case FdInput::kError:
      Error(path, lines.stopped_at(),
            lines.error() == EAGAIN
                ? "a character device with nothing to read (ifup would wait on it): iftoken "
                  "reads no further in this file; remove the line that reads it"
                : std::string("read error: ") + std::strerror(lines.error()));
      break;
  }
}

// Returns false on an error after which ifupdown stops reading the file.
bool Reader::Dispatch(FileState& f, const Line& line) {
  if (d_ == Dialect::kIfupdown2) return Dispatch2(f, line);
  if (d_ == Dialect::kIfupdownNg) return DispatchNg(f, line);
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
    f.ended_by = "the '" + std::string(word) + "' line at " + FileLine(f.path, line);
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
  for (const std::string& n : names) {
    if (std::find(members.begin(), members.end(), n) == members.end()) members.push_back(n);
    out_.mentions.push_back({cls, n, f.path, line});
  }
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
    if (i == w.size() && s.family.empty()) out_.bare_ifaces.push_back({"", s.iface, f.path, line});
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
// ifupdown2 globs its one word relative to the current directory: / for ifup.
void Reader::Source(const FileState& f, int line, std::string_view rest, bool directory) {
  if (d_ != Dialect::kIfupdown) {
    for (const std::string& p : Glob(rest.starts_with('/') ? root_ + std::string(rest)
                                                           : root_ + "/" + std::string(rest)))
      ReadSourced(f, line, p);
    return;
  }
  if (HasShellSyntax(rest)) {
    Note(f.path, line,
         "'" + std::string(rest) +
             "' not read: ifupdown expands shell syntax here "
             "with wordexp(3) (or ignores the line), iftoken "
             "does not");
    return;
  }
  std::string arg(rest);
  std::string pattern = arg.starts_with('/') ? root_ + arg : DirName(f.path) + "/" + arg;
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
  if (stop_) return;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) Note(f.path, line, path + " is a dangling symlink: ifupdown skips it");
    else Error(f.path, line, path + ": " + CannotRead(errno) + "; fix or remove it");
    return;
  }
  if (std::string why = NotRegular(st.st_mode); !why.empty()) {
    Error(f.path, line, path + " " + why + ": not read; remove it or make it a regular file");
    return;
  }
  FileId id{st.st_dev, st.st_ino};
  auto open =
      std::find_if(open_.begin(), open_.end(), [&](const auto& o) { return o.first == id; });
  if (open != open_.end()) {
    std::string chain;
    for (auto o = open; o != open_.end(); ++o) chain += o->second + " -> ";
    bool same_name = path == open->second;
    Error(f.path, line,
          "source loop: " + path + (same_name ? "" : " is " + open->second + ", which") +
              " is still being read (" + chain + path + "): not followed; remove this line" +
              (same_name ? " (ifupdown skips a name it has read)"
                         : " (ifupdown reads it again under the new name, over and over when "
                           "the name grows each round)"));
    return;
  }
  if (seen_.count(path)) {
    Note(f.path, line, path + " was read already: ifupdown reads a file once");
    return;
  }
  if (open_.size() >= kMaxSourceDepth) {
    Error(f.path, line,
          path + " not read: files sourced more than " + std::to_string(kMaxSourceDepth) +
              " deep, the limit; source them from fewer levels");
    return;
  }
  if (auto read = read_.find(id); read != read_.end() && !S_ISDIR(st.st_mode))
    Note(f.path, line,
         path + " is " + read->second +
             ", read already under that name: ifupdown reads it again, so what it "
             "declares counts twice");
  ReadFile(path, false);
}

// ---- ifupdown2 (networkinterfaces.py of ifupdown2 3.0)

// Its keywords: a line starting with one ends the stanza.
bool IsKeyword2(std::string_view w) {
  return w == "iface" || w == "vlan" || w == "auto" || w == "source" || w == "allow" ||
         w.substr(0, w.find('-')) == "allow";
}

bool Reader::Dispatch2(FileState& f, const Line& line) {
  if (line.text.starts_with('%'))
    return Error(f.path, line.first,
                 "'" + Excerpt(line.text, 40) +
                     "': a Mako template line; ifupdown2 renders the file as a template, "
                     "iftoken does not read templates: check what ifupdown2 makes of it with "
                     "'ifquery -a', or write the stanzas out");
  std::string_view rest = line.text;
  std::string_view word = NextWord(&rest);
  if (word.empty()) return true;
  if (word == "iface" || word == "vlan") return Iface2(f, line.first, rest);
  if (word == "source") {
    EndBlock(f, line.first, word);
    std::string first(NextWord(&rest));
    if (first.empty()) Note(f.path, line.first, "source without a file: ifupdown2 reports it");
    else Source(f, line.first, first, false);
    return true;
  }
  if (word == "auto" || IsKeyword2(word)) {
    EndBlock(f, line.first, word);
    if (word == "auto" || word.size() > 6) {
      Keyword(f, line.first, word, rest);
      if (word == "auto") std::erase(out_.classes["auto"], "all");
    }
    return true;
  }
  if (f.block == Block::kIface) {
    Option2(f, line.first, word, rest);
    return true;
  }
  out_.errors.push_back({f.path, line.first, "'" + Excerpt(line.text, 60) +
                        "' is not a line ifupdown2 knows outside a stanza (it reports it and "
                        "reads on" +
                        (word.starts_with("source-dir") ? "; it has no source-directory: "
                                                          "write 'source DIR/*'"
                                                        : "") +
                        ")"});
  return true;
}

// iface NAME [FAMILY [METHOD]]: FAMILY inet or inet6, a FAMILY without a
// METHOD is static; NAME:LABEL is NAME.
bool Reader::Iface2(FileState& f, int line, std::string_view rest) {
  f.block = Block::kNone;
  f.ended_by.clear();
  std::vector<std::string> w = Words(rest);
  if (w.empty()) return Error(f.path, line, "iface without a name: iface NAME [FAMILY METHOD]");
  Stanza s{w[0].substr(0, w[0].find(':')), "", "", f.path, line, "", {}, d_, false};
  if (w.size() > 1) {
    if (w[1] == "inet" || w[1] == "inet6") {
      s.family = w[1];
      s.method = w.size() > 2 ? w[2] : "static";
      static const std::set<std::string> kMethods = {"static", "manual", "loopback", "dhcp",
                                                     "dhcp6",  "ppp",    "tunnel"};
      if (!kMethods.count(s.method))
        out_.errors.push_back({f.path, line, "iface " + s.iface +
                              ": unsupported address method '" + s.method + "' (ifupdown2)"});
    } else {
      out_.errors.push_back({f.path, line, "iface " + s.iface +
                            ": unsupported address family '" + w[1] + "' (ifupdown2: inet, inet6)"});
    }
  }
  out_.written.push_back(std::move(s));
  f.block = Block::kIface;
  f.iface_written = w[0];
  return true;
}

void Reader::Option2(FileState& f, int line, std::string_view name, std::string_view value) {
  Stanza& s = out_.written.back();
  if (value.empty()) {
    out_.errors.push_back({f.path, line, "iface " + s.iface + ": option '" +
                          std::string(name) + "' has no value (ifupdown2 reports it and reads on)"});
    return;
  }
  std::string n(name), v(value);
  std::replace(n.begin(), n.end(), '_', '-');
  for (size_t at = 0; (at = v.find("$IFACE", at)) != std::string::npos; at += f.iface_written.size())
    v.replace(at, 6, f.iface_written);
  // These belong to the address before them: padded with empty values to it.
  if (n == "netmask" || n == "scope" || n == "broadcast" || n == "preferred-lifetime") {
    auto count = [&](std::string_view of) {
      return std::count_if(s.options.begin(), s.options.end(),
                           [&](const Option& o) { return o.name == of; });
    };
    long addresses = count("address");
    if (addresses == 0) {
      Note(f.path, line, "option " + n + " without an address before it: ifupdown2 drops it");
      return;
    }
    for (long i = count(n); i < addresses - 1; ++i) s.options.push_back({n, "", f.path, line});
  }
  s.options.push_back({n, v, f.path, line});
}

// ifupdown2 runs the stanzas of an interface as one (ifaceobj_squash_internal):
// the families together, the options of each in turn.
void Reader::Squash2() {
  for (const Stanza& w : out_.written) {
    auto same = std::find_if(out_.stanzas.begin(), out_.stanzas.end(),
                             [&](const Stanza& s) { return s.iface == w.iface; });
    if (same == out_.stanzas.end()) {
      out_.stanzas.push_back(w);
      continue;
    }
    if (!w.family.empty())
      same->family += (same->family.empty() ? "" : ",") + w.family;
    if (same->method.empty()) same->method = w.method;
    same->options.insert(same->options.end(), w.options.begin(), w.options.end());
  }
}

// ---- ifupdown-ng (libifupdown/interface-file.c of ifupdown-ng 0.11)

bool Reader::DispatchNg(FileState& f, const Line& line) {
  std::string_view rest = line.text;
  std::string_view word = NextWord(&rest);
  // Not a word starting with a letter: a comment, a '%' line, anything else.
  bool letter = !word.empty() && ((word[0] >= 'a' && word[0] <= 'z') || (word[0] >= 'A' && word[0] <= 'Z'));
  if (!letter) return true;
  if (word == "iface" || word == "interface" || word == "template") {
    NgIface(f, line.first, word, rest);
  } else if (word == "auto") {
    std::string name(NextWord(&rest));
    if (name.empty()) {
      Note(f.path, line.first, "auto without an interface: ifupdown-ng ignores it");
      return true;
    }
    ng_cur_ = NgFind(name);
    auto& members = out_.classes["auto"];
    if (!out_.stanzas[ng_cur_].is_template &&
        std::find(members.begin(), members.end(), name) == members.end())
      members.push_back(name);
    out_.mentions.push_back({"auto", name, f.path, line.first});
  } else if (word == "source" || word == "source-directory") {
    return NgSource(f, line.first, rest, word == "source-directory");
  } else if (ng_cur_ == SIZE_MAX) {
    if (word == "address" || word == "gateway" || word == "use" || word == "inherit" ||
        word == "hostname" || word == "dhcp-hostname")
      Note(f.path, line.first,
           std::string(word) + " '" + std::string(NextWord(&rest)) +
               "' without an interface: ifupdown-ng reports it and ignores it");
  } else if (word == "address") {
    NgAddress(f, line.first, rest);
  } else if (word == "gateway") {
    NgUse(ng_cur_, "static");
    NgAdd(ng_cur_, "gateway", std::string(NextWord(&rest)), f, line.first);
  } else if (word == "hostname" || word == "dhcp-hostname") {
    auto& o = out_.stanzas[ng_cur_].options;
    auto old = std::find_if(o.begin(), o.end(), [](const Option& x) { return x.name == "dhcp-hostname"; });
    if (old != o.end()) o.erase(old);
    NgAdd(ng_cur_, "dhcp-hostname", std::string(NextWord(&rest)), f, line.first);
  } else if (word == "use") {
    NgUse(ng_cur_, NextWord(&rest));
  } else if (word == "inherit") {
    NgInherit(f, line.first, NextWord(&rest));
  } else {
    NgGeneric(f, line.first, word, rest);
  }
  return true;
}

// `lo` is in every collection, auto, with the loopback executor.
void Reader::NgLoopback() {
  size_t lo = NgFind("lo");
  NgUse(lo, "loopback");
  out_.classes["auto"].push_back("lo");
}

// The interface of that name, made (with the link executor, and vlan for a
// NAME.VID) at its first mention.
size_t Reader::NgFind(const std::string& name) {
  if (auto it = ng_index_.find(name); it != ng_index_.end()) return it->second;
  size_t i = out_.stanzas.size();
  out_.stanzas.push_back({name, "", "", "", 0, "", {}, d_, false});
  ng_index_[name] = i;
  NgUse(i, "link");
  if (name.find('.') != std::string::npos) NgUse(i, "vlan");
  return i;
}

// Each use of dhcp adds the host's name as dhcp-hostname, even a repeated one
// (use_hostname_for_dhcp, on in the shipped ifupdown-ng.conf).
void Reader::NgUse(size_t i, std::string_view executor) {
  auto& o = out_.stanzas[i].options;
  if (std::none_of(o.begin(), o.end(),
                   [&](const Option& x) { return x.name == "use" && x.value == executor; }))
    o.push_back({"use", std::string(executor), "", 0});
  struct utsname u;
  if (executor == "dhcp" && uname(&u) == 0) o.push_back({"dhcp-hostname", u.nodename, "", 0});
}

void Reader::NgAdd(size_t i, std::string name, std::string value, const FileState& f, int line) {
  out_.stanzas[i].options.push_back({std::move(name), std::move(value), f.path, line});
}

// The first word only, as ADDR or ADDR/LEN, ADDR in inet_ntop(3)'s form; one
// that inet_pton(3) does not take is dropped silently. Without a length it
// is given one when the stanza ends (NgFinalize).
void Reader::NgAddress(const FileState& f, int line, std::string_view rest) {
  std::string word(NextWord(&rest));
  size_t slash = word.rfind('/');
  std::string addr = word.substr(0, slash);
  bool v6 = addr.find(':') != std::string::npos;
  unsigned char buf[16];
  char text[INET6_ADDRSTRLEN];
  if (inet_pton(v6 ? AF_INET6 : AF_INET, addr.c_str(), buf) != 1) {
    Note(f.path, line, "address '" + word + "' is not an address: ifupdown-ng ignores it");
    return;
  }
  inet_ntop(v6 ? AF_INET6 : AF_INET, buf, text, sizeof text);
  int len = slash == std::string::npos ? 0 : atoi(word.c_str() + slash + 1);
  NgUse(ng_cur_, "static");
  NgAdd(ng_cur_, "address", std::string(text) + (len ? "/" + std::to_string(len) : ""), f, line);
}

// An address without a length takes the interface's `netmask`, which then goes.
void Reader::NgFinalize() {
  if (ng_cur_ == SIZE_MAX) return;
  auto& o = out_.stanzas[ng_cur_].options;
  auto netmask = std::find_if(o.begin(), o.end(), [](const Option& x) { return x.name == "netmask"; });
  const std::string* mask = netmask == o.end() ? nullptr : &netmask->value;
  for (Option& a : o)
    if (a.name == "address" && a.value.find('/') == std::string::npos)
      a.value += "/" + std::to_string(NgPrefixLength(a.value.find(':') != std::string::npos, mask));
  if (netmask != o.end()) o.erase(netmask);
}

void Reader::NgIface(const FileState& f, int line, std::string_view word, std::string_view rest) {
  std::string name(NextWord(&rest));
  if (name.empty()) {
    Note(f.path, line, std::string(word) + " without a name: ifupdown-ng ignores it");
    return;
  }
  NgFinalize();
  ng_cur_ = NgFind(name);
  Stanza& s = out_.stanzas[ng_cur_];
  if (s.file.empty()) {
    s.file = f.path;
    s.line = line;
  }
  if (word == "template") {
    s.is_template = true;
    std::erase(out_.classes["auto"], name);
  }
  // Family and method are hints: only these two pick an executor.
  for (std::string_view hint = NextWord(&rest); !hint.empty(); hint = NextWord(&rest)) {
    if (hint == "dhcp") {
      NgUse(ng_cur_, "dhcp");
    } else if (hint == "ppp") {
      NgUse(ng_cur_, "ppp");
    } else if (hint == "inherits") {
      std::string_view after = rest;  // the parent; the loop still sees it as a hint
      NgInherit(f, line, NextWord(&after));
    }
  }
}

// The parent (made empty if it has not been mentioned) becomes a template;
// its addresses are all copied, any other option unless the same one is set.
void Reader::NgInherit(const FileState& f, int line, std::string_view target) {
  if (target.empty()) {
    Note(f.path, line, "iface " + out_.stanzas[ng_cur_].iface +
                           ": inherit without a parent: ifupdown-ng reports it and goes on");
    return;
  }
  size_t parent = NgFind(std::string(target));
  out_.stanzas[parent].is_template = true;
  out_.stanzas[ng_cur_].inherits = target;
  NgAdd(ng_cur_, "inherit", std::string(target), f, line);
  std::vector<Option> copy = out_.stanzas[parent].options;
  auto& o = out_.stanzas[ng_cur_].options;
  for (const Option& p : copy)
    if (p.name == "address" || std::none_of(o.begin(), o.end(), [&](const Option& x) {
          return x.name == p.name && x.value == p.value;
        }))
      o.push_back(p);
}

// Any other option: renamed to ifupdown-ng's name, and NAME-... uses the
// executor NAME (auto_executor_selection, on in the shipped configuration).
void Reader::NgGeneric(const FileState& f, int line, std::string_view word, std::string_view rest) {
  std::string name(NgOptionName(word));
  NgAdd(ng_cur_, name, std::string(rest), f, line);
  if (size_t dash = name.find('-'); dash != std::string::npos) NgUse(ng_cur_, name.substr(0, dash));
}

bool Reader::NgCannotRead(const FileState& f, int line, const std::string& why) {
  stop_ = true;
  return Error(f.path, line,
               why + ": ifupdown-ng cannot parse the configuration then, and brings up nothing");
}

// `source FILE`: one file, as named (relative to the current directory, /
// for ifup at boot); `source-directory DIR`: every regular file in it.
bool Reader::NgSource(const FileState& f, int line, std::string_view rest, bool directory) {
  std::string arg(NextWord(&rest));
  if (arg.empty()) {
    Note(f.path, line, std::string(directory ? "source-directory" : "source") +
                           " without a name: ifupdown-ng reports it and goes on");
    return true;
  }
  std::string path = arg.starts_with('/') ? root_ + arg : root_ + "/" + arg;
  if (directory) {
    std::error_code ec;
    fs::directory_iterator it(path, ec), end;
    if (ec) {
      Note(f.path, line, path + ": " + ec.message() + ": ifupdown-ng reports it and goes on");
      return true;
    }
    std::vector<std::string> files;
    for (; it != end && !ec; it.increment(ec))
      if (it->is_regular_file(ec) && !it->is_symlink(ec)) files.push_back(it->path().string());
    // ifupdown-ng reads them in readdir(3) order, which no one can rely on.
    std::sort(files.begin(), files.end());
    for (const std::string& p : files) ReadSourced(f, line, p);
    return !stop_;
  }
  if (seen_.count(path)) {
    Note(f.path, line, path + " was read already: ifupdown-ng skips it");
    return true;
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return NgCannotRead(f, line, path + ": " + CannotRead(errno));
  ReadSourced(f, line, path);
  return !stop_;
}

void Reader::Finish() {
  if (d_ == Dialect::kIfupdown2) Squash2();
  if (d_ == Dialect::kIfupdownNg) NgFinalize();
}

}  // namespace

InterfacesFile ReadInterfaces(const std::string& path, const std::string& root, Dialect dialect) {
  InterfacesFile out;
  Reader reader(&out, root == "/" ? "" : root, dialect);
  reader.ReadFile(path, true);
  reader.Finish();
  return out;
}

// An anonymous in-memory file (memfd_create(2)) holds the text, so that the
// one reader, with its bounds, reads it as it reads a file.
InterfacesFile ReadInterfacesText(const std::string& path, const std::string& text,
                                  Dialect dialect) {
  InterfacesFile out;
  int fd = memfd_create("interfaces", MFD_CLOEXEC);
  bool written = fd >= 0 && write(fd, text.data(), text.size()) == ssize_t(text.size()) &&
                 lseek(fd, 0, SEEK_SET) == 0;
  if (!written) out.errors.push_back({path, 0, std::string("cannot hold the new text: ") + strerror(errno)});
  else {
    Reader reader(&out, "", dialect);
    reader.ReadTop(path, fd);
    reader.Finish();
  }
  if (fd >= 0) close(fd);
  return out;
}

const char* DialectName(Dialect d) {
  switch (d) {
    case Dialect::kIfupdown: return "ifupdown";
    case Dialect::kIfupdown2: return "ifupdown2";
    case Dialect::kIfupdownNg: return "ifupdown-ng";
  }
  return "?";
}

bool DialectNamed(std::string_view name, Dialect* d) {
  if (name == "ifupdown") *d = Dialect::kIfupdown;
  else if (name == "ifupdown2") *d = Dialect::kIfupdown2;
  else if (name == "ifupdown-ng" || name == "ng") *d = Dialect::kIfupdownNg;
  else return false;
  return true;
}

std::string UnreadableFile(const std::string& path) {
  OpenFile f = OpenRegular(path);
  if (f.fd >= 0) close(f.fd);
  return f.why;
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
