// What an action says in `ifup -v` and `iftoken plan`.
#include "pipeline/action.h"

#include "base/overloaded.h"

namespace ift {

std::string Describe(const Action& action) {
  auto num = [](int n) { return std::to_string(n); };
  return std::visit(
      Visitor{
          [&](const SetSysctl& s) {
            return std::string(ConfName(s.conf)) + " " + num(s.from) + " -> " + num(s.to);
          },
          [](const SetToken& t) {
            return t.to.IsZero() ? "token cleared (was " + t.from.str() + ")"
                                 : "token " + t.to.str();
          },
          [](const SetAddrGenMode& m) {
            return std::string("addr_gen_mode ") + AddrGenModeName(m.from) + " -> " +
                   AddrGenModeName(m.to);
          },
          [](const AddAddress& a) {
            return "address " + a.spec.cidr.str() + (a.spec.nodad ? " nodad" : "") +
                   (a.spec.optimistic ? " optimistic" : "");
          },
          [](const DelAddress& d) { return "remove address " + d.cidr.str(); },
          [](const DropAddress& d) {
            return "remove address " + d.cidr.str() +
                   (d.cidr.addr.IsLinkLocal() ? " (the kernel's link-local)"
                                              : " (built without the token)");
          },
          [](const AddRoute& r) {
            return "default route via " + r.route.gateway.str() + " metric " +
                   std::to_string(r.route.metric);
          },
          [](const DelRoute& r) { return "remove default route via " + r.route.gateway.str(); },
      },
      action);
}

}  // namespace ift
