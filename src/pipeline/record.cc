// The record of what ifup changed: its text, and its file, trusted only if it is ours.
#include "pipeline/record.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "base/overloaded.h"
#include "base/text.h"

namespace ift {

const char kStateDir[] = "/run/ifupdown-token";

namespace {

std::optional<Conf> ConfByName(const std::string& name) {
  for (Conf c : {Conf::kForwarding, Conf::kAcceptRa, Conf::kAutoconf, Conf::kDadTransmits,
                 Conf::kRouterSolicitations, Conf::kUseTempaddr, Conf::kOptimisticDad,
                 Conf::kDisableIpv6, Conf::kAcceptDad, Conf::kUseOptimistic, Conf::kAddrGenMode})
    if (name == ConfName(c)) return c;
  return std::nullopt;
}

// A whole decimal number in [lo, hi]: a damaged value must not be read as 0
// and then "restored" by down.
std::optional<long long> Number(const std::string& text, long long lo, long long hi) {
  char* end = nullptr;
  errno = 0;
  long long n = strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end || errno || n < lo || n > hi) return std::nullopt;
  return n;
}

std::optional<Cidr> ParseCidr(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto a = In6::Parse(text.substr(0, slash));
  auto len = Number(text.substr(slash + 1), 1, 128);
  if (!a || !len) return std::nullopt;
  return Cidr{*a, int(*len)};
}

}  // namespace

void Record::Merge(const std::vector<Action>& applied) {
  for (const Action& a : applied) {
    std::visit(Visitor{
        [&](const SetSysctl& s) {
          auto it = std::find_if(sysctls.begin(), sysctls.end(),
                                 [&](const SysctlChange& c) { return c.conf == s.conf; });
          if (it == sysctls.end()) sysctls.push_back({s.conf, {s.from, s.to}});
          else it->change.to = s.to;
        },
        [&](const SetToken& t) {
          if (!token) token = {t.from, t.to};
          else token->second = t.to;
        },
        [&](const SetAddrGenMode& m) {
          if (!addr_gen_mode) addr_gen_mode = Change{m.from, m.to};
          else addr_gen_mode->to = m.to;
        },
        [&](const AddAddress& x) {
          if (!HasAddress(x.spec.cidr)) addresses.push_back(x.spec.cidr);
        },
        [&](const AddRoute& r) {
          if (std::find(routes.begin(), routes.end(), r.route) == routes.end())
            routes.push_back(r.route);
        },
        [](const auto&) {},
    }, a);
  }
  // A setting bumped and restored within one run (accept_ra around a token
  // clear) is no change at all.
  std::erase_if(sysctls, [](const SysctlChange& c) { return c.change.from == c.change.to; });
  if (token && token->first == token->second) token.reset();
  if (addr_gen_mode && addr_gen_mode->from == addr_gen_mode->to) addr_gen_mode.reset();
}

void Record::Intend(const Action& next) {
  bool new_address = false, new_route = false;
  if (const auto* a = std::get_if<AddAddress>(&next)) new_address = !HasAddress(a->spec.cidr);
  const auto* r = std::get_if<AddRoute>(&next);
  if (r) new_route = std::find(routes.begin(), routes.end(), r->route) == routes.end();
  Merge({next});
  if (new_address) intended_addresses.push_back(std::get<AddAddress>(next).spec.cidr);
  if (new_route) intended_routes.push_back(r->route);
}

void Record::Confirm(const Action& done) {
  if (const auto* a = std::get_if<AddAddress>(&done)) std::erase(intended_addresses, a->spec.cidr);
  if (const auto* r = std::get_if<AddRoute>(&done)) std::erase(intended_routes, r->route);
}

bool Record::Intended(const Cidr& c) const {
  return std::find(intended_addresses.begin(), intended_addresses.end(), c) != intended_addresses.end();
}

bool Record::Empty() const {
  return sysctls.empty() && !token && !addr_gen_mode && addresses.empty() && routes.empty();
}

Record Record::AddressesAndRoutes() const {
  Record r;
  r.index = index;
  r.addresses = addresses;
  r.routes = routes;
  r.intended_addresses = intended_addresses;
  r.intended_routes = intended_routes;
  return r;
}

Record Record::LinkLevel() const {
  Record r = *this;
  r.addresses.clear();
  r.routes.clear();
  r.intended_addresses.clear();
  r.intended_routes.clear();
  return r;
}

bool Record::HasAddress(const Cidr& c) const {
  return std::find(addresses.begin(), addresses.end(), c) != addresses.end();
}

