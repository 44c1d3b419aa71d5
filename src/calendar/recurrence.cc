#include "calendar/recurrence.h"

#include <date/tz.h>

#include <cstdio>

#include "calendar/local_time.h"
#include "core/error.h"

namespace tandem::calendar {

using std::chrono::minutes;
using std::chrono::seconds;

Recurrence Recurrence::Every(seconds interval) {
  if (interval < seconds(1)) throw InvalidArgument("an interval of at least 1 second", "interval");
  Recurrence r;
  r.interval = interval;
  return r;
}

Recurrence Recurrence::DailyAt(int hour, int minute, std::string zone) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw InvalidArgument("a time of day from 00:00 to 23:59", "time_of_day");
  }
  try {
    date::locate_zone(zone);
  } catch (const std::exception&) {
    throw InvalidArgument("unknown time zone \"" + zone + "\"", "zone");
  }
  Recurrence r;
  r.time_of_day = minutes(hour * 60 + minute);
  r.zone = std::move(zone);
  return r;
}

std::string Recurrence::Describe() const {
  if (interval.count() > 0) return "every " + std::to_string(interval.count()) + " s";
  char at[8];
  std::snprintf(at, sizeof at, "%02d:%02d", static_cast<int>(time_of_day.count() / 60),
                static_cast<int>(time_of_day.count() % 60));
  return "daily at " + std::string(at) + " " + zone;
}

SysSeconds LatestSlot(const Recurrence& r, SysSeconds now) {
  if (r.interval.count() > 0) {
    const auto since_epoch = now.time_since_epoch();
    return SysSeconds(since_epoch - since_epoch % r.interval);
  }
  const date::time_zone* zone = date::locate_zone(r.zone);
  const date::local_days today = date::floor<date::days>(zone->to_local(now));
  for (int back = 0; back < 3; ++back) {
    const SysSeconds slot = LocalToUtc(r.zone, today - date::days(back) + r.time_of_day);
    if (slot <= now) return slot;
  }
  return LocalToUtc(r.zone, today - date::days(3) + r.time_of_day);  // not reached
}

}  // namespace tandem::calendar
