#include "stats/reliability.h"

#include <cmath>
#include <limits>
#include <map>

#include "core/error.h"

namespace tandem::stats {
namespace {

double SampleVariance(const std::vector<double>& values) {
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += (v - mean) * (v - mean);
  return sum / static_cast<double>(values.size() - 1);
}

}  // namespace

double CronbachAlpha(const std::vector<std::vector<double>>& scores) {
  if (scores.size() < 2)
    throw InvalidArgument("Cronbach's alpha needs at least 2 respondents", "scores");
  const std::size_t k = scores[0].size();
  if (k < 2) throw InvalidArgument("Cronbach's alpha needs at least 2 items", "scores");
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (scores[i].size() != k) {
      throw InvalidArgument("respondent " + std::to_string(i + 1) + " has " +
                                std::to_string(scores[i].size()) + " item scores, expected " +
                                std::to_string(k),
                            "scores");
    }
  }
  double item_variances = 0;
  std::vector<double> column(scores.size()), totals(scores.size(), 0.0);
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t i = 0; i < scores.size(); ++i) {
      column[i] = scores[i][j];
      totals[i] += scores[i][j];
    }
    item_variances += SampleVariance(column);
  }
  const double total_variance = SampleVariance(totals);
  if (total_variance == 0) return std::numeric_limits<double>::quiet_NaN();
  const double kd = static_cast<double>(k);
  return kd / (kd - 1) * (1 - item_variances / total_variance);
}

KappaResult CohenKappa(const std::vector<std::string>& coder_a,
                       const std::vector<std::string>& coder_b) {
  if (coder_a.empty()) throw InvalidArgument("no coded items", "coder_a");
  if (coder_a.size() != coder_b.size()) {
    throw InvalidArgument("the two coders coded different numbers of items (" +
                              std::to_string(coder_a.size()) + " and " +
                              std::to_string(coder_b.size()) + ")",
                          "coder_b");
  }
  std::map<std::string, double> margin_a, margin_b;
  double agree = 0;
  for (std::size_t i = 0; i < coder_a.size(); ++i) {
    margin_a[coder_a[i]] += 1;
    margin_b[coder_b[i]] += 1;
    if (coder_a[i] == coder_b[i]) agree += 1;
  }
  const double n = static_cast<double>(coder_a.size());
  KappaResult result;
  result.n = static_cast<int>(coder_a.size());
  result.observed_agreement = agree / n;
  double expected = 0;
  for (const auto& [category, count] : margin_a) {
    const auto it = margin_b.find(category);
    if (it != margin_b.end()) expected += (count / n) * (it->second / n);
  }
  result.expected_agreement = expected;
  result.kappa = expected == 1 ? std::numeric_limits<double>::quiet_NaN()
                               : (result.observed_agreement - expected) / (1 - expected);
  const double po = result.observed_agreement;
  result.standard_error = expected == 1
                              ? std::numeric_limits<double>::quiet_NaN()
                              : std::sqrt(po * (1 - po) / (n * (1 - expected) * (1 - expected)));
  return result;
}

}  // namespace tandem::stats
