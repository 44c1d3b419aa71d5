#include "stats/proportion.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <string>

#include "core/error.h"

namespace tandem::stats {

ProportionEstimate EstimateProportion(std::int64_t successes, std::int64_t n, double conf_level) {
  if (n < 1) throw InvalidArgument("n must be at least 1 (got " + std::to_string(n) + ")", "n");
  if (successes < 0 || successes > n) {
    throw InvalidArgument("successes must lie between 0 and n = " + std::to_string(n) + " (got " +
                              std::to_string(successes) + ")",
                          "successes");
  }
  if (!(conf_level > 0 && conf_level < 1)) {
    throw InvalidArgument("the confidence level must lie strictly between 0 and 1", "conf_level");
  }
  ProportionEstimate result;
  result.successes = successes;
  result.n = n;
  const double k = static_cast<double>(successes);
  const double size = static_cast<double>(n);
  const double p = k / size;
  result.estimate = p;

  // Wilson score interval, written as R's prop.test writes it.
  const double z = boost::math::quantile(boost::math::normal(), (1 + conf_level) / 2);
  const double z22n = z * z / (2 * size);
  const double half = z * std::sqrt(p * (1 - p) / size + z22n / (2 * size));
  const double upper = p >= 1 ? 1 : (p + z22n + half) / (1 + 2 * z22n);
  const double lower = p <= 0 ? 0 : (p + z22n - half) / (1 + 2 * z22n);
  result.wilson = {std::max(lower, 0.0), std::min(upper, 1.0)};

  // Clopper-Pearson from beta quantiles.
  const double alpha = (1 - conf_level) / 2;
  result.clopper_pearson.lower =
      successes == 0
          ? 0
          : boost::math::quantile(boost::math::beta_distribution<>(k, size - k + 1), alpha);
  result.clopper_pearson.upper =
      successes == n
          ? 1
          : boost::math::quantile(boost::math::beta_distribution<>(k + 1, size - k), 1 - alpha);
  return result;
}

}  // namespace tandem::stats
