#include "core/program.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

TEST(ProgramStatus, AllowsOnlyTheDocumentedTransitions) {
  using S = ProgramStatus;
  const struct {
    S from, to;
    bool allowed;
  } cases[] = {
      {S::kDraft, S::kEnrolling, true},    {S::kEnrolling, S::kMatching, true},
      {S::kMatching, S::kActive, true},    {S::kActive, S::kClosed, true},
      {S::kMatching, S::kEnrolling, true}, {S::kDraft, S::kClosed, true},
      {S::kDraft, S::kActive, false},      {S::kActive, S::kDraft, false},
      {S::kClosed, S::kActive, false},     {S::kClosed, S::kClosed, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(CanTransition(c.from, c.to), c.allowed)
        << ProgramStatusName(c.from) << " -> " << ProgramStatusName(c.to);
  }
}

TEST(Program, ValidationNamesTheField) {
  const auto valid = [] {
    Program p;
    p.name = "Fellows 2026";
    p.field = "hematology";
    p.starts_on = "2026-07-01";
    p.ends_on = "2027-06-30";
    return p;
  };
  EXPECT_NO_THROW(ValidateProgram(valid()));
  const struct {
    void (*edit)(Program&);
    const char* field;
  } cases[] = {
      {[](Program& p) { p.name = " "; }, "name"},
      {[](Program& p) { p.field = ""; }, "field"},
      {[](Program& p) { p.starts_on = "2026-02-30"; }, "starts_on"},
      {[](Program& p) { p.ends_on = "2026-06-01"; }, "ends_on"},
      {[](Program& p) { p.cadence_days = 0; }, "cadence_days"},
      {[](Program& p) { p.weights.goals = -1; }, "weights.goals"},
      {[](Program& p) { p.objectives = std::string(10001, 'x'); }, "objectives"},
      {[](Program& p) { p.max_time_zone_difference_hours = 1e308; },
       "max_time_zone_difference_hours"},
      {[](Program& p) { p.max_time_zone_difference_hours = -1; }, "max_time_zone_difference_hours"},
      {[](Program& p) { p.min_score = -1; }, "min_score"},
      {[](Program& p) { p.name = "Fellows\xe2\x80\xae"; }, "name"},
      {[](Program& p) { p.objectives = "a\x01"; }, "objectives"},
  };
  for (const auto& c : cases) {
    Program p = valid();
    c.edit(p);
    try {
      ValidateProgram(p);
      ADD_FAILURE() << "accepted bad " << c.field;
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), c.field);
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    }
  }
}

TEST(Program, ParsesNames) {
  EXPECT_EQ(ParseProgramKind("peer_support"), ProgramKind::kPeerSupport);
  EXPECT_EQ(ParseProgramKind("club"), std::nullopt);
  EXPECT_EQ(ParseMeetingMode("In_Person"), MeetingMode::kInPerson);
  EXPECT_EQ(ParseProgramStatus("active"), ProgramStatus::kActive);
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-2-9"));
}

}  // namespace
}  // namespace tandem

namespace tandem {
namespace {

// Pair-health thresholds: the cadence's defaults, the program's own where
// set, and due < at risk < stalled with the field to fix named.
TEST(HealthThresholds, DefaultsOverridesAndOrder) {
  Program p;
  p.name = "Fellows";
  p.field = "hematology";
  p.cadence_days = 30;
  HealthThresholds t = HealthThresholdsOf(p);
  EXPECT_EQ(t.due_days, 23);
  EXPECT_EQ(t.at_risk_days, 45);
  EXPECT_EQ(t.stalled_days, 60);
  p.health_at_risk_days = 35;
  t = HealthThresholdsOf(p);
  EXPECT_EQ(t.due_days, 23);
  EXPECT_EQ(t.at_risk_days, 35);
  EXPECT_NO_THROW(ValidateProgram(p));
  const struct {
    std::optional<int> due, at_risk, stalled;
    const char* field;  // nullptr: valid
  } cases[] = {
      {std::nullopt, 20, std::nullopt,
       "health_at_risk_days"},                              // at risk before the default due (23)
      {50, std::nullopt, std::nullopt, "health_due_days"},  // due after the default at risk (45)
      {std::nullopt, std::nullopt, 40, "health_stalled_days"},
      {0, std::nullopt, std::nullopt, "health_due_days"},
      {std::nullopt, std::nullopt, 1001, "health_stalled_days"},
      {10, 20, 30, nullptr},
  };
  for (const auto& c : cases) {
    Program q;
    q.name = "Fellows";
    q.field = "hematology";
    q.cadence_days = 30;
    q.health_due_days = c.due;
    q.health_at_risk_days = c.at_risk;
    q.health_stalled_days = c.stalled;
    if (!c.field) {
      EXPECT_NO_THROW(ValidateProgram(q));
      continue;
    }
    try {
      ValidateProgram(q);
      ADD_FAILURE() << "accepted " << c.field;
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), c.field) << e.what();
    }
  }
}

}  // namespace
}  // namespace tandem
