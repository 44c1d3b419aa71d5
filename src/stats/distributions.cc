#include "stats/distributions.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace tandem::stats {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double ChiSquareUpperTail(double statistic, double df) {
  if (std::isnan(statistic) || std::isnan(df)) return kNaN;
  if (statistic <= 0) return 1;
  if (std::isinf(statistic)) return 0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared(df), statistic));
}

double NormalLowerTail(double z) {
  if (std::isnan(z)) return kNaN;
  if (std::isinf(z)) return z < 0 ? 0 : 1;
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double NormalUpperTail(double z) { return NormalLowerTail(-z); }

double StudentTLowerTail(double t, double df) {
  if (std::isnan(t) || std::isnan(df) || !(df > 0)) return kNaN;
  if (std::isinf(t)) return t < 0 ? 0 : 1;
  return boost::math::cdf(boost::math::students_t(df), t);
}

double StudentTUpperTail(double t, double df) { return StudentTLowerTail(-t, df); }

}  // namespace tandem::stats
