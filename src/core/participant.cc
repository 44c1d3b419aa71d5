#include "core/participant.h"

#include <array>
#include <cctype>
#include <cstdio>

#include "core/error.h"
#include "core/text.h"

namespace tandem {
namespace {

constexpr std::array<std::string_view, 7> kDayAbbrev = {"Mon", "Tue", "Wed", "Thu",
                                                        "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kDayFull = {"monday", "tuesday",  "wednesday", "thursday",
                                                      "friday", "saturday", "sunday"};
constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

int ParseDay(std::string_view word) {
  const std::string lower = ToLower(word);
  for (int d = 0; d < 7; ++d) {
    if (lower == ToLower(kDayAbbrev[d]) || lower == kDayFull[d]) return d;
  }
  return -1;
}

// "HH:MM" -> minutes after midnight (24:00 allowed as 1440); -1 when malformed.
int ParseClock(std::string_view text) {
  text = Trim(text);
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() - colon != 3) {
    return -1;
  }
  int h = 0;
  int m = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == colon) continue;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
  }
  for (size_t i = 0; i < colon; ++i) h = h * 10 + (text[i] - '0');
  m = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kMentor:
      return "mentor";
    case Role::kMentee:
      return "mentee";
    case Role::kCoordinator:
      return "coordinator";
    case Role::kEvaluator:
      return "evaluator";
  }
  return "mentee";
}

std::optional<Role> ParseRole(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (Role r : {Role::kMentor, Role::kMentee, Role::kCoordinator, Role::kEvaluator}) {
    if (lower == RoleName(r)) return r;
  }
  return std::nullopt;
}

std::vector<WeeklyWindow> ParseAvailability(std::string_view text) {
  std::vector<WeeklyWindow> windows;
  for (const std::string& part : SplitList(text, ';')) {
    const auto fail = [&](const std::string& why) {
      return InvalidArgument("\"" + part + "\": " + why + " (expected e.g. \"Mon 18:00-20:00\")");
    };
    const size_t space = part.find_first_of(" \t");
    if (space == std::string::npos) throw fail("missing day or times");
    const int day = ParseDay(std::string_view(part).substr(0, space));
    if (day < 0) throw fail("unknown day");
    const std::string_view range = Trim(std::string_view(part).substr(space + 1));
    const size_t dash = range.find('-');
    if (dash == std::string_view::npos) throw fail("missing '-' between start and end");
    const int start = ParseClock(range.substr(0, dash));
    const int end = ParseClock(range.substr(dash + 1));
    if (start < 0 || start == kMinutesPerDay) throw fail("bad start time");
    if (end < 0) throw fail("bad end time");
    if (end == start) throw fail("window is empty");
    const int minutes = end > start ? end - start : end + kMinutesPerDay - start;
    windows.push_back({day * kMinutesPerDay + start, minutes});
  }
  return windows;
}

std::string FormatAvailability(const std::vector<WeeklyWindow>& windows) {
  std::string out;
  for (const WeeklyWindow& w : windows) {
    if (!out.empty()) out += ';';
    const int start = ((w.start % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek;
    const int day = start / kMinutesPerDay;
    const int from = start % kMinutesPerDay;
    int to = from + w.minutes;
    if (to > kMinutesPerDay) to -= kMinutesPerDay;  // runs past midnight
    char buf[32];
    std::snprintf(buf, sizeof buf, " %02d:%02d-%02d:%02d", from / 60, from % 60, to / 60, to % 60);
    out += kDayAbbrev[day];
    out += buf;
  }
  return out;
}

std::string CanonicalTag(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : Trim(text)) {
    if (c == ' ' || c == '_' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace tandem
