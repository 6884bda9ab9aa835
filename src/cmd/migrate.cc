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
#include "migrate/rewrite.h"
#include "migrate/unified_diff.h"

namespace po = boost::program_options;

namespace ift {
namespace {

constexpr const char* kUsage = "iftoken migrate [-i FILE] [--diff] [--in-place[=SUFFIX]]";

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

// Why the command cannot go on (exit 2), or "".
std::string Refusal(const po::variables_map& vm, const std::string& path) {
  bool in_place = vm.count("in-place");
  if (in_place && vm["in-place"].as<std::string>().empty())
    return "--in-place=: give a SUFFIX for the backup (e.g. .bak): an empty one names no copy";
  if (std::string why = UnreadableInterfaces(path); !why.empty()) return path + ": " + why;
  return in_place ? Unreplaceable(path) : "";
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
       "replace FILE, after a copy of it in .FILE+SUFFIX beside it (default .bak)");
  // clang-format on
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, kUsage, desc, {}, &vm, &status)) return status;
  std::string path = vm["interfaces"].as<std::string>();
  if (std::string why = Refusal(vm, path); !why.empty()) {
    fprintf(stderr, "iftoken migrate: %s\n", why.c_str());
    return kExitUsage;
  }
  std::string before = WholeFile(path);
  return Output(vm, path, before, Migrate(path, before, ReadInterfaces(path)));
}

}  // namespace ift
