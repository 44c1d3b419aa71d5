#include "service/matching_runs.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <variant>

#include "core/error.h"
#include "core/log.h"
#include "matching/match.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/pairs.h"
#include "service/peer_support.h"
#include "service/programs.h"
#include "store/job_repository.h"
#include "store/matching_run_repository.h"
#include "store/pair_repository.h"

namespace tandem::service {
namespace {

constexpr const char* kJobKind = "matching_run";

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

// Wall-clock seconds of a run's phases, for the job's log line.
struct RunPhases {
  double read = 0;    // the participants and pairs from the database
  double score = 0;   // scoring every pair and keeping the candidates
  double solve = 0;   // the solver
  double result = 0;  // the proposals with names and breakdowns
  double store = 0;   // the result written and committed
};

// Throws kInvalidArgument naming the field for settings the engine would refuse.
void ValidateSettings(const MatchingRunSettings& s) {
  if (!matching::ParseObjective(s.objective)) {
    throw InvalidArgument("objective must be optimal, fair, stable-mentee or stable-mentor",
                          "objective");
  }
  const MatchingWeights w = s.weights.value_or(MatchingWeights{});
  for (const WeightField& f : WeightFields()) {
    const double value = w.*f.member;
    const char* facet = f.name;
    if (!(value >= 0 && value <= 1000)) {
      throw InvalidArgument(std::string("the weight of ") + facet + " must be between 0 and 1000",
                            std::string("weights.") + facet);
    }
  }
  if (s.min_score && !(*s.min_score >= 0 && *s.min_score <= 1000)) {
    throw InvalidArgument("min_score must be from 0 to 1000", "min_score");
  }
  if (s.top_k < 1 || s.top_k > 1000) {
    throw InvalidArgument("top_k must be between 1 and 1000", "top_k");
  }
}

// Locks and forbids must name active participants on the right sides.
void ValidatePairs(const std::vector<ParticipantPair>& pairs, const char* list,
                   const std::map<std::string, store::PairCandidate>& candidates) {
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto check = [&](const std::string& id, Role role, const char* side) {
      const std::string field = std::string(list) + "[" + std::to_string(i) + "]." + side;
      auto it = candidates.find(id);
      if (id.empty() || it == candidates.end() || !it->second.active || it->second.role != role) {
        throw InvalidArgument(
            "\"" + id + "\" is not an active " + std::string(RoleName(role)) + " of this program",
            field);
      }
    };
    check(pairs[i].mentee, Role::kMentee, "mentee");
    check(pairs[i].mentor, Role::kMentor, "mentor");
    if (candidates.at(pairs[i].mentee).user_id == candidates.at(pairs[i].mentor).user_id) {
      throw InvalidArgument("\"" + pairs[i].mentee + "\" and \"" + pairs[i].mentor +
                                "\" are the same person, who cannot mentor themselves",
                            std::string(list) + "[" + std::to_string(i) + "]");
    }
  }
}

std::vector<matching::PairId> ToPairIds(const std::vector<ParticipantPair>& pairs) {
  std::vector<matching::PairId> out;
  for (const ParticipantPair& p : pairs) out.push_back({p.mentee, p.mentor});
  return out;
}

// The engine's answer as a run result: only new proposals (existing pairs
// are not repeated), with names; the summary over those proposals.
MatchingRunResult ToRunResult(const matching::MatchResult& r, const MatchingInput& input,
                              bool rematch) {
  std::set<std::pair<std::string, std::string>> existing;
  for (const matching::PairId& p : input.existing) existing.insert({p.mentee, p.mentor});
  const auto name = [&](const std::string& id) {
    auto it = input.candidates.find(id);
    return it == input.candidates.end() ? std::string() : it->second.name;
  };
  MatchingRunResult out;
  std::set<std::string> mentees, mentors;
  for (const matching::MatchedPair& p : r.pairs) {
    if (p.locked && existing.count({p.mentee, p.mentor})) continue;
    Proposal proposal;
    proposal.mentee = p.mentee;
    proposal.mentor = p.mentor;
    proposal.mentee_name = name(p.mentee);
    proposal.mentor_name = name(p.mentor);
    proposal.score = p.score;
    for (size_t f = 0; f < r.facets.size() && f < p.contributions.size(); ++f) {
      proposal.breakdown[r.facets[f]] = p.contributions[f];
    }
    proposal.locked = p.locked;
    out.total_score += p.score;
    out.min_score = out.proposals.empty() ? p.score : std::min(out.min_score, p.score);
    mentees.insert(p.mentee);
    mentors.insert(p.mentor);
    out.proposals.push_back(std::move(proposal));
  }
  out.matched = static_cast<int>(mentees.size());
  if (!out.proposals.empty()) out.mean_score = out.total_score / out.proposals.size();
  out.blocking_pairs = r.blocking_pairs;
  out.seconds = r.build_seconds + r.solve_seconds;
  for (const matching::UnmatchedPerson& u : r.unmatched) {
    out.unmatched.push_back({u.id, name(u.id), std::string(RoleName(u.role)),
                             std::string(matching::UnmatchedReasonText(u.reason))});
  }
  if (rematch) {
    // Rematch reports mentees only: list mentors with no pair at all.
    std::set<std::string> paired = mentors;
    for (const matching::PairId& p : input.existing) paired.insert(p.mentor);
    for (const Participant& p : input.people) {
      if (p.role == Role::kMentor && !paired.count(p.id)) {
        out.unmatched.push_back({p.id, name(p.id), "mentor", "no mentee proposed in this run"});
      }
    }
  }
  return out;
}

// Solves the run; the result, or the message a coordinator can act on.
std::variant<MatchingRunResult, std::string> SolveRun(const Program& program,
                                                      const MatchingRunSettings& run_settings,
                                                      const MatchingInput& input,
                                                      const std::function<void(double)>& report,
                                                      RunPhases& phases) {
  // Said in the program's terms, with what the coordinator can do about it.
  if (input.mentees_to_match.empty()) {
    return input.existing.empty()
               ? std::string(
                     "the program has no active mentee yet: import or invite mentees, "
                     "and run again once they have joined")
               : "every active mentee already has a mentor (" +
                     std::to_string(input.existing.size()) +
                     " pairs): a run on a running program places only mentees without one. "
                     "To compare objectives, start a what-if run (a whole new matching, never "
                     "published); to match a mentee again, dissolve their pair on the pairs page";
  }
  if (input.mentors == 0) {
    return std::string(
        "no active mentor has room for another mentee: raise a mentor's capacity on their "
        "profile, or add mentors");
  }
  matching::MatchSettings settings = ProgramMatchSettings(program, input.today, input.vocabulary);
  settings.objective = *matching::ParseObjective(run_settings.objective);
  if (run_settings.weights) settings.weights = *run_settings.weights;
  settings.min_score = run_settings.min_score;
  settings.top_k = run_settings.top_k;
  settings.locks = ToPairIds(run_settings.locks);
  settings.forbids = ToPairIds(run_settings.forbids);
  // Pairs never proposed again, unless the coordinator locks one.
  for (const matching::PairId& p : input.never) {
    if (std::find(settings.locks.begin(), settings.locks.end(), p) == settings.locks.end()) {
      settings.forbids.push_back(p);
    }
  }
  try {
    auto start = SteadyClock::now();
    const matching::MatchProblem problem =
        matching::MatchProblem::FromParticipants(input.people, settings);
    phases.score = SecondsSince(start);
    report(0.5);
    start = SteadyClock::now();
    const bool rematch = !input.existing.empty();
    const matching::MatchResult result =
        rematch ? matching::Rematch(problem, input.existing, input.mentees_to_match)
                : matching::Solve(problem);
    phases.solve = SecondsSince(start);
    start = SteadyClock::now();
    MatchingRunResult out = ToRunResult(result, input, rematch);
    phases.result = SecondsSince(start);
    return out;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kUnavailable) throw;
    return e.message();
  } catch (const std::bad_alloc&) {
    return std::string("the problem is too large for this server's memory");
  }
}

