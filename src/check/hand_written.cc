// `ip token` and sysctl lines written into stanzas, walked in the order ifup runs them.
#include "check/hand_written.h"

#include <cstdlib>
#include <map>
#include <optional>

#include "check/ip_commands.h"
#include "check/sysctl_commands.h"
#include "ifupdown/method_model.h"
#include "pipeline/rules.h"
#include "pipeline/hook_options.h"

namespace ift {

namespace {

std::string Dotted(std::string path) {
  for (char& c : path)
    if (c == '/') c = '.';
  return path;
}

std::optional<int> Integer(const std::string& text) {
  char* end;
  long v = strtol(text.c_str(), &end, 10);
  if (text.empty() || *end || v < -1000000 || v > 1000000) return std::nullopt;
  return int(v);
}

// "net.ipv6.conf.all.forwarding = 1 at /etc/sysctl.d/90-router.conf:3"
TokenGround::Value FromFile(const SysctlSetting& s, int value) {
  return {value, Dotted(s.path) + " = " + s.value + " at " + s.file + ":" + std::to_string(s.line),
          s.path};
}

TokenGround::Value FileValue(const BootSysctls& files, const std::string& iface, const char* key,
                             int kernel_default) {
  std::string base = "net/ipv6/conf/";
  for (const std::string& dev : {iface, std::string("default")})
    if (const SysctlSetting* s = files.Final(base + dev + "/" + key))
      if (auto v = Integer(s->value)) return FromFile(*s, *v);
  return {kernel_default, "the kernel's default"};
}

// The position of a setting in the order systemd-sysctl applies them.
long Position(const BootSysctls& files, const SysctlSetting* s) {
  return s ? long(s - files.settings.data()) : -1;
}

}  // namespace

TokenGround LiveGround(const Snapshot& start) {
  const std::string& i = start.iface;
  const Link& l = start.link;
  int rs = l.Get(Conf::kRouterSolicitations).value_or(-1);
  return {"at the next ifup",
          {l.Value(Conf::kForwarding), ForwardingSource(start, false)},
          {l.Value(Conf::kAcceptRa), "net.ipv6.conf." + i + ".accept_ra, now"},
          {rs, "net.ipv6.conf." + i + ".router_solicitations, now"}};
}

TokenGround BootGround(const BootSysctls& files, const std::string& iface) {
  TokenGround g{"at boot", {}, FileValue(files, iface, "accept_ra", 1),
                FileValue(files, iface, "router_solicitations", -1)};
  const SysctlSetting* own = files.Final("net/ipv6/conf/" + iface + "/forwarding");
  const SysctlSetting* all = files.Final("net/ipv6/conf/all/forwarding");
  const SysctlSetting* dflt = files.Final("net/ipv6/conf/default/forwarding");
  const SysctlSetting* wins = own ? own : Position(files, all) > Position(files, dflt) ? all : dflt;
  auto v = wins ? Integer(wins->value) : std::nullopt;
  g.forwarding = v ? FromFile(*wins, *v != 0) : TokenGround::Value{0, "the kernel's default"};
  return g;
}

namespace {

// One ground carried through the stanzas' lines, as ifup runs them.
class Walk {
 public:
  Walk(TokenGround g, const std::string& iface) : g_(std::move(g)), iface_(iface) {}

  // A stanza's own `sysctl -w` / `echo > /proc/sys/...` line.
  void Sysctl(const SysctlCommand& c, const Option& o) {
    const std::string base = "net/ipv6/conf/";
    if (!c.literal || !c.path.starts_with(base)) return;
    size_t slash = c.path.rfind('/');
    std::string dev = c.path.substr(base.size(), slash - base.size());
    std::string key = c.path.substr(slash + 1);
    auto v = Integer(c.value);
    if (!v || (dev != iface_ && !(dev == "all" && key == "forwarding"))) return;
    TokenGround::Value to{key == "forwarding" ? *v != 0 : *v,
                          Dotted(c.path) + " = " + c.value + " by the " + o.name +
                              " line at " + o.file + ":" + std::to_string(o.line),
                          c.path};
    Set(key, to);
  }

