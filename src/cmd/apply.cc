// `iftoken apply`: a running interface brought to what its stanzas say.
// iftoken apply IFACE [-i FILE] [--dry-run]: each stanza of IFACE with a
// `token`, in file order, gets the plan its pre-up hook would make on the live
// state (token, sysctls, link-local, the kernel-built addresses without the
// token dropped), carried out and recorded as pre-up does, so that a later
// ifdown undoes it. No link goes down. --dry-run prints the plan and exits 1
// when something would change, 0 when nothing would: configuration
// management calls it to decide whether to apply.
#include <cstdio>

#include "cmd/commands.h"
#include "ifupdown/interfaces.h"
#include "ifupdown/method_model.h"
#include "netlink/netlink_kernel.h"
#include "pipeline/hook.h"
#include "pipeline/record.h"
#include "pipeline/hook_options.h"

namespace po = boost::program_options;

namespace ift {

namespace {

// One stanza, with the environment its ifupdown would give its pre-up hook.
// Returns the exit status; *changes counts the actions planned.
int ApplyStanza(const Stanza& s, Kernel& kernel, bool dry_run, int* changes) {
  HookOptionsOf h = HookOptions(s);
  if (!h.ours) return kExitOk;
  const ParsedOptions& p = h.parsed;
  Reporter r(s.iface, false);
  for (const Finding& e : p.errors) r.Error(e.text);
  if (!p.ok()) return kExitFindings;
  std::vector<Action> planned;
  int status = ApplyLive(p.options, kernel, kStateDir, r, dry_run, &planned);
  const char* verb = dry_run ? "would change: " : "";
  for (const Action& a : planned)
    if (status == 0 || dry_run) printf("%s: %s%s\n", s.iface.c_str(), verb, Describe(a).c_str());
  *changes += int(planned.size());
  return status == 0 ? kExitOk : kExitFindings;
}

int Apply(const std::string& iface, const std::string& path, Dialect dialect, bool dry_run) {
  InterfacesFile f = ReadInterfaces(path, "", dialect);
  for (const Diagnostic& e : f.errors) fprintf(stderr, "iftoken apply: %s\n", Str(e).c_str());
  std::vector<const Stanza*> stanzas = StanzasOf(f, iface);
  if (stanzas.empty() || !f.errors.empty()) {
    if (stanzas.empty())
      fprintf(stderr, "iftoken apply: no iface stanza for %s in %s or the files it sources\n",
              iface.c_str(), path.c_str());
    return kExitFindings;
  }
  NetlinkKernel kernel;
  int changes = 0;
  for (const Stanza* s : stanzas)
    if (int status = ApplyStanza(*s, kernel, dry_run, &changes); status != kExitOk) return status;
  if (changes == 0) printf("%s: nothing to change\n", iface.c_str());
  return dry_run && changes > 0 ? kExitFindings : kExitOk;
}

}  // namespace

int RunApply(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("iface", po::value<std::string>()->required(), "the interface")
      ("interfaces,i", po::value<std::string>()->default_value("/etc/network/interfaces"),
       "the interfaces(5) file to read (with what it sources)")
      ("dry-run,n", "print what would change; exit 1 if anything would, 0 if nothing");
  // clang-format on
  AddImplementationOption(desc);
  po::positional_options_description pos;
  pos.add("iface", 1);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, "iftoken apply IFACE [-i FILE] [--implementation NAME] [--dry-run]", desc, pos, &vm,
                        &status))
    return status;
  std::string path = vm["interfaces"].as<std::string>();
  if (std::string why = UnreadableFile(path); !why.empty()) {
    fprintf(stderr, "iftoken apply: %s: %s\n", path.c_str(), why.c_str());
    return kExitUsage;
  }
  Dialect dialect;
  if (!ChosenDialect(vm, path, "", "apply", &dialect, &status)) return status;
  return Apply(vm["iface"].as<std::string>(), path, dialect, vm.count("dry-run"));
}

}  // namespace ift
