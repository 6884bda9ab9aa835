// `iftoken audit`: the command line and the four outputs of the audit.
// iftoken audit [IFACE...] [-i FILE] [--json | --prometheus[=PATH] |
// --nagios]: for each interface with an IPv6 stanza, its MAC-derived
// addresses, its token and link-local against its stanzas, the hooks' record
// against the kernel, and a stanza the next ifup would refuse (audit.h).
// Text: one line per finding and a summary; exit 0 none, 1 any. --nagios:
// the monitoring-plugins conventions (0 OK, 1 WARNING, 2 CRITICAL, 3
// UNKNOWN). --prometheus: node_exporter's textfile-collector format.
#include "audit/audit.h"

#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "base/json.h"
#include "check/check.h"
#include "cmd/commands.h"
#include "migrate/in_place.h"
#include "netlink/netlink_kernel.h"
#include "pipeline/record.h"

namespace po = boost::program_options;

namespace ift {

namespace {

// The monitoring-plugins exit statuses (Monitoring Plugins Development
// Guidelines, "Plugin Return Codes").
enum NagiosStatus { kNagiosOk = 0, kNagiosWarning = 1, kNagiosCritical = 2, kNagiosUnknown = 3 };

// The scope as ip-address(8) names it: the same word in every output.
const char* Scope(const Address& a) { return a.cidr.addr.IsLinkLocal() ? "link" : "global"; }

std::string Lifetimes(const AuditFinding& f) {
  const Address& a = *f.address;
  std::string s = "valid " + LifetimeText(a.valid) + ", preferred " + LifetimeText(a.preferred);
  if (f.age_seconds) s += ", made " + std::to_string(*f.age_seconds) + "s ago";
  return s;
}

// One line, in the hooks' style: what, the value, the fix.
std::string Sentence(const AuditFinding& f) {
  std::string head = "ifupdown-token: " + (f.iface.empty() ? f.check.file : f.iface) + ": ";
  switch (f.kind) {
    case AuditFinding::kMacDerived: {
      const Address& a = *f.address;
      bool ll = a.cidr.addr.IsLinkLocal();
      return head + a.cidr.str() + " (scope " + Scope(a) + ") is MAC-derived, the EUI-64 of " +
             (f.own_mac ? "this interface's MAC" : "some MAC (ff:fe in its identifier)") + "; " +
             Lifetimes(f) + "; fix: " +
             (ll ? "'ipv6-link-local token' (or stable-privacy, random) in its stanza"
                 : "a 'token' in its stanza, then ifdown and ifup (ifupdown-token-interfaces(5))");
    }
    case AuditFinding::kTokenDiffers:
      return head + "the kernel's token is " + f.have + ", the stanzas ask for " + f.want +
             ": set by hand or up without the hooks; fix: iftoken apply " + f.iface;
    case AuditFinding::kLinkLocalDiffers:
      return head + "ipv6-link-local asks for " + (f.want.empty() ? "a link-local not MAC-derived" : f.want) +
             ", the kernel has " + (f.have.empty() ? "none" : f.have) + "; fix: ifdown " + f.iface +
             " and ifup " + f.iface;
    case AuditFinding::kRecordDiffers:
      return head + "the record says ifupdown-token set " + f.setting + " " + f.want +
             ", the kernel has " + (f.have.empty() ? "none" : f.have) +
             ": changed since by someone else; ifdown undoes the record, not that change";
    case AuditFinding::kRecordUnusable:
      return head + "ifdown cannot undo: " + f.text;
    case AuditFinding::kRecordStale:
      return head + "the record is of ifindex " + f.want + ", the device now " +
             (f.have.empty() ? "does not exist" : "is ifindex " + f.have) +
             ": ifdown undoes nothing of it; fix: remove " + kStateDir + "/" + f.iface;
    case AuditFinding::kRefused:
      return head + "the next ifup refuses: " + FormatFinding(f.check);
  }
  return head;
}

const char* Plural(int n) { return n == 1 ? "" : "s"; }

std::string Summary(const AuditReport& r) {
  int c = r.Count(AuditFinding::kCritical), w = r.Count(AuditFinding::kWarning);
  size_t n = r.interfaces.size();
  return std::to_string(n) + " interface" + Plural(int(n)) + ", " + std::to_string(c) +
         " critical, " + std::to_string(w) + " warning" + Plural(w);
}

int PrintText(const AuditReport& r) {
  for (const AuditFinding& f : r.findings) printf("%s\n", Sentence(f).c_str());
  printf("iftoken audit: %s\n", Summary(r).c_str());
  return r.findings.empty() ? kExitOk : kExitFindings;
}

Json Optional(const std::optional<bool>& v) { return v ? Json(*v) : Json(nullptr); }

Json FindingJson(const AuditFinding& f) {
  Json j = {{"interface", f.iface}, {"kind", KindName(f.kind)}, {"severity", SeverityName(f.severity)}};
  if (f.address) {
    j["address"] = f.address->cidr.str();
    j["scope"] = Scope(*f.address);
    j["own_mac"] = f.own_mac;
    j["valid"] = f.address->valid;
    j["preferred"] = f.address->preferred;
    j["age_seconds"] = f.age_seconds ? Json(*f.age_seconds) : Json(nullptr);
  }
  if (!f.setting.empty()) j["setting"] = f.setting;
  if (f.kind == AuditFinding::kRecordStale || !f.setting.empty()) {
    j["want"] = f.want;
    j["have"] = f.have;
  }
  if (f.kind == AuditFinding::kRefused)
    j["check"] = {{"file", f.check.file}, {"line", f.check.line}, {"text", f.check.text}};
  j["text"] = Sentence(f);
  return j;
}

// The schema is in iftoken(8), AUDIT.
int PrintJson(const AuditReport& r) {
  Json ifaces = Json::array(), findings = Json::array();
  for (const InterfaceAudit& i : r.interfaces)
    ifaces.push_back({{"interface", i.iface},
                      {"exists", i.exists},
                      {"up", i.up},
                      {"mac_derived", {{"global", i.mac_derived_global},
                                       {"link_local", i.mac_derived_link_local}}},
                      {"token_matches", Optional(i.token_matches)},
                      {"link_local_matches", Optional(i.link_local_matches)},
                      {"record", RecordStateName(i.record)},
                      {"refused_at_next_ifup", i.refused}});
  for (const AuditFinding& f : r.findings) findings.push_back(FindingJson(f));
  Json doc = {{"interfaces", ifaces},
              {"findings", findings},
              {"critical", r.Count(AuditFinding::kCritical)},
              {"warnings", r.Count(AuditFinding::kWarning)}};
  printf("%s\n", LaidOutJson(doc, 2).c_str());
  return r.findings.empty() ? kExitOk : kExitFindings;
}

// A label value of the exposition format: backslash, double quote and line
// feed escaped (Prometheus, "Text-based format").
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) out += c == '\\' ? "\\\\" : c == '"' ? "\\\"" : c == '\n' ? "\\n" : std::string(1, c);
  return out;
}

