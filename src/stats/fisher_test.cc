#include "stats/fisher.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "stats/chi_square.h"
#include "stats/proportion.h"

namespace tandem::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(FisherExact2x2Test, KnownValuesFromR) {
  // p-values printed by R 4.2 fisher.test; odds ratios and intervals solved to
  // full precision in R (precise_fisher in tests/r/generate_reference.R; the
  // values fisher.test prints are uniroot results good to about 1e-4, and the
  // CI lower ends for the reference program's tables are those).
  struct Case {
    std::int64_t a, b, c, d;
    Alternative alternative;
    double p, odds_ratio, lower, upper;
  } cases[] = {
      // Fisher's tea-tasting table.
      {3, 1, 1, 3, Alternative::kTwoSided, 0.48571428571428565, 6.40831965819967, 0.211735595446579,
       626.243530588814},
      {3, 1, 1, 3, Alternative::kGreater, 0.24285714285714283, 6.40831965819967, 0.3135692641,
       kInf},
      // The reference program's tables.
      {25, 0, 5, 2, Alternative::kTwoSided, 0.042338709677419366, kInf, 0.721421914, kInf},
      {26, 0, 4, 2, Alternative::kTwoSided, 0.030241935483870989, kInf, 0.8905247774, kInf},
      {0, 5, 5, 0, Alternative::kTwoSided, 0.0079365079365079395, 0, 0, 0.435341205745056},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "[[" << c.a << ", " << c.b << "], [" << c.c << ", " << c.d
                                    << "]] " << AlternativeName(c.alternative));
    const Fisher2x2Result r = FisherExact2x2(c.a, c.b, c.c, c.d, c.alternative);
    EXPECT_NEAR(r.p_value, c.p, 1e-12 * c.p);
    if (std::isinf(c.odds_ratio) || c.odds_ratio == 0) {
      EXPECT_EQ(r.odds_ratio, c.odds_ratio);
    } else {
      EXPECT_NEAR(r.odds_ratio, c.odds_ratio, 1e-9 * c.odds_ratio);
    }
    if (std::isinf(c.upper)) {
      EXPECT_EQ(r.conf_int.upper, kInf);
    } else {
      EXPECT_NEAR(r.conf_int.upper, c.upper, 1e-9 * c.upper);
    }
    EXPECT_NEAR(r.conf_int.lower, c.lower, 1e-4 * std::max(c.lower, 1e-3));
  }
}

TEST(FisherExact2x2Test, LargeTablesDoNotOverflow) {
  struct Case {
    std::int64_t a, b, c, d;
  } cases[] = {{5000, 4000, 4000, 5000}, {20000, 1, 1, 20000}, {100000, 99000, 99500, 100100}};
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.a << "," << c.b << "," << c.c << "," << c.d);
    const Fisher2x2Result r = FisherExact2x2(c.a, c.b, c.c, c.d);
    EXPECT_TRUE(r.p_value >= 0 && r.p_value <= 1);
    EXPECT_TRUE(std::isfinite(r.odds_ratio));
    EXPECT_LE(r.conf_int.lower, r.odds_ratio);
    EXPECT_GE(r.conf_int.upper, r.odds_ratio);
  }
}

TEST(FisherExact2x2Test, RejectsBadInput) {
  EXPECT_THROW(FisherExact2x2(-1, 2, 3, 4), Error);
  EXPECT_THROW(FisherExact2x2(1, 2, 3, 4, Alternative::kTwoSided, 1.0), Error);
  EXPECT_THROW(FisherExact2x2(1, 2, 3, 4, Alternative::kTwoSided, 0.0), Error);
  try {
    FisherExact2x2(1, 2, -3, 4);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "table[2][1]");
  }
}

TEST(FisherExactRxCTest, TwoByTwoAgreesWithTheTwoByTwoTest) {
  const CountTable tables[] = {{{3, 1}, {1, 3}}, {{25, 0}, {5, 2}}, {{10, 12}, {7, 30}}};
  for (const CountTable& t : tables) {
    SCOPED_TRACE(testing::Message()
                 << t[0][0] << "," << t[0][1] << "," << t[1][0] << "," << t[1][1]);
    EXPECT_NEAR(FisherExactRxC(t).p_value,
                FisherExact2x2(t[0][0], t[0][1], t[1][0], t[1][1]).p_value, 1e-12);
  }
}

TEST(FisherExactRxCTest, DropsEmptyRowsAndColumns) {
  EXPECT_NEAR(FisherExactRxC({{3, 0, 1}, {0, 0, 0}, {1, 0, 3}}).p_value,
              FisherExact2x2(3, 1, 1, 3).p_value, 1e-12);
  EXPECT_EQ(FisherExactRxC({{3, 0}, {4, 0}}).p_value, 1.0);
}

TEST(FisherExactRxCTest, MonteCarloAgreesWithExactWithinItsError) {
  // Exact p-values from R's fisher.test on the same tables.
  struct Case {
    CountTable table;
    double exact;
  } cases[] = {
      {{{3, 1, 2}, {1, 4, 0}, {2, 2, 5}}, 0.13953628930409110},
      {{{8, 2, 1}, {1, 6, 3}}, 0.013030313339910742},
  };
  for (const Case& c : cases) {
    FisherRxCOptions options;
    options.force_monte_carlo = true;
    options.replicates = 200000;
    const FisherRxCResult r = FisherExactRxC(c.table, options);
    EXPECT_TRUE(r.simulated);
    EXPECT_NEAR(FisherExactRxC(c.table).p_value, c.exact, 1e-9 * c.exact);
    // Four Monte Carlo standard errors plus the 1 / (B + 1) offset.
    const double se = std::sqrt(c.exact * (1 - c.exact) / 200000.0);
    EXPECT_NEAR(r.p_value, c.exact, 4 * se + 1.0 / 200001);
    // Deterministic for the same seed.
    EXPECT_EQ(FisherExactRxC(c.table, options).p_value, r.p_value);
  }
}

TEST(FisherExactRxCTest, FallsBackToMonteCarloBeyondTheBudget) {
  FisherRxCOptions options;
  options.max_exact_tables = 10;
  options.replicates = 2000;
  const FisherRxCResult r = FisherExactRxC({{10, 12, 9}, {7, 30, 4}, {5, 5, 5}}, options);
  EXPECT_TRUE(r.simulated);
  EXPECT_EQ(r.replicates, 2000);
  EXPECT_GT(r.p_value, 0);
  EXPECT_LE(r.p_value, 1);
}

TEST(ChiSquareTest, ReportsSmallExpectedCounts) {
  const ChiSquareResult r = ChiSquareTest({{25, 0}, {5, 2}}, /*yates=*/true);
  EXPECT_TRUE(r.yates_applied);
  EXPECT_EQ(r.cells_below_five, 2);
  EXPECT_NEAR(r.min_expected, 7.0 * 2 / 32, 1e-15);
  EXPECT_THROW(ChiSquareTest({{0, 0}, {0, 0}}), Error);
  EXPECT_THROW(McNemarTest({{1, 2, 3}, {4, 5, 6}}), Error);
}

TEST(ProportionTest, RejectsBadInput) {
  struct Case {
    std::int64_t k, n;
    double conf;
    const char* field;
  } cases[] = {{36, 35, 0.95, "successes"},
               {-1, 35, 0.95, "successes"},
               {0, 0, 0.95, "n"},
               {1, 2, 1.5, "conf_level"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.k << "/" << c.n << " at " << c.conf);
    try {
      EstimateProportion(c.k, c.n, c.conf);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), c.field);
    }
  }
}

}  // namespace
}  // namespace tandem::stats
