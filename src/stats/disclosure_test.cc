#include "stats/disclosure.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem::stats {
namespace {

using Cells = std::vector<std::optional<int>>;
constexpr auto kHidden = std::nullopt;

// No published sum is left with one hidden cell, or with hidden cells that
// could only all be k - 1 while a shown cell could still be hidden.
void ExpectSafe(const std::vector<int>& cells, const std::vector<std::vector<int>>& sums, int k) {
  const std::vector<bool> hidden = CellsToSuppress(cells, sums, k);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i] < k) {
      EXPECT_TRUE(hidden[i]) << "cell " << i;
    }
  }
  for (const auto& sum : sums) {
    int count = 0, total = 0;
    bool all_hidden = true;
    for (int i : sum) all_hidden = all_hidden && hidden[i];
    for (int i : sum) {
      if (hidden[i]) {
        ++count;
        total += cells[i];
      }
    }
    if (all_hidden) continue;  // nothing left to hide: see disclosure.h
    EXPECT_NE(count, 1);
    if (count > 1) {
      EXPECT_NE(total, count * (k - 1));
    }
  }
}

TEST(SuppressTest, HidesCountsUnderKZerosIncluded) {
  // A distribution without a published total: only the primary cells go.
  EXPECT_EQ(Suppress({0, 3, 12, 4, 20}, {}, 5), (Cells{kHidden, kHidden, 12, kHidden, 20}));
  EXPECT_EQ(Suppress({5, 6, 7}, {{0, 1, 2}}, 5), (Cells{5, 6, 7}));
}

TEST(SuppressTest, TheReferenceProgramsPairs) {
  // 35 pairs: 0 active, 33 completed, 2 dissolved. The two hidden cells add
  // up to 2, which could be 0 + 2, 1 + 1 or 2 + 0: 33 can stay.
  EXPECT_EQ(Suppress({0, 33, 2}, {{0, 1, 2}}, 5), (Cells{kHidden, 33, kHidden}));
  ExpectSafe({0, 33, 2}, {{0, 1, 2}}, 5);
}

TEST(SuppressTest, ALoneHiddenCellTakesTheSmallestOtherWithIt) {
  // A Likert item with n = 32 shown: 1 strongly disagree, then 6, 9, 10, 6.
  EXPECT_EQ(Suppress({1, 6, 9, 10, 6}, {{0, 1, 2, 3, 4}}, 5), (Cells{kHidden, kHidden, 9, 10, 6}));
  ExpectSafe({1, 6, 9, 10, 6}, {{0, 1, 2, 3, 4}}, 5);
}

TEST(SuppressTest, HiddenCellsThatCanOnlyBeKMinusOneAreClosedToo) {
  // 4 + 4 of 20: both hidden, but "< 5" twice adding up to 8 means 4 and 4.
  EXPECT_EQ(Suppress({4, 4, 12}, {{0, 1, 2}}, 5), (Cells{kHidden, kHidden, kHidden}));
}

TEST(SuppressTest, PercentAgreeIsAPublishedSum) {
  // Agree (4) and strongly agree (5) are published together as the percent
  // agreeing: with 3 strongly agreeing, the 10 agreeing must go too, which
  // also closes the total; the disagreeing side stays shown.
  const std::vector<std::vector<int>> sums = {{0, 1, 2, 3, 4}, {3, 4}, {0, 1, 2}};
  EXPECT_EQ(Suppress({6, 7, 8, 10, 3}, sums, 5), (Cells{6, 7, 8, kHidden, kHidden}));
  ExpectSafe({6, 7, 8, 10, 3}, sums, 5);
  // With 3 disagreeing as well, each side loses its smallest other cell.
  EXPECT_EQ(Suppress({3, 7, 8, 10, 3}, sums, 5), (Cells{kHidden, kHidden, 8, kHidden, kHidden}));
  ExpectSafe({3, 7, 8, 10, 3}, sums, 5);
}

TEST(SuppressTest, TwoWayTablesHoldAcrossRowsAndColumns) {
  // 2 x 3, row-major, rows and columns published:
  //   2 10 12 | 24
  //   9  8 11 | 28
  // The 2 hides; its column takes the 9, its row the 10, and the 9's row
  // the 8, which also closes the 10's column.
  const std::vector<int> cells = {2, 10, 12, 9, 8, 11};
  const std::vector<std::vector<int>> sums = {{0, 1, 2}, {3, 4, 5}, {0, 3}, {1, 4}, {2, 5}};
  EXPECT_EQ(CellsToSuppress(cells, sums, 5),
            (std::vector<bool>{true, true, false, true, true, false}));
  ExpectSafe(cells, sums, 5);
}

TEST(SuppressTest, EveryTableOfThreeCellsUpToTenIsSafe) {
  for (int a = 0; a <= 10; ++a) {
    for (int b = 0; b <= 10; ++b) {
      for (int c = 0; c <= 10; ++c) {
        SCOPED_TRACE(testing::Message() << a << " " << b << " " << c);
        ExpectSafe({a, b, c}, {{0, 1, 2}}, 5);
      }
    }
  }
}

TEST(SuppressTest, KOfOneHidesNothingAndBadInputIsRefused) {
  EXPECT_EQ(Suppress({0, 2}, {{0, 1}}, 1), (Cells{0, 2}));
  EXPECT_THROW(Suppress({-1}, {}, 5), Error);
  EXPECT_THROW(Suppress({1, 2}, {{0, 2}}, 5), Error);
}

}  // namespace
}  // namespace tandem::stats
