#include "matching/rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "calendar/weekly.h"
#include "core/error.h"
#include "core/intake.h"
#include "matching/match.h"
#include "matching/score.h"

namespace tandem::matching {
namespace {

// ---- The rules alone ----

TEST(PairRulesTest, TheFirstRuleThatForbidsIsNamed) {
  // One mentee (index 0) and one mentor (index 0); each case breaks the
  // rules from `rule` on, so the first of them must be named.
  struct Case {
    const char* name;
    bool mentee_full, mentor_full, same_institution, excluded, far, paired, mismatched;
    std::optional<std::int64_t> score;
    PairRule rule;
    UnmatchedReason reason;
  };
  const std::int64_t low = 10 * kMicroPoints, high = 90 * kMicroPoints;
  const Case cases[] = {
      {"mentee full", true, true, true, true, true, true, true, std::nullopt, PairRule::kMenteeFull,
       UnmatchedReason::kNoMentorWithCapacity},
      {"mentor full", false, true, true, true, true, true, true, std::nullopt,
       PairRule::kMentorFull, UnmatchedReason::kNoMentorWithCapacity},
      {"same institution", false, false, true, true, true, true, true, std::nullopt,
       PairRule::kSameInstitution, UnmatchedReason::kNoMentorWithCapacity},
      {"avoid or forbid", false, false, false, true, true, true, true, std::nullopt,
       PairRule::kExcluded, UnmatchedReason::kAllCandidatesExcluded},
      {"time zones", false, false, false, false, true, true, true, std::nullopt,
       PairRule::kTimeZone, UnmatchedReason::kAllCandidatesExcluded},
      {"already paired", false, false, false, false, false, true, true, std::nullopt,
       PairRule::kAlreadyPaired, UnmatchedReason::kAllCandidatesExcluded},
      {"must-match", false, false, false, false, false, false, true, std::nullopt,
       PairRule::kMustMatch, UnmatchedReason::kNoMustMatch},
      {"not scored", false, false, false, false, false, false, false, std::nullopt,
       PairRule::kNotScored, UnmatchedReason::kNoScoreGiven},
      {"below minimum", false, false, false, false, false, false, false, low,
       PairRule::kBelowMinScore, UnmatchedReason::kAllBelowMinScore},
      {"allowed", false, false, false, false, false, false, false, high, PairRule::kAllowed,
       UnmatchedReason::kCapacityTaken},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MatchSettings settings;
    settings.cross_institution = true;
    settings.max_time_zone_difference_hours = 2;
    settings.min_score = 50;
    PairRules rules(settings);
    rules.AddMentee(/*institution=*/0, /*utc_offset=*/0);
    rules.AddMentor(c.same_institution ? 0 : 1, c.far ? 121 : 120);
    if (c.excluded) rules.Exclude(0, 0);
    rules.Seal();
    // Two must-match questions: the first answered alike (or not by the
    // mentor), the second with no choice in common when `mismatched`.
    rules.SetMustMatch(2, {0b011, 0b001}, {0, c.mismatched ? 0b110u : 0b101u});
    const std::vector<int> mentor_left = {c.mentor_full ? 0 : 1};
    const std::vector<int> paired = c.paired ? std::vector<int>{0} : std::vector<int>{};
    int scored = 0;
    const PairRules::Verdict verdict =
        rules.ForMentee(0, c.mentee_full ? 0 : 1, mentor_left, paired).Check(0, [&](int) {
          ++scored;
          return c.score;
        });
    EXPECT_EQ(verdict.rule, c.rule);
    EXPECT_EQ(RuleReason(verdict.rule), c.reason);
    EXPECT_EQ(scored, c.rule >= PairRule::kNotScored ? 1 : 0) << "scored only when needed";
    EXPECT_EQ(RuleBrokenText(c.rule, "e", "m").empty(), c.rule == PairRule::kAllowed);
  }
  EXPECT_EQ(RuleBrokenText(PairRule::kMentorFull, "e", "m"), "exceeds the capacity of m");
}

// ---- Reasons that disagreed with the solver before the rules were one ----

Participant Person(Role role, std::string id, int capacity = 1) {
  Participant p;
  p.role = role;
  p.id = std::move(id);
  p.capacity = capacity;
  p.time_zone = "UTC";
  return p;
}

// A mentor whose only allowed mentee is locked to someone else: that mentee
// was eligible and matched elsewhere (it used to read "no eligible mentee").
TEST(MatchRulesTest, MentorWhoseEligibleMenteeIsLockedElsewhere) {
  const std::vector<Participant> people = {Person(Role::kMentee, "a"), Person(Role::kMentor, "m"),
                                           Person(Role::kMentor, "n")};
  MatchSettings settings;
  settings.locks = {{"a", "m"}};
  const MatchResult r =
      Solve(MatchProblem::FromScores(people, {{"a", "m", 10, 0}, {"a", "n", 90, 0}}, settings));
  ASSERT_EQ(r.unmatched.size(), 1u);
  EXPECT_EQ(r.unmatched[0].id, "n");
  EXPECT_EQ(r.unmatched[0].reason, UnmatchedReason::kMenteesMatchedElsewhere);
  const MatchResult unscored =
      Solve(MatchProblem::FromScores(people, {{"a", "m", 10, 0}}, settings));
  ASSERT_EQ(unscored.unmatched.size(), 1u);
  EXPECT_EQ(unscored.unmatched[0].reason, UnmatchedReason::kNoEligibleMentee);
}

// In re-matching, a mentee's reason is judged on the room the existing pairs
// leave, not on the room at build time.
TEST(MatchRulesTest, RematchReasonUsesTheRoomLeft) {
  const std::vector<Participant> people = {
      Person(Role::kMentee, "a"), Person(Role::kMentee, "late"), Person(Role::kMentor, "m")};
  MatchSettings settings;
  settings.min_score = 50;
  const MatchProblem problem =
      MatchProblem::FromScores(people, {{"a", "m", 60, 0}, {"late", "m", 10, 0}}, settings);
  EXPECT_EQ(Solve(problem).unmatched.at(0).reason, UnmatchedReason::kAllBelowMinScore);
  const MatchResult r = Rematch(problem, {{"a", "m"}}, {"late"});
  ASSERT_EQ(r.unmatched.size(), 1u);
  EXPECT_EQ(r.unmatched[0].reason, UnmatchedReason::kNoMentorWithCapacity) << "m is full";
  // An existing pair keeps its given score, even one below the minimum.
  const MatchResult kept = Rematch(problem, {{"late", "m"}}, {"late"});
  ASSERT_EQ(kept.pairs.size(), 1u);
  EXPECT_EQ(kept.pairs[0].score, 10);
}

// ---- Property: reasons agree with the rules on random instances ----

// A random small instance and what the oracle below needs to judge it.
struct Instance {
  std::uint32_t seed = 0;
  std::vector<Participant> people;  // mentees first, then mentors
  int mentees = 0, mentors = 0;
  bool given = false;
  std::vector<GivenScore> scores;
  MatchSettings settings;
  bool rematch = false;
  std::vector<PairId> existing;     // Rematch only
  std::vector<std::string> active;  // Rematch only
  std::vector<PairId> former;       // former partners, passed as forbids
  bool top_k = false;