  // What the stanza's method writes after pre-up (method_model.h).
  void Method(const Stanza& s) {
    for (const auto& [conf, value] : MethodWrites(s).sysctls)
      Set(ConfName(conf), {value, "the " + s.family + " " + s.method + " method of the stanza at " +
                                      s.file + ":" + std::to_string(s.line)});
  }

  // Why inet6_set_iftoken() would return EINVAL now, or nullopt.
  std::optional<std::string> Refusal() const {
    const std::string& i = iface_;
    if (!RaAccepted(g_.forwarding.value, g_.accept_ra.value))
      return g_.when + ", " + i + " has forwarding=" + std::to_string(g_.forwarding.value) +
             " (from " + g_.forwarding.from + ") and accept_ra=" +
             std::to_string(g_.accept_ra.value) + " (from " + g_.accept_ra.from +
             "), and the kernel takes a token only while " + i +
             " accepts router advertisements (with forwarding on, only accept_ra 2)";
    if (g_.router_solicitations.value == 0)
      return g_.when + ", " + i + " has router_solicitations=0 (from " +
             g_.router_solicitations.from + "), and the kernel refuses a token while router "
             "solicitation is off";
    return std::nullopt;
  }

  const TokenGround& ground() const { return g_; }

 private:
  void Set(const std::string& key, TokenGround::Value v) {
    if (key == "forwarding") g_.forwarding = std::move(v);
    else if (key == "accept_ra") g_.accept_ra = std::move(v);
    else if (key == "router_solicitations") g_.router_solicitations = std::move(v);
  }
  TokenGround g_;
  std::string iface_;
};

std::string OneLine(std::string v) {
  for (char& c : v)
    if (c == '\n') c = ' ';
  return v;
}

std::string At(const std::string& file, int line) { return file + ":" + std::to_string(line); }

// The findings of one interface, built while its lines are walked.
class Judge {
 public:
  Judge(const std::vector<StanzaTurn>& turns, const std::vector<TokenGround>& grounds)
      : turns_(turns), first_(*turns.front().stanza) {
    for (const TokenGround& g : grounds) walks_.emplace_back(g, first_.iface);
    for (const StanzaTurn& t : turns)
      if (t.opted_in) has_token_option_ = true;
  }
  std::vector<CheckFinding> Run();

 private:
  void Lines(const StanzaTurn& t, bool after_method);
  void Line(const Option& o);
  void TokenLine(const Option& o, const TokenCommand& c);
  void Token(const In6& token, const Where& at, std::string what);
  void Add(CheckFinding::Level level, const Option& o, std::string text) {
    out_.push_back({o.file, o.line, level, first_.iface, std::move(text)});
  }
  std::string Replacement(const In6& token, const Option& o) const;
  std::string ForwardingFix() const;

