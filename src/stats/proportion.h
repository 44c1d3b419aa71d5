// A proportion (for example pairs completing, 33 of 35) with its confidence
// intervals.
#pragma once

#include <cstdint>

#include "stats/alternative.h"

namespace tandem::stats {

struct ProportionEstimate {
  std::int64_t successes = 0;
  std::int64_t n = 0;
  double estimate = 0;  // successes / n
  // Wilson score interval (R: prop.test(k, n, correct = FALSE)$conf.int).
  Interval wilson;
  // Exact Clopper-Pearson interval (R: binom.test(k, n)$conf.int).
  Interval clopper_pearson;
};

// Two-sided intervals at `conf_level`. Requires 0 <= successes <= n, n >= 1
// and 0 < conf_level < 1; throws tandem::Error(kInvalidArgument) naming the
// field otherwise. Pure and thread-safe.
ProportionEstimate EstimateProportion(std::int64_t successes, std::int64_t n,
                                      double conf_level = 0.95);

}  // namespace tandem::stats
