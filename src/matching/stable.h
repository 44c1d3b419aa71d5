// Stable matching with capacities on both sides (hospitals/residents, and its
// many-to-many generalisation for mentees allowed several mentors): deferred
// acceptance, and the count of blocking pairs of any assignment.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <utility>
#include <vector>

#include "matching/flow.h"

namespace tandem::matching {

// Strict preferences over the arcs of a BipartiteGraph: the acceptable pairs.
// left_rank[a] is the rank (0 = best) the left end of arc a gives its right
// end; right_rank[a] the rank the right end gives the left end. Ranks are
// distinct among the arcs of one node (they need not be contiguous).
struct Preferences {
  std::vector<int> left_rank;
  std::vector<int> right_rank;
};

// Builds strict ranks from a key per arc and side: a smaller key is preferred,
// ties broken by the other end's index (smaller first). left_key and
// right_key have one entry per arc.
Preferences RankArcs(const BipartiteGraph& graph, const std::vector<long long>& left_key,
                     const std::vector<long long>& right_key);

enum class Proposer { kLeft, kRight };

// Deferred acceptance (Gale–Shapley with capacities): the stable assignment
// that is best for every member of the proposing side among all stable
// assignments. Returns the chosen arcs in ascending order. O(A) proposals,
// each O(capacity) to find the receiver's worst held partner. Deterministic.
std::vector<int> DeferredAcceptance(const BipartiteGraph& graph, const Preferences& preferences,
                                    Proposer proposer);

// The number of arcs (l, r) not in `chosen` such that l has spare capacity or
// prefers r to its worst partner, and r has spare capacity or prefers l to
// its worst partner. `chosen` must respect the capacities.
int CountBlockingPairs(const BipartiteGraph& graph, const Preferences& preferences,
                       const std::vector<int>& chosen);

// The same count with preferences given as keys, without ranking the arcs:
// left end l prefers arc a to arc b when (left_key(l, a), right end of a) <
// (left_key(l, b), right end of b), and right end r likewise with
// right_key(l, a) and the left ends. left_key and right_key are called as
// f(left node, arc) and return a long long. O(arcs) time, memory one byte
// per arc and a few words per node.
template <typename LeftKey, typename RightKey>
int CountBlockingPairsByKey(const BipartiteGraph& graph, LeftKey&& left_key, RightKey&& right_key,
                            const std::vector<int>& chosen) {
  using Key = std::pair<long long, int>;  // (key, the other end's index)
  constexpr Key kNone{INT64_MIN, -1};     // below every key: no partner yet
  std::vector<char> in(graph.arc_count(), 0);
  for (int a : chosen) in[a] = 1;
  std::vector<Key> left_worst(graph.left_count, kNone), right_worst(graph.right_count, kNone);
  std::vector<int> left_used(graph.left_count, 0), right_used(graph.right_count, 0);
  for (int l = 0; l < graph.left_count; ++l) {
    for (int a = graph.arc_begin[l]; a < graph.arc_begin[l + 1]; ++a) {
      if (!in[a]) continue;
      const int r = graph.arc_right[a];
      ++left_used[l];
      ++right_used[r];
      left_worst[l] = std::max(left_worst[l], Key(left_key(l, a), r));
      right_worst[r] = std::max(right_worst[r], Key(right_key(l, a), l));
    }
  }
  int blocking = 0;
  for (int l = 0; l < graph.left_count; ++l) {
    if (graph.left_capacity[l] == 0) continue;
    const bool left_room = left_used[l] < graph.left_capacity[l];
    for (int a = graph.arc_begin[l]; a < graph.arc_begin[l + 1]; ++a) {
      const int r = graph.arc_right[a];
      if (in[a] || graph.right_capacity[r] == 0) continue;
      if (!left_room && !(Key(left_key(l, a), r) < left_worst[l])) continue;
      if (right_used[r] < graph.right_capacity[r] || Key(right_key(l, a), l) < right_worst[r]) {
        ++blocking;
      }
    }
  }
  return blocking;
}

}  // namespace tandem::matching
