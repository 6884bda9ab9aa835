#include "pipeline/hook.h"

#include <cstring>

#include "pipeline/apply.h"
#include "pipeline/dad_wait.h"
#include "pipeline/plan.h"
#include "pipeline/record.h"

namespace ift {

void Reporter::Line(const char* level, const std::string& text) const {
  fprintf(out_, "ifupdown-token: %s: %s%s\n", iface_.c_str(), level, text.c_str());
}
void Reporter::Info(const std::string& text) const {
  if (verbose_) Line("", text);
}
void Reporter::Warn(const std::string& text) const { Line("warning: ", text); }
void Reporter::Error(const std::string& text) const { Line("error: ", text); }

namespace {

// Prints the findings; false if any is a refusal.
bool Report(const Plan& plan, const Reporter& r) {
  for (const Finding& f : plan.findings)
    f.level == Finding::kError ? r.Error(f.text) : r.Warn(f.text);
  return !plan.Refused();
}

bool Snap(Kernel& k, const std::string& iface, Snapshot* snap, const Reporter& r) {
  Status s = TakeSnapshot(k, iface, snap);
  if (!s.ok()) r.Error("cannot read " + iface + " from the kernel: " + strerror(s.err));
  return s.ok();
}

// Undoes everything `rec` holds, from the live state; true if all of it was.
bool UndoRecord(Kernel& k, const std::string& iface, const Record& rec, const Reporter& r) {
  Snapshot snap;
  if (!Snap(k, iface, &snap, r)) return false;
  Plan plan = PlanUndo(rec, snap);
  Report(plan, r);
  Applied a = ApplyEach(k, snap, plan.actions);
  for (const Action& done : a.done) r.Info("undo: " + Describe(done));
  for (const std::string& e : a.undo_errors) r.Error("undo: " + e);
  return a.undo_errors.empty();
}

bool Save(const std::string& dir, const Options& o, const Record& rec, const Reporter& r) {
  Status s = rec.Empty() ? RemoveRecord(dir, o.iface) : SaveRecord(dir, o.iface, rec);
  if (!s.ok())
    r.Error("cannot write " + dir + "/" + o.iface + " (" + strerror(s.err) +
            "): without it, ifdown could not undo this ifup");
  return s.ok();
}

int PreUp(const Options& o, Kernel& k, const std::string& dir, const Reporter& r) {
  Snapshot snap;
  if (!Snap(k, o.iface, &snap, r)) return 1;
  Record rec = LoadRecord(dir, o.iface).value_or(Record{});
  if (rec.index != snap.link.index) rec = Record{};  // a recreated device starts afresh
  Plan plan = PlanPreUp(o, snap, rec);
  if (!Report(plan, r)) return 1;
  Applied a = ApplyAll(k, snap, plan.actions);
  if (!a.ok()) {
    r.Error(a.error);
    for (const std::string& e : a.undo_errors) r.Error(e);
    if (a.undo_errors.empty()) r.Error("every change of this pre-up was undone");
    return 1;
  }
  for (const Action& done : a.done) r.Info(Describe(done));
  rec.index = snap.link.index;
  rec.Merge(a.done);
  if (Save(dir, o, rec, r)) return 0;
  UndoRecord(k, o.iface, rec, r);  // without a record, down could not
  return 1;
}

// Waits for DAD of what pre-up added; a failure names the address.
bool AwaitDad(const Options& o, Kernel& k, const Snapshot& snap, const Record& rec, const Reporter& r) {
  std::vector<In6> addrs = AwaitingDad(rec, snap);
  if (addrs.empty() || o.DadTimeoutMs() == 0) return true;  // dad-attempts 0: no wait
  std::vector<DadOutcome> outcomes;
  Status s = WaitDad(k, snap.link.index, addrs, o.DadTimeoutMs(), &outcomes);
  if (!s.ok()) r.Error(std::string("cannot follow address events: ") + strerror(s.err));
  bool ok = s.ok();
  for (size_t i = 0; ok && i < addrs.size(); ++i) {
    std::string a = addrs[i].str();
    switch (outcomes[i]) {
      case DadOutcome::kDone: r.Info("DAD done for " + a); break;
      case DadOutcome::kFailed:
        r.Error("duplicate address detection failed for " + a + ": another host on the link "
                "already uses it; find it (ip -6 neigh) or pick another address");
        ok = false;
        break;
      case DadOutcome::kTimedOut:
        r.Error("DAD for " + a + " did not finish within " + std::to_string(o.DadTimeoutMs()) +
                " ms (dad-attempts x dad-interval); check that " + o.iface +
                " has carrier, or raise dad-attempts");
        ok = false;
        break;
      case DadOutcome::kGone:
        r.Error("address " + a + " disappeared from " + o.iface + " while DAD ran");
        ok = false;
        break;
    }
  }
  return ok;
}

int Up(const Options& o, Kernel& k, const std::string& dir, const Reporter& r) {
  Snapshot snap;
  if (!Snap(k, o.iface, &snap, r)) return 1;
  Record rec = LoadRecord(dir, o.iface).value_or(Record{});
  // No record yet (pre-up had nothing to change), or one of a recreated
  // device: the route added here must still be recorded for down.
  if (rec.index != snap.link.index) rec = Record{};
  // ifupdown2 and ifupdown-ng go on to up after our pre-up refused (they
  // cannot fail an interface for a hook): the refusal was explained there, and
  // verifying a token that was never set would only repeat it wrongly.
  if (o.Merged() && PlanPreUp(o, snap, rec).Refused()) return 1;
  rec.index = snap.link.index;
  Plan plan = PlanUp(o, snap);
  if (!Report(plan, r)) return 1;
  Applied a = ApplyAll(k, snap, plan.actions);
  bool ok = a.ok();
  if (!ok) r.Error(a.error);
  for (const Action& done : a.done) r.Info(Describe(done));
  rec.Merge(a.done);
  ok = ok && AwaitDad(o, k, snap, rec, r);
  if (ok) return Save(dir, o, rec, r) ? 0 : 1;
  // ifupdown records no state for a failed ifup, so no ifdown will come: undo now.
  if (UndoRecord(k, o.iface, rec, r)) RemoveRecord(dir, o.iface);
  return 1;
}

// Undoes what the record holds, or in down with the link still up only the
// addresses and routes, leaving the rest to post-down.
int Down(Phase phase, const std::string& iface, bool verbose, Kernel& k, const std::string& dir,
         FILE* out) {
  std::optional<Record> rec = LoadRecord(dir, iface);
  if (!rec) return 0;  // nothing of ours
  Reporter r(iface, verbose, out);
  Link link;
  bool up = k.GetLink(iface, &link).ok() && link.index == rec->index && link.Up();
  if (phase == Phase::kDown && up) {
    if (!UndoRecord(k, iface, rec->AddressesAndRoutes(), r)) return 1;
    Record rest = rec->LinkLevel();
    return (rest.Empty() ? RemoveRecord(dir, iface) : SaveRecord(dir, iface, rest)).ok() ? 0 : 1;
  }
  if (!UndoRecord(k, iface, *rec, r)) return 1;  // the record stays for the next try
  RemoveRecord(dir, iface);
  return 0;
}

}  // namespace

std::optional<Phase> PhaseFrom(const char* phase) {
  static const std::pair<const char*, Phase> kPhases[] = {
      {"pre-up", Phase::kPreUp}, {"post-up", Phase::kUp},   {"up", Phase::kUp},
      {"pre-down", Phase::kDown}, {"down", Phase::kDown},   {"post-down", Phase::kPostDown}};
  for (const auto& [name, p] : kPhases)
    if (phase && !strcmp(phase, name)) return p;
  return std::nullopt;
}

int RunHook(const Env& env, Kernel& kernel, const std::string& state_dir, FILE* out) {
  std::optional<Phase> phase_of = PhaseFrom(env("PHASE"));
  if (!phase_of) return 0;
  Phase phase = *phase_of;
  if (phase == Phase::kDown || phase == Phase::kPostDown) {
    // Down acts on the record, not on the stanza: the file may have changed.
    const char* iface = env("IFACE");
    if (!iface || !InvalidIfaceName(iface).empty() || !strcmp(iface, "lo")) return 0;
    return Down(phase, iface, Verbose(env), kernel, state_dir, out);
  }
  if (NotForUs(env)) return 0;
  ParsedOptions p = ParseOptions(env);
  Reporter r(p.options.iface.empty() ? std::string(env("IFACE")) : p.options.iface,
             p.options.verbose, out);
  if (!p.ok()) {
    for (const std::string& e : p.errors) r.Error(e);
    return 1;
  }
  return phase == Phase::kPreUp ? PreUp(p.options, kernel, state_dir, r)
                                : Up(p.options, kernel, state_dir, r);
}

}  // namespace ift
