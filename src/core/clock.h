// Time for all of Tandem: one injected Clock, UTC in whole seconds, and the
// text form stored everywhere ("2026-11-23T10:00:00Z"). No code outside
// clock.cc reads the system clock for "now": the store takes it from the
// Database's clock (one "now" per transaction), the jobs and services from
// the same. Tests move time with MovableClock.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

using SysSeconds = std::chrono::sys_seconds;

// Where "now" comes from. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Now in UTC, truncated to whole seconds.
  virtual SysSeconds Now() const = 0;
};

// The system's wall clock.
class SystemClock final : public Clock {
 public:
  SysSeconds Now() const override;
};

// The wall clock moved by an offset that only tests and the demo set: time
// goes on passing, and Advance() jumps it forward ("advance 31 days") for
// everything that reads this clock. Thread-safe.
class MovableClock final : public Clock {
 public:
  // Reads the wall clock's time.
  MovableClock() = default;
  // Reads `start` now (it may be in the past: the demo replays a past year
  // in order) and runs on from there.
  explicit MovableClock(SysSeconds start);
  SysSeconds Now() const override;
  // Moves now forward by `by` (not backward: a negative `by` is ignored, so
  // nothing ever sees time run back).
  void Advance(std::chrono::seconds by);
  // Moves now to `t` when `t` is later than now.
  void AdvanceTo(SysSeconds t);
  // Moves now to the wall clock's time when it is behind it.
  void CatchUp();
  // How far this clock is ahead of the wall clock (negative: behind it).
  std::chrono::seconds offset() const { return std::chrono::seconds(offset_.load()); }

 private:
  std::atomic<long long> offset_{0};
};

// The process-wide wall clock, for what has no Database (command-line output).
const Clock& WallClock();

// ISO 8601 UTC with a Z suffix: "2026-11-23T10:00:00Z".
std::string FormatUtc(SysSeconds t);
// Parses FormatUtc's form; nullopt when malformed.
std::optional<SysSeconds> ParseUtc(std::string_view text);
// The UTC date of `t`: "2026-11-23".
std::string FormatUtcDate(SysSeconds t);

}  // namespace tandem