// `run` (as read, nullopt when absent) when the actor may `what` on it.
MatchingRun Accessible(store::Transaction& tx, const Actor& actor, std::int64_t run_id,
                       const char* what, std::optional<MatchingRun> run) {
  if (!run) throw NotFound("matching run " + std::to_string(run_id) + " does not exist");
  RequireCoordinator(AccessTo(tx, actor, run->program_id), what);
  return std::move(*run);
}

MatchingRun LoadRun(store::Transaction& tx, const Actor& actor, std::int64_t run_id,
                    const char* what, bool with_proposals) {
  return Accessible(tx, actor, run_id, what,
                    store::MatchingRunRepository(tx).Find(run_id, with_proposals));
}

}  // namespace

MatchingRun StartMatchingRun(store::Database& db, const Actor& actor, std::int64_t program_id,
                             const MatchingRunSettings& settings) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "start matching runs");
  if (program.status != ProgramStatus::kEnrolling && program.status != ProgramStatus::kMatching &&
      program.status != ProgramStatus::kActive) {
    throw FailedPrecondition("program \"" + program.name + "\" is " +
                             std::string(ProgramStatusName(program.status)) +
                             "; matching runs need it enrolling, matching or active");
  }
  ValidateSettings(settings);
  const auto candidates = store::PairRepository(tx).Candidates(program_id);
  ValidatePairs(settings.locks, "locks", candidates);
  ValidatePairs(settings.forbids, "forbids", candidates);
  for (size_t i = 0; i < settings.locks.size(); ++i) {
    const ParticipantPair& lock = settings.locks[i];
    for (const ParticipantPair& forbid : settings.forbids) {
      if (forbid.mentee == lock.mentee && forbid.mentor == lock.mentor) {
        throw InvalidArgument("this pair is both locked and forbidden",
                              "locks[" + std::to_string(i) + "]");
      }
    }
  }
  // Locks beyond someone's room (capacity less their open pairs) could never
  // all hold: refused now rather than failing the run later.
  std::set<std::pair<std::string, std::string>> open;  // already paired: kept anyway
  for (const Pair& p : store::PairRepository(tx).ListByProgram(program_id)) {
    if (!settings.what_if &&
        (p.status == PairStatus::kProposed || p.status == PairStatus::kActive)) {
      open.insert({p.mentee, p.mentor});
    }
  }
  std::map<std::string, int> locked;
  for (size_t i = 0; i < settings.locks.size(); ++i) {
    if (open.count({settings.locks[i].mentee, settings.locks[i].mentor})) continue;
    for (const std::string& id : {settings.locks[i].mentor, settings.locks[i].mentee}) {
      const store::PairCandidate& c = candidates.at(id);
      const int used = settings.what_if ? 0 : c.open_pairs;  // a what-if starts afresh
      if (++locked[id] + used > c.capacity) {
        throw InvalidArgument(
            "\"" + id + "\" has room for " + std::to_string(std::max(0, c.capacity - used)) +
                " more; this is lock number " + std::to_string(locked[id]) + " for them",
            "locks[" + std::to_string(i) + "]");
      }
    }
  }

  MatchingRun run;
  run.program_id = program_id;
  run.settings = settings;
  // Unset means the program's own weights and minimum score.
  if (!settings.weights) run.settings.weights = program.weights;
  if (!settings.min_score) run.settings.min_score = program.min_score;
  run.created_by = actor.user_id;
  store::MatchingRunRepository runs(tx);
  run.id = runs.Insert(run);
  const std::int64_t job =
      store::JobRepository(tx).Enqueue(kJobKind, nlohmann::json{{"run_id", run.id}}.dump(), 3);
  runs.SetJob(run.id, job);
  MatchingRun stored = *runs.Find(run.id);
  AppendAudit(tx, actor, "matching_run.start", "matching_run", run.id, program_id, "",
              store::MatchingRunJson(stored));
  tx.Commit();
  return stored;
}

