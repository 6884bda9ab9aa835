// bexec: the timing program of `make bench` (tests/bench/run). Bash cannot time
// a sub-millisecond exec without adding a fork of its own, so this spawns the
// commands itself (posix_spawn, as cheap a launcher as there is) and times them
// with CLOCK_MONOTONIC; wait4() gives each child's peak RSS.
//
//   bexec ab RUNS SPEC OUT   A/B(/C...) alternating: for each run, every case of
//                            SPEC in turn (order reversed on odd runs), each
//                            preceded by its untimed reset; OUT gets one line per
//                            case and run: case run ns maxrss_kb status cpu_ns
//   bexec wrap LOG TAG CMD.. times CMD (environment inherited, as ifupdown's
//                            run-parts gives it) and appends
//                            "TAG IFACE ns maxrss_kb status cpu_ns" to LOG; exits
//                            as CMD
//   bexec watch IFACE ADDR   item 6's address watcher: prints "ready" once it
//                            listens, then "usable NS" the first time ADDR is on
//                            IFACE and usable (not tentative, or optimistic;
//                            not dadfailed), and "mac global|link NS ADDR" for
//                            each address whose IID is IFACE's MAC's EUI-64;
//                            NS is CLOCK_REALTIME. Address events alone miss an
//                            optimistic address (the kernel announces it only
//                            at the end of DAD), so it also dumps every 5 ms.
// ns is wall time (CLOCK_MONOTONIC), cpu_ns the children's user + system time
// (wait4; the kernel scales it to the scheduler's exact runtime), which waiting
// for a CPU on a loaded machine does not inflate.
//
// SPEC: one directive per line, fields separated by tabs:
//   case NAME          starts a case
//   env K=V ...        the environment of the case's commands (nothing else)
//   reset ARGV...      untimed, before each timed run of the case (inherits ours)
//   cmd ARGV...        timed, in order; the case's time is all of them
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

using Argv = std::vector<std::string>;

struct Case {
  std::string name;
  Argv env;
  std::vector<Argv> resets, cmds;
};

int64_t Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::vector<char*> CStrings(const Argv& v) {
  std::vector<char*> out;
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Runs argv to completion; returns its wait status, raises *rss to its peak RSS
// and adds its CPU time to *cpu.
int Run(const Argv& argv, char** env, long* rss, int64_t* cpu) {
  std::vector<char*> a = CStrings(argv);
  pid_t pid;
  int e = posix_spawn(&pid, a[0], nullptr, nullptr, a.data(), env);
  if (e) {
    fprintf(stderr, "bexec: cannot run %s: %s\n", a[0], strerror(e));
    return 127 << 8;
  }
  int status = 0;
  rusage ru{};
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) return 127 << 8;
  }
  if (rss && ru.ru_maxrss > *rss) *rss = ru.ru_maxrss;
  if (cpu)
    *cpu += (int64_t(ru.ru_utime.tv_sec) + ru.ru_stime.tv_sec) * 1000000000 +
            (int64_t(ru.ru_utime.tv_usec) + ru.ru_stime.tv_usec) * 1000;
  return status;
}

int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<Case> ReadSpec(const char* path) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    Argv f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    std::string what = f[0];
    f.erase(f.begin());
    if (what == "case") cases.push_back(Case{f.at(0), {}, {}, {}});
    else if (cases.empty()) { fprintf(stderr, "bexec: %s: '%s' before 'case'\n", path, what.c_str()); exit(2); }
    else if (what == "env") cases.back().env = f;
    else if (what == "reset") cases.back().resets.push_back(f);
    else if (what == "cmd") cases.back().cmds.push_back(f);
    else { fprintf(stderr, "bexec: %s: unknown directive '%s'\n", path, what.c_str()); exit(2); }
  }
  return cases;
}

int Ab(int runs, const char* spec, const char* out_path) {
  std::vector<Case> cases = ReadSpec(spec);
  FILE* out = fopen(out_path, "w");
  if (!out || cases.empty()) { fprintf(stderr, "bexec: bad spec or output\n"); return 2; }
  for (int run = 0; run < runs; ++run) {
    for (size_t k = 0; k < cases.size(); ++k) {
      const Case& c = cases[run % 2 ? cases.size() - 1 - k : k];
      for (const Argv& r : c.resets) {
        int st = Run(r, environ, nullptr, nullptr);
        if (st) { fprintf(stderr, "bexec: reset of %s failed (%d)\n", c.name.c_str(), ExitCode(st)); return 1; }
      }
      std::vector<char*> env = CStrings(c.env);
      long rss = 0;
      int64_t cpu = 0;
      int st = 0;
      int64_t t0 = Now();
      for (const Argv& cmd : c.cmds)
        if ((st = Run(cmd, env.data(), &rss, &cpu))) break;
      int64_t t1 = Now();
      fprintf(out, "%s\t%d\t%lld\t%ld\t%d\t%lld\n", c.name.c_str(), run, (long long)(t1 - t0), rss,
              ExitCode(st), (long long)cpu);
      if (st) { fprintf(stderr, "bexec: %s failed (exit %d)\n", c.name.c_str(), ExitCode(st)); fclose(out); return 1; }
    }
  }
  fclose(out);
  return 0;
}

