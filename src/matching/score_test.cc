#include "matching/score.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>

#include "core/error.h"

namespace tandem::matching {
namespace {

Participant Mentee() {
  Participant p;
  p.role = Role::kMentee;
  p.id = "F1";
  p.career_stage = "fellow pgy5";
  p.years_experience = 1;
  p.time_zone = "America/Chicago";
  p.interests = {"thrombosis", "anticoagulation"};
  p.specialties = {"classical hematology"};
  p.goals = {"clinician educator"};
  p.background = {{"gender", "woman"}, {"first generation", "yes"}};
  p.match_on = {"gender"};
  p.languages = {"english", "spanish"};
  p.availability = {{0 * 1440 + 18 * 60, 120}};  // Mon 18:00-20:00 Chicago
  p.prefer = {"M1"};
  return p;
}

Participant Mentor() {
  Participant p;
  p.role = Role::kMentor;
  p.id = "M1";
  p.career_stage = "professor";
  p.years_experience = 25;
  p.time_zone = "America/New_York";
  p.interests = {"thrombosis", "anticoagulation"};
  p.specialties = {"classical hematology"};
  p.goals = {"clinician educator", "academic leadership"};
  p.background = {{"gender", "woman"}};
  p.languages = {"spanish"};
  p.availability = {{0 * 1440 + 19 * 60, 120}};  // Mon 19:00-21:00 New York
  p.prefer = {"F1"};
  return p;
}

ScoringOptions Options(const char* date = "2025-01-15") {
  ScoringOptions o;
  o.reference_date = calendar::ParseDate(date);
  return o;
}

TEST(ScoreTest, PerfectPairScoresOneHundred) {
  const Scorer scorer({Mentee()}, {Mentor()}, Options());
  EXPECT_EQ(scorer.Score(0, 0), 100 * kMicroPoints);
  EXPECT_EQ(scorer.Explain(0, 0).total(), scorer.Score(0, 0));
}

TEST(ScoreTest, FacetTable) {
  struct Case {
    const char* name;
    void (*change)(Participant& mentee, Participant& mentor);
    Facet facet;
    double points;  // the facet's contribution after the change
  };
  const Case cases[] = {
      {"sibling topic earns half",
       [](Participant& e, Participant&) {
         e.interests = {"thrombosis", "hemophilia"};
       },
       Facet::kInterests, 30 * (1 + 0.5) / 2},
      {"unrelated topic earns nothing",
       [](Participant& e, Participant&) { e.interests = {"lung cancer"}; }, Facet::kInterests, 0},
      {"mentor specialty covers a mentee interest",
       [](Participant& e, Participant& r) {
         e.interests = {"classical hematology"};
         r.interests.clear();
       },
       Facet::kInterests, 30},
      {"half the goals",
       [](Participant& e, Participant&) {
         e.goals = {"clinician educator", "industry"};
       },
       Facet::kGoals, 7.5},
      {"one stage above, years unknown",
       [](Participant& e, Participant& r) {
         r.career_stage = "fellow pgy6";
         e.years_experience.reset();
       },
       Facet::kExperience, 5},
      {"junior mentor earns nothing",
       [](Participant& e, Participant& r) {
         r.career_stage = "resident";
         r.years_experience = 0;
         e.years_experience = 3;
       },
       Facet::kExperience, 0},
      {"background only on match_on keys",
       [](Participant&, Participant& r) {
         r.background = {{"first generation", "yes"}};
       },
       Facet::kBackground, 0},
      {"no match_on, no background credit",
       [](Participant& e, Participant&) { e.match_on.clear(); }, Facet::kBackground, 0},
      {"no shared language", [](Participant&, Participant& r) { r.languages = {"french"}; },
       Facet::kLanguage, 0},
      {"one hour overlap is half",
       [](Participant&, Participant& r) {
         r.availability = {{20 * 60, 60}};
       },
       Facet::kAvailability, 5},
      {"no overlap",
       [](Participant&, Participant& r) {
         r.availability = {{3 * 1440, 60}};
       },
       Facet::kAvailability, 0},
      {"only the mentee prefers", [](Participant&, Participant& r) { r.prefer.clear(); },
       Facet::kPreference, 2.5},
      {"second of two preferences",
       [](Participant& e, Participant& r) {
         e.prefer = {"X", "M1"};
         r.prefer.clear();
       },
       Facet::kPreference, 1.25},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Participant e = Mentee(), r = Mentor();
    c.change(e, r);
    const Scorer scorer({e}, {r}, Options());
    const ScoreBreakdown b = scorer.Explain(0, 0);
    EXPECT_EQ(b.facet[static_cast<int>(c.facet)], ToMicroPoints(c.points));
    EXPECT_EQ(b.total(), scorer.Score(0, 0));
  }
}

TEST(ScoreTest, DaylightSavingTimeAtTheReferenceDate) {
  // Phoenix keeps UTC-7 all year while Chicago moves from UTC-6 to UTC-5.
  Participant e = Mentee(), r = Mentor();
  r.time_zone = "America/Phoenix";               // no daylight saving time
  r.availability = {{0 * 1440 + 17 * 60, 120}};  // Mon 17:00-19:00 Phoenix
  const auto availability = [&](const char* date) {
    const Scorer scorer({e}, {r}, Options(date));
    return scorer.Explain(0, 0).facet[static_cast<int>(Facet::kAvailability)];
  };
  // Winter: Chicago UTC-6, Phoenix UTC-7: Phoenix 17:00 = Chicago 18:00, two hours overlap.
  EXPECT_EQ(availability("2025-01-15"), 10 * kMicroPoints);
  // Summer: Chicago UTC-5: Phoenix 17:00 = Chicago 19:00, one hour overlap.
  EXPECT_EQ(availability("2025-07-15"), 5 * kMicroPoints);
}

TEST(ScoreTest, WeightsScaleAndValidate) {
  ScoringOptions o = Options();
  o.weights = MatchingWeights{1, 0, 0, 0, 0, 0, 0, 0};
  const Scorer scorer({Mentee()}, {Mentor()}, o);
  EXPECT_EQ(scorer.Score(0, 0), 1 * kMicroPoints);
  o.weights.interests = -1;
  EXPECT_THROW(Scorer({Mentee()}, {Mentor()}, o), Error);
}

// Random profiles over the default taxonomy plus free tags. Options vary the
// vocabulary size (to reach the generic bit-set width), the windows per
// person (to reach the merge path) and the spread of experience (to reach the
// path without an experience table).
struct RandomProfileOptions {
  int free_topics = 0;      // extra topics outside the taxonomy
  int max_windows = 3;      // availability windows per person
  int years_spread = 30;    // years of experience drawn from 0 .. spread - 1
  bool stage_known = true;  // career stages from the taxonomy, or free text
  // Questions asked (RandomQuestions) and answered at random: some left
  // unanswered, a few answered with what the scorer must ignore.
  const std::vector<IntakeQuestion>* questions = nullptr;
};

IntakeQuestion Choice(const char* code, QuestionKind kind, int options, QuestionMatch match,
                      double weight, QuestionAudience audience = QuestionAudience::kBoth) {
  IntakeQuestion q;
  q.code = code;
  q.text = std::string("Question ") + code;
  q.kind = kind;
  for (int k = 0; k < options; ++k) {
    q.options.push_back({"o" + std::to_string(k), "Option " + std::to_string(k)});
  }
  q.match = match;
  q.weight = match == QuestionMatch::kNone ? 0 : weight;
  q.audience = audience;
  return q;
}

IntakeQuestion Scale(const char* code, int low, int high, QuestionMatch match, double weight) {
  IntakeQuestion q = Choice(code, QuestionKind::kScale, 0, match, weight);
  q.scale_min = low;
  q.scale_max = high;
  return q;
}

// Questions of every kind and match, with odd weights: single, multiple,
// yes/no and scale; same, overlap, closeness and must-match; a mentees'
// question compared with a mentors' one (options in another order); 2 to 64
// options (answers of 1, 2, 4 and 8 bytes in the fast path); a retired
// question and one that does not count.
std::vector<IntakeQuestion> RandomQuestions() {
  using K = QuestionKind;
  using M = QuestionMatch;
  std::vector<IntakeQuestion> q;
  q.push_back(Choice("language", K::kSingle, 4, M::kSame, 7.3));
  q.push_back(
      Choice("help_wanted", K::kMultiple, 12, M::kOverlap, 13.7, QuestionAudience::kMentees));
  q.back().compare_with = "help_given";
  q.push_back(Choice("help_given", K::kMultiple, 12, M::kNone, 0, QuestionAudience::kMentors));
  std::reverse(q.back().options.begin(), q.back().options.end());
  q.push_back(Scale("pace", 1, 5, M::kCloseness, 9.1));
  q.push_back(Choice("remote", K::kYesNo, 0, M::kMustMatch, 3.3));
  q.push_back(Choice("wide", K::kMultiple, 64, M::kOverlap, 11.1));
  q.push_back(Choice("settings", K::kMultiple, 5, M::kSame, 2.9));
  q.push_back(Scale("level", -3, 7, M::kSame, 4.4));
  q.push_back(Scale("wide_scale", -100, 100, M::kCloseness, 0.7));
  q.push_back(Choice("site", K::kSingle, 3, M::kMustMatch, 5.5));
  q.push_back(Choice("formats", K::kMultiple, 6, M::kMustMatch, 1.9));
  q.push_back(Choice("online", K::kYesNo, 0, M::kOverlap, 1.7));
  q.push_back(Choice("old", K::kSingle, 3, M::kOverlap, 8.0));
  q.back().retired = true;
  q.push_back(Choice("note", K::kText, 0, M::kNone, 0));
  q.push_back(Choice("single_overlap", K::kSingle, 7, M::kOverlap, 6.25));
  q.push_back(Choice("twenty", K::kMultiple, 20, M::kOverlap, 3.7));  // 4 bytes an answer
  q.push_back(Choice("thirty", K::kMultiple, 30, M::kMustMatch, 2.2));
  return q;
}

// A random answer to `q`: none (about a quarter), one or several valid
// values, or (rarely) a value the scorer ignores.
void RandomAnswer(const IntakeQuestion& q, Participant& p, std::mt19937& rng) {
  if (rng() % 4 == 0) return;
  std::vector<std::string> values;
  switch (q.kind) {
    case QuestionKind::kSingle:
      values.push_back(q.options[rng() % q.options.size()].code);
      break;
    case QuestionKind::kMultiple:
      for (int n = 1 + static_cast<int>(rng() % std::min<std::size_t>(q.options.size(), 8)); n > 0;
           --n) {
        const std::string& code = q.options[rng() % q.options.size()].code;
        if (std::find(values.begin(), values.end(), code) == values.end()) values.push_back(code);
      }
      break;
    case QuestionKind::kYesNo:
      values.push_back(rng() % 2 ? "yes" : "no");
      break;
    case QuestionKind::kScale:
      values.push_back(
          std::to_string(q.scale_min + static_cast<int>(rng() % (q.scale_max - q.scale_min + 1))));
      break;
    case QuestionKind::kText:
      values.push_back("free words");
      break;
  }
  if (rng() % 30 == 0) values = {rng() % 2 ? "not an option" : "999"};
  p.answers[q.code] = values;
}

std::vector<Participant> RandomProfiles(Role role, int count, std::mt19937& rng,
                                        const RandomProfileOptions& options) {
  const Taxonomy& taxonomy = DefaultTaxonomy();
  std::vector<std::string> topics;
  for (const auto& [topic, parent] : taxonomy.topics) topics.push_back(topic);
  for (int k = 0; k < options.free_topics; ++k) topics.push_back("free topic " + std::to_string(k));
  const std::vector<std::string> zones = {
      "America/New_York",  "America/Chicago", "Europe/Paris", "Asia/Kolkata", "UTC",
      "Australia/Adelaide"};
  const auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
  };
  const auto some = [&](const std::vector<std::string>& from, int most) {
    std::vector<std::string> out;
    for (int k = std::uniform_int_distribution<int>(0, most)(rng); k > 0; --k) {
      out.push_back(pick(from));
    }
    return out;
  };
  const bool mentee = role == Role::kMentee;
  std::vector<Participant> people;
  for (int k = 0; k < count; ++k) {
    Participant p;
    p.role = role;
    p.id = (mentee ? "e" : "m") + std::to_string(k);
    p.time_zone = pick(zones);
    if (rng() % 5 != 0) {
      p.career_stage =
          options.stage_known ? pick(taxonomy.career_stages) : "stage " + std::to_string(rng() % 7);
    }
    if (rng() % 4 != 0) p.years_experience = static_cast<int>(rng() % options.years_spread);
    p.interests = some(topics, 12);
    p.specialties = some(topics, 5);
    p.goals = some(taxonomy.goals, 4);
    p.languages = some(taxonomy.languages, 3);
    const std::vector<std::string> values = {"woman", "man", "yes", "no"};
    for (const char* key : {"gender", "first generation", "rural"}) {
      if (rng() % 2) p.background.push_back({key, pick(values)});
    }
    if (mentee && rng() % 2) p.match_on = some({"gender", "first generation", "rural"}, 2);
    for (int w = std::uniform_int_distribution<int>(0, options.max_windows)(rng); w > 0; --w) {
      p.availability.push_back({static_cast<int>(rng() % calendar::kMinutesPerWeek),
                                static_cast<int>(15 + rng() % 240)});
    }
    for (int q = static_cast<int>(rng() % 3); q > 0; --q) {
      p.prefer.push_back((mentee ? "m" : "e") + std::to_string(rng() % count));
    }
    if (options.questions != nullptr) {
      for (const IntakeQuestion& q : *options.questions) {
        if (AsksRole(q, role) || q.retired) RandomAnswer(q, p, rng);
      }
    }
    people.push_back(std::move(p));
  }
  return people;
}

// ScoreAllMentors (the fast path) equals Score and Explain (the reference,
// facet by facet) bit for bit.
TEST(ScoreTest, FastPathEqualsReferenceOnRandomProfiles) {
  struct Case {
    const char* name;
    RandomProfileOptions profiles;
    MatchingWeights weights;
    double full_overlap_hours;
    int mentees, mentors;
  };
  const MatchingWeights odd{31.7, 0.3, 14.9, 9.99, 10.01, 4.2, 11.3, 5.5};
  const std::vector<IntakeQuestion> questions = RandomQuestions();
  const Case cases[] = {
      {"default weights", {}, MatchingWeights{}, 2.0, 60, 70},
      {"odd weights", {}, odd, 1.5, 60, 70},
      {"many windows (merge path)", {0, 9, 30, true}, odd, 3.0, 40, 50},
      {"no overlap threshold", {}, MatchingWeights{}, 0.0, 40, 50},
      {"wide vocabulary (generic width)", {400, 3, 30, true}, odd, 2.0, 60, 40},
      {"three words of topics", {100, 3, 30, true}, MatchingWeights{}, 2.0, 60, 40},
      {"free career stages", {0, 3, 30, false}, odd, 2.0, 40, 40},
      {"no experience table", {0, 2, 5000, true}, odd, 2.0, 2300, 2300},
      {"questions of every kind", {0, 3, 30, true, &questions}, odd, 2.0, 80, 90},
      {"questions, default weights", {0, 3, 30, true, &questions}, MatchingWeights{}, 2.0, 60, 70},
      {"questions, wide vocabulary", {400, 3, 30, true, &questions}, odd, 2.0, 60, 40},
      {"questions, no experience table", {0, 2, 5000, true, &questions}, odd, 2.0, 2300, 2300},
  };
  std::mt19937 rng(99);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::vector<Participant> mentees =
        RandomProfiles(Role::kMentee, c.mentees, rng, c.profiles);
    const std::vector<Participant> mentors =
        RandomProfiles(Role::kMentor, c.mentors, rng, c.profiles);
    ScoringOptions options = Options("2025-03-20");
    options.weights = c.weights;
    options.full_overlap_hours = c.full_overlap_hours;
    if (c.profiles.questions != nullptr) options.questions = *c.profiles.questions;
    const Scorer scorer(mentees, mentors, options);
    ASSERT_EQ(scorer.question_count(), c.profiles.questions != nullptr ? 14 : 0);
    std::vector<std::int64_t> row(c.mentors);
    // Pairs earning something, and nothing, for each question.
    std::vector<int> earned(scorer.question_count(), 0), missed(scorer.question_count(), 0);
    // Large cases: every mentee's row is compared, against a sample of mentors.
    const int step = c.mentors > 500 ? 97 : 1;
    for (int e = 0; e < c.mentees; ++e) {
      scorer.ScoreAllMentors(e, row.data());
      for (int r = e % step; r < c.mentors; r += step) {
        ASSERT_EQ(row[r], scorer.Score(e, r)) << "mentee " << e << ", mentor " << r;
        if (e % 7 == 0) {
          const ScoreBreakdown b = scorer.Explain(e, r);
          ASSERT_EQ(row[r], b.total()) << "mentee " << e << ", mentor " << r;
          ASSERT_EQ(b.questions.size(), static_cast<std::size_t>(scorer.question_count()));
          for (int q = 0; q < scorer.question_count(); ++q)
            ++(b.questions[q] > 0 ? earned : missed)[q];
        }
      }
    }
    for (int q = 0; q < scorer.question_count(); ++q) {
      EXPECT_GT(earned[q], 0) << scorer.questions()[q].code;
      EXPECT_GT(missed[q], 0) << scorer.questions()[q].code;
    }
  }
}

