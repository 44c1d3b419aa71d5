#include "matching/match.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "core/error.h"

namespace tandem::matching {
namespace {

std::string Id(const char* prefix, int n) {
  std::string id(prefix);
  id += std::to_string(n);
  return id;
}

Participant Person(Role role, std::string id, std::string institution = "", int capacity = 1) {
  Participant p;
  p.role = role;
  p.id = std::move(id);
  p.institution = std::move(institution);
  p.capacity = capacity;
  p.time_zone = "America/Chicago";
  return p;
}

// ---- OR-Library assignment problems through the given-scores path ----

TEST(MatchTest, OrLibraryOptimaThroughGivenScores) {
  struct Case {
    const char* file;
    int optimum;
  };
  const Case cases[] = {{"assign100.txt", 305},
                        {"assign200.txt", 475},
                        {"assign300.txt", 626},
                        {"assign400.txt", 804}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    std::ifstream in(std::string("../shared/data/assignment/") + c.file);
    ASSERT_TRUE(in) << "run from the project root";
    int n = 0;
    in >> n;
    std::vector<Participant> people;
    for (int i = 0; i < n; ++i) people.push_back(Person(Role::kMentee, Id("e", i)));
    for (int j = 0; j < n; ++j) people.push_back(Person(Role::kMentor, Id("r", j)));
    std::vector<GivenScore> scores;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        int cost = 0;
        in >> cost;
        scores.push_back({Id("e", i), Id("r", j), 100.0 - cost, 0});
      }
    }
    ASSERT_TRUE(in);
    for (Objective objective : {Objective::kOptimal}) {
      MatchSettings settings;
      settings.objective = objective;
      const MatchResult r = Solve(MatchProblem::FromScores(people, scores, settings));
      EXPECT_EQ(r.matched_mentees, n);
      EXPECT_EQ(r.total_micro, (100LL * n - c.optimum) * kMicroPoints);
    }
  }
}

// ---- Random problems: hard rules, breakdowns, determinism ----

std::vector<Participant> RandomPeople(std::mt19937& rng, int mentees, int mentors) {
  static const std::vector<std::string> topics = {
      "thrombosis",        "hemophilia",       "sickle cell disease", "thalassemia",
      "lymphoma",          "multiple myeloma", "breast cancer",       "health equity",
      "medical education", "iron disorders"};
  static const std::vector<std::string> zones = {"America/New_York", "America/Chicago",
                                                 "America/Denver",   "America/Los_Angeles",
                                                 "America/Halifax",  "America/Phoenix"};
  static const std::vector<std::string> stages = {"fellow pgy4", "fellow pgy5", "instructor",
                                                  "assistant professor", "professor"};
  std::uniform_int_distribution<int> coin(0, 99);
  std::vector<Participant> people;
  const auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
  };
  for (int k = 0; k < mentees + mentors; ++k) {
    const bool mentee = k < mentees;
    Participant p =
        Person(mentee ? Role::kMentee : Role::kMentor, Id(mentee ? "e" : "r", k),
               Id("inst", coin(rng) % 5), mentee ? (coin(rng) < 15 ? 2 : 1) : 1 + coin(rng) % 3);
    p.time_zone = pick(zones);
    p.career_stage = pick(stages);
    for (int t = 0; t < 3; ++t) p.interests.push_back(pick(topics));
    p.goals = {coin(rng) < 50 ? "clinician educator" : "physician scientist"};
    p.languages = {"english"};
    p.availability = {{coin(rng) * 100, 60 + coin(rng) * 2}};
    p.background = {{"gender", coin(rng) < 50 ? "woman" : "man"}};
    if (mentee && coin(rng) < 50) p.match_on = {"gender"};
    people.push_back(std::move(p));
  }
  // avoid and prefer lists naming the other side
  for (int k = 0; k < mentees + mentors; ++k) {
    const bool mentee = k < mentees;
    const auto other = [&] {
      return mentee ? Id("r", mentees + coin(rng) % mentors) : Id("e", coin(rng) % mentees);
    };
    if (coin(rng) < 20) people[k].avoid.push_back(other());
    if (coin(rng) < 30) people[k].prefer = {other(), other()};
    if (people[k].prefer.size() == 2 && people[k].prefer[0] == people[k].prefer[1]) {
      people[k].prefer.pop_back();
    }
  }
  return people;
}

