// Fuzz target: `iftoken check` on an interfaces(5) file. The input is written
// to FILE in a private temporary directory, read with ReadInterfaces (as
// ifupdown, ifupdown2 and ifupdown-ng read it) and
// checked with CheckInterfaces against a FakeKernel host (eno1, eno2, eth0),
// every finding formatted as the command prints it.
//
// `source` and `source-directory` are kept out: their arguments are shell
// words and globs that may name any path (/dev/zero, /etc/*), and the reader's
// handling of source loops and non-regular files is being reworked.
// An input in which "source" could appear in a logical line after the
// reader's joining of continuation lines is rejected (-1: not added to the
// corpus). Every logical line is a run of the input with some backslashes and
// newlines removed, so deleting all of them from a copy and searching that
// finds every such line (and a few more).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "check/check.h"
#include "check/findings.h"
#include "ifupdown/interfaces.h"
#include "ifupdown/method_model.h"
#include "testing/test_util.h"

namespace {

bool MaySource(const uint8_t* data, size_t size) {
  std::string joined;
  joined.reserve(size);
  for (size_t i = 0; i < size; ++i)
    if (data[i] != '\\' && data[i] != '\n') joined.push_back(char(data[i]));
  return joined.find("source") != std::string::npos;
}

// $TMPDIR/interfaces_fuzz.XXXXXX/interfaces, removed at exit.
const std::string& FilePath() {
  static std::string dir, path;
  if (path.empty()) {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/interfaces_fuzz.XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) {
      perror("interfaces_fuzz: mkdtemp");
      abort();
    }
    dir = buf.data();
    path = dir + "/interfaces";
    atexit([] {
      unlink(path.c_str());
      rmdir(dir.c_str());
    });
  }
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (MaySource(data, size)) return -1;
  const std::string& path = FilePath();
  FILE* f = fopen(path.c_str(), "we");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
    perror("interfaces_fuzz: writing the input");
    abort();
  }
  if (!ift::UnreadableInterfaces(path).empty()) abort();  // a regular file we just wrote
  // Under each implementation's rules (the seeds hold files of each).
  for (ift::Dialect d :
       {ift::Dialect::kIfupdown, ift::Dialect::kIfupdown2, ift::Dialect::kIfupdownNg}) {
    ift::InterfacesFile file = ift::ReadInterfaces(path, "", d);
    ift::TestHost host;
    for (const ift::CheckFinding& c : ift::CheckInterfaces(file, path, host, {}, ""))
      (void)ift::FormatFinding(c);
    // The interfaces of a command line: one that exists, one that does not.
    ift::TestHost host2;
    (void)ift::CheckInterfaces(file, path, host2, {"eno1", "wlan0"}, "");
    for (const ift::Stanza& s : file.stanzas) (void)ift::HookEnvironment(s);
  }
  return 0;
}
