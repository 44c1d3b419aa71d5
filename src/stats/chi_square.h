// Pearson's chi-square test of independence and McNemar's test of symmetry,
// as R's chisq.test and mcnemar.test.
#pragma once

#include <vector>

#include "stats/fisher.h"

namespace tandem::stats {

struct ChiSquareResult {
  double statistic = 0;
  double df = 0;
  double p_value = 1;
  // Expected counts under independence, row total * column total / n.
  std::vector<std::vector<double>> expected;
  // Number of cells with an expected count below 5, and the smallest
  // expected count: when any is below 5 the chi-square approximation may be
  // poor and Fisher's exact test is the better choice.
  int cells_below_five = 0;
  double min_expected = 0;
  // True when Yates' continuity correction was applied (2x2 only, and only
  // when some |observed - expected| is positive, as R).
  bool yates_applied = false;
};

// Pearson's chi-square test of independence on an r x c table (at least
// 2 x 2). With `yates` a 2x2 table gets the continuity correction
// min(0.5, |O - E|). Throws tandem::Error(kInvalidArgument) for a malformed
// table or one whose total is zero. A row or column of zeros gives an
// expected count of zero and a NaN statistic, as in R.
ChiSquareResult ChiSquareTest(const CountTable& table, bool yates = false);

struct McNemarResult {
  double statistic = 0;
  double df = 0;
  double p_value = 1;
  bool correction_applied = false;
};

// McNemar's test on a square k x k table of paired answers (rows: before,
// columns: after). With `correct` a 2x2 table gets the continuity correction
// (|b - c| - 1)^2 / (b + c). Throws tandem::Error(kInvalidArgument) for a
// table that is not square. When b + c = 0 the statistic is NaN (as R).
McNemarResult McNemarTest(const CountTable& table, bool correct = true);

}  // namespace tandem::stats