void ExecuteMatchingRun(store::Database& db, std::int64_t run_id,
                        const std::function<void(double)>& progress) {
  const auto job_start = SteadyClock::now();
  const Actor system = Actor::System();
  RunPhases phases;
  MatchingRun run;
  {
    store::Transaction tx = db.Begin();
    store::MatchingRunRepository runs(tx);
    auto found = runs.Find(run_id, false);
    if (!found) throw NotFound("matching run " + std::to_string(run_id) + " does not exist");
    if (!runs.MarkRunning(run_id)) {
      tx.Commit();  // done, failed or published already: nothing to do
      return;
    }
    run = *found;
    tx.Commit();
  }
  const auto report = [&](double value) {
    {
      store::Transaction tx = db.Begin();
      store::MatchingRunRepository(tx).SetProgress(run_id, value);
      tx.Commit();
    }
    if (progress) progress(value);
  };

  Program program;
  MatchingInput input;
  {
    const auto start = SteadyClock::now();
    store::Transaction tx = db.Begin(false);
    program = RequireProgram(tx, run.program_id);
    input = LoadMatchingInput(tx, program, run.settings.what_if);
    tx.Commit();
    phases.read = SecondsSince(start);
  }
  report(0.1);
  const auto outcome = SolveRun(program, run.settings, input, report, phases);

  const auto store_start = SteadyClock::now();
  store::Transaction tx = db.Begin();
  store::MatchingRunRepository runs(tx);
  const bool saved = std::holds_alternative<MatchingRunResult>(outcome)
                         ? runs.MarkDone(run_id, std::get<MatchingRunResult>(outcome))
                         : runs.MarkFailed(run_id, std::get<std::string>(outcome));
  if (saved) {
    const MatchingRun after = *runs.Find(run_id, false);
    AppendAudit(
        tx, system,
        after.status == MatchingRunStatus::kDone ? "matching_run.finish" : "matching_run.fail",
        "matching_run", run_id, run.program_id, store::MatchingRunJson(run),
        store::MatchingRunJson(after));
  }
  tx.Commit();
  phases.store = SecondsSince(store_start);
  const auto* result = std::get_if<MatchingRunResult>(&outcome);
  const auto seconds = [](double s) { return fmt::format("{:.3f}", s); };
  Log(LogLevel::kInfo, "jobs", result ? "matching run done" : "matching run failed",
      {{"run_id", std::to_string(run_id)},
       {"program_id", std::to_string(run.program_id)},
       {"people", std::to_string(input.people.size())},
       {"proposals", std::to_string(result ? result->proposals.size() : 0)},
       {"job_s", seconds(SecondsSince(job_start))},
       {"read_s", seconds(phases.read)},
       {"score_s", seconds(phases.score)},
       {"solve_s", seconds(phases.solve)},
       {"result_s", seconds(phases.result)},
       {"store_s", seconds(phases.store)}});
  if (progress) progress(1.0);
}

