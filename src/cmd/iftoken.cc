// `iftoken`'s main: the subcommand table and the shared command-line parsing.
// iftoken(8): check an interfaces file before it bites, explain a live
// interface, plan, set/clear a token with explanations, map IPv4 into IPv6,
// monitor address events, migrate hand-written `ip token` lines into options.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "base/text.h"
#include "cmd/commands.h"
#include "ifupdown/dialects.h"
#include "kernel/kernel.h"

namespace po = boost::program_options;

namespace ift {

bool ParseCommandLine(int argc, char** argv, const char* usage, const po::options_description& desc,
                      const po::positional_options_description& pos, po::variables_map* vm,
                      int* status) {
  po::options_description all = desc;
  all.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), *vm);
    if (vm->count("help")) {  // before notify(), which would demand the required arguments
      std::cout << "usage: " << usage << "\n\n" << all;
      *status = kExitOk;
      return false;
    }
    po::notify(*vm);
  } catch (const po::error& e) {
    std::cerr << "iftoken " << argv[0] << ": " << e.what() << "; usage: " << usage << "\n";
    *status = kExitUsage;
    return false;
  }
  // Every command's one live IFACE, before it names a file, a sysctl or a
  // netlink request (IFNAMSIZ: a longer name fits no kernel buffer). check's
  // IFACE... only select stanzas, whose names ifupdown allows more freely.
  const std::string* iface =
      vm->count("iface") ? boost::any_cast<std::string>(&(*vm)["iface"].value()) : nullptr;
  if (iface) {
    if (std::string why = InvalidIfaceName(*iface); !why.empty()) {
      std::cerr << "iftoken " << argv[0] << ": '" << Excerpt(*iface, 40)
                << "' is not a valid interface name: " << why << "\n";
      *status = kExitUsage;
      return false;
    }
  }
  return true;
}

void AddImplementationOption(po::options_description& desc) {
  desc.add_options()("implementation", po::value<std::string>()->value_name("NAME"),
                     "read the file as ifupdown, ifupdown2 or ifupdown-ng does (default: the "
                     "one installed, else the one the file is written for)");
}

bool ChosenDialect(const po::variables_map& vm, const std::string& path, const std::string& root,
                   const char* command, Dialect* d, int* status) {
  if (vm.count("implementation")) {
    std::string name = vm["implementation"].as<std::string>();
    if (DialectNamed(name, d)) return true;
    fprintf(stderr, "iftoken %s: --implementation %s: not ifupdown, ifupdown2 or ifupdown-ng\n",
            command, name.c_str());
    *status = kExitUsage;
    return false;
  }
  std::optional<Dialect> installed = InstalledDialect(root);
  *d = installed ? *installed : DialectOfSyntax(path);
  return true;
}

}  // namespace ift

namespace {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

const Command kCommands[] = {
    {"check", ift::RunCheck, "check an interfaces(5) file: values, kernel refusals, silent traps"},
    {"explain", ift::RunExplain,
     "the live IPv6 state of an interface, and whether a token can be set"},
    {"plan", ift::RunPlan, "what pre-up would do for an interface's stanzas, without doing it"},
    {"apply", ift::RunApply,
     "bring a running interface to its stanzas (token, sysctls), recorded for ifdown"},
    {"set", ift::RunSet, "set an interface's token, explaining any refusal"},
    {"clear", ift::RunClear, "clear an interface's token, explaining any refusal"},
    {"map", ift::RunMap, "IPv4 <-> IPv6 embedding: 208.80.154.23 <-> ::208:80:154:23"},
    {"monitor", ift::RunMonitor, "print every IPv6 address event, timestamped"},
    {"migrate", ift::RunMigrate, "rewrite hand-written `ip token`/sysctl lines into options"},
    {"list", ift::RunList, "the interfaces with a token, and the options of its stanza"},
    {"audit", ift::RunAudit,
     "for monitoring: MAC-derived addresses, tokens, records (text, JSON, Prometheus, Nagios)"},
};

int Usage(FILE* out, int status) {
  fprintf(out, "usage: iftoken COMMAND [ARGS...]   ('iftoken COMMAND --help' for each)\n\n");
  for (const Command& c : kCommands) fprintf(out, "  %-8s %s\n", c.name, c.summary);
  fprintf(out, "\nexit status: 0 clean, 1 errors found or refused, 2 bad usage\n");
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  // `iftoken apply eno1 | head -1` must not die between two changes of the
  // kernel and its record: a write to a closed pipe fails (EPIPE) instead.
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2) return Usage(stderr, ift::kExitUsage);
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
    return Usage(stdout, ift::kExitOk);
  for (const Command& c : kCommands)
    if (!strcmp(argv[1], c.name)) return c.run(argc - 1, argv + 1);
  fprintf(stderr, "iftoken: unknown command '%s'\n", argv[1]);
  return Usage(stderr, ift::kExitUsage);
}
