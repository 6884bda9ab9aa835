// What the hooks' rules say about a stanza: a sentence for the user, and the
// subject it is about as data, so that `iftoken check` places it at the line
// that sets that subject without reading the sentence.
#ifndef IFTOKEN_PIPELINE_FINDING_H_
#define IFTOKEN_PIPELINE_FINDING_H_

#include <optional>
#include <string>

#include "base/addr.h"
#include "base/conf.h"

namespace ift {

struct Subject {
  std::string option;  // a stanza option ("token", "address"), or ""
  std::string value;   // that option's value, when several lines may carry it
  std::optional<In6> address;  // an address of the interface
  std::optional<Conf> setting;  // an IPv6 setting of the interface
};

struct Finding {
  enum Level { kError, kWarning } level;
  std::string text;
  Subject subject;  // nothing set: about the stanza's token
};

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_FINDING_H_
