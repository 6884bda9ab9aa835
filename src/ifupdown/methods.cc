// The table of ifupdown 0.8.41's address families, methods and their options.
#include "ifupdown/methods.h"

#include <algorithm>
#include <vector>

#include "base/text.h"

namespace ift {
namespace {

struct Method {
  const char* family;
  const char* method;
  const char* options;  // space-separated
};

// interfaces(5) of ifupdown 0.8.41, linux, every family and method, the
// families in the order interfaces(5) lists them.
const Method kMethods[] = {
    {"inet", "loopback", ""},
    {"inet", "static", "address netmask broadcast metric gateway pointopoint hwaddress mtu scope"},
    {"inet", "manual", "hwaddress mtu"},
    {"inet", "dhcp", "hostname metric leasetime vendor client hwaddress"},
    {"inet", "bootp", "bootfile server hwaddr"},
    {"inet", "tunnel", "address mode endpoint dstaddr local metric gateway ttl mtu"},
    {"inet", "ppp", "provider unit options"},
    {"inet", "wvdial", "provider"},
    {"inet", "ipv4ll", ""},
    {"inet6", "auto", "privext accept_ra dhcp request_prefix ll-attempts ll-interval"},
    {"inet6", "loopback", ""},
    {"inet6", "static",
     "address netmask metric gateway media hwaddress mtu accept_ra autoconf privext scope "
     "preferred-lifetime dad-attempts dad-interval"},
    {"inet6", "manual", "hwaddress mtu"},
    {"inet6", "dhcp", "hwaddress accept_ra autoconf request_prefix ll-attempts ll-interval"},
    {"inet6", "tunnel",
     "address netmask mode endpoint dstaddr local metric gateway ttl mtu encaplimit"},
    {"inet6", "v4tunnel",
     "address netmask endpoint local metric gateway ttl mtu preferred-lifetime"},
    {"inet6", "6to4", "local metric ttl mtu preferred-lifetime"},
    {"ipx", "static", "frame netnum"},
    {"ipx", "dynamic", "frame"},
    {"can", "static", "bitrate samplepoint loopback listenonly triple oneshot berr restart-ms"},
    {"meta", "none", ""},
};

bool Lists(const char* options, std::string_view option) {
  std::vector<std::string> words = Words(options, " ");
  return std::find(words.begin(), words.end(), option) != words.end();
}

// "a", "a and b", "a, b and c".
std::string Enumeration(const std::vector<std::string>& names, const char* last) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
  return out;
}

}  // namespace

bool IsFamily(std::string_view family) {
  return std::any_of(std::begin(kMethods), std::end(kMethods),
                     [&](const Method& m) { return family == m.family; });
}

std::string FamilyNames() {
  std::vector<std::string> names;
  for (const Method& m : kMethods)
    if (names.empty() || names.back() != m.family) names.push_back(m.family);
  return Enumeration(names, ", ");
}

bool IsMethod(std::string_view family, std::string_view method) {
  return std::any_of(std::begin(kMethods), std::end(kMethods),
                     [&](const Method& m) { return family == m.family && method == m.method; });
}

bool MethodTakes(std::string_view family, std::string_view method, std::string_view option) {
  for (const Method& m : kMethods)
    if (family == m.family && method == m.method) return Lists(m.options, option);
  return false;
}

std::string MethodsTaking(std::string_view option) {
  std::vector<std::string> names;
  for (const Method& m : kMethods)
    if (Lists(m.options, option)) names.push_back(std::string(m.family) + " " + m.method);
  return Enumeration(names, " and ");
}

bool EveryStanzaTakes(std::string_view option) {
  return IsCommand(option) || option == "post-up" || option == "pre-down" ||
         option == "description" || option == "hwaddress" || option == "mtu";
}

bool IsCommand(std::string_view option) {
  return option == "pre-up" || option == "up" || option == "down" || option == "post-down";
}

}  // namespace ift
