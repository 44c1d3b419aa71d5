// Shared vocabulary of the statistics engine: the alternative hypothesis of a
// test and a confidence interval.
#pragma once

#include <string_view>

namespace tandem::stats {

// The alternative hypothesis. For tests on a 2x2 table "less" means an odds
// ratio below one; for location tests "less" means the first sample lies
// lower than the second (as in R).
enum class Alternative { kTwoSided, kLess, kGreater };

// "two-sided", "less" or "greater".
std::string_view AlternativeName(Alternative alternative);

// A closed confidence interval. Either end may be infinite (for example the
// upper end of an odds ratio interval when a cell is zero).
struct Interval {
  double lower = 0;
  double upper = 0;
};

}  // namespace tandem::stats