  std::string Describe() const {
    std::ostringstream out;
    out << "seed " << seed << (given ? ", given scores" : ", profiles") << ", objective "
        << ObjectiveName(settings.objective) << (settings.cross_institution ? ", cross" : "");
    if (settings.max_time_zone_difference_hours) {
      out << ", max tz " << *settings.max_time_zone_difference_hours << " h";
    }
    if (settings.min_score) out << ", min score " << *settings.min_score;
    if (top_k) out << ", top-k " << settings.top_k;
    for (const IntakeQuestion& q : settings.questions) {
      out << ", " << q.code << " " << QuestionMatchName(q.match)
          << (q.compare_with.empty() ? "" : " with " + q.compare_with);
    }
    out << "\n";
    for (const Participant& p : people) {
      out << "  " << RoleName(p.role) << " " << p.id << " cap " << p.capacity << " inst '"
          << p.institution << "' " << p.time_zone;
      for (const std::string& a : p.avoid) out << " avoid " << a;
      for (const std::string& t : p.interests) out << " [" << t << "]";
      for (const auto& [code, values] : p.answers) {
        out << " " << code << "=" << FormatAnswerCell(values);
      }
      out << "\n";
    }
    const auto pairs = [&](const char* name, const std::vector<PairId>& list) {
      for (const PairId& p : list)
        out << "  " << name << " " << p.mentee << ":" << p.mentor << "\n";
    };
    pairs("lock", settings.locks);
    pairs("forbid", settings.forbids);
    pairs("existing", existing);
    for (const GivenScore& g : scores) {
      out << "  score " << g.mentee << ":" << g.mentor << " = " << g.score << "\n";
    }
    if (rematch) {
      out << "  rematch";
      for (const std::string& id : active) out << " " << id;
      out << "\n";
    }
    return out.str();
  }
};

Instance RandomInstance(std::uint32_t seed) {
  static const std::vector<std::string> zones = {"UTC", "Etc/GMT+1", "Etc/GMT-2", "Etc/GMT+5",
                                                 "America/Chicago"};
  static const std::vector<std::string> institutions = {"", "Mayo", "mayo ", "Emory", "UCSF"};
  static const std::vector<std::string> topics = {"thrombosis", "hemophilia", "lymphoma",
                                                  "breast cancer", "health equity"};
  std::mt19937 rng(seed);
  const auto below = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const auto chance = [&](int percent) { return below(100) < percent; };
  Instance in;
  in.seed = seed;
  in.mentees = 1 + below(8);
  in.mentors = chance(5) ? 0 : 1 + below(6);
  in.given = chance(50);
  for (int k = 0; k < in.mentees + in.mentors; ++k) {
    const bool mentee = k < in.mentees;
    Participant p;
    p.role = mentee ? Role::kMentee : Role::kMentor;
    p.id = (mentee ? "e" : "m") + std::to_string(mentee ? k : k - in.mentees);
    p.capacity = mentee ? (chance(10) ? 0 : chance(15) ? 2 : 1) : below(4);
    p.institution = institutions[below(static_cast<int>(institutions.size()))];
    p.time_zone = zones[below(static_cast<int>(zones.size()))];
    for (int t = below(3); t > 0; --t) p.interests.push_back(topics[below(5)]);
    in.people.push_back(std::move(p));
  }
  const auto mentee_id = [&] { return "e" + std::to_string(below(in.mentees)); };
  const auto mentor_id = [&] { return "m" + std::to_string(below(in.mentors)); };
  // A pair as a person gives it: either order.
  const auto some_pair = [&]() -> PairId {
    if (chance(50)) return {mentee_id(), mentor_id()};
    return {mentor_id(), mentee_id()};
  };
  if (in.mentors > 0) {
    for (Participant& p : in.people) {
      if (chance(15)) p.avoid.push_back(p.role == Role::kMentee ? mentor_id() : mentee_id());
    }
    for (int n = below(3); n > 0; --n) in.settings.forbids.push_back(some_pair());
    for (int n = below(2); n > 0; --n) in.former.push_back(some_pair());
    for (const PairId& f : in.former) in.settings.forbids.push_back(f);
    for (int n = below(3); n > 0; --n) in.settings.locks.push_back(some_pair());
  }
  if (!in.given && chance(50)) {
    // Must-match questions (and one that only scores): a single choice of
    // three, yes/no, and a mentees' multiple choice against a mentors' one.
    const auto question = [](const char* code, QuestionKind kind, int options, QuestionMatch match,
                             QuestionAudience audience) {
      IntakeQuestion q;
      q.code = code;
      q.text = code;
      q.kind = kind;
      for (int k = 0; k < options; ++k) q.options.push_back({"o" + std::to_string(k), "O"});
      q.match = match;
      q.weight = match == QuestionMatch::kNone ? 0 : 6;
      q.audience = audience;
      return q;
    };
    using K = QuestionKind;
    using M = QuestionMatch;
    using A = QuestionAudience;
    std::vector<IntakeQuestion>& q = in.settings.questions;
    q.push_back(question("site", K::kSingle, 3, M::kMustMatch, A::kBoth));
    if (chance(50)) q.push_back(question("remote", K::kYesNo, 0, M::kMustMatch, A::kBoth));
    if (chance(50)) {
      q.push_back(question("wanted", K::kMultiple, 4, M::kMustMatch, A::kMentees));
      q.back().compare_with = "offered";
      q.push_back(question("offered", K::kMultiple, 4, M::kNone, A::kMentors));
    }
    if (chance(50)) q.push_back(question("pace", K::kSingle, 3, M::kSame, A::kBoth));
    for (Participant& p : in.people) {
      for (const IntakeQuestion& iq : q) {
        if (!AsksRole(iq, p.role) || chance(20)) continue;  // some never answer
        std::vector<std::string>& values = p.answers[iq.code];
        if (iq.kind == K::kYesNo) {
          values.push_back(chance(50) ? "yes" : "no");
        } else if (iq.kind == K::kSingle) {
          values.push_back(iq.options[below(static_cast<int>(iq.options.size()))].code);
        } else {
          for (const QuestionOption& o : iq.options) {
            if (chance(30)) values.push_back(o.code);
          }
        }
      }
    }
  }
  if (in.given) {
    for (int e = 0; e < in.mentees; ++e) {
      for (int r = 0; r < in.mentors; ++r) {
        if (chance(75)) {
          in.scores.push_back(
              {"e" + std::to_string(e), "m" + std::to_string(r), below(1001) / 10.0, 0});
        }
      }
    }
  }
  in.settings.objective = static_cast<Objective>(below(4));
  in.settings.cross_institution = chance(50);
  if (chance(40)) in.settings.max_time_zone_difference_hours = below(4);
  if (chance(40)) in.settings.min_score = in.given ? below(80) : below(30);
  in.settings.threads = 1;
  in.rematch = chance(40);
  if (!in.rematch && chance(25)) {
    in.top_k = true;
    in.settings.top_k = 1 + below(2);
    in.settings.all_pairs_limit = 0;
  }
  if (in.rematch) {
    for (int n = below(6); n > 0 && in.mentors > 0; --n) in.existing.push_back(some_pair());
    for (int e = 0; e < in.mentees; ++e) {
      if (chance(50)) in.active.push_back("e" + std::to_string(e));
    }
  }
  return in;
}

// The oracle: the hard rules read straight from the instance, one pair at a
// time, with no code of the engine's but the scorer.
class Oracle {
 public:
  explicit Oracle(const Instance& in) : in_(in) {
    const calendar::Date reference = calendar::ParseDate("2025-01-01");
    std::vector<Participant> mentees, mentors;
    for (const Participant& p : in.people) {
      (p.role == Role::kMentee ? mentees : mentors).push_back(p);
      index_[p.id] = p.role == Role::kMentee ? static_cast<int>(mentees.size()) - 1
                                             : static_cast<int>(mentors.size()) - 1;
      offset_[p.id] = calendar::UtcOffsetMinutes(p.time_zone, reference);
    }
    if (!in.given) {
      ScoringOptions options;
      options.reference_date = reference;
      options.questions = in.settings.questions;
      scorer_ = std::make_unique<Scorer>(mentees, mentors, options);
    }
    for (const GivenScore& g : in.scores) given_[{g.mentee, g.mentor}] = ToMicroPoints(g.score);
  }