// Checks every hard rule on a result.
void CheckHardRules(const std::vector<Participant>& people, const MatchSettings& s,
                    const MatchResult& r) {
  std::map<std::string, const Participant*> by_id;
  for (const Participant& p : people) by_id[p.id] = &p;
  std::map<std::string, int> used;
  std::set<std::pair<std::string, std::string>> seen;
  for (const MatchedPair& p : r.pairs) {
    SCOPED_TRACE(p.mentee + ":" + p.mentor);
    const Participant& e = *by_id.at(p.mentee);
    const Participant& m = *by_id.at(p.mentor);
    EXPECT_EQ(e.role, Role::kMentee);
    EXPECT_EQ(m.role, Role::kMentor);
    EXPECT_TRUE(seen.insert({p.mentee, p.mentor}).second) << "pair twice";
    EXPECT_LE(++used[p.mentee], e.capacity);
    EXPECT_LE(++used[p.mentor], m.capacity);
    EXPECT_EQ(std::count(e.avoid.begin(), e.avoid.end(), m.id), 0);
    EXPECT_EQ(std::count(m.avoid.begin(), m.avoid.end(), e.id), 0);
    if (s.cross_institution) {
      EXPECT_NE(e.institution, m.institution);
    }
    if (s.min_score) {
      EXPECT_GE(p.score_micro, ToMicroPoints(*s.min_score));
    }
    for (const PairId& f : s.forbids) EXPECT_FALSE(f.mentee == p.mentee && f.mentor == p.mentor);
    std::int64_t sum = 0;
    for (double c : p.contributions) sum += ToMicroPoints(c);
    EXPECT_EQ(sum, p.score_micro) << "breakdown sums to the score";
  }
  for (const PairId& l : s.locks) {
    EXPECT_TRUE(seen.count({l.mentee, l.mentor}) || seen.count({l.mentor, l.mentee}))
        << "lock " << l.mentee << ":" << l.mentor;
  }
}

TEST(MatchTest, RandomProblemsKeepEveryHardRule) {
  std::mt19937 rng(99);
  for (int round = 0; round < 60; ++round) {
    SCOPED_TRACE(round);
    const int mentees = 5 + round % 25, mentors = 3 + round % 17;
    const std::vector<Participant> people = RandomPeople(rng, mentees, mentors);
    MatchSettings s;
    s.cross_institution = round % 2 == 0;
    if (round % 3 == 0) s.min_score = 30;
    if (round % 5 == 0) s.max_time_zone_difference_hours = 1;
    s.forbids = {{"e0", Id("r", mentees)}};
    s.reference_date = round % 2 ? "2025-07-01" : "2025-01-15";
    // Lock the first pair of an unconstrained solve, if it is allowed.
    {
      const MatchResult free = Solve(MatchProblem::FromParticipants(people, s));
      if (!free.pairs.empty()) s.locks = {{free.pairs.back().mentor, free.pairs.back().mentee}};
    }
    std::map<Objective, MatchResult> results;
    for (Objective o : {Objective::kOptimal, Objective::kFair, Objective::kStableMentee,
                        Objective::kStableMentor}) {
      SCOPED_TRACE(std::string(ObjectiveName(o)));
      s.objective = o;
      const MatchProblem problem = MatchProblem::FromParticipants(people, s);
      const MatchResult r = Solve(problem);
      CheckHardRules(people, s, r);
      const MatchResult again = Solve(MatchProblem::FromParticipants(people, s));
      ASSERT_EQ(r.pairs.size(), again.pairs.size());
      for (size_t k = 0; k < r.pairs.size(); ++k) {
        EXPECT_EQ(r.pairs[k].mentee, again.pairs[k].mentee) << "deterministic";
        EXPECT_EQ(r.pairs[k].mentor, again.pairs[k].mentor) << "deterministic";
      }
      if (o == Objective::kStableMentee || o == Objective::kStableMentor) {
        EXPECT_EQ(r.blocking_pairs, 0);
      }
      // Every mentee is either matched or has a reason.
      std::set<std::string> matched;
      for (const MatchedPair& p : r.pairs) matched.insert(p.mentee);
      int unmatched_mentees = 0;
      for (const UnmatchedPerson& u : r.unmatched) {
        if (u.role == Role::kMentee) {
          ++unmatched_mentees;
          EXPECT_FALSE(matched.count(u.id));
        }
      }
      EXPECT_EQ(static_cast<int>(matched.size()) + unmatched_mentees, mentees);
      results[o] = r;
    }
    const MatchResult& optimal = results[Objective::kOptimal];
    const MatchResult& fair = results[Objective::kFair];
    for (const auto& [o, r] : results) {
      EXPECT_LE(r.pairs.size(), optimal.pairs.size()) << "optimal matches the most";
      if (r.pairs.size() == optimal.pairs.size()) {
        EXPECT_LE(r.total_micro, optimal.total_micro) << ObjectiveName(o);
        EXPECT_LE(r.min_score, fair.min_score + 1e-9) << ObjectiveName(o);
      }
    }
    EXPECT_EQ(fair.pairs.size(), optimal.pairs.size());
  }
}