void FailMatchingRun(store::Database& db, std::int64_t run_id, const std::string& message) {
  store::Transaction tx = db.Begin();
  store::MatchingRunRepository runs(tx);
  auto before = runs.Find(run_id, false);
  if (before && runs.MarkFailed(run_id, message)) {
    AppendAudit(tx, Actor::System(), "matching_run.fail", "matching_run", run_id,
                before->program_id, store::MatchingRunJson(*before),
                store::MatchingRunJson(*runs.Find(run_id, false)));
  }
  tx.Commit();
}

MatchingRun GetMatchingRun(store::Database& db, const Actor& actor, std::int64_t run_id) {
  store::Transaction tx = db.Begin(false);
  MatchingRun run = LoadRun(tx, actor, run_id, "read matching runs", true);
  tx.Commit();
  return run;
}

MatchingRunPage GetMatchingRunPage(store::Database& db, const Actor& actor, std::int64_t run_id,
                                   const RunResultQuery& query) {
  store::Transaction tx = db.Begin(false);
  MatchingRunPage page;
  page.run = Accessible(tx, actor, run_id, "read matching runs",
                        store::MatchingRunRepository(tx).FindPage(run_id, query, page.totals));
  tx.Commit();
  return page;
}

std::vector<MatchingRun> ListMatchingRuns(store::Database& db, const Actor& actor,
                                          std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "read matching runs");
  std::vector<MatchingRun> runs = store::MatchingRunRepository(tx).ListByProgram(program_id);
  tx.Commit();
  return runs;
}

