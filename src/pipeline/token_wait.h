// Waiting, in up, for the address the kernel builds from the token and a
// router advertisement (SLAAC, RFC 4862 §5.5.3): the stanza option
// token-wait, so that daemons started after ifup can bind to it.
#ifndef IFTOKEN_PIPELINE_TOKEN_WAIT_H_
#define IFTOKEN_PIPELINE_TOKEN_WAIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/kernel.h"

namespace ift {

// The token's SLAAC address, usable as a source: global, made by the kernel
// (not permanent), a /64 whose lower 64 bits are the token, not dadfailed,
// and not tentative unless also optimistic (optimistic DAD, RFC 4429: the
// kernel lets it be a source while DAD runs).
bool UsableTokenAddress(const Address& a, const In6& token);

// Why no router advertisement can make an address on this link (IPv6
// disabled, advertisements ignored, autoconf 0), or "" when SLAAC can.
std::string SlaacImpossible(const std::string& iface, const Link& link);

// The wait's decision, fed with the current addresses and then each event:
// whether the token's address is there, and, if it never comes, what was seen
// instead. Pure: no kernel, no clock.
class TokenWatch {
 public:
  TokenWatch(int index, const In6& token) : index_(index), token_(token) {}
  void Present(const Address& a);  // one address of the dump before the events
  void See(const KernelEvent& e);
  bool Ready() const { return address_.has_value(); }
  const std::optional<Cidr>& address() const { return address_; }
  // What was seen, for the warning when the wait ends without the address:
  // the failed DAD, the prefix without the autonomous flag or not a /64, the
  // advertisement without prefixes, or no advertisement at all.
  std::string Seen() const;

 private:
  void OnAddress(const Address& a, bool removed);
  void OnPrefix(const PrefixEvent& p);
  void OnRoute(const RaRouteEvent& r);
  bool Token(const Address& a) const;

  int index_;
  In6 token_;
  std::optional<Cidr> address_;
  std::vector<Cidr> statics_;          // permanent prefix+token addresses, usable
  std::vector<Cidr> tentative_;        // the token's addresses seen still in DAD
  std::vector<Cidr> dad_failed_;       // the token's addresses that failed DAD
  std::vector<PrefixEvent> prefixes_;  // advertised prefixes
  std::vector<Cidr> prefix_routes_;    // on-link routes of advertised prefixes
  std::optional<In6> router_;          // the default route's gateway
};

enum class TokenWaitOutcome { kReady, kTimedOut, kImpossible };

struct TokenWaitResult {
  TokenWaitOutcome outcome = TokenWaitOutcome::kTimedOut;
  std::optional<Cidr> address;  // kReady: the token's address
  std::string why;              // kTimedOut, kImpossible: what was seen, the fix
  int resyncs = 0;              // dumps read because the kernel dropped events (ENOBUFS)
};

// Waits up to timeout_ms for the token's address on `link`: subscribed to the
// address, prefix and route events before it reads the addresses, so that
// nothing falls between; returns at once when SLAAC is impossible there.
Status WaitForToken(Kernel& kernel, const std::string& iface, const Link& link, const In6& token,
                    int64_t timeout_ms, TokenWaitResult* result);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_TOKEN_WAIT_H_
