#include "calendar/local_time.h"

#include <date/tz.h>

#include <charconv>
#include <cstdio>

#include "core/error.h"

namespace tandem::calendar {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const date::time_zone* Zone(std::string_view name, const char* field = "time_zone") {
  try {
    return date::locate_zone(name.empty() ? std::string_view("UTC") : name);
  } catch (const std::exception&) {
    throw InvalidArgument("unknown time zone \"" + std::string(name) + "\"", field);
  }
}

std::string HourMinute(LocalSeconds t) {
  const auto day = date::floor<date::days>(t);
  const date::hh_mm_ss<seconds> hms(t - day);
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  return out;
}

std::string Day(LocalSeconds t) { return date::format("%F", date::floor<date::days>(t)); }

std::string Offset(seconds offset) {
  const int total = static_cast<int>(offset.count() / 60) % (24 * 60);
  const int a = total < 0 ? -total : total;
  char out[16];
  std::snprintf(out, sizeof out, "%c%02d:%02d", total < 0 ? '-' : '+', a / 60, a % 60);
  return out;
}

bool Digits(std::string_view text, size_t at, size_t n, int& value) {
  if (at + n > text.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data() + at, text.data() + at + n, value);
  return true;
}

}  // namespace

void CheckZone(std::string_view zone, const char* field) {
  if (zone.empty()) throw InvalidArgument("a time zone is required", field);
  Zone(zone, field);
}

SysSeconds LocalToUtc(std::string_view zone, LocalSeconds local) {
  const date::local_info info = Zone(zone)->get_info(local);
  if (info.result == date::local_info::nonexistent) return info.second.begin;
  return SysSeconds(local.time_since_epoch() - info.first.offset);
}

LocalSeconds UtcToLocal(std::string_view zone, SysSeconds t) {
  return LocalSeconds{t.time_since_epoch() + Zone(zone)->get_info(t).offset};
}

SysSeconds ExactLocalToUtc(std::string_view zone, LocalSeconds local, const char* field) {
  const date::local_info info = Zone(zone)->get_info(local);
  const std::string where = HourMinute(local) + " on " + Day(local) + " ";
  switch (info.result) {
    case date::local_info::unique:
      return SysSeconds(local.time_since_epoch() - info.first.offset);
    case date::local_info::nonexistent: {
      // The gap runs from the old offset's end to the new one's start, in local time.
      const LocalSeconds gap_start{info.second.begin.time_since_epoch() + info.first.offset};
      const LocalSeconds gap_end{info.second.begin.time_since_epoch() + info.second.offset};
      throw InvalidArgument(where + "does not exist in " + std::string(zone) + ": clocks go from " +
                                HourMinute(gap_start) + " to " + HourMinute(gap_end) +
                                " that night; choose a time before " + HourMinute(gap_start) +
                                " or from " + HourMinute(gap_end),
                            field);
    }
    case date::local_info::ambiguous:
    default:
      throw InvalidArgument(where + "happens twice in " + std::string(zone) +
                                " (clocks go back that night): say " + "which with its offset, " +
                                Day(local) + "T" + HourMinute(local) + Offset(info.first.offset) +
                                " (" + info.first.abbrev + ", the first) or " + Day(local) + "T" +
                                HourMinute(local) + Offset(info.second.offset) + " (" +
                                info.second.abbrev + ", the second)",
                            field);
  }
}

SysSeconds ReadWallTime(std::string_view text, std::string_view zone, const char* field) {
  const auto fail = [&] {
    return InvalidArgument("\"" + std::string(text) +
                               "\" is not a time of the form YYYY-MM-DDTHH:MM (a wall time in " +
                               std::string(zone.empty() ? "UTC" : zone) +
                               "), optionally with Z or an offset such as -05:00",
                           field);
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 16 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || !Digits(text, 0, 4, y) ||
      !Digits(text, 5, 2, mo) || !Digits(text, 8, 2, d) || !Digits(text, 11, 2, h) ||
      !Digits(text, 14, 2, mi)) {
    throw fail();
  }
  size_t at = 16;
  if (at < text.size() && text[at] == ':') {
    if (!Digits(text, at + 1, 2, s)) throw fail();
    at += 3;
  }
  const date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(mo)),
                                 date::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) throw fail();
  const LocalSeconds local =
      date::local_days(ymd) + std::chrono::hours(h) + minutes(mi) + seconds(s);
  const std::string_view rest = text.substr(at);
  if (rest.empty()) return ExactLocalToUtc(zone, local, field);
  seconds offset{0};
  if (rest != "Z") {
    int oh = 0, om = 0;
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' ||
        !Digits(rest, 1, 2, oh) || !Digits(rest, 4, 2, om) || oh > 18 || om > 59) {
      throw fail();
    }
    offset = (rest[0] == '-' ? -1 : 1) * (std::chrono::hours(oh) + minutes(om));
  }
  const SysSeconds instant{local.time_since_epoch() - offset};
  if (rest == "Z") return instant;
  // The offset must be the zone's at that moment: it picks one of a repeated hour.
  const date::sys_info info = Zone(zone)->get_info(instant);
  if (info.offset != offset) {
    throw InvalidArgument("\"" + std::string(text) + "\": " + std::string(zone) + " is at " +
                              Offset(info.offset) + " then, not " + Offset(offset),
                          field);
  }
  return instant;
}

std::string FormatWallTime(SysSeconds t, std::string_view zone) {
  const date::sys_info info = Zone(zone)->get_info(t);
  const LocalSeconds local{t.time_since_epoch() + info.offset};
  return Day(local) + "T" + HourMinute(local) + Offset(info.offset);
}

std::string ZoneAbbreviation(SysSeconds t, std::string_view zone) {
  return Zone(zone)->get_info(t).abbrev;
}

std::string DescribeInZone(SysSeconds t, std::string_view zone) {
  const std::string z = zone.empty() ? "UTC" : std::string(zone);
  const LocalSeconds local = UtcToLocal(z, t);
  return date::format("%a %d %b %Y, %H:%M ", date::floor<std::chrono::minutes>(local)) +
         ZoneAbbreviation(t, z) + " (" + z + ")";
}

}  // namespace tandem::calendar
