// The matching engine's public face: build a problem from participants (or
// from scores a coordinator gives), solve it under the program's objective
// and hard rules, and explain the result. Pure: no I/O, deterministic for the
// same input. See docs/matching.md.
//
//   MatchSettings settings;
//   settings.cross_institution = true;
//   MatchProblem problem = MatchProblem::FromParticipants(people, settings);
//   MatchResult result = Solve(problem);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/intake.h"
#include "core/participant.h"
#include "core/program.h"
#include "core/taxonomy.h"
#include "matching/flow.h"
#include "matching/given_scores.h"
#include "matching/score.h"

namespace tandem::matching {

enum class Objective {
  kOptimal,       // most mentees matched, then the greatest total score
  kFair,          // most matched, then the greatest minimum pair score, then total
  kStableMentee,  // deferred acceptance, mentees propose (mentee-optimal stable)
  kStableMentor,  // deferred acceptance, mentors propose (mentor-optimal stable)
};
// "optimal", "fair", "stable-mentee", "stable-mentor".
std::string_view ObjectiveName(Objective objective);
// Parses the names above; nullopt when unknown.
std::optional<Objective> ParseObjective(std::string_view text);

// A mentee–mentor pair by participant id. Where a pair is given by a person
// (locks, forbids, existing pairs), the two ids may come in either order.
struct PairId {
  std::string mentee;
  std::string mentor;
  friend auto operator<=>(const PairId&, const PairId&) = default;
};

// A score a coordinator gives a pair, in points. `row` (1-based, 0 = none)
// is quoted in error messages.
struct GivenScore {
  std::string mentee;
  std::string mentor;
  double score = 0;
  int row = 0;
};

struct MatchSettings {
  MatchingWeights weights;  // per-facet weights (ignored with given scores)
  Objective objective = Objective::kOptimal;
  bool cross_institution = false;   // mentor and mentee never at the same institution
  std::optional<double> min_score;  // pairs scoring below this (points) are not allowed
  std::optional<double> max_time_zone_difference_hours;
  // For large pools, each mentee keeps only its top_k mentors by score (ties:
  // input order) and the solver works on those. Applies only when the number
  // of possible pairs exceeds all_pairs_limit; 0 means every pair always.
  int top_k = 50;
  std::int64_t all_pairs_limit = 1'000'000;
  std::vector<PairId> locks;    // must appear in the result
  std::vector<PairId> forbids;  // must not appear
  // ISO date whose daylight-saving rules convert availability to UTC (the
  // program's start). Empty means 2025-01-01.
  std::string reference_date;
  const Taxonomy* taxonomy = nullptr;  // null: DefaultTaxonomy(); must outlive the problem
  double full_overlap_hours = 2.0;     // weekly overlap that earns full availability credit
  int threads = 0;                     // scoring threads; 0 = every core
  // The program's intake questions (core/intake.h), from profiles only: each
  // that counts in matching (MatchingQuestions) adds its contribution to the
  // score (ScoringOptions::questions) and its facet "question:<code>"; a
  // must-match question is a hard rule (PairRule::kMustMatch in rules.h).
  // Checked with ValidateQuestions. Given scores (FromScores) ignore them.
  std::vector<IntakeQuestion> questions;
};

// Why a person ended up without a pair.
enum class UnmatchedReason {
  kNoMentorWithCapacity,     // no mentor (outside own institution, if required) with capacity left
  kAllCandidatesExcluded,    // every such mentor excluded by avoid, forbid or time zone
  kNoMustMatch,              // every remaining mentor answered a must-match question otherwise
  kAllBelowMinScore,         // every remaining mentor scores below the minimum
  kNoScoreGiven,             // given scores: no allowed mentor was scored for this mentee
  kCapacityTaken,            // candidates exist, but their capacity went to better pairs
  kNoEligibleMentee,         // mentor: no mentee could be paired with them
  kMenteesMatchedElsewhere,  // mentor: eligible mentees were matched with others
};
// A sentence for a person, e.g. "capacity taken by better pairs".
std::string_view UnmatchedReasonText(UnmatchedReason reason);
// A stable identifier, e.g. "capacity_taken".
std::string_view UnmatchedReasonCode(UnmatchedReason reason);

struct MatchedPair {
  std::string mentee;
  std::string mentor;
  std::int64_t score_micro = 0;  // exact score in micro-points
  double score = 0;              // the same in points
  // Contribution of each facet (MatchResult::facets: the built-in facets, then
  // the program's questions) in points; they sum to `score`.
  std::vector<double> contributions;
  bool locked = false;  // a coordinator's lock (or, in Rematch, an existing pair)
};

struct UnmatchedPerson {
  std::string id;
  Role role = Role::kMentee;
  UnmatchedReason reason = UnmatchedReason::kCapacityTaken;
};

struct MatchResult {
  Objective objective = Objective::kOptimal;
  std::vector<std::string> facets;         // names of the contribution columns
  std::vector<MatchedPair> pairs;          // in mentee then mentor input order
  std::vector<UnmatchedPerson> unmatched;  // mentees first, then mentors, input order
  int matched_mentees = 0;                 // mentees with at least one pair
  std::int64_t total_micro = 0;
  double total_score = 0;  // points
  double min_score = 0;    // points; 0 when there are no pairs
  double mean_score = 0;   // points; 0 when there are no pairs
  // Pairs (not chosen, allowed) that both people would rather have than
  // their current or worst partner; locked and existing pairs count as
  // fixed. 0 for a stable objective by construction.
  int blocking_pairs = 0;
  std::int64_t candidate_pairs = 0;  // arcs the solver considered
  double build_seconds = 0;          // scoring and candidate generation
  double solve_seconds = 0;
};

// A matching problem: participants, allowed pairs with their scores, locks.
// Immutable once built; Solve and Rematch may run on it from several threads.
class MatchProblem {
 public:
  // Scores every mentor–mentee pair from the profiles. Participants with a
  // role other than mentor or mentee are ignored. Throws tandem::Error:
  // kInvalidArgument for a duplicate or empty id, a bad capacity, an unknown
  // time zone, a bad reference date or setting, or a lock/forbid naming an
  // unknown id or two people on the same side; kFailedPrecondition for a
  // locked pair that breaks another hard rule or more locks than capacity.
  static MatchProblem FromParticipants(const std::vector<Participant>& people,
                                       const MatchSettings& settings);

