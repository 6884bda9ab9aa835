// `iftoken monitor`: IPv6 address events, printed as they come.
// iftoken monitor: every IPv6 address event, timestamped, one line each — what
// a person or a test uses to prove that no other address ever appeared.
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/time.h>
#include <time.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "base/json.h"
#include "cmd/commands.h"
#include "netlink/address_events.h"

namespace po = boost::program_options;

namespace ift {

namespace {

std::string Timestamp() {
  timeval tv;
  gettimeofday(&tv, nullptr);
  tm t;
  gmtime_r(&tv.tv_sec, &t);
  char buf[40];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &t);
  snprintf(buf + n, sizeof buf - n, ".%06ldZ", long(tv.tv_usec));
  return buf;
}

std::string IfaceName(int index) {
  char name[IF_NAMESIZE];
  return if_indextoname(unsigned(index), name) ? name : "if" + std::to_string(index);
}

const char* ScopeName(uint8_t scope) {
  switch (scope) {
    case 0: return "global";
    case 200: return "site";
    case 253: return "link";
    case 254: return "host";
  }
  return "other";
}

void Print(const AddressEvent& e, bool json) {
  const Address& a = e.address;
  const char* kind = e.removed ? "del" : "new";
  std::string iface = IfaceName(e.index);
  if (json) {
    Json event = {{"time", Timestamp()},
                  {"event", kind},
                  {"iface", iface},
                  {"index", e.index},
                  {"address", a.cidr.addr.str()},
                  {"prefix", a.cidr.len},
                  {"scope", ScopeName(a.scope)},
                  {"flags", AddressFlagNames(a.flags)},
                  {"preferred", a.preferred},
                  {"valid", a.valid}};
    printf("%s\n", CompactJson(event).c_str());
  } else {
    printf("%s %s %s %s scope %s %s preferred %s valid %s\n", Timestamp().c_str(), kind,
           iface.c_str(), a.cidr.str().c_str(), ScopeName(a.scope),
           AddressFlagNames(a.flags).c_str(), LifetimeText(a.preferred).c_str(),
           LifetimeText(a.valid).c_str());
  }
  fflush(stdout);  // a test reads the recording while we run
}

int ElapsedMs(const timespec& start) {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
}

// Prints the events of interface `only` (0: all) until limit_ms (-1: forever).
int Watch(int only, int limit_ms, bool json) {
  AddressEvents events;
  if (Status s = events.Open(); !s.ok()) {
    fprintf(stderr, "iftoken monitor: cannot listen to address events: %s\n", strerror(s.err));
    return kExitFindings;
  }
  timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    int left = limit_ms < 0 ? -1 : limit_ms - ElapsedMs(start);
    if (limit_ms >= 0 && left <= 0) return kExitOk;
    AddressEvent e;
    Status s = events.Next(left, &e);
    if (s.err == ETIMEDOUT) return kExitOk;
    if (s.err == ENOBUFS) {
      fprintf(stderr, "iftoken monitor: events were lost (receive buffer overrun)\n");
      continue;
    }
    if (!s.ok()) {
      fprintf(stderr, "iftoken monitor: %s\n", strerror(s.err));
      return kExitFindings;
    }
    if (!only || e.index == only) Print(e, json);
  }
}

}  // namespace

int RunMonitor(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("iface", po::value<std::string>(), "only this interface's events")
      ("for", po::value<double>(), "stop after SECONDS")
      ("json", "one JSON object per line");
  // clang-format on
  po::positional_options_description pos;
  pos.add("iface", 1);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, "iftoken monitor [IFACE] [--for SECONDS] [--json]", desc, pos,
                        &vm, &status))
    return status;
  int only = 0;
  if (vm.count("iface")) {
    std::string name = vm["iface"].as<std::string>();
    only = int(if_nametoindex(name.c_str()));
    if (!only) {
      fprintf(stderr, "iftoken monitor: interface '%s' does not exist\n", name.c_str());
      return kExitFindings;
    }
  }
  return Watch(only, vm.count("for") ? int(vm["for"].as<double>() * 1000) : -1, vm.count("json"));
}

}  // namespace ift
