// Atomic replacement of a file, with a backup (in_place.h).
#include "migrate/in_place.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/text.h"

namespace ift {
namespace {

std::string Why(const std::string& what) { return what + ": " + strerror(errno); }

bool WriteAll(int fd, const std::string& text) {
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += size_t(n);
  }
  return true;
}

// The owner `st` names, kept unless we cannot change it and it is ours already.
bool SameOwner(int fd, const struct stat& st) {
  if (fchown(fd, st.st_uid, st.st_gid) == 0) return true;
  struct stat now;
  return fstat(fd, &now) == 0 && now.st_uid == st.st_uid && now.st_gid == st.st_gid;
}

// The temporary file's text, mode and owner, on disk before the rename.
std::string Fill(int fd, const std::string& text, const struct stat& st) {
  if (!WriteAll(fd, text)) return Why("write");
  if (fchmod(fd, st.st_mode & 07777) != 0) return Why("chmod");
  if (!SameOwner(fd, st)) return Why("chown");
  if (fsync(fd) != 0) return Why("fsync");
  return "";
}

// The directory entry itself on disk, so that the rename survives a crash.
void SyncDir(const std::string& path) {
  int fd = open(DirName(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

}  // namespace

std::string WriteAtomically(const std::string& target, const std::string& text,
                            const struct stat& st) {
  std::string dir = DirName(target);
  std::string tmp = dir + "/.iftoken-XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) return Why(std::string("cannot create a temporary file in ") + dir);
  std::string why = Fill(fd, text, st);
  if (close(fd) != 0 && why.empty()) why = Why("close");
  if (why.empty() && rename(tmp.c_str(), target.c_str()) != 0) why = Why("rename to " + target);
  if (!why.empty()) unlink(tmp.c_str());
  return why;
}

std::string Unreplaceable(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return Why(path);
  if (S_ISLNK(st.st_mode))
    return path + " is a symbolic link: give the file it points to (a link is not replaced)";
  if (!S_ISREG(st.st_mode)) return path + " is not a regular file";
  return "";
}

std::string BackupPath(const std::string& path, const std::string& suffix) {
  size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return DirName(path) + "/." + name + suffix;
}

std::string ReplaceFile(const std::string& path, const std::string& before,
                        const std::string& after, const std::string& suffix) {
  if (std::string why = Unreplaceable(path); !why.empty()) return why;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return Why(path);
  if (std::string why = WriteAtomically(BackupPath(path, suffix), before, st); !why.empty()) return why;
  if (std::string why = WriteAtomically(path, after, st); !why.empty()) return why;
  SyncDir(path);
  return "";
}

}  // namespace ift
