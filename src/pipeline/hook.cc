// The hook's phases: pre-up, up, down, post-down, each from the environment to the record.
#include "pipeline/hook.h"

#include <algorithm>
#include <cstring>

#include "base/text.h"
#include "pipeline/apply.h"
#include "pipeline/dad_wait.h"
#include "pipeline/plan.h"
#include "pipeline/record.h"
#include "pipeline/rules.h"
#include "pipeline/token_wait.h"

namespace ift {

// Exactly one line, whatever a value in `text` held (escaped), and of a
// length a terminal and a log take (values are already excerpted).
void Reporter::Line(const char* level, const std::string& text) const {
  fprintf(out_, "ifupdown-token: %s: %s%s\n", Excerpt(iface_, 40).c_str(), level,
          Excerpt(text, 2000).c_str());
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

// Undoes everything `rec` holds, from the live state, and reads the state
// again to verify it; true only if the kernel now shows every original value
// (routes: their deletion was answered, or they were gone).
bool UndoRecord(Kernel& k, const std::string& iface, const Record& rec, const Reporter& r) {
  Snapshot snap;
  if (!Snap(k, iface, &snap, r)) return false;
  Plan plan = PlanUndo(rec, snap);
  Report(plan, r);
  Applied a = ApplyEach(k, snap, plan.actions);
  for (const Action& done : a.done) r.Info("undo: " + Describe(done));
  for (const std::string& e : a.undo_errors) r.Error("undo: " + e);
  if (!a.undo_errors.empty()) return false;
  if (!snap.exists || snap.link.index != rec.index) return true;  // nothing of ours is left
  if (!Snap(k, iface, &snap, r)) return false;
  std::vector<std::string> left = NotUndone(rec, snap);
  for (const std::string& what : left) r.Error("undo: " + what);
  return left.empty();
}

// Undoes the record and removes it once the undo is verified; otherwise it
// stays, for ifdown or the next pre-up, and the message says so.
bool UndoAndForget(Kernel& k, const std::string& dir, const std::string& iface, const Record& rec,
                   const Reporter& r) {
  if (rec.Empty()) return RemoveRecord(dir, iface).ok();
  if (UndoRecord(k, iface, rec, r) && RemoveRecord(dir, iface).ok()) return true;
  r.Error("what could not be undone stays recorded in " + dir + "/" + iface +
          ": ifdown, or the next ifup, tries again");
  return false;
}

std::string RecordError(const std::string& dir, const std::string& iface, const Status& s) {
  return "cannot write " + dir + "/" + iface + " (" +
         (s.extack.empty() ? std::string(strerror(s.err)) : s.extack) +
         "): without it, ifdown could not undo this ifup";
}

// Applies the actions with the record always ahead of the kernel: before each
// change the state file already says what is about to change and the value
// it replaces, so that a kill at any instant leaves a record from which
// ifdown, or the next pre-up, restores the original state. An address or
// route is recorded as intended and confirmed once the kernel says yes; one
// the kernel refused (EEXIST: another party's) is taken back out, so that no
// undo removes it. `rec` follows. `tried`, if given: how many actions may
// have changed the kernel (a failed one only if its answer was lost);
// `wrote`, if given: whether the record file was written.
bool ApplyRecorded(Kernel& k, const Snapshot& snap, const std::vector<Action>& actions, Record* rec,
                   const std::string& dir, const Reporter& r, size_t* tried = nullptr,
                   bool* wrote = nullptr) {
  std::string saved = rec->Serialize();
  Record before_intent = *rec;
  auto save = [&](const Record& next) {
    std::string text = next.Serialize();
    if (text == saved) return Status{};  // nothing to undo later (a dropped address)
    Status s = SaveRecordText(dir, snap.iface, text);
    if (!s.ok()) return Status::Errno(s.err, RecordError(dir, snap.iface, s));
    *rec = next;
    saved = text;
    if (wrote) *wrote = true;
    return s;
  };
  auto record_ahead = [&](const Action& next) {
    before_intent = *rec;
    Record ahead = *rec;
    ahead.Intend(next);
    return save(ahead);
  };
  // A failed write here leaves the intent in the record: an undo verifies it.
  auto record_answer = [&](const Action& done, const Status& answer) {
    if (AnswerLost(answer)) return;  // the kernel may have made it: verified at undo
    Record settled = *rec;
    if (answer.ok()) settled.Confirm(done);
    else settled = before_intent;
    if (const auto* route = std::get_if<AddRoute>(&done); route && answer.err == EEXIST) {
      bool ours = std::find(settled.routes.begin(), settled.routes.end(), route->route) != settled.routes.end();
      if (!ours)
        r.Warn(Describe(done) + " is already on " + snap.iface + ", made by something else: "
               "left as it is, and not removed by ifdown");
    }
    save(settled);
  };
  Applied a = ApplyJournaled(k, snap, actions, record_ahead, record_answer);
  for (const Action& done : a.done) r.Info(Describe(done));
  if (!a.ok()) r.Error(a.error);
  if (tried) *tried = a.done.size() + (!a.ok() && AnswerLost(a.answer) ? 1 : 0);
  return a.ok();
}

// A record that cannot be used: unsafe (refused, left alone) or damaged.
// Each intact line of a damaged one names the value it replaced: those are
// undone, on the device it names; the file is kept aside for inspection, so
// that the next ifup starts afresh. Always an error: what followed the
// damage cannot be undone with certainty.
int RefuseRecord(Kernel& k, const LoadedRecord& l, const std::string& dir, const std::string& iface,
                 const Reporter& r) {
  if (l.state == LoadedRecord::kUnsafe) {
    r.Error(l.why);
    return 1;
  }
  const Record& intact = l.record;
  const std::string held = intact.Summary();
  const bool undone = !intact.Empty() && intact.index > 0 && UndoRecord(k, iface, intact, r);
  std::string aside = KeepAside(dir, iface);
  std::string what = held.empty() ? "not undone: whatever it recorded"
                     : undone     ? "undone: " + held + "; not undone: whatever followed"
                                  : "not undone: " + held + ", and whatever followed";
  r.Error(l.why + "; " + (aside.empty() ? "left in place" : "kept as " + aside) + "; " + what +
          "; check the interface with 'iftoken explain " + iface + "'");
  return 1;
}

// The live state, and the record of what earlier runs changed on it (an
// earlier stanza's, an interrupted ifup's, or the ifup before an apply): its
// changes are ours and keep their first original values. A recreated device
// starts afresh. False, with *status set, when either cannot be used.
bool LiveAndRecord(Kernel& k, const std::string& dir, const std::string& iface, const Reporter& r,
                   Snapshot* snap, Record* rec, int* status) {
  *status = 1;
  if (!Snap(k, iface, snap, r)) return false;
  LoadedRecord loaded = ReadRecord(dir, iface);
  if (loaded.state == LoadedRecord::kDamaged || loaded.state == LoadedRecord::kUnsafe) {
    *status = RefuseRecord(k, loaded, dir, iface, r);
    return false;
  }
  *rec = loaded.record.index == snap->link.index ? loaded.record : Record{};
  return true;
}

// ifupdown2 and ifupdown-ng bring the link up after a refusal (ifupdown
// fails the interface instead, and would run no ifdown to give anything
// back): the kernel is kept from building addresses from the MAC until
// post-down (PlanFailClosed). The note for the refusal line, or "" when
// nothing was kept (ifupdown; a device without IPv6 or a loopback; a failure,
// which is reported).
std::string FailClosed(const Options& o, Kernel& k, const std::string& dir, const Reporter& r) {
  if (!o.Merged() || o.iface.empty()) return "";
  Snapshot snap;
  Record rec;
  if (int status; !LiveAndRecord(k, dir, o.iface, r, &snap, &rec, &status)) return "";
  std::optional<Plan> plan = PlanFailClosed(snap, rec);
  if (!plan) return "";
  rec.index = snap.link.index;
  if (!ApplyRecorded(k, snap, plan->actions, &rec, dir, r)) return "";
  return "; " + std::string(RunnerName(o.runner)) + " brings " + o.iface +
         " up regardless, so until ifdown it builds no address from its MAC (addr_gen_mode none, "
         "autoconf 0)";
}

// A refusal: the warnings, then one line per error, the last saying how the
// interface was kept from building addresses from its MAC.
int Refuse(const Options& o, const std::vector<Finding>& findings, Kernel& k, const std::string& dir,
           const Reporter& r) {
  std::vector<std::string> errors;
  for (const Finding& f : findings)
    f.level == Finding::kError ? errors.push_back(f.text) : r.Warn(f.text);
  std::string note = FailClosed(o, k, dir, r);
  for (size_t i = 0; i < errors.size(); ++i) r.Error(errors[i] + (i + 1 == errors.size() ? note : ""));
  return 1;
}

int PreUp(const Options& o, Kernel& k, const std::string& dir, const Reporter& r) {
  Snapshot snap;
  Record rec;
  if (int status; !LiveAndRecord(k, dir, o.iface, r, &snap, &rec, &status)) return status;
  Plan plan = PlanPreUp(o, snap, rec);
  if (plan.Refused()) return Refuse(o, plan.findings, k, dir, r);
  Report(plan, r);
  rec.index = snap.link.index;
  const bool had_changes = !rec.Empty();
  bool wrote = false;
  if (ApplyRecorded(k, snap, plan.actions, &rec, dir, r, nullptr, &wrote) &&
      (!rec.Empty() || RemoveRecord(dir, o.iface).ok()))
    return 0;
  if (!had_changes && !wrote) return 1;  // stopped before its first change: nothing to undo
  if (UndoAndForget(k, dir, o.iface, rec, r)) r.Error("every change of this pre-up was undone");
  return 1;
}

// ENOBUFS on the event socket: the kernel dropped events, and the wait read
// the addresses again instead of failing.
std::string Resynced(const std::string& wait, int times) {
  return wait + " wait: the kernel dropped address events " + std::to_string(times) +
         " time(s) (ENOBUFS: the event socket's buffer overran); read the addresses again";
}

std::string DadFailed(const std::string& address) {
  return "duplicate address detection failed for " + address + ": another host on the link "
         "already uses it; find it (ip -6 neigh) or pick another address";
}

// Waits for DAD of what pre-up added; a failure names the address.
bool AwaitDad(const Options& o, Kernel& k, const Snapshot& snap, const Record& rec, const Reporter& r) {
  std::vector<In6> addrs = AwaitingDad(rec, snap);
  if (addrs.empty() || o.DadTimeoutMs() == 0) return true;  // dad-attempts 0: no wait
  std::vector<DadOutcome> outcomes;
  int resyncs = 0;
  Status s = WaitDad(k, snap.link.index, addrs, o.DadTimeoutMs(), &outcomes, &resyncs);
  if (resyncs) r.Info(Resynced("DAD", resyncs));
  if (!s.ok()) r.Error(std::string("cannot follow address events: ") + strerror(s.err));
  bool ok = s.ok();
  for (size_t i = 0; ok && i < addrs.size(); ++i) {
    std::string a = addrs[i].str();
    switch (outcomes[i]) {
      case DadOutcome::kDone: r.Info("DAD done for " + a); break;
      case DadOutcome::kOptimistic:
        r.Info("DAD running for " + a +
               ", usable meanwhile (optimistic, RFC 4429): not waited for");
        break;
      case DadOutcome::kFailed:
        r.Error(DadFailed(a));
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

std::string Seconds(double s) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

// token-wait: waits for the token's SLAAC address. Never a failure: the
// address comes with the router's next advertisement whenever that is, and
// an ifup that failed here would take down an interface that works.
void AwaitToken(const Options& o, Kernel& k, const Reporter& r) {
  if (!o.token_wait || !o.token) return;
  Link link;
  Status s = k.GetLink(o.iface, &link);
  TokenWaitResult w;
  if (s.ok()) s = WaitForToken(k, o.iface, link, *o.token, o.TokenWaitMs(), &w);
  const std::string head = "token-wait " + Seconds(*o.token_wait) + ": ";
  if (w.resyncs) r.Info(Resynced("token", w.resyncs));
  if (!s.ok()) {
    r.Warn(head + "cannot follow the kernel's events (" + strerror(s.err) +
           "); ifup goes on without waiting for the token's address");
    return;
  }
  switch (w.outcome) {
    case TokenWaitOutcome::kReady:
      r.Info("token address " + w.address->str() + " is usable");
      break;
    case TokenWaitOutcome::kImpossible:
      r.Warn(head + "not waiting: no address can come from the token: " + w.why);
      break;
    case TokenWaitOutcome::kTimedOut:
      r.Warn(head + "no address with the token " + o.token->str() + " was usable after " +
             Seconds(*o.token_wait) + " s; " + w.why + "; ifup goes on without it");
      break;
  }
}

// An optimistic address is not waited for, but its DAD may fail while
// token-wait waits: that is still before ifup returns, so still this ifup's
// failure (RFC 4429 §3.3: the node must stop using it).
bool NoDadFailedSince(const Options& o, Kernel& k, const Record& rec, const Reporter& r) {
  if (!o.token_wait || rec.addresses.empty()) return true;
  Snapshot snap;
  if (!Snap(k, o.iface, &snap, r)) return false;
  bool ok = true;
  for (const Address& a : snap.addresses)
    if (a.DadFailed() && rec.HasAddress(a.cidr)) {
      r.Error(DadFailed(a.cidr.addr.str()));
      ok = false;
    }
  return ok;
}

// A failed up: ifupdown records no state for a failed ifup, so no ifdown
// will come; what pre-up (and this up) did is undone now.
int FailUp(Kernel& k, const std::string& dir, const std::string& iface, const Reporter& r) {
  std::optional<Record> rec = LoadRecord(dir, iface);
  if (rec && UndoAndForget(k, dir, iface, *rec, r)) r.Error("every change of this ifup was undone");
  return 1;
}

int Up(const Options& o, Kernel& k, const std::string& dir, const Reporter& r) {
  Snapshot snap;
  if (!Snap(k, o.iface, &snap, r)) return FailUp(k, dir, o.iface, r);
  LoadedRecord loaded = ReadRecord(dir, o.iface);
  if (loaded.state == LoadedRecord::kDamaged || loaded.state == LoadedRecord::kUnsafe)
    return RefuseRecord(k, loaded, dir, o.iface, r);
  // No record yet (pre-up had nothing to change), or one of a recreated
  // device: the route added here must still be recorded for down.
  Record rec = loaded.record.index == snap.link.index ? loaded.record : Record{};
  // ifupdown2 and ifupdown-ng go on to up after our pre-up refused (they
  // cannot fail an interface for a hook): the refusal was explained there, and
  // verifying a token that was never set would only repeat it wrongly.
  if (o.Merged() && PlanPreUp(o, snap, rec).Refused()) return 1;
  rec.index = snap.link.index;
  Plan plan = PlanUp(o, snap);
  if (!Report(plan, r)) return FailUp(k, dir, o.iface, r);
  if (!ApplyRecorded(k, snap, plan.actions, &rec, dir, r) || !AwaitDad(o, k, snap, rec, r))
    return FailUp(k, dir, o.iface, r);
  AwaitToken(o, k, r);
  if (!NoDadFailedSince(o, k, rec, r)) return FailUp(k, dir, o.iface, r);
  return 0;
}

// Undoes what the record holds, or in down with the link still up only the
// addresses and routes, leaving the rest to post-down.
int Down(Phase phase, const std::string& iface, bool verbose, Kernel& k, const std::string& dir,
         FILE* out) {
  if (ReadRecord(dir, iface).state == LoadedRecord::kNone) {  // nothing of ours
    if (RecordLock::Left(dir, iface)) RecordLock{dir, iface};  // a killed writer's: removed
    return 0;
  }
  RecordLock lock(dir, iface);
  LoadedRecord loaded = ReadRecord(dir, iface);
  if (loaded.state == LoadedRecord::kNone) return 0;
  Reporter r(iface, verbose, out);
  Link link;
  const bool link_up = k.GetLink(iface, &link).ok() && link.Up();
  // A damaged record is undone as far as it goes in post-down, with the link
  // down, as the link-level part of a sound one is.
  if (loaded.state == LoadedRecord::kDamaged && phase == Phase::kDown && link_up) return 0;
  if (loaded.state != LoadedRecord::kOk) return RefuseRecord(k, loaded, dir, iface, r);
  const Record& rec = loaded.record;
  const bool up = link_up && link.index == rec.index;
  if (phase == Phase::kDown && up) {
    if (!UndoRecord(k, iface, rec.AddressesAndRoutes(), r)) return 1;
    Record rest = rec.LinkLevel();
    return (rest.Empty() ? RemoveRecord(dir, iface) : SaveRecord(dir, iface, rest)).ok() ? 0 : 1;
  }
  return UndoAndForget(k, dir, iface, rec, r) ? 0 : 1;
}

// A failed apply undoes only its own changes: those of the ifup before it
// stay recorded, for ifdown. `rec` holds both; `prior` the ifup's.
int FailApply(Kernel& k, const std::string& dir, const std::string& iface, const Record& prior,
              const Record& rec, std::vector<Action> tried, const Reporter& r) {
  Record mine;
  mine.index = rec.index;
  mine.Merge(tried);
  Status kept = prior.Empty() ? RemoveRecord(dir, iface) : SaveRecord(dir, iface, prior);
  if (UndoRecord(k, iface, mine, r) && kept.ok()) {
    r.Error("every change of this apply was undone");
    return 1;
  }
  if (kept.ok()) SaveRecord(dir, iface, rec);  // what is left stays for ifdown
  r.Error("what could not be undone stays recorded in " + dir + "/" + iface +
          ": ifdown tries again");
  return 1;
}

}  // namespace

int ApplyLive(const Options& o, Kernel& k, const std::string& dir, const Reporter& r, bool dry_run,
              std::vector<Action>* planned) {
  std::optional<RecordLock> lock;
  if (!dry_run) lock.emplace(dir, o.iface);  // a dry run writes nothing
  Snapshot snap;
  Record prior;
  if (int status; !LiveAndRecord(k, dir, o.iface, r, &snap, &prior, &status)) return status;
  Plan plan = PlanApply(o, snap, prior);
  *planned = plan.actions;
  if (!Report(plan, r)) return 1;
  if (dry_run || plan.actions.empty()) return 0;
  Record rec = prior;
  rec.index = snap.link.index;
  size_t tried = 0;
  if (ApplyRecorded(k, snap, plan.actions, &rec, dir, r, &tried)) return 0;
  return FailApply(k, dir, o.iface, prior, rec,
                   {plan.actions.begin(), plan.actions.begin() + tried}, r);
}

std::optional<Phase> PhaseFrom(const char* phase, Runner runner) {
  // ifupdown-ng runs if-create.d once its executors have made the device
  // (bridge, vlan, bond...) and before its link executor raises it: a bridge
  // is already up in if-pre-up.d. There, create is our pre-up, and its pre-up
  // is nothing of ours. (ifupdown and ifupdown2 have no create phase.)
  bool ng = runner == Runner::kIfupdownNg;
  static const std::pair<const char*, Phase> kPhases[] = {
      {"pre-up", Phase::kPreUp}, {"post-up", Phase::kUp},   {"up", Phase::kUp},
      {"pre-down", Phase::kDown}, {"down", Phase::kDown},   {"post-down", Phase::kPostDown}};
  if (phase && !strcmp(phase, ng ? "pre-up" : "create")) return std::nullopt;
  if (ng && phase && !strcmp(phase, "create")) return Phase::kPreUp;
  for (const auto& [name, p] : kPhases)
    if (phase && !strcmp(phase, name)) return p;
  return std::nullopt;
}

int RunHook(const Env& env, Kernel& kernel, const std::string& state_dir, FILE* out) {
  std::optional<Phase> phase_of = PhaseFrom(env("PHASE"), RunnerOf(env));
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
    if (phase == Phase::kPreUp) {
      // Under ifupdown2 and ifupdown-ng a refusal still writes the record
      // (FailClosed): under its lock. Elsewhere it touches no state at all.
      bool records = p.options.Merged() && p.options.iface != "lo" && !p.options.iface.empty() &&
                     InvalidIfaceName(p.options.iface).empty();
      std::optional<RecordLock> lock;
      if (records) lock.emplace(state_dir, p.options.iface);
      return Refuse(p.options, p.errors, kernel, state_dir, r);
    }
    Report(Plan{{}, p.errors}, r);
    return 1;
  }
  RecordLock lock(state_dir, p.options.iface);
  return phase == Phase::kPreUp ? PreUp(p.options, kernel, state_dir, r)
                                : Up(p.options, kernel, state_dir, r);
}

}  // namespace ift
