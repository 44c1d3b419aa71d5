// The solvers against LEMON 1.3.1 (a test-only reference) on random instances
// with capacities, forbidden pairs, unequal sides and tied weights.
#include <gtest/gtest.h>
#include <lemon/list_graph.h>
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>

#include <algorithm>
#include <random>

#include "matching/flow.h"

namespace tandem::matching {
namespace {

struct Reference {
  int cardinality = 0;
  std::int64_t total = 0;
};

// Most arcs, then greatest weight, with LEMON: the maximum flow value from
// Preflow, then NetworkSimplex for the min-cost flow of that value.
Reference SolveWithLemon(const BipartiteGraph& g, std::int64_t min_weight = INT64_MIN) {
  lemon::ListDigraph d;
  const auto s = d.addNode(), t = d.addNode();
  std::vector<lemon::ListDigraph::Node> left, right;
  for (int i = 0; i < g.left_count; ++i) left.push_back(d.addNode());
  for (int r = 0; r < g.right_count; ++r) right.push_back(d.addNode());
  lemon::ListDigraph::ArcMap<long long> cap(d), cost(d);
  for (int i = 0; i < g.left_count; ++i) {
    const auto a = d.addArc(s, left[i]);
    cap[a] = g.left_capacity[i];
    cost[a] = 0;
    for (int k = g.arc_begin[i]; k < g.arc_begin[i + 1]; ++k) {
      if (g.arc_weight[k] < min_weight) continue;
      const auto b = d.addArc(left[i], right[g.arc_right[k]]);
      cap[b] = 1;
      cost[b] = -g.arc_weight[k];
    }
  }
  for (int r = 0; r < g.right_count; ++r) {
    const auto a = d.addArc(right[r], t);
    cap[a] = g.right_capacity[r];
    cost[a] = 0;
  }
  lemon::Preflow<lemon::ListDigraph, lemon::ListDigraph::ArcMap<long long>> preflow(d, cap, s, t);
  preflow.run();
  Reference ref;
  ref.cardinality = static_cast<int>(preflow.flowValue());
  lemon::NetworkSimplex<lemon::ListDigraph, long long, long long> simplex(d);
  simplex.upperMap(cap).costMap(cost).stSupply(s, t, ref.cardinality);
  EXPECT_EQ(simplex.run(), decltype(simplex)::OPTIMAL);
  ref.total = -simplex.totalCost();
  return ref;
}

BipartiteGraph RandomInstance(std::mt19937& rng, int round) {
  const int max_side = round % 10 == 0 ? 60 : 15;
  std::uniform_int_distribution<int> side(0, max_side);
  const int L = side(rng), R = side(rng);
  std::vector<int> lc(L), rc(R);
  const int max_left_cap = round % 4 == 0 ? 2 : 1;  // co-mentors now and then
  for (int& c : lc) c = std::uniform_int_distribution<int>(0, max_left_cap)(rng);
  for (int& c : rc) c = std::uniform_int_distribution<int>(0, 3)(rng);
  BipartiteGraphBuilder b(lc, rc);
  const double density = std::uniform_real_distribution<double>(0.05, 1.0)(rng);
  // Narrow weight ranges give many ties; wide ones test magnitude.
  const std::int64_t range = round % 3 == 0 ? 3 : round % 3 == 1 ? 1000 : 1'000'000'000;
  std::uniform_int_distribution<std::int64_t> weight(-range / 3, range);
  std::bernoulli_distribution keep(density);
  for (int i = 0; i < L; ++i) {
    for (int r = 0; r < R; ++r) {
      if (keep(rng)) b.AddArc(i, r, weight(rng));  // the rest are forbidden
    }
  }
  return std::move(b).Build();
}

TEST(FlowLemonTest, SameObjectiveAsLemonOnRandomInstances) {
  std::mt19937 rng(2024);
  for (int round = 0; round < 400; ++round) {
    SCOPED_TRACE(round);
    const BipartiteGraph g = RandomInstance(rng, round);
    const Reference ref = SolveWithLemon(g);
    const Assignment mine = SolveMaxWeightAssignment(g);
    EXPECT_EQ(mine.cardinality(), ref.cardinality);
    EXPECT_EQ(mine.total_weight, ref.total);
    EXPECT_EQ(MaxCardinality(g), ref.cardinality);

    // Fair: the threshold found must keep the cardinality, one step higher must
    // not, and the total is LEMON's optimum on the arcs above the threshold.
    const Assignment fair = SolveFairAssignment(g);
    EXPECT_EQ(fair.cardinality(), ref.cardinality);
    if (fair.cardinality() > 0) {
      std::int64_t minimum = INT64_MAX;
      for (int a : fair.arcs) minimum = std::min(minimum, g.arc_weight[a]);
      EXPECT_EQ(SolveWithLemon(g, minimum).total, fair.total_weight);
      EXPECT_LT(SolveWithLemon(g, minimum + 1).cardinality, ref.cardinality);
    }
  }
}

}  // namespace
}  // namespace tandem::matching