// A shortlist lists exactly the mentors a lock with the mentee would be
// allowed with (the lock path checks every hard rule on its own), each
// scored as the scorer scores the pair, best first.
TEST(MatchTest, RankMentorsListsExactlyTheAllowedMentorsBestFirst) {
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    SCOPED_TRACE(round);
    const int mentees = 4 + round % 9, mentors = 6 + round % 23;
    std::vector<Participant> people = RandomPeople(rng, mentees, mentors);
    people[mentees + round % mentors].capacity = 0;  // a mentor with no room
    MatchSettings s;
    s.top_k = 0;
    s.cross_institution = round % 2 == 0;
    if (round % 3 == 0) s.min_score = 35;
    if (round % 4 == 0) s.max_time_zone_difference_hours = 1;
    s.forbids = {{"e0", Id("r", mentees + 1)}};
    s.reference_date = "2025-03-01";
    const MatchProblem problem = MatchProblem::FromParticipants(people, s);
    const std::vector<MatchedPair> ranked = RankMentors(problem, "e0");
    std::set<std::string> listed;
    for (size_t k = 0; k < ranked.size(); ++k) {
      listed.insert(ranked[k].mentor);
      if (k > 0) {
        EXPECT_GE(ranked[k - 1].score_micro, ranked[k].score_micro) << "best first";
      }
      std::int64_t sum = 0;
      for (double c : ranked[k].contributions) sum += ToMicroPoints(c);
      EXPECT_EQ(sum, ranked[k].score_micro);
    }
    for (int r = mentees; r < mentees + mentors; ++r) {
      const std::string mentor = Id("r", r);
      MatchSettings locked = s;
      locked.locks = {{"e0", mentor}};
      bool allowed = true;
      try {
        MatchProblem::FromParticipants(people, locked);
      } catch (const Error&) {
        allowed = false;
      }
      EXPECT_EQ(listed.count(mentor) == 1, allowed) << mentor;
    }
  }
  EXPECT_THROW(RankMentors(MatchProblem::FromParticipants(RandomPeople(rng, 2, 2), {}), "r2"),
               Error);
}

// ---- Errors and reasons ----

