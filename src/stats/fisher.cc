#include "stats/fisher.h"

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <utility>

#include "core/error.h"
#include "stats/log_factorial.h"

namespace tandem::stats {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// R's fisher.test: a table counts as "no more likely" than the observed one
// when its probability is at most the observed probability times 1 + 1e-7.
constexpr double kRelativeTolerance = 1e-7;

std::string CellName(std::size_t row, std::size_t col) {
  return "table[" + std::to_string(row + 1) + "][" + std::to_string(col + 1) + "]";
}

// The distribution of the top-left cell of a 2x2 table given its margins,
// under the noncentral hypergeometric distribution with odds ratio exp(theta).
class ConditionalDistribution {
 public:
  ConditionalDistribution(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d)
      : m_(a + c), n_(b + d), k_(a + b), x_(a) {
    lo_ = std::max<std::int64_t>(0, k_ - n_);
    hi_ = std::min(k_, m_);
    log_density_.reserve(static_cast<std::size_t>(hi_ - lo_ + 1));
    const double log_total = LogChoose(m_ + n_, k_);
    for (std::int64_t i = lo_; i <= hi_; ++i) {
      log_density_.push_back(LogChoose(m_, i) + LogChoose(n_, k_ - i) - log_total);
    }
  }

  std::int64_t lo() const { return lo_; }
  std::int64_t hi() const { return hi_; }
  std::int64_t x() const { return x_; }

  // Normalized probabilities of lo..hi under log odds ratio `theta`.
  std::vector<double> Densities(double theta) const {
    std::vector<double> d(log_density_.size());
    double max_log = -kInfinity;
    for (std::size_t i = 0; i < d.size(); ++i) {
      d[i] = log_density_[i] + theta * static_cast<double>(lo_ + static_cast<std::int64_t>(i));
      max_log = std::max(max_log, d[i]);
    }
    CompensatedSum total;
    for (double& value : d) {
      value = std::exp(value - max_log);
      total.Add(value);
    }
    const double sum = total.Total();
    for (double& value : d) value /= sum;
    return d;
  }

  // E[X] under log odds ratio theta.
  double Mean(double theta) const {
    const std::vector<double> d = Densities(theta);
    CompensatedSum mean;
    for (std::size_t i = 0; i < d.size(); ++i) {
      mean.Add(d[i] * static_cast<double>(lo_ + static_cast<std::int64_t>(i)));
    }
    return mean.Total();
  }

  // P(X <= q) or P(X >= q) under log odds ratio theta.
  double Tail(std::int64_t q, bool upper, double theta) const {
    const std::vector<double> d = Densities(theta);
    CompensatedSum p;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const std::int64_t value = lo_ + static_cast<std::int64_t>(i);
      if (upper ? value >= q : value <= q) p.Add(d[i]);
    }
    return std::min(1.0, p.Total());
  }

  double TwoSidedP() const {
    const std::vector<double> d = Densities(0);
    const double limit = d[static_cast<std::size_t>(x_ - lo_)] * (1 + kRelativeTolerance);
    CompensatedSum p;
    for (double value : d) {
      if (value <= limit) p.Add(value);
    }
    return std::min(1.0, p.Total());
  }

 private:
  std::int64_t m_, n_, k_, x_;
  std::int64_t lo_ = 0, hi_ = 0;
  std::vector<double> log_density_;
};

// Solves f(theta) = target for a function increasing in theta, to full double
// precision. f(-inf) < target < f(+inf) must hold.
double SolveIncreasing(const std::function<double(double)>& f, double target) {
  double lower = -1, upper = 1;
  while (f(lower) - target > 0 && lower > -1e4) lower *= 2;
  while (f(upper) - target < 0 && upper < 1e4) upper *= 2;
  const double f_lower = f(lower) - target, f_upper = f(upper) - target;
  if (f_lower >= 0) return lower;
  if (f_upper <= 0) return upper;
  std::uintmax_t max_iter = 500;
  const auto root = boost::math::tools::toms748_solve(
      [&](double t) { return f(t) - target; }, lower, upper, f_lower, f_upper,
      boost::math::tools::eps_tolerance<double>(52), max_iter);
  return (root.first + root.second) / 2;
}

}  // namespace

void ValidateCountTable(const CountTable& table, int min_rows, int min_cols) {
  if (table.empty() || table.size() < static_cast<std::size_t>(min_rows)) {
    throw InvalidArgument("a table needs at least " + std::to_string(min_rows) + " rows", "table");
  }
  const std::size_t cols = table.front().size();
  if (cols < static_cast<std::size_t>(min_cols)) {
    throw InvalidArgument("a table needs at least " + std::to_string(min_cols) + " columns",
                          "table");
  }
  for (std::size_t r = 0; r < table.size(); ++r) {
    if (table[r].size() != cols) {
      throw InvalidArgument("row " + std::to_string(r + 1) + " of the table has " +
                                std::to_string(table[r].size()) + " counts, expected " +
                                std::to_string(cols),
                            "table");
    }
    for (std::size_t c = 0; c < cols; ++c) {
      if (table[r][c] < 0) {
        throw InvalidArgument(CellName(r, c) + " is negative (" + std::to_string(table[r][c]) +
                                  "); counts must be zero or more",
                              CellName(r, c));
      }
    }
  }
}

