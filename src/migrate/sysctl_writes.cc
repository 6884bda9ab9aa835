// sysctl(8) and `echo > /proc/sys/...` read the way sh(1) and procps read them.
#include "migrate/sysctl_writes.h"

#include "base/text.h"

namespace ift {
namespace {

std::string Unquoted(std::string w) {
  if (w.ends_with(";")) w.pop_back();
  if (w.size() >= 2 && (w.front() == '"' || w.front() == '\'') && w.back() == w.front())
    w = w.substr(1, w.size() - 2);
  return w;
}

std::string WithIface(std::string path, const std::string& iface) {
  for (const char* var : {"${IFACE}", "$IFACE"})
    for (size_t at; (at = path.find(var)) != std::string::npos;)
      path.replace(at, std::string(var).size(), iface);
  return path;
}

SysctlWrite Write(std::string path, std::string value, const std::string& iface) {
  bool literal = value.find_first_of("$`") == std::string::npos;
  return {WithIface(std::move(path), iface), std::move(value), literal};
}

// sysctl(8) takes a dotted name ("net.ipv6.conf.eno1.accept_ra") or a slashed
// one; in a dotted one a '/' stands for a '.' of the name (a VLAN eno1/100),
// so procps swaps the two.
std::string SysctlPath(const std::string& name) {
  if (name.find('.') == std::string::npos) return name;
  std::string p = name;
  for (char& c : p) c = c == '.' ? '/' : c == '/' ? '.' : c;
  return p;
}

// `sysctl [-q] [-w] NAME=VALUE...`: every word with '=' after the options.
void ReadSysctl(const std::vector<std::string>& w, size_t i, const std::string& iface,
                std::vector<SysctlWrite>& out) {
  for (++i; i < w.size(); ++i) {
    std::string a = Unquoted(w[i]);
    size_t eq = a.find('=');
    if (eq != std::string::npos && !a.starts_with("-"))
      out.push_back(Write(SysctlPath(a.substr(0, eq)), a.substr(eq + 1), iface));
    if (w[i].ends_with(";") || w[i] == "&&" || w[i] == "||" || w[i] == ";") return;
  }
}

// `echo [-n] VALUE > /proc/sys/PATH` (or `>/proc/sys/PATH`).
void ReadEcho(const std::vector<std::string>& w, size_t i, const std::string& iface,
              std::vector<SysctlWrite>& out) {
  size_t v = i + 1;
  if (v < w.size() && w[v] == "-n") ++v;
  if (v + 1 >= w.size()) return;
  std::string target = w[v + 1] == ">" && v + 2 < w.size() ? w[v + 2] : w[v + 1];
  if (target.starts_with(">")) target.erase(0, 1);
  target = Unquoted(target);
  constexpr std::string_view kProc = "/proc/sys/";
  if (target.starts_with(kProc))
    out.push_back(Write(target.substr(kProc.size()), Unquoted(w[v]), iface));
}

}  // namespace

std::vector<SysctlWrite> SysctlWritesOf(const std::string& command, const std::string& iface) {
  std::vector<std::string> w = Words(command, kShellBlanks);
  std::vector<SysctlWrite> out;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] == "sysctl" || w[i].ends_with("/sysctl")) ReadSysctl(w, i, iface, out);
    if (w[i] == "echo" || w[i].ends_with("/echo")) ReadEcho(w, i, iface, out);
  }
  return out;
}

}  // namespace ift
