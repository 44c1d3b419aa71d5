#include "stats/rank_tests.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <string>

#include "core/error.h"
#include "stats/distributions.h"
#include "stats/log_factorial.h"

namespace tandem::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void CheckSample(const std::vector<double>& values, const std::string& name) {
  if (values.empty()) throw InvalidArgument("the sample '" + name + "' is empty", name);
  for (double v : values) {
    if (std::isnan(v)) throw InvalidArgument("the sample '" + name + "' holds NaN", name);
  }
}

// Sum over groups of tied values of (t^3 - t).
double TieCorrection(const std::vector<double>& values) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  double total = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const double t = static_cast<double>(j - i);
    total += t * t * t - t;
    i = j;
  }
  return total;
}

bool HasTies(const std::vector<double>& values) { return TieCorrection(values) > 0; }

// A symmetric discrete null distribution on 0..max given by counts of its
// lower half (0..floor(max / 2)); P(X <= q) and P(X >= q) are summed over the
// shorter side, as R's pwilcox and psignrank.
class SymmetricCounts {
 public:
  SymmetricCounts(std::vector<double> lower_counts, std::int64_t max)
      : counts_(std::move(lower_counts)), max_(max) {
    CompensatedSum total;
    for (std::int64_t u = 0; u <= max_; ++u) total.Add(Count(u));
    total_ = total.Total();
  }

  // P(X <= q).
  double Cdf(double q) const {
    const std::int64_t k = static_cast<std::int64_t>(std::floor(q + 1e-7));
    if (k < 0) return 0;
    if (k >= max_) return 1;
    if (2 * k <= max_) return SumUpTo(k) / total_;
    return 1 - SumUpTo(max_ - k - 1) / total_;
  }
  // P(X >= q) = P(X <= max - q) by symmetry.
  double UpperFrom(double q) const { return Cdf(static_cast<double>(max_) - q); }

 private:
  double Count(std::int64_t u) const {
    const std::int64_t v = 2 * u <= max_ ? u : max_ - u;
    return counts_[static_cast<std::size_t>(v)];
  }
  double SumUpTo(std::int64_t k) const {
    CompensatedSum sum;
    for (std::int64_t u = 0; u <= k; ++u) sum.Add(Count(u));
    return sum.Total();
  }

  std::vector<double> counts_;
  std::int64_t max_;
  double total_ = 1;
};

// Null distribution of U for samples of sizes m and n: the coefficients of
// the Gaussian binomial [m + n choose m]_q, built with
// [N, j] = [N - 1, j - 1] + q^j [N - 1, j]. Only additions of non-negative
// numbers, so every count is accurate to rounding.
SymmetricCounts RankSumDistribution(std::int64_t m, std::int64_t n) {
  const std::int64_t max = m * n;
  const std::size_t half = static_cast<std::size_t>(max / 2) + 1;
  std::vector<std::vector<double>> g(static_cast<std::size_t>(m) + 1,
                                     std::vector<double>(half, 0.0));
  g[0][0] = 1;
  for (std::int64_t total = 1; total <= m + n; ++total) {
    for (std::int64_t j = std::min(total, m); j >= 1; --j) {
      std::vector<double>& gj = g[static_cast<std::size_t>(j)];
      const std::vector<double>& previous = g[static_cast<std::size_t>(j - 1)];
      for (std::size_t u = half; u-- > 0;) {
        const double shifted = u >= static_cast<std::size_t>(j) ? gj[u - j] : 0.0;
        gj[u] = previous[u] + shifted;
      }
    }
  }
  return SymmetricCounts(std::move(g[static_cast<std::size_t>(m)]), max);
}

// Null distribution of V for n non-zero differences: subset sums of 1..n.
SymmetricCounts SignedRankDistribution(std::int64_t n) {
  const std::int64_t max = n * (n + 1) / 2;
  const std::size_t half = static_cast<std::size_t>(max / 2) + 1;
  std::vector<double> counts(half, 0.0);
  counts[0] = 1;
  for (std::int64_t item = 1; item <= n; ++item) {
    for (std::size_t s = half; s-- > static_cast<std::size_t>(item);) counts[s] += counts[s - item];
  }
  return SymmetricCounts(std::move(counts), max);
}

// The p-value of a location statistic with mean `mean` from its exact
// distribution, as R: two-sided doubles the smaller tail.
double ExactPValue(const SymmetricCounts& dist, double statistic, double mean,
                   Alternative alternative) {
  switch (alternative) {
    case Alternative::kLess:
      return dist.Cdf(statistic);
    case Alternative::kGreater:
      return dist.UpperFrom(statistic);
    case Alternative::kTwoSided: {
      const double p = statistic > mean ? dist.UpperFrom(statistic) : dist.Cdf(statistic);
      return std::min(1.0, 2 * p);
    }
  }
  return kNaN;
}

