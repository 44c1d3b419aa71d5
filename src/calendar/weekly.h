// Weekly availability in UTC. A person states weekly windows in their own time
// zone (core/participant.h); the engines compare people in UTC. Daylight saving
// time is taken as in force on a reference date (a program's start), so a
// whole program uses one offset per zone.
#pragma once

#include <string_view>
#include <vector>

#include "core/participant.h"

namespace tandem::calendar {

inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

// A calendar date as days since 1970-01-01 (negative before).
struct Date {
  int days_since_epoch = 0;
  friend bool operator==(const Date&, const Date&) = default;
};

// Parses an ISO date "YYYY-MM-DD". Throws tandem::Error(kInvalidArgument)
// naming the text when it is not a valid calendar date.
Date ParseDate(std::string_view iso);

// Offset of `time_zone` (IANA name, e.g. "America/Chicago") from UTC in minutes
// (east positive: -300 for Chicago in summer) at 12:00 UTC on `reference`.
// "UTC" and "" both mean offset 0. Throws tandem::Error(kInvalidArgument) for an
// unknown zone. Thread-safe.
int UtcOffsetMinutes(std::string_view time_zone, Date reference);

// Converts local weekly windows to UTC given the zone's offset, and normalizes:
// the result is sorted, non-overlapping, non-adjacent windows that all lie in
// [0, kMinutesPerWeek) (a window crossing Sunday→Monday in UTC is split in two;
// overlapping windows are merged; a window longer than a week is clamped).
std::vector<WeeklyWindow> ToUtcWeek(const std::vector<WeeklyWindow>& local, int offset_minutes);

// Minutes both normalized window lists (as ToUtcWeek returns) have in common.
int OverlapMinutes(const std::vector<WeeklyWindow>& a, const std::vector<WeeklyWindow>& b);

}  // namespace tandem::calendar
