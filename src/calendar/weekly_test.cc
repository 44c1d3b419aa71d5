#include "calendar/weekly.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem::calendar {
namespace {

TEST(ParseDateTest, Table) {
  struct Case {
    const char* text;
    bool ok;
    int days;
  };
  const Case cases[] = {
      {"1970-01-01", true, 0},     {"1970-01-02", true, 1},  {"2000-03-01", true, 11017},
      {"2024-02-29", true, 19782}, {"2023-02-29", false, 0}, {"2024-13-01", false, 0},
      {"2024-1-01", false, 0},     {"", false, 0},           {"2024-01-0x", false, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    if (c.ok) {
      EXPECT_EQ(ParseDate(c.text).days_since_epoch, c.days);
    } else {
      EXPECT_THROW(ParseDate(c.text), Error);
    }
  }
}

TEST(UtcOffsetTest, DaylightSavingTimeAtReferenceDate) {
  struct Case {
    const char* zone;
    const char* date;
    int offset;
  };
  const Case cases[] = {
      {"America/Chicago", "2025-01-15", -360},
      {"America/Chicago", "2025-07-01", -300},
      {"America/St_Johns", "2025-01-15", -210},
      {"Asia/Kolkata", "2025-07-01", 330},
      {"Europe/Berlin", "2025-07-01", 120},
      {"UTC", "2025-07-01", 0},
      {"", "2025-07-01", 0},
      {"America/Phoenix", "2025-07-01", -420},
      {"Australia/Sydney", "2025-01-15", 660},
      {"Australia/Sydney", "2025-07-01", 600},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.zone) + " " + c.date);
    EXPECT_EQ(UtcOffsetMinutes(c.zone, ParseDate(c.date)), c.offset);
  }
  EXPECT_THROW(UtcOffsetMinutes("America/Chicgo", ParseDate("2025-01-01")), Error);
}

TEST(ToUtcWeekTest, Table) {
  struct Case {
    const char* name;
    std::vector<WeeklyWindow> local;
    int offset;
    std::vector<WeeklyWindow> utc;
  };
  const Case cases[] = {
      {"empty", {}, 0, {}},
      {"shift west", {{18 * 60, 120}}, -300, {{23 * 60, 120}}},
      {"Sunday evening in Chicago is Monday in UTC",
       {{6 * kMinutesPerDay + 22 * 60, 120}},
       -300,
       {{3 * 60, 120}}},
      {"crossing Sunday to Monday splits",
       {{6 * kMinutesPerDay + 23 * 60, 120}},
       0,
       {{0, 60}, {6 * kMinutesPerDay + 23 * 60, 60}}},
      {"Monday morning in Berlin is Sunday in UTC",
       {{30, 60}},
       60,
       {{0, 30}, {kMinutesPerWeek - 30, 30}}},
      {"merge overlapping and adjacent", {{100, 50}, {120, 50}, {170, 10}}, 0, {{100, 80}}},
      {"sorted", {{500, 10}, {100, 10}}, 0, {{100, 10}, {500, 10}}},
      {"drops empty", {{100, 0}}, 0, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ToUtcWeek(c.local, c.offset), c.utc);
  }
}

TEST(OverlapMinutesTest, Table) {
  struct Case {
    std::vector<WeeklyWindow> a, b;
    int minutes;
  };
  const Case cases[] = {
      {{}, {{0, 100}}, 0},
      {{{0, 100}}, {{50, 100}}, 50},
      {{{0, 100}}, {{100, 100}}, 0},
      {{{0, 10}, {20, 10}, {40, 10}}, {{5, 40}}, 5 + 10 + 5},
      {{{0, kMinutesPerWeek}}, {{7, 3}, {90, 10}}, 13},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(OverlapMinutes(cases[i].a, cases[i].b), cases[i].minutes);
    EXPECT_EQ(OverlapMinutes(cases[i].b, cases[i].a), cases[i].minutes);
  }
}

}  // namespace
}  // namespace tandem::calendar
