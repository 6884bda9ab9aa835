// The audit of a host: each interface's live state against its stanzas and
// the hooks' record, judged from one read of the whole host (HostView).
#include "audit/audit.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "audit/host_view.h"
#include "check/check.h"
#include "check/sysctl_files.h"
#include "ifupdown/method_model.h"
#include "pipeline/options.h"
#include "pipeline/record.h"

namespace ift {

const char* KindName(AuditFinding::Kind kind) {
  switch (kind) {
    case AuditFinding::kMacDerived: return "mac-derived";
    case AuditFinding::kTokenDiffers: return "token-differs";
    case AuditFinding::kLinkLocalDiffers: return "link-local-differs";
    case AuditFinding::kRecordDiffers: return "record-differs";
    case AuditFinding::kRecordUnusable: return "record-unusable";
    case AuditFinding::kRecordStale: return "record-stale";
    case AuditFinding::kRefused: return "refused";
  }
  return "?";
}

const char* SeverityName(AuditFinding::Severity s) {
  return s == AuditFinding::kCritical ? "critical" : "warning";
}

const char* RecordStateName(InterfaceAudit::RecordState s) {
  switch (s) {
    case InterfaceAudit::kNoRecord: return "none";
    case InterfaceAudit::kRecordMatches: return "matches";
    case InterfaceAudit::kRecordDiffers: return "differs";
    case InterfaceAudit::kRecordStale: return "stale";
    case InterfaceAudit::kRecordUnusable: return "unusable";
  }
  return "?";
}

int AuditReport::Count(AuditFinding::Severity s) const {
  return int(std::count_if(findings.begin(), findings.end(),
                           [&](const AuditFinding& f) { return f.severity == s; }));
}

std::vector<std::string> AuditedInterfaces(const InterfacesFile& f) {
  std::vector<std::string> out;
  for (const Stanza& s : f.stanzas) {
    bool ipv6 = s.family == "inet6" || OptionAt(s, "token");
    if (ipv6 && std::find(out.begin(), out.end(), s.iface) == out.end()) out.push_back(s.iface);
  }
  return out;
}

namespace {

// What the stanzas of an interface ask for, through the hooks' own parser
// (`token auto` resolved as pre-up resolves it). The first stanza with a
// token decides, as it does at ifup; none: no token, the kernel's link-local.
struct Wanted {
  bool valid = true;  // false: the options do not parse (check refuses them)
  In6 token;          // :: for none
  std::optional<Options> options;
};

Wanted WantedOf(const std::vector<const Stanza*>& stanzas) {
  Wanted w;
  for (const Stanza* s : stanzas) {
    std::map<std::string, std::string> env = HookEnvironment(*s);
    if (!env.count("IF_TOKEN")) continue;
    ParsedOptions p = ParseOptions(MapEnv(env));
    if (!p.ok()) return Wanted{false, {}, std::nullopt};
    w.token = p.options.token.value_or(In6{});
    w.options = p.options;
    return w;
  }
  return w;
}

// The names in `dir` (none when it cannot be listed): a record is read only
// where there is one, not tried for each of a thousand interfaces.
std::set<std::string> Entries(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) out.insert(e.path().filename());
  return out;
}

class Auditor {
 public:
  Auditor(HostView& host, const AuditInput& in, AuditReport* out)
      : host_(host), in_(in), out_(out), records_(Entries(in.state_dir)) {
    // Grouped once: a scan of the file per interface is quadratic in them.
    for (const Stanza& s : in.file->stanzas) stanzas_[s.iface].push_back(&s);
  }
  void Run(const std::string& iface, const std::vector<CheckFinding>& checked);

 private:
  AuditFinding& Add(AuditFinding::Kind kind, AuditFinding::Severity severity) {
    out_->findings.push_back({});
    AuditFinding& f = out_->findings.back();
    f.kind = kind;
    f.severity = severity;
    f.iface = ia_.iface;
    return f;
  }
  void MacDerived(const LinkEntry& e, const std::vector<Address>& addrs, const Wanted& w);
  void Token(const LinkEntry& e, const Wanted& w);
  void LinkLocalOf(const LinkEntry& e, const std::vector<Address>& addrs, const Wanted& w);
  void RecordOf(const LinkEntry* e, const std::vector<Address>& addrs);
  void Differs(const char* setting, const std::string& want, const std::string& have);

