// Exact solvers for the bipartite, capacitated assignment problem at the heart
// of matching: mentees on the left, mentors on the right, an arc for every pair
// that is allowed, an integer weight per arc. Pure and deterministic.
#pragma once

#include <cstdint>
#include <vector>

namespace tandem::matching {

// A bipartite graph in compressed form: the arcs of left node i are
// arc_begin[i] .. arc_begin[i + 1] - 1. Capacities are non-negative; each arc
// carries at most one unit (a pair appears at most once). At most one arc per
// (left, right) pair.
struct BipartiteGraph {
  int left_count = 0;
  int right_count = 0;
  std::vector<int> left_capacity;        // size left_count
  std::vector<int> right_capacity;       // size right_count
  std::vector<int> arc_begin;            // size left_count + 1, non-decreasing, starts at 0
  std::vector<int> arc_right;            // size arc count, each in [0, right_count)
  std::vector<std::int64_t> arc_weight;  // size arc count

  int arc_count() const { return static_cast<int>(arc_right.size()); }
};

// Builds a BipartiteGraph from unordered arcs. Arcs are sorted by (left, right);
// the input order does not matter.
class BipartiteGraphBuilder {
 public:
  BipartiteGraphBuilder(std::vector<int> left_capacity, std::vector<int> right_capacity);
  void AddArc(int left, int right, std::int64_t weight);
  // Consumes the builder. Throws tandem::Error(kInvalidArgument) for an
  // out-of-range node, a negative capacity or a duplicate arc.
  BipartiteGraph Build() &&;

 private:
  struct Arc {
    int left;
    int right;
    std::int64_t weight;
  };
  std::vector<int> left_capacity_;
  std::vector<int> right_capacity_;
  std::vector<Arc> arcs_;
};

// Checks the invariants documented on BipartiteGraph. Throws
// tandem::Error(kInvalidArgument) naming the first one broken.
void ValidateGraph(const BipartiteGraph& graph);

// A chosen set of arcs: no node above its capacity.
struct Assignment {
  std::vector<int> arcs;  // indices into the graph's arcs, ascending
  std::int64_t total_weight = 0;
  int cardinality() const { return static_cast<int>(arcs.size()); }
};

// Which exact algorithm SolveMaxWeightAssignment uses.
enum class AssignmentAlgorithm {
  kAuto,          // auction where it applies, shortest paths otherwise (chosen by measurement)
  kShortestPath,  // successive shortest augmenting paths: any graph
  // Forward auction with epsilon-scaling. Applies when every left capacity is
  // 0 or 1 (no co-mentors) and the scaled weights fit in 62 bits; elsewhere it
  // falls back to kShortestPath.
  kAuction,
};

// The assignment with the most arcs and, among those, the greatest total
// weight ("lexicographic": cardinality first). Exact for any int64 weights
// (negative too) as long as the weight range times the node count fits
// comfortably in 62 bits; otherwise throws tandem::Error(kInvalidArgument).
// Ties are broken deterministically: the same graph gives the same answer.
//
// Algorithms (docs/matching.md has the details and the measurements):
// - auction (kAuto when no left capacity exceeds 1): the maximum cardinality
//   nu comes first (Hopcroft–Karp); the problem is then made a perfect
//   assignment whose every solution has nu real pairs ("unplaced" slots for
//   left nodes, dummy bidders for spare right slots) and solved by a forward
//   auction with epsilon-scaling on weights scaled by n + 1, with cached best
//   arcs per bidder. After each phase the prices rounded to whole units are
//   checked, by a label-correcting pass, as an exact dual solution; when they
//   are one, the assignment is optimal and the solve stops, otherwise the
//   phases go on to epsilon = 1, where n * epsilon < n + 1 makes it exact.
// - successive shortest augmenting paths (Dijkstra with node potentials, one
//   search per unit of left capacity, early exit at the sink) on the residual
//   network; a left unit that cannot be placed takes a private "unplaced" arc
//   whose cost exceeds any total weight, which makes the single min-cost-flow
//   solve lexicographic. O(U * A log V) worst case for U units, A arcs and V
//   nodes. Used for co-mentors (left capacity 2+) and for weight ranges too
//   wide for the auction's scaled prices.
Assignment SolveMaxWeightAssignment(const BipartiteGraph& graph,
                                    AssignmentAlgorithm algorithm = AssignmentAlgorithm::kAuto);

// The greatest number of arcs any assignment can have, counting only arcs
// with weight >= min_weight. Hopcroft–Karp generalised to capacities:
// O(A sqrt(V)).
int MaxCardinality(const BipartiteGraph& graph, std::int64_t min_weight = INT64_MIN);

// Lexicographic "fair" optimum: the most arcs, then the greatest minimum arc
// weight, then the greatest total weight. Exact: a binary search over the
// distinct weights finds the largest threshold t at which MaxCardinality(t)
// still equals MaxCardinality(), then SolveMaxWeightAssignment runs on the arcs
// of weight >= t. `floor` (default none) caps the threshold: arcs of weight >=
// floor are always allowed, for minima that are already fixed elsewhere.
Assignment SolveFairAssignment(const BipartiteGraph& graph, std::int64_t floor = INT64_MAX);

}  // namespace tandem::matching