  const Participant& mentee(int e) const { return in_.people[e]; }
  const Participant& mentor(int r) const { return in_.people[in_.mentees + r]; }

  // A person-given pair as (mentee, mentor) ids.
  std::pair<std::string, std::string> Resolve(const PairId& p) const {
    if (p.mentee.front() == 'e') return {p.mentee, p.mentor};
    return {p.mentor, p.mentee};
  }

  std::optional<std::int64_t> Score(int e, int r) const {
    if (!in_.given) return scorer_->Score(e, r);
    auto it = given_.find({mentee(e).id, mentor(r).id});
    if (it == given_.end()) return std::nullopt;
    return it->second;
  }

  // How far the pair gets through the rules, capacity aside: 0 same
  // institution, 1 avoided, forbidden or too far apart, 2 no choice in common
  // on a must-match question both answered, 3 not scored, 4 below the
  // minimum, 5 (kAllowedStage) allowed.
  int PairStage(int e, int r) const {
    const Participant& a = mentee(e);
    const Participant& b = mentor(r);
    const std::string ia = CanonicalTag(a.institution), ib = CanonicalTag(b.institution);
    if (in_.settings.cross_institution && !ia.empty() && ia == ib) return 0;
    const auto has = [](const std::vector<std::string>& list, const std::string& id) {
      return std::find(list.begin(), list.end(), id) != list.end();
    };
    if (has(a.avoid, b.id) || has(b.avoid, a.id)) return 1;
    for (const PairId& f : in_.settings.forbids) {
      if (Resolve(f) == std::pair(a.id, b.id)) return 1;
    }
    if (in_.settings.max_time_zone_difference_hours &&
        std::abs(offset_.at(a.id) - offset_.at(b.id)) >
            *in_.settings.max_time_zone_difference_hours * 60) {
      return 1;
    }
    for (const IntakeQuestion& q : in_.settings.questions) {
      if (q.match != QuestionMatch::kMustMatch || q.retired) continue;
      const auto answer = [](const Participant& p, const std::string& code) {
        const auto it = p.answers.find(code);
        return it == p.answers.end() ? std::vector<std::string>{} : it->second;
      };
      const std::vector<std::string> mine = answer(a, q.code);
      const std::vector<std::string> theirs =
          answer(b, q.compare_with.empty() ? q.code : q.compare_with);
      const bool shared = std::any_of(mine.begin(), mine.end(), [&](const std::string& v) {
        return std::find(theirs.begin(), theirs.end(), v) != theirs.end();
      });
      if (!mine.empty() && !theirs.empty() && !shared) return 2;
    }
    const std::optional<std::int64_t> score = Score(e, r);
    if (!score) return 3;
    if (in_.settings.min_score && *score < ToMicroPoints(*in_.settings.min_score)) return 4;
    return kAllowedStage;
  }
  static constexpr int kAllowedStage = 5;

