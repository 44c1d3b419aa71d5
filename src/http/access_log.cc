#include "http/access_log.h"

#include <time.h>

#include <fmt/format.h>

#include "core/error.h"
#include "core/text.h"

namespace tandem::http {
namespace {}  // namespace

AccessLog::AccessLog(const std::string& destination) {
  if (destination.empty()) return;
  if (destination == "-") {
    file_ = stderr;
    return;
  }
  file_ = std::fopen(destination.c_str(), "ae");
  if (file_ == nullptr) {
    throw Error(ErrorCode::kInvalidArgument, "cannot open access log " + destination, "access_log");
  }
  owned_ = true;
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

AccessLog::~AccessLog() {
  if (file_ == nullptr) return;
  std::fflush(file_);
  if (owned_) std::fclose(file_);
}

std::string AccessLog::Format(const AccessRecord& r) {
  fmt::memory_buffer out;
  auto since_epoch = r.time.time_since_epoch();
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  time_t t = static_cast<time_t>(seconds.count());
  struct tm tm;
  gmtime_r(&t, &tm);
  fmt::format_to(std::back_inserter(out),
                 "{{\"time\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"method\":",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                 static_cast<int>(millis.count()));
  out.append(JsonQuoted(r.method));
  fmt::format_to(std::back_inserter(out), ",\"route\":");
  out.append(JsonQuoted(r.route));
  fmt::format_to(std::back_inserter(out),
                 ",\"status\":{},\"duration_ms\":{:.3f},\"user_id\":", r.status, r.duration_ms);
  if (r.user_id) {
    fmt::format_to(std::back_inserter(out), "{}", *r.user_id);
  } else {
    fmt::format_to(std::back_inserter(out), "null");
  }
  fmt::format_to(std::back_inserter(out), ",\"bytes\":{}{}}}", r.bytes,
                 r.aborted ? ",\"aborted\":true" : "");
  return fmt::to_string(out);
}

void AccessLog::Write(const AccessRecord& record) {
  if (file_ == nullptr) return;
  std::string line = Format(record);
  line.push_back('\n');
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
}

void AccessLog::Flush() {
  if (file_ == nullptr) return;
  std::lock_guard lock(mutex_);
  std::fflush(file_);
}

}  // namespace tandem::http
