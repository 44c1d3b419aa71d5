#include "matching/flow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <functional>
#include <random>

#include "core/error.h"

namespace tandem::matching {
namespace {

struct Best {
  int cardinality = 0;
  std::int64_t total = 0;
  std::int64_t minimum = INT64_MAX;
};

// Every subset of arcs that respects the capacities; the lexicographic best
// for the "optimal" (cardinality, total) and "fair" (cardinality, min, total) orders.
void BruteForce(const BipartiteGraph& g, Best& optimal, Best& fair) {
  const int A = g.arc_count();
  std::vector<int> arc_left(A);
  for (int i = 0; i < g.left_count; ++i) {
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) arc_left[a] = i;
  }
  optimal = fair = Best{0, 0, INT64_MAX};
  for (std::uint32_t mask = 0; mask < (1u << A); ++mask) {
    std::vector<int> lu(g.left_count), ru(g.right_count);
    Best b;
    bool ok = true;
    for (int a = 0; a < A && ok; ++a) {
      if (!(mask >> a & 1)) continue;
      ok = ++lu[arc_left[a]] <= g.left_capacity[arc_left[a]] &&
           ++ru[g.arc_right[a]] <= g.right_capacity[g.arc_right[a]];
      ++b.cardinality;
      b.total += g.arc_weight[a];
      b.minimum = std::min(b.minimum, g.arc_weight[a]);
    }
    if (!ok) continue;
    if (std::tie(b.cardinality, b.total) > std::tie(optimal.cardinality, optimal.total)) {
      optimal = b;
    }
    if (std::tie(b.cardinality, b.minimum, b.total) >
            std::tie(fair.cardinality, fair.minimum, fair.total) ||
        (fair.cardinality == 0 && b.cardinality == 0)) {
      fair = b;
    }
  }
}

BipartiteGraph RandomGraph(std::mt19937& rng, int max_arcs) {
  std::uniform_int_distribution<int> nodes(0, 5);
  const int L = nodes(rng), R = nodes(rng);
  std::vector<int> lc(L), rc(R);
  for (int& c : lc) c = std::uniform_int_distribution<int>(0, 2)(rng);
  for (int& c : rc) c = std::uniform_int_distribution<int>(0, 3)(rng);
  BipartiteGraphBuilder b(lc, rc);
  std::vector<std::pair<int, int>> all;
  for (int i = 0; i < L; ++i) {
    for (int r = 0; r < R; ++r) all.push_back({i, r});
  }
  std::shuffle(all.begin(), all.end(), rng);
  const int A = std::min<int>(all.size(), std::uniform_int_distribution<int>(0, max_arcs)(rng));
  std::uniform_int_distribution<int> w(-5, 20);  // ties and negative weights
  for (int k = 0; k < A; ++k) b.AddArc(all[k].first, all[k].second, w(rng));
  return std::move(b).Build();
}

void CheckFeasible(const BipartiteGraph& g, const Assignment& a) {
  std::vector<int> lu(g.left_count), ru(g.right_count);
  std::vector<int> arc_left(g.arc_count());
  for (int i = 0; i < g.left_count; ++i) {
    for (int k = g.arc_begin[i]; k < g.arc_begin[i + 1]; ++k) arc_left[k] = i;
  }
  std::int64_t total = 0;
  for (size_t k = 0; k < a.arcs.size(); ++k) {
    if (k > 0) {
      ASSERT_LT(a.arcs[k - 1], a.arcs[k]);
    }
    const int arc = a.arcs[k];
    ASSERT_LE(++lu[arc_left[arc]], g.left_capacity[arc_left[arc]]);
    ASSERT_LE(++ru[g.arc_right[arc]], g.right_capacity[g.arc_right[arc]]);
    total += g.arc_weight[arc];
  }
  EXPECT_EQ(total, a.total_weight);
}

TEST(FlowTest, MatchesBruteForceOnRandomSmallGraphs) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 600; ++round) {
    SCOPED_TRACE(round);
    const BipartiteGraph g = RandomGraph(rng, 12);
    Best optimal, fair;
    BruteForce(g, optimal, fair);

    const Assignment a = SolveMaxWeightAssignment(g);
    CheckFeasible(g, a);
    EXPECT_EQ(a.cardinality(), optimal.cardinality);
    EXPECT_EQ(a.total_weight, optimal.total);
    EXPECT_EQ(MaxCardinality(g), optimal.cardinality);

    const Assignment f = SolveFairAssignment(g);
    CheckFeasible(g, f);
    EXPECT_EQ(f.cardinality(), fair.cardinality);
    EXPECT_EQ(f.total_weight, fair.total);
    std::int64_t minimum = INT64_MAX;
    for (int arc : f.arcs) minimum = std::min(minimum, g.arc_weight[arc]);
    EXPECT_EQ(minimum, fair.minimum);
    EXPECT_EQ(SolveMaxWeightAssignment(g).arcs, a.arcs) << "deterministic";
  }
}