TEST(MatchTest, ErrorsBeforeSolving) {
  std::vector<Participant> people = {
      Person(Role::kMentee, "a", "X"), Person(Role::kMentee, "b", "Y"),
      Person(Role::kMentor, "m", "X"), Person(Role::kMentor, "n", "Z")};
  people[1].avoid = {"n"};
  struct Case {
    const char* name;
    std::vector<PairId> locks;
    std::vector<PairId> forbids;
    bool cross;
    ErrorCode code;
  };
  const Case cases[] = {
      {"unknown id in lock", {{"a", "zz"}}, {}, false, ErrorCode::kInvalidArgument},
      {"two mentees", {{"a", "b"}}, {}, false, ErrorCode::kInvalidArgument},
      {"lock breaks avoid", {{"b", "n"}}, {}, false, ErrorCode::kFailedPrecondition},
      {"lock breaks forbid", {{"a", "n"}}, {{"n", "a"}}, false, ErrorCode::kFailedPrecondition},
      {"lock within institution", {{"a", "m"}}, {}, true, ErrorCode::kFailedPrecondition},
      {"locks over capacity",
       {{"a", "n"}, {"b", "m"}, {"a", "m"}},
       {},
       false,
       ErrorCode::kFailedPrecondition},
      {"unknown id in forbid", {}, {{"a", "q"}}, false, ErrorCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MatchSettings s;
    s.locks = c.locks;
    s.forbids = c.forbids;
    s.cross_institution = c.cross;
    try {
      (void)MatchProblem::FromParticipants(people, s);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), c.code) << e.message();
    }
  }
  std::vector<Participant> twice = {Person(Role::kMentee, "a"), Person(Role::kMentor, "a")};
  EXPECT_THROW(MatchProblem::FromParticipants(twice, {}), Error);
  MatchSettings bad_date;
  bad_date.reference_date = "2025-02-30";
  EXPECT_THROW(MatchProblem::FromParticipants(people, bad_date), Error);
  try {
    (void)MatchProblem::FromScores(people, {{"a", "m", 1, 2}, {"a", "ghost", 1, 3}}, {});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.row(), 3);
    EXPECT_EQ(e.field(), "mentor");
  }
  EXPECT_THROW(MatchProblem::FromScores(people, {{"a", "m", 1, 2}, {"a", "m", 2, 3}}, {}), Error);
  EXPECT_THROW(MatchProblem::FromScores(people, {{"a", "m", 1e300, 2}}, {}), Error);
}

TEST(MatchTest, GivenScoreErrorsNameTheFirstProblemInRowOrder) {
  const std::vector<Participant> people = {Person(Role::kMentee, "a"), Person(Role::kMentee, "b"),
                                           Person(Role::kMentor, "m"), Person(Role::kMentor, "n")};
  struct Case {
    std::vector<GivenScore> scores;
    int row;
    std::string field;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"a", "m", 1, 2}, {"b", "n", 1, 3}, {"a", "m", 2, 4}, {"ghost", "m", 1, 5}},
       4,
       "mentor",
       "pair a:m is listed twice"},
      {{{"a", "m", 1, 2}, {"ghost", "m", 1, 3}, {"a", "m", 2, 4}},
       3,
       "mentee",
       "\"ghost\" is not a mentee among the participants"},
      {{{"b", "n", 1, 2}, {"a", "m", 1, 3}, {"m", "a", 1, 4}},
       4,
       "mentee",
       "\"m\" is not a mentee among the participants"},
      {{{"b", "n", 1, 2}, {"a", "b", 1, 3}},
       3,
       "mentor",
       "\"b\" is not a mentor among the participants"},
      {{{"b", "n", 1, 2}, {"a", "n", 2e6, 3}, {"b", "n", 1, 4}},
       3,
       "score",
       "score must be a number between -1000000 and 1000000"},
      // Pairs listed out of order are still found twice.
      {{{"a", "n", 1, 2}, {"b", "n", 1, 3}, {"a", "m", 1, 4}, {"a", "n", 5, 5}},
       5,
       "mentor",
       "pair a:n is listed twice"},
  };
  for (const Case& c : cases) {
    try {
      (void)MatchProblem::FromScores(people, c.scores, {});
      ADD_FAILURE() << "no error for " << c.message;
    } catch (const Error& e) {
      EXPECT_EQ(e.row(), c.row) << c.message;
      EXPECT_EQ(e.field(), c.field) << c.message;
      EXPECT_EQ(e.message(), c.message);
    }
  }
}