std::vector<Pair> PublishMatchingRun(store::Database& db, const Actor& actor, std::int64_t run_id) {
  store::Transaction tx = db.Begin();
  const MatchingRun run = LoadRun(tx, actor, run_id, "publish matching runs", true);
  if (run.status == MatchingRunStatus::kPublished) {
    throw FailedPrecondition("matching run " + std::to_string(run_id) +
                             " was already published on " + run.published_at);
  }
  if (run.status != MatchingRunStatus::kDone || !run.result) {
    throw FailedPrecondition("matching run " + std::to_string(run_id) + " is " +
                             std::string(MatchingRunStatusName(run.status)) +
                             "; only a done run can be published");
  }
  if (run.settings.what_if) {
    throw FailedPrecondition("matching run " + std::to_string(run_id) +
                             " is a what-if: it shows a whole new matching to compare, and is "
                             "never published over the live pairs");
  }
  const Program program = RequireProgram(tx, run.program_id);
  RequireOpen(program);
  store::PairRepository pairs(tx);
  // Nobody may have withdrawn, been paired or filled up since the run, and
  // no proposed pair may have been dissolved meanwhile.
  auto candidates = pairs.Candidates(run.program_id);
  std::set<std::pair<std::string, std::string>> open, dissolved;
  for (const Pair& p : pairs.ListByProgram(run.program_id)) {
    if (p.status == PairStatus::kProposed || p.status == PairStatus::kActive) {
      open.insert({p.mentee, p.mentor});
    } else if (p.status == PairStatus::kDissolved) {
      dissolved.insert({p.mentee, p.mentor});
    }
  }
  const auto stale = [&](const std::string& why) {
    return FailedPrecondition(why + " since the run; start a new matching run");
  };
  for (const Proposal& p : run.result->proposals) {
    for (const std::string* id : {&p.mentee, &p.mentor}) {
      auto it = candidates.find(*id);
      if (it == candidates.end() || !it->second.active) {
        throw stale("\"" + *id + "\" has withdrawn");
      }
      if (++it->second.open_pairs > it->second.capacity) {
        throw stale("\"" + *id + "\" has been paired up to capacity");
      }
    }
    if (open.count({p.mentee, p.mentor})) {
      throw stale("\"" + p.mentee + "\" and \"" + p.mentor + "\" have been paired");
    }
    if (!p.locked && dissolved.count({p.mentee, p.mentor})) {  // a lock re-pairs on purpose
      throw stale("the pair \"" + p.mentee + "\" and \"" + p.mentor + "\" has been dissolved");
    }
  }
  // Avoid lists, institutions, time zones and the program's rules may have
  // changed too. The run's own weights and minimum score decided its
  // proposals' scores, so only the rules about people are checked again.
  {
    const Vocabulary vocabulary = LoadVocabulary(tx, program.id);
    matching::MatchSettings rules = ProgramMatchSettings(program, TodayUtc(tx), vocabulary);
    rules.min_score.reset();
    std::vector<matching::PairId> proposed;
    for (const Proposal& p : run.result->proposals) proposed.push_back({p.mentee, p.mentor});
    try {
      CheckPairs(tx, run.program_id, rules, proposed);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kFailedPrecondition) throw;
      throw FailedPrecondition(e.message() +
                               ": profiles or program rules changed since the run; start a "
                               "new matching run");
    }
  }
  store::MatchingRunRepository runs(tx);
  if (!runs.MarkPublished(run_id, actor.user_id)) {
    throw FailedPrecondition("matching run " + std::to_string(run_id) +
                             " is no longer done (published meanwhile?)");
  }
  const std::string today = TodayUtc(tx);
  std::vector<Pair> created;
  for (const Proposal& p : run.result->proposals) {
    Pair pair;
    pair.program_id = run.program_id;
    pair.mentor = p.mentor;
    pair.mentee = p.mentee;
    pair.status = PairStatus::kActive;
    pair.score = p.score;
    pair.breakdown = p.breakdown;
    pair.matching_run_id = run_id;
    pair.started_on = today;
    pair.id = pairs.Insert(pair);
    Pair stored = *pairs.Find(pair.id);
    NoteVolunteerChange(tx, run.program_id, stored.mentor_enrollment_id);
    AppendAudit(tx, actor, "pair.create", "pair", stored.id, run.program_id, "",
                store::PairJson(stored));
    created.push_back(std::move(stored));
  }
  MatchingRun after = run;
  after.status = MatchingRunStatus::kPublished;
  if (auto reread = runs.Find(run_id, false)) after = *reread;
  AppendAudit(tx, actor, "matching_run.publish", "matching_run", run_id, run.program_id,
              store::MatchingRunJson(run), store::MatchingRunJson(after));
  IntroducePairs(tx, program, created);
  tx.Commit();
  return created;
}

}  // namespace tandem::service