// Maximum flow by plain augmenting paths (Ford-Fulkerson with depth-first
// search over the residual graph, unit by unit): the reference for the
// cardinality of graphs too large to enumerate.
int AugmentingPathCardinality(const BipartiteGraph& g, std::int64_t min_weight) {
  const int L = g.left_count, R = g.right_count;
  std::vector<int> flow(g.arc_count(), 0), left_used(L, 0), right_used(R, 0);
  std::vector<int> arc_left(g.arc_count());
  for (int i = 0; i < L; ++i) {
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) arc_left[a] = i;
  }
  std::vector<char> seen_left, seen_right;
  // From left node i: true when a unit reaches a right node with room.
  std::function<bool(int)> augment = [&](int i) {
    seen_left[i] = 1;
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) {
      const int r = g.arc_right[a];
      if (flow[a] || g.arc_weight[a] < min_weight || seen_right[r]) continue;
      seen_right[r] = 1;
      if (right_used[r] < g.right_capacity[r]) {
        flow[a] = 1;
        ++right_used[r];
        return true;
      }
      for (int b = 0; b < g.arc_count(); ++b) {  // r's holders give up their unit
        if (g.arc_right[b] != r || !flow[b] || seen_left[arc_left[b]]) continue;
        if (augment(arc_left[b])) {
          flow[b] = 0;
          flow[a] = 1;
          return true;
        }
      }
    }
    return false;
  };
  int total = 0;
  for (int i = 0; i < L; ++i) {
    while (left_used[i] < g.left_capacity[i]) {
      seen_left.assign(L, 0);
      seen_right.assign(R, 0);
      if (!augment(i)) break;
      ++left_used[i];
      ++total;
    }
  }
  return total;
}

// Hopcroft-Karp (greedy start, level-limited searches, right nodes levelled
// once, spent right nodes skipped) against plain augmenting paths on graphs
// where the greedy start leaves many augmentations: scarce, uneven capacity,
// popular right nodes, and weight thresholds.
TEST(FlowTest, MaxCardinalityMatchesAugmentingPaths) {
  std::mt19937 rng(2026);
  for (int round = 0; round < 40; ++round) {
    SCOPED_TRACE(round);
    const int L = std::uniform_int_distribution<int>(20, 160)(rng);
    const int R = std::uniform_int_distribution<int>(5, 80)(rng);
    std::vector<int> lc(L), rc(R);
    for (int& c : lc) c = std::uniform_int_distribution<int>(0, 5)(rng) == 0 ? 2 : 1;
    for (int& c : rc) c = std::uniform_int_distribution<int>(0, 3)(rng);
    BipartiteGraphBuilder b(lc, rc);
    // Right node r is popular in proportion to 1 / (r + 1).
    std::vector<double> popularity(R);
    for (int r = 0; r < R; ++r) popularity[r] = 1.0 / (r + 1);
    std::discrete_distribution<int> popular(popularity.begin(), popularity.end());
    for (int i = 0; i < L; ++i) {
      std::vector<char> taken(R, 0);
      const int degree = std::uniform_int_distribution<int>(0, 6)(rng);
      for (int d = 0; d < degree; ++d) {
        const int r = popular(rng);
        if (taken[r]) continue;
        taken[r] = 1;
        b.AddArc(i, r, std::uniform_int_distribution<int>(0, 9)(rng));
      }
    }
    const BipartiteGraph g = std::move(b).Build();
    for (std::int64_t min_weight : {std::int64_t{INT64_MIN}, std::int64_t{3}, std::int64_t{7}}) {
      EXPECT_EQ(MaxCardinality(g, min_weight), AugmentingPathCardinality(g, min_weight))
          << "min weight " << min_weight;
    }
  }
}

