// The analysis the reference program ran: is agreeing with a predictor item
// ("my mentor was a good match") associated with agreeing with each outcome
// item ("the program improved my confidence", ...)? Each Likert item is split
// into agree (answer >= agree_min) and not; for every outcome a 2x2 table is
// tested and the p-values are Holm-adjusted across outcomes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stats/alternative.h"
#include "stats/fisher.h"

namespace tandem::stats {

enum class AssociationTest {
  kAuto,       // Fisher's exact test on the 2x2 table
  kFisher,     // Fisher's exact test on the 2x2 table
  kChiSquare,  // Pearson's chi-square with Yates' correction on the 2x2 table
  kWilcoxon,   // rank-sum test of the outcome's 1-5 answers between the predictor groups
};

struct AssociationOptions {
  int agree_min = 4;
  AssociationTest test = AssociationTest::kAuto;
  double conf_level = 0.95;
};

// One item's answers, one per respondent in the same order for every item;
// std::nullopt means missing.
struct LikertItem {
  std::string name;
  std::vector<std::optional<int>> answers;
};

struct OutcomeAssociation {
  std::string outcome;
  // Respondents who answered both the predictor and this outcome, and those
  // left out because one of the two was blank.
  int n = 0;
  int missing = 0;
  // Rows: predictor agree, predictor not agree. Columns: outcome agree,
  // outcome not agree.
  CountTable table;
  std::string test;  // "fisher", "chisq" or "wilcoxon"
  double p_value = 1;
  // Conditional maximum-likelihood odds ratio of outcome agreement, predictor
  // agree vs not, and its exact confidence interval (Fisher), whatever test
  // gave the p-value.
  double odds_ratio = 1;
  Interval conf_int;
  // Holm-adjusted across the outcomes analysed together.
  double p_adjusted = 1;
  // Set for the chi-square test.
  std::optional<double> statistic;
  // Things a reader must know (small expected counts, an empty row).
  std::vector<std::string> warnings;
  // A numeric predictor only (AnalyzeNumericAssociation): its median among
  // those agreeing with the outcome and among the others, and Spearman's
  // rank correlation with the outcome's answers and its p-value.
  std::optional<double> median_agree, median_not;
  std::optional<double> rho, rho_p_value;
  // A categorical predictor only (AnalyzeCategoricalAssociation): the
  // table's rows, in order.
  std::vector<std::string> categories;
};

// One analysis as it is reported (`tandem stats association`, `tandem
// evaluate association`, the API): the predictor, the agreement threshold,
// how many respondents the data had, and the results per outcome.
struct AssociationReport {
  std::string predictor;
  int agree_min = 4;
  int respondents = 0;
  std::vector<OutcomeAssociation> results;
};

// Runs the analysis for every outcome, in the order given. Every item must
// have as many answers as the predictor, answers in 1..5, agree_min in 1..5.
// Throws tandem::Error(kInvalidArgument) naming the item when an outcome has
// no respondent who answered both items, or when the inputs break these
// rules. Pure and deterministic.
std::vector<OutcomeAssociation> AnalyzeAssociation(const LikertItem& predictor,
                                                   const std::vector<LikertItem>& outcomes,
                                                   const AssociationOptions& options = {});

// A numeric predictor (a pair's match score, meetings held): one value per
// respondent in the order of the outcomes' answers; std::nullopt = missing.
struct NumericPredictor {
  std::string name;
  std::vector<std::optional<double>> values;
};

// For each outcome: the predictor's values among those agreeing with the
// outcome (answer >= agree_min) against the others, by the Wilcoxon-Mann-
// Whitney test (R: wilcox.test(agree, not)), with the two medians; Spearman's
// rho between the predictor and the outcome's 1-5 answers (R: cor.test(x, y,
// method = "spearman"), NaN below 3 pairs); p-values (Wilcoxon's) Holm-
// adjusted across outcomes. `table` is one row: respondents agreeing with
// the outcome, and not; test "wilcoxon"; no odds ratio (NaN). Throws as
// AnalyzeAssociation, and for a NaN value.
std::vector<OutcomeAssociation> AnalyzeNumericAssociation(const NumericPredictor& predictor,
                                                          const std::vector<LikertItem>& outcomes,
                                                          const AssociationOptions& options = {});

// A categorical predictor (a background attribute such as gender): one
// category per respondent; std::nullopt = missing.
struct CategoricalPredictor {
  std::string name;
  std::vector<std::optional<std::string>> values;
};

// For each outcome, the table of the predictor's categories (rows, sorted)
// by agreeing with the outcome or not. Two categories: Fisher's exact test
// with the odds ratio and its CI (the first category against the second);
// more: Pearson's chi-square when every expected count is at least 5, else
// the Fisher-Freeman-Halton exact test (R: fisher.test on the r x 2 table).
// Holm across outcomes. Throws as AnalyzeAssociation, and when fewer than two
// categories have respondents (naming the predictor).
std::vector<OutcomeAssociation> AnalyzeCategoricalAssociation(
    const CategoricalPredictor& predictor, const std::vector<LikertItem>& outcomes,
    const AssociationOptions& options = {});

// "auto", "fisher", "chisq" or "wilcoxon".
std::string_view AssociationTestName(AssociationTest test);
// The test of that name; nullopt for any other text.
std::optional<AssociationTest> ParseAssociationTest(std::string_view name);

}  // namespace tandem::stats
