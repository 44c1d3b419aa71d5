// Rank-based tests for ordinal answers (Likert items), computed as R's
// wilcox.test, kruskal.test and cor.test(method = "spearman").
#pragma once

#include <vector>

#include "stats/alternative.h"

namespace tandem::stats {

// Ranks of `values` (1-based), ties getting the average of the ranks they
// span, as R's rank(). NaN values are not allowed.
std::vector<double> AverageRanks(const std::vector<double>& values);

// How a p-value of a Wilcoxon test is computed.
enum class PValueMethod {
  kAuto,    // exact when there are no ties (or zeros) and the samples are small, as R
  kExact,   // exact when there are no ties (or zeros); otherwise the normal approximation
  kNormal,  // always the normal approximation
};

struct WilcoxonOptions {
  Alternative alternative = Alternative::kTwoSided;
  PValueMethod method = PValueMethod::kAuto;
  // Continuity correction of the normal approximation.
  bool continuity_correction = true;
};

struct RankTestResult {
  // W (rank sum) or V (signed rank) statistic, as R reports it.
  double statistic = 0;
  double p_value = 1;
  bool exact = false;
  // Number of observations used (after dropping zero differences).
  int n = 0;
};

// Wilcoxon rank-sum test (Mann-Whitney U) of `x` against `y`. The statistic is
// W = sum of the ranks of x - n_x (n_x + 1) / 2. The exact p-value (kAuto:
// both samples smaller than 50 and no ties) comes from the exact null
// distribution; otherwise the normal approximation with tie and continuity
// corrections. Both samples must be non-empty and hold no NaN; throws
// tandem::Error(kInvalidArgument) otherwise. When every value is tied the
// p-value is NaN (as in R).
RankTestResult WilcoxonRankSum(const std::vector<double>& x, const std::vector<double>& y,
                               const WilcoxonOptions& options = {});

// Wilcoxon signed-rank test for paired answers: the differences after -
// before (`after[i] - before[i]`, zero differences dropped). V is the sum of
// the ranks of the positive differences. Exact (kAuto) for fewer than 50
// non-zero differences without ties or zeros; otherwise the normal
// approximation. The vectors must have the same, non-zero length; throws
// tandem::Error(kInvalidArgument) otherwise. The alternative "greater" means
// `after` tends to be larger than `before`.
RankTestResult WilcoxonSignedRank(const std::vector<double>& before,
                                  const std::vector<double>& after,
                                  const WilcoxonOptions& options = {});

struct KruskalWallisResult {
  double statistic = 0;  // tie-corrected H
  double df = 0;
  double p_value = 1;
};

// Kruskal-Wallis rank-sum test of k >= 2 groups; the p-value is from the
// chi-square distribution with k - 1 degrees of freedom. Every group must be
// non-empty; throws tandem::Error(kInvalidArgument) otherwise.
KruskalWallisResult KruskalWallis(const std::vector<std::vector<double>>& groups);

struct SpearmanResult {
  double rho = 0;
  double statistic = 0;  // S = (n^3 - n) (1 - rho) / 6
  double p_value = 1;
  bool exact = false;
};

// Spearman's rank correlation of paired values with its p-value, as R's
// cor.test: without ties and n <= 1290 by algorithm AS 89 (exact enumeration
// for n <= 9, an Edgeworth series beyond), otherwise from Student's t with
// n - 2 degrees of freedom. Needs n >= 3 pairs of equal length; throws
// tandem::Error(kInvalidArgument) otherwise. When one variable is constant
// rho and the p-value are NaN.
SpearmanResult SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y,
                                   Alternative alternative = Alternative::kTwoSided);

}  // namespace tandem::stats