// Square instances with a perfect assignment take the auction path; it must
// agree with shortest paths exactly.
TEST(FlowTest, AuctionAgreesWithShortestPaths) {
  std::mt19937 rng(77);
  int auctions = 0;
  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE(round);
    const int n = 1 + round % 40;
    std::vector<int> rc;
    for (int left = n; left > 0;) {
      rc.push_back(std::min(left, 1 + static_cast<int>(rng() % 3)));
      left -= rc.back();
    }
    BipartiteGraphBuilder b(std::vector<int>(n, 1), rc);
    std::vector<int> slot_owner;
    for (int r = 0; r < static_cast<int>(rc.size()); ++r)
      slot_owner.insert(slot_owner.end(), rc[r], r);
    std::shuffle(slot_owner.begin(), slot_owner.end(), rng);
    const std::int64_t range = round % 2 ? 5 : 1'000'000;
    for (int i = 0; i < n; ++i) {
      for (int r = 0; r < static_cast<int>(rc.size()); ++r) {
        // A hidden perfect assignment plus random extra arcs.
        if (slot_owner[i] == r || rng() % 3 == 0) {
          b.AddArc(i, r, static_cast<std::int64_t>(rng() % range) - range / 4);
        }
      }
    }
    const BipartiteGraph g = std::move(b).Build();
    const Assignment sp = SolveMaxWeightAssignment(g, AssignmentAlgorithm::kShortestPath);
    const Assignment auction = SolveMaxWeightAssignment(g, AssignmentAlgorithm::kAuction);
    CheckFeasible(g, auction);
    EXPECT_EQ(auction.cardinality(), n);
    EXPECT_EQ(auction.total_weight, sp.total_weight);
    ++auctions;
  }
  EXPECT_EQ(auctions, 300);
}

// Unbalanced and non-perfect instances (left capacities 0 or 1): the auction
// runs on the problem extended with "unplaced" slots and dummy bidders; it
// must agree with shortest paths on cardinality and total.
TEST(FlowTest, AuctionAgreesWithShortestPathsWhenNotPerfect) {
  std::mt19937 rng(4242);
  for (int round = 0; round < 400; ++round) {
    SCOPED_TRACE(round);
    const int L = static_cast<int>(rng() % 30), R = static_cast<int>(rng() % 20);
    std::vector<int> lc(L), rc(R);
    for (int& c : lc) c = rng() % 6 == 0 ? 0 : 1;
    for (int& c : rc) c = static_cast<int>(rng() % 5);  // up to 4 slots: heaps of 3+ levels
    BipartiteGraphBuilder b(lc, rc);
    const std::int64_t range = round % 3 == 0 ? 2 : round % 3 == 1 ? 1000 : 100'000'000;
    const int density = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < L; ++i) {
      for (int r = 0; r < R; ++r) {
        if (static_cast<int>(rng() % 5) < density) {
          b.AddArc(i, r, static_cast<std::int64_t>(rng() % range) - range / 3);
        }
      }
    }
    const BipartiteGraph g = std::move(b).Build();
    const Assignment sp = SolveMaxWeightAssignment(g, AssignmentAlgorithm::kShortestPath);
    const Assignment auction = SolveMaxWeightAssignment(g, AssignmentAlgorithm::kAuction);
    CheckFeasible(g, auction);
    EXPECT_EQ(auction.cardinality(), sp.cardinality());
    EXPECT_EQ(auction.total_weight, sp.total_weight);
    EXPECT_EQ(SolveMaxWeightAssignment(g, AssignmentAlgorithm::kAuction).arcs, auction.arcs)
        << "deterministic";
  }
}

