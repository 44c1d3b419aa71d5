#include "core/enrollment.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

using S = EnrollmentStatus;

TEST(EnrollmentStatus, NamesRoundTrip) {
  for (S s : {S::kInvited, S::kApplied, S::kActive, S::kWithdrawn}) {
    EXPECT_EQ(ParseEnrollmentStatus(EnrollmentStatusName(s)), s) << EnrollmentStatusName(s);
  }
  EXPECT_EQ(ParseEnrollmentStatus(" Active "), S::kActive);
  EXPECT_EQ(ParseEnrollmentStatus("WITHDRAWN"), S::kWithdrawn);
  EXPECT_FALSE(ParseEnrollmentStatus("pending"));
  EXPECT_FALSE(ParseEnrollmentStatus(""));
}

TEST(EnrollmentStatus, AllowsOnlyTheDocumentedTransitions) {
  const struct {
    S from, to;
    bool allowed;
  } cases[] = {
      {S::kInvited, S::kActive, true},     {S::kInvited, S::kWithdrawn, true},
      {S::kApplied, S::kActive, true},     {S::kApplied, S::kWithdrawn, true},
      {S::kActive, S::kWithdrawn, true},   {S::kInvited, S::kApplied, false},
      {S::kInvited, S::kInvited, false},   {S::kApplied, S::kInvited, false},
      {S::kActive, S::kActive, false},     {S::kActive, S::kInvited, false},
      {S::kActive, S::kApplied, false},    {S::kWithdrawn, S::kActive, false},
      {S::kWithdrawn, S::kInvited, false}, {S::kWithdrawn, S::kWithdrawn, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(CanTransition(c.from, c.to), c.allowed)
        << EnrollmentStatusName(c.from) << " -> " << EnrollmentStatusName(c.to);
  }
}

Participant ValidProfile() {
  Participant p;
  p.name = "Sam Lee";
  p.institution = "MCW";
  p.career_stage = "Fellow  PGY5";
  p.time_zone = "America/Chicago";
  p.years_experience = 2;
  p.capacity = 1;
  p.interests = {"Thrombosis", "sickle_cell disease", "thrombosis"};
  p.background = {{"Gender", "woman"}};
  p.match_on = {"gender"};
  p.availability = {{1080, 120}};
  p.bio = "Fellow.";
  return p;
}

TEST(Profile, ValidationCanonicalisesTags) {
  const Participant p = ValidateProfile(ValidProfile());
  EXPECT_EQ(p.career_stage, "fellow pgy5");
  EXPECT_EQ(p.interests, (std::vector<std::string>{"thrombosis", "sickle cell disease"}));
  EXPECT_EQ(p.background[0].key, "gender");
  EXPECT_TRUE(IsProfileComplete(p));
  Participant empty;
  empty.name = "New Person";
  EXPECT_FALSE(IsProfileComplete(ValidateProfile(empty)));
}

TEST(Profile, ValidationNamesTheField) {
  const struct {
    void (*edit)(Participant&);
    const char* field;
  } cases[] = {
      {[](Participant& p) { p.name = "  "; }, "name"},
      {[](Participant& p) { p.name = std::string(201, 'n'); }, "name"},
      {[](Participant& p) { p.institution = "bad\xff"; }, "institution"},
      {[](Participant& p) { p.time_zone = "America/Chicgo"; }, "time_zone"},
      {[](Participant& p) { p.time_zone = ""; }, "time_zone"},  // availability needs one
      {[](Participant& p) { p.years_experience = 81; }, "years_experience"},
      {[](Participant& p) { p.years_experience = -1; }, "years_experience"},
      {[](Participant& p) { p.capacity = 0; }, "capacity"},
      {[](Participant& p) { p.capacity = kMaxCapacity + 1; }, "capacity"},
      {[](Participant& p) { p.name = "Sam\x1b[31m"; }, "name"},
      {[](Participant& p) { p.institution = "\xe2\x80\xaeUHN"; }, "institution"},
      {[](Participant& p) { p.interests = {"a;b"}; }, "interests[0]"},
      {[](Participant& p) {
         p.interests = {"ok", "  "};
       },
       "interests[1]"},
      {[](Participant& p) { p.specialties = {std::string(101, 's')}; }, "specialties[0]"},
      {[](Participant& p) { p.goals = std::vector<std::string>(51, "g"); }, "goals"},
      {[](Participant& p) { p.languages = {""}; }, "languages[0]"},
      {[](Participant& p) {
         p.background = {{"gender", ""}};
       },
       "background.gender"},
      {[](Participant& p) {
         p.background = {{"a:b", "c"}};
       },
       "background.a:b"},
      {[](Participant& p) {
         p.background = {{"gender", "x"}, {"Gender", "y"}};
       },
       "background.Gender"},
      {[](Participant& p) { p.match_on = {"urim"}; }, "match_on[0]"},
      {[](Participant& p) {
         p.availability = {{10080, 60}};
       },
       "availability[0].start_minute"},
      {[](Participant& p) {
         p.availability = {{0, 60}, {-1, 60}};
       },
       "availability[1].start_minute"},
      {[](Participant& p) {
         p.availability = {{0, 0}};
       },
       "availability[0].minutes"},
      {[](Participant& p) {
         p.availability = {{0, 1441}};
       },
       "availability[0].minutes"},
      {[](Participant& p) { p.bio = std::string(4001, 'b'); }, "bio"},
  };
  for (const auto& c : cases) {
    Participant p = ValidProfile();
    c.edit(p);
    try {
      ValidateProfile(p);
      ADD_FAILURE() << "accepted bad " << c.field;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << c.field;
      EXPECT_EQ(e.field(), c.field) << e.message();
    }
  }
}

}  // namespace
}  // namespace tandem