  HostView& host_;
  const AuditInput& in_;
  AuditReport* out_;
  InterfaceAudit ia_;
  std::set<std::string> records_;  // the state directory's names, listed once
  std::map<std::string, std::vector<const Stanza*>> stanzas_;  // by interface, file order
};

std::optional<uint32_t> AgeSeconds(const Address& a, uint64_t now_cs) {
  if (!now_cs || !a.created || a.created > now_cs) return std::nullopt;
  return uint32_t((now_cs - a.created) / 100);
}

// Every address whose interface identifier is a MAC's EUI-64; a link-local
// one only when the stanzas did not ask for exactly that (`ipv6-link-local
// eui64`). A global one is critical: it leaves the link and names the host.
void Auditor::MacDerived(const LinkEntry& e, const std::vector<Address>& addrs, const Wanted& w) {
  std::optional<In6> own = Eui64Iid(e.mac);
  bool eui64_asked = w.options && w.options->link_local == LinkLocal::kEui64;
  for (const Address& a : addrs) {
    const In6& addr = a.cidr.addr;
    if (addr.IsMulticast() || !LooksEui64(addr)) continue;
    bool link_local = addr.IsLinkLocal();
    if (link_local && eui64_asked) continue;
    ++(link_local ? ia_.mac_derived_link_local : ia_.mac_derived_global);
    AuditFinding& f = Add(AuditFinding::kMacDerived,
                          link_local ? AuditFinding::kWarning : AuditFinding::kCritical);
    f.address = a;
    f.own_mac = own && addr.Iid() == *own;
    f.age_seconds = AgeSeconds(a, in_.now_cs);
  }
}

void Auditor::Differs(const char* setting, const std::string& want, const std::string& have) {
  AuditFinding& f = Add(AuditFinding::kRecordDiffers, AuditFinding::kWarning);
  f.setting = setting;
  f.want = want;
  f.have = have;
  ia_.record = InterfaceAudit::kRecordDiffers;
}

// The token is judged while the link is up: down (after ifdown, before ifup)
// the original is back by design.
void Auditor::Token(const LinkEntry& e, const Wanted& w) {
  bool ok = e.link.token == w.token;
  ia_.token_matches = ok;
  if (ok) return;
  AuditFinding& f = Add(AuditFinding::kTokenDiffers, AuditFinding::kCritical);
  f.setting = "token";
  f.want = w.token.str();
  f.have = e.link.token.str();
}

// `ipv6-link-local`: token and fe80::... name the address (added by pre-up,
// addr_gen_mode none); eui64, stable-privacy and random a generation mode,
// whose link-local must then be there and, but for eui64, not MAC-derived.
void Auditor::LinkLocalOf(const LinkEntry& e, const std::vector<Address>& addrs, const Wanted& w) {
  if (!w.options || w.options->link_local == LinkLocal::kKernel) return;
  const Options& o = *w.options;
  std::optional<In6> want;
  if (o.link_local == LinkLocal::kToken || o.link_local == LinkLocal::kAddress)
    want = o.link_local_addr;
  else if (o.link_local == LinkLocal::kEui64)
    if (auto iid = Eui64Iid(e.mac)) want = In6::Parse("fe80::")->WithIid(*iid);
  std::vector<In6> have;
  for (const Address& a : addrs)
    if (a.cidr.addr.IsLinkLocal()) have.push_back(a.cidr.addr);
  bool ok = want ? std::find(have.begin(), have.end(), *want) != have.end()
                 : !have.empty() && std::none_of(have.begin(), have.end(), LooksEui64);
  ia_.link_local_matches = ok;
  if (ok) return;
  AuditFinding& f = Add(AuditFinding::kLinkLocalDiffers, AuditFinding::kWarning);
  f.setting = "link-local";
  f.want = want ? want->str() : "";
  for (const In6& h : have) f.have += (f.have.empty() ? "" : " ") + h.str();
}

// What ifdown would undo: each recorded change must still be the kernel's,
// on the same device (a recreated one is not ours: the hooks skip it).
void Auditor::RecordOf(const LinkEntry* e, const std::vector<Address>& addrs) {
  if (in_.state_dir.empty() || !records_.count(ia_.iface)) return;
  LoadedRecord loaded = ReadRecord(in_.state_dir, ia_.iface);
  if (loaded.state == LoadedRecord::kNone) return;
  if (loaded.state != LoadedRecord::kOk) {
    ia_.record = InterfaceAudit::kRecordUnusable;
    Add(AuditFinding::kRecordUnusable, AuditFinding::kCritical).text = loaded.why;
    return;
  }
  const Record& r = loaded.record;
  if (!e || e->link.index != r.index) {
    ia_.record = InterfaceAudit::kRecordStale;
    AuditFinding& f = Add(AuditFinding::kRecordStale, AuditFinding::kWarning);
    f.want = std::to_string(r.index);
    f.have = e ? std::to_string(e->link.index) : "";
    return;
  }
  ia_.record = InterfaceAudit::kRecordMatches;
  const Link& l = e->link;
  if (r.token && l.token != r.token->second)
    Differs("token", r.token->second.str(), l.token.str());
  for (const Record::SysctlChange& c : r.sysctls)
    if (l.Get(c.conf) && l.Value(c.conf) != c.change.to)
      Differs(ConfName(c.conf), std::to_string(c.change.to), std::to_string(l.Value(c.conf)));
  if (r.addr_gen_mode && l.addr_gen_mode != r.addr_gen_mode->to)
    Differs("addr_gen_mode", AddrGenModeName(r.addr_gen_mode->to), AddrGenModeName(l.addr_gen_mode));
  for (const Cidr& c : r.addresses) {
    auto same = [&](const Address& a) { return a.cidr.addr == c.addr; };
    if (std::none_of(addrs.begin(), addrs.end(), same)) Differs("address", c.str(), "");
  }
}

void Auditor::Run(const std::string& iface, const std::vector<CheckFinding>& checked) {
  ia_ = InterfaceAudit{};
  ia_.iface = iface;
  for (const CheckFinding& c : checked) {
    if (c.iface != iface || c.level != CheckFinding::kError) continue;
    ia_.refused = true;
    Add(AuditFinding::kRefused, AuditFinding::kCritical).check = c;
  }
  const LinkEntry* e = host_.Entry(iface);
  std::vector<Address> addrs;
  if (e) {
    host_.GetAddresses(e->link.index, &addrs);
    ia_.exists = true;
    ia_.up = e->link.Up();
    auto it = stanzas_.find(iface);
    Wanted w = it == stanzas_.end() ? Wanted{} : WantedOf(it->second);
    MacDerived(*e, addrs, w);
    if (ia_.up && w.valid && e->link.has_inet6) {
      Token(*e, w);
      LinkLocalOf(*e, addrs, w);
    }
  }
  RecordOf(e, addrs);
  out_->interfaces.push_back(ia_);
}

}  // namespace

Status Audit(Kernel& kernel, const AuditInput& in, AuditReport* out) {
  *out = AuditReport{};
  HostView host(kernel);
  if (Status s = host.Load(); !s.ok()) return s;
  std::vector<std::string> ifaces = in.ifaces.empty() ? AuditedInterfaces(*in.file) : in.ifaces;
  if (ifaces.empty()) return Status{};
  // check's verdict on the same view: the next ifup and the boot's sysctl files.
  BootSysctls boot = ReadBootSysctls("");
  std::vector<CheckFinding> checked =
      CheckInterfaces(*in.file, in.path, host, ifaces, in.state_dir, CheckContext{&boot, true});
  for (const CheckFinding& c : checked)
    if (c.iface.empty() && c.level == CheckFinding::kError) {
      out->findings.push_back({});
      out->findings.back().kind = AuditFinding::kRefused;
      out->findings.back().severity = AuditFinding::kCritical;
      out->findings.back().check = c;
    }
  Auditor auditor(host, in, out);
  for (const std::string& iface : ifaces) auditor.Run(iface, checked);
  return Status{};
}

}  // namespace ift
