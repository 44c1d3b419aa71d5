// Local wall-clock time in IANA zones, at the edges where people type and read
// times (engines and storage use UTC). Zone rules are those in force on each
// date (Hinnant's date/tz over the system's tzdata). Thread-safe.
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tandem::calendar {

using LocalSeconds = date::local_seconds;

// The UTC instant of `local` in `zone`, leniently: a time a fall-back night
// repeats is its first occurrence, one a spring-forward night skips is the
// moment the gap ends (02:30 on the night clocks go 02:00 -> 03:00 is 03:00).
// "" and "UTC" are UTC. Throws tandem::Error(kInvalidArgument, "time_zone")
// for an unknown zone.
SysSeconds LocalToUtc(std::string_view zone, LocalSeconds local);

// The wall time in `zone` at instant `t`. Throws like LocalToUtc.
LocalSeconds UtcToLocal(std::string_view zone, SysSeconds t);

// Like LocalToUtc, but a skipped or repeated local time is an error: throws
// tandem::Error(kInvalidArgument, field) saying which, and which times are
// valid instead ("02:30 on 2027-03-14 does not exist in America/New_York:
// clocks go from 02:00 to 03:00 that night; choose a time before 02:00 or
// from 03:00").
SysSeconds ExactLocalToUtc(std::string_view zone, LocalSeconds local, const char* field);

// Reads a time a person gave for `zone`: "YYYY-MM-DDTHH:MM[:SS]" is a wall
// time there (ExactLocalToUtc); with a "Z" or "±HH:MM" suffix it is an
// instant, and its offset must be one `zone` uses at that wall time (this is
// how the first or second 01:30 of a fall-back night is chosen). Throws
// tandem::Error(kInvalidArgument, field) for anything else.
SysSeconds ReadWallTime(std::string_view text, std::string_view zone, const char* field);

// `t` as a wall time in `zone` with its offset: "2027-01-12T09:00-06:00".
std::string FormatWallTime(SysSeconds t, std::string_view zone);
// The zone's abbreviation in force at `t` ("CST", "AEDT", "+0530" when the
// zone has none).
std::string ZoneAbbreviation(SysSeconds t, std::string_view zone);

// How a person reads instant `t` in `zone` ("" for UTC): "Tue 12 Jan 2027,
// 09:00 CST (America/Chicago)".
std::string DescribeInZone(SysSeconds t, std::string_view zone);

// Throws tandem::Error(kInvalidArgument, field) unless `zone` is an IANA zone
// name the system knows ("" is not).
void CheckZone(std::string_view zone, const char* field);

}  // namespace tandem::calendar
