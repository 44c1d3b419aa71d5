#include "service/pairs.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "matching/match.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/meetings.h"
#include "service/notifications.h"
#include "service/peer_support.h"
#include "service/programs.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

// A pair as its members see it: the score's background and preference parts
// are left out — they would tell whether a hidden attribute (gender, URiM)
// matched, or whom the partner preferred — and the score is the sum of the
// parts shown, so that the difference tells nothing either.
Pair AsMemberSeesIt(Pair pair) {
  pair.breakdown.erase("background");
  pair.breakdown.erase("preference");
  double shown = 0;
  for (const auto& [facet, points] : pair.breakdown) shown += points;
  pair.score = std::round(shown * 1e6) / 1e6;
  return pair;
}

Pair FindPair(store::Transaction& tx, std::int64_t pair_id,
              store::RowLock lock = store::RowLock::kNone) {
  auto pair = store::PairRepository(tx).Find(pair_id, lock);
  if (!pair) throw NotFound("pair " + std::to_string(pair_id) + " does not exist");
  return *pair;
}

// The enrolled mentor or mentee `id`, or kNotFound naming `field`.
const store::PairCandidate& Candidate(const std::map<std::string, store::PairCandidate>& all,
                                      const std::string& id, Role role, const char* field) {
  auto it = all.find(id);
  if (it == all.end() || it->second.role != role) {
    throw Error(ErrorCode::kNotFound,
                "no " + std::string(RoleName(role)) + " \"" + id + "\" in this program", field);
  }
  if (!it->second.active) {
    throw Error(ErrorCode::kFailedPrecondition,
                std::string(RoleName(role)) + " \"" + id + "\" is not active in this program",
                field);
  }
  return it->second;
}

Pair Transition(store::Database& db, const Actor& actor, std::int64_t pair_id, PairStatus to,
                const std::string& reason) {
  store::Transaction tx = db.Begin();
  const Pair before = FindPair(tx, pair_id, store::RowLock::kForUpdate);
  RequireCoordinator(AccessTo(tx, actor, before.program_id),
                     to == PairStatus::kCompleted ? "complete pairs" : "dissolve pairs");
  std::string why(Trim(reason));
  if (to == PairStatus::kDissolved) {
    if (why.empty()) throw InvalidArgument("say why the pair is dissolved", "reason");
    CheckText(why, "reason", 2000, true);
  }
  if (!CanTransition(before.status, to)) {
    throw FailedPrecondition("pair " + std::to_string(pair_id) + " is " +
                             std::string(PairStatusName(before.status)) + " and cannot become " +
                             std::string(PairStatusName(to)));
  }
  Pair after = before;
  after.status = to;
  after.ended_on = TodayUtc(tx);
  after.end_reason = why;
  store::PairRepository pairs(tx);
  pairs.UpdateStatus(after);
  after = *pairs.Find(pair_id);
  NoteVolunteerChange(tx, before.program_id, before.mentor_enrollment_id);
  AppendAudit(tx, actor, to == PairStatus::kCompleted ? "pair.complete" : "pair.dissolve", "pair",
              pair_id, before.program_id, store::PairJson(before), store::PairJson(after));
  tx.Commit();
  return after;
}

Proposal ToProposal(const matching::MatchResult& r, const matching::MatchedPair& p,
                    const std::map<std::string, store::PairCandidate>& candidates) {
  Proposal out;
  out.mentee = p.mentee;
  out.mentor = p.mentor;
  if (auto it = candidates.find(p.mentee); it != candidates.end())
    out.mentee_name = it->second.name;
  if (auto it = candidates.find(p.mentor); it != candidates.end())
    out.mentor_name = it->second.name;
  out.score = p.score;
  for (size_t f = 0; f < r.facets.size() && f < p.contributions.size(); ++f) {
    out.breakdown[r.facets[f]] = p.contributions[f];
  }
  out.locked = p.locked;
  return out;
}

}  // namespace

