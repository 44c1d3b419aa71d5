#include "calendar/weekly.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/error.h"

namespace tandem::calendar {

namespace {

bool ParseInt(std::string_view text, int& value) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

Date ParseDate(std::string_view iso) {
  int y = 0, m = 0, d = 0;
  const auto fail = [&] {
    std::string message(1, '"');
    message.append(iso);
    message.append("\" is not a date of the form YYYY-MM-DD");
    return InvalidArgument(message);
  };
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') throw fail();
  if (!ParseInt(iso.substr(0, 4), y) || !ParseInt(iso.substr(5, 2), m) ||
      !ParseInt(iso.substr(8, 2), d)) {
    throw fail();
  }
  const date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(m)),
                                 date::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) throw fail();
  return Date{static_cast<int>(date::sys_days(ymd).time_since_epoch().count())};
}

int UtcOffsetMinutes(std::string_view time_zone, Date reference) {
  if (time_zone.empty() || time_zone == "UTC" || time_zone == "Etc/UTC") return 0;
  // locate_zone is comparatively slow; remember each (zone, date) answer.
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, int> cache;
  const std::pair<std::string, int> key(std::string(time_zone), reference.days_since_epoch);
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  int offset = 0;
  try {
    const date::time_zone* zone = date::locate_zone(key.first);
    const date::sys_seconds instant =
        date::sys_days(date::days(reference.days_since_epoch)) + std::chrono::hours(12);
    offset = static_cast<int>(
        std::chrono::duration_cast<std::chrono::minutes>(zone->get_info(instant).offset).count());
  } catch (const std::exception&) {
    throw InvalidArgument("unknown time zone \"" + key.first + "\"", "time_zone");
  }
  std::lock_guard<std::mutex> lock(mutex);
  cache.emplace(key, offset);
  return offset;
}

std::vector<WeeklyWindow> ToUtcWeek(const std::vector<WeeklyWindow>& local, int offset_minutes) {
  std::vector<WeeklyWindow> pieces;
  pieces.reserve(local.size() + 2);
  for (const WeeklyWindow& w : local) {
    if (w.minutes <= 0) continue;
    const int length = std::min(w.minutes, kMinutesPerWeek);
    // Local time = UTC + offset, so UTC = local - offset.
    int start = (w.start - offset_minutes) % kMinutesPerWeek;
    if (start < 0) start += kMinutesPerWeek;
    const int end = start + length;
    if (end <= kMinutesPerWeek) {
      pieces.push_back({start, length});
    } else {
      pieces.push_back({start, kMinutesPerWeek - start});
      pieces.push_back({0, end - kMinutesPerWeek});
    }
  }
  std::sort(pieces.begin(), pieces.end(),
            [](const WeeklyWindow& a, const WeeklyWindow& b) { return a.start < b.start; });
  std::vector<WeeklyWindow> merged;
  for (const WeeklyWindow& p : pieces) {
    if (!merged.empty() && p.start <= merged.back().start + merged.back().minutes) {
      WeeklyWindow& last = merged.back();
      last.minutes = std::max(last.minutes, p.start + p.minutes - last.start);
    } else {
      merged.push_back(p);
    }
  }
  return merged;
}

int OverlapMinutes(const std::vector<WeeklyWindow>& a, const std::vector<WeeklyWindow>& b) {
  int total = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const int a_end = a[i].start + a[i].minutes;
    const int b_end = b[j].start + b[j].minutes;
    const int lo = std::max(a[i].start, b[j].start);
    const int hi = std::min(a_end, b_end);
    if (hi > lo) total += hi - lo;
    if (a_end < b_end) {
      ++i;
    } else {
      ++j;
    }
  }
  return total;
}

}  // namespace tandem::calendar
