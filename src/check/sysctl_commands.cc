// Sysctl writes in stanza commands, read as sh(1) and procps' sysctl(8) do.
#include "check/sysctl_commands.h"

#include <optional>
#include <set>
#include <string_view>

#include "check/shell_words.h"
#include "check/sysctl_files.h"

namespace ift {
namespace {

// One simple command: its words, and where its standard output goes.
struct Simple {
  std::vector<const ShellWord*> args;
  std::vector<const ShellWord*> stdout_files;  // > FILE, >> FILE, 1> FILE
  bool piped = false;                          // a '|' sends its output to the next one
};

// ">" ">>" ">|" with no fd or fd 1; not "2>", "<", ">&" (a dup, not a file).
bool WritesStdout(std::string_view op) {
  size_t digits = op.find_first_not_of("0123456789");
  std::string_view fd = op.substr(0, digits), rest = op.substr(digits);
  return (fd.empty() || fd == "1") && (rest == ">" || rest == ">>" || rest == ">|");
}

std::vector<Simple> SimpleCommands(const std::vector<ShellWord>& w) {
  std::vector<Simple> cmds(1);
  for (size_t i = 0; i < w.size(); ++i) {
    if (!w[i].op) {
      cmds.back().args.push_back(&w[i]);
    } else if (w[i].text.find_first_of("<>") != std::string::npos) {
      if (i + 1 >= w.size() || w[i + 1].op) continue;
      if (WritesStdout(w[i].text)) cmds.back().stdout_files.push_back(&w[i + 1]);
      ++i;
    } else {
      cmds.back().piped = w[i].text == "|";
      cmds.emplace_back();
    }
  }
  return cmds;
}

// Where the command's name is: after reserved words that start a compound
// command or negate it, "exec"/"command", and variable assignments.
size_t NameIndex(const std::vector<const ShellWord*>& args) {
  static const std::set<std::string_view> kSkipped = {"!",    "{",  "if",   "then",    "else",
                                                      "elif", "do", "exec", "command", "sudo"};
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& t = args[i]->text;
    size_t eq = t.find('=');
    bool assignment = eq != std::string::npos && eq > 0 &&
                      t.find_first_not_of(
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == eq;
    if (!assignment && !kSkipped.count(t)) break;
  }
  return i;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// procps sysctl.c main(): "if (WriteMode || strchr(*argv, '='))" an argument
// is written, else read; -p/-f/--load/--system read files instead, which
// are not this command line's settings.
void SysctlArgs(const std::vector<const ShellWord*>& args, std::vector<SysctlCommand>* out) {
  std::vector<SysctlCommand> found;
  bool options = true;
  for (const ShellWord* a : args) {
    const std::string& t = a->text;
    if (options && t == "--") {
      options = false;
      continue;
    }
    if (options && t.size() > 1 && t[0] == '-') {
      if (t == "--load" || t.starts_with("--load=") || t == "--system") return;
      bool flags = t[1] != '-' && t.find('=') == std::string::npos;
      if (flags && t.find_first_of("pf") != std::string::npos) return;
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos) continue;
    std::string path = SysctlPath(Trimmed(std::string_view(t).substr(0, eq)));
    if (path.empty()) continue;
    found.push_back({path, std::string(Trimmed(std::string_view(t).substr(eq + 1))), !a->expanded});
  }
  out->insert(out->end(), found.begin(), found.end());
}

struct Written {
  std::string value;
  bool literal = true;
};

// echo(1) as dash and bash run it: leading -n/-e/-E flags, then the words
// joined by spaces (the kernel ignores the trailing newline).
Written EchoValue(const std::vector<const ShellWord*>& args) {
  Written w;
  size_t i = 0;
  while (i < args.size() && args[i]->text.size() > 1 && args[i]->text[0] == '-' &&
         args[i]->text.find_first_not_of("neE", 1) == std::string::npos)
    ++i;
  for (size_t k = i; k < args.size(); ++k) {
    w.value += (k > i ? " " : "") + args[k]->text;
    if (args[k]->expanded) w.literal = false;
  }
  return w;
}

// printf(1): "%s" or "%d" and the like take the first argument; a format
// without conversions is the value itself.
Written PrintfValue(const std::vector<const ShellWord*>& args) {
  if (args.empty()) return {"", true};
  std::string format = args[0]->text;
  if (format.ends_with("\\n")) format.resize(format.size() - 2);
  static const std::set<std::string_view> kOneArg = {"%s", "%d", "%i", "%u"};
  if (kOneArg.count(format)) {
    if (args.size() < 2) return {"", !args[0]->expanded};
    return {args[1]->text, !args[0]->expanded && !args[1]->expanded};
  }
  bool plain = format.find_first_of("%\\") == std::string::npos;
  return {format, plain && !args[0]->expanded};
}

// The sysctl a /proc/sys file is: "/proc/sys/net/ipv6/conf/eno1.100/autoconf"
// is "net/ipv6/conf/eno1.100/autoconf" (after a '/' dots are literal).
std::optional<std::string> ProcSysPath(const std::string& file) {
  constexpr std::string_view kProcSys = "/proc/sys/";
  if (!file.starts_with(kProcSys)) return std::nullopt;
  std::string path = SysctlPath(std::string_view(file).substr(kProcSys.size() - 1));
  if (path.empty()) return std::nullopt;
  return path;
}

void AddWrites(const std::vector<const ShellWord*>& files, const Written& w,
               std::vector<SysctlCommand>* out) {
  for (const ShellWord* f : files)
    if (auto path = ProcSysPath(f->text))
      out->push_back({*path, w.value, w.literal && !f->expanded});
}

}  // namespace

std::vector<SysctlCommand> SysctlCommandsOf(const std::string& command, const std::string& iface) {
  std::vector<ShellWord> words = ShellWords(command, iface);
  std::vector<Simple> cmds = SimpleCommands(words);
  std::vector<SysctlCommand> out;
  for (size_t k = 0; k < cmds.size(); ++k) {
    const Simple& c = cmds[k];
    size_t n = NameIndex(c.args);
    if (n >= c.args.size()) continue;
    std::string_view name = BaseName(c.args[n]->text);
    std::vector<const ShellWord*> args(c.args.begin() + n + 1, c.args.end());
    if (name == "sysctl") {
      SysctlArgs(args, &out);
      continue;
    }
    if (name != "echo" && name != "printf") continue;
    Written w = name == "echo" ? EchoValue(args) : PrintfValue(args);
    AddWrites(c.stdout_files, w, &out);
    // "echo 1 | tee /proc/sys/...": tee(1) writes every FILE argument.
    if (!c.piped || k + 1 >= cmds.size()) continue;
    const Simple& next = cmds[k + 1];
    size_t t = NameIndex(next.args);
    if (t >= next.args.size() || BaseName(next.args[t]->text) != "tee") continue;
    std::vector<const ShellWord*> files;
    for (size_t i = t + 1; i < next.args.size(); ++i)
      if (!next.args[i]->text.starts_with("-")) files.push_back(next.args[i]);
    AddWrites(files, w, &out);
  }
  return out;
}

}  // namespace ift
