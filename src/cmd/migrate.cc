// `iftoken migrate [-i FILE] [--diff] [--in-place[=SUFFIX]]`: an interfaces(5)
// file's hand-written `ip token` and sysctl lines rewritten into options
// (iftoken(8), MIGRATE). The new file on stdout, or a diff, or written in
// place after a backup; what it keeps, and why, on stderr as FILE:LINE
// findings; exit 0 when done, changed or not, 1 when FILE could not be
// replaced, 2 bad usage or an unreadable file (or, for --in-place, a symlink).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "check/check.h"
#include "cmd/commands.h"
#include "migrate/in_place.h"
#include "migrate/managed.h"
#include "migrate/rewrite.h"
#include "migrate/unified_diff.h"

namespace po = boost::program_options;

namespace ift {
namespace {

constexpr const char* kUsage =
    "iftoken migrate [-i FILE] [--implementation NAME] [--diff] [--in-place[=SUFFIX]]\n"
    "                [--iface IFACE --set NAME=VALUE...]";

std::string WholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int WriteInPlace(const std::string& path, const std::string& before, const Migration& m,
                 const std::string& suffix) {
  if (m.text == before) {
    fprintf(stderr, "iftoken migrate: %s: nothing to migrate, left as it was\n", path.c_str());
    return kExitOk;
  }
  std::string why = ReplaceFile(path, before, m.text, suffix);
  if (why.empty()) {
    fprintf(stderr, "iftoken migrate: %s: migrated; the old text is in %s\n", path.c_str(),
            BackupPath(path, suffix).c_str());
    return kExitOk;
  }
  fprintf(stderr, "iftoken migrate: %s\n", why.c_str());
  return kExitFindings;
}

int Output(const po::variables_map& vm, const std::string& path, const std::string& before,
           const Migration& m) {
  for (const CheckFinding& f : m.findings) fprintf(stderr, "%s\n", FormatFinding(f).c_str());
  if (vm.count("diff"))
    fputs(UnifiedDiff(before, m.text, path, path + " (migrated)").c_str(), stdout);
  if (vm.count("in-place")) return WriteInPlace(path, before, m, vm["in-place"].as<std::string>());
  if (!vm.count("diff")) fwrite(m.text.data(), 1, m.text.size(), stdout);
  return kExitOk;
}

std::vector<std::string> Settings(const po::variables_map& vm) {
  return vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

// Why the command cannot go on (exit 2), or "".
std::string Refusal(const po::variables_map& vm, const std::string& path) {
  bool in_place = vm.count("in-place");
  if (in_place && vm["in-place"].as<std::string>().empty())
    return "--in-place=: give a SUFFIX for the backup (e.g. .bak): an empty one names no copy";
  if (std::string why = UnreadableInterfaces(path); !why.empty()) return path + ": " + why;
  if (vm.count("set") && !vm.count("iface")) return "--set needs --iface IFACE";
  for (const std::string& arg : Settings(vm)) {
    OptionSetting unused;
    if (std::string why = ParseSetting(arg, &unused); !why.empty()) return "--set " + why;
  }
  return in_place ? Unreplaceable(path) : "";
}

// After the migration, the options an engine manages, set in the stanza of
// the token (managed.h); false, with why on stderr, when refused.
bool SetManaged(const po::variables_map& vm, const std::string& path, Dialect dialect,
                Migration* m) {
  std::vector<OptionSetting> settings;
  for (const std::string& arg : Settings(vm)) ParseSetting(arg, &settings.emplace_back());
  std::string iface = vm["iface"].as<std::string>();
  SetResult r = SetOptions(path, m->text, ReadInterfacesText(path, m->text, dialect), iface, settings);
  if (!r.error.empty()) fprintf(stderr, "iftoken migrate: %s\n", r.error.c_str());
  m->text = r.text;
  return r.error.empty();
}

}  // namespace

int RunMigrate(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("interfaces,i", po::value<std::string>()->default_value("/etc/network/interfaces"),
       "the interfaces(5) file to rewrite (the files it sources are read, not rewritten)")
      ("diff", "print a unified diff instead of the new file")
      ("in-place", po::value<std::string>()->implicit_value(".bak"),
       "replace FILE, after a copy of it in .FILE+SUFFIX beside it (default .bak)")
      ("iface", po::value<std::string>(), "the interface whose options --set sets")
      ("set", po::value<std::vector<std::string>>()->value_name("NAME=VALUE"),
       "then set option NAME of the stanza holding IFACE's token (NAME=: remove it); repeatable");
  // clang-format on
  AddImplementationOption(desc);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, kUsage, desc, {}, &vm, &status)) return status;
  std::string path = vm["interfaces"].as<std::string>();
  if (std::string why = Refusal(vm, path); !why.empty()) {
    fprintf(stderr, "iftoken migrate: %s\n", why.c_str());
    return kExitUsage;
  }
  Dialect dialect;
  if (!ChosenDialect(vm, path, "", "migrate", &dialect, &status)) return status;
  std::string before = WholeFile(path);
  Migration m = Migrate(path, before, ReadInterfaces(path, "", dialect));
  if (vm.count("set") && !SetManaged(vm, path, dialect, &m)) return kExitFindings;
  return Output(vm, path, before, m);
}

}  // namespace ift
