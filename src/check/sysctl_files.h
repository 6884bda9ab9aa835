// The sysctl settings that hold at boot, read from sysctl.d(5) files the way
// systemd-sysctl(8) reads them (src/sysctl/sysctl.c, src/basic/conf-files.c),
// plus /etc/sysctl.conf as procps' `sysctl --system` reads it; under any root
// directory, so an image can be judged as if it were /.
#ifndef IFTOKEN_CHECK_SYSCTL_FILES_H_
#define IFTOKEN_CHECK_SYSCTL_FILES_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace ift {

struct SysctlSetting {
  std::string path;   // "net/ipv6/conf/all/forwarding", or a glob: "net/ipv6/conf/*/forwarding"
  std::string value;  // trimmed
  // The file the line is in, without the root: "/etc/sysctl.d/90-router.conf";
  // a symlink's target ("/etc/sysctl.conf" for Debian's 99-sysctl.conf).
  std::string file;
  int line = 0;
  // "-KEY" alone (systemd >= 254): nothing is written, KEY is only kept out
  // of the globs.
  bool exclusion = false;
};

struct BootSysctls {
  std::vector<SysctlSetting> settings;  // in the order they are read
  std::vector<Diagnostic> notes;
  // The setting that decides `path` (as SysctlPath() spells it) at boot, or
  // nullptr when none writes it.
  const SysctlSetting* Final(const std::string& path) const;
};

// Every setting that holds at boot under `root` ("" or "/": this system).
BootSysctls ReadBootSysctls(const std::string& root);

// The settings of one file's text, appended to `into`; `file` names it in
// settings and notes.
void ParseSysctlText(std::string_view text, const std::string& file, BootSysctls* into);

// A sysctl name as systemd and procps read it, as a path under /proc/sys:
// "net.ipv6.conf.enp3s0/200.forwarding" and "net/ipv6/conf/enp3s0.200/forwarding"
// are both "net/ipv6/conf/enp3s0.200/forwarding".
std::string SysctlPath(std::string_view key);

// Whether `path` is a glob ("*?[" in it, systemd's string_is_glob()).
bool IsSysctlGlob(std::string_view path);

}  // namespace ift

#endif  // IFTOKEN_CHECK_SYSCTL_FILES_H_
