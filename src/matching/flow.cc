#include "matching/flow.h"

#include <algorithm>
#include <climits>
#include <numeric>
#include <optional>
#include <queue>
#include <string>
#include <utility>

#include "core/error.h"

namespace tandem::matching {

BipartiteGraphBuilder::BipartiteGraphBuilder(std::vector<int> left_capacity,
                                             std::vector<int> right_capacity)
    : left_capacity_(std::move(left_capacity)), right_capacity_(std::move(right_capacity)) {}

void BipartiteGraphBuilder::AddArc(int left, int right, std::int64_t weight) {
  arcs_.push_back({left, right, weight});
}

BipartiteGraph BipartiteGraphBuilder::Build() && {
  BipartiteGraph g;
  g.left_count = static_cast<int>(left_capacity_.size());
  g.right_count = static_cast<int>(right_capacity_.size());
  for (const Arc& a : arcs_) {
    if (a.left < 0 || a.left >= g.left_count || a.right < 0 || a.right >= g.right_count) {
      throw InvalidArgument("arc (" + std::to_string(a.left) + ", " + std::to_string(a.right) +
                            ") names a node outside the graph");
    }
  }
  std::sort(arcs_.begin(), arcs_.end(), [](const Arc& a, const Arc& b) {
    return a.left != b.left ? a.left < b.left : a.right < b.right;
  });
  g.left_capacity = std::move(left_capacity_);
  g.right_capacity = std::move(right_capacity_);
  g.arc_begin.assign(g.left_count + 1, 0);
  g.arc_right.reserve(arcs_.size());
  g.arc_weight.reserve(arcs_.size());
  for (const Arc& a : arcs_) {
    ++g.arc_begin[a.left + 1];
    g.arc_right.push_back(a.right);
    g.arc_weight.push_back(a.weight);
  }
  for (int i = 0; i < g.left_count; ++i) g.arc_begin[i + 1] += g.arc_begin[i];
  arcs_.clear();
  ValidateGraph(g);
  return g;
}

void ValidateGraph(const BipartiteGraph& g) {
  const auto fail = [](const std::string& why) {
    return InvalidArgument("bipartite graph: " + why);
  };
  if (g.left_count < 0 || g.right_count < 0) throw fail("negative node count");
  if (static_cast<int>(g.left_capacity.size()) != g.left_count ||
      static_cast<int>(g.right_capacity.size()) != g.right_count) {
    throw fail("capacity vectors do not match the node counts");
  }
  for (int c : g.left_capacity) {
    if (c < 0) throw fail("negative left capacity");
  }
  for (int c : g.right_capacity) {
    if (c < 0) throw fail("negative right capacity");
  }
  if (static_cast<int>(g.arc_begin.size()) != g.left_count + 1 || g.arc_begin[0] != 0 ||
      g.arc_begin.back() != g.arc_count() || g.arc_weight.size() != g.arc_right.size()) {
    throw fail("arc arrays are inconsistent");
  }
  std::vector<int> seen(g.right_count, -1);
  for (int i = 0; i < g.left_count; ++i) {
    if (g.arc_begin[i] > g.arc_begin[i + 1]) throw fail("arc_begin is not non-decreasing");
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) {
      const int r = g.arc_right[a];
      if (r < 0 || r >= g.right_count) throw fail("arc to a right node outside the graph");
      if (seen[r] == i) {
        throw fail("duplicate arc (" + std::to_string(i) + ", " + std::to_string(r) + ")");
      }
      seen[r] = i;
    }
  }
}

namespace {

using Cost = std::int64_t;
__extension__ typedef __int128 Wide;  // only for bounds checks
constexpr Cost kInfinity = INT64_MAX / 4;

// Successive shortest paths on the residual network of
//   left i --(cap 1, cost C_max - w)--> right r --(cap c_r, cost 0)--> T
//   left i --(cap c_i, cost kUnplaced)--> T
// with one unit of supply per unit of left capacity.
class ShortestPathSolver {
 public:
  explicit ShortestPathSolver(const BipartiteGraph& g) : g_(g) {}

