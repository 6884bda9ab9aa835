// `iftoken check`: the command line and output of the interfaces(5) checker.
// iftoken check [-i FILE] [--root DIR] [IFACE...] [--strict] [--json]: what
// ifup would make of an interfaces(5) file, before it bites, judged on the
// live kernel and on the sysctl files that hold at boot (with --root, on an
// image's files only). One line per finding on stdout ("FILE:LINE:
// error|warning|note: IFACE: text"), the count on stderr; exit 0 clean, 1
// any error (or warning with --strict), 2 bad usage or an unreadable file.
// iftoken check --env IFACE: the environment each stanza of IFACE gives the
// hooks, after ifupdown's conversions (under ifupdown2 and ifupdown-ng: what
// each hands the hook for the interface). --implementation: whose rules the
// file is read by; --parsed: what was read, as JSON.
#include "check/check.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "base/json.h"
#include "base/text.h"
#include "check/sysctl_files.h"
#include "ifupdown/dialects.h"
#include "ifupdown/method_model.h"
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

// A path in the image as the host will know it: "/etc/network/interfaces".
std::string OnHost(const std::string& file, const std::string& root) {
  return !root.empty() && file.starts_with(root + "/") ? file.substr(root.size()) : file;
}

// "# FILE:LINE: iface eno1 inet static", then NAME=VALUE per variable, in
// the order of their names; a value that would not fit one line is quoted
// (Shown()), as a joined repeated option is.
int PrintEnvironment(const InterfacesFile& f, const std::string& iface, const std::string& path,
                     const std::string& root, bool json) {
  std::vector<const Stanza*> stanzas = StanzasOf(f, iface);
  if (stanzas.empty()) {
    fprintf(stderr, "iftoken check: no iface stanza for %s\n", iface.c_str());
    return kExitFindings;
  }
  Json doc = Json::array();
  for (const Stanza* s : stanzas) {
    std::map<std::string, std::string> env =
        s->dialect == Dialect::kIfupdownNg ? DialectEnvironment(*s, OnHost(path, root))
                                           : HookEnvironment(*s);
    std::string where = OnHost(s->file, root) + ":" + std::to_string(s->line);
    if (json) {
      doc.push_back({{"file", OnHost(s->file, root)}, {"line", s->line},
                     {"family", s->family}, {"method", s->method}, {"environment", env}});
      continue;
    }
    std::string head = "iface " + s->iface;
    for (const std::string* w : {&s->family, &s->method})
      if (!w->empty()) head += " " + *w;
    printf("# %s: %s\n", where.c_str(), head.c_str());
    for (const auto& [name, value] : env) printf("%s=%s\n", name.c_str(), Shown(value).c_str());
  }
  if (json) printf("%s\n", LaidOutJson(doc, 3).c_str());
  return kExitOk;
}

// [{"name", "family", "method", "auto", "template", "file", "line", "options": [[NAME,
// VALUE]...]}...] of the reader's interfaces (ifupdown2: as written, as
// `ifquery` shows them), then {"errors": [...]}: what the agreement tests
// hold against the implementations' own parsers.
int PrintParsed(const InterfacesFile& f) {
  Json list = Json::array();
  const std::vector<std::string> none;
  for (const Stanza& s : f.dialect == Dialect::kIfupdown2 ? f.written : f.stanzas) {
    Json options = Json::array();
    for (const Option& o : s.options) options.push_back({o.name, o.value});
    const std::vector<std::string>& autos = f.classes.count("auto") ? f.classes.at("auto") : none;
    bool is_auto = std::find(autos.begin(), autos.end(), s.iface) != autos.end();
    list.push_back({{"name", s.iface}, {"family", s.family}, {"method", s.method},
                    {"auto", is_auto}, {"template", s.is_template}, {"file", s.file},
                    {"line", s.line}, {"options", options}});
  }
  Json errors = Json::array();
  for (const Diagnostic& e : f.errors) errors.push_back(Str(e));
  Json doc = {{"implementation", DialectName(f.dialect)}, {"interfaces", list},
              {"errors", errors}};
  printf("%s\n", LaidOutJson(doc, 3).c_str());
  return f.errors.empty() ? kExitOk : kExitFindings;
}

}  // namespace

int RunCheck(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("interfaces,i", po::value<std::string>()->default_value("/etc/network/interfaces"),
       "the interfaces(5) file to read (with what it sources)")
      ("root", po::value<std::string>(),
       "read the configuration (interfaces, sysctl files) under DIR as if it were /, "
       "and judge it without the live kernel")
      ("env", po::value<std::string>()->value_name("IFACE"),
       "print the environment each stanza of IFACE gives the hooks, and nothing else")
      ("parsed", "print the interfaces and options as read (JSON), and nothing else")
      ("strict", "exit 1 on warnings too")
      ("json", "print one JSON document instead of lines")
      ("iface", po::value<std::vector<std::string>>(), "only these interfaces (default: every one with a token)");
  // clang-format on
  AddImplementationOption(desc);
  po::positional_options_description pos;
  pos.add("iface", -1);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv,
                        "iftoken check [-i FILE] [--root DIR] [--implementation NAME] [IFACE...] "
                        "[--strict] [--json] | --env IFACE | --parsed",
                        desc, pos, &vm, &status))
    return status;
  std::string root = vm.count("root") ? vm["root"].as<std::string>() : "";
  while (root.size() > 1 && root.ends_with('/')) root.pop_back();
  if (root == "/") root.clear();
  std::string path = root + vm["interfaces"].as<std::string>();
  if (std::string why = UnreadableInterfaces(path); !why.empty()) {
    fprintf(stderr, "iftoken check: %s: %s\n", path.c_str(), why.c_str());
    return kExitUsage;
  }
  Dialect dialect;
  if (!ChosenDialect(vm, path, root, "check", &dialect, &status)) return status;
  InterfacesFile file = ReadInterfaces(path, root, dialect);
  if (vm.count("parsed")) return PrintParsed(file);
  if (vm.count("env"))
    return PrintEnvironment(file, vm["env"].as<std::string>(), path, root, vm.count("json"));
  std::vector<std::string> ifaces;
  if (vm.count("iface")) ifaces = vm["iface"].as<std::vector<std::string>>();
  NetlinkKernel kernel;  // read only: links, addresses, sysctls; never with --root
  BootSysctls boot = ReadBootSysctls(root);
  CheckContext ctx{&boot, root.empty()};
  std::vector<CheckFinding> findings =
      CheckInterfaces(file, path, kernel, ifaces, root.empty() ? kStateDir : "", ctx);
  for (CheckFinding& f : findings) f.file = OnHost(f.file, root);
  path = OnHost(path, root);
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
