// Request counters, latency histograms and connection gauges, rendered in the
// Prometheus text format 0.0.4. Internal to src/http/. Thread-safe; recording a
// request is a few atomic increments and one short mutex-protected map update.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tandem::http {

class Metrics {
 public:
  // `route_labels[i]` is the label of route id i (a pattern, "static", ...).
  explicit Metrics(std::vector<std::string> route_labels);
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one finished request of route id `route`.
  void Record(int route, std::string_view method, int status, double seconds);

  // tandem_http_requests_total, tandem_http_request_duration_seconds,
  // tandem_http_connections_open and tandem_http_requests_in_flight.
  std::string Render() const;

  std::atomic<std::int64_t> connections_open{0};
  std::atomic<std::int64_t> requests_in_flight{0};

  // Histogram bucket upper bounds in seconds (the +Inf bucket is implicit).
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Histogram {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_ns{0};
  };

  std::vector<std::string> labels_;
  std::vector<Histogram> histograms_;
  mutable std::mutex mutex_;
  // Key: route id << 32 | method index << 16 | status.
  std::unordered_map<std::uint64_t, std::uint64_t> counts_;
};

}  // namespace tandem::http
