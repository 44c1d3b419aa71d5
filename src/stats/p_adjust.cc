#include "stats/p_adjust.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "core/error.h"

namespace tandem::stats {
namespace {

void CheckPValues(const std::vector<double>& p_values) {
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!(p_values[i] >= 0 && p_values[i] <= 1)) {
      throw InvalidArgument("p-value " + std::to_string(i + 1) + " is not between 0 and 1",
                            "p_values");
    }
  }
}

// Indices of p sorted ascending; ties keep their input order (as R's order()).
std::vector<std::size_t> Order(const std::vector<double>& p) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return p[i] < p[j]; });
  return order;
}

}  // namespace

std::vector<double> HolmAdjust(const std::vector<double>& p_values) {
  CheckPValues(p_values);
  const std::size_t n = p_values.size();
  std::vector<double> adjusted(n);
  const std::vector<std::size_t> order = Order(p_values);
  double running_max = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double value = static_cast<double>(n - i) * p_values[order[i]];
    running_max = std::max(running_max, value);
    adjusted[order[i]] = std::min(1.0, running_max);
  }
  return adjusted;
}

std::vector<double> BenjaminiHochbergAdjust(const std::vector<double>& p_values) {
  CheckPValues(p_values);
  const std::size_t n = p_values.size();
  std::vector<double> adjusted(n);
  const std::vector<std::size_t> order = Order(p_values);
  double running_min = 1;
  for (std::size_t i = n; i-- > 0;) {
    const double value = static_cast<double>(n) / static_cast<double>(i + 1) * p_values[order[i]];
    running_min = std::min(running_min, value);
    adjusted[order[i]] = running_min;
  }
  return adjusted;
}

}  // namespace tandem::stats
