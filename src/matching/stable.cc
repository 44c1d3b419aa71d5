#include "matching/stable.h"

#include <algorithm>
#include <numeric>

namespace tandem::matching {

namespace {

std::vector<int> ArcLeft(const BipartiteGraph& g) {
  std::vector<int> arc_left(g.arc_count());
  for (int i = 0; i < g.left_count; ++i) {
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) arc_left[a] = i;
  }
  return arc_left;
}

// Arcs of each right node, as CSR.
void RightArcs(const BipartiteGraph& g, std::vector<int>& begin, std::vector<int>& arcs) {
  begin.assign(g.right_count + 1, 0);
  for (int r : g.arc_right) ++begin[r + 1];
  for (int r = 0; r < g.right_count; ++r) begin[r + 1] += begin[r];
  arcs.resize(g.arc_count());
  std::vector<int> fill(begin.begin(), begin.end() - 1);
  for (int a = 0; a < g.arc_count(); ++a) arcs[fill[g.arc_right[a]]++] = a;
}

}  // namespace

Preferences RankArcs(const BipartiteGraph& g, const std::vector<long long>& left_key,
                     const std::vector<long long>& right_key) {
  Preferences p;
  p.left_rank.assign(g.arc_count(), 0);
  p.right_rank.assign(g.arc_count(), 0);
  const std::vector<int> arc_left = ArcLeft(g);
  std::vector<int> order;
  for (int i = 0; i < g.left_count; ++i) {
    order.resize(g.arc_begin[i + 1] - g.arc_begin[i]);
    std::iota(order.begin(), order.end(), g.arc_begin[i]);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return left_key[a] != left_key[b] ? left_key[a] < left_key[b]
                                        : g.arc_right[a] < g.arc_right[b];
    });
    for (size_t k = 0; k < order.size(); ++k) p.left_rank[order[k]] = static_cast<int>(k);
  }
  std::vector<int> begin, arcs;
  RightArcs(g, begin, arcs);
  for (int r = 0; r < g.right_count; ++r) {
    order.assign(arcs.begin() + begin[r], arcs.begin() + begin[r + 1]);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return right_key[a] != right_key[b] ? right_key[a] < right_key[b] : arc_left[a] < arc_left[b];
    });
    for (size_t k = 0; k < order.size(); ++k) p.right_rank[order[k]] = static_cast<int>(k);
  }
  return p;
}

std::vector<int> DeferredAcceptance(const BipartiteGraph& g, const Preferences& prefs,
                                    Proposer proposer) {
  const std::vector<int> arc_left = ArcLeft(g);
  std::vector<int> right_begin, right_arcs;
  RightArcs(g, right_begin, right_arcs);
  const bool left = proposer == Proposer::kLeft;
  const int P = left ? g.left_count : g.right_count;
  const int Q = left ? g.right_count : g.left_count;
  const std::vector<int>& p_cap = left ? g.left_capacity : g.right_capacity;
  const std::vector<int>& q_cap = left ? g.right_capacity : g.left_capacity;
  const std::vector<int>& p_rank = left ? prefs.left_rank : prefs.right_rank;
  const std::vector<int>& q_rank = left ? prefs.right_rank : prefs.left_rank;
  const auto receiver = [&](int a) { return left ? g.arc_right[a] : arc_left[a]; };
  const auto proposer_of = [&](int a) { return left ? arc_left[a] : g.arc_right[a]; };

  // Each proposer's arcs in order of preference.
  std::vector<int> list_begin(P + 1, 0), list;
  if (left) {
    list_begin.assign(g.arc_begin.begin(), g.arc_begin.end());
    list.resize(g.arc_count());
    std::iota(list.begin(), list.end(), 0);
  } else {
    list_begin = right_begin;
    list = right_arcs;
  }
  for (int p = 0; p < P; ++p) {
    std::sort(list.begin() + list_begin[p], list.begin() + list_begin[p + 1],
              [&](int a, int b) { return p_rank[a] < p_rank[b]; });
  }
  std::vector<int> next(list_begin.begin(), list_begin.end() - 1);
  std::vector<int> held_count(P, 0);
  std::vector<std::vector<int>> held(Q);  // arcs each receiver holds
  std::vector<int> queue;
  for (int p = P - 1; p >= 0; --p) queue.push_back(p);  // pops in index order
  while (!queue.empty()) {
    const int p = queue.back();
    if (held_count[p] >= p_cap[p] || next[p] == list_begin[p + 1]) {
      queue.pop_back();
      continue;
    }
    const int a = list[next[p]++];
    const int q = receiver(a);
    std::vector<int>& h = held[q];
    if (static_cast<int>(h.size()) < q_cap[q]) {
      h.push_back(a);
      ++held_count[p];
      continue;
    }
    if (q_cap[q] == 0) continue;
    auto worst =
        std::max_element(h.begin(), h.end(), [&](int x, int y) { return q_rank[x] < q_rank[y]; });
    if (q_rank[a] < q_rank[*worst]) {
      const int rejected = proposer_of(*worst);
      --held_count[rejected];
      *worst = a;
      ++held_count[p];
      queue.push_back(rejected);
    }
  }
  std::vector<int> chosen;
  for (const auto& h : held) chosen.insert(chosen.end(), h.begin(), h.end());
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

int CountBlockingPairs(const BipartiteGraph& g, const Preferences& prefs,
                       const std::vector<int>& chosen) {
  return CountBlockingPairsByKey(
      g, [&](int, int a) -> long long { return prefs.left_rank[a]; },
      [&](int, int a) -> long long { return prefs.right_rank[a]; }, chosen);
}

}  // namespace tandem::matching
