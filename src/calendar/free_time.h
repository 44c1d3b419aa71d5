// When two people are both free: each person's weekly availability (local
// windows, core/participant.h) laid on the real calendar in their own zone,
// week by week with the zone rules in force on each date, then intersected in
// UTC. A pair in America/Phoenix and America/New_York shifts by an hour when
// New York changes clocks; Europe/London and America/Chicago have the weeks in
// March and October when only one side has changed. Pure and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/participant.h"

namespace tandem::calendar {

// A stretch of time [start, end) in UTC.
struct Span {
  SysSeconds start;
  SysSeconds end;
  friend bool operator==(const Span&, const Span&) = default;
};

// The times between `from` and `until` that fall in `windows` (minutes after
// Monday 00:00 local, as profiles store them) read in `zone`: sorted, merged,
// clipped to [from, until). A window that starts in a skipped hour starts when
// the gap ends; one in a repeated hour starts at its first occurrence; its end
// is its own wall time (so a 01:00-04:00 window on a spring-forward night is
// two hours long). Throws tandem::Error(kInvalidArgument) for an unknown zone.
std::vector<Span> FreeSpans(const std::vector<WeeklyWindow>& windows, std::string_view zone,
                            SysSeconds from, SysSeconds until);

// What two sorted, merged span lists (as FreeSpans returns) have in common.
std::vector<Span> CommonSpans(const std::vector<Span>& a, const std::vector<Span>& b);

// `a` without the times in `busy` (any order, may overlap): sorted, merged.
std::vector<Span> WithoutSpans(const std::vector<Span>& a, std::vector<Span> busy);

}  // namespace tandem::calendar