  Assignment Solve() {
    const int L = g_.left_count, R = g_.right_count, A = g_.arc_count();
    Assignment result;
    if (A == 0) return result;
    const auto [min_it, max_it] = std::minmax_element(g_.arc_weight.begin(), g_.arc_weight.end());
    max_weight_ = *max_it;
    const Wide range = static_cast<Wide>(*max_it) - *min_it;
    std::int64_t left_units = 0, right_units = 0;
    for (int c : g_.left_capacity) left_units += c;
    for (int c : g_.right_capacity) right_units += c;
    const Wide units = std::min<std::int64_t>({left_units, right_units, A});
    const Wide unplaced = units * range + 1;
    // Potentials stay within unplaced + (V + 1) * range of zero; keep headroom.
    const Wide bound = unplaced + static_cast<Wide>(L + R + 2) * (range + 1);
    if (bound >= (static_cast<Wide>(1) << 61)) {
      throw InvalidArgument("scores span too wide a range to be solved exactly");
    }
    unplaced_cost_ = static_cast<Cost>(unplaced);

    sink_ = L + R;
    const int V = L + R + 1;
    potential_.assign(V, 0);
    dist_.assign(V, kInfinity);
    stamp_.assign(V, 0);
    pred_arc_.assign(V, -1);
    pred_node_.assign(V, -1);
    arc_left_.resize(A);
    for (int i = 0; i < L; ++i) {
      for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) arc_left_[a] = i;
    }
    flow_.assign(A, 0);
    slot_begin_.assign(R + 1, 0);
    for (int r = 0; r < R; ++r) slot_begin_[r + 1] = slot_begin_[r] + g_.right_capacity[r];
    slots_.assign(slot_begin_[R], -1);
    slot_used_.assign(R, 0);
    unplaced_used_.assign(L, 0);

    for (int i = 0; i < L; ++i) {
      for (int unit = 0; unit < g_.left_capacity[i]; ++unit) Augment(i);
    }
    for (int a = 0; a < A; ++a) {
      if (flow_[a]) {
        result.arcs.push_back(a);
        result.total_weight += g_.arc_weight[a];
      }
    }
    return result;
  }

 private:
  Cost ArcCost(int a) const { return max_weight_ - g_.arc_weight[a]; }

  // Finds a shortest path from left node `source` to the sink and sends one unit along it.
  void Augment(int source) {
    ++round_;
    finalized_.clear();
    using Entry = std::pair<Cost, int>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
    const auto relax = [&](int from, int to, int arc, Cost reduced) {
      const Cost d = dist_[from] + reduced;
      if (stamp_[to] != round_ || d < dist_[to]) {
        stamp_[to] = round_;
        dist_[to] = d;
        pred_arc_[to] = arc;
        pred_node_[to] = from;
        heap.push({d, to});
      }
    };
    const int L = g_.left_count;
    stamp_[source] = round_;
    dist_[source] = 0;
    pred_node_[source] = -1;
    heap.push({0, source});
    Cost sink_dist = kInfinity;
    while (!heap.empty()) {
      const auto [d, v] = heap.top();
      heap.pop();
      if (d != dist_[v] || stamp_[v] != round_) continue;
      if (v == sink_) {
        sink_dist = d;
        break;
      }
      dist_[v] = d;
      finalized_.push_back(v);
      if (v < L) {
        const int i = v;
        for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
          if (flow_[a]) continue;
          const int r = L + g_.arc_right[a];
          relax(i, r, a, ArcCost(a) + potential_[i] - potential_[r]);
        }
        if (unplaced_used_[i] < g_.left_capacity[i]) {
          relax(i, sink_, -2, unplaced_cost_ + potential_[i] - potential_[sink_]);
        }
      } else {
        const int r = v - L;
        if (slot_used_[r] < g_.right_capacity[r]) {
          relax(v, sink_, -1, potential_[v] - potential_[sink_]);
        }
        for (int s = slot_begin_[r]; s < slot_begin_[r] + slot_used_[r]; ++s) {
          const int a = slots_[s];
          const int i = arc_left_[a];
          relax(v, i, a, -ArcCost(a) + potential_[v] - potential_[i]);
        }
      }
    }
    // The unplaced arc guarantees a path.
    for (int v : finalized_) potential_[v] += dist_[v] - sink_dist;

