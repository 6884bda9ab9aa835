// `iftoken check`'s findings: how they print, and the option line each is about.
#include "check/findings.h"

#include <utility>
#include <vector>

#include "base/addr.h"
#include "base/text.h"
#include "check/ip_commands.h"

namespace ift {
namespace {

// "option NAME: 'VALUE': ..." -> VALUE.
std::string QuotedValue(const std::string& text) {
  size_t b = text.find(": '");
  size_t e = b == std::string::npos ? b : text.find("'", b + 3);
  return e == std::string::npos ? "" : text.substr(b + 3, e - b - 3);
}

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

// "address 2001:db8::1/64 is ..." / "cannot add 2001:db8::1/64: ..."
std::optional<In6> AddressIn(const std::string& text) {
  for (std::string_view head : {"address ", "cannot add "}) {
    if (!text.starts_with(head)) continue;
    std::vector<std::string> w = Words(text.substr(head.size()));
    if (w.empty()) return std::nullopt;
    std::string a = w[0].substr(0, w[0].find('/'));
    while (a.ends_with(':') && !a.ends_with("::")) a.pop_back();
    return In6::Parse(a);
  }
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

Where Locate(const Stanza& s, const std::string& text) {
  if (text.starts_with("option ")) {
    std::string name = text.substr(7, text.find(':') - 7);
    return OptionWithValueAt(s, name, QuotedValue(text)).value_or(Where{s.file, s.line});
  }
  if (auto a = AddressIn(text))
    if (auto w = AddressAt(s, *a)) return *w;
  static const std::pair<const char*, const char*> kNamed[] = {
      {"router_solicitations=0", "ipv6-router-solicitations"},
      {"forwarding is on", "ipv6-forwarding"},
      {"autoconf is 0", "autoconf"},
      {"use_tempaddr is", "privext"},
      {"addr_gen_mode is", "ipv6-link-local"},
      {"stable-privacy", "ipv6-link-local"},
      {"accept_ra=", "accept_ra"},
  };
  for (const auto& [needle, option] : kNamed)
    if (text.find(needle) != std::string::npos)
      if (auto w = OptionAt(s, option)) return *w;
  // inet6 static writes accept_ra 0 because of `gateway` when it is unset.
  if (text.find("accept_ra=0") != std::string::npos && s.family == "inet6" && s.method == "static")
    if (auto w = OptionAt(s, "gateway")) return *w;
  return TokenAt(s);
}

}  // namespace ift