  const std::vector<StanzaTurn>& turns_;
  const Stanza& first_;
  std::vector<Walk> walks_;
  bool has_token_option_ = false;
  // The first token written for the interface, and where: a differing one conflicts.
  std::optional<std::pair<In6, std::string>> token_;
  std::vector<CheckFinding> out_;
};

std::vector<CheckFinding> Judge::Run() {
  for (const StanzaTurn& t : turns_) {
    if (t.opted_in && t.parsed.ok() && t.parsed.options.token) {
      Where at = TokenAt(*t.stanza);
      Token(*t.parsed.options.token, at, "'token' at " + At(at.file, at.line));
    }
    Lines(t, false);
    for (Walk& w : walks_) w.Method(*t.stanza);
    Lines(t, true);
  }
  return out_;
}

void Judge::Lines(const StanzaTurn& t, bool after_method) {
  for (const Option& o : t.stanza->options)
    if (after_method ? IsUpCommand(o.name) : o.name == "pre-up") Line(o);
}

void Judge::Line(const Option& o) {
  for (Walk& w : walks_)
    for (const SysctlCommand& c : SysctlCommandsOf(o.value, first_.iface)) w.Sysctl(c, o);
  for (const TokenCommand& c : TokenCommandsOf(o.value, first_.iface))
    if (c.ours && !c.clears) TokenLine(o, c);
}

std::string Judge::Replacement(const In6& token, const Option& o) const {
  std::string option = "'token " + TokenValueFor(first_, token) + "'";
  bool first = std::any_of(first_.options.begin(), first_.options.end(),
                           [&](const Option& x) { return &x == &o; });
  return "replace the line with " + option +
         (first ? "" : " in the first stanza of " + first_.iface + " (" +
                           At(first_.file, first_.line) + ")") +
         ", which sets the token in pre-up after making accept_ra effective (2 while "
         "forwarding is on); 'iftoken migrate' rewrites it";
}

// Where forwarding can be turned off, when a file or a line turned it on.
std::string Judge::ForwardingFix() const {
  for (const Walk& w : walks_) {
    const TokenGround::Value& f = w.ground().forwarding;
    if (f.value && !f.set_by.empty())
      return ", or turn forwarding off (" + f.from + ")";
  }
  return "";
}

// A `token` option makes the line redundant (remove it); without one, the
// option replaces it. A pre-up line runs before the if-pre-up.d hooks, so it
// meets the kernel's rules before ifupdown-token could fix accept_ra.
void Judge::TokenLine(const Option& o, const TokenCommand& c) {
  bool redundant = has_token_option_;
  std::string head = "option " + o.name + ": '" + OneLine(o.value) + "' sets the token itself";
  if (c.token) Token(*c.token, {o.file, o.line}, "the " + o.name + " line at " + At(o.file, o.line));
  std::string refusals;
  for (const Walk& w : walks_)
    if (auto why = w.Refusal()) refusals += (refusals.empty() ? "" : "; and ") + *why;
  std::string fix = redundant ? "remove the command: 'token' sets the token after making "
                                "accept_ra effective"
                    : c.token ? Replacement(*c.token, o)
                              : "replace it with a 'token' option";
  if (!IsUpCommand(o.name) && redundant) head += ", before ifupdown-token's hook runs";
  if (!refusals.empty())
    return Add(CheckFinding::kError, o,
               head + ", and the kernel will refuse it with EINVAL: " + refusals + "; " + fix +
                   (redundant ? "" : ForwardingFix()));
  if (IsUpCommand(o.name))
    return Add(CheckFinding::kWarning, o,
               head + " after the method brought " + first_.iface +
                   " up, so addresses without it can appear first; " +
                   (redundant ? "remove it: 'token' sets it in pre-up, while the link is down"
                              : fix));
  Add(CheckFinding::kWarning, o,
      head + ": it fails with EINVAL whenever the kernel refuses a token (forwarding on with "
             "accept_ra 1, or accept_ra 0)" +
          (redundant ? ", and the two fight over the token; " : "; ") + fix);
}

// Two tokens for one interface: the one set last wins at every ifup.
void Judge::Token(const In6& token, const Where& at, std::string what) {
  if (!token_) {
    token_ = {token, std::move(what)};
    return;
  }
  if (token_->first == token) return;
  out_.push_back({at.file, at.line, CheckFinding::kError, first_.iface,
                  "a second token for " + first_.iface + ": " + token.str() + " here, " +
                      token_->first.str() + " from " + token_->second +
                      "; the one set last wins at each ifup, so keep one"});
}

}  // namespace

std::string TokenValueFor(const Stanza& first, const In6& token) {
  ParsedOptions p = HookOptions(first, {{"IF_TOKEN", "auto"}}).parsed;
  return p.ok() && p.options.token == token ? "auto" : token.str();
}

std::vector<CheckFinding> HandWrittenFindings(const std::vector<StanzaTurn>& turns,
                                              const std::vector<TokenGround>& grounds) {
  if (turns.empty()) return {};
  return Judge(turns, grounds).Run();
}

}  // namespace ift