    // Walk the path back from the sink.
    int node = pred_node_[sink_];
    if (pred_arc_[sink_] == -2) {
      ++unplaced_used_[node];
      // node is a left node; continue from it below.
    } else {
      // node is a right node gaining a unit: open a new slot in it.
      const int r = node - L;
      slots_[slot_begin_[r] + slot_used_[r]] = -1;
      ++slot_used_[r];
    }
    int freed_slot = -1;  // for a right node: where its incoming arc goes
    if (pred_arc_[sink_] != -2) {
      const int r = node - L;
      freed_slot = slot_begin_[r] + slot_used_[r] - 1;
    }
    while (node != source) {
      if (node >= L) {
        // Right node reached by a forward arc from a left node.
        const int a = pred_arc_[node];
        flow_[a] = 1;
        slots_[freed_slot] = a;
        node = pred_node_[node];
      } else {
        // Left node reached backwards from right node r: it leaves r.
        const int a = pred_arc_[node];
        flow_[a] = 0;
        const int r_node = pred_node_[node];
        const int r = r_node - L;
        int s = slot_begin_[r];
        while (slots_[s] != a) ++s;
        freed_slot = s;
        node = r_node;
      }
    }
  }

  const BipartiteGraph& g_;
  Cost max_weight_ = 0;
  Cost unplaced_cost_ = 0;
  int sink_ = 0;
  int round_ = 0;
  std::vector<Cost> potential_;
  std::vector<Cost> dist_;
  std::vector<int> stamp_;
  std::vector<int> pred_arc_;
  std::vector<int> pred_node_;
  std::vector<int> finalized_;
  std::vector<int> arc_left_;
  std::vector<char> flow_;
  std::vector<int> slot_begin_;
  std::vector<int> slots_;
  std::vector<int> slot_used_;
  std::vector<int> unplaced_used_;
};

// Forward auction with epsilon-scaling (Bertsekas) for the symmetric case:
// every left node has capacity 1, the right slots number exactly the left
// nodes and a perfect assignment exists. Right node r is c_r "similar"
// objects (slots), each with its own price; a bidder takes the cheapest slot.
class AuctionSolver {
 public:
  explicit AuctionSolver(const BipartiteGraph& g) : g_(g) {}

  // Empty optional when the range is too wide for the scaled weights.
  std::optional<Assignment> Solve() {
    const int L = g_.left_count, R = g_.right_count;
    Assignment result;
    if (L == 0) return result;
    const auto [min_it, max_it] = std::minmax_element(g_.arc_weight.begin(), g_.arc_weight.end());
    const Wide range = static_cast<Wide>(*max_it) - *min_it;
    scale_ = L + 1;
    // Prices stay below (range + epsilon) * scale * (a small factor) of zero.
    if ((range + 2) * scale_ * 8 >= (static_cast<Wide>(1) << 61)) return std::nullopt;
    min_weight_ = *min_it;
    slot_begin_.assign(R + 1, 0);
    for (int r = 0; r < R; ++r) slot_begin_[r + 1] = slot_begin_[r] + g_.right_capacity[r];
    price_.assign(slot_begin_[R], 0);
    holder_.assign(slot_begin_[R], -1);
    owner_arc_.assign(L, -1);
    owner_slot_.assign(L, -1);
    const std::int64_t max_benefit = static_cast<std::int64_t>(range) * scale_;
    // Measured on the large-pool benchmark: start at half the range, divide by 4.
    std::int64_t epsilon = std::max<std::int64_t>(1, max_benefit / 2);
    std::vector<int> queue;
    while (true) {
      // A new phase: everyone bids again; prices are kept.
      std::fill(holder_.begin(), holder_.end(), -1);
      queue.resize(L);
      for (int i = 0; i < L; ++i) queue[i] = L - 1 - i;
      while (!queue.empty()) {
        const int i = queue.back();
        queue.pop_back();
        const int displaced = Bid(i, epsilon);
        if (displaced >= 0) queue.push_back(displaced);
      }
      if (epsilon == 1) break;
      epsilon = std::max<std::int64_t>(1, epsilon / 4);
    }
    for (int i = 0; i < L; ++i) result.arcs.push_back(owner_arc_[i]);
    std::sort(result.arcs.begin(), result.arcs.end());
    for (int a : result.arcs) result.total_weight += g_.arc_weight[a];
    return result;
  }

 private:
  std::int64_t Benefit(int a) const { return (g_.arc_weight[a] - min_weight_) * scale_; }

