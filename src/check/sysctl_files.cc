// sysctl.d(5) files read as systemd-sysctl(8) reads them at boot, without
// following anything out of the root.
#include "check/sysctl_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "base/text.h"

namespace ift {
namespace {

// Where sysctl.d files live, highest precedence first: CONF_PATHS("sysctl.d")
// of systemd's path-lookup.h, with /lib on split-/usr systems (sysctl.d(5)).
constexpr const char* kSysctlDirs[] = {"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
                                       "/usr/lib/sysctl.d", "/lib/sysctl.d"};
constexpr const char* kSysctlConf = "/etc/sysctl.conf";

// Hostile input must cost little: systemd's own line limit is LONG_LINE_MAX
// (1 MiB), but no real sysctl line comes near 64 KiB.
constexpr size_t kMaxFile = 1 << 20;
constexpr size_t kMaxLine = 64 << 10;
constexpr int kMaxSymlinks = 8;
constexpr size_t kMaxFilesPerDir = 4096;

// strstrip() of systemd's string-util.h: WHITESPACE is " \t\n\r".
constexpr std::string_view kWhitespace = " \t\n\r";

std::string_view Stripped(std::string_view s) {
  size_t b = s.find_first_not_of(kWhitespace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kWhitespace) - b + 1);
}

void Note(BootSysctls* into, const std::string& file, int line, const std::string& text) {
  into->notes.push_back({file, line, text});
}

std::vector<std::string> Components(std::string_view path) {
  std::vector<std::string> out;
  for (std::string& c : Words(path, "/"))
    if (c != ".") out.push_back(std::move(c));
  return out;
}

std::string Joined(const std::vector<std::string>& parts) {
  std::string p;
  for (const std::string& c : parts) p += "/" + c;
  return p.empty() ? "/" : p;
}

// ---- Resolving a path inside the root

struct Resolved {
  enum Kind { kFile, kMissing, kDevNull, kRefused } kind = kMissing;
  std::string path;  // inside the root: "/etc/sysctl.conf"
  std::string why;   // kRefused
};

// `path` with every symlink resolved inside `root` ("" is /), as chase(3)
// with CHASE_AT_RESOLVE_IN_ROOT does for conf-files.c, except that a
// target climbing above the root is refused rather than clamped to it. A
// path that is, or would be, /dev/null is a mask even when the image has no
// /dev (conf-files.c: "the device node may not exist").
Resolved Resolve(const std::string& root, const std::string& path) {
  std::vector<std::string> done;
  std::vector<std::string> todo = Components(path);
  std::reverse(todo.begin(), todo.end());  // a stack: the next component last
  int hops = 0;
  auto intended = [&](const std::string& next) {
    std::vector<std::string> all = done;
    all.push_back(next);
    all.insert(all.end(), todo.rbegin(), todo.rend());
    return Joined(all);
  };
  while (!todo.empty()) {
    std::string c = std::move(todo.back());
    todo.pop_back();
    if (c == "..") {
      if (done.empty()) return {Resolved::kRefused, path, "a symlink leads out of the root"};
      done.pop_back();
      continue;
    }
    std::string here = (done.empty() ? "" : Joined(done)) + "/" + c;
    struct stat st;
    if (lstat((root + here).c_str(), &st) != 0) {
      if (errno != ENOENT && errno != ENOTDIR)
        return {Resolved::kRefused, here, std::string("cannot read: ") + strerror(errno)};
      std::string would_be = intended(c);
      return {would_be == "/dev/null" ? Resolved::kDevNull : Resolved::kMissing, would_be, ""};
    }
    if (!S_ISLNK(st.st_mode)) {
      done.push_back(std::move(c));
      continue;
    }
    if (++hops > kMaxSymlinks)
      return {Resolved::kRefused, path,
              "more than " + std::to_string(kMaxSymlinks) + " symlinks on the way"};
    char target[PATH_MAX];
    ssize_t n = readlink((root + here).c_str(), target, sizeof target);
    if (n <= 0 || size_t(n) >= sizeof target)
      return {Resolved::kRefused, here, "cannot read the symlink"};
    std::string_view t(target, size_t(n));
    if (t.starts_with("/")) done.clear();  // absolute: from the root
    std::vector<std::string> more = Components(t);
    todo.insert(todo.end(), more.rbegin(), more.rend());
  }
  std::string p = Joined(done);
  return {p == "/dev/null" ? Resolved::kDevNull : Resolved::kFile, p, ""};
}

// ---- Reading one file

// The file's text, at most kMaxFile bytes of it; false with a note when it
// cannot be read. O_NOFOLLOW: a symlink put in place after Resolve() is not
// followed; O_NONBLOCK and fstat(): a FIFO or device never blocks the open.
bool ReadText(const std::string& root, const std::string& path, std::string* text,
              BootSysctls* into) {
  int fd = open((root + path).c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    Note(into, path, 0, std::string("cannot read: ") + strerror(errno));
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    Note(into, path, 0, "not a regular file: not read");
    return false;
  }
  char buf[65536];
  bool cut = false;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Note(into, path, 0, std::string("cannot read: ") + strerror(errno));
      close(fd);
      return false;
    }
    if (n == 0) break;
    size_t room = kMaxFile - text->size();
    text->append(buf, std::min(size_t(n), room));
    if (size_t(n) > room) {
      cut = true;
      break;
    }
  }
  close(fd);
  if (cut) {
    // A line cut in two would read as a different setting.
    text->erase(text->rfind('\n') == std::string::npos ? 0 : text->rfind('\n') + 1);
    Note(into, path, 0, "larger than 1 MiB: only its first MiB is read");
  }
  return true;
}

