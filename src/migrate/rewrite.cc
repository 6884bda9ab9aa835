// The rules of `iftoken migrate` (rewrite.h), applied to one file's lines.
#include "migrate/rewrite.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "base/text.h"
#include "check/hand_written.h"
#include "check/ip_commands.h"
#include "check/sysctl_commands.h"
#include "ifupdown/method_model.h"
#include "migrate/line_edits.h"
#include "pipeline/options.h"
#include "pipeline/hook_options.h"

namespace ift {
namespace {

constexpr const char* kTokenWait = "token-wait 10";

// A line that runs one simple command: with no ; && || | & and no command
// substitution, replacing it with an option drops nothing else.
bool IsLoneCommand(const std::string& v) {
  return v.find_first_of(";&|`\n") == std::string::npos && v.find("$(") == std::string::npos;
}

bool IsPreOrUp(const std::string& name) { return name == "pre-up" || IsUpCommand(name); }
bool IsDown(const std::string& name) {
  return name == "down" || name == "pre-down" || name == "post-down";
}

// `NAME VALUE` as written, shortened for one line of a comment or finding.
std::string Quoted(const Option& o) { return "`" + Excerpt(o.name + " " + o.value, 100) + "`"; }

// "line N" in this file, else "FILE:N".
std::string Place(const Where& w, const std::string& path) {
  return (w.file == path ? "line " : w.file + ":") + std::to_string(w.line);
}

std::string Header(const Stanza& s) {
  return "`iface " + s.iface + " " + s.family + " " + s.method + "`";
}

// The token the hooks would set for `s`: ParseOptions on the environment
// ifupdown gives them, so that `token auto` is derived exactly as in pre-up.
std::optional<In6> TokenOf(const Stanza& s) {
  return HookOptions(s).parsed.options.token;
}

// The token's sysctls a stanza option sets (ifupdown-token-interfaces(5), OPTIONS).

// Where an interface's `token` is, or will be once migrated.
struct TokenPlace {
  const Stanza* stanza = nullptr;
  std::optional<In6> iid;  // nullopt: `token none`, or nothing derivable
  std::string text;        // the value as written
  Where at;
  int after = 0;  // options for it go after this line; 0: not in this file
  std::string indent;
  std::map<std::string, std::string> options;  // its stanza's options, and those added
};

class Rewriter {
 public:
  Rewriter(const std::string& path, const std::string& text, const InterfacesFile& model)
      : path_(path), edits_(text), model_(model) {}
  Migration Run();

 private:
  void NoteSourcedFiles();
  void MigrateInterface(const std::string& iface);
  void FindToken();
  void EachOwnOption(void (Rewriter::*rule)(const Stanza&, const Option&));
  void TokenSet(const Stanza& s, const Option& o);
  void PlaceToken(const Stanza& s, const Option& o, const In6& iid);
  void SettledToken(const Stanza& s, const Option& o, const In6& iid);
  void TokenDel(const Stanza& s, const Option& o);
  void SlaacCopy(const Stanza& s, const Option& o);
  std::string SlaacOff() const;
  void Sysctl(const Stanza& s, const Option& o);
  void MethodSysctl(const Stanza& s, const Option& o, const std::string& key,
                    const std::string& option, const std::string& value);
  void ToTokenOption(const Stanza& s, const Option& o, const std::string& option,
                     const std::string& value);
  void AddForToken(const std::string& line);
  void Comment(const Option& o, const std::string& text, std::vector<std::string> more = {});
  void Report(const Option& o, CheckFinding::Level level, const std::string& text);
  std::string StanzaIndent(const Stanza& s) const;