Fisher2x2Result FisherExact2x2(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d,
                               Alternative alternative, double conf_level) {
  ValidateCountTable({{a, b}, {c, d}}, 2, 2);
  if (!(conf_level > 0 && conf_level < 1)) {
    throw InvalidArgument("the confidence level must lie strictly between 0 and 1", "conf_level");
  }
  const ConditionalDistribution dist(a, b, c, d);
  const std::int64_t x = dist.x(), lo = dist.lo(), hi = dist.hi();
  Fisher2x2Result result;

  switch (alternative) {
    case Alternative::kLess:
      result.p_value = dist.Tail(x, /*upper=*/false, 0);
      break;
    case Alternative::kGreater:
      result.p_value = dist.Tail(x, /*upper=*/true, 0);
      break;
    case Alternative::kTwoSided:
      result.p_value = dist.TwoSidedP();
      break;
  }

  // Conditional MLE: the odds ratio whose conditional mean of X is x.
  if (x == lo) {
    result.odds_ratio = 0;
  } else if (x == hi) {
    result.odds_ratio = kInfinity;
  } else {
    const double theta =
        SolveIncreasing([&](double t) { return dist.Mean(t); }, static_cast<double>(x));
    result.odds_ratio = std::exp(theta);
  }

  // Exact interval: U solves P(X <= x; U) = alpha, L solves P(X >= x; L) = alpha.
  const auto upper_limit = [&](double alpha) {
    if (x == hi) return kInfinity;
    // P(X <= x; theta) decreases in theta.
    return std::exp(SolveIncreasing([&](double t) { return -dist.Tail(x, false, t); }, -alpha));
  };
  const auto lower_limit = [&](double alpha) {
    if (x == lo) return 0.0;
    return std::exp(SolveIncreasing([&](double t) { return dist.Tail(x, true, t); }, alpha));
  };
  switch (alternative) {
    case Alternative::kLess:
      result.conf_int = {0, upper_limit(1 - conf_level)};
      break;
    case Alternative::kGreater:
      result.conf_int = {lower_limit(1 - conf_level), kInfinity};
      break;
    case Alternative::kTwoSided: {
      const double alpha = (1 - conf_level) / 2;
      result.conf_int = {lower_limit(alpha), upper_limit(alpha)};
      break;
    }
  }
  return result;
}

namespace {

// Walks every table with the given margins, column by column.
class TableEnumerator {
 public:
  TableEnumerator(std::vector<std::int64_t> row_totals, std::vector<std::int64_t> col_totals,
                  const std::vector<double>& log_factorial, double threshold,
                  std::int64_t max_tables)
      : rows_(row_totals.size()),
        cols_(col_totals.size()),
        row_left_(std::move(row_totals)),
        col_totals_(std::move(col_totals)),
        log_factorial_(log_factorial),
        threshold_(threshold),
        max_tables_(max_tables) {}

  // Returns false when the table budget ran out.
  bool Run() {
    FillColumn(0, 0, col_totals_[0], 0.0);
    return !exhausted_;
  }
  // Sum over the admissible tables of exp(-sum of log cell factorials).
  double Sum() const { return sum_.Total(); }
  std::int64_t tables() const { return tables_; }

 private:
  // Fills cell (row, col) onwards; `left` of column col's total is still to
  // place; `cells` is the sum of log factorials of the cells placed so far.
  void FillColumn(std::size_t col, std::size_t row, std::int64_t left, double cells) {
    if (exhausted_) return;
    if (col + 1 == cols_) {  // the last column is forced
      double total = cells;
      for (std::size_t r = 0; r < rows_; ++r) total += log_factorial_[row_left_[r]];
      if (++tables_ > max_tables_) {
        exhausted_ = true;
        return;
      }
      if (total >= threshold_) sum_.Add(std::exp(-total));
      return;
    }
    if (row + 1 == rows_) {  // the last cell of a column is forced
      if (left > row_left_[row]) return;
      row_left_[row] -= left;
      FillColumn(col + 1, 0, col_totals_[col + 1], cells + log_factorial_[left]);
      row_left_[row] += left;
      return;
    }
    std::int64_t capacity_below = 0;
    for (std::size_t r = row + 1; r < rows_; ++r) capacity_below += row_left_[r];
    const std::int64_t low = std::max<std::int64_t>(0, left - capacity_below);
    const std::int64_t high = std::min(left, row_left_[row]);
    for (std::int64_t v = low; v <= high && !exhausted_; ++v) {
      row_left_[row] -= v;
      FillColumn(col, row + 1, left - v, cells + log_factorial_[v]);
      row_left_[row] += v;
    }
  }

