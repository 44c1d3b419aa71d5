// When recurring work is due: every fixed interval, or daily at a local time
// of day in an IANA time zone (08:00 in America/New_York is 13:00 UTC in
// winter and 12:00 in summer). Pure: the jobs worker asks for the latest slot
// and plans one job per slot (store/job_repository.h).
#pragma once

#include <chrono>
#include <string>

#include "core/clock.h"

namespace tandem::calendar {

struct Recurrence {
  // Every `interval`, aligned to the Unix epoch (every 15 minutes: :00, :15,
  // :30, :45 UTC). Zero when daily.
  std::chrono::seconds interval{0};
  // Daily at `time_of_day` after local midnight in `zone` (when interval is 0).
  std::chrono::minutes time_of_day{0};
  std::string zone = "UTC";

  // Throws tandem::Error(kInvalidArgument) for an interval under a second.
  static Recurrence Every(std::chrono::seconds interval);
  // Throws tandem::Error(kInvalidArgument) for an unknown zone or a time of
  // day outside 00:00..23:59.
  static Recurrence DailyAt(int hour, int minute, std::string zone);

  // "every 900 s" or "daily at 08:00 America/New_York".
  std::string Describe() const;
};

// The latest slot at or before `now`. A daily time that a spring-forward
// change skips runs at the first moment after the gap (02:30 on the day
// clocks go 02:00 -> 03:00 runs at 03:00); one that a fall-back change
// repeats runs once, at its first occurrence. Thread-safe.
SysSeconds LatestSlot(const Recurrence& recurrence, SysSeconds now);

}  // namespace tandem::calendar
