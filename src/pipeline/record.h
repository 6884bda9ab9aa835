// What this package changed on one interface, kept in /run/ifupdown-token/IFACE
// so that down undoes exactly that, even if /etc/network/interfaces changed.
#ifndef IFTOKEN_PIPELINE_RECORD_H_
#define IFTOKEN_PIPELINE_RECORD_H_

#include <optional>
#include <string>
#include <vector>

#include "pipeline/action.h"

namespace ift {

class Record {
 public:
  struct Change { int from, to; };
  struct SysctlChange { Conf conf; Change change; };

  int index = 0;  // the interface's ifindex: a recreated device is not ours
  std::vector<SysctlChange> sysctls;  // in the order applied
  std::optional<std::pair<In6, In6>> token;  // original, ours
  std::optional<Change> addr_gen_mode;
  std::vector<Cidr> addresses;
  std::vector<Route> routes;
  // Of those, the ones recorded ahead of their change whose outcome was not
  // seen yet (a kill, a lost answer): an undo verifies each against the
  // kernel before it removes it, and a refused change leaves the record.
  std::vector<Cidr> intended_addresses;
  std::vector<Route> intended_routes;

  // Adds applied actions, keeping the first original value of each setting so
  // that repeated stanzas and aborted ifups still undo to the true original.
  void Merge(const std::vector<Action>& applied);
  // Merge() of one action about to run; an address or route it adds is only
  // intended until Confirm() (the kernel said yes).
  void Intend(const Action& next);
  void Confirm(const Action& done);
  bool Intended(const Cidr& c) const;
  bool Empty() const;
  // The addresses and routes, or everything else: down undoes the first part
  // while the link is up, post-down the rest once it is down.
  Record AddressesAndRoutes() const;
  Record LinkLevel() const;
  bool HasAddress(const Cidr& c) const;
  // "token ::10 (was ::), accept_ra 2 (was 1), address 2001:db8::10/64", for
  // the message about a record that cannot be used.
  std::string Summary() const;

  std::string Serialize() const;
  // nullopt for a text that is not a whole record; then `why` says where
  // ("line 4: 'tok' is not a record line") and `partial` holds what the
  // lines before the damage said.
  static std::optional<Record> Parse(const std::string& text, std::string* why = nullptr,
                                     Record* partial = nullptr);
};

// The state directory is /run/ifupdown-token in the product; tests pass their own.
// It and the records are trusted only when they are what the hook itself makes:
// a directory and regular files (never followed symbolic links), owned by the
// hook's user (root), that no one else can write.
extern const char kStateDir[];

struct LoadedRecord {
  enum State { kNone, kOk, kDamaged, kUnsafe } state = kNone;
  Record record;    // kOk; kDamaged: what the lines before the damage said
  std::string why;  // kDamaged, kUnsafe: one line, naming the file
};
// Held from reading IFACE's record to writing it, by every writer (the hook's
// phases, `iftoken apply`), so that none installs a record made from a text
// another has replaced meanwhile: flock(2) on DIR/.IFACE:lock, waited for.
// Where the directory cannot be used, nothing is held: nothing is written there.
class RecordLock {
 public:
  RecordLock(const std::string& dir, const std::string& iface);
  ~RecordLock();
  RecordLock(const RecordLock&) = delete;
  RecordLock& operator=(const RecordLock&) = delete;
  // A lock file without a record: what a writer killed before its first
  // record write leaves; taking the lock then removes it.
  static bool Left(const std::string& dir, const std::string& iface);

 private:
  std::string dir_, name_, record_;
  int dfd_ = -1, fd_ = -1;
  bool created_ = false;  // the directory was made by this lock
};

// kNone also for a directory not to be trusted that holds nothing for IFACE.
LoadedRecord ReadRecord(const std::string& dir, const std::string& iface);
// The record when there is a sound one (iftoken check and plan).
std::optional<Record> LoadRecord(const std::string& dir, const std::string& iface);
// Moves a damaged record aside, to DIR/IFACE.damaged, for inspection; the
// next ifup then starts afresh. Returns that path, or "" if it could not.
std::string KeepAside(const std::string& dir, const std::string& iface);
// Written to a temporary file (created, never followed, a name of this
// writer's own) and renamed, so a crash never leaves half a record.
Status SaveRecord(const std::string& dir, const std::string& iface, const Record& r);
Status SaveRecordText(const std::string& dir, const std::string& iface, const std::string& text);
Status RemoveRecord(const std::string& dir, const std::string& iface);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_RECORD_H_
