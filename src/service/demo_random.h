// Internal to the demo (service/demo.cc, service/demo_year.cc): the random
// source every generated name, profile and program event comes from, so that
// the same seed always gives the same data on every platform.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace tandem::service {

// Deterministic across platforms: only the raw engine output is used (no
// std::uniform_int_distribution, whose results differ between libraries).
class DemoRng {
 public:
  explicit DemoRng(std::uint64_t seed) : engine_(seed) {}
  // 0 .. n-1 (n > 0).
  int Below(int n) { return static_cast<int>(engine_() % static_cast<std::uint64_t>(n)); }
  // True `percent` times in a hundred.
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(static_cast<int>(items.size()))];
  }
  // `count` distinct items in random order.
  template <typename T>
  std::vector<T> Sample(std::vector<T> items, int count) {
    for (int i = 0; i < count && i < static_cast<int>(items.size()); ++i) {
      std::swap(items[i], items[i + Below(static_cast<int>(items.size()) - i)]);
    }
    items.resize(std::min<size_t>(items.size(), count));
    return items;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace tandem::service