int DissolveOpenPairsOf(store::Transaction& tx, const Actor& actor, std::int64_t enrollment_id,
                        const std::string& reason) {
  store::PairRepository pairs(tx);
  int dissolved = 0;
  for (const Pair& before : pairs.ListByMember(enrollment_id)) {
    if (!CanTransition(before.status, PairStatus::kDissolved)) continue;
    Pair after = before;
    after.status = PairStatus::kDissolved;
    after.ended_on = TodayUtc(tx);
    after.end_reason = reason;
    pairs.UpdateStatus(after);
    after = *pairs.Find(before.id);
    NoteVolunteerChange(tx, before.program_id, before.mentor_enrollment_id);
    AppendAudit(tx, actor, "pair.dissolve", "pair", before.id, before.program_id,
                store::PairJson(before), store::PairJson(after));
    ++dissolved;
  }
  return dissolved;
}

std::vector<Pair> ListPairs(store::Database& db, const Actor& actor, std::int64_t program_id,
                            std::optional<PairStatus> status) {
  store::Transaction tx = db.Begin(false);
  if (!store::ProgramRepository(tx).Exists(program_id)) {
    throw NotFound("program " + std::to_string(program_id) + " does not exist");
  }
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  store::PairRepository pairs(tx);
  std::vector<Pair> out;
  if (access.coordinator) {
    out = pairs.ListByProgram(program_id, status);
  } else if (!access.mentor_enrollments.empty() || !access.mentee_enrollments.empty()) {
    std::set<std::int64_t> seen;
    for (const auto* ids : {&access.mentor_enrollments, &access.mentee_enrollments}) {
      for (std::int64_t enrollment : *ids) {
        for (Pair& p : pairs.ListByMember(enrollment)) {
          if (p.program_id != program_id || (status && p.status != *status)) continue;
          if (seen.insert(p.id).second) out.push_back(AsMemberSeesIt(std::move(p)));
        }
      }
    }
    std::sort(out.begin(), out.end(), [](const Pair& a, const Pair& b) { return a.id < b.id; });
  } else {
    throw Error(ErrorCode::kPermissionDenied,
                access.evaluator ? "evaluators read the program summary, not individual pairs"
                                 : "only the program's coordinators and members can see its pairs");
  }
  tx.Commit();
  return out;
}

Pair GetPair(store::Database& db, const Actor& actor, std::int64_t pair_id) {
  store::Transaction tx = db.Begin(false);
  Pair pair = FindPair(tx, pair_id);
  const ProgramAccess access = AccessTo(tx, actor, pair.program_id);
  if (!access.coordinator && !access.Owns(pair.mentor_enrollment_id) &&
      !access.Owns(pair.mentee_enrollment_id)) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the program's coordinators and the pair's members can see this pair");
  }
  tx.Commit();
  return access.coordinator ? pair : AsMemberSeesIt(std::move(pair));
}

Pair CompletePair(store::Database& db, const Actor& actor, std::int64_t pair_id) {
  return Transition(db, actor, pair_id, PairStatus::kCompleted, "");
}

Pair DissolvePair(store::Database& db, const Actor& actor, std::int64_t pair_id,
                  const std::string& reason) {
  return Transition(db, actor, pair_id, PairStatus::kDissolved, reason);
}

