#include "calendar/free_time.h"

#include <algorithm>

#include "calendar/local_time.h"

namespace tandem::calendar {

std::vector<Span> FreeSpans(const std::vector<WeeklyWindow>& windows, std::string_view zone,
                            SysSeconds from, SysSeconds until) {
  std::vector<Span> spans;
  if (until <= from) return spans;
  // Local Mondays from the week before `from` (a window may run into the
  // next week) to the week of `until`, in the zone's own wall time.
  const auto local_day = [&](SysSeconds t) { return date::floor<date::days>(UtcToLocal(zone, t)); };
  const date::local_days first = local_day(from) - date::days(8);
  const date::local_days last = local_day(until) + date::days(1);
  date::local_days monday = first - (date::weekday(first) - date::Monday);
  for (; monday <= last; monday += date::days(7)) {
    for (const WeeklyWindow& w : windows) {
      if (w.minutes <= 0) continue;
      const LocalSeconds start_local = monday + std::chrono::minutes(w.start);
      const LocalSeconds end_local = start_local + std::chrono::minutes(w.minutes);
      const SysSeconds start = std::max(LocalToUtc(zone, start_local), from);
      const SysSeconds end = std::min(LocalToUtc(zone, end_local), until);
      if (start < end) spans.push_back({start, end});
    }
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

std::vector<Span> CommonSpans(const std::vector<Span>& a, const std::vector<Span>& b) {
  std::vector<Span> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const SysSeconds start = std::max(a[i].start, b[j].start);
    const SysSeconds end = std::min(a[i].end, b[j].end);
    if (start < end) out.push_back({start, end});
    if (a[i].end < b[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

std::vector<Span> WithoutSpans(const std::vector<Span>& a, std::vector<Span> busy) {
  std::sort(busy.begin(), busy.end(),
            [](const Span& x, const Span& y) { return x.start < y.start; });
  std::vector<Span> out;
  for (Span free : a) {
    for (const Span& b : busy) {
      if (b.end <= free.start || b.start >= free.end) continue;
      if (b.start > free.start) out.push_back({free.start, b.start});
      free.start = std::max(free.start, b.end);
      if (free.start >= free.end) break;
    }
    if (free.start < free.end) out.push_back(free);
  }
  return out;
}

}  // namespace tandem::calendar
