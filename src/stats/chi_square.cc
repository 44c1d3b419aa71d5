#include "stats/chi_square.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "stats/distributions.h"

namespace tandem::stats {

ChiSquareResult ChiSquareTest(const CountTable& table, bool yates) {
  ValidateCountTable(table, 2, 2);
  const std::size_t rows = table.size(), cols = table[0].size();
  std::vector<double> row_totals(rows, 0), col_totals(cols, 0);
  double n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = static_cast<double>(table[r][c]);
      row_totals[r] += v;
      col_totals[c] += v;
      n += v;
    }
  }
  if (n == 0) throw InvalidArgument("the table is empty: every count is zero", "table");

  ChiSquareResult result;
  result.expected.assign(rows, std::vector<double>(cols));
  result.min_expected = std::numeric_limits<double>::infinity();
  double correction = 0;
  if (yates && rows == 2 && cols == 2) correction = 0.5;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double e = row_totals[r] * col_totals[c] / n;
      result.expected[r][c] = e;
      result.min_expected = std::min(result.min_expected, e);
      if (e < 5) ++result.cells_below_five;
      if (correction > 0) {
        correction = std::min(correction, std::fabs(static_cast<double>(table[r][c]) - e));
      }
    }
  }
  result.yates_applied = correction > 0;
  double statistic = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double e = result.expected[r][c];
      const double diff = std::fabs(static_cast<double>(table[r][c]) - e) - correction;
      statistic += diff * diff / e;
    }
  }
  result.statistic = statistic;
  result.df = static_cast<double>((rows - 1) * (cols - 1));
  result.p_value = ChiSquareUpperTail(statistic, result.df);
  return result;
}

McNemarResult McNemarTest(const CountTable& table, bool correct) {
  ValidateCountTable(table, 2, 2);
  const std::size_t k = table.size();
  if (table[0].size() != k) {
    throw InvalidArgument("McNemar's test needs a square table (same answers before and after)",
                          "table");
  }
  McNemarResult result;
  bool asymmetric = false;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) asymmetric |= table[i][j] != table[j][i];
  }
  result.correction_applied = correct && k == 2 && asymmetric;
  double statistic = 0;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = i + 1; j < k; ++j) {
      double diff = static_cast<double>(table[i][j] - table[j][i]);
      if (result.correction_applied) diff = std::fabs(diff) - 1;
      statistic += diff * diff / static_cast<double>(table[i][j] + table[j][i]);
    }
  }
  result.statistic = statistic;
  result.df = static_cast<double>(k * (k - 1) / 2);
  result.p_value = ChiSquareUpperTail(statistic, result.df);
  return result;
}

}  // namespace tandem::stats
