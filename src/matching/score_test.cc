#include "matching/score.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tandem::matching
