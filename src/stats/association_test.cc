#include "stats/association.h"

#include <gtest/gtest.h>

#include <tuple>

#include <cmath>

#include "core/error.h"

namespace tandem::stats {
namespace {

// Builds answers for `agree_agree` respondents agreeing with both items, and so
// on; `missing` respondents agree with the predictor but left the outcome blank.
void Add(LikertItem& predictor, LikertItem& outcome, int agree_agree, int agree_not, int not_agree,
         int not_not, int missing) {
  const auto push = [&](int p, std::optional<int> o, int count) {
    for (int i = 0; i < count; ++i) {
      predictor.answers.push_back(p);
      outcome.answers.push_back(o);
    }
  };
  push(5, 4, agree_agree);
  push(4, 2, agree_not);
  push(2, 5, not_agree);
  push(3, 1, not_not);
  push(4, std::nullopt, missing);
}

TEST(AnalyzeAssociationTest, ReproducesTheReferenceProgram) {
  struct Case {
    int aa, an, na, nn, missing;
    double p;
  } cases[] = {{25, 0, 5, 2, 1, 0.042338709677419366}, {26, 0, 4, 2, 1, 0.030241935483870989}};
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.aa << "," << c.an << "," << c.na << "," << c.nn);
    LikertItem predictor{"good_match", {}}, outcome{"confidence", {}};
    Add(predictor, outcome, c.aa, c.an, c.na, c.nn, c.missing);
    const auto results = AnalyzeAssociation(predictor, {outcome});
    ASSERT_EQ(results.size(), 1u);
    const OutcomeAssociation& r = results[0];
    EXPECT_EQ(r.test, "fisher");
    EXPECT_EQ(r.n, c.aa + c.an + c.na + c.nn);
    EXPECT_EQ(r.missing, c.missing);
    EXPECT_EQ(r.table, (CountTable{{c.aa, c.an}, {c.na, c.nn}}));
    EXPECT_NEAR(r.p_value, c.p, 1e-12);
    EXPECT_EQ(r.p_adjusted, r.p_value);  // one outcome: nothing to adjust
  }
}

TEST(AnalyzeAssociationTest, AdjustsAcrossOutcomesAndHonoursTheTestChoice) {
  LikertItem predictor{"good_match", {}}, first{"confidence", {}};
  Add(predictor, first, 25, 0, 5, 2, 1);
  LikertItem second{"identity", first.answers};
  struct Case {
    AssociationTest test;
    const char* name;
    bool has_statistic;
  } cases[] = {{AssociationTest::kAuto, "fisher", false},
               {AssociationTest::kFisher, "fisher", false},
               {AssociationTest::kChiSquare, "chisq", true},
               {AssociationTest::kWilcoxon, "wilcoxon", true}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AssociationOptions options;
    options.test = c.test;
    const auto results = AnalyzeAssociation(predictor, {first, second}, options);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].test, c.name);
    EXPECT_EQ(results[0].statistic.has_value(), c.has_statistic);
    EXPECT_NEAR(results[0].p_adjusted, std::min(1.0, 2 * results[0].p_value), 1e-15);
    if (c.test == AssociationTest::kChiSquare) {
      EXPECT_FALSE(results[0].warnings.empty());
    }
  }
}

