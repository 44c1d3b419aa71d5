#include "stats/rank_tests.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "stats/p_adjust.h"
#include "stats/reliability.h"

namespace tandem::stats {
namespace {

TEST(AverageRanksTest, TiesShareTheirAverageRank) {
  struct Case {
    std::vector<double> values, ranks;
  } cases[] = {
      {{}, {}},
      {{7}, {1}},
      {{3, 1, 2}, {3, 1, 2}},
      {{2, 2, 1}, {2.5, 2.5, 1}},
      {{4, 4, 4, 4}, {2.5, 2.5, 2.5, 2.5}},
      {{5, 1, 5, 3, 1}, {4.5, 1.5, 4.5, 3, 1.5}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.values));
    EXPECT_EQ(AverageRanks(c.values), c.ranks);
  }
}

TEST(WilcoxonTest, KnownValuesFromR) {
  // wilcox.test(c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30),
  //             c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29),
  //             paired = TRUE, alternative = "greater"): V = 40, p = 0.01953
  const std::vector<double> x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
  const std::vector<double> y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
  WilcoxonOptions greater;
  greater.alternative = Alternative::kGreater;
  const RankTestResult paired = WilcoxonSignedRank(y, x, greater);
  EXPECT_TRUE(paired.exact);
  EXPECT_EQ(paired.statistic, 40);
  EXPECT_NEAR(paired.p_value, 0.01953125, 1e-15);
  // wilcox.test(x, y): W = 58, p = 0.1329 (y holds a tie: normal approximation).
  const RankTestResult two = WilcoxonRankSum(x, y);
  EXPECT_FALSE(two.exact);
  EXPECT_EQ(two.statistic, 58);
  EXPECT_NEAR(two.p_value, 0.13291945818531886, 1e-9);
}

TEST(WilcoxonTest, RejectsBadInput) {
  EXPECT_THROW(WilcoxonRankSum({}, {1}), Error);
  EXPECT_THROW(WilcoxonRankSum({NAN}, {1}), Error);
  EXPECT_THROW(WilcoxonSignedRank({1, 2}, {1}), Error);
  EXPECT_THROW(KruskalWallis({{1, 2}}), Error);
  EXPECT_THROW(SpearmanCorrelation({1, 2}, {2, 1}), Error);
  EXPECT_TRUE(std::isnan(WilcoxonRankSum({3, 3}, {3, 3}).p_value));
  EXPECT_TRUE(std::isnan(SpearmanCorrelation({1, 1, 1}, {1, 2, 3}).rho));
}

TEST(PAdjustTest, HolmAndBenjaminiHochberg) {
  // p.adjust(c(0.0423, 0.0423, 0.0302), "holm") and "BH".
  for (double v : HolmAdjust({0.0423, 0.0423, 0.0302})) EXPECT_DOUBLE_EQ(v, 0.0906);
  const std::vector<double> bh = BenjaminiHochbergAdjust({0.0423, 0.0423, 0.0302});
  for (double v : bh) EXPECT_DOUBLE_EQ(v, 0.0423);
  EXPECT_TRUE(HolmAdjust({}).empty());
  EXPECT_THROW(HolmAdjust({0.5, 1.5}), Error);
}

TEST(ReliabilityTest, AlphaAndKappa) {
  // Perfectly consistent items: alpha = 1.
  EXPECT_DOUBLE_EQ(CronbachAlpha({{1, 1}, {2, 2}, {3, 3}}), 1.0);
  EXPECT_THROW(CronbachAlpha({{1, 2}}), Error);
  EXPECT_THROW(CronbachAlpha({{1, 2}, {1}}), Error);
  const KappaResult k = CohenKappa({"a", "a", "b", "b"}, {"a", "a", "b", "b"});
  EXPECT_DOUBLE_EQ(k.kappa, 1.0);
  EXPECT_THROW(CohenKappa({"a"}, {"a", "b"}), Error);
  // By hand: 10 units, both "1" on 3, both "0" on 5, split on 2. po = 0.8;
  // margins A 4/6, B 4/6 (the splits go one each way): pe = 0.4*0.4 + 0.6*0.6
  // = 0.52; kappa = 0.28 / 0.48 = 0.58333; SE = sqrt(0.8*0.2/(10*0.48^2)) =
  // 0.26352.
  const KappaResult hand = CohenKappa({"1", "1", "1", "1", "0", "0", "0", "0", "0", "0"},
                                      {"1", "1", "1", "0", "1", "0", "0", "0", "0", "0"});
  EXPECT_NEAR(hand.kappa, 0.583333, 1e-6);
  EXPECT_NEAR(hand.standard_error, 0.263523, 1e-6);
  EXPECT_TRUE(std::isnan(CohenKappa({"a", "a"}, {"a", "a"}).kappa));
}

}  // namespace
}  // namespace tandem::stats
