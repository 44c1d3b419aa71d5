// Likert answers: parsing the codes people type and summarising an item.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::stats {

// Parses one answer on the five-point agreement scale: "1".."5" or the words
// Strongly disagree (1), Disagree (2), Neutral / Neither agree nor disagree
// (3), Agree (4), Strongly agree (5), in any case and with any surrounding or
// repeated spaces. Returns std::nullopt for a blank answer (missing). Throws
// tandem::Error(kInvalidArgument) with field() = `column` and row() = `row`
// and a message naming both for anything else.
std::optional<int> ParseLikertAnswer(std::string_view text, const std::string& column, int row);

struct LikertSummary {
  std::string item;
  int n = 0;        // answers given
  int missing = 0;  // blanks
  // Median and quartiles of the answers given (R's default quantile, type 7);
  // NaN when n = 0.
  double median = 0;
  double q1 = 0;
  double q3 = 0;
  std::array<int, 5> counts{};  // counts[i] = answers equal to i + 1
  // Percent of the answers given that are at least agree_min (top two boxes
  // with the default 4); NaN when n = 0.
  double percent_agree = 0;
};

// Summarises one item's answers (std::nullopt = missing). Every answer must
// lie in 1..5 and agree_min in 1..5; throws tandem::Error(kInvalidArgument)
// otherwise.
LikertSummary SummarizeLikert(std::string item, const std::vector<std::optional<int>>& answers,
                              int agree_min = 4);

// The q-quantile (0 <= q <= 1) of `values` by R's default rule (type 7):
// linear interpolation between order statistics. `values` must be non-empty.
double Quantile(std::vector<double> values, double q);

}  // namespace tandem::stats
