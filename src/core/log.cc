#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "core/text.h"

namespace tandem {
namespace {

spdlog::logger& Logger() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto made = std::make_shared<spdlog::logger>("tandem",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
    // Time and level from spdlog; the rest of the object is the message.
    made->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                      spdlog::pattern_time_type::utc);
    made->set_level(spdlog::level::info);
    made->flush_on(spdlog::level::info);
    return made;
  }();
  return *logger;
}

}  // namespace

void Log(LogLevel level, std::string_view component, std::string_view message,
         std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  try {
    std::string rest =
        "\"component\":" + JsonQuoted(component) + ",\"message\":" + JsonQuoted(message);
    for (const auto& [name, value] : fields) {
      rest += "," + JsonQuoted(name) + ":" + JsonQuoted(value);
    }
    const auto spd = level == LogLevel::kError     ? spdlog::level::err
                     : level == LogLevel::kWarning ? spdlog::level::warn
                                                   : spdlog::level::info;
    Logger().log(spd, "{}", rest);
  } catch (...) {
    // Logging must never take down what it reports on.
  }
}

}  // namespace tandem
