// `iftoken check`'s findings: how they print, and the option line each is about.
#include "check/findings.h"

#include <utility>
#include <vector>

#include "base/addr.h"
#include "base/text.h"
#include "check/ip_commands.h"
#include "pipeline/options.h"

namespace ift {
namespace {

// The line of NAME that holds VALUE (one of several `address` lines), else
// NAME's first line.
std::optional<Where> OptionWithValueAt(const Stanza& s, std::string_view name,
                                       const std::string& value) {
  for (const Option& o : s.options)
    if (BareName(o.name) == name && !value.empty() && o.value == value)
      return Where{o.file, o.line};
  return OptionAt(s, name);
}

// The line that adds `addr`: an `address` line, an up command, ipv6-link-local.
std::optional<Where> AddressAt(const Stanza& s, const In6& addr) {
  for (const Option& o : s.options) {
    std::string name = BareName(o.name);
    bool match = false;
    if (name == "address" || name == "ipv6-link-local")
      for (const std::string& w : Words(o.value)) match |= IpPrefix(w) && IpPrefix(w)->addr == addr;
    for (const Cidr& c : UpAddressesOf(o, s.iface)) match |= c.addr == addr;
    if (match) return Where{o.file, o.line};
  }
  return std::nullopt;
}

// The option that writes `c`: a sysctl option's, `ipv6-link-local` for
// addr_gen_mode; for accept_ra in an inet6 static stanza without it,
// `gateway` (ifupdown's static method writes accept_ra 0 because of it).
std::optional<Where> SettingAt(const Stanza& s, Conf c) {
  if (c == Conf::kAddrGenMode) return OptionAt(s, "ipv6-link-local");
  if (const char* option = StanzaOptionOf(c))
    if (auto w = OptionAt(s, option)) return w;
  if (c == Conf::kAcceptRa && s.family == "inet6" && s.method == "static")
    return OptionAt(s, "gateway");
  return std::nullopt;
}

}  // namespace

const char* LevelName(CheckFinding::Level level) {
  switch (level) {
    case CheckFinding::kError: return "error";
    case CheckFinding::kWarning: return "warning";
    case CheckFinding::kNote: return "note";
  }
  return "?";
}

// The one place a finding becomes text: whatever a file under check held (a
// name, a word, a line), its control characters are escaped here.
std::string FormatFinding(const CheckFinding& f) {
  std::string out = Escaped(f.file);
  if (f.line > 0) out += ":" + std::to_string(f.line);
  out += std::string(": ") + LevelName(f.level) + ": ";
  if (!f.iface.empty()) out += Escaped(f.iface) + ": ";
  return out + Escaped(f.text);
}

std::string BareName(std::string name) {
  if (name.ends_with('?')) name.pop_back();
  return name;
}

std::optional<Where> OptionAt(const Stanza& s, std::string_view name) {
  std::string env = EnvName(name);
  for (const Option& o : s.options)
    if (BareName(o.name) == name || EnvName(BareName(o.name)) == env) return Where{o.file, o.line};
  return std::nullopt;
}

Where TokenAt(const Stanza& s) { return OptionAt(s, "token").value_or(Where{s.file, s.line}); }

Where Locate(const Stanza& s, const Subject& about) {
  std::optional<Where> w;
  if (!about.option.empty())
    return OptionWithValueAt(s, about.option, about.value).value_or(Where{s.file, s.line});
  if (about.address) w = AddressAt(s, *about.address);
  if (!w && about.setting) w = SettingAt(s, *about.setting);
  return w.value_or(TokenAt(s));
}

}  // namespace ift
