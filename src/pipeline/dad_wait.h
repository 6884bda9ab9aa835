// Waiting for duplicate address detection of the addresses pre-up added.
#ifndef IFTOKEN_PIPELINE_DAD_WAIT_H_
#define IFTOKEN_PIPELINE_DAD_WAIT_H_

#include <cstdint>
#include <vector>

#include "kernel/kernel.h"

namespace ift {

// kOptimistic: still in DAD, but optimistic (RFC 4429), so usable meanwhile.
enum class DadOutcome { kDone, kFailed, kTimedOut, kGone, kOptimistic };

// Waits until no address of `addrs` on interface `index` is tentative: one
// outcome per address. It subscribes to the address events before it reads
// the addresses, so no change can fall between the two; then each event
// settles its address (DAD done, IFA_F_DADFAILED, or removed) until all are
// settled or timeout_ms has passed (kTimedOut for the rest). An address the
// read shows optimistic is not waited for: a failure already seen, or seen
// while others are waited for, is still kFailed; otherwise kOptimistic.
// When the kernel drops events (ENOBUFS: the socket's buffer overran on a
// busy host), the addresses are read again instead, counted in *resyncs.
Status WaitDad(Kernel& kernel, int index, const std::vector<In6>& addrs, int64_t timeout_ms,
               std::vector<DadOutcome>* outcomes, int* resyncs = nullptr);

}  // namespace ift

#endif  // IFTOKEN_PIPELINE_DAD_WAIT_H_