std::string Record::Summary() const {
  std::vector<std::string> parts;
  auto was = [](const std::string& what, const std::string& to, const std::string& from) {
    return what + " " + to + " (was " + from + ")";
  };
  if (token) parts.push_back(was("token", token->second.str(), token->first.str()));
  if (addr_gen_mode)
    parts.push_back(was("addr_gen_mode", AddrGenModeName(addr_gen_mode->to), AddrGenModeName(addr_gen_mode->from)));
  for (const SysctlChange& s : sysctls)
    parts.push_back(was(ConfName(s.conf), std::to_string(s.change.to), std::to_string(s.change.from)));
  for (const Cidr& c : addresses) parts.push_back("address " + c.str());
  for (const Route& r : routes) parts.push_back("route via " + r.gateway.str());
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string Record::Serialize() const {
  // Plain appends: the hook writes a record before each change (no stream).
  auto n = [](long long v) { return std::to_string(v); };
  std::string out = "# ifupdown-token: what ifup changed, undone by ifdown. Do not edit.\n";
  out += "version 1\nindex " + n(index) + "\n";
  for (const SysctlChange& s : sysctls)
    out += std::string("sysctl ") + ConfName(s.conf) + " " + n(s.change.from) + " " + n(s.change.to) + "\n";
  if (token) out += "token " + token->first.str() + " " + token->second.str() + "\n";
  if (addr_gen_mode) out += "addr_gen_mode " + n(addr_gen_mode->from) + " " + n(addr_gen_mode->to) + "\n";
  auto intent = [](bool intended) { return intended ? " intended\n" : "\n"; };
  for (const Cidr& c : addresses) out += "address " + c.str() + intent(Intended(c));
  for (const Route& rt : routes) {
    bool intended = std::find(intended_routes.begin(), intended_routes.end(), rt) != intended_routes.end();
    out += "route " + rt.gateway.str() + " " + n(rt.metric) + intent(intended);
  }
  return out;
}

namespace {

// One line of a record into `r`; false if it is not a record line.
bool ParseLine(const std::string& line, Record& r, bool* versioned) {
  std::istringstream f(line);
  std::string kind, a, b, c, extra;
  f >> kind >> a >> b >> c >> extra;
  if (kind == "version") return (*versioned = a == "1" && b.empty());
  if (kind == "index") {
    auto n = Number(a, 1, INT32_MAX);
    if (n) r.index = int(*n);
    return n && b.empty();
  }
  if (kind == "sysctl") {
    auto conf = ConfByName(a);
    auto from = Number(b, INT32_MIN, INT32_MAX), to = Number(c, INT32_MIN, INT32_MAX);
    if (conf && from && to) r.sysctls.push_back({*conf, {int(*from), int(*to)}});
    return conf && from && to && extra.empty();
  }
  if (kind == "token") {
    auto from = In6::Parse(a), to = In6::Parse(b);
    if (from && to) r.token = {*from, *to};
    return from && to && c.empty();
  }
  if (kind == "addr_gen_mode") {
    auto from = Number(a, 0, 255), to = Number(b, 0, 255);
    if (from && to) r.addr_gen_mode = Record::Change{int(*from), int(*to)};
    return from && to && c.empty();
  }
  // "intended": recorded before the change, its outcome not seen (Intend()).
  if (kind == "address") {
    auto cidr = ParseCidr(a);
    bool intended = b == "intended";
    if (cidr) r.addresses.push_back(*cidr);
    if (cidr && intended) r.intended_addresses.push_back(*cidr);
    return cidr && (b.empty() || intended) && c.empty();
  }
  if (kind == "route") {
    auto gw = In6::Parse(a);
    auto metric = Number(b, 0, UINT32_MAX);
    bool intended = c == "intended";
    if (gw && metric) r.routes.push_back({*gw, uint32_t(*metric)});
    if (gw && metric && intended) r.intended_routes.push_back(r.routes.back());
    return gw && metric && (c.empty() || intended) && extra.empty();
  }
  return false;
}

}  // namespace

std::optional<Record> Record::Parse(const std::string& text, std::string* why, Record* partial) {
  Record r;
  // A last line without its newline was cut short: what it says may be cut
  // too ("address 2001:db8::1/6" of ".../64"), so it is not read at all.
  const bool cut = !text.empty() && text.back() != '\n';
  std::istringstream in(cut ? text.substr(0, text.rfind('\n') + 1) : text);
  std::string line, problem;
  bool versioned = false;
  for (int n = 1; problem.empty() && std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    if (!ParseLine(line, r, &versioned))
      problem = "line " + std::to_string(n) + ": " + Shown(line.substr(0, 80)) + " is not a record line";
  }
  if (problem.empty() && cut) problem = "its last line is cut short";
  if (problem.empty() && !versioned) problem = "it has no 'version 1' line";
  if (problem.empty() && r.index <= 0) problem = "it has no 'index' line";
  if (problem.empty()) return r;
  if (why) *why = problem;
  if (partial) *partial = r;
  return std::nullopt;
}

namespace {

constexpr size_t kMaxRecordBytes = 64 * 1024;  // a record holds a few lines

// The state directory, opened without following a symbolic link, and only if
// it is ours: a directory that no one else can write.
int OpenStateDir(const std::string& dir, bool create, std::string* why) {
  if (create && mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    *why = "cannot create " + dir + ": " + strerror(errno);
    return -1;
  }
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (fd < 0) {
    *why = errno == ENOENT ? "" : dir + " is not a directory of ours (" + strerror(errno) + ")";
    return -1;
  }
  if (fstat(fd, &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 022)) {
    *why = "refusing " + dir + ": it is not owned by this user, or others can write to it; "
           "remove it (it is recreated)";
    close(fd);
    return -1;
  }
  return fd;
}

std::string Unsafe(const std::string& path, const std::string& what) {
  return "refusing " + path + ": " + what + "; the hook writes only regular files it owns: remove it";
}

// Beside IFACE's record, names that no record can have (':' is not allowed in
// an interface name): its lock, and the temporary files its new texts are
// written to, unique to each writer.
std::string LockName(const std::string& iface) { return "." + iface + ":lock"; }
std::string TmpPrefix(const std::string& iface) { return "." + iface + ":tmp."; }
void RemoveTemporaries(int dfd, const std::string& iface);

// Whether DIR/IFACE exists at all, from a directory that is not trusted: only
// looked at, never opened.
bool Present(const std::string& dir, const std::string& iface) {
  struct stat st;
  return fstatat(AT_FDCWD, (dir + "/" + iface).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 ||
         errno != ENOENT;
}

}  // namespace

namespace {

bool SameFile(int fd, int dfd, const std::string& name) {
  struct stat a, b;
  return fstat(fd, &a) == 0 && fstatat(dfd, name.c_str(), &b, AT_SYMLINK_NOFOLLOW) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

// flock(2) on the lock file, released when the process exits, however it
// exits. The holder that leaves no record removes the lock file and any
// temporary file (so ifdown leaves nothing behind); a waiter that then wins a lock on the removed file
// sees that it is no longer the file by that name, and starts again.
RecordLock::RecordLock(const std::string& dir, const std::string& iface)
    : dir_(dir), name_(LockName(iface)), record_(iface) {
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    // The directory is made here when missing, and removed again by the
    // destructor when it is left empty: a refusal changes nothing on disk.
    if (dfd_ < 0) {
      created_ = mkdir(dir.c_str(), 0700) == 0 || created_;
      std::string why;
      dfd_ = OpenStateDir(dir, false, &why);
      if (dfd_ < 0) return;  // unusable: nothing is read from it or written to it
    }
    fd_ = openat(dfd_, name_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      if (errno != ENOENT) return;
      close(dfd_);  // another holder removed the empty directory meanwhile: again
      dfd_ = -1;
      continue;
    }
    int rc;
    while ((rc = flock(fd_, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (rc == 0 && SameFile(fd_, dfd_, name_)) return;
    close(fd_);
    fd_ = -1;
  }
}

bool RecordLock::Left(const std::string& dir, const std::string& iface) {
  return Present(dir, LockName(iface)) && !Present(dir, iface);
}

RecordLock::~RecordLock() {
  struct stat st;
  if (fd_ >= 0 && fstatat(dfd_, record_.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) {
    RemoveTemporaries(dfd_, record_);  // a killed writer's; no writer of IFACE runs now
    unlinkat(dfd_, name_.c_str(), 0);
  }
  if (fd_ >= 0) close(fd_);
  if (dfd_ >= 0) close(dfd_);
  if (created_) rmdir(dir_.c_str());  // only when empty: another holder's lock keeps it
}

LoadedRecord ReadRecord(const std::string& dir, const std::string& iface) {
  LoadedRecord out;
  std::string why, path = dir + "/" + iface;
  int dfd = OpenStateDir(dir, false, &why);
  if (dfd < 0) {
    // A directory not to be trusted without a record for IFACE in it
    // concerns no one: an interface that is not ours pays nothing for it.
    if (!why.empty() && Present(dir, iface)) out.state = LoadedRecord::kUnsafe, out.why = why;
    return out;
  }
  int fd = openat(dfd, iface.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  int err = errno;
  close(dfd);
  if (fd < 0) {
    if (err == ENOENT) return out;
    out.state = LoadedRecord::kUnsafe;
    out.why = err == ELOOP ? Unsafe(path, "it is a symbolic link") : "cannot read " + path + ": " + strerror(err);
    return out;
  }
  struct stat st;
  std::string text;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) why = "it is not a regular file";
  else if (st.st_uid != geteuid()) why = "it is owned by another user";
  else if (st.st_mode & 022) why = "others can write to it";
  else if (size_t(st.st_size) > kMaxRecordBytes) why = "it is larger than a record can be";
  char buf[4096];
  for (ssize_t n; why.empty() && (n = read(fd, buf, sizeof buf)) > 0;) text.append(buf, size_t(n));
  close(fd);
  if (!why.empty()) {
    out.state = LoadedRecord::kUnsafe;
    out.why = Unsafe(path, why);
    return out;
  }
  if (auto r = Record::Parse(text, &why, &out.record)) {
    out.state = LoadedRecord::kOk;
    out.record = *r;
  } else {
    out.state = LoadedRecord::kDamaged;
    out.why = path + " is damaged (" + why + ")";
  }
  return out;
}

std::optional<Record> LoadRecord(const std::string& dir, const std::string& iface) {
  LoadedRecord l = ReadRecord(dir, iface);
  if (l.state == LoadedRecord::kOk) return l.record;
  return std::nullopt;
}

std::string KeepAside(const std::string& dir, const std::string& iface) {
  std::string why;
  int dfd = OpenStateDir(dir, false, &why);
  if (dfd < 0) return "";
  std::string aside = iface + ".damaged";
  bool ok = renameat(dfd, iface.c_str(), dfd, aside.c_str()) == 0;
  close(dfd);
  return ok ? dir + "/" + aside : "";
}

namespace {

// A new file of IFACE's, created (never followed, never an existing one) under
// a name no other writer uses; -1 with errno set if it cannot be.
int CreateTemporary(int dfd, const std::string& iface, std::string* name) {
  static unsigned serial = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[32];
    snprintf(suffix, sizeof suffix, "%d.%u", int(getpid()), serial++);
    *name = TmpPrefix(iface) + suffix;
    int fd = openat(dfd, name->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

// The temporary files of IFACE's writers that were killed before renaming
// them; also the one name every writer used before there were unique ones.
void RemoveTemporaries(int dfd, const std::string& iface) {
  unlinkat(dfd, ("." + iface + ".tmp").c_str(), 0);
  int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* d = fd >= 0 ? fdopendir(fd) : nullptr;
  if (!d) {
    if (fd >= 0) close(fd);
    return;
  }
  const std::string prefix = TmpPrefix(iface);
  std::vector<std::string> names;
  while (const dirent* e = readdir(d))
    if (!strncmp(e->d_name, prefix.c_str(), prefix.size())) names.push_back(e->d_name);
  closedir(d);
  for (const std::string& n : names) unlinkat(dfd, n.c_str(), 0);
}

}  // namespace

Status SaveRecord(const std::string& dir, const std::string& iface, const Record& r) {
  return SaveRecordText(dir, iface, r.Serialize());
}

Status SaveRecordText(const std::string& dir, const std::string& iface, const std::string& text) {
  std::string why;
  int dfd = OpenStateDir(dir, true, &why);
  if (dfd < 0) return Status::Errno(errno ? errno : EPERM, why);
  std::string tmp;
  int fd = CreateTemporary(dfd, iface, &tmp);
  int err = errno;
  bool ok = fd >= 0 && write(fd, text.data(), text.size()) == ssize_t(text.size());
  ok = ok && fsync(fd) == 0;
  if (!ok && fd >= 0) err = errno ? errno : EIO;
  if (fd >= 0) close(fd);
  if (ok && renameat(dfd, tmp.c_str(), dfd, iface.c_str()) != 0) ok = false, err = errno;
  if (!ok) unlinkat(dfd, tmp.c_str(), 0);
  close(dfd);
  return ok ? Status{} : Status::Errno(err ? err : EIO);
}

Status RemoveRecord(const std::string& dir, const std::string& iface) {
  std::string why;
  int dfd = OpenStateDir(dir, false, &why);
  if (dfd < 0) return why.empty() ? Status{} : Status::Errno(EPERM, why);
  int rc = unlinkat(dfd, iface.c_str(), 0);
  int err = errno;
  RemoveTemporaries(dfd, iface);  // a kill between create and rename leaves one
  close(dfd);
  return rc == 0 || err == ENOENT ? Status{} : Status::Errno(err);
}

}  // namespace ift
