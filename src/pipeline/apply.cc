// Carries out a plan's actions: all or nothing, journaled, or each (the undo).
#include "pipeline/apply.h"

#include <cerrno>

#include "base/overloaded.h"
#include "pipeline/rules.h"

namespace ift {

namespace {

// Runs one action; returns the explained error, or "" on success, and the
// kernel's answer in *answer.
std::string Run(Kernel& k, const Snapshot& snap, const Action& action, Status* answer = nullptr) {
  int index = snap.link.index;
  Status st;
  std::string error = std::visit(Visitor{
      [&](const SetSysctl& s) {
        st = k.WriteSysctl(snap.iface, ConfName(s.conf), s.to);
        return st.ok() ? "" : ExplainSysctlError(snap, s.conf, s.to, st);
      },
      [&](const SetToken& t) {
        st = k.SetToken(index, t.to);
        std::string what = t.to.IsZero() ? "cannot clear the token" : "cannot set token " + t.to.str();
        return st.ok() ? "" : what + ": " + ExplainTokenError(snap, st);
      },
      [&](const SetAddrGenMode& m) {
        st = k.SetAddrGenMode(index, m.to);
        std::string what = std::string("addr_gen_mode ") + AddrGenModeName(m.to);
        if (st.ok()) return std::string();
        return NoAnswer(what, st).value_or("cannot set " + what + " on " + snap.iface + KernelSaid(st));
      },
      [&](const AddAddress& a) {
        st = k.AddAddress(index, a.spec);
        return st.ok() ? "" : ExplainAddressError(snap, a.spec.cidr, st);
      },
      [&](const auto& d) -> std::string {  // DelAddress, DropAddress: gone already is fine
        st = k.DelAddress(index, d.cidr);
        bool gone = st.err == EADDRNOTAVAIL || st.err == ENOENT || st.err == ENODEV;
        return st.ok() || gone ? "" : "cannot remove address " + d.cidr.str() + " from " +
                                          snap.iface + KernelSaid(st);
      },
      [&](const AddRoute& r) {  // already there (EEXIST) is no failure; `answer` tells
        st = k.AddRoute(index, r.route);
        return st.ok() || st.err == EEXIST ? "" : ExplainRouteError(snap, r.route, st);
      },
      [&](const DelRoute& r) {
        st = k.DelRoute(index, r.route);
        return st.ok() || st.err == ESRCH ? "" : "cannot remove the default route via " +
                                                     r.route.gateway.str() + KernelSaid(st);
      },
  }, action);
  if (answer) *answer = st;
  return error;
}

// Keeps the snapshot as the actions applied so far left it, so that a later
// error is explained from the values the plan wrote (an accept_ra it raised),
// not from those before it.
void Track(Snapshot* live, const Action& a) {
  if (const auto* s = std::get_if<SetSysctl>(&a); s && size_t(s->conf) < live->link.conf.size())
    live->link.conf[size_t(s->conf)] = s->to;
}

}  // namespace

Action Inverse(const Action& a) {
  return std::visit(Visitor{
      [](const SetSysctl& s) -> Action { return SetSysctl{s.conf, s.to, s.from}; },
      [](const SetToken& t) -> Action { return SetToken{t.to, t.from}; },
      [](const SetAddrGenMode& m) -> Action { return SetAddrGenMode{m.to, m.from}; },
      [](const AddAddress& x) -> Action { return DelAddress{x.spec.cidr}; },
      [](const DelAddress& d) -> Action { return AddAddress{AddressSpec{d.cidr}}; },
      [](const DropAddress& d) -> Action { return d; },
      [](const AddRoute& r) -> Action { return DelRoute{r.route}; },
      [](const DelRoute& r) -> Action { return AddRoute{r.route}; },
  }, a);
}

Applied ApplyAll(Kernel& k, const Snapshot& snap, const std::vector<Action>& actions) {
  Applied out;
  Snapshot live = snap;
  for (const Action& a : actions) {
    out.error = Run(k, live, a);
    if (!out.error.empty()) break;
    out.done.push_back(a);
    Track(&live, a);
  }
  if (out.ok()) return out;
  for (auto it = out.done.rbegin(); it != out.done.rend(); ++it) {
    if (std::holds_alternative<DropAddress>(*it)) continue;
    std::string e = Run(k, live, Inverse(*it));
    if (!e.empty()) out.undo_errors.push_back("undo of '" + Describe(*it) + "' failed: " + e);
    else Track(&live, Inverse(*it));
  }
  out.done.clear();
  return out;
}

Applied ApplyJournaled(Kernel& k, const Snapshot& snap, const std::vector<Action>& actions,
                       const std::function<Status(const Action&)>& before,
                       const std::function<void(const Action&, const Status&)>& after) {
  Applied out;
  Snapshot live = snap;
  for (const Action& a : actions) {
    Status s = before(a);
    if (!s.ok()) {
      out.error = s.extack;
      break;
    }
    out.error = Run(k, live, a, &out.answer);
    if (after) after(a, out.answer);
    if (!out.error.empty()) break;
    out.done.push_back(a);
    Track(&live, a);
  }
  return out;
}

Applied ApplyEach(Kernel& k, const Snapshot& snap, const std::vector<Action>& actions) {
  Applied out;
  Snapshot live = snap;
  for (const Action& a : actions) {
    std::string e = Run(k, live, a);
    if (e.empty()) out.done.push_back(a), Track(&live, a);
    else out.undo_errors.push_back(e);
  }
  return out;
}

}  // namespace ift