int Wrap(const char* log, const char* tag, char** argv) {
  Argv a;
  for (; *argv; ++argv) a.push_back(*argv);
  long rss = 0;
  int64_t cpu = 0;
  int64_t t0 = Now();
  int st = Run(a, environ, &rss, &cpu);
  int64_t t1 = Now();
  const char* iface = getenv("IFACE");
  char line[256];
  int n = snprintf(line, sizeof line, "%s\t%s\t%lld\t%ld\t%d\t%lld\n", tag, iface ? iface : "-",
                   (long long)(t1 - t0), rss, ExitCode(st), (long long)cpu);
  int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) {
    if (write(fd, line, size_t(n)) != n) perror("bexec: log");
    close(fd);
  }
  return ExitCode(st);
}

int64_t RealNow() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

struct Watcher {
  unsigned index = 0;
  unsigned char want[16] = {}, iid[8] = {};
  bool usable = false, mac_global = false, mac_link = false;

  void Address(const unsigned char* a, uint32_t flags) {
    bool ok =
        !(flags & IFA_F_DADFAILED) && (!(flags & IFA_F_TENTATIVE) || (flags & IFA_F_OPTIMISTIC));
    if (!usable && ok && !memcmp(a, want, 16)) {
      usable = true;
      printf("usable %lld\n", (long long)RealNow());
    }
    if (memcmp(a + 8, iid, 8)) return;
    bool link = a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
    bool& seen = link ? mac_link : mac_global;
    if (seen) return;
    seen = true;
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, a, text, sizeof text);
    printf("mac %s %lld %s\n", link ? "link" : "global", (long long)RealNow(), text);
  }
  void Message(const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWADDR) return;
    auto* ifa = static_cast<const ifaddrmsg*>(NLMSG_DATA(h));
    if (ifa->ifa_family != AF_INET6 || ifa->ifa_index != index) return;
    uint32_t flags = ifa->ifa_flags;
    const unsigned char* addr = nullptr;
    int len = int(IFA_PAYLOAD(h));
    for (auto* rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
      if (rta->rta_type == IFA_ADDRESS && RTA_PAYLOAD(rta) >= 16)
        addr = static_cast<unsigned char*>(RTA_DATA(rta));
      if (rta->rta_type == IFA_FLAGS && RTA_PAYLOAD(rta) >= 4) memcpy(&flags, RTA_DATA(rta), 4);
    }
    if (addr) Address(addr, flags);
  }
};

int Watch(const char* iface, const char* addr) {
  Watcher w;
  w.index = if_nametoindex(iface);
  unsigned m[6];
  std::ifstream mac(std::string("/sys/class/net/") + iface + "/address");
  std::string text;
  mac >> text;
  if (!w.index || inet_pton(AF_INET6, addr, w.want) != 1 ||
      sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) {
    fprintf(stderr, "bexec watch: no interface %s, or a bad address %s\n", iface, addr);
    return 2;
  }
  const unsigned char iid[8] = {
      (unsigned char)(m[0] ^ 2), (unsigned char)m[1], (unsigned char)m[2], 0xff, 0xfe,
      (unsigned char)m[3],       (unsigned char)m[4], (unsigned char)m[5]};
  memcpy(w.iid, iid, 8);
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  sockaddr_nl sa{};
  sa.nl_family = AF_NETLINK;
  sa.nl_groups = RTMGRP_IPV6_IFADDR;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa))
    return perror("bexec watch"), 1;
  setvbuf(stdout, nullptr, _IOLBF, 0);
  printf("ready\n");
  static char buf[1 << 16];
  for (uint32_t seq = 1;; ++seq) {
    struct {
      nlmsghdr h;
      ifaddrmsg a;
    } req{};
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = RTM_GETADDR;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = seq;
    req.a.ifa_family = AF_INET6;
    if (send(fd, &req, sizeof req, 0) < 0) return perror("bexec watch: send"), 1;
    int64_t until = Now() + 5000000;
    bool dumped = false;
    for (;;) {
      int left = int((until - Now()) / 1000000);
      pollfd p{fd, POLLIN, 0};
      if (dumped && left <= 0) break;
      if (poll(&p, 1, dumped ? left : 1000) <= 0) continue;
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n < 0) continue;  // ENOBUFS: the next dump catches up
      for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
        if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
          dumped = dumped || h->nlmsg_seq == seq;
        else w.Message(h);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && !strcmp(argv[1], "ab")) return Ab(atoi(argv[2]), argv[3], argv[4]);
  if (argc >= 5 && !strcmp(argv[1], "wrap")) return Wrap(argv[2], argv[3], argv + 4);
  if (argc >= 4 && !strcmp(argv[1], "watch")) return Watch(argv[2], argv[3]);
  fprintf(stderr, "usage: bexec ab RUNS SPEC OUT | bexec wrap LOG TAG CMD...\n");
  return 2;
}
