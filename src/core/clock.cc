#include "core/clock.h"

#include <date/date.h>

namespace tandem {

SysSeconds NowUtc() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string FormatUtc(SysSeconds t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string UtcTimestamp() { return FormatUtc(NowUtc()); }

}  // namespace tandem
