// Fisher's exact test on 2x2 tables (with the conditional maximum-likelihood
// odds ratio and its exact confidence interval) and on r x c tables
// (Freeman-Halton), computed as R's fisher.test computes them.
#pragma once

#include <cstdint>
#include <vector>

#include "stats/alternative.h"

namespace tandem::stats {

// A table of counts: counts[row][column]. Every row has the same length.
using CountTable = std::vector<std::vector<std::int64_t>>;

// Checks that `table` has at least `min_rows` rows and `min_cols` columns,
// that it is rectangular and that no count is negative. Throws
// tandem::Error(kInvalidArgument) naming the offending cell otherwise.
void ValidateCountTable(const CountTable& table, int min_rows, int min_cols);

struct Fisher2x2Result {
  // Two-sided: the total probability of the tables (margins fixed) no more
  // likely than the observed one, with R's relative tolerance 1 + 1e-7.
  // One-sided: the hypergeometric tail in the direction of the alternative.
  double p_value = 1;
  // Conditional maximum-likelihood estimate of the odds ratio: 0 or infinity
  // when the observed cell is at the end of its range.
  double odds_ratio = 1;
  // Exact conditional confidence interval for the odds ratio; one-sided
  // alternatives give [0, U] (less) or [L, inf) (greater).
  Interval conf_int;
};

// Fisher's exact test for the table [[a, b], [c, d]] (rows: groups, columns:
// outcome yes / no). `conf_level` must lie in (0, 1). Throws
// tandem::Error(kInvalidArgument) for a negative count or a bad confidence
// level. Works in log space; totals in the millions do not overflow. Pure and
// thread-safe.
Fisher2x2Result FisherExact2x2(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d,
                               Alternative alternative = Alternative::kTwoSided,
                               double conf_level = 0.95);

struct FisherRxCOptions {
  // Largest number of tables the exact enumeration may visit before it gives
  // up and the p-value is simulated instead.
  std::int64_t max_exact_tables = 20'000'000;
  // Replicates and seed of the Monte Carlo p-value.
  std::int64_t replicates = 100'000;
  std::uint64_t seed = 20240607;
  // Simulate even when the exact enumeration would be small enough.
  bool force_monte_carlo = false;
};

struct FisherRxCResult {
  // Exact: the total probability of the tables with the observed margins that
  // are no more likely than the observed table (relative tolerance 1e-7).
  // Simulated: (1 + number of random tables no more likely) / (replicates + 1),
  // as R's simulate.p.value; its Monte Carlo standard error is about
  // sqrt(p (1 - p) / replicates).
  double p_value = 1;
  bool simulated = false;
  std::int64_t replicates = 0;  // 0 when exact
  std::int64_t tables_enumerated = 0;
};

// Freeman-Halton extension of Fisher's exact test to an r x c table (at least
// 2 x 2; a 2 x 2 table gives the same p-value as FisherExact2x2's two-sided
// test). Rows and columns whose total is zero are dropped; a table left with
// fewer than two rows or columns has p-value 1. Enumerates every table with
// the observed margins, and falls back to a seeded Monte Carlo when more than
// options.max_exact_tables would be needed. Deterministic for the same input
// and options. Throws tandem::Error(kInvalidArgument) for a malformed table.
FisherRxCResult FisherExactRxC(const CountTable& table, const FisherRxCOptions& options = {});

}  // namespace tandem::stats
