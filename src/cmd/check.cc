// `iftoken check`: the command line and output of the interfaces(5) checker.
// iftoken check [-i FILE] [IFACE...] [--strict] [--json]: what ifup would
// make of an interfaces(5) file, before it bites. One line per finding on
// stdout ("FILE:LINE: error|warning|note: IFACE: text"), the count on stderr;
// exit 0 clean, 1 any error (or warning with --strict), 2 bad usage or an
// unreadable file.
#include "check/check.h"

#include <cstdio>
#include <cstring>

#include "base/json.h"
#include "cmd/commands.h"
#include "netlink/netlink_kernel.h"
#include "pipeline/record.h"

namespace po = boost::program_options;

namespace ift {

namespace {

struct Counts {
  int errors = 0, warnings = 0, notes = 0;
};

Counts Count(const std::vector<CheckFinding>& findings) {
  Counts c;
  for (const CheckFinding& f : findings)
    ++(f.level == CheckFinding::kError     ? c.errors
       : f.level == CheckFinding::kWarning ? c.warnings
                                           : c.notes);
  return c;
}

// {"file", "findings": [{"file", "line", "level", "iface", "text"}...],
//  "errors", "warnings", "notes"}
void PrintJson(const std::string& path, const std::vector<CheckFinding>& findings,
               const Counts& c) {
  Json list = Json::array();
  for (const CheckFinding& f : findings)
    list.push_back({{"file", f.file},
                    {"line", f.line},
                    {"level", LevelName(f.level)},
                    {"iface", f.iface},
                    {"text", f.text}});
  Json doc = {{"file", path},
              {"findings", list},
              {"errors", c.errors},
              {"warnings", c.warnings},
              {"notes", c.notes}};
  printf("%s\n", LaidOutJson(doc, 2).c_str());
}

const char* Plural(int n) { return n == 1 ? "" : "s"; }

}  // namespace

int RunCheck(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("interfaces,i", po::value<std::string>()->default_value("/etc/network/interfaces"),
       "the interfaces(5) file to read (with what it sources)")
      ("strict", "exit 1 on warnings too")
      ("json", "print one JSON document instead of lines")
      ("iface", po::value<std::vector<std::string>>(), "only these interfaces (default: every one with a token)");
  // clang-format on
  po::positional_options_description pos;
  pos.add("iface", -1);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, "iftoken check [-i FILE] [IFACE...] [--strict] [--json]", desc,
                        pos, &vm, &status))
    return status;
  std::string path = vm["interfaces"].as<std::string>();
  if (std::string why = UnreadableInterfaces(path); !why.empty()) {
    fprintf(stderr, "iftoken check: %s: %s\n", path.c_str(), why.c_str());
    return kExitUsage;
  }
  std::vector<std::string> ifaces;
  if (vm.count("iface")) ifaces = vm["iface"].as<std::vector<std::string>>();
  NetlinkKernel kernel;  // read only: links, addresses, sysctls
  std::vector<CheckFinding> findings =
      CheckInterfaces(ReadInterfaces(path), path, kernel, ifaces, kStateDir);
  Counts c = Count(findings);
  if (vm.count("json")) {
    PrintJson(path, findings, c);
  } else {
    for (const CheckFinding& f : findings) printf("%s\n", FormatFinding(f).c_str());
    fflush(stdout);
    fprintf(stderr, "%d error%s, %d warning%s\n", c.errors, Plural(c.errors), c.warnings,
            Plural(c.warnings));
  }
  bool failed = c.errors > 0 || (vm.count("strict") && c.warnings > 0);
  return failed ? kExitFindings : kExitOk;
}

}  // namespace ift
