// iftoken(8)'s commands, one file each (src/cmd/<name>.cc). Each parses its
// own arguments with Boost.ProgramOptions and returns the exit status:
// 0 clean, 1 a finding or refusal of level error, 2 bad usage.
#ifndef IFTOKEN_CMD_COMMANDS_H_
#define IFTOKEN_CMD_COMMANDS_H_

#include <boost/program_options.hpp>
#include <iosfwd>
#include <string>

#include "ifupdown/interfaces.h"

namespace ift {

int RunCheck(int argc, char** argv);
int RunExplain(int argc, char** argv);
int RunPlan(int argc, char** argv);
int RunApply(int argc, char** argv);
int RunSet(int argc, char** argv);
int RunClear(int argc, char** argv);
int RunMap(int argc, char** argv);
int RunMonitor(int argc, char** argv);
int RunMigrate(int argc, char** argv);
int RunList(int argc, char** argv);
int RunAudit(int argc, char** argv);

constexpr int kExitOk = 0, kExitFindings = 1, kExitUsage = 2;

// Parses argv against `desc` (+ positional), handling --help and usage errors:
// returns false with *status set when the command should exit now.
bool ParseCommandLine(int argc, char** argv, const char* usage,
                      const boost::program_options::options_description& desc,
                      const boost::program_options::positional_options_description& pos,
                      boost::program_options::variables_map* vm, int* status);

// --implementation ifupdown|ifupdown2|ifupdown-ng: whose rules an interfaces
// file is read by (interfaces.h, Dialect).
void AddImplementationOption(boost::program_options::options_description& desc);
// The one named by --implementation, else the one installed under `root`
// (/sbin/ifup), else the one the file's syntax is written for. False, with a
// message and *status = kExitUsage, for an unknown name.
bool ChosenDialect(const boost::program_options::variables_map& vm, const std::string& path,
                   const std::string& root, const char* command, Dialect* d, int* status);

}  // namespace ift

#endif  // IFTOKEN_CMD_COMMANDS_H_
