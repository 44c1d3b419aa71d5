#include "stats/likert.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace tandem::stats {
namespace {

// Lower case with runs of white space collapsed to one space, trimmed.
std::string Normalize(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

}  // namespace

std::optional<int> ParseLikertAnswer(std::string_view text, const std::string& column, int row) {
  const std::string word = Normalize(text);
  if (word.empty()) return std::nullopt;
  if (word.size() == 1 && word[0] >= '1' && word[0] <= '5') return word[0] - '0';
  static constexpr std::pair<std::string_view, int> kWords[] = {
      {"strongly disagree", 1},          {"disagree", 2}, {"neutral", 3},
      {"neither agree nor disagree", 3}, {"agree", 4},    {"strongly agree", 5},
  };
  for (const auto& [name, value] : kWords) {
    if (word == name) return value;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "row " + std::to_string(row) + ", column '" + column + "': '" + std::string(text) +
                  "' is not a Likert answer (use 1-5 or Strongly disagree, Disagree, Neutral, "
                  "Agree, Strongly agree; leave blank when missing)",
              column, row);
}

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const double lower = std::floor(h);
  const std::size_t i = static_cast<std::size_t>(lower);
  if (i + 1 >= values.size()) return values.back();
  const double fraction = h - lower;
  if (fraction == 0 || values[i + 1] == values[i]) return values[i];
  return (1 - fraction) * values[i] + fraction * values[i + 1];  // as R writes it
}

LikertSummary SummarizeLikert(std::string item, const std::vector<std::optional<int>>& answers,
                              int agree_min) {
  if (agree_min < 1 || agree_min > 5) {
    throw InvalidArgument("agree-min must lie between 1 and 5", "agree_min");
  }
  LikertSummary summary;
  summary.item = std::move(item);
  std::vector<double> given;
  int agreeing = 0;
  for (const std::optional<int>& answer : answers) {
    if (!answer) {
      ++summary.missing;
      continue;
    }
    if (*answer < 1 || *answer > 5) {
      throw InvalidArgument(
          "answer " + std::to_string(*answer) + " of item '" + summary.item + "' is outside 1-5",
          summary.item);
    }
    ++summary.counts[static_cast<std::size_t>(*answer - 1)];
    if (*answer >= agree_min) ++agreeing;
    given.push_back(*answer);
  }
  summary.n = static_cast<int>(given.size());
  summary.median = Quantile(given, 0.5);
  summary.q1 = Quantile(given, 0.25);
  summary.q3 = Quantile(given, 0.75);
  summary.percent_agree = given.empty() ? std::numeric_limits<double>::quiet_NaN()
                                        : 100.0 * agreeing / static_cast<double>(given.size());
  return summary;
}

}  // namespace tandem::stats
