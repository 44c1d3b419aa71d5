#include "http/metrics.h"

#include <fmt/format.h>
#include <algorithm>
#include <map>

namespace tandem::http {
namespace {

constexpr std::string_view kMethods[] = {"GET",    "HEAD",    "POST",  "PUT",
                                         "DELETE", "OPTIONS", "PATCH", "other"};

std::uint64_t MethodIndex(std::string_view method) {
  for (std::uint64_t i = 0; i + 1 < std::size(kMethods); ++i) {
    if (kMethods[i] == method) return i;
  }
  return std::size(kMethods) - 1;
}

// Escapes a label value: backslash, double quote and newline.
std::string Escape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Metrics::Metrics(std::vector<std::string> route_labels)
    : labels_(std::move(route_labels)), histograms_(labels_.size()) {}

void Metrics::Record(int route, std::string_view method, int status, double seconds) {
  if (route < 0 || static_cast<std::size_t>(route) >= histograms_.size()) return;
  Histogram& h = histograms_[static_cast<std::size_t>(route)];
  std::size_t bucket = static_cast<std::size_t>(
      std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin());
  h.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  h.count.fetch_add(1, std::memory_order_relaxed);
  h.sum_ns.fetch_add(static_cast<std::uint64_t>(std::max(0.0, seconds) * 1e9),
                     std::memory_order_relaxed);
  std::uint64_t key = (static_cast<std::uint64_t>(route) << 32) | (MethodIndex(method) << 16) |
                      static_cast<std::uint64_t>(status & 0xffff);
  std::lock_guard lock(mutex_);
  ++counts_[key];
}

std::string Metrics::Render() const {
  fmt::memory_buffer out;
  auto append = [&out](std::string_view text) {
    out.append(text.data(), text.data() + text.size());
  };
  std::map<std::uint64_t, std::uint64_t> counts;  // sorted for a stable output
  {
    std::lock_guard lock(mutex_);
    counts.insert(counts_.begin(), counts_.end());
  }
  append("# HELP tandem_http_requests_total HTTP requests answered.\n");
  append("# TYPE tandem_http_requests_total counter\n");
  for (const auto& [key, count] : counts) {
    std::size_t route = key >> 32;
    std::size_t method = (key >> 16) & 0xffff;
    unsigned status = key & 0xffff;
    fmt::format_to(std::back_inserter(out),
                   "tandem_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                   Escape(labels_[route]), kMethods[method], status, count);
  }
  append(
      "# HELP tandem_http_request_duration_seconds Time from a request's first byte to "
      "its response written.\n");
  append("# TYPE tandem_http_request_duration_seconds histogram\n");
  for (std::size_t r = 0; r < histograms_.size(); ++r) {
    const Histogram& h = histograms_[r];
    std::uint64_t total = h.count.load(std::memory_order_relaxed);
    if (total == 0) continue;
    std::string label = Escape(labels_[r]);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += h.buckets[b].load(std::memory_order_relaxed);
      fmt::format_to(std::back_inserter(out),
                     "tandem_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                     label, kBuckets[b], cumulative);
    }
    cumulative += h.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    fmt::format_to(std::back_inserter(out),
                   "tandem_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                   label, cumulative);
    fmt::format_to(std::back_inserter(out),
                   "tandem_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", label,
                   static_cast<double>(h.sum_ns.load(std::memory_order_relaxed)) / 1e9);
    fmt::format_to(std::back_inserter(out),
                   "tandem_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label,
                   cumulative);
  }
  append("# HELP tandem_http_connections_open Client connections open now.\n");
  append("# TYPE tandem_http_connections_open gauge\n");
  fmt::format_to(std::back_inserter(out), "tandem_http_connections_open {}\n",
                 connections_open.load(std::memory_order_relaxed));
  append("# HELP tandem_http_requests_in_flight Requests being read, handled or written now.\n");
  append("# TYPE tandem_http_requests_in_flight gauge\n");
  fmt::format_to(std::back_inserter(out), "tandem_http_requests_in_flight {}\n",
                 requests_in_flight.load(std::memory_order_relaxed));
  return fmt::to_string(out);
}

}  // namespace tandem::http
