#include "core/clock.h"

#include <date/date.h>

#include <gtest/gtest.h>

namespace tandem {
namespace {

// Stored times read back exactly; anything else is not a time.
TEST(ParseUtc, ReadsStoredTimesAndNothingElse) {
  const struct {
    const char* text;
    bool ok;
  } cases[] = {
      {"2026-12-05T10:00:00Z", true},
      {"2024-02-29T23:59:59Z", true},
      {"1970-01-01T00:00:00Z", true},
      {"2026-02-29T10:00:00Z", false},
      {"2026-13-01T10:00:00Z", false},
      {"2026-12-05T24:00:00Z", false},
      {"2026-12-05T10:60:00Z", false},
      {"2026-12-05 10:00:00Z", false},
      {"2026-12-05T10:00:00", false},
      {"2026-12-05T10:00:00+01:00", false},
      {"", false},
      {"2026-1a-05T10:00:00Z", false},
  };
  for (const auto& c : cases) {
    const std::optional<SysSeconds> t = ParseUtc(c.text);
    EXPECT_EQ(t.has_value(), c.ok) << c.text;
    if (t) {
      EXPECT_EQ(FormatUtc(*t), c.text);
    }
  }
}

// FormatUtc is written by hand; date::format is the reference, from 1900 to
// 2199, every second of a day and across leap days.
TEST(Clock, FormatUtcAgreesWithDateFormat) {
  const SysSeconds from = date::sys_days(date::year{1900} / 1 / 1);
  const SysSeconds to = date::sys_days(date::year{2200} / 1 / 1);
  for (SysSeconds t = from; t < to; t += std::chrono::seconds(86'400 * 37 + 3'601)) {
    ASSERT_EQ(FormatUtc(t), date::format("%Y-%m-%dT%H:%M:%SZ", t));
  }
  const SysSeconds day = date::sys_days(date::year{2024} / 2 / 29);
  for (int s = 0; s < 86'400; s += 7) {
    const SysSeconds t = day + std::chrono::seconds(s);
    ASSERT_EQ(FormatUtc(t), date::format("%Y-%m-%dT%H:%M:%SZ", t));
  }
}

// A movable clock only goes forward, for everything that reads it.
TEST(MovableClock, AdvancesAndNeverGoesBack) {
  MovableClock clock;
  const SysSeconds start = clock.Now();
  clock.Advance(std::chrono::hours(24 * 31));
  EXPECT_GE(clock.Now() - start, std::chrono::hours(24 * 31));
  clock.Advance(std::chrono::hours(-48));
  EXPECT_GE(clock.Now() - start, std::chrono::hours(24 * 31));
  clock.AdvanceTo(start);  // earlier: ignored
  EXPECT_GE(clock.Now() - start, std::chrono::hours(24 * 31));
  EXPECT_EQ(FormatUtcDate(*ParseUtc("2026-12-05T23:59:59Z")), "2026-12-05");
}

TEST(MovableClock, StartsInThePastRunsOnAndCatchesUp) {
  const SysSeconds wall = SystemClock().Now();
  const SysSeconds past = *ParseUtc("2025-05-01T09:00:00Z");
  MovableClock clock(past);
  EXPECT_GE(clock.Now(), past);
  EXPECT_LT(clock.Now() - past, std::chrono::minutes(1));
  EXPECT_LT(clock.offset().count(), 0) << "behind the wall clock";
  clock.AdvanceTo(past - std::chrono::hours(1));  // earlier: ignored
  EXPECT_GE(clock.Now(), past);
  clock.AdvanceTo(past + std::chrono::hours(24 * 30));
  EXPECT_GE(clock.Now() - past, std::chrono::hours(24 * 30));
  clock.CatchUp();
  EXPECT_GE(clock.Now(), wall);
  EXPECT_EQ(clock.offset().count(), 0);
  clock.Advance(std::chrono::hours(1));
  clock.CatchUp();  // ahead: stays ahead
  EXPECT_GE(clock.Now() - wall, std::chrono::hours(1));
}

}  // namespace
}  // namespace tandem
