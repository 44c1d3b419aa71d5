#include "calendar/pair_health.h"

#include <algorithm>

namespace tandem::calendar {

std::string_view HealthStatusName(HealthStatus status) {
  switch (status) {
    case HealthStatus::kOnTrack:
      return "on_track";
    case HealthStatus::kDue:
      return "due";
    case HealthStatus::kAtRisk:
      return "at_risk";
    case HealthStatus::kStalled:
      return "stalled";
  }
  return "on_track";
}

PairHealth AssessPairHealth(SysSeconds started, const std::vector<LoggedMeeting>& logged,
                            std::optional<SysSeconds> next_scheduled, int cadence_days,
                            const HealthThresholds& thresholds, SysSeconds now) {
  using std::chrono::days;
  PairHealth health;
  const int cadence = std::max(cadence_days, 1);
  const long long days_in = std::chrono::floor<days>(now - started).count();
  health.expected = days_in < 0 ? 0 : static_cast<int>(days_in / cadence);
  std::vector<LoggedMeeting> past;
  for (const LoggedMeeting& m : logged) {
    if (m.at <= now) past.push_back(m);
  }
  std::sort(past.begin(), past.end(),
            [](const LoggedMeeting& a, const LoggedMeeting& b) { return a.at < b.at; });
  for (const LoggedMeeting& m : past) {
    if (!m.held) continue;
    ++health.held;
    health.last_met = m.at;
  }
  if (next_scheduled && *next_scheduled > now) health.next_scheduled = next_scheduled;
  const SysSeconds since = health.last_met ? *health.last_met : started;
  health.days_without_meeting =
      static_cast<int>(std::max<long long>(0, std::chrono::floor<days>(now - since).count()));
  const bool two_no_shows =
      past.size() >= 2 && past[past.size() - 1].no_show && past[past.size() - 2].no_show;
  const int d = health.days_without_meeting;
  if (two_no_shows || d >= thresholds.stalled_days) {
    health.status = HealthStatus::kStalled;
  } else if (d >= thresholds.at_risk_days) {
    health.status = HealthStatus::kAtRisk;
  } else if (d >= thresholds.due_days) {
    health.status = HealthStatus::kDue;
  }
  return health;
}

}  // namespace tandem::calendar
