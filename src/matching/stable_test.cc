#include "matching/stable.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace tandem::matching {
namespace {

struct Instance {
  BipartiteGraph graph;
  Preferences prefs;
};

// Random market: some pairs unacceptable, capacities 1..2 on the receiving side.
Instance RandomInstance(std::mt19937& rng, int max_side, int max_arcs, bool mentee_cap_one) {
  std::uniform_int_distribution<int> side(1, max_side);
  const int L = side(rng), R = side(rng);
  std::vector<int> lc(L), rc(R);
  for (int& c : lc) c = mentee_cap_one ? 1 : std::uniform_int_distribution<int>(1, 2)(rng);
  for (int& c : rc) c = std::uniform_int_distribution<int>(1, 2)(rng);
  BipartiteGraphBuilder b(lc, rc);
  std::vector<std::pair<int, int>> all;
  for (int i = 0; i < L; ++i) {
    for (int r = 0; r < R; ++r) all.push_back({i, r});
  }
  std::shuffle(all.begin(), all.end(), rng);
  all.resize(std::min<size_t>(all.size(), max_arcs));
  for (const auto& [i, r] : all) b.AddArc(i, r, 0);
  Instance inst{std::move(b).Build(), {}};
  std::vector<long long> lk(inst.graph.arc_count()), rk(inst.graph.arc_count());
  std::uniform_int_distribution<int> key(0, 3);  // ties, broken by index
  for (auto& k : lk) k = key(rng);
  for (auto& k : rk) k = key(rng);
  inst.prefs = RankArcs(inst.graph, lk, rk);
  return inst;
}

std::vector<int> ArcLeftOf(const BipartiteGraph& g) {
  std::vector<int> arc_left(g.arc_count());
  for (int i = 0; i < g.left_count; ++i) {
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) arc_left[a] = i;
  }
  return arc_left;
}

// Every stable assignment, by enumerating every subset of arcs.
std::vector<std::vector<int>> AllStable(const Instance& inst) {
  const BipartiteGraph& g = inst.graph;
  const std::vector<int> arc_left = ArcLeftOf(g);
  std::vector<std::vector<int>> stable;
  for (std::uint32_t mask = 0; mask < (1u << g.arc_count()); ++mask) {
    std::vector<int> lu(g.left_count), ru(g.right_count), chosen;
    bool ok = true;
    for (int a = 0; a < g.arc_count() && ok; ++a) {
      if (!(mask >> a & 1)) continue;
      chosen.push_back(a);
      ok = ++lu[arc_left[a]] <= g.left_capacity[arc_left[a]] &&
           ++ru[g.arc_right[a]] <= g.right_capacity[g.arc_right[a]];
    }
    if (ok && CountBlockingPairs(g, inst.prefs, chosen) == 0) stable.push_back(chosen);
  }
  return stable;
}

// Ranks a node holds in an assignment, best first, padded with "unmatched"
// (a rank worse than any) up to its capacity.
std::vector<int> HeldRanks(const Instance& inst, const std::vector<int>& chosen, bool left,
                           int node) {
  const BipartiteGraph& g = inst.graph;
  const std::vector<int> arc_left = ArcLeftOf(g);
  std::vector<int> ranks;
  for (int a : chosen) {
    if (left && arc_left[a] == node) ranks.push_back(inst.prefs.left_rank[a]);
    if (!left && g.arc_right[a] == node) ranks.push_back(inst.prefs.right_rank[a]);
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.resize(left ? g.left_capacity[node] : g.right_capacity[node], 1 << 20);
  return ranks;
}

TEST(StableTest, ProposerOptimalAgainstBruteForce) {
  std::mt19937 rng(7);
  int checked = 0;
  for (int round = 0; round < 400; ++round) {
    SCOPED_TRACE(round);
    const bool mentees_propose = round % 2 == 0;
    // Mentees (left) have capacity 1 here: hospitals/residents.
    const Instance inst = RandomInstance(rng, 7, 14, true);
    const std::vector<std::vector<int>> stable = AllStable(inst);
    ASSERT_FALSE(stable.empty()) << "a stable matching always exists";
    const std::vector<int> da = DeferredAcceptance(
        inst.graph, inst.prefs, mentees_propose ? Proposer::kLeft : Proposer::kRight);
    EXPECT_EQ(CountBlockingPairs(inst.graph, inst.prefs, da), 0);
    EXPECT_NE(std::find(stable.begin(), stable.end(), da), stable.end());
    const int nodes = mentees_propose ? inst.graph.left_count : inst.graph.right_count;
    for (const std::vector<int>& other : stable) {
      for (int v = 0; v < nodes; ++v) {
        const std::vector<int> mine = HeldRanks(inst, da, mentees_propose, v);
        const std::vector<int> theirs = HeldRanks(inst, other, mentees_propose, v);
        for (size_t k = 0; k < mine.size(); ++k) {
          EXPECT_LE(mine[k], theirs[k])
              << "node " << v << " does better in another stable matching";
        }
      }
    }
    checked += static_cast<int>(stable.size());
  }
  EXPECT_GT(checked, 400);
}

TEST(StableTest, NoBlockingPairsOnLargerRandomInstances) {
  std::mt19937 rng(11);
  for (int round = 0; round < 100; ++round) {
    SCOPED_TRACE(round);
    const Instance inst = RandomInstance(rng, 40, 600, round % 3 != 0);
    for (Proposer p : {Proposer::kLeft, Proposer::kRight}) {
      const std::vector<int> da = DeferredAcceptance(inst.graph, inst.prefs, p);
      EXPECT_EQ(CountBlockingPairs(inst.graph, inst.prefs, da), 0);
      EXPECT_EQ(DeferredAcceptance(inst.graph, inst.prefs, p), da) << "deterministic";
    }
  }
}

TEST(StableTest, ClassicExample) {
  // Two mentees, two mentors, opposite preferences: each side's proposals win.
  BipartiteGraphBuilder b({1, 1}, {1, 1});
  b.AddArc(0, 0, 0);  // arc 0
  b.AddArc(0, 1, 0);  // arc 1
  b.AddArc(1, 0, 0);  // arc 2
  b.AddArc(1, 1, 0);  // arc 3
  const BipartiteGraph g = std::move(b).Build();
  // Mentee 0 prefers mentor 0, mentee 1 prefers mentor 1; mentors the opposite.
  const Preferences p = RankArcs(g, {0, 1, 1, 0}, {1, 0, 0, 1});
  EXPECT_EQ(DeferredAcceptance(g, p, Proposer::kLeft), (std::vector<int>{0, 3}));
  EXPECT_EQ(DeferredAcceptance(g, p, Proposer::kRight), (std::vector<int>{1, 2}));
  EXPECT_EQ(CountBlockingPairs(g, p, {0, 3}), 0);
  EXPECT_EQ(CountBlockingPairs(g, p, {}), 4);
}

}  // namespace
}  // namespace tandem::matching
