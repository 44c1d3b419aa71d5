#include "core/clock.h"

#include <date/date.h>

#include <string>

namespace tandem {

SysSeconds SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

MovableClock::MovableClock(SysSeconds start) : offset_((start - SystemClock().Now()).count()) {}

SysSeconds MovableClock::Now() const { return SystemClock().Now() + offset(); }

void MovableClock::Advance(std::chrono::seconds by) {
  if (by.count() > 0) offset_ += by.count();
}

void MovableClock::AdvanceTo(SysSeconds t) { Advance(t - Now()); }

void MovableClock::CatchUp() {
  long long behind = offset_.load();
  while (behind < 0 && !offset_.compare_exchange_weak(behind, 0)) {
  }
}

const Clock& WallClock() {
  static const SystemClock clock;
  return clock;
}

std::string FormatUtc(SysSeconds t) {
  // By hand, digit by digit: every transaction formats its "now" (snprintf
  // alone cost 3,500 instructions a request).
  const date::sys_days day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const long long seconds = (t - day).count();
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    return date::format("%Y-%m-%dT%H:%M:%SZ", t);  // outside what four digits hold
  }
  std::string text = "0000-00-00T00:00:00Z";
  const auto put = [&text](std::size_t at, long long value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10)
      text[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, seconds / 3600, 2);
  put(14, seconds / 60 % 60, 2);
  put(17, seconds % 60, 2);
  return text;
}

std::string FormatUtcDate(SysSeconds t) { return date::format("%Y-%m-%d", t); }

std::optional<SysSeconds> ParseUtc(std::string_view text) {
  // "YYYY-MM-DDTHH:MM:SSZ", read by hand: sessions' expiry is read on every
  // uncached sign-in check.
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return std::nullopt;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
  }
  const auto number = [&](size_t at, size_t digits) {
    int n = 0;
    for (size_t i = at; i < at + digits; ++i) n = n * 10 + (text[i] - '0');
    return n;
  };
  const date::year_month_day day{date::year{number(0, 4)},
                                 date::month{static_cast<unsigned>(number(5, 2))},
                                 date::day{static_cast<unsigned>(number(8, 2))}};
  const int h = number(11, 2), m = number(14, 2), s = number(17, 2);
  if (!day.ok() || h > 23 || m > 59 || s > 59) return std::nullopt;
  return SysSeconds(date::sys_days(day)) + std::chrono::hours(h) + std::chrono::minutes(m) +
         std::chrono::seconds(s);
}

}  // namespace tandem