  std::size_t rows_, cols_;
  std::vector<std::int64_t> row_left_;
  std::vector<std::int64_t> col_totals_;
  const std::vector<double>& log_factorial_;
  double threshold_;
  std::int64_t max_tables_;
  std::int64_t tables_ = 0;
  bool exhausted_ = false;
  CompensatedSum sum_;
};

// Uniform integer in [0, bound) from a 64-bit generator, without modulo
// bias, identical on every platform (unlike std::uniform_int_distribution).
std::uint64_t UniformBelow(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t value;
  do {
    value = rng();
  } while (value >= limit);
  return value % bound;
}

}  // namespace

FisherRxCResult FisherExactRxC(const CountTable& table, const FisherRxCOptions& options) {
  ValidateCountTable(table, 2, 2);
  if (options.replicates < 1) {
    throw InvalidArgument("the number of Monte Carlo replicates must be positive", "replicates");
  }
  // Drop empty rows and columns: they do not change the conditional
  // distribution.
  std::vector<std::size_t> keep_rows, keep_cols;
  for (std::size_t r = 0; r < table.size(); ++r) {
    std::int64_t total = 0;
    for (std::int64_t v : table[r]) total += v;
    if (total > 0) keep_rows.push_back(r);
  }
  for (std::size_t c = 0; c < table[0].size(); ++c) {
    std::int64_t total = 0;
    for (const auto& row : table) total += row[c];
    if (total > 0) keep_cols.push_back(c);
  }
  FisherRxCResult result;
  if (keep_rows.size() < 2 || keep_cols.size() < 2) return result;

  // Put the longer dimension along the columns: the enumeration recurses over
  // rows within a column, so fewer rows means shallower recursion.
  const bool transpose = keep_rows.size() > keep_cols.size();
  const std::size_t rows = transpose ? keep_cols.size() : keep_rows.size();
  const std::size_t cols = transpose ? keep_rows.size() : keep_cols.size();
  std::vector<std::vector<std::int64_t>> x(rows, std::vector<std::int64_t>(cols));
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      x[r][c] = transpose ? table[keep_rows[c]][keep_cols[r]] : table[keep_rows[r]][keep_cols[c]];
    }
  }
  std::vector<std::int64_t> row_totals(rows, 0), col_totals(cols, 0);
  std::int64_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      row_totals[r] += x[r][c];
      col_totals[c] += x[r][c];
      n += x[r][c];
    }
  }
  const std::vector<double> log_factorial = LogFactorialTable(n);
  double observed_cells = 0;
  for (const auto& row : x) {
    for (std::int64_t v : row) observed_cells += log_factorial[v];
  }
  // log P(table) = constant - sum of log cell factorials; a table is no more
  // likely than the observed one when its cell sum is at least the observed
  // sum less log(1 + tolerance).
  const double threshold = observed_cells - std::log1p(kRelativeTolerance);
  double log_constant = -log_factorial[n];
  for (std::int64_t t : row_totals) log_constant += log_factorial[t];
  for (std::int64_t t : col_totals) log_constant += log_factorial[t];

  if (!options.force_monte_carlo) {
    TableEnumerator enumerator(row_totals, col_totals, log_factorial, threshold,
                               options.max_exact_tables);
    if (enumerator.Run()) {
      // Each term was exp(-cells); the table probability is exp(constant - cells).
      result.p_value = std::min(1.0, enumerator.Sum() * std::exp(log_constant));
      result.tables_enumerated = enumerator.tables();
      return result;
    }
  }

  // Monte Carlo: shuffle the column labels of the n observations and cut the
  // shuffled sequence into blocks of the row totals.
  std::mt19937_64 rng(options.seed);
  std::vector<std::uint32_t> labels;
  labels.reserve(static_cast<std::size_t>(n));
  for (std::size_t c = 0; c < cols; ++c) {
    labels.insert(labels.end(), static_cast<std::size_t>(col_totals[c]),
                  static_cast<std::uint32_t>(c));
  }
  std::vector<std::int64_t> cells(rows * cols);
  std::int64_t as_extreme = 0;
  for (std::int64_t b = 0; b < options.replicates; ++b) {
    for (std::size_t i = labels.size() - 1; i > 0; --i) {
      std::swap(labels[i], labels[UniformBelow(rng, i + 1)]);
    }
    std::fill(cells.begin(), cells.end(), 0);
    std::size_t pos = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::int64_t k = 0; k < row_totals[r]; ++k) ++cells[r * cols + labels[pos++]];
    }
    double sim_cells = 0;
    for (std::int64_t v : cells) sim_cells += log_factorial[v];
    if (sim_cells >= threshold) ++as_extreme;
  }
  result.simulated = true;
  result.replicates = options.replicates;
  result.p_value =
      static_cast<double>(1 + as_extreme) / static_cast<double>(options.replicates + 1);
  return result;
}

}  // namespace tandem::stats
