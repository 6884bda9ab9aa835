// Fuzz target: the sysctl readers of `iftoken check` and `iftoken migrate`.
// The input is read three ways: as a sysctl.d(5) file (ParseSysctlText, then
// Final() for every path it set), and as a stanza's command line for eno1 and
// for the VLAN eno1.100 (SysctlCommandsOf, TokenCommandsOf). Besides ASan and
// UBSan, what check prints must stay one line a note, a setting must name a
// sysctl and the line it came from, and a token command is `ours` exactly when
// it names the stanza's interface.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "check/ip_commands.h"
#include "check/sysctl_commands.h"
#include "check/sysctl_files.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  fprintf(stderr, "sysctl_fuzz: %s: %s\n", what, detail.c_str());
  abort();
}

void File(const std::string& text) {
  const std::string file = "/etc/sysctl.d/fuzz.conf";
  ift::BootSysctls boot;
  ift::ParseSysctlText(text, file, &boot);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  int last = 0;
  for (const ift::SysctlSetting& s : boot.settings) {
    if (s.path.empty()) Fail("a setting without a sysctl name", s.value);
    if (s.file != file) Fail("a setting from another file", s.file);
    if (s.line < 1 || s.line > lines || s.line <= last)
      Fail("a setting out of line order", std::to_string(s.line));
    if (s.exclusion && !s.value.empty()) Fail("an exclusion with a value", s.value);
    last = s.line;
  }
  // A path set exactly is decided by its last exact setting (none: an exclusion).
  for (const ift::SysctlSetting& s : boot.settings) {
    if (ift::IsSysctlGlob(s.path)) continue;
    const ift::SysctlSetting* exact = nullptr;
    for (const ift::SysctlSetting& t : boot.settings)
      if (t.path == s.path) exact = &t;
    if (boot.Final(s.path) != (exact->exclusion ? nullptr : exact))
      Fail("Final() is not the last exact setting", s.path);
  }
  for (const ift::Diagnostic& n : boot.notes)
    if (n.text.find('\n') != std::string::npos) Fail("a note spans lines", n.text);
}

void Command(const std::string& command, const std::string& iface) {
  for (const ift::SysctlCommand& c : ift::SysctlCommandsOf(command, iface))
    if (c.path.empty()) Fail("a sysctl write without a path", c.value);
  for (const ift::TokenCommand& t : ift::TokenCommandsOf(command, iface))
    if (t.ours != (!t.dev.empty() && t.dev == iface)) Fail("`ours` for another device", t.dev);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  File(text);
  Command(text, "eno1");
  Command(text, "eno1.100");
  return 0;
}
