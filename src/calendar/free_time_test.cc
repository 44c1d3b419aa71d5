#include "calendar/free_time.h"

#include <gtest/gtest.h>

#include <string>

namespace tandem::calendar {
namespace {

SysSeconds At(const char* utc) { return *ParseUtc(utc); }

std::string Show(const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) out += FormatUtc(s.start) + "/" + FormatUtc(s.end) + " ";
  return out;
}

// Minutes after Monday 00:00 local.
WeeklyWindow Window(int day, int hour, int minutes) { return {day * 1440 + hour * 60, minutes}; }

// Both partners' weekly hours on the real calendar, week by week, checked to
// the minute across the weeks their zones change clocks.
TEST(CommonSpans, FollowEachZonesClockChanges) {
  const struct {
    const char* name;
    const char* zone_a;
    std::vector<WeeklyWindow> a;
    const char* zone_b;
    std::vector<WeeklyWindow> b;
    const char* from;
    int days;
    const char* expected;
  } cases[] = {
      // New York changes on 14 March 2027, Phoenix never: Tuesday 10-12 in New
      // York and 08-10 in Phoenix share two hours in winter, one after.
      {"Phoenix and New York",
       "America/New_York",
       {Window(1, 10, 120)},
       "America/Phoenix",
       {Window(1, 8, 120)},
       "2027-03-01T00:00:00Z",
       21,
       "2027-03-02T15:00:00Z/2027-03-02T17:00:00Z 2027-03-09T15:00:00Z/2027-03-09T17:00:00Z "
       "2027-03-16T15:00:00Z/2027-03-16T16:00:00Z "},
      // Monday 15-17 in London and 09-11 in Chicago: two hours, except the
      // weeks only one side has changed (15 and 22 March, 1 November).
      {"London and Chicago in March",
       "Europe/London",
       {Window(0, 15, 120)},
       "America/Chicago",
       {Window(0, 9, 120)},
       "2027-03-08T00:00:00Z",
       28,
       "2027-03-08T15:00:00Z/2027-03-08T17:00:00Z 2027-03-15T15:00:00Z/2027-03-15T16:00:00Z "
       "2027-03-22T15:00:00Z/2027-03-22T16:00:00Z 2027-03-29T14:00:00Z/2027-03-29T16:00:00Z "},
      {"London and Chicago in October",
       "Europe/London",
       {Window(0, 15, 120)},
       "America/Chicago",
       {Window(0, 9, 120)},
       "2027-10-25T00:00:00Z",
       21,
       "2027-10-25T14:00:00Z/2027-10-25T16:00:00Z 2027-11-01T15:00:00Z/2027-11-01T16:00:00Z "
       "2027-11-08T15:00:00Z/2027-11-08T17:00:00Z "},
      // Sydney's clocks go back on 4 April 2027 (southern autumn); Kolkata is
      // +05:30 all year. Wednesday 19-21 in Sydney, Wednesday 14-16 in Kolkata.
      {"Sydney and Kolkata",
       "Australia/Sydney",
       {Window(2, 19, 120)},
       "Asia/Kolkata",
       {Window(2, 14, 120)},
       "2027-03-29T00:00:00Z",
       14,
       "2027-03-31T08:30:00Z/2027-03-31T10:00:00Z 2027-04-07T09:00:00Z/2027-04-07T10:30:00Z "},
      // Half-hour St John's against UTC, Friday 12:00-13:00 local.
      {"St John's and UTC",
       "America/St_Johns",
       {Window(4, 12, 60)},
       "UTC",
       {Window(4, 0, 1440)},
       "2027-01-04T00:00:00Z",
       7,
       "2027-01-08T15:30:00Z/2027-01-08T16:30:00Z "},
      // A window across the spring-forward night is only as long as it really is.
      {"a window over the skipped hour",
       "America/New_York",
       {Window(6, 1, 180)},
       "UTC",
       {Window(0, 0, 7 * 1440)},
       "2027-03-14T00:00:00Z",
       1,
       "2027-03-14T06:00:00Z/2027-03-14T08:00:00Z "},
      {"no overlap",
       "America/New_York",
       {Window(0, 9, 60)},
       "Australia/Sydney",
       {Window(0, 9, 60)},
       "2027-01-04T00:00:00Z",
       14,
       ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const SysSeconds from = At(c.from);
    const SysSeconds until = from + std::chrono::days(c.days);
    const auto common =
        CommonSpans(FreeSpans(c.a, c.zone_a, from, until), FreeSpans(c.b, c.zone_b, from, until));
    EXPECT_EQ(Show(common), c.expected);
  }
}

TEST(FreeSpans, MergesAndClipsToTheRange) {
  // Two overlapping windows merge; a window running past midnight continues
  // into the next day; the range clips both ends.
  const std::vector<WeeklyWindow> windows = {Window(0, 22, 180), Window(0, 23, 60)};
  const auto spans =
      FreeSpans(windows, "UTC", At("2027-01-04T23:00:00Z"), At("2027-01-05T00:30:00Z"));
  EXPECT_EQ(Show(spans), "2027-01-04T23:00:00Z/2027-01-05T00:30:00Z ");
  EXPECT_TRUE(
      FreeSpans(windows, "UTC", At("2027-01-05T00:00:00Z"), At("2027-01-05T00:00:00Z")).empty());
}

TEST(WithoutSpans, CutsPlannedMeetingsOut) {
  const std::vector<Span> free = {{At("2027-01-12T15:00:00Z"), At("2027-01-12T17:00:00Z")},
                                  {At("2027-01-19T15:00:00Z"), At("2027-01-19T16:00:00Z")}};
  const std::vector<Span> busy = {{At("2027-01-19T14:00:00Z"), At("2027-01-19T16:30:00Z")},
                                  {At("2027-01-12T15:30:00Z"), At("2027-01-12T16:00:00Z")},
                                  {At("2027-01-12T15:45:00Z"), At("2027-01-12T16:15:00Z")}};
  EXPECT_EQ(Show(WithoutSpans(free, busy)),
            "2027-01-12T15:00:00Z/2027-01-12T15:30:00Z 2027-01-12T16:15:00Z/2027-01-12T17:00:00Z ");
  EXPECT_EQ(Show(WithoutSpans(free, {})), Show(free));
}

}  // namespace
}  // namespace tandem::calendar
