// The vocabulary of interfaces(5) in ifupdown 0.8.41 on Linux: the address
// families, the methods of each, and the options each method takes. The
// reader accepts a stanza by it; `iftoken check` names an option a method
// ignores by it.
#ifndef IFTOKEN_IFUPDOWN_METHODS_H_
#define IFTOKEN_IFUPDOWN_METHODS_H_

#include <string>
#include <string_view>

namespace ift {

// inet, inet6, ipx, can, meta.
bool IsFamily(std::string_view family);
// "inet, inet6, ipx, can, meta": every family, for a message.
std::string FamilyNames();
// `method` is one of `family`'s (inet6: auto, loopback, static, manual, dhcp,
// tunnel, v4tunnel, 6to4; ...).
bool IsMethod(std::string_view family, std::string_view method);

// The options FAMILY METHOD takes, without the ones every stanza takes
// (EveryStanzaTakes).
bool MethodTakes(std::string_view family, std::string_view method, std::string_view option);
// "inet tunnel, inet6 tunnel and inet6 v4tunnel": every method that takes it,
// or "" when none does.
std::string MethodsTaking(std::string_view option);
// pre-up, up, down, post-down, post-up, pre-down, description, hwaddress, mtu.
bool EveryStanzaTakes(std::string_view option);

// pre-up, up, down, post-down: the commands ifupdown runs itself, and does
// not export to the hooks (after MergedOptions: post-up is up, pre-down down).
bool IsCommand(std::string_view option);

}  // namespace ift

#endif  // IFTOKEN_IFUPDOWN_METHODS_H_
