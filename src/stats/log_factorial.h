// Log-space factorials and binomial coefficients shared by the exact tests.
// Internal to src/stats/.
#pragma once

#include <cstdint>
#include <vector>

namespace tandem::stats {

// log(n!) for n >= 0, from Boost.Math's lgamma (accurate to a few ulps and
// thread-safe, unlike std::lgamma which writes the global signgam).
double LogFactorial(std::int64_t n);

// log(n choose k) for 0 <= k <= n.
double LogChoose(std::int64_t n, std::int64_t k);

// Table of log(i!) for i = 0..n, for inner loops.
std::vector<double> LogFactorialTable(std::int64_t n);

// Sum of doubles with Neumaier's compensation: the error does not grow with
// the number of terms.
class CompensatedSum {
 public:
  void Add(double value);
  double Total() const { return sum_ + compensation_; }

 private:
  double sum_ = 0;
  double compensation_ = 0;
};

}  // namespace tandem::stats
