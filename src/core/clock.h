// Wall-clock time in UTC, as stored everywhere ("2026-11-23T10:00:00Z").
#pragma once

#include <chrono>
#include <string>

namespace tandem {

using SysSeconds = std::chrono::sys_seconds;

// Now, truncated to whole seconds.
SysSeconds NowUtc();
// ISO 8601 UTC with a Z suffix: "2026-11-23T10:00:00Z".
std::string FormatUtc(SysSeconds t);
// FormatUtc(NowUtc()).
std::string UtcTimestamp();

}  // namespace tandem
