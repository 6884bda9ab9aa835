// `iftoken list [-i FILE] [--json]`: the interfaces that opt in (a `token`
// option) and the ifupdown-token options of the stanza holding it, as a
// configuration-management engine reads them (`puppet resource
// ifupdown_token_interface`). One line an interface, or one JSON document.
#include <cstdio>

#include "base/json.h"
#include "check/check.h"
#include "cmd/commands.h"
#include "migrate/managed.h"

namespace po = boost::program_options;

namespace ift {
namespace {

Json ListJson(const std::vector<ManagedInterface>& list) {
  Json doc = Json::array();
  for (const ManagedInterface& m : list) {
    Json options = Json::object();
    for (const auto& [name, value] : m.options) options[name] = value;
    doc.push_back({{"iface", m.iface}, {"file", m.file}, {"line", m.line},
                   {"family", m.family}, {"method", m.method}, {"options", options}});
  }
  return doc;
}

// "eno1 /etc/network/interfaces:2 inet static: token auto, token-wait 10"
void PrintLines(const std::vector<ManagedInterface>& list) {
  for (const ManagedInterface& m : list) {
    printf("%s %s:%d %s %s:", m.iface.c_str(), m.file.c_str(), m.line, m.family.c_str(),
           m.method.c_str());
    const char* sep = " ";
    for (const auto& [name, value] : m.options) {
      printf("%s%s %s", sep, name.c_str(), value.c_str());
      sep = ", ";
    }
    printf("\n");
  }
}

}  // namespace

int RunList(int argc, char** argv) {
  po::options_description desc("options");
  // clang-format off
  desc.add_options()
      ("interfaces,i", po::value<std::string>()->default_value("/etc/network/interfaces"),
       "the interfaces(5) file to read (with what it sources)")
      ("json", "print one JSON document instead of lines");
  // clang-format on
  po::variables_map vm;
  int status;
  if (!ParseCommandLine(argc, argv, "iftoken list [-i FILE] [--json]", desc, {}, &vm, &status))
    return status;
  std::string path = vm["interfaces"].as<std::string>();
  if (std::string why = UnreadableInterfaces(path); !why.empty()) {
    fprintf(stderr, "iftoken list: %s: %s\n", path.c_str(), why.c_str());
    return kExitUsage;
  }
  std::vector<ManagedInterface> list = ManagedInterfaces(ReadInterfaces(path));
  if (vm.count("json")) printf("%s\n", LaidOutJson(ListJson(list), 1).c_str());
  else PrintLines(list);
  return kExitOk;
}

}  // namespace ift
