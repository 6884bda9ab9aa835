// A reader for interfaces(5), the way ifupdown 0.8.41 reads it (and, told
// so, the way ifupdown2 3.0 and ifupdown-ng 0.11 read it: see Dialect): `source` and
// `source-directory`, continuation lines, comments, `auto`/`allow-CLASS`,
// `iface` stanzas (with `inherits`), `mapping` blocks (skipped, with a note).
// `iftoken check` uses it to see the configuration ifup will act on.
//
// What ifupdown does on top of this (verified with `ifquery` 0.8.41 on
// tests/interfaces/; the reader does NOT do it, method_model.h does):
//  * Per stanza, options are first merged as MergedOptions() does. Then the
//    method appends a default for every option it knows that is unset, in this
//    order, and then converts:
//    inet6 static: autoconf=0, preferred-lifetime= (empty), dad-attempts=60,
//      dad-interval=0.1. Then hwaddress cleanup (below); preferred-lifetime is
//      forced to 0 when the interface name has ':' (even if set); `address`
//      is split at '/' like strtok (empty fields skipped): netmask=<second
//      field, or empty> is appended only if netmask is unset, and address
//      becomes the first field. A repeated address is split as one joined
//      string: "a/64\nb/64" gives address=a, netmask="64\nb" (b is lost for
//      the address); with netmask set too, b is silently dropped. Last:
//      gateway set and accept_ra unset -> accept_ra=0 appended.
//    inet6 auto: accept_ra=2, request_prefix=0, ll-attempts=60,
//      ll-interval=0.1 (no hwaddress cleanup).
//    inet6 dhcp: accept_ra=1, request_prefix=0, ll-attempts=60,
//      ll-interval=0.1; hwaddress cleanup.
//    inet6 manual, inet manual, inet dhcp: no defaults; hwaddress cleanup.
//    inet6 v4tunnel: preferred-lifetime= ; 6to4: preferred-lifetime=, and
//      hexaddress from `local`; inet6 tunnel: nothing.
//    inet static: address/len -> address, dotted netmask, computed broadcast.
//    hwaddress cleanup: a leading "ether " / "ax25 " / "ARCnet " / "netrom "
//      (any case) is dropped; "random" becomes a random local unicast MAC.
//  * `ifquery -i FILE IFACE` prints, for every stanza of IFACE in file order
//    (all families, nothing between stanzas), "name: value\n" per option
//    after the above; a joined value spans several lines. With a `mapping`
//    that matches, ifquery runs its script: use --no-mappings to compare.
//  * The hook environment has IF_<EnvName> for every option of the stanza
//    after the above, except the pre-up/up/down/post-down commands.
#ifndef IFTOKEN_IFUPDOWN_INTERFACES_H_
#define IFTOKEN_IFUPDOWN_INTERFACES_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace ift {

// Which implementation reads the file. They share the syntax of lines,
// comments and continuations, and differ in the rest:
//  ifupdown (0.8): as below.
//  ifupdown2 (3.0): `iface NAME` alone is taken (a family without a method
//    is static); NAME:LABEL is NAME; the stanzas of one interface stay
//    apart in `ifquery` and are merged when it runs them (`stanzas` holds
//    them merged, `written` as written); option names have '_' turned to
//    '-', `$IFACE` in a value is the interface's name; `netmask`, `scope`,
//    `broadcast` and `preferred-lifetime` belong to the address before them
//    (and are dropped without one); `source` is a glob relative to the
//    current directory (ifup runs in /), and there is no `source-directory`
//    (nor `mapping`, `no-scripts`, `no-auto-down`): such a line is an error
//    it reports and reads past, as any other line it cannot place; a file
//    with a '%' line is a Mako template, which ifupdown2 renders and iftoken
//    refuses to read (an error naming the line).
//  ifupdown-ng (0.11): one object per interface, every stanza of a name and
//    every `auto NAME` (after which option lines go to NAME) adding to it;
//    `lo` is always there; families and methods are hints (`dhcp`, `ppp`
//    pick an executor, the rest is ignored); `use EXECUTOR`, `template`,
//    `inherit`/`inherits` (copying the parent's options, which makes it a
//    template), executors picked from option names ("vlan-raw-device" uses
//    vlan), renamed options (NgOptionName()), one address per `address` line
//    as ADDR/LEN (the length from `netmask` or /24, /64); `source` names
//    one file, relative to the current directory, and a missing one makes
//    ifupdown-ng refuse the whole configuration; `source-directory` reads
//    every regular file of the directory. A line whose first word does not
//    start with a letter is skipped.
enum class Dialect { kIfupdown, kIfupdown2, kIfupdownNg };
const char* DialectName(Dialect d);  // "ifupdown", "ifupdown2", "ifupdown-ng"
// "ifupdown", "ifupdown2", "ifupdown-ng" (or "ng"); false for another name.
bool DialectNamed(std::string_view name, Dialect* d);

// One option line of a stanza, as written: `post-up` stays `post-up` here.
// `line` is the first physical line of a continued line (ifupdown's own
// messages give the last one).
struct Option {
  std::string name, value, file;
  int line = 0;
};