// The .conf names of one directory and where each is, as listed.
void ListDir(const std::string& root, const std::string& dir,
             std::map<std::string, std::string>* files, BootSysctls* into) {
  Resolved r = Resolve(root, dir);
  if (r.kind == Resolved::kMissing || r.kind == Resolved::kDevNull) return;
  if (r.kind == Resolved::kRefused) return Note(into, dir, 0, r.why);
  DIR* d = opendir((root + r.path).c_str());
  if (!d) {
    if (errno != ENOENT) Note(into, dir, 0, std::string("cannot list: ") + strerror(errno));
    return;
  }
  size_t count = 0;
  while (struct dirent* e = readdir(d)) {
    std::string_view name = e->d_name;
    // FOREACH_DIRENT skips hidden files (hidden_or_backup_file(), dirent-util.h).
    if (!name.ends_with(".conf") || name.starts_with(".")) continue;
    if (++count > kMaxFilesPerDir) {
      Note(into, dir, 0,
           "more than " + std::to_string(kMaxFilesPerDir) + " files: the rest not read");
      break;
    }
    // files_add(): a name found in an earlier (higher) directory overrides.
    files->emplace(std::string(name), dir + "/" + std::string(name));
  }
  closedir(d);
}

void ReadFile(const std::string& root, const Resolved& r, BootSysctls* into) {
  std::string text;
  if (ReadText(root, r.path, &text, into)) ParseSysctlText(text, r.path, into);
}

// ---- Keys

// systemd's string_is_glob(): GLOB_CHARS is "*?[".
bool HasGlobChars(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

}  // namespace

bool IsSysctlGlob(std::string_view path) { return HasGlobChars(path); }

// sysctl_normalize() of systemd's sysctl-util.c (procps' slashdot() does
// the same): if the first separator is a dot, dots and slashes swap; then
// path_simplify() and no leading slash.
std::string SysctlPath(std::string_view key) {
  std::string k(key);
  size_t first = k.find_first_of("/.");
  if (first != std::string::npos && k[first] == '.')
    for (size_t i = first; i < k.size(); ++i) {
      if (k[i] == '.') k[i] = '/';
      else if (k[i] == '/') k[i] = '.';
    }
  std::vector<std::string> parts = Components(k);
  std::string out;
  for (const std::string& c : parts) out += (out.empty() ? "" : "/") + c;
  return out;
}

