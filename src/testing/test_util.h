// What several unit tests share: printing addresses in assertions, short
// literals, and running a command (the cross-checks against the real ifupdown).
#ifndef IFTOKEN_TESTING_TEST_UTIL_H_
#define IFTOKEN_TESTING_TEST_UTIL_H_

#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "base/addr.h"

namespace ift {

inline std::ostream& boost_test_print_type(std::ostream& out, const In6& a) { return out << a.str(); }

using Vars = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

inline In6 V6(const char* text) { return *In6::Parse(text); }

struct Run {
  std::string out;
  int status = -1;
};

// The command's standard output and exit status (-1 if it did not exit).
inline Run Shell(const std::string& command) {
  Run r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace ift

#endif  // IFTOKEN_TESTING_TEST_UTIL_H_
