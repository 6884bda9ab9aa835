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

  // Adds applied actions, keeping the first original value of each setting so
  // that repeated stanzas and aborted ifups still undo to the true original.
  void Merge(const std::vector<Action>& applied);
  bool Empty() const;
  // The addresses and routes, or everything else: down undoes the first part
  // while the link is up, post-down the rest once it is down.
  Record AddressesAndRoutes() const;
  Record LinkLevel() const;
  bool HasAddress(const Cidr& c) const;

  std::string Serialize() const;
  static std::optional<Record> Parse(const std::string& text);
};

// The state directory is /run/ifupdown-token in the product; tests pass their own.
extern const char kStateDir[];
std::optional<Record> LoadRecord(const std::string& dir, const std::string& iface);
// Written to a temporary file and renamed, so a crash never leaves half a record.
Status SaveRecord(const std::string& dir, const std::string& iface, const Record& r);
Status RemoveRecord(const std::string& dir, const std::string& iface);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_RECORD_H_
