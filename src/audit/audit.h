// `iftoken audit`: what a fleet's monitoring needs to see of a host, as data.
// For every interface with an IPv6 stanza: the MAC-derived addresses it
// carries, its token and link-local against what its stanzas ask for, the
// hooks' record against the kernel (what ifdown would undo, and whether it
// can), and whether the next ifup would refuse a stanza (check's verdict).
// The kernel is read with one dump per kind (links with their tokens,
// addresses), not per interface; the outputs (text, JSON, Prometheus,
// Nagios) are the command's (cmd/audit.cc).
#ifndef IFTOKEN_AUDIT_AUDIT_H_
#define IFTOKEN_AUDIT_AUDIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/findings.h"
#include "ifupdown/interfaces.h"
#include "kernel/kernel.h"

namespace ift {

struct AuditFinding {
  enum Kind {
    kMacDerived,        // address: its IID is the EUI-64 of a MAC
    kTokenDiffers,      // want, have: the kernel's token, not the stanzas'
    kLinkLocalDiffers,  // want (none for stable-privacy/random), setting: the mode
    kRecordDiffers,     // setting, want (what the record says we set), have
    kRecordUnusable,    // text: why ifdown cannot read the record
    kRecordStale,       // the record is of an earlier device (its ifindex)
    kRefused,           // check: the finding of `iftoken check` that refuses
  };
  enum Severity { kWarning, kCritical };
  Kind kind = kMacDerived;
  Severity severity = kWarning;
  std::string iface;
  // kMacDerived: the address, and whether its IID is this interface's own
  // MAC's EUI-64 (else some other MAC's: the ff:fe pattern).
  std::optional<Address> address;
  bool own_mac = false;
  std::optional<uint32_t> age_seconds;  // since the kernel made it, when known
  // kTokenDiffers, kLinkLocalDiffers, kRecordDiffers.
  std::string setting;  // "token", "link-local", a sysctl's name, "addr_gen_mode", "address"
  std::string want, have;
  std::string text;     // kRecordUnusable: the reader's why
  CheckFinding check;   // kRefused
};

const char* KindName(AuditFinding::Kind kind);  // "mac-derived", "token-differs", ...
const char* SeverityName(AuditFinding::Severity s);  // "warning", "critical"

// One interface's measures, for the metrics: each is judged, or nullopt when
// it could not be (the interface is missing or down, nothing is asked).
struct InterfaceAudit {
  std::string iface;
  bool exists = false, up = false;
  int mac_derived_global = 0, mac_derived_link_local = 0;
  std::optional<bool> token_matches, link_local_matches;
  enum RecordState { kNoRecord, kRecordMatches, kRecordDiffers, kRecordStale, kRecordUnusable };
  RecordState record = kNoRecord;
  bool refused = false;  // the next ifup refuses a stanza
};

const char* RecordStateName(InterfaceAudit::RecordState s);  // "none", "matches", ...

struct AuditReport {
  std::vector<InterfaceAudit> interfaces;  // in the file's order
  std::vector<AuditFinding> findings;      // per interface, in that order
  int Count(AuditFinding::Severity s) const;
};

struct AuditInput {
  const InterfacesFile* file = nullptr;
  std::string path;               // the file's path, for check's findings
  std::vector<std::string> ifaces;  // empty: every interface with an IPv6 stanza
  std::string state_dir;          // the hooks' records
  // Now, in hundredths of a second since boot (CLOCK_MONOTONIC, as the
  // kernel's cstamp counts); 0: ages are not computed.
  uint64_t now_cs = 0;
};

// The interfaces audited: `in.ifaces`, or each with an inet6 stanza or a
// `token` option, in the file's order.
std::vector<std::string> AuditedInterfaces(const InterfacesFile& f);

// Reads the kernel (two dumps, then /proc/sys files) and judges. Fails only
// when a dump fails: then nothing is judged.
Status Audit(Kernel& kernel, const AuditInput& in, AuditReport* out);

}  // namespace ift

#endif  // IFTOKEN_AUDIT_AUDIT_H_
