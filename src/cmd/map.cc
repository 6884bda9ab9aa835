// `iftoken map`: the command line and output of the IPv4 <-> IPv6 embedding.
// iftoken map: the IPv4 <-> IPv6 embedding both ways (208.80.154.23 <->
// ::208:80:154:23 <-> 2620:0:861:1:208:80:154:23), and RFC 6052's.
#include <cstdio>

#include "base/embed.h"
#include "cmd/commands.h"

namespace po = boost::program_options;

namespace ift {

int RunMap(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("value", po::value<std::string>()->required(), "an IPv4 address, or an IPv6 address to map back")
      ("prefix", po::value<std::string>(), "PREFIX/64 to build the full address in (/32../96 with --rfc6052)")
      ("rfc6052", "the RFC 6052 embeddings (NAT64: /32, /40, /48, /56, /64, /96; default 64:ff9b::/96)")
      ("json", "one JSON document");
  // clang-format on
  po::positional_options_description pos;
  pos.add("value", 1).add("prefix", 1);
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv,
                        "iftoken map IPV4 [PREFIX/64] | iftoken map IPV6 [--rfc6052] [--json]",
                        desc, pos, &vm, &status))
    return status;
  std::optional<std::string_view> prefix;
  std::string p = vm.count("prefix") ? vm["prefix"].as<std::string>() : "";
  if (vm.count("prefix")) prefix = p;
  MapResult r = Map(vm["value"].as<std::string>(), prefix, vm.count("rfc6052"));
  fputs((vm.count("json") ? MapJson(r) : MapText(r)).c_str(), stdout);
  for (const std::string& w : r.warnings) fprintf(stderr, "iftoken map: warning: %s\n", w.c_str());
  if (!r.ok()) fprintf(stderr, "iftoken map: %s\n", r.error.c_str());
  return r.ok() ? kExitOk : kExitFindings;
}

}  // namespace ift