TEST(MatchTest, UnmatchedReasons) {
  struct Case {
    const char* name;
    std::vector<Participant> people;
    std::vector<GivenScore> scores;
    MatchSettings settings;
    UnmatchedReason reason;  // of mentee "a"
  };
  MatchSettings cross;
  cross.cross_institution = true;
  MatchSettings min50;
  min50.min_score = 50;
  MatchSettings forbid;
  forbid.forbids = {{"a", "m"}};
  const Case cases[] = {
      {"only own institution",
       {Person(Role::kMentee, "a", "X"), Person(Role::kMentor, "m", "X")},
       {{"a", "m", 10, 0}},
       cross,
       UnmatchedReason::kNoMentorWithCapacity},
      {"no mentors", {Person(Role::kMentee, "a")}, {}, {}, UnmatchedReason::kNoMentorWithCapacity},
      {"forbidden",
       {Person(Role::kMentee, "a"), Person(Role::kMentor, "m")},
       {{"a", "m", 10, 0}},
       forbid,
       UnmatchedReason::kAllCandidatesExcluded},
      {"below minimum",
       {Person(Role::kMentee, "a"), Person(Role::kMentor, "m")},
       {{"a", "m", 10, 0}},
       min50,
       UnmatchedReason::kAllBelowMinScore},
      {"not scored",
       {Person(Role::kMentee, "a"), Person(Role::kMentor, "m")},
       {},
       {},
       UnmatchedReason::kNoScoreGiven},
      {"capacity taken",
       {Person(Role::kMentee, "a"), Person(Role::kMentee, "b"), Person(Role::kMentor, "m")},
       {{"a", "m", 10, 0}, {"b", "m", 20, 0}},
       {},
       UnmatchedReason::kCapacityTaken},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const MatchResult r = Solve(MatchProblem::FromScores(c.people, c.scores, c.settings));
    ASSERT_FALSE(r.unmatched.empty());
    EXPECT_EQ(r.unmatched[0].id, "a");
    EXPECT_EQ(r.unmatched[0].reason, c.reason) << UnmatchedReasonText(r.unmatched[0].reason);
  }
}