// A mid-sized saturated pool like the large benchmark (every slot needed):
// the auction's early stop (rounded prices proven optimal) and its full run
// agree with shortest paths.
TEST(FlowTest, AuctionOnSaturatedPool) {
  std::mt19937 rng(5);
  const int L = 2000, R = 1000, degree = 12;
  BipartiteGraphBuilder b(std::vector<int>(L, 1), std::vector<int>(R, 2));
  for (int i = 0; i < L; ++i) {
    std::vector<int> chosen = {i / 2};  // a hidden perfect assignment
    while (static_cast<int>(chosen.size()) < degree) {
      const int r = static_cast<int>(rng() % R);
      if (std::find(chosen.begin(), chosen.end(), r) == chosen.end()) chosen.push_back(r);
    }
    for (int r : chosen) b.AddArc(i, r, -static_cast<std::int64_t>(rng() % 1001));
  }
  const BipartiteGraph g = std::move(b).Build();
  const Assignment sp = SolveMaxWeightAssignment(g, AssignmentAlgorithm::kShortestPath);
  const Assignment auction = SolveMaxWeightAssignment(g, AssignmentAlgorithm::kAuction);
  CheckFeasible(g, auction);
  EXPECT_EQ(auction.cardinality(), L);
  EXPECT_EQ(auction.total_weight, sp.total_weight);
}

TEST(FlowTest, EdgeCases) {
  struct Case {
    const char* name;
    std::vector<int> left, right;
    std::vector<std::tuple<int, int, std::int64_t>> arcs;
    int cardinality;
    std::int64_t total;
  };
  const Case cases[] = {
      {"empty", {}, {}, {}, 0, 0},
      {"no arcs", {1, 1}, {1}, {}, 0, 0},
      {"zero capacity", {0}, {1}, {{0, 0, 5}}, 0, 0},
      {"cardinality beats weight", {1, 1}, {1, 1}, {{0, 0, 100}, {0, 1, 1}, {1, 0, 1}}, 2, 2},
      {"negative weights still matched", {1}, {1}, {{0, 0, -7}}, 1, -7},
      {"capacity two", {1, 1, 1}, {2}, {{0, 0, 3}, {1, 0, 5}, {2, 0, 4}}, 2, 9},
      {"co-mentors", {2}, {1, 1, 1}, {{0, 0, 3}, {0, 1, 5}, {0, 2, 4}}, 2, 9},
      {"huge weights",
       {1, 1},
       {1, 1},
       {{0, 0, 1'000'000'000'000}, {0, 1, -1'000'000'000'000}, {1, 0, 0}},
       2,
       -1'000'000'000'000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    BipartiteGraphBuilder b(c.left, c.right);
    for (const auto& [l, r, w] : c.arcs) b.AddArc(l, r, w);
    const BipartiteGraph g = std::move(b).Build();
    const Assignment a = SolveMaxWeightAssignment(g);
    EXPECT_EQ(a.cardinality(), c.cardinality);
    EXPECT_EQ(a.total_weight, c.total);
  }
}

TEST(FlowTest, RejectsBadGraphs) {
  {
    BipartiteGraphBuilder b({1}, {1});
    b.AddArc(0, 0, 1);
    b.AddArc(0, 0, 2);
    EXPECT_THROW(std::move(b).Build(), Error);
  }
  {
    BipartiteGraphBuilder b({1}, {1});
    b.AddArc(0, 1, 1);
    EXPECT_THROW(std::move(b).Build(), Error);
  }
  {
    BipartiteGraphBuilder b({1}, {1});
    b.AddArc(0, 0, INT64_MAX / 2);
    b.AddArc(0, 0 + 0, 0);  // duplicate is reported first; check range below
    EXPECT_THROW(std::move(b).Build(), Error);
  }
  {
    // Differences without a common factor (the auction divides one out), so
    // the range stays too wide.
    BipartiteGraphBuilder b({1, 1, 1}, {1});
    b.AddArc(0, 0, INT64_MAX / 2);
    b.AddArc(1, 0, -INT64_MAX / 2);
    b.AddArc(2, 0, -INT64_MAX / 2 + 1);
    const BipartiteGraph g = std::move(b).Build();
    EXPECT_THROW(SolveMaxWeightAssignment(g), Error) << "range too wide";
  }
}

}  // namespace
}  // namespace tandem::matching
