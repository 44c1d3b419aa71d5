#include "calendar/recurrence.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem::calendar {
namespace {

SysSeconds At(const char* utc) { return *ParseUtc(utc); }

TEST(LatestSlot, EveryIntervalIsAlignedToTheEpoch) {
  const Recurrence quarter = Recurrence::Every(std::chrono::minutes(15));
  const struct {
    const char* now;
    const char* slot;
  } cases[] = {
      {"2026-12-05T10:00:00Z", "2026-12-05T10:00:00Z"},
      {"2026-12-05T10:14:59Z", "2026-12-05T10:00:00Z"},
      {"2026-12-05T10:15:00Z", "2026-12-05T10:15:00Z"},
      {"2026-12-05T23:59:59Z", "2026-12-05T23:45:00Z"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FormatUtc(LatestSlot(quarter, At(c.now))), c.slot) << c.now;
  }
}

// Daily at 08:00 in a zone follows the zone's clock changes: 13:00 UTC in
// New York's winter, 12:00 in its summer; a skipped 02:30 runs at 03:00, a
// repeated 01:30 runs once, at its first occurrence.
TEST(LatestSlot, DailyAtALocalTimeFollowsTheZonesRules) {
  const struct {
    int hour, minute;
    const char* zone;
    const char* now;
    const char* slot;
  } cases[] = {
      {8, 0, "America/New_York", "2026-12-05T13:00:00Z", "2026-12-05T13:00:00Z"},
      {8, 0, "America/New_York", "2026-12-05T12:59:59Z", "2026-12-04T13:00:00Z"},
      {8, 0, "America/New_York", "2026-07-01T12:00:00Z", "2026-07-01T12:00:00Z"},
      // 2027-03-14: New York goes 02:00 -> 03:00.
      {8, 0, "America/New_York", "2027-03-14T12:30:00Z", "2027-03-14T12:00:00Z"},
      {8, 0, "America/New_York", "2027-03-14T11:59:59Z", "2027-03-13T13:00:00Z"},
      {2, 30, "America/New_York", "2027-03-14T12:00:00Z", "2027-03-14T07:00:00Z"},
      // 2026-11-01: New York goes 02:00 -> 01:00; 01:30 EDT is 05:30 UTC.
      {1, 30, "America/New_York", "2026-11-01T06:45:00Z", "2026-11-01T05:30:00Z"},
      {1, 30, "America/New_York", "2026-11-02T06:29:59Z", "2026-11-01T05:30:00Z"},
      {0, 0, "UTC", "2026-12-05T00:00:00Z", "2026-12-05T00:00:00Z"},
      {3, 0, "Asia/Kolkata", "2026-12-05T00:00:00Z", "2026-12-04T21:30:00Z"},
      {23, 59, "Pacific/Kiritimati", "2026-12-05T10:00:00Z", "2026-12-05T09:59:00Z"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.zone) + " " + c.now);
    const Recurrence daily = Recurrence::DailyAt(c.hour, c.minute, c.zone);
    EXPECT_EQ(FormatUtc(LatestSlot(daily, At(c.now))), c.slot);
  }
}

TEST(Recurrence, RefusesWhatCannotRecur) {
  EXPECT_THROW(Recurrence::Every(std::chrono::seconds(0)), Error);
  EXPECT_THROW(Recurrence::DailyAt(24, 0, "UTC"), Error);
  EXPECT_THROW(Recurrence::DailyAt(8, 60, "UTC"), Error);
  EXPECT_THROW(Recurrence::DailyAt(8, 0, "Mars/Base"), Error);
  EXPECT_EQ(Recurrence::DailyAt(8, 5, "Europe/London").Describe(), "daily at 08:05 Europe/London");
  EXPECT_EQ(Recurrence::Every(std::chrono::minutes(15)).Describe(), "every 900 s");
}

}  // namespace
}  // namespace tandem::calendar