TEST(MatchTest, LocksForbidsAndObjectives) {
  // Two mentees, two mentors. Optimal takes a-m + b-n (total 111); fair takes
  // a-n + b-m (min 50); a lock on a-m with forbid b-n leaves b unmatched.
  const std::vector<Participant> people = {Person(Role::kMentee, "a"), Person(Role::kMentee, "b"),
                                           Person(Role::kMentor, "m"), Person(Role::kMentor, "n")};
  const std::vector<GivenScore> scores = {
      {"a", "m", 100, 0}, {"a", "n", 50, 0}, {"b", "m", 60, 0}, {"b", "n", 11, 0}};
  struct Case {
    const char* name;
    Objective objective;
    std::vector<PairId> locks, forbids;
    std::vector<std::pair<std::string, std::string>> pairs;
    int blocking;
  };
  const Case cases[] = {
      {"optimal", Objective::kOptimal, {}, {}, {{"a", "m"}, {"b", "n"}}, 0},
      {"fair", Objective::kFair, {}, {}, {{"a", "n"}, {"b", "m"}}, 1},
      {"stable mentees", Objective::kStableMentee, {}, {}, {{"a", "m"}, {"b", "n"}}, 0},
      {"lock a-n", Objective::kOptimal, {{"n", "a"}}, {}, {{"a", "n"}, {"b", "m"}}, 0},
      {"forbid a-m", Objective::kOptimal, {}, {{"a", "m"}}, {{"a", "n"}, {"b", "m"}}, 0},
      {"lock a-m, forbid b-n", Objective::kFair, {{"a", "m"}}, {{"b", "n"}}, {{"a", "m"}}, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MatchSettings s;
    s.objective = c.objective;
    s.locks = c.locks;
    s.forbids = c.forbids;
    const MatchResult r = Solve(MatchProblem::FromScores(people, scores, s));
    std::vector<std::pair<std::string, std::string>> got;
    for (const MatchedPair& p : r.pairs) got.push_back({p.mentee, p.mentor});
    EXPECT_EQ(got, c.pairs);
    EXPECT_EQ(r.blocking_pairs, c.blocking);
  }
}

TEST(MatchTest, RematchKeepsExistingPairs) {
  std::vector<Participant> people = {
      Person(Role::kMentee, "a"),    Person(Role::kMentee, "b"),        Person(Role::kMentee, "c"),
      Person(Role::kMentee, "late"), Person(Role::kMentor, "m", "", 2), Person(Role::kMentor, "n")};
  const std::vector<GivenScore> scores = {{"a", "m", 90, 0},    {"b", "n", 80, 0},
                                          {"late", "n", 99, 0}, {"late", "m", 20, 0},
                                          {"a", "n", 95, 0},    {"b", "m", 5, 0}};
  const MatchProblem problem = MatchProblem::FromScores(people, scores, {});
  // n is taken by b; late can only get m's second place.
  const MatchResult r = Rematch(problem, {{"a", "m"}, {"n", "b"}}, {"late"});
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(r.pairs[0].mentee, "late");
  EXPECT_EQ(r.pairs[0].mentor, "m");
  EXPECT_FALSE(r.pairs[0].locked);
  // With m full too, late is unmatched for lack of capacity.
  const MatchResult full = Rematch(problem, {{"a", "m"}, {"b", "m"}, {"c", "n"}}, {"late"});
  EXPECT_TRUE(full.pairs.empty());
  ASSERT_EQ(full.unmatched.size(), 1u);
  EXPECT_EQ(full.unmatched[0].reason, UnmatchedReason::kNoMentorWithCapacity);
  EXPECT_THROW(Rematch(problem, {{"a", "n"}, {"b", "n"}}, {"late"}), Error) << "over capacity";
  EXPECT_THROW(Rematch(problem, {}, {"nobody"}), Error);
}

// When every candidate is full, the reason looks at the mentors who still
// have room: a forbidden one (e.g. a former partner) is an exclusion, not a
// lack of capacity.
TEST(MatchTest, RematchNamesTheRuleThatKeepsAFreeMentorOut) {
  std::vector<Participant> people = {Person(Role::kMentee, "a"), Person(Role::kMentee, "late"),
                                     Person(Role::kMentor, "m"), Person(Role::kMentor, "n")};
  const std::vector<GivenScore> scores = {
      {"a", "m", 40, 0}, {"late", "m", 50, 0}, {"late", "n", 60, 0}};
  MatchSettings settings;
  settings.forbids = {{"late", "n"}};
  const MatchResult forbidden =
      Rematch(MatchProblem::FromScores(people, scores, settings), {{"a", "m"}}, {"late"});
  EXPECT_TRUE(forbidden.pairs.empty());
  ASSERT_EQ(forbidden.unmatched.size(), 1u);
  EXPECT_EQ(forbidden.unmatched[0].reason, UnmatchedReason::kAllCandidatesExcluded);
  settings.forbids.clear();
  settings.min_score = 70;
  const MatchResult low = Rematch(
      MatchProblem::FromScores(
          people, {{"a", "m", 90, 0}, {"late", "m", 80, 0}, {"late", "n", 60, 0}}, settings),
      {{"a", "m"}}, {"late"});
  ASSERT_EQ(low.unmatched.size(), 1u);
  EXPECT_EQ(low.unmatched[0].reason, UnmatchedReason::kAllBelowMinScore)
      << "a given score below the minimum reads as below the minimum, as in Solve";
}

TEST(MatchTest, EmptyInputs) {
  const MatchResult r = Solve(MatchProblem::FromParticipants({}, {}));
  EXPECT_TRUE(r.pairs.empty());
  EXPECT_TRUE(r.unmatched.empty());
  EXPECT_EQ(r.total_score, 0);
  const MatchResult only_mentors =
      Solve(MatchProblem::FromParticipants({Person(Role::kMentor, "m")}, {}));
  ASSERT_EQ(only_mentors.unmatched.size(), 1u);
  EXPECT_EQ(only_mentors.unmatched[0].reason, UnmatchedReason::kNoEligibleMentee);
}

TEST(MatchTest, TopKKeepsTheBestCandidates) {
  std::mt19937 rng(5);
  const std::vector<Participant> people = RandomPeople(rng, 30, 40);
  MatchSettings all, top;
  top.top_k = 3;
  top.all_pairs_limit = 0;
  const MatchProblem full = MatchProblem::FromParticipants(people, all);
  const MatchProblem pruned = MatchProblem::FromParticipants(people, top);
  EXPECT_LE(pruned.candidate_pairs(), 30 * 3);
  EXPECT_GT(full.candidate_pairs(), pruned.candidate_pairs());
  const MatchResult a = Solve(full), b = Solve(pruned);
  EXPECT_LE(b.total_micro, a.total_micro);
  MatchSettings threads = top;
  threads.threads = 2;
  const MatchResult c = Solve(MatchProblem::FromParticipants(people, threads));
  EXPECT_EQ(c.total_micro, b.total_micro) << "same answer on any number of threads";
}

// Top-K finds each mentee's best mentors from a threshold on the row's block
// maxima, falling back to a sweep over every mentor when too few of those
// pass the rules: either way each mentee's candidates are the first K of its
// full ranking (ties by mentor order), on one thread or two.
TEST(MatchTest, TopKIsTheHeadOfTheFullRanking) {
  struct Case {
    int k;
    bool cross_institution;
    std::optional<double> min_score;
    std::optional<double> max_tz_hours;
    int threads;
  };
  const std::vector<Case> cases = {
      {1, false, std::nullopt, std::nullopt, 1},
      {3, true, std::nullopt, std::nullopt, 2},
      {10, true, 20.0, std::nullopt, 1},
      {5, false, std::nullopt, 1.0, 2},
      {4, true, 45.0, 2.0, 2},  // few pass: the sweep over every mentor
      {60, false, std::nullopt, std::nullopt, 1},
  };
  std::mt19937 rng(11);
  const std::vector<Participant> people = RandomPeople(rng, 150, 260);
  for (const Case& c : cases) {
    SCOPED_TRACE("top-k " + std::to_string(c.k) + ", threads " + std::to_string(c.threads));
    MatchSettings settings;
    settings.cross_institution = c.cross_institution;
    settings.min_score = c.min_score;
    settings.max_time_zone_difference_hours = c.max_tz_hours;
    settings.forbids = {{"e0", Id("r", 150)}, {"e1", Id("r", 151)}};
    settings.threads = c.threads;
    settings.top_k = 0;
    const MatchProblem full = MatchProblem::FromParticipants(people, settings);
    settings.top_k = c.k;
    settings.all_pairs_limit = 0;
    const MatchProblem pruned = MatchProblem::FromParticipants(people, settings);
    for (int e = 0; e < 150; ++e) {
      const std::string id = Id("e", e);
      std::vector<MatchedPair> want = RankMentors(full, id);
      if (want.size() > static_cast<size_t>(c.k)) want.resize(c.k);
      const std::vector<MatchedPair> got = RankMentors(pruned, id);
      ASSERT_EQ(got.size(), want.size()) << id;
      for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i].mentor, want[i].mentor) << id << " #" << i;
        EXPECT_EQ(got[i].score_micro, want[i].score_micro) << id << " #" << i;
      }
    }
  }
}