void ParseSysctlText(std::string_view text, const std::string& file, BootSysctls* into) {
  int number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (raw.size() > kMaxLine) {
      Note(into, file, number, "a line longer than 64 KiB, ignored");
      continue;
    }
    std::string_view line = Stripped(raw);
    // sysctl.d(5): "lines whose first non-whitespace character is # or ; are
    // ignored" (systemd 252 skips both; newer systemd only '#', and a ';'
    // line there names no sysctl).
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    // parse_line(): a leading '-' only ignores a failed write: still a
    // setting; alone (no '='), a "negative match" that keeps KEY out of globs.
    bool dash = line[0] == '-';
    if (dash) line.remove_prefix(1);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos && !dash) {
      Note(into, file, number, "not an assignment, ignored: " + Excerpt(line));
      continue;
    }
    SysctlSetting s{SysctlPath(Stripped(line.substr(0, eq))), "", file, number,
                    eq == std::string_view::npos};
    if (!s.exclusion) s.value = std::string(Stripped(line.substr(eq + 1)));
    if (s.path.empty()) {
      Note(into, file, number, "no sysctl name, ignored: " + Excerpt(line));
      continue;
    }
    into->settings.push_back(std::move(s));
  }
}

// systemd's apply_all(): the options form an ordered hashmap, a key given a
// different value later moves to the end; a glob is written to every path it
// matches that has no explicit entry of its own ("Not setting %s (explicit
// setting exists)"), whatever the order, so the last explicit setting of
// `path` decides, and only without one the latest glob.
const SysctlSetting* BootSysctls::Final(const std::string& path) const {
  const SysctlSetting* exact = nullptr;
  for (const SysctlSetting& s : settings)
    if (s.path == path) exact = &s;
  if (exact) return exact->exclusion ? nullptr : exact;
  struct Entry {
    size_t order;
    const SysctlSetting* last;
  };
  std::map<std::string, Entry> globs;
  size_t order = 0;
  for (const SysctlSetting& s : settings) {
    if (!IsSysctlGlob(s.path)) continue;
    auto it = globs.find(s.path);
    bool same = it != globs.end() && it->second.last->exclusion == s.exclusion &&
                it->second.last->value == s.value;
    globs[s.path] = {same ? it->second.order : order++, &s};
  }
  const Entry* best = nullptr;
  for (const auto& [pattern, e] : globs)
    if (!e.last->exclusion && (!best || e.order > best->order) &&
        fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0)
      best = &e;
  return best ? best->last : nullptr;
}

// conf_files_list_strv() over kSysctlDirs, then /etc/sysctl.conf the way
// procps' `sysctl --system` ends. systemd-sysctl itself does not read
// /etc/sysctl.conf (its run() lists only CONF_PATHS_STRV("sysctl.d")):
// Debian 12 links /etc/sysctl.d/99-sysctl.conf to it, and then it is read
// there, once; Debian 13 has no such link, so a note says that only procps
// reads it.
BootSysctls ReadBootSysctls(const std::string& root_dir) {
  std::string root = root_dir;
  while (!root.empty() && root.back() == '/') root.pop_back();
  BootSysctls out;
  std::map<std::string, std::string> files;  // by name, in strcmp order as systemd sorts them
  for (const char* dir : kSysctlDirs) ListDir(root, dir, &files, &out);
  std::set<std::string> read;
  auto take = [&](const std::string& listed) {
    Resolved r = Resolve(root, listed);
    switch (r.kind) {
      case Resolved::kDevNull: return;  // masked
      case Resolved::kMissing:
        if (listed != kSysctlConf) Note(&out, listed, 0, "a symlink to nothing: not read");
        return;
      case Resolved::kRefused: return Note(&out, listed, 0, r.why + ": not read");
      case Resolved::kFile:
        if (read.insert(r.path).second) ReadFile(root, r, &out);
    }
  };
  for (const auto& [name, listed] : files) take(listed);
  size_t before = out.settings.size();
  take(kSysctlConf);
  if (out.settings.size() > before)
    Note(&out, kSysctlConf, 0,
         "read last, as procps' sysctl --system reads it; systemd-sysctl reads it only "
         "through a link in a sysctl.d directory (Debian 12's /etc/sysctl.d/99-sysctl.conf)");
  return out;
}

}  // namespace ift