// A large pool builds the mentors' profiles on a second thread: every score
// is the one the set-up on one thread gives, and an unknown time zone is
// still reported (the mentees' first, as on one thread).
TEST(ScoreTest, SetUpOnTwoThreadsEqualsOne) {
  const std::vector<IntakeQuestion> questions = RandomQuestions();
  std::mt19937 rng(7);
  const RandomProfileOptions profiles{0, 3, 30, true, &questions};
  std::vector<Participant> mentees = RandomProfiles(Role::kMentee, 1400, rng, profiles);
  std::vector<Participant> mentors = RandomProfiles(Role::kMentor, 900, rng, profiles);
  ScoringOptions options = Options("2025-03-20");
  options.questions = questions;
  options.threads = 1;
  const Scorer one(mentees, mentors, options);
  options.threads = 2;
  const Scorer two(mentees, mentors, options);
  std::vector<std::int64_t> a(mentors.size()), b(mentors.size());
  for (int e = 0; e < static_cast<int>(mentees.size()); e += 3) {
    one.ScoreAllMentors(e, a.data());
    two.ScoreAllMentors(e, b.data());
    ASSERT_EQ(a, b) << "mentee " << e;
    ASSERT_EQ(one.Score(e, e % 900), two.Score(e, e % 900)) << "mentee " << e;
  }
  mentors[700].time_zone = "Mars/Olympus";
  EXPECT_THROW(Scorer(mentees, mentors, options), Error);
  mentees[5].time_zone = "Venus/Maxwell";
  try {
    Scorer scorer(mentees, mentors, options);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.message()).find("Venus/Maxwell"), std::string::npos) << e.message();
  }
}