  const std::string& path_;
  LineEdits edits_;
  const InterfacesFile& model_;
  std::vector<CheckFinding> findings_;
  std::vector<const Stanza*> stanzas_;  // of the interface being migrated, all files
  TokenPlace token_;
};

Migration Rewriter::Run() {
  NoteSourcedFiles();
  std::vector<std::string> ifaces;
  for (const Stanza& s : model_.stanzas)
    if (s.file == path_ && std::find(ifaces.begin(), ifaces.end(), s.iface) == ifaces.end())
      ifaces.push_back(s.iface);
  for (const std::string& iface : ifaces) MigrateInterface(iface);
  return {edits_.Apply(), findings_};
}

void Rewriter::NoteSourcedFiles() {
  std::set<std::string> seen;
  for (const Stanza& s : model_.stanzas)
    if (s.file != path_ && seen.insert(s.file).second)
      findings_.push_back({s.file, 0, CheckFinding::kNote, "",
                           "not rewritten: sourced by " + path_ +
                               "; migrate them one by one (iftoken migrate -i " + s.file + ")"});
}

// The token first (the other rules depend on where it ends up), then what
// it makes redundant, then the sysctls.
void Rewriter::MigrateInterface(const std::string& iface) {
  stanzas_ = StanzasOf(model_, iface);
  FindToken();
  EachOwnOption(&Rewriter::TokenSet);
  EachOwnOption(&Rewriter::TokenDel);
  EachOwnOption(&Rewriter::SlaacCopy);
  EachOwnOption(&Rewriter::Sysctl);
}

void Rewriter::FindToken() {
  token_ = {};
  for (const Stanza* s : stanzas_)
    for (const Option& o : s->options) {
      if (BareName(o.name) != "token") continue;
      token_ = {s, TokenOf(*s), o.value, {o.file, o.line}, 0, "", {}};
      if (o.file == path_)
        token_.after = edits_.LastOf(o.line), token_.indent = edits_.IndentOf(o.line);
      for (const Option& other : s->options)
        token_.options.emplace(BareName(other.name), other.value);
      return;
    }
}

// The options written in the stanzas of this file, not those `inherits` copied in.
void Rewriter::EachOwnOption(void (Rewriter::*rule)(const Stanza&, const Option&)) {
  for (const Stanza* s : stanzas_)
    if (s->file == path_)
      for (const Option& o : s->options)
        if (o.file == path_ && o.line > s->line && !edits_.Replaced(o.line)) (this->*rule)(*s, o);
}

void Rewriter::TokenSet(const Stanza& s, const Option& o) {
  if (!IsPreOrUp(o.name)) return;
  std::vector<TokenCommand> cmds = TokenCommandsOf(o.value, s.iface);
  if (cmds.empty()) return;
  const TokenCommand& c = cmds.front();
  std::string why = !IsLoneCommand(o.value) || cmds.size() > 1 ? "it runs other commands too"
                    : !c.ours  ? "it sets the token of " + (c.dev.empty() ? "no `dev`" : c.dev)
                    : c.clears ? "it clears the token (`token none` opts in without one)"
                    : !c.token ? "the token is not an IPv6 literal"
                    : !c.token->UpperZero() ? "the upper 64 bits of the token are not zero"
                    : stanzas_.front()->file != path_
                        ? "the first " + s.iface + " stanza, where `token` belongs, is in " +
                              stanzas_.front()->file
                        : "";
  if (!why.empty())
    return Report(o, CheckFinding::kNote, "cannot translate " + Quoted(o) + ": " + why);
  if (token_.stanza) return SettledToken(s, o, *c.token);
  PlaceToken(s, o, *c.token);
}

// `token auto` when it derives the same ::IID, in the first stanza: its
// method brings the link up, so its pre-up is the one that runs before the
// first router advertisement (ifupdown-token-interfaces(5)).
void Rewriter::PlaceToken(const Stanza& s, const Option& o, const In6& iid) {
  const Stanza& first = *stanzas_.front();
  std::string value = TokenValueFor(first, iid);
  token_ = {&first, iid, value, {o.file, o.line}, 0, "", {}};
  for (const Option& other : first.options)
    token_.options.emplace(BareName(other.name), other.value);
  std::string line = "token " + value;
  if (&first == &s) {
    token_.indent = edits_.IndentOf(o.line);
    token_.after = edits_.LastOf(o.line);
    return edits_.Replace(o.line, {token_.indent + line});
  }
  token_.indent = StanzaIndent(first);
  token_.after = edits_.LastOf(first.line);  // an `iface` line may be continued too
  edits_.InsertAfter(token_.after, token_.indent + kMigrateMark + "`" + line + "` from " +
                                       Quoted(o) + " of " + Header(s) +
                                       ": this first stanza brings the link up");
  edits_.InsertAfter(token_.after, token_.indent + line);
  Comment(o, "moved to the first " + s.iface + " stanza as `" + line + "`");
}

// A second token line: redundant when it agrees with `token`, else a conflict to settle by hand.
void Rewriter::SettledToken(const Stanza&, const Option& o, const In6& iid) {
  if (token_.iid == iid)
    return Comment(o, "removed " + Quoted(o) + ": `token " + token_.text + "` sets " + iid.str());
  std::string theirs = token_.iid ? token_.iid->str() : "no token";
  Report(o, CheckFinding::kWarning,
         "kept " + Quoted(o) + ": it sets " + iid.str() + ", but `token " + token_.text + "` (" +
             Place(token_.at, path_) + ") sets " + theirs + "; keep one of them");
}

// The hooks record the token they set and undo it on ifdown.
void Rewriter::TokenDel(const Stanza& s, const Option& o) {
  if (!IsDown(o.name)) return;
  std::vector<TokenCommand> cmds = TokenCommandsOf(o.value, s.iface);
  if (cmds.size() != 1 || !cmds[0].ours || !cmds[0].clears) return;
  if (!IsLoneCommand(o.value))
    return Report(o, CheckFinding::kNote,
                  "cannot translate " + Quoted(o) + ": it runs other commands too");
  if (!token_.stanza)
    return Report(o, CheckFinding::kNote, "kept " + Quoted(o) + ": " + s.iface + " has no `token`");
  Comment(o, "removed " + Quoted(o) + ": the hooks undo the token on ifdown");
}

// `up ip addr add PREFIX:IID/64` of the token's own SLAAC address: with the
// token set, the kernel builds that address from every advertisement; a
// static copy of it has its lifetimes overwritten by each RA, and goes only
// when ifdown flushes it. `token-wait` keeps ifup returning with it present.
void Rewriter::SlaacCopy(const Stanza& s, const Option& o) {
  if (!token_.iid || !IsLoneCommand(o.value)) return;
  std::vector<Cidr> added = UpAddressesOf(o, s.iface);
  if (added.size() != 1 || added[0].len != 64 || added[0].addr.Iid() != *token_.iid) return;
  std::string off = SlaacOff();
  if (!off.empty() || token_.after == 0)
    return Report(o, CheckFinding::kWarning,
                  "kept " + Quoted(o) + ": " +
                      (off.empty() ? "the token's stanza is in another file"
                                   : off + ", so no advertisement builds " + added[0].addr.str()));
  std::vector<std::string> wait;
  bool waits = token_.options.count("token-wait");
  if (!waits && &s == token_.stanza) wait.push_back(edits_.IndentOf(o.line) + kTokenWait);
  Comment(o,
          "removed " + Quoted(o) + ": the kernel builds this address from router advertisements " +
              "with the token; kept, it is a static address whose lifetimes every RA overwrites; "
              "token-wait waits for it instead",
          wait);
  if (!waits && wait.empty()) AddForToken(kTokenWait);
  token_.options.emplace("token-wait", "10");
}

// Why no SLAAC address appears on the interface, or "".
std::string Rewriter::SlaacOff() const {
  for (const Stanza* s : stanzas_) {
    for (auto [conf, value] : MethodWrites(*s).sysctls)
      if ((conf == Conf::kAutoconf || conf == Conf::kAcceptRa) && value == 0)
        return Header(*s) + " writes " + ConfName(conf) + " 0";
    for (const Option& o : s->options) {
      std::string name = BareName(o.name);
      if (o.value == "0" && (name == "accept_ra" || (name == "autoconf" && s->family == "inet6")))
        return Header(*s) + " has `" + name + " 0`";
      for (const SysctlCommand& w : SysctlCommandsOf(o.value, s->iface))
        for (const char* key : {"accept_ra", "autoconf"})
          if (w.value == "0" && w.path == "net/ipv6/conf/" + s->iface + "/" + key)
            return Quoted(o) + " writes " + key + " 0";
    }
  }
  return "";
}

void Rewriter::Sysctl(const Stanza& s, const Option& o) {
  if (!IsPreOrUp(o.name)) return;
  std::vector<SysctlCommand> writes = SysctlCommandsOf(o.value, s.iface);
  std::string dir = "net/ipv6/conf/" + s.iface + "/";
  if (writes.empty() || !writes[0].path.starts_with(dir)) return;
  std::string key = writes[0].path.substr(dir.size());
  std::optional<Conf> conf = ConfNamed(key);
  const StanzaOption* row = conf ? StanzaOptionWriting(*conf) : nullptr;
  if (!row) return;
  const char* option = row->name;
  std::string why = !IsLoneCommand(o.value) || writes.size() > 1 ? "it runs other commands too"
                    : !writes[0].literal                         ? "sh(1) expands its value"
                    : !token_.stanza
                        ? s.iface + " has no `token`, and the hooks act only on a stanza with one"
                        : "";
  if (!why.empty())
    return Report(o, CheckFinding::kNote, "cannot translate " + Quoted(o) + ": " + why);
  if (row->owner == OptionOwner::kEveryStanza)
    return ToTokenOption(s, o, option, writes[0].value);
  MethodSysctl(s, o, key, option, writes[0].value);
}

// accept_ra, autoconf, privext: the hooks apply them in an inet6 manual
// stanza only; elsewhere ifupdown's method owns them (ifupdown-token-interfaces(5), METHODS).
void Rewriter::MethodSysctl(const Stanza& s, const Option& o, const std::string& key,
                            const std::string& option, const std::string& value) {
  if (&s == token_.stanza && s.family == "inet6" && s.method == "manual")
    return ToTokenOption(s, o, option, value);
  bool method_writes = false;
  for (auto [conf, v] : MethodWrites(s).sysctls) method_writes |= key == ConfName(conf);
  if (key == "accept_ra" && value == "2" && !method_writes)
    return Comment(o, "removed " + Quoted(o) +
                          ": with `token`, the hooks make accept_ra effective "
                          "themselves (2 when forwarding is on)");
  Report(o, CheckFinding::kNote,
         "cannot translate " + Quoted(o) + ": " +
             (method_writes
                  ? "ifupdown's " + s.family + " " + s.method + " method writes " + key +
                        " itself; write `" + option + " " + value + "` in the stanza"
                  : "the hooks apply " + option + " only in an inet6 manual stanza with `token`"));
}

// An ipv6-* option (or a manual stanza's accept_ra ...) in the token's
// stanza: the hooks apply them in pre-up of every stanza that has `token`.
void Rewriter::ToTokenOption(const Stanza& s, const Option& o, const std::string& option,
                             const std::string& value) {
  std::string line = option + " " + value;
  auto had = token_.options.find(option);
  if (had != token_.options.end() && had->second == value)
    return Comment(o, "removed " + Quoted(o) + ": `" + line + "` is already there");
  if (had != token_.options.end())
    return Report(o, CheckFinding::kWarning,
                  "kept " + Quoted(o) + ": the token's stanza has `" + option + " " + had->second +
                      "`; keep one of them");
  token_.options.emplace(option, value);
  if (&s == token_.stanza) return edits_.Replace(o.line, {edits_.IndentOf(o.line) + line});
  if (token_.after == 0)
    return Report(o, CheckFinding::kNote,
                  "cannot translate " + Quoted(o) + ": the token's stanza is in " + token_.at.file);
  AddForToken(line);
  Comment(o, "moved to the token's stanza, " + Header(*token_.stanza) + ", as `" + line + "`");
}

void Rewriter::AddForToken(const std::string& line) {
  edits_.InsertAfter(token_.after, token_.indent + line);
}

// `o` replaced by one comment that says what became of it, then `more`.
void Rewriter::Comment(const Option& o, const std::string& text, std::vector<std::string> more) {
  more.insert(more.begin(), edits_.IndentOf(o.line) + kMigrateMark + text);
  edits_.Replace(o.line, more);
}

void Rewriter::Report(const Option& o, CheckFinding::Level level, const std::string& text) {
  findings_.push_back({o.file, o.line, level, stanzas_.front()->iface, text});
}

std::string Rewriter::StanzaIndent(const Stanza& s) const {
  for (const Option& o : s.options)
    if (o.file == path_ && o.line > s.line) return edits_.IndentOf(o.line);
  return "    ";
}

}  // namespace

Migration Migrate(const std::string& path, const std::string& text, const InterfacesFile& model) {
  return Rewriter(path, text, model).Run();
}

}  // namespace ift
