#include "stats/association.h"

#include <array>
#include <cmath>
#include <map>
#include <string>

#include "core/error.h"
#include "stats/chi_square.h"
#include "stats/likert.h"
#include "stats/p_adjust.h"
#include "stats/rank_tests.h"

namespace tandem::stats {

std::optional<AssociationTest> ParseAssociationTest(std::string_view name) {
  for (AssociationTest t : {AssociationTest::kAuto, AssociationTest::kFisher,
                            AssociationTest::kChiSquare, AssociationTest::kWilcoxon}) {
    if (AssociationTestName(t) == name) return t;
  }
  return std::nullopt;
}

std::string_view AssociationTestName(AssociationTest test) {
  switch (test) {
    case AssociationTest::kAuto:
      return "auto";
    case AssociationTest::kFisher:
      return "fisher";
    case AssociationTest::kChiSquare:
      return "chisq";
    case AssociationTest::kWilcoxon:
      return "wilcoxon";
  }
  return "auto";
}

namespace {

// The options and outcome list every analysis checks first.
void CheckOptions(const AssociationOptions& options, const std::vector<LikertItem>& outcomes) {
  if (options.agree_min < 1 || options.agree_min > 5) {
    throw InvalidArgument(
        "agree-min must lie between 1 and 5 (got " + std::to_string(options.agree_min) + ")",
        "agree_min");
  }
  if (outcomes.empty()) throw InvalidArgument("name at least one outcome", "outcomes");
}

// One answer per respondent, each in 1..5.
void CheckOutcome(const LikertItem& outcome, std::size_t respondents) {
  if (outcome.answers.size() != respondents) {
    throw InvalidArgument("item '" + outcome.name + "' has " +
                              std::to_string(outcome.answers.size()) + " answers, the predictor " +
                              std::to_string(respondents),
                          outcome.name);
  }
  for (const auto& answer : outcome.answers) {
    if (answer && (*answer < 1 || *answer > 5)) {
      throw InvalidArgument("item '" + outcome.name + "' has an answer outside 1-5", outcome.name);
    }
  }
}

// Holm across the outcomes whose p-value is defined (as p.adjust, which
// leaves NA out).
void AdjustAcrossOutcomes(std::vector<OutcomeAssociation>& results) {
  std::vector<double> defined;
  for (const auto& r : results) {
    if (!std::isnan(r.p_value)) defined.push_back(r.p_value);
  }
  const std::vector<double> adjusted = HolmAdjust(defined);
  std::size_t next = 0;
  for (auto& r : results) {
    r.p_adjusted = std::isnan(r.p_value) ? r.p_value : adjusted[next++];
  }
}

}  // namespace

std::vector<OutcomeAssociation> AnalyzeNumericAssociation(const NumericPredictor& predictor,
                                                          const std::vector<LikertItem>& outcomes,
                                                          const AssociationOptions& options) {
  CheckOptions(options, outcomes);
  for (const auto& v : predictor.values) {
    if (v && std::isnan(*v)) throw InvalidArgument("the predictor has a NaN value", predictor.name);
  }
  std::vector<OutcomeAssociation> results;
  for (const LikertItem& outcome : outcomes) {
    CheckOutcome(outcome, predictor.values.size());
    OutcomeAssociation result;
    result.outcome = outcome.name;
    result.test = "wilcoxon";
    result.odds_ratio = std::nan("");
    result.conf_int = {std::nan(""), std::nan("")};
    std::vector<double> agree, other, x, y;
    for (std::size_t i = 0; i < predictor.values.size(); ++i) {
      const auto& p = predictor.values[i];
      const auto& o = outcome.answers[i];
      if (!p || !o) {
        ++result.missing;
        continue;
      }
      ++result.n;
      (*o >= options.agree_min ? agree : other).push_back(*p);
      x.push_back(*p);
      y.push_back(*o);
    }
    if (result.n == 0) {
      throw InvalidArgument(
          "no respondent has both '" + predictor.name + "' and '" + outcome.name + "'",
          outcome.name);
    }
    result.table = {
        {static_cast<std::int64_t>(agree.size()), static_cast<std::int64_t>(other.size())}};
    if (!agree.empty()) result.median_agree = Quantile(agree, 0.5);
    if (!other.empty()) result.median_not = Quantile(other, 0.5);
    if (agree.empty() || other.empty()) {
      result.p_value = std::nan("");
      result.warnings.push_back("every respondent gave the same outcome answer group");
    } else {
      const RankTestResult w = WilcoxonRankSum(agree, other);
      result.p_value = w.p_value;
      result.statistic = w.statistic;
    }
    if (x.size() >= 3) {
      const SpearmanResult s = SpearmanCorrelation(x, y);
      result.rho = s.rho;
      result.rho_p_value = s.p_value;
    }
    results.push_back(std::move(result));
  }
  AdjustAcrossOutcomes(results);
  return results;
}

std::vector<OutcomeAssociation> AnalyzeCategoricalAssociation(
    const CategoricalPredictor& predictor, const std::vector<LikertItem>& outcomes,
    const AssociationOptions& options) {
  CheckOptions(options, outcomes);
  std::vector<OutcomeAssociation> results;
  for (const LikertItem& outcome : outcomes) {
    CheckOutcome(outcome, predictor.values.size());
    OutcomeAssociation result;
    result.outcome = outcome.name;
    result.odds_ratio = std::nan("");
    result.conf_int = {std::nan(""), std::nan("")};
    std::map<std::string, std::array<std::int64_t, 2>> rows;
    for (std::size_t i = 0; i < predictor.values.size(); ++i) {
      const auto& p = predictor.values[i];
      const auto& o = outcome.answers[i];
      if (!p || !o) {
        ++result.missing;
        continue;
      }
      ++result.n;
      ++rows[*p][*o >= options.agree_min ? 0 : 1];
    }
    if (rows.size() < 2) {
      throw InvalidArgument("'" + predictor.name + "' needs respondents in two categories or more",
                            predictor.name);
    }
    for (const auto& [category, counts] : rows) {
      result.categories.push_back(category);
      result.table.push_back({counts[0], counts[1]});
    }
    const auto& t = result.table;
    std::int64_t agreeing = 0, not_agreeing = 0;
    for (const auto& row : t) {
      agreeing += row[0];
      not_agreeing += row[1];
    }
    if (agreeing == 0 || not_agreeing == 0) {
      result.test = t.size() == 2 ? "fisher" : "chisq";
      result.p_value = std::nan("");
      result.warnings.push_back("every respondent gave the same outcome answer group");
    } else if (t.size() == 2) {
      const Fisher2x2Result fisher = FisherExact2x2(t[0][0], t[0][1], t[1][0], t[1][1],
                                                    Alternative::kTwoSided, options.conf_level);
      result.test = "fisher";
      result.p_value = fisher.p_value;
      result.odds_ratio = fisher.odds_ratio;
      result.conf_int = fisher.conf_int;
    } else {
      const ChiSquareResult chi = ChiSquareTest(t, /*yates=*/false);
      if (chi.cells_below_five == 0) {
        result.test = "chisq";
        result.p_value = chi.p_value;
        result.statistic = chi.statistic;
      } else {
        result.test = "fisher";
        result.p_value = FisherExactRxC(t).p_value;
        result.warnings.push_back(std::to_string(chi.cells_below_five) +
                                  " expected count(s) below 5: Fisher-Freeman-Halton exact test");
      }
    }
    results.push_back(std::move(result));
  }
  AdjustAcrossOutcomes(results);
  return results;
}

std::vector<OutcomeAssociation> AnalyzeAssociation(const LikertItem& predictor,
                                                   const std::vector<LikertItem>& outcomes,
                                                   const AssociationOptions& options) {
  CheckOptions(options, outcomes);
  CheckOutcome(predictor, predictor.answers.size());

  std::vector<OutcomeAssociation> results;
  for (const LikertItem& outcome : outcomes) {
    CheckOutcome(outcome, predictor.answers.size());
    OutcomeAssociation result;
    result.outcome = outcome.name;
    result.table = {{0, 0}, {0, 0}};
    std::vector<double> scores_agree, scores_not;
    for (std::size_t i = 0; i < predictor.answers.size(); ++i) {
      const auto& p = predictor.answers[i];
      const auto& o = outcome.answers[i];
      if (!p || !o) {
        ++result.missing;
        continue;
      }
      ++result.n;
      const bool p_agree = *p >= options.agree_min;
      const bool o_agree = *o >= options.agree_min;
      ++result.table[p_agree ? 0 : 1][o_agree ? 0 : 1];
      (p_agree ? scores_agree : scores_not).push_back(*o);
    }
    if (result.n == 0) {
      throw InvalidArgument("no respondent answered both '" + predictor.name + "' and '" +
                                outcome.name + "': the table is empty",
                            outcome.name);
    }
    const auto& t = result.table;
    if (t[0][0] + t[0][1] == 0 || t[1][0] + t[1][1] == 0) {
      result.warnings.push_back(
          "every respondent is in one predictor group: the test has no power");
    }
    if (t[0][0] + t[1][0] == 0 || t[0][1] + t[1][1] == 0) {
      result.warnings.push_back("every respondent gave the same outcome answer group");
    }
    const Fisher2x2Result fisher = FisherExact2x2(t[0][0], t[0][1], t[1][0], t[1][1],
                                                  Alternative::kTwoSided, options.conf_level);
    result.odds_ratio = fisher.odds_ratio;
    result.conf_int = fisher.conf_int;
    switch (options.test) {
      case AssociationTest::kAuto:
      case AssociationTest::kFisher:
        result.test = "fisher";
        result.p_value = fisher.p_value;
        break;
      case AssociationTest::kChiSquare: {
        result.test = "chisq";
        const ChiSquareResult chi = ChiSquareTest(result.table, /*yates=*/true);
        result.p_value = chi.p_value;
        result.statistic = chi.statistic;
        if (chi.cells_below_five > 0) {
          result.warnings.push_back(std::to_string(chi.cells_below_five) +
                                    " expected count(s) below 5: the chi-square approximation "
                                    "may be poor; prefer Fisher's exact test");
        }
        break;
      }
      case AssociationTest::kWilcoxon: {
        result.test = "wilcoxon";
        if (scores_agree.empty() || scores_not.empty()) {
          result.p_value = std::nan("");
        } else {
          const RankTestResult w = WilcoxonRankSum(scores_agree, scores_not);
          result.p_value = w.p_value;
          result.statistic = w.statistic;
        }
        break;
      }
    }
    results.push_back(std::move(result));
  }

  AdjustAcrossOutcomes(results);
  return results;
}

}  // namespace tandem::stats
