// Whether a pair is meeting as often as its program asks: computed from the
// meetings logged and scheduled, never stored. Pure and thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/program.h"

namespace tandem::calendar {

enum class HealthStatus { kOnTrack, kDue, kAtRisk, kStalled };
// "on_track", "due", "at_risk", "stalled".
std::string_view HealthStatusName(HealthStatus status);

// One logged meeting of the pair, as its partners reported it.
struct LoggedMeeting {
  SysSeconds at;
  bool held = false;
  bool no_show = false;  // not held because someone did not come
};

struct PairHealth {
  int expected = 0;  // meetings the cadence asks for from the start to now
  int held = 0;
  std::optional<SysSeconds> last_met;
  std::optional<SysSeconds> next_scheduled;
  int days_without_meeting = 0;  // since the last held meeting, or the start
  HealthStatus status = HealthStatus::kOnTrack;
};

// The health of a pair that started at `started` (its first day, UTC
// midnight) at `now`, given its logged meetings (any order) and its next
// scheduled meeting. Stalled also after two no-shows in a row (the two most
// recent logged meetings). `cadence_days` of at least 1.
PairHealth AssessPairHealth(SysSeconds started, const std::vector<LoggedMeeting>& logged,
                            std::optional<SysSeconds> next_scheduled, int cadence_days,
                            const HealthThresholds& thresholds, SysSeconds now);

}  // namespace tandem::calendar