namespace {

// Re-match suggestions for `mentee`: among mentors with room (`full` false),
// or among those with none, as if each had room for one more (`full` true).
std::vector<Proposal> SuggestMentors(store::Database& db, const Actor& actor,
                                     std::int64_t program_id, const std::string& mentee, int limit,
                                     bool full, std::map<std::string, int>* capacities) {
  Program program;
  MatchingInput input;
  {
    store::Transaction tx = db.Begin(false);
    program = RequireProgram(tx, program_id);
    RequireCoordinator(AccessTo(tx, actor, program_id), "re-match mentees");
    RequireOpen(program);
    if (limit < 1 || limit > 50) throw InvalidArgument("limit must be between 1 and 50", "limit");
    input = LoadMatchingInput(tx, program);
    tx.Commit();
  }
  Candidate(input.candidates, mentee, Role::kMentee, "mentee");
  if (std::find(input.mentees_to_match.begin(), input.mentees_to_match.end(), mentee) ==
      input.mentees_to_match.end()) {
    throw Error(ErrorCode::kFailedPrecondition,
                "mentee \"" + mentee + "\" already has as many mentors as their capacity allows",
                "mentee");
  }
  // The problem is this mentee and every mentor with capacity left; pairs of
  // other mentees only use up their mentors' capacity.
  std::map<std::string, int> used;
  std::vector<matching::PairId> own;
  for (const matching::PairId& p : input.existing) {
    if (p.mentee == mentee) {
      own.push_back(p);
    } else {
      ++used[p.mentor];
    }
  }
  std::vector<Participant> people;
  for (const Participant& p : input.people) {
    if (p.role == Role::kMentee && p.id != mentee) continue;
    Participant copy = p;
    if (p.role == Role::kMentor) {
      copy.capacity -= used[p.id];
      if (full != (copy.capacity <= 0)) continue;
      if (full) copy.capacity = 1;
      if (capacities) (*capacities)[p.id] = input.candidates[p.id].capacity;
    }
    if (copy.capacity > 0) people.push_back(std::move(copy));
  }
  matching::MatchSettings settings = ProgramMatchSettings(program, input.today, input.vocabulary);
  settings.top_k = 0;
  settings.threads = 1;
  for (const matching::PairId& p : input.never) {
    const bool mentor_has_room = std::any_of(
        people.begin(), people.end(),
        [&](const Participant& x) { return x.role == Role::kMentor && x.id == p.mentor; });
    if (p.mentee == mentee && mentor_has_room) settings.forbids.push_back(p);
  }
  std::vector<Proposal> out;
  // Each round proposes the best mentor(s) left, then forbids them.
  while (static_cast<int>(out.size()) < limit) {
    const matching::MatchProblem problem =
        matching::MatchProblem::FromParticipants(people, settings);
    const matching::MatchResult r = matching::Rematch(problem, own, {mentee});
    std::vector<Proposal> round;
    for (const matching::MatchedPair& p : r.pairs) {
      if (!p.locked) round.push_back(ToProposal(r, p, input.candidates));
    }
    if (round.empty()) break;
    std::stable_sort(round.begin(), round.end(),
                     [](const Proposal& a, const Proposal& b) { return a.score > b.score; });
    for (Proposal& p : round) {
      settings.forbids.push_back({p.mentee, p.mentor});
      if (static_cast<int>(out.size()) < limit) out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace

std::vector<Proposal> ProposeRematch(store::Database& db, const Actor& actor,
                                     std::int64_t program_id, const std::string& mentee,
                                     int limit) {
  return SuggestMentors(db, actor, program_id, mentee, limit, false, nullptr);
}

std::vector<RaiseSuggestion> ProposeIfRaised(store::Database& db, const Actor& actor,
                                             std::int64_t program_id, const std::string& mentee,
                                             int limit) {
  std::map<std::string, int> capacities;
  std::vector<RaiseSuggestion> out;
  for (Proposal& p : SuggestMentors(db, actor, program_id, mentee, limit, true, &capacities)) {
    const int capacity = capacities[p.mentor];
    out.push_back({std::move(p), capacity});
  }
  return out;
}

Pair CreatePair(store::Database& db, const Actor& actor, std::int64_t program_id,
                const std::string& mentee, const std::string& mentor) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "create pairs");
  Pair stored = InsertCheckedPair(tx, actor, program, mentee, mentor);
  tx.Commit();
  return stored;
}

Pair InsertCheckedPair(store::Transaction& tx, const Actor& actor, const Program& program,
                       const std::string& mentee, const std::string& mentor) {
  const std::int64_t program_id = program.id;
  RequireOpen(program);
  store::PairRepository pairs(tx);
  const auto candidates = pairs.Candidates(program_id);
  const store::PairCandidate& e = Candidate(candidates, mentee, Role::kMentee, "mentee");
  const store::PairCandidate& r = Candidate(candidates, mentor, Role::kMentor, "mentor");
  if (e.user_id == r.user_id) {
    throw InvalidArgument("\"" + mentee + "\" and \"" + mentor +
                              "\" are the same person, who cannot mentor themselves",
                          "mentor");
  }
  for (const Pair& p : pairs.ListByMember(e.enrollment_id)) {
    if (p.mentor_enrollment_id == r.enrollment_id &&
        (p.status == PairStatus::kProposed || p.status == PairStatus::kActive)) {
      throw FailedPrecondition("\"" + mentee + "\" and \"" + mentor + "\" are already paired");
    }
  }
  if (r.open_pairs >= r.capacity) {
    throw FailedPrecondition("capacity: mentor \"" + mentor + "\" already has " +
                             std::to_string(r.open_pairs) + " of " + std::to_string(r.capacity) +
                             " mentees");
  }
  if (e.open_pairs >= e.capacity) {
    throw FailedPrecondition("capacity: mentee \"" + mentee + "\" already has " +
                             std::to_string(e.open_pairs) + " of " + std::to_string(e.capacity) +
                             " mentors");
  }
  // Every other hard rule, as the engine checks a locked pair.
  const Vocabulary vocabulary = LoadVocabulary(tx, program_id);
  const matching::MatchResult result = CheckPairs(
      tx, program_id, ProgramMatchSettings(program, TodayUtc(tx), vocabulary), {{mentee, mentor}});
  Pair pair;
  pair.program_id = program_id;
  pair.mentee = mentee;
  pair.mentor = mentor;
  pair.status = PairStatus::kActive;
  pair.started_on = TodayUtc(tx);
  for (const matching::MatchedPair& p : result.pairs) {
    if (p.mentee != mentee || p.mentor != mentor) continue;
    pair.score = p.score;
    for (size_t f = 0; f < result.facets.size() && f < p.contributions.size(); ++f) {
      pair.breakdown[result.facets[f]] = p.contributions[f];
    }
  }
  pair.id = pairs.Insert(pair);
  Pair stored = *pairs.Find(pair.id);
  NoteVolunteerChange(tx, program_id, stored.mentor_enrollment_id);
  AppendAudit(tx, actor, "pair.create", "pair", stored.id, program_id, "", store::PairJson(stored));
  IntroducePairs(tx, program, {stored});
  return stored;
}

void IntroducePairs(store::Transaction& tx, const Program& program,
                    const std::vector<Pair>& pairs) {
  if (pairs.empty()) return;
  std::map<std::string, std::string> institution;  // participant id -> institution
  for (const Participant& p : store::ParticipantRepository(tx).Load(program.id)) {
    institution[p.id] = p.institution;
  }
  store::EnrollmentRepository enrollments(tx);
  store::UserRepository users(tx);
  for (const Pair& pair : pairs) {
    const auto mentor = enrollments.Find(pair.mentor_enrollment_id);
    const auto mentee = enrollments.Find(pair.mentee_enrollment_id);
    if (!mentor || !mentee) continue;
    for (const auto& [to, other] : {std::pair{*mentee, *mentor}, std::pair{*mentor, *mentee}}) {
      const auto user = users.Find(to.user_id);
      if (to.email.empty() || to.status != EnrollmentStatus::kActive || !user || user->disabled) {
        continue;
      }
      const notify::Message m = notify::IntroductionMessage(
          {.name = to.name,
           .program_name = program.name,
           .program_kind = program.kind,
           .partner_role = other.role,
           .partner_name = other.name,
           .partner_email = other.email,
           .partner_institution = institution[other.participant_id],
           .partner_profile_link =
               PublicBaseUrl() + "/enrollments/" + std::to_string(other.id) + "/profile",
           .pair_link = PublicBaseUrl() + "/pairs/" + std::to_string(pair.id),
           .cadence_days = program.cadence_days});
      Notify(tx, {to.user_id, to.email}, "introduction", m);
    }
  }
}

ProgramSummary GetProgramSummary(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "read its summary");
  const store::PairCounts counts = store::PairRepository(tx).Count(program_id);
  const MeetingCounts meetings = CountMeetings(tx, RequireProgram(tx, program_id));
  tx.Commit();
  ProgramSummary summary;
  summary.meetings_scheduled = meetings.scheduled;
  summary.meetings_held = meetings.held;
  summary.meetings_not_held = meetings.not_held;
  summary.pair_health = meetings.health;
  summary.program_id = program_id;
  summary.enrollments = counts.enrollments;
  summary.pairs = counts.pairs;
  summary.mentees_matched = counts.mentees_matched;
  summary.mean_score = counts.mean_score;
  summary.min_score = counts.min_score;
  return summary;
}

}  // namespace tandem::service
