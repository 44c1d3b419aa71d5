// Scale reliability and inter-rater agreement.
#pragma once

#include <string>
#include <vector>

namespace tandem::stats {

// Cronbach's alpha of a scale: `scores[i][j]` is respondent i's score on item
// j. alpha = k / (k - 1) * (1 - sum of item variances / variance of the
// totals), sample variances. Needs at least 2 respondents and 2 items, every
// row the same length; throws tandem::Error(kInvalidArgument) otherwise.
// NaN when the totals do not vary.
double CronbachAlpha(const std::vector<std::vector<double>>& scores);

struct KappaResult {
  double kappa = 0;
  double observed_agreement = 0;  // share of items both coders put in the same category
  double expected_agreement = 0;  // agreement expected by chance from the marginals
  int n = 0;
  // Cohen's (1960) large-sample standard error,
  // sqrt(po (1 - po) / (n (1 - pe)^2)); NaN with kappa.
  double standard_error = 0;
};

// Cohen's (unweighted) kappa of two coders' categories for the same items:
// (observed - expected) / (1 - expected). The vectors must have the same,
// non-zero length; throws tandem::Error(kInvalidArgument) otherwise. NaN when
// the expected agreement is 1 (both coders used one and the same category).
KappaResult CohenKappa(const std::vector<std::string>& coder_a,
                       const std::vector<std::string>& coder_b);

}  // namespace tandem::stats
