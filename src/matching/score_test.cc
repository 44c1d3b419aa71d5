#include "matching/score.h"

#include <gtest/gtest.h>

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
};

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
  const Case cases[] = {
      {"default weights", {}, MatchingWeights{}, 2.0, 60, 70},
      {"odd weights", {}, odd, 1.5, 60, 70},
      {"many windows (merge path)", {0, 9, 30, true}, odd, 3.0, 40, 50},
      {"no overlap threshold", {}, MatchingWeights{}, 0.0, 40, 50},
      {"wide vocabulary (generic width)", {400, 3, 30, true}, odd, 2.0, 60, 40},
      {"three words of topics", {100, 3, 30, true}, MatchingWeights{}, 2.0, 60, 40},
      {"free career stages", {0, 3, 30, false}, odd, 2.0, 40, 40},
      {"no experience table", {0, 2, 5000, true}, odd, 2.0, 2300, 2300},
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
    const Scorer scorer(mentees, mentors, options);
    std::vector<std::int64_t> row(c.mentors);
    // Large cases: every mentee's row is compared, against a sample of mentors.
    const int step = c.mentors > 500 ? 97 : 1;
    for (int e = 0; e < c.mentees; ++e) {
      scorer.ScoreAllMentors(e, row.data());
      for (int r = e % step; r < c.mentors; r += step) {
        ASSERT_EQ(row[r], scorer.Score(e, r)) << "mentee " << e << ", mentor " << r;
        if (e % 7 == 0) {
          ASSERT_EQ(row[r], scorer.Explain(e, r).total()) << "mentee " << e << ", mentor " << r;
        }
      }
    }
  }
}

}  // namespace
}  // namespace tandem::matching