TEST(AnalyzeAssociationTest, RejectsEmptyTablesAndBadOptions) {
  LikertItem predictor{"good_match", {4, std::nullopt}};
  LikertItem outcome{"confidence", {std::nullopt, 5}};
  try {
    AnalyzeAssociation(predictor, {outcome});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "confidence");
  }
  AssociationOptions options;
  options.agree_min = 6;
  EXPECT_THROW(AnalyzeAssociation(predictor, {predictor}, options), Error);
  EXPECT_THROW(AnalyzeAssociation(predictor, {}), Error);
  EXPECT_THROW(AnalyzeAssociation(predictor, {LikertItem{"short", {4}}}), Error);
}

}  // namespace
TEST(NumericAssociationTest, MatchScoreAgainstAnOutcomeAsR) {
  // R 4.2: a <- x[y >= 4]; b <- x[y < 4]; wilcox.test(a, b);
  // cor.test(x, y, method = "spearman").
  const NumericPredictor score{"pair.match_score",
                               {81.5, 74, 90.25, 62, 88, 70.5, 95, 58, std::nullopt}};
  const LikertItem confidence{"confidence", {4, 3, 5, 2, 5, 4, 5, 1, 4}};
  const auto r = AnalyzeNumericAssociation(score, {confidence});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].n, 8);
  EXPECT_EQ(r[0].missing, 1);
  EXPECT_EQ(r[0].test, "wilcoxon");
  EXPECT_EQ(r[0].table, (CountTable{{5, 3}}));
  EXPECT_DOUBLE_EQ(*r[0].statistic, 14);
  EXPECT_NEAR(r[0].p_value, 0.0714285714285714, 1e-12);
  EXPECT_DOUBLE_EQ(*r[0].median_agree, 88);
  EXPECT_DOUBLE_EQ(*r[0].median_not, 62);
  EXPECT_NEAR(*r[0].rho, 0.932954370666449, 1e-12);
  EXPECT_NEAR(*r[0].rho_p_value, 0.000716066411159574, 1e-9);
  EXPECT_DOUBLE_EQ(r[0].p_adjusted, r[0].p_value) << "one outcome: Holm changes nothing";
  EXPECT_THROW(AnalyzeNumericAssociation(score, {{"short", {4, 3}}}), Error);
}

TEST(CategoricalAssociationTest, TheTestFollowsTheTableAsR) {
  // Builds a predictor and an outcome from rows of (category, agreeing, not).
  const auto data = [](const std::vector<std::tuple<std::string, int, int>>& rows) {
    CategoricalPredictor p{"background.gender", {}};
    LikertItem o{"confidence", {}};
    for (const auto& [category, agree, other] : rows) {
      for (int i = 0; i < agree; ++i) {
        p.values.push_back(category);
        o.answers.push_back(5);
      }
      for (int i = 0; i < other; ++i) {
        p.values.push_back(category);
        o.answers.push_back(2);
      }
    }
    p.values.push_back(std::nullopt);  // a respondent without the attribute
    o.answers.push_back(4);
    return std::make_pair(p, o);
  };
  // R 4.2: fisher.test(matrix(c(8, 2, 3, 4), 2, byrow = TRUE)).
  auto [p2, o2] = data({{"man", 8, 2}, {"woman", 3, 4}});
  auto r = AnalyzeCategoricalAssociation(p2, {o2});
  EXPECT_EQ(r[0].categories, (std::vector<std::string>{"man", "woman"}));
  EXPECT_EQ(r[0].table, (CountTable{{8, 2}, {3, 4}}));
  EXPECT_EQ(r[0].test, "fisher");
  EXPECT_EQ(r[0].missing, 1);
  EXPECT_NEAR(r[0].p_value, 0.161764705882353, 1e-12);
  EXPECT_NEAR(r[0].odds_ratio, 4.76763216193106, 1e-6);
  // Three categories with small expected counts: Fisher-Freeman-Halton.
  auto [p3, o3] = data({{"a", 8, 2}, {"b", 3, 4}, {"c", 5, 1}});
  r = AnalyzeCategoricalAssociation(p3, {o3});
  EXPECT_EQ(r[0].test, "fisher");
  EXPECT_NEAR(r[0].p_value, 0.259988497167117, 1e-9);
  // Large enough for chi-square: chisq.test(matrix(c(30, 10, 20, 20, 25, 15), 3, byrow = TRUE)).
  auto [p4, o4] = data({{"a", 30, 10}, {"b", 20, 20}, {"c", 25, 15}});
  r = AnalyzeCategoricalAssociation(p4, {o4});
  EXPECT_EQ(r[0].test, "chisq");
  EXPECT_NEAR(*r[0].statistic, 5.33333333333333, 1e-9);
  EXPECT_NEAR(r[0].p_value, 0.0694834512228015, 1e-12);
  // One category only: nothing to compare.
  auto [p1, o1] = data({{"a", 3, 2}});
  EXPECT_THROW(AnalyzeCategoricalAssociation(p1, {o1}), Error);
}

}  // namespace tandem::stats