struct Metric {
  const char* name;
  const char* help;
};

std::string PrometheusText(const AuditReport& r) {
  std::string out;
  auto family = [&](const Metric& m) {
    out += std::string("# HELP ") + m.name + " " + m.help + "\n# TYPE " + m.name + " gauge\n";
  };
  auto sample = [&](const char* name, const std::string& iface, const std::string& extra, long v) {
    out += std::string(name) + "{interface=\"" + Label(iface) + "\"" + extra + "} " +
           std::to_string(v) + "\n";
  };
  family({"ifupdown_token_mac_derived_addresses", "Addresses whose interface identifier is a MAC's EUI-64."});
  for (const InterfaceAudit& i : r.interfaces) {
    sample("ifupdown_token_mac_derived_addresses", i.iface, ",scope=\"global\"", i.mac_derived_global);
    sample("ifupdown_token_mac_derived_addresses", i.iface, ",scope=\"link\"", i.mac_derived_link_local);
  }
  family({"ifupdown_token_token_matches", "1 when the kernel's token is the stanzas' (judged while up)."});
  for (const InterfaceAudit& i : r.interfaces)
    if (i.token_matches) sample("ifupdown_token_token_matches", i.iface, "", *i.token_matches);
  family({"ifupdown_token_link_local_matches", "1 when the link-local is what ipv6-link-local asks."});
  for (const InterfaceAudit& i : r.interfaces)
    if (i.link_local_matches) sample("ifupdown_token_link_local_matches", i.iface, "", *i.link_local_matches);
  family({"ifupdown_token_record_matches", "1 when ifdown can undo the record and it matches the kernel (or there is none)."});
  for (const InterfaceAudit& i : r.interfaces)
    sample("ifupdown_token_record_matches", i.iface, ",record=\"" + std::string(RecordStateName(i.record)) + "\"",
           i.record == InterfaceAudit::kNoRecord || i.record == InterfaceAudit::kRecordMatches);
  family({"ifupdown_token_refused_at_next_ifup", "1 when the next ifup or the boot refuses a stanza."});
  for (const InterfaceAudit& i : r.interfaces)
    sample("ifupdown_token_refused_at_next_ifup", i.iface, "", i.refused);
  family({"ifupdown_token_audit_findings", "Findings of iftoken audit, by severity."});
  for (auto s : {AuditFinding::kCritical, AuditFinding::kWarning})
    out += std::string("ifupdown_token_audit_findings{severity=\"") + SeverityName(s) + "\"} " +
           std::to_string(r.Count(s)) + "\n";
  return out;
}

