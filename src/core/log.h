// The process's one log, for whoever runs Tandem: failures (a handler's
// exception, a job that failed, the database away) and what background work
// did. One JSON line per event on standard error, through one spdlog logger:
//   {"time":"2026-12-05T14:03:07.123Z","level":"error","component":"http",
//    "message":"...","route":"/api/v1/pairs/{id}"}
// Requests have their own access log (http/access_log.h). Thread-safe.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

namespace tandem {

enum class LogLevel { kInfo, kWarning, kError };

// Logs `message` from `component` ("http", "jobs", ...) with extra string
// `fields` (name, value). Never throws.
void Log(LogLevel level, std::string_view component, std::string_view message,
         std::initializer_list<std::pair<std::string_view, std::string_view>> fields = {});

}  // namespace tandem
