#include "calendar/pair_health.h"

#include <gtest/gtest.h>

namespace tandem::calendar {
namespace {

SysSeconds Day(int n) { return *ParseUtc("2027-01-01T00:00:00Z") + std::chrono::days(n); }

TEST(HealthThresholds, FollowTheCadence) {
  const HealthThresholds monthly = HealthThresholds::FromCadence(30);
  EXPECT_EQ(monthly.due_days, 23);
  EXPECT_EQ(monthly.at_risk_days, 45);
  EXPECT_EQ(monthly.stalled_days, 60);
  const HealthThresholds fortnightly = HealthThresholds::FromCadence(14);
  EXPECT_EQ(fortnightly.due_days, 11);
  EXPECT_EQ(fortnightly.at_risk_days, 21);
  EXPECT_EQ(fortnightly.stalled_days, 28);
}

// A monthly pair that started on 1 January moves on track -> due -> at risk
// -> stalled as days pass without a meeting, and is on track again once one
// is held.
TEST(AssessPairHealth, MovesWithTimeAndMeetings) {
  const HealthThresholds t = HealthThresholds::FromCadence(30);
  const struct {
    int today;
    std::vector<LoggedMeeting> logged;
    HealthStatus status;
    int expected, held, days_without;
  } cases[] = {
      {10, {}, HealthStatus::kOnTrack, 0, 0, 10},
      {22, {}, HealthStatus::kOnTrack, 0, 0, 22},
      {23, {}, HealthStatus::kDue, 0, 0, 23},
      {44, {}, HealthStatus::kDue, 1, 0, 44},
      {45, {}, HealthStatus::kAtRisk, 1, 0, 45},
      {60, {}, HealthStatus::kStalled, 2, 0, 60},
      {61, {{Day(61), true, false}}, HealthStatus::kOnTrack, 2, 1, 0},
      {70, {{Day(20), true, false}, {Day(50), false, false}}, HealthStatus::kAtRisk, 2, 1, 50},
      // A meeting logged for later does not count yet.
      {30, {{Day(40), true, false}}, HealthStatus::kDue, 1, 0, 30},
      // Two no-shows in a row stall a pair that met recently.
      {40,
       {{Day(20), true, false}, {Day(30), false, true}, {Day(35), false, true}},
       HealthStatus::kStalled,
       1,
       1,
       20},
      // A held meeting after them ends the run.
      {40,
       {{Day(30), false, true}, {Day(35), false, true}, {Day(38), true, false}},
       HealthStatus::kOnTrack,
       1,
       1,
       2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("day " + std::to_string(c.today));
    const PairHealth h = AssessPairHealth(Day(0), c.logged, std::nullopt, 30, t, Day(c.today));
    EXPECT_EQ(HealthStatusName(h.status), HealthStatusName(c.status));
    EXPECT_EQ(h.expected, c.expected);
    EXPECT_EQ(h.held, c.held);
    EXPECT_EQ(h.days_without_meeting, c.days_without);
  }
  const PairHealth next = AssessPairHealth(Day(0), {}, Day(30), 30, t, Day(10));
  ASSERT_TRUE(next.next_scheduled.has_value());
  EXPECT_EQ(*next.next_scheduled, Day(30));
  EXPECT_FALSE(AssessPairHealth(Day(0), {}, Day(5), 30, t, Day(10)).next_scheduled.has_value());
}

}  // namespace
}  // namespace tandem::calendar