double NormalPValue(double z_raw, double sigma, const WilcoxonOptions& options) {
  double correction = 0;
  if (options.continuity_correction) {
    switch (options.alternative) {
      case Alternative::kTwoSided:
        correction = z_raw > 0 ? 0.5 : (z_raw < 0 ? -0.5 : 0);
        break;
      case Alternative::kGreater:
        correction = 0.5;
        break;
      case Alternative::kLess:
        correction = -0.5;
        break;
    }
  }
  const double z = (z_raw - correction) / sigma;
  if (std::isnan(z)) return kNaN;
  switch (options.alternative) {
    case Alternative::kLess:
      return NormalLowerTail(z);
    case Alternative::kGreater:
      return NormalUpperTail(z);
    case Alternative::kTwoSided:
      return 2 * std::min(NormalLowerTail(z), NormalUpperTail(z));
  }
  return kNaN;
}

// Exact distribution of S = sum (i - p_i)^2 over the n! permutations, for
// n <= 9: counts[s] for s = 0..(n^3 - n) / 3.
const std::vector<std::int64_t>& SpearmanCounts(int n) {
  static const std::array<std::vector<std::int64_t>, 10> kCounts = [] {
    std::array<std::vector<std::int64_t>, 10> all;
    for (int size = 2; size <= 9; ++size) {
      std::vector<int> perm(static_cast<std::size_t>(size));
      std::iota(perm.begin(), perm.end(), 1);
      std::vector<std::int64_t> counts(
          static_cast<std::size_t>((size * size * size - size) / 3 + 1), 0);
      do {
        int s = 0;
        for (int i = 0; i < size; ++i) {
          const int d = i + 1 - perm[static_cast<std::size_t>(i)];
          s += d * d;
        }
        ++counts[static_cast<std::size_t>(s)];
      } while (std::next_permutation(perm.begin(), perm.end()));
      all[static_cast<std::size_t>(size)] = std::move(counts);
    }
    return all;
  }();
  return kCounts[static_cast<std::size_t>(n)];
}

// R's prho (algorithm AS 89): P(S >= is) (upper) or P(S < is) (lower).
double SpearmanTail(int n, double is, bool lower_tail) {
  if (is <= 0) return lower_tail ? 0 : 1;
  const double nd = n;
  const double max = nd * (nd * nd - 1) / 3;
  if (is > max) return lower_tail ? 1 : 0;
  if (n <= 9) {
    const std::vector<std::int64_t>& counts = SpearmanCounts(n);
    std::int64_t at_least = 0, total = 0;
    for (std::size_t s = 0; s < counts.size(); ++s) {
      total += counts[s];
      if (static_cast<double>(s) >= is) at_least += counts[s];
    }
    const std::int64_t count = lower_tail ? total - at_least : at_least;
    return static_cast<double>(count) / static_cast<double>(total);
  }
  // Edgeworth series expansion.
  constexpr double c1 = 0.2274, c2 = 0.2531, c3 = 0.1745, c4 = 0.0758, c5 = 0.1033, c6 = 0.3932,
                   c7 = 0.0879, c8 = 0.0151, c9 = 0.0072, c10 = 0.0831, c11 = 0.0131, c12 = 4.6e-4;
  const double b = 1 / nd;
  const double x = (6 * (is - 1) * b / (nd * nd - 1) - 1) * std::sqrt(1 / b - 1);
  double y = x * x;
  const double u = x * b *
                   (c1 + b * (c2 + c3 * b) +
                    y * (-c4 + b * (c5 + c6 * b) -
                         y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
  y = u / std::exp(y / 2);
  double p = (lower_tail ? -y : y) + (lower_tail ? NormalLowerTail(x) : NormalUpperTail(x));
  return std::clamp(p, 0.0, 1.0);
}

double PearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mean_x = 0, mean_y = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mean_x += x[i];
    mean_y += y[i];
  }
  mean_x /= n;
  mean_y /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    syy += (y[i] - mean_y) * (y[i] - mean_y);
  }
  if (sxx == 0 || syy == 0) return kNaN;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

}  // namespace

std::vector<double> AverageRanks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) ranks[order[k]] = rank;
    i = j;
  }
  return ranks;
}

RankTestResult WilcoxonRankSum(const std::vector<double>& x, const std::vector<double>& y,
                               const WilcoxonOptions& options) {
  CheckSample(x, "x");
  CheckSample(y, "y");
  std::vector<double> all = x;
  all.insert(all.end(), y.begin(), y.end());
  const std::vector<double> ranks = AverageRanks(all);
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  double rank_sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) rank_sum += ranks[i];
  RankTestResult result;
  result.n = static_cast<int>(all.size());
  result.statistic = rank_sum - nx * (nx + 1) / 2;
  const double ties = TieCorrection(all);
  const bool small = x.size() < 50 && y.size() < 50;
  const bool exact = ties == 0 && (options.method == PValueMethod::kExact ||
                                   (options.method == PValueMethod::kAuto && small));
  if (exact) {
    result.exact = true;
    const SymmetricCounts dist = RankSumDistribution(static_cast<std::int64_t>(x.size()),
                                                     static_cast<std::int64_t>(y.size()));
    result.p_value = ExactPValue(dist, result.statistic, nx * ny / 2, options.alternative);
    return result;
  }
  const double z = result.statistic - nx * ny / 2;
  const double sigma =
      std::sqrt((nx * ny / 12) * ((nx + ny + 1) - ties / ((nx + ny) * (nx + ny - 1))));
  result.p_value = NormalPValue(z, sigma, options);
  return result;
}

