// Stable matching with capacities on both sides (hospitals/residents, and its
// many-to-many generalisation for mentees allowed several mentors): deferred
// acceptance, and the count of blocking pairs of any assignment.
#pragma once

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

}  // namespace tandem::matching
