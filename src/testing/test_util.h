// What several unit tests share: printing addresses in assertions, short
// literals, a fake host with three NICs, and running a command.
#ifndef IFTOKEN_TESTING_TEST_UTIL_H_
#define IFTOKEN_TESTING_TEST_UTIL_H_

#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "base/addr.h"
#include "testing/fake_kernel.h"

namespace ift {

inline std::ostream& boost_test_print_type(std::ostream& out, const In6& a) {
  return out << a.str();
}

using Vars = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

inline In6 V6(const char* text) { return *In6::Parse(text); }

// A host with eno1 (index 2), eno2 (3) and eth0 (4), all down with the
// kernel's defaults.
struct TestHost : FakeKernel {
  TestHost() {
    AddDevice("eno1", 2);
    AddDevice("eno2", 3);
    AddDevice("eth0", 4);
  }
  // net.ipv6.conf.all.forwarding=1: the kernel copies it to every device.
  void ForwardingViaAll() {
    all_forwarding = 1;
    for (auto& [name, d] : devices) d.link.conf[size_t(Conf::kForwarding)] = 1;
  }
};

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