RankTestResult WilcoxonSignedRank(const std::vector<double>& before,
                                  const std::vector<double>& after,
                                  const WilcoxonOptions& options) {
  CheckSample(before, "before");
  CheckSample(after, "after");
  if (before.size() != after.size()) {
    throw InvalidArgument("paired samples must have the same length (" +
                              std::to_string(before.size()) + " before, " +
                              std::to_string(after.size()) + " after)",
                          "after");
  }
  std::vector<double> diffs;
  bool zeros = false;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const double d = after[i] - before[i];
    if (d == 0) {
      zeros = true;
    } else {
      diffs.push_back(d);
    }
  }
  std::vector<double> magnitudes(diffs.size());
  for (std::size_t i = 0; i < diffs.size(); ++i) magnitudes[i] = std::fabs(diffs[i]);
  const std::vector<double> ranks = AverageRanks(magnitudes);
  RankTestResult result;
  result.n = static_cast<int>(diffs.size());
  const double n = static_cast<double>(diffs.size());
  for (std::size_t i = 0; i < diffs.size(); ++i) {
    if (diffs[i] > 0) result.statistic += ranks[i];
  }
  const double ties = TieCorrection(ranks);
  const bool exact = ties == 0 && !zeros &&
                     (options.method == PValueMethod::kExact ||
                      (options.method == PValueMethod::kAuto && diffs.size() < 50));
  if (exact) {
    result.exact = true;
    const SymmetricCounts dist = SignedRankDistribution(static_cast<std::int64_t>(diffs.size()));
    result.p_value = ExactPValue(dist, result.statistic, n * (n + 1) / 4, options.alternative);
    return result;
  }
  const double z = result.statistic - n * (n + 1) / 4;
  const double sigma = std::sqrt(n * (n + 1) * (2 * n + 1) / 24 - ties / 48);
  result.p_value = NormalPValue(z, sigma, options);
  return result;
}

KruskalWallisResult KruskalWallis(const std::vector<std::vector<double>>& groups) {
  if (groups.size() < 2)
    throw InvalidArgument("Kruskal-Wallis needs at least two groups", "groups");
  std::vector<double> all;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    CheckSample(groups[g], "group " + std::to_string(g + 1));
    all.insert(all.end(), groups[g].begin(), groups[g].end());
  }
  const std::vector<double> ranks = AverageRanks(all);
  const double n = static_cast<double>(all.size());
  double sum = 0;
  std::size_t pos = 0;
  for (const auto& group : groups) {
    double rank_sum = 0;
    for (std::size_t i = 0; i < group.size(); ++i) rank_sum += ranks[pos++];
    sum += rank_sum * rank_sum / static_cast<double>(group.size());
  }
  KruskalWallisResult result;
  result.statistic =
      (12 * sum / (n * (n + 1)) - 3 * (n + 1)) / (1 - TieCorrection(all) / (n * n * n - n));
  result.df = static_cast<double>(groups.size() - 1);
  result.p_value = ChiSquareUpperTail(result.statistic, result.df);
  return result;
}

SpearmanResult SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y,
                                   Alternative alternative) {
  CheckSample(x, "x");
  CheckSample(y, "y");
  if (x.size() != y.size()) {
    throw InvalidArgument("x and y must have the same length", "y");
  }
  if (x.size() < 3) throw InvalidArgument("Spearman's test needs at least 3 pairs", "x");
  const double n = static_cast<double>(x.size());
  SpearmanResult result;
  result.rho = PearsonCorrelation(AverageRanks(x), AverageRanks(y));
  if (std::isnan(result.rho)) {
    result.statistic = result.p_value = kNaN;
    return result;
  }
  const double q = (n * n * n - n) * (1 - result.rho) / 6;
  result.statistic = q;
  result.exact = !HasTies(x) && !HasTies(y) && x.size() <= 1290;
  const auto tail = [&](bool lower_tail) {
    if (result.exact) {
      return SpearmanTail(static_cast<int>(x.size()), std::round(q) + (lower_tail ? 2 : 0),
                          lower_tail);
    }
    const double r = 1 - q / ((n * (n * n - 1)) / 6);
    const double t = r / std::sqrt((1 - r * r) / (n - 2));
    return lower_tail ? StudentTUpperTail(t, n - 2) : StudentTLowerTail(t, n - 2);
  };
  switch (alternative) {
    case Alternative::kTwoSided: {
      const double p = q > (n * n * n - n) / 6 ? tail(false) : tail(true);
      result.p_value = std::min(1.0, 2 * p);
      break;
    }
    case Alternative::kGreater:
      result.p_value = tail(true);
      break;
    case Alternative::kLess:
      result.p_value = tail(false);
      break;
  }
  return result;
}

}  // namespace tandem::stats