  // Left node i bids for its best slot; returns the left node it displaces, or -1.
  int Bid(int i, std::int64_t epsilon) {
    constexpr std::int64_t kNone = INT64_MIN / 4;
    std::int64_t best = kNone, second = kNone;
    int best_arc = -1, best_slot = -1;
    for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
      const int r = g_.arc_right[a];
      // Cheapest and second-cheapest slot of r.
      int s1 = -1;
      std::int64_t p1 = INT64_MAX, p2 = INT64_MAX;
      for (int s = slot_begin_[r]; s < slot_begin_[r + 1]; ++s) {
        if (price_[s] < p1) {
          p2 = p1;
          p1 = price_[s];
          s1 = s;
        } else if (price_[s] < p2) {
          p2 = price_[s];
        }
      }
      if (s1 < 0) continue;
      const std::int64_t value = Benefit(a) - p1;
      const std::int64_t value2 = p2 == INT64_MAX ? kNone : Benefit(a) - p2;
      if (value > best) {
        second = std::max(best, value2);
        best = value;
        best_arc = a;
        best_slot = s1;
      } else {
        second = std::max(second, value);
      }
    }
    // A perfect assignment exists, so every left node has an arc.
    if (second == kNone) second = best - epsilon;  // one option only: raise by 2 epsilon
    price_[best_slot] += best - second + epsilon;
    const int displaced = holder_[best_slot];
    holder_[best_slot] = i;
    owner_arc_[i] = best_arc;
    owner_slot_[i] = best_slot;
    return displaced;
  }

  const BipartiteGraph& g_;
  std::int64_t scale_ = 1;
  std::int64_t min_weight_ = 0;
  std::vector<int> slot_begin_;
  std::vector<std::int64_t> price_;
  std::vector<int> holder_;
  std::vector<int> owner_arc_;
  std::vector<int> owner_slot_;
};

// True when the auction applies (see AssignmentAlgorithm::kAuction).
bool AuctionApplies(const BipartiteGraph& g) {
  std::int64_t slots = 0;
  for (int c : g.right_capacity) slots += c;
  if (slots != g.left_count) return false;
  for (int c : g.left_capacity) {
    if (c != 1) return false;
  }
  return g.left_count > 0 && MaxCardinality(g) == g.left_count;
}

}  // namespace

Assignment SolveMaxWeightAssignment(const BipartiteGraph& graph, AssignmentAlgorithm algorithm) {
  ValidateGraph(graph);
  if (algorithm != AssignmentAlgorithm::kShortestPath && AuctionApplies(graph)) {
    if (std::optional<Assignment> a = AuctionSolver(graph).Solve()) return *std::move(a);
  }
  return ShortestPathSolver(graph).Solve();
}

namespace {

// Hopcroft–Karp with capacities, over arcs of weight >= min_weight.
class CardinalitySolver {
 public:
  CardinalitySolver(const BipartiteGraph& g, std::int64_t min_weight)
      : g_(g), min_weight_(min_weight) {}

  int Solve() {
    const int L = g_.left_count, R = g_.right_count;
    flow_.assign(g_.arc_count(), 0);
    left_used_.assign(L, 0);
    right_used_.assign(R, 0);
    slot_begin_.assign(R + 1, 0);
    for (int r = 0; r < R; ++r) slot_begin_[r + 1] = slot_begin_[r] + g_.right_capacity[r];
    slots_.assign(slot_begin_[R], -1);
    arc_left_.resize(g_.arc_count());
    for (int i = 0; i < L; ++i) {
      for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) arc_left_[a] = i;
    }
    int total = 0;
    // Greedy start.
    for (int i = 0; i < L; ++i) {
      for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1] && left_used_[i] < g_.left_capacity[i];
           ++a) {
        const int r = g_.arc_right[a];
        if (Usable(a) && right_used_[r] < g_.right_capacity[r]) {
          Take(a);
          ++total;
        }
      }
    }
    while (Bfs()) {
      next_arc_.assign(g_.arc_begin.begin(), g_.arc_begin.end() - 1);
      visited_.assign(L, 0);
      for (int i = 0; i < L; ++i) {
        if (level_[i] != 0) continue;
        visited_[i] = 1;
        while (left_used_[i] < g_.left_capacity[i] && Dfs(i)) ++total;
      }
    }
    return total;
  }

 private:
  bool Usable(int a) const { return g_.arc_weight[a] >= min_weight_; }
  void Take(int a) {
    const int i = arc_left_[a], r = g_.arc_right[a];
    flow_[a] = 1;
    ++left_used_[i];
    slots_[slot_begin_[r] + right_used_[r]++] = a;
  }

  // Levels of left nodes along alternating paths from left nodes with spare
  // capacity. True when some such path reaches a right node with spare capacity.
  bool Bfs() {
    const int L = g_.left_count;
    level_.assign(L, -1);
    std::vector<int> queue;
    for (int i = 0; i < L; ++i) {
      if (left_used_[i] < g_.left_capacity[i]) {
        level_[i] = 0;
        queue.push_back(i);
      }
    }
    bool found = false;
    for (size_t q = 0; q < queue.size(); ++q) {
      const int i = queue[q];
      for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
        if (flow_[a] || !Usable(a)) continue;
        const int r = g_.arc_right[a];
        if (right_used_[r] < g_.right_capacity[r]) {
          found = true;
          continue;
        }
        for (int s = slot_begin_[r]; s < slot_begin_[r] + right_used_[r]; ++s) {
          const int k = arc_left_[slots_[s]];
          if (level_[k] < 0) {
            level_[k] = level_[i] + 1;
            queue.push_back(k);
          }
        }
      }
    }
    return found;
  }

  // Iterative DFS along the level graph from left node `start`; augments one
  // unit and returns true, or returns false when no augmenting path is left.
  bool Dfs(int start) {
    stack_.clear();
    stack_.push_back({start, -1});
    while (!stack_.empty()) {
      const int i = stack_.back().left;
      bool advanced = false;
      for (int& a = next_arc_[i]; a < g_.arc_begin[i + 1]; ++a) {
        if (flow_[a] || !Usable(a)) continue;
        const int r = g_.arc_right[a];
        if (right_used_[r] < g_.right_capacity[r]) {
          Take(a);
          ++a;
          // Each earlier left node takes the arc it is parked on; the node
          // above it gives up the arc it was displaced through.
          for (size_t f = stack_.size() - 1; f > 0; --f) {
            const int displaced = stack_[f].via_arc;
            const int prev_left = stack_[f - 1].left;
            const int prev_arc = next_arc_[prev_left];
            const int rr = g_.arc_right[displaced];
            int s = slot_begin_[rr];
            while (slots_[s] != displaced) ++s;
            slots_[s] = prev_arc;
            flow_[displaced] = 0;
            flow_[prev_arc] = 1;
            --left_used_[stack_[f].left];
            ++left_used_[prev_left];
            ++next_arc_[prev_left];
          }
          return true;
        }
        for (int s = slot_begin_[r]; s < slot_begin_[r] + right_used_[r]; ++s) {
          const int b = slots_[s];
          const int k = arc_left_[b];
          if (!visited_[k] && level_[k] == level_[i] + 1) {
            visited_[k] = 1;
            stack_.push_back({k, b});
            advanced = true;
            break;
          }
        }
        if (advanced) break;
      }
      if (!advanced) stack_.pop_back();
    }
    return false;
  }

  struct Frame {
    int left;
    int via_arc;  // the arc (carrying flow) through which `left` is displaced
  };
  const BipartiteGraph& g_;
  std::int64_t min_weight_;
  std::vector<char> flow_, visited_;
  std::vector<int> left_used_, right_used_, slot_begin_, slots_, arc_left_, level_, next_arc_;
  std::vector<Frame> stack_;
};

