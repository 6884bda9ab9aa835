// The changes a hook makes, one value each, with the value it replaces, so
// that each can be undone and recorded (ifupdown-token-interfaces(5), PHASES).
#ifndef IFTOKEN_PIPELINE_ACTION_H_
#define IFTOKEN_PIPELINE_ACTION_H_

#include <string>
#include <variant>

#include "kernel/kernel.h"

namespace ift {

struct SetSysctl { Conf conf; int from, to; };
struct SetToken { In6 from, to; };
struct SetAddrGenMode { int from, to; };
struct AddAddress { AddressSpec spec; };
struct DelAddress { Cidr cidr; };    // undo of an AddAddress
struct DropAddress { Cidr cidr; };   // a kernel-built address; cannot be undone
struct AddRoute { Route route; };    // replace semantics
struct DelRoute { Route route; };
using Action = std::variant<SetSysctl, SetToken, SetAddrGenMode, AddAddress, DelAddress,
                            DropAddress, AddRoute, DelRoute>;

std::string Describe(const Action& a);  // "accept_ra 1 -> 2", for VERBOSITY=1 and `plan`

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_ACTION_H_