// Each match kind scores as core/intake.h says, mentee against mentor.
TEST(ScoreTest, QuestionTable) {
  using M = QuestionMatch;
  using K = QuestionKind;
  using Answer = std::optional<std::vector<std::string>>;
  struct Case {
    const char* name;
    IntakeQuestion question;
    Answer mentee, mentor;
    double points;
  };
  const IntakeQuestion same = Choice("q", K::kSingle, 4, M::kSame, 10);
  const IntakeQuestion several = Choice("q", K::kMultiple, 6, M::kSame, 10);
  const IntakeQuestion overlap = Choice("q", K::kMultiple, 6, M::kOverlap, 12);
  const IntakeQuestion scale = Scale("q", 1, 5, M::kCloseness, 8);
  const IntakeQuestion must = Choice("q", K::kMultiple, 6, M::kMustMatch, 5);
  const IntakeQuestion yes_no = Choice("q", K::kYesNo, 0, M::kSame, 3);
  const std::vector<std::string> o1{"o1"}, o2{"o2"}, o12{"o1", "o2"}, o21{"o2", "o1"},
      o123{"o1", "o2", "o3"}, o345{"o3", "o4", "o5"};
  const Case cases[] = {
      {"same choice", same, o1, o1, 10},
      {"other choice", same, o1, o2, 0},
      {"same set, any order", several, o12, o21, 10},
      {"a subset is not the same", several, o12, o1, 0},
      {"two of three chosen", overlap, o123, o12, 8},
      {"the mentor's extra choices do not count", overlap, o1, o123, 12},
      {"no common choice", overlap, o12, o345, 0},
      {"equal on the scale", scale, Answer({"3"}), Answer({"3"}), 8},
      {"one step of four", scale, Answer({"2"}), Answer({"3"}), 6},
      {"the ends of the scale", scale, Answer({"5"}), Answer({"1"}), 0},
      {"must-match: one choice shared", must, o123, o345, 5},
      {"must-match: none shared", must, o12, o345, 0},
      {"yes and yes", yes_no, Answer({"yes"}), Answer({"YES"}), 3},
      {"yes and no", yes_no, Answer({"yes"}), Answer({"no"}), 0},
      {"the mentee did not answer", same, std::nullopt, o1, 0},
      {"the mentor did not answer", scale, Answer({"3"}), std::nullopt, 0},
      {"an empty answer", overlap, Answer(std::vector<std::string>{}), o1, 0},
      {"not an option", same, Answer({"o9"}), Answer({"o9"}), 0},
      {"off the scale", scale, Answer({"6"}), Answer({"6"}), 0},
      {"not a whole number", scale, Answer({"2.5"}), Answer({"2.5"}), 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Participant e = Mentee(), r = Mentor();
    if (c.mentee) e.answers["q"] = *c.mentee;
    if (c.mentor) r.answers["q"] = *c.mentor;
    ScoringOptions o = Options();
    o.questions = {c.question};
    const Scorer with({e}, {r}, o);
    const Scorer without({e}, {r}, Options());
    const ScoreBreakdown b = with.Explain(0, 0);
    ASSERT_EQ(b.questions.size(), 1u);
    EXPECT_EQ(b.questions[0], ToMicroPoints(c.points));
    EXPECT_EQ(b.total(), with.Score(0, 0));
    EXPECT_EQ(with.Score(0, 0), without.Score(0, 0) + ToMicroPoints(c.points));
    std::int64_t row = 0;
    with.ScoreAllMentors(0, &row);
    EXPECT_EQ(row, with.Score(0, 0));
  }
}

// A mentees' question compared with a mentors' question: the mentee's answer
// to the one against the mentor's to the other, options matched by code.
TEST(ScoreTest, QuestionComparedWithAMentorsQuestion) {
  IntakeQuestion wanted = Choice("wanted", QuestionKind::kMultiple, 4, QuestionMatch::kOverlap, 20,
                                 QuestionAudience::kMentees);
  wanted.compare_with = "given";
  IntakeQuestion given = Choice("given", QuestionKind::kMultiple, 4, QuestionMatch::kNone, 0,
                                QuestionAudience::kMentors);
  std::reverse(given.options.begin(), given.options.end());
  Participant e = Mentee(), r = Mentor();
  e.answers["wanted"] = {"o0", "o3"};
  r.answers["given"] = {"o3"};
  r.answers["wanted"] = {"o0"};  // not asked of mentors: not compared
  ScoringOptions o = Options();
  o.questions = {wanted, given};
  const Scorer scorer({e}, {r}, o);
  ASSERT_EQ(scorer.question_count(), 1);
  EXPECT_EQ(scorer.questions()[0].code, "wanted");
  EXPECT_EQ(QuestionFacetName(scorer.questions()[0]), "question:wanted");
  EXPECT_EQ(scorer.Explain(0, 0).questions[0], 10 * kMicroPoints);
  // A question list ValidateQuestions refuses is refused.
  o.questions = {wanted};
  EXPECT_THROW(Scorer({e}, {r}, o), Error);
}

}  // namespace
}  // namespace tandem::matching
