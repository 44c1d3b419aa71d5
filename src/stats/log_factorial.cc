#include "stats/log_factorial.h"

#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

namespace tandem::stats {

double LogFactorial(std::int64_t n) {
  if (n < 2) return 0;
  return boost::math::lgamma(static_cast<double>(n) + 1);
}

double LogChoose(std::int64_t n, std::int64_t k) {
  return LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
}

std::vector<double> LogFactorialTable(std::int64_t n) {
  std::vector<double> table(static_cast<std::size_t>(n) + 1, 0.0);
  for (std::int64_t i = 2; i <= n; ++i) table[static_cast<std::size_t>(i)] = LogFactorial(i);
  return table;
}

void CompensatedSum::Add(double value) {
  const double t = sum_ + value;
  if (std::fabs(sum_) >= std::fabs(value)) {
    compensation_ += (sum_ - t) + value;
  } else {
    compensation_ += (value - t) + sum_;
  }
  sum_ = t;
}

}  // namespace tandem::stats
