// Which stanza commands add addresses or set the token, read as sh(1) and ip(8) do.
#include "check/ip_commands.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "base/text.h"

namespace ift {
namespace {

// iproute2 takes any prefix of an object or command name.
bool Abbreviates(const std::string& word, std::string_view full, size_t min = 1) {
  return word.size() >= min && full.starts_with(word);
}

std::string Unquoted(std::string w) {
  while (!w.empty() && (w.back() == ';' || w.back() == '"' || w.back() == '\'')) w.pop_back();
  while (!w.empty() && (w.front() == '"' || w.front() == '\'')) w.erase(0, 1);
  return w;
}

bool NamesIface(const std::vector<std::string>& args, const std::string& iface) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] != "dev") continue;
    std::string d = Unquoted(args[i + 1]);
    return d == iface || d == "$IFACE" || d == "${IFACE}";
  }
  return false;
}

std::optional<Cidr> AddressAdded(const std::vector<std::string>& args, const std::string& iface) {
  if (args.size() < 3 || !Abbreviates(args[0], "address") ||
      !(Abbreviates(args[1], "add") || args[1] == "replace"))
    return std::nullopt;
  size_t i = args[2] == "local" ? 3 : 2;
  if (i >= args.size() || !NamesIface(args, iface)) return std::nullopt;
  return IpPrefix(Unquoted(args[i]));
}

// ip(8)'s object `token`: ip.c tries its objects in order and takes the first
// one the word abbreviates; "t" is `tunnel`, "to" already `token`.
bool NamesTokenObject(const std::string& word) { return Abbreviates(word, "token", 2); }

// iptoken.c tries list, lst, show, then set, add, then delete, del: "s" is
// `show`, "se" `set`. Returns "set" (also for add), "del", or "" (not a write).
std::string TokenVerb(const std::string& w) {
  if (Abbreviates(w, "list") || Abbreviates(w, "lst") || Abbreviates(w, "show")) return "";
  if (Abbreviates(w, "set") || Abbreviates(w, "add")) return "set";
  if (Abbreviates(w, "delete") || Abbreviates(w, "del")) return "del";
  return "";
}

// A word of its own that separates two sh(1) commands.
bool IsSeparator(const std::string& w) {
  return w == ";" || w == "&&" || w == "||" || w == "|" || w == "&";
}

// The words of the one command `args` begins, up to its separator (a word
// glued to its `;` is the last one, read without it by Unquoted()).
std::vector<std::string> OneCommand(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const std::string& w : args) {
    if (IsSeparator(w)) break;
    out.push_back(w);
    if (w.ends_with(";")) break;
  }
  return out;
}

std::string ResolvedDev(const std::string& word, const std::string& iface) {
  std::string d = Unquoted(word);
  return d == "$IFACE" || d == "${IFACE}" ? iface : d;
}

// iptoken_set(): `dev NAME` anywhere, the first other word is the token
// (get_prefix: an address, a /LEN allowed); `del` writes ::.
TokenCommand ReadTokenArgs(const std::vector<std::string>& args, bool del,
                           const std::string& iface) {
  TokenCommand t;
  bool have_token = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "dev" && i + 1 < args.size()) {
      if (t.dev.empty()) t.dev = ResolvedDev(args[++i], iface);
      else ++i;
    } else if (!have_token) {
      have_token = true;
      if (auto c = IpPrefix(Unquoted(args[i]))) t.token = c->addr;
    }
  }
  t.clears = del || (t.token && t.token->IsZero());
  if (del) t.token.reset();
  t.ours = !t.dev.empty() && t.dev == iface;
  return t;
}

bool SetsToken(const std::vector<std::string>& args) {
  return args.size() >= 2 && NamesTokenObject(args[0]) && !TokenVerb(args[1]).empty();
}

}  // namespace

std::optional<Cidr> IpPrefix(const std::string& text) {
  size_t slash = text.find('/');
  auto a = In6::Parse(text.substr(0, slash));
  if (!a) return std::nullopt;
  if (slash == std::string::npos) return Cidr{*a, 128};
  const char* digits = text.c_str() + slash + 1;
  char* end;
  long len = strtol(digits, &end, 10);
  if (end == digits || *end || len < 0 || len > 128) return std::nullopt;
  return Cidr{*a, int(len)};
}

std::vector<std::vector<std::string>> IpInvocations(const std::string& command) {
  std::vector<std::string> w = Words(command, kShellBlanks);
  std::vector<std::vector<std::string>> calls;
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i] != "ip" && !w[i].ends_with("/ip")) continue;
    size_t j = i + 1;
    while (j < w.size() && w[j].starts_with("-")) j += (w[j] == "-f" || w[j] == "-family") ? 2 : 1;
    calls.emplace_back(w.begin() + std::min(j, w.size()), w.end());
  }
  return calls;
}

std::vector<TokenCommand> TokenCommandsOf(const std::string& command, const std::string& iface) {
  std::vector<TokenCommand> found;
  for (const auto& call : IpInvocations(command)) {
    std::vector<std::string> args = OneCommand(call);
    if (!SetsToken(args)) continue;
    bool del = TokenVerb(args[1]) == "del";
    found.push_back(ReadTokenArgs({args.begin() + 2, args.end()}, del, iface));
  }
  return found;
}

bool IsUpCommand(const std::string& name) { return name == "up" || name == "post-up"; }

std::vector<const Option*> TokenCommands(const Stanza& s) {
  std::vector<const Option*> found;
  for (const Option& o : s.options) {
    if (o.name != "pre-up" && !IsUpCommand(o.name)) continue;
    if (!TokenCommandsOf(o.value, s.iface).empty()) found.push_back(&o);
  }
  return found;
}

std::vector<Cidr> UpAddressesOf(const Option& o, const std::string& iface) {
  std::vector<Cidr> out;
  if (!IsUpCommand(o.name)) return out;
  for (const auto& args : IpInvocations(o.value))
    if (auto c = AddressAdded(args, iface); c && !c->addr.IsLinkLocal()) out.push_back(*c);
  return out;
}

std::vector<Cidr> UpCommandAddresses(const Stanza& s) {
  std::vector<Cidr> out;
  for (const Option& o : s.options)
    for (const Cidr& c : UpAddressesOf(o, s.iface)) out.push_back(c);
  return out;
}

}  // namespace ift