// The graph restricted to arcs of weight >= min_weight.
BipartiteGraph Restrict(const BipartiteGraph& g, std::int64_t min_weight) {
  BipartiteGraph out;
  out.left_count = g.left_count;
  out.right_count = g.right_count;
  out.left_capacity = g.left_capacity;
  out.right_capacity = g.right_capacity;
  out.arc_begin.assign(g.left_count + 1, 0);
  for (int i = 0; i < g.left_count; ++i) {
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) {
      if (g.arc_weight[a] < min_weight) continue;
      out.arc_right.push_back(g.arc_right[a]);
      out.arc_weight.push_back(g.arc_weight[a]);
    }
    out.arc_begin[i + 1] = out.arc_count();
  }
  return out;
}

}  // namespace

int MaxCardinality(const BipartiteGraph& graph, std::int64_t min_weight) {
  ValidateGraph(graph);
  return CardinalitySolver(graph, min_weight).Solve();
}

Assignment SolveFairAssignment(const BipartiteGraph& graph, std::int64_t floor) {
  ValidateGraph(graph);
  const int best = CardinalitySolver(graph, INT64_MIN).Solve();
  std::vector<std::int64_t> weights(graph.arc_weight);
  std::sort(weights.begin(), weights.end());
  weights.erase(std::unique(weights.begin(), weights.end()), weights.end());
  std::int64_t threshold = INT64_MIN;
  if (best > 0) {
    // Largest index whose threshold keeps the cardinality; index 0 always does.
    size_t lo = 0, hi = weights.size() - 1;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo + 1) / 2;
      if (CardinalitySolver(graph, weights[mid]).Solve() == best) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    threshold = std::min(weights[lo], floor);
  }
  const BipartiteGraph restricted = Restrict(graph, threshold);
  Assignment sub = ShortestPathSolver(restricted).Solve();
  // Map arcs of the restricted graph back to the original's indices.
  std::vector<int> original;
  original.reserve(restricted.arc_count());
  for (int a = 0; a < graph.arc_count(); ++a) {
    if (graph.arc_weight[a] >= threshold) original.push_back(a);
  }
  for (int& a : sub.arcs) a = original[a];
  return sub;
}

}  // namespace tandem::matching