// ---- A program's own questions ----

// One must-match question ("site") and one that scores ("help" against the
// mentors' "offer"), as core/intake.h describes them.
std::vector<IntakeQuestion> ProgramQuestions() {
  IntakeQuestion site;
  site.code = "site";
  site.text = "Where do you work?";
  site.kind = QuestionKind::kSingle;
  site.options = {{"clinic", "Clinic"}, {"ward", "Ward"}, {"lab", "Lab"}};
  site.match = QuestionMatch::kMustMatch;
  site.weight = 10;
  IntakeQuestion help;
  help.code = "help";
  help.text = "What would you like help with?";
  help.kind = QuestionKind::kMultiple;
  help.options = {{"writing", "Writing"}, {"grants", "Grants"}, {"teaching", "Teaching"}};
  help.audience = QuestionAudience::kMentees;
  help.match = QuestionMatch::kOverlap;
  help.compare_with = "offer";
  help.weight = 20;
  IntakeQuestion offer = help;
  offer.code = "offer";
  offer.audience = QuestionAudience::kMentors;
  offer.match = QuestionMatch::kNone;
  offer.compare_with.clear();
  offer.weight = 0;
  return {site, help, offer};
}

TEST(MatchTest, QuestionsScoreAsFacetsAndMustMatchIsAHardRule) {
  Participant e = Person(Role::kMentee, "e");
  e.answers = {{"site", {"ward"}}, {"help", {"writing", "grants"}}};
  Participant near = Person(Role::kMentor, "near");  // same site, one of two helps
  near.answers = {{"site", {"ward"}}, {"offer", {"grants"}}};
  Participant far = Person(Role::kMentor, "far");  // another site, every help
  far.answers = {{"site", {"lab"}}, {"offer", {"writing", "grants"}}};
  Participant silent = Person(Role::kMentor, "silent");  // no answers: no rule, no points
  const std::vector<Participant> people = {e, near, far, silent};
  MatchSettings settings;
  settings.questions = ProgramQuestions();
  settings.top_k = 0;
  const MatchProblem problem = MatchProblem::FromParticipants(people, settings);

  std::vector<std::string> facets = FacetNames(problem);
  ASSERT_EQ(facets.size(), static_cast<std::size_t>(kFacetCount + 2));
  EXPECT_EQ(facets[kFacetCount], "question:site");
  EXPECT_EQ(facets[kFacetCount + 1], "question:help");

  const std::vector<MatchedPair> ranked = RankMentors(problem, "e");
  ASSERT_EQ(ranked.size(), 2u) << "far breaks the must-match question";
  EXPECT_EQ(ranked[0].mentor, "near");
  EXPECT_EQ(ranked[0].contributions[kFacetCount], 10);
  EXPECT_EQ(ranked[0].contributions[kFacetCount + 1], 10);
  EXPECT_EQ(ranked[1].mentor, "silent");
  EXPECT_EQ(ranked[1].contributions[kFacetCount], 0);
  for (const MatchedPair& p : ranked) {
    double sum = 0;
    for (double c : p.contributions) sum += c;
    EXPECT_NEAR(sum, p.score, 1e-9);
  }

  const MatchResult result = Solve(problem);
  EXPECT_EQ(result.facets, facets);
  ASSERT_EQ(result.pairs.size(), 1u);
  EXPECT_EQ(result.pairs[0].mentor, "near");

  // A lock that breaks it is refused, naming the rule.
  MatchSettings locked = settings;
  locked.locks = {{"e", "far"}};
  try {
    MatchProblem::FromParticipants(people, locked);
    ADD_FAILURE() << "lock accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kFailedPrecondition);
    EXPECT_EQ(error.message(),
              "locked pair e:far has no answer in common on a must-match question");
  }

  // The only mentor with room answers otherwise: the reason says so, in
  // Solve and in Rematch.
  const MatchProblem alone = MatchProblem::FromParticipants({e, far}, settings);
  const MatchResult unmatched = Solve(alone);
  ASSERT_EQ(unmatched.unmatched.size(), 2u);
  EXPECT_EQ(unmatched.unmatched[0].reason, UnmatchedReason::kNoMustMatch);
  EXPECT_EQ(UnmatchedReasonCode(UnmatchedReason::kNoMustMatch), "no_must_match_answer");
  EXPECT_EQ(UnmatchedReasonText(UnmatchedReason::kNoMustMatch),
            "no mentor with room gives the same answer to a must-match question");
  EXPECT_EQ(unmatched.unmatched[1].reason, UnmatchedReason::kNoEligibleMentee);
  const MatchResult late = Rematch(alone, {}, {"e"});
  ASSERT_EQ(late.unmatched.size(), 1u);
  EXPECT_EQ(late.unmatched[0].reason, UnmatchedReason::kNoMustMatch);

  // Given scores ignore the questions: the pair is allowed, one facet.
  const MatchProblem given = MatchProblem::FromScores({e, far}, {{"e", "far", 50, 1}}, settings);
  EXPECT_EQ(FacetNames(given), std::vector<std::string>{"given"});
  ASSERT_EQ(Solve(given).pairs.size(), 1u);

  // A question list that is not valid is refused before anything is scored.
  MatchSettings bad = settings;
  bad.questions.pop_back();  // "help" is compared with a question that is gone
  EXPECT_THROW(MatchProblem::FromParticipants(people, bad), Error);
}

}  // namespace
}  // namespace tandem::matching