  // Uses the given scores instead of computed ones: only listed pairs are
  // allowed, every listed pair is a candidate (top_k is not applied) and each
  // pair's breakdown is the single facet "given". The settings' weights and
  // questions are ignored: no question scores or rules a pair (must-match
  // included; the coordinator's scores are the whole judgement). Errors as above, plus
  // kInvalidArgument naming the row for an unknown id, a pair listed twice or
  // a score that is not a finite number within +-1e6.
  static MatchProblem FromScores(const std::vector<Participant>& people,
                                 const std::vector<GivenScore>& scores,
                                 const MatchSettings& settings);
  // The same from a table (scores_csv.h reads one from a file), which the
  // problem consumes: pass it with std::move to free it while building. Takes
  // time linear in the rows and participants: only listed pairs are visited.
  // Errors name the table's row; of several, the first in table order.
  static MatchProblem FromScores(const std::vector<Participant>& people, GivenScoreTable scores,
                                 const MatchSettings& settings);

  MatchProblem(MatchProblem&&) noexcept;
  MatchProblem& operator=(MatchProblem&&) noexcept;
  ~MatchProblem();

  const MatchSettings& settings() const;
  int mentee_count() const;
  int mentor_count() const;
  std::int64_t candidate_pairs() const;

  struct State;

 private:
  explicit MatchProblem(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  friend MatchResult Solve(const MatchProblem&);
  friend MatchResult Rematch(const MatchProblem&, const std::vector<PairId>&,
                             const std::vector<std::string>&);
  friend std::vector<MatchedPair> RankMentors(const MatchProblem&, const std::string&);
  friend std::vector<std::string> FacetNames(const MatchProblem&);
};

// Solves the problem under its settings' objective. Never breaks a hard rule;
// every locked pair appears. Deterministic. Throws tandem::Error only for
// scores whose range is too wide to solve exactly.
MatchResult Solve(const MatchProblem& problem);

// Re-matching: keeps `existing` pairs exactly as they are (they use up
// capacity and are never moved) and proposes mentors for `mentees` only,
// from the capacity left, under the problem's objective and rules. The
// result lists the locked and existing pairs of those mentees (locked = true)
// and the new proposals. Throws tandem::Error(kInvalidArgument) for an unknown
// id and kFailedPrecondition when existing pairs exceed someone's capacity.
MatchResult Rematch(const MatchProblem& problem, const std::vector<PairId>& existing,
                    const std::vector<std::string>& mentees);

// Every mentor that `mentee` may be paired with under the problem's hard
// rules and the room its locks leave, each with the pair's score and facet
// contributions (MatchResult::facets order; locked false), best score first,
// ties in mentor input order: what a mentee's ranked shortlist is made of.
// Build the problem with top_k 0, or only each mentee's top_k are listed.
// Throws tandem::Error(kInvalidArgument) when `mentee` is not a mentee of it.
std::vector<MatchedPair> RankMentors(const MatchProblem& problem, const std::string& mentee);

// The facet names of a problem's contributions: FacetName of each facet, then
// QuestionFacetName ("question:<code>") of each question that counts in
// matching in the settings' order, or the single "given" for given scores.
std::vector<std::string> FacetNames(const MatchProblem& problem);

}  // namespace tandem::matching
