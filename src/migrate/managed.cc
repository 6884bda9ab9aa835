// The options a configuration-management engine manages (managed.h).
#include "migrate/managed.h"

#include <algorithm>
#include <map>

#include "check/findings.h"
#include "check/ip_commands.h"
#include "ifupdown/method_model.h"
#include "migrate/line_edits.h"
#include "pipeline/hook_options.h"
#include "pipeline/options.h"

namespace ift {
namespace {

// ifupdown-token-interfaces(5), OPTIONS: the token's own options, and the
// sysctl options of pipeline/options (kAddrGenMode is the last DEVCONF we name).
bool IsManagedOption(const std::string& name) {
  if (name == "token" || name == "token-wait" || name == "ipv6-link-local") return true;
  for (int c = 0; c <= int(Conf::kAddrGenMode); ++c)
    if (const char* o = StanzaOptionOf(Conf(c)); o && name == o) return true;
  return false;
}

// ifupdown's words that start a line of their own, not a stanza's option
// (interfaces(5)): set as options, they would end the stanza.
bool IsKeyword(const std::string& name) {
  static const char* const kKeywords[] = {"iface",       "mapping",      "auto",   "source",
                                          "source-directory", "no-auto-down", "no-scripts",
                                          "inherits",    "template",     "rename"};
  return name.starts_with("allow-") ||
         std::any_of(std::begin(kKeywords), std::end(kKeywords),
                     [&](const char* k) { return name == k; });
}

// The options written in `s` itself in `path` (not those `inherits` copied in).
std::vector<const Option*> OwnOptions(const Stanza& s, const std::string& path) {
  std::vector<const Option*> own;
  for (const Option& o : s.options)
    if (o.file == path && o.line > s.line) own.push_back(&o);
  return own;
}

// `token_wait` and `token-wait` are one option to the hooks (one IF_ variable).
bool SameOption(const Option& o, const std::string& name) {
  return EnvName(BareName(o.name)) == EnvName(name);
}

const Stanza* TargetStanza(const std::vector<const Stanza*>& stanzas, const std::string& path) {
  for (const Stanza* s : stanzas)
    for (const Option* o : OwnOptions(*s, path))
      if (SameOption(*o, "token")) return s;
  return !stanzas.empty() && stanzas.front()->file == path ? stanzas.front() : nullptr;
}

std::string NoTarget(const std::vector<const Stanza*>& stanzas, const std::string& path,
                     const std::string& iface) {
  if (stanzas.empty())
    return iface + ": no `iface " + iface + "` stanza in " + path +
           ": write one first (its family and method are yours to choose)";
  return iface + ": its first stanza, where `token` belongs, is in " + stanzas.front()->file +
         ": set the options there (-i " + stanzas.front()->file + ")";
}

// The last setting of each option wins, at the place of its first.
std::vector<OptionSetting> LastOfEach(const std::vector<OptionSetting>& settings) {
  std::vector<OptionSetting> out;
  for (const OptionSetting& s : settings) {
    auto same = [&](const OptionSetting& o) { return EnvName(o.name) == EnvName(s.name); };
    if (auto it = std::find_if(out.begin(), out.end(), same); it != out.end()) *it = s;
    else out.push_back(s);
  }
  return out;
}

class Setter {
 public:
  Setter(const std::string& path, const std::string& text, const Stanza& s)
      : edits_(text), own_(OwnOptions(s, path)) {
    after_ = edits_.LastOf(s.line);
    for (const Option* o : own_) after_ = std::max(after_, edits_.LastOf(o->line));
    indent_ = own_.empty() ? "    " : edits_.IndentOf(own_.front()->line);
  }

  void Set(const OptionSetting& set) {
    bool first = true;
    for (const Option* o : own_) {
      if (!SameOption(*o, set.name)) continue;
      if (!first || set.value.empty()) edits_.Replace(o->line, {});
      else if (o->value != set.value)
        edits_.Replace(o->line, {edits_.IndentOf(o->line) + set.name + " " + set.value});
      first = false;
    }
    if (first && !set.value.empty()) edits_.InsertAfter(after_, indent_ + set.name + " " + set.value);
  }

  std::string Text() const { return edits_.Apply(); }

 private:
  LineEdits edits_;
  std::vector<const Option*> own_;
  int after_ = 0;
  std::string indent_;
};

// Why the stanza at `index` among `iface`'s stanzas would not work, or "":
// the hooks' own parse of the environment ifupdown will give them.
std::string Judge(const std::string& path, const std::string& text, const std::string& iface,
                  size_t index) {
  InterfacesFile again = ReadInterfacesText(path, text);
  if (!again.errors.empty()) return Str(again.errors.front());
  std::vector<const Stanza*> stanzas = StanzasOf(again, iface);
  if (index >= stanzas.size()) return iface + ": the edit lost the stanza";  // cannot happen
  const Stanza& s = *stanzas[index];
  if (std::none_of(s.options.begin(), s.options.end(),
                   [](const Option& o) { return SameOption(o, "token"); }))
    return "";  // not ours: the hooks leave it alone
  ParsedOptions p = HookOptions(s).parsed;
  return p.ok() ? "" : iface + ": " + p.errors.front().text;
}

}  // namespace

std::vector<ManagedInterface> ManagedInterfaces(const InterfacesFile& f) {
  std::vector<ManagedInterface> out;
  for (const Stanza& s : f.stanzas) {
    auto listed = [&](const ManagedInterface& m) { return m.iface == s.iface; };
    if (std::any_of(out.begin(), out.end(), listed)) continue;
    ManagedInterface m{s.iface, s.file, s.family, s.method, s.line, {}};
    bool token = false;
    for (const Option& o : s.options) {
      std::string name = BareName(o.name);
      token |= name == "token";
      if (IsManagedOption(name)) m.options.emplace_back(name, o.value);
    }
    if (token) out.push_back(std::move(m));
  }
  return out;
}

SetResult SetOptions(const std::string& path, const std::string& text, const InterfacesFile& model,
                     const std::string& iface, const std::vector<OptionSetting>& settings) {
  if (!model.errors.empty()) return {text, Str(model.errors.front())};
  std::vector<const Stanza*> stanzas = StanzasOf(model, iface);
  const Stanza* target = TargetStanza(stanzas, path);
  if (!target) return {text, NoTarget(stanzas, path, iface)};
  Setter setter(path, text, *target);
  for (const OptionSetting& s : LastOfEach(settings)) setter.Set(s);
  std::string after = setter.Text();
  size_t index = std::find(stanzas.begin(), stanzas.end(), target) - stanzas.begin();
  if (std::string why = Judge(path, after, iface, index); !why.empty()) return {text, why};
  return {after, ""};
}

std::string ParseSetting(const std::string& arg, OptionSetting* out) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos) return "'" + arg + "': expected NAME=VALUE (NAME= removes it)";
  out->name = arg.substr(0, eq);
  out->value = arg.substr(eq + 1);
  const std::string& n = out->name;
  if (n.empty() || !std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
      }))
    return "'" + n + "': expected an option name (letters, digits, - _ .)";
  if (IsKeyword(n)) return "'" + n + "' starts a line of its own in interfaces(5), not an option";
  if (n == "pre-up" || n == "pre-down" || n == "down" || n == "post-down" || IsUpCommand(n))
    return "'" + n + "' is a command line, not an option: only options are set";
  const std::string& v = out->value;
  if (v.find_first_of("\n\r") != std::string::npos || v.ends_with('\\') ||
      (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t')))
    return n + "='" + v + "': a value is one line, without blanks around it";
  return "";
}

}  // namespace ift
