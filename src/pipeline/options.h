// A stanza's options, read from the IF_* environment ifupdown gives every hook,
// typed and validated before anything touches the kernel.
#ifndef IFTOKEN_PIPELINE_OPTIONS_H_
#define IFTOKEN_PIPELINE_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/addr.h"
#include "base/conf.h"
#include "kernel/kernel.h"
#include "pipeline/finding.h"

namespace ift {

// Environment lookup: the value of a variable, or nullptr when unset.
using Env = std::function<const char*(const char* name)>;
Env ProcessEnv();
Env MapEnv(const std::map<std::string, std::string>& vars);  // tests; keeps a reference

// Which ifupdown runs the hook. Their environments differ (ifupdown-token-
// interfaces(5), IMPLEMENTATIONS): ifupdown 0.8 runs the hooks once per
// stanza with that stanza's family and method; ifupdown2 (through our addon)
// and ifupdown-ng once per interface, with the options of all its stanzas
// merged, and they add the addresses and routes themselves.
enum class Runner { kIfupdown, kIfupdown2, kIfupdownNg };
Runner RunnerOf(const Env& env);
const char* RunnerName(Runner r);  // "ifupdown", "ifupdown2", "ifupdown-ng"

// VERBOSITY=1 (ifup -v of ifupdown 0.8) or VERBOSE=1 (ifupdown-ng, and our
// ifupdown2 addon): one line per action.
bool Verbose(const Env& env);

enum class Family { kInet, kInet6 };
enum class Method { kManual, kStatic, kAuto, kDhcp, kOther };

enum class LinkLocal { kKernel, kEui64, kToken, kAddress, kStablePrivacy, kRandom };

struct SysctlOption {
  Conf conf;
  int value;
  const char* option;  // the stanza option it came from, for messages
};

struct Options {
  std::string iface;
  Runner runner = Runner::kIfupdown;
  Family family = Family::kInet6;  // under ifupdown2 and ifupdown-ng: every family
  Method method = Method::kManual;
  std::string method_name;  // METHOD, as ifupdown names it
  // `iftoken check`, judging the state after every stanza of the interface:
  // the later stanza whose method wrote accept_ra or autoconf last, where a
  // fix belongs. Unset in the hooks: that is this stanza's method.
  struct LaterStanza {
    std::string family, method, file;
    int line = 0;
  };
  std::optional<LaterStanza> last_method;
  bool verbose = false;
  // `ipv6-optimistic-dad 1`: the addresses pre-up adds are optimistic (RFC
  // 4429) and use_optimistic is 1, so that they are usable while DAD runs.
  bool optimistic = false;

  std::optional<In6> token;  // nullopt: `token none`
  std::string token_text;    // as written, e.g. "auto"

  // Only what the hooks own: in inet6 + manual.
  std::vector<AddressSpec> addresses;
  std::optional<In6> gateway;
  std::optional<uint32_t> metric;
  int dad_attempts = 60;
  double dad_interval = 0.1;

  // In the order of ifupdown-token-interfaces(5), OPTIONS; explicit values only.
  std::vector<SysctlOption> sysctls;
  std::optional<int> accept_ra;  // explicit, manual only (also in `sysctls`)

  // token-wait: how long up waits for the token's SLAAC address (seconds,
  // 0 < N <= 3600, decimals allowed); nullopt: no wait.
  std::optional<double> token_wait;
  int64_t TokenWaitMs() const { return token_wait ? int64_t(*token_wait * 1000 + 0.5) : 0; }

  LinkLocal link_local = LinkLocal::kKernel;
  In6 link_local_addr;  // kToken / kAddress: the fe80:: address to add

  // The address the implementation adds (ifupdown 0.8's static method; the
  // first IPv6 address under ifupdown2 and ifupdown-ng), read for `token
  // auto` and the findings only; and whether ifupdown 0.8's static method has
  // a gateway (which makes it write accept_ra 0).
  std::optional<Cidr> method_address;
  std::optional<In4> method_address4;  // ifupdown2, ifupdown-ng: the first IPv4 address
  bool method_gateway = false;

  // ifupdown2 and ifupdown-ng merge the stanzas of an interface and add its
  // addresses and routes themselves: ours is only the link-level part.
  bool Merged() const { return runner != Runner::kIfupdown; }
  bool Owns() const { return !Merged() && family == Family::kInet6 && method == Method::kManual; }
  // accept_ra, autoconf and privext: ifupdown 0.8's inet6 methods write them
  // after pre-up (but manual); ifupdown2 and ifupdown-ng never do, so there
  // the stanza's values are ours to apply, as in a manual stanza.
  bool OwnsSysctls() const { return Owns() || Merged(); }
  // At most 100000 x 3600 s: 64 bits (an int overflowed at 600 x 3600 s).
  int64_t DadTimeoutMs() const { return int64_t(dad_attempts * dad_interval * 1000 + 0.5); }
};

// Why a hook has nothing to do, or nullopt when the stanza opted in. An invalid
// IFACE is not "nothing to do": ParseOptions rejects it. `lo` is ours only when
// its stanza has a token, which is then refused by the loopback rule.
std::optional<const char*> NotForUs(const Env& env);

struct ParsedOptions {
  Options options;
  std::vector<Finding> errors;  // each one line, its subject the option (or none: IFACE)
  bool ok() const { return errors.empty(); }
};
ParsedOptions ParseOptions(const Env& env);

// Who reads a stanza option (ifupdown-token-interfaces(5), OPTIONS).
enum class OptionOwner {
  kEveryStanza,  // the hooks, in every stanza with a token
  kInet6Manual,  // the hooks in inet6 manual stanzas (and under ifupdown2 and
                 // ifupdown-ng); elsewhere ifupdown 0.8's method, or no one
};

// One row of the table of the stanza options the hooks read.
struct StanzaOption {
  const char* name;  // "ipv6-forwarding"
  const char* var;   // the hook's variable: "IF_IPV6_FORWARDING"
  OptionOwner owner;
  std::optional<Conf> setting;  // the IPv6 sysctl it writes its value to, if any
  int64_t lo, hi;               // the range of an integer value (int64_t: 2^32-1 fits on 32-bit)
  const char* expected;         // what an error says a value must be
};

// Every option (the sysctls in the order pre-up writes them): the parser, `iftoken check` and `iftoken migrate` read it; the man page's list
// is tested against it.
const std::vector<StanzaOption>& StanzaOptions();
// The row of `name`, or nullptr.
const StanzaOption* StanzaOptionNamed(std::string_view name);

// The row of the option that writes its value to sysctl `c`, or nullptr.
const StanzaOption* StanzaOptionWriting(Conf c);
// The stanza option that sets sysctl `c` ("ipv6-forwarding", "accept_ra",
// "privext" for use_tempaddr), or nullptr when none does.
const char* StanzaOptionOf(Conf c);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_OPTIONS_H_