// To stdout, or to `path` through a temporary file renamed over it: the
// collector reads whole files only (node_exporter's textfile collector
// documentation asks for exactly this).
int WritePrometheus(const AuditReport& r, const std::string& path) {
  std::string text = PrometheusText(r);
  if (path.empty()) {
    fputs(text.c_str(), stdout);
    return r.findings.empty() ? kExitOk : kExitFindings;
  }
  struct stat st {};
  st.st_mode = 0644;
  st.st_uid = geteuid();
  st.st_gid = getegid();
  if (std::string why = WriteAtomically(path, text, st); !why.empty()) {
    fprintf(stderr, "iftoken audit: %s: %s\n", path.c_str(), why.c_str());
    return kExitFindings;
  }
  return r.findings.empty() ? kExitOk : kExitFindings;
}

// "IFTOKEN CRITICAL - eno1: mac-derived 2001:db8::...; ... | critical=1 ..."
// then one line per finding (the plugins' long output).
int PrintNagios(const AuditReport& r) {
  int c = r.Count(AuditFinding::kCritical), w = r.Count(AuditFinding::kWarning);
  NagiosStatus status = c ? kNagiosCritical : w ? kNagiosWarning : kNagiosOk;
  static const char* kNames[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  int global = 0, link = 0, token = 0, refused = 0;
  for (const InterfaceAudit& i : r.interfaces) {
    global += i.mac_derived_global;
    link += i.mac_derived_link_local;
    token += i.token_matches == false;
    refused += i.refused;
  }
  std::string first;
  for (const AuditFinding& f : r.findings)
    if (f.severity == (c ? AuditFinding::kCritical : AuditFinding::kWarning)) {
      first = "; first: " + f.iface + " " + KindName(f.kind);
      break;
    }
  printf("IFTOKEN %s - %s%s | critical=%d warning=%d mac_derived_global=%d "
         "mac_derived_link_local=%d token_mismatch=%d refused=%d interfaces=%zu\n",
         kNames[status], Summary(r).c_str(), first.c_str(), c, w, global, link, token, refused,
         r.interfaces.size());
  for (const AuditFinding& f : r.findings) printf("%s\n", Sentence(f).c_str());
  return status;
}

uint64_t NowCentiseconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 100 + uint64_t(ts.tv_nsec) / 10000000;
}

bool Wants(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; ++i)
    if (!strcmp(argv[i], flag)) return true;
  return false;
}

}  // namespace

int RunAudit(int argc, char** argv) {
  bool nagios = Wants(argc, argv, "--nagios");
  int unknown = nagios ? kNagiosUnknown : kExitUsage;
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("interfaces,i", po::value<std::string>()->default_value("/etc/network/interfaces"),
       "the interfaces(5) file to read (with what it sources)")
      ("json", "one JSON document (schema: iftoken(8))")
      ("prometheus", po::value<std::string>()->implicit_value("")->value_name("PATH"),
       "node_exporter's textfile format, to stdout or written atomically to PATH")
      ("nagios", "one status line with perfdata; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN")
      ("iface", po::value<std::vector<std::string>>(), "only these interfaces (default: every one with an IPv6 stanza)");
  // clang-format on
  po::positional_options_description pos;
  pos.add("iface", -1);
  po::variables_map vm;
  int status;
  const char* usage = "iftoken audit [IFACE...] [-i FILE] [--json | --prometheus[=PATH] | --nagios]";
  if (!ParseCommandLine(argc, argv, usage, desc, pos, &vm, &status))
    return status == kExitUsage ? unknown : status;
  if (vm.count("json") + vm.count("prometheus") + vm.count("nagios") > 1) {
    fprintf(stderr, "iftoken audit: give one of --json, --prometheus, --nagios; usage: %s\n", usage);
    return unknown;
  }
  std::string path = vm["interfaces"].as<std::string>();
  if (std::string why = UnreadableInterfaces(path); !why.empty()) {
    fprintf(nagios ? stdout : stderr, "%s%s: %s\n", nagios ? "IFTOKEN UNKNOWN - " : "iftoken audit: ",
            path.c_str(), why.c_str());
    return unknown;
  }
  InterfacesFile file = ReadInterfaces(path);
  AuditInput in{&file, path, {}, kStateDir, NowCentiseconds()};
  if (vm.count("iface")) in.ifaces = vm["iface"].as<std::vector<std::string>>();
  for (const std::string& iface : in.ifaces)
    if (std::string why = InvalidIfaceName(iface); !why.empty()) {
      fprintf(stderr, "iftoken audit: '%s' is not a valid interface name: %s\n", iface.c_str(),
              why.c_str());
      return unknown;
    }
  NetlinkKernel kernel;
  AuditReport report;
  if (Status s = Audit(kernel, in, &report); !s.ok()) {
    fprintf(nagios ? stdout : stderr, "%scannot read the kernel's links and addresses: %s\n",
            nagios ? "IFTOKEN UNKNOWN - " : "iftoken audit: ", strerror(s.err));
    return nagios ? kNagiosUnknown : kExitFindings;
  }
  if (nagios) return PrintNagios(report);
  if (vm.count("json")) return PrintJson(report);
  if (vm.count("prometheus")) return WritePrometheus(report, vm["prometheus"].as<std::string>());
  return PrintText(report);
}

}  // namespace ift
