// The JSON-lines access log: one line per request with the route pattern,
// never the raw path, query string, body or cookies. Internal to src/http/.
// Thread-safe: lines are appended to one buffered FILE under a mutex and
// flushed by Flush() (the server calls it every second and on shutdown).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::http {

struct AccessRecord {
  std::chrono::system_clock::time_point time;  // when the request started
  std::string_view method;
  std::string_view route;  // the matched pattern, "static" or "unmatched"
  int status = 0;
  double duration_ms = 0;
  std::optional<std::int64_t> user_id;
  std::uint64_t bytes = 0;  // response body bytes
  bool aborted = false;     // the response could not be sent whole (client gone)
};

class AccessLog {
 public:
  // `destination`: "-" for stderr, a file path (appended to), or empty for no
  // log. Throws tandem::Error(kInvalidArgument) when the file cannot be opened.
  explicit AccessLog(const std::string& destination);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  bool enabled() const { return file_ != nullptr; }
  // {"time":"2026-01-02T03:04:05.678Z","method":"GET","route":"/api/v1/pairs/{id}",
  //  "status":200,"duration_ms":1.234,"user_id":7,"bytes":512}, and
  //  "aborted":true at the end when the response was cut off
  void Write(const AccessRecord& record);
  void Flush();

  // The line Write() appends, without the newline (exposed for tests).
  static std::string Format(const AccessRecord& record);

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  bool owned_ = false;
};

}  // namespace tandem::http
