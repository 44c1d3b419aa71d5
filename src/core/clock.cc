#include "core/clock.h"

#include <date/date.h>

#include <sstream>

namespace tandem {

SysSeconds SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

SysSeconds MovableClock::Now() const { return SystemClock().Now() + offset(); }

void MovableClock::Advance(std::chrono::seconds by) {
  if (by.count() > 0) offset_ += by.count();
}

void MovableClock::AdvanceTo(SysSeconds t) { Advance(t - Now()); }

const Clock& WallClock() {
  static const SystemClock clock;
  return clock;
}

std::string FormatUtc(SysSeconds t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string FormatUtcDate(SysSeconds t) { return date::format("%Y-%m-%d", t); }

std::optional<SysSeconds> ParseUtc(std::string_view text) {
  if (text.size() != 20 || text[19] != 'Z') return std::nullopt;
  std::istringstream in{std::string(text)};
  SysSeconds t;
  in >> date::parse("%Y-%m-%dT%H:%M:%SZ", t);
  if (in.fail()) return std::nullopt;
  return t;
}

}  // namespace tandem