  int index(const std::string& id) const { return index_.at(id); }

 private:
  const Instance& in_;
  std::map<std::string, int> index_;
  std::map<std::string, int> offset_;
  std::map<std::pair<std::string, std::string>, std::int64_t> given_;
  std::unique_ptr<Scorer> scorer_;
};

UnmatchedReason ReasonOfStage(int furthest) {
  switch (furthest) {
    case 0:
      return UnmatchedReason::kNoMentorWithCapacity;
    case 1:
      return UnmatchedReason::kAllCandidatesExcluded;
    case 2:
      return UnmatchedReason::kNoMustMatch;
    case 3:
      return UnmatchedReason::kNoScoreGiven;
    case 4:
      return UnmatchedReason::kAllBelowMinScore;
    default:
      return UnmatchedReason::kCapacityTaken;
  }
}

enum class Checked { kDone, kLocksRefused, kExistingRefused };

// Checks one instance and counts what it saw in `seen`. When the engine
// refuses the locks or the existing pairs (rightly), says so: the caller
// checks the instance again without them.
Checked CheckInstance(const Instance& in, std::map<std::string, int>& seen) {
  const Oracle oracle(in);
  const int E = in.mentees, R = in.mentors;
  // Locks in order, as the engine takes them: each must pass the pair rules
  // and find room; a refused lock must break one.
  std::vector<int> mentee_load(E, 0), mentor_load(R, 0);
  std::set<std::pair<int, int>> fixed;
  bool locks_ok = true;
  for (const PairId& lock : in.settings.locks) {
    const auto [a, b] = oracle.Resolve(lock);
    const int e = oracle.index(a), r = oracle.index(b);
    if (fixed.count({e, r})) continue;
    if (mentee_load[e] >= oracle.mentee(e).capacity ||
        mentor_load[r] >= oracle.mentor(r).capacity ||
        oracle.PairStage(e, r) < Oracle::kAllowedStage) {
      locks_ok = false;
      if (oracle.PairStage(e, r) == 2) ++seen["lock refused by must-match"];
      break;
    }
    ++mentee_load[e];
    ++mentor_load[r];
    fixed.insert({e, r});
  }
  std::optional<MatchProblem> problem;
  try {
    problem.emplace(in.given ? MatchProblem::FromScores(in.people, in.scores, in.settings)
                             : MatchProblem::FromParticipants(in.people, in.settings));
  } catch (const Error& error) {
    EXPECT_FALSE(locks_ok) << "refused: " << error.message();
    EXPECT_EQ(error.code(), ErrorCode::kFailedPrecondition) << error.message();
    ++seen["lock refused"];
    return Checked::kLocksRefused;
  }
  EXPECT_TRUE(locks_ok) << "a lock breaking a rule was accepted";
  if (!locks_ok) return Checked::kDone;

  // Existing pairs (Rematch) take room too; over capacity is an error.
  std::vector<char> active(E, in.rematch ? 0 : 1);
  for (const std::string& id : in.active) active[oracle.index(id)] = 1;
  bool room_ok = true;
  for (const PairId& p : in.existing) {
    const auto [a, b] = oracle.Resolve(p);
    const int e = oracle.index(a), r = oracle.index(b);
    if (!fixed.insert({e, r}).second) continue;
    room_ok = room_ok && ++mentee_load[e] <= oracle.mentee(e).capacity &&
              ++mentor_load[r] <= oracle.mentor(r).capacity;
  }
  MatchResult result;
  try {
    result = in.rematch ? Rematch(*problem, in.existing, in.active) : Solve(*problem);
  } catch (const Error& error) {
    EXPECT_FALSE(room_ok) << "refused: " << error.message();
    ++seen["existing over capacity"];
    return Checked::kExistingRefused;
  }
  EXPECT_TRUE(room_ok) << "existing pairs over capacity were accepted";
  if (!room_ok) return Checked::kDone;
  const std::vector<int> mentor_room_before = [&] {
    std::vector<int> v(R);
    for (int r = 0; r < R; ++r) v[r] = oracle.mentor(r).capacity - mentor_load[r];
    return v;
  }();

  // No pair breaks a rule; fixed pairs of active mentees are kept.
  std::set<std::pair<int, int>> chosen;
  for (const MatchedPair& p : result.pairs) {
    const int e = oracle.index(p.mentee), r = oracle.index(p.mentor);
    SCOPED_TRACE(p.mentee + ":" + p.mentor);
    EXPECT_TRUE(active[e]);
    EXPECT_TRUE(chosen.insert({e, r}).second) << "pair twice";
    EXPECT_EQ(p.locked, fixed.count({e, r}) == 1);
    if (p.locked) continue;
    EXPECT_EQ(oracle.PairStage(e, r), Oracle::kAllowedStage) << "the pair breaks a rule";
    ++mentee_load[e];
    ++mentor_load[r];
  }
  for (const auto& [e, r] : fixed) {
    EXPECT_TRUE(!active[e] || chosen.count({e, r})) << "fixed pair missing";
  }
  for (int e = 0; e < E; ++e) EXPECT_LE(mentee_load[e], oracle.mentee(e).capacity);
  for (int r = 0; r < R; ++r) EXPECT_LE(mentor_load[r], oracle.mentor(r).capacity);

  // Every unmatched mentee's reason is the rule that got furthest over all
  // mentors (in the room before solving); "capacity taken" means every
  // mentor it could have had (its top-k ones, with top-k) is full now.
  std::map<std::string, UnmatchedReason> reason_of;
  for (const UnmatchedPerson& u : result.unmatched) {
    EXPECT_TRUE(reason_of.emplace(u.id, u.reason).second) << u.id << " listed twice";
  }
  for (int e = 0; e < E; ++e) {
    const std::string& id = oracle.mentee(e).id;
    SCOPED_TRACE(id);
    const bool unmatched = active[e] && oracle.mentee(e).capacity > 0 && mentee_load[e] == 0;
    EXPECT_EQ(reason_of.count(id), unmatched ? 1u : 0u);
    if (!unmatched || !reason_of.count(id)) continue;
    int furthest = 0;
    std::vector<std::pair<std::int64_t, int>> allowed;  // (-score, mentor)
    for (int r = 0; r < R; ++r) {
      if (mentor_room_before[r] <= 0) continue;
      const int stage = oracle.PairStage(e, r);
      furthest = std::max(furthest, stage);
      if (stage == Oracle::kAllowedStage) allowed.push_back({-*oracle.Score(e, r), r});
    }
    const UnmatchedReason reason = reason_of.at(id);
    ++seen[std::string(UnmatchedReasonCode(reason))];
    EXPECT_EQ(reason, ReasonOfStage(furthest))
        << "said \"" << UnmatchedReasonText(reason) << "\", the rules say \""
        << UnmatchedReasonText(ReasonOfStage(furthest)) << "\"";
    if (in.top_k) {
      std::sort(allowed.begin(), allowed.end());
      if (allowed.size() > static_cast<size_t>(in.settings.top_k))
        allowed.resize(in.settings.top_k);
    }
    for (const auto& [minus_score, r] : allowed) {
      EXPECT_EQ(mentor_load[r], oracle.mentor(r).capacity)
          << "capacity taken, yet " << oracle.mentor(r).id << " has room";
    }
  }

  // Every unmatched mentor (Solve): "no eligible mentee" when no mentee may
  // have them by the rules, else every such mentee is full (without top-k).
  for (int r = 0; r < R; ++r) {
    const std::string& id = oracle.mentor(r).id;
    SCOPED_TRACE(id);
    const bool unmatched = !in.rematch && oracle.mentor(r).capacity > 0 && mentor_load[r] == 0;
    EXPECT_EQ(reason_of.count(id), unmatched ? 1u : 0u);
    if (!unmatched || !reason_of.count(id)) continue;
    std::vector<int> eligible;
    for (int e = 0; e < E; ++e) {
      if (oracle.mentee(e).capacity > 0 && oracle.PairStage(e, r) == Oracle::kAllowedStage)
        eligible.push_back(e);
    }
    const UnmatchedReason reason = reason_of.at(id);
    ++seen[std::string(UnmatchedReasonCode(reason))];
    EXPECT_EQ(reason, eligible.empty() ? UnmatchedReason::kNoEligibleMentee
                                       : UnmatchedReason::kMenteesMatchedElsewhere);
    if (in.top_k) continue;
    for (int e : eligible) {
      EXPECT_EQ(mentee_load[e], oracle.mentee(e).capacity)
          << "matched elsewhere, yet " << oracle.mentee(e).id << " has room";
    }
  }
  return Checked::kDone;
}

TEST(MatchRulesTest, UnmatchedReasonsAgreeWithTheRulesOnRandomInstances) {
  std::map<std::string, int> seen;
  for (std::uint32_t seed = 1; seed <= 500; ++seed) {
    const Instance first = RandomInstance(seed);
    // With must-match questions, every objective on the same instance: no
    // pair of any breaks the rule, and every reason agrees with the rules.
    std::vector<Objective> objectives = {first.settings.objective};
    if (!first.settings.questions.empty()) {
      objectives = {Objective::kOptimal, Objective::kFair, Objective::kStableMentee,
                    Objective::kStableMentor};
      ++seen["instances with must-match questions"];
    }
    for (Objective objective : objectives) {
      Instance in = first;
      in.settings.objective = objective;
      for (int attempt = 0; attempt < 3; ++attempt) {
        SCOPED_TRACE(in.Describe());
        const Checked checked = CheckInstance(in, seen);
        if (checked == Checked::kDone) break;
        // Refused rightly: again without what was refused.
        (checked == Checked::kLocksRefused ? in.settings.locks : in.existing).clear();
      }
    }
    if (::testing::Test::HasFailure()) break;  // the first failing instance is enough to read
  }
  // Every reason and both error paths were exercised.
  for (const char* what :
       {"no_mentor_with_capacity", "all_candidates_excluded", "no_must_match_answer",
        "all_below_min_score", "no_score_given", "capacity_taken", "no_eligible_mentee",
        "mentees_matched_elsewhere", "lock refused", "lock refused by must-match",
        "existing over capacity"}) {
    EXPECT_GT(seen[what], 0) << what;
  }
  std::string counts;
  for (const auto& [what, n] : seen) counts += " " + what + "=" + std::to_string(n);
  RecordProperty("checked", counts);
}

}  // namespace
}  // namespace tandem::matching