struct Stanza {
  // family: under ifupdown2, the families of the merged stanzas, comma-
  // separated ("inet,inet6"), as its ADDRFAM; under ifupdown-ng, empty.
  std::string iface, family, method, file;
  int line = 0;          // of the `iface` line
  std::string inherits;  // `inherits PARENT`, or empty
  // File order. With `inherits`, the parent's options come first, keeping the
  // parent's file and line.
  std::vector<Option> options;
  Dialect dialect = Dialect::kIfupdown;
  bool is_template = false;  // ifupdown-ng: only inherited from, never brought up
};

struct InterfacesFile {
  Dialect dialect = Dialect::kIfupdown;
  // File order, sourced files read in place. ifupdown2 and ifupdown-ng: one
  // per interface, its stanzas merged as they run it, in the order of the
  // first mention.
  std::vector<Stanza> stanzas;
  // ifupdown2: the stanzas as written (`ifquery` shows them apart).
  std::vector<Stanza> written;
  // Class -> interfaces in first-mention order: "auto" (from `auto` and
  // `allow-auto`), "hotplug" (from `allow-hotplug`), ... The class name is
  // what `ifup --allow=CLASS` takes and hooks see as $CLASS.
  std::map<std::string, std::vector<std::string>> classes;
  // Each name on an `auto`/`allow-CLASS` line, where it is written (an
  // interface there without an `iface` stanza fails `ifup -a`).
  struct Mention {
    std::string cls, iface, file;
    int line = 0;
  };
  std::vector<Mention> mentions;
  // fnmatch patterns from `no-scripts` (ifupdown runs no if-*.d hooks for a
  // matching interface) and `no-auto-down`.
  std::vector<std::string> no_scripts, no_auto_down;
  std::vector<Diagnostic> notes;   // worth telling
  std::vector<Diagnostic> errors;  // ifupdown refuses
  // Each `iface NAME` line with neither family nor method (also one of
  // `errors`): how ifupdown2 and ifupdown-ng write a stanza, which ifupdown
  // 0.8 refuses.
  std::vector<Mention> bare_ifaces;
};

// Bounds on what the reader takes in. ifupdown 0.8 has none: it recurses on
// a file that sources itself under a longer name each round (`source
// ./interfaces`: about 2,000 times, until the name is too long), waits on a
// FIFO, and grows one line without end on /dev/zero. A real configuration is a
// few KiB with lines of a few hundred bytes, nested two or three deep.
//  * A logical line (continuations joined): 64 KiB. Well above any real line,
//    and below what one value can take on its way to a hook (Linux limits one
//    environment string to 128 KiB, MAX_ARG_STRLEN).
//  * All files read for one configuration, each time it is read: 16 MiB.
//  * Files being read inside one another: 64 deep.
inline constexpr size_t kMaxLineBytes = 64 * 1024;
inline constexpr size_t kMaxTotalBytes = 16 * 1024 * 1024;
inline constexpr size_t kMaxSourceDepth = 64;

// Never throws for bad input: problems go to `errors`/`notes`. Only regular
// files and character devices are read (`source /dev/null` is an empty file,
// as in ifupdown; a device that does not end meets the bounds above); a FIFO,
// block device or socket is an error and is never opened in a way that blocks; a file that is already being read, whatever its name
// (same device and inode), is a source loop: an error, not followed. Like ifupdown,
// a file is read up to its first error only; an error in the top file makes
// ifupdown refuse everything, one in a sourced file makes it skip the rest of
// that file and go on (each case gets a note saying so).
// `root`: where the / of the configuration is ("" for this host's; a host
// image's tree for `iftoken check --root`): an absolute `source` path is read
// under it. Symbolic links are followed as the host's kernel resolves them.
// `dialect`: whose rules (see Dialect).
InterfacesFile ReadInterfaces(const std::string& path, const std::string& root = "",
                              Dialect dialect = Dialect::kIfupdown);

// ReadInterfaces(path) as it will be once `path` holds `text` (what it
// sources read from disk): an edit is judged before it is written.
InterfacesFile ReadInterfacesText(const std::string& path, const std::string& text,
                                  Dialect dialect = Dialect::kIfupdown);

// Why `path` cannot be read as the top interfaces file, or "" if it can: it
// does not exist or cannot be opened ("cannot read: ..."), is a directory,
// or is not a regular file (a FIFO, a device, a socket). Never blocks.
std::string UnreadableFile(const std::string& path);

// The stanzas of `iface`, all families, in file order.
std::vector<const Stanza*> StanzasOf(const InterfacesFile& f, std::string_view iface);

// The stanza's options as ifupdown stores them, before method defaults:
// post-up -> up, pre-down -> down; the pre-up/up/down/post-down commands stay
// one entry each; any other repeated option becomes one entry, at its first
// place, with the values joined by "\n"; `name? value` sets `name` only if it
// is still unset. Each entry keeps the file and line of its first line.
// For a `manual` stanza without hwaddress, this is exactly what ifquery prints.
std::vector<Option> MergedOptions(const Stanza& s);

// "dad-attempts" -> "IF_DAD_ATTEMPTS": upper case, '-' -> '_', any other
// character that is not [A-Za-z0-9_] dropped ("my.weird+opt" -> IF_MYWEIRDOPT).
std::string EnvName(std::string_view option);

}  // namespace ift

#endif  // IFTOKEN_IFUPDOWN_INTERFACES_H_
