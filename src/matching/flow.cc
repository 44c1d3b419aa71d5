#include "matching/flow.h"

#include <algorithm>
#include <array>
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

// Forward auction with epsilon-scaling (Bertsekas), Gauss-Seidel bidding, for
// graphs whose left capacities are all 0 or 1. Right node r is c_r "similar"
// objects (slots), each with its own price, kept as a binary min-heap so a
// bidder sees the cheapest and second-cheapest slot at once.
//
// The problem is made a symmetric perfect assignment with the maximum
// cardinality nu known in advance: an "unplaced" object U with N - nu slots
// (every person may take one, benefit 0) and S - nu dummy persons that may
// take any real slot (benefit 0), where N is the number of persons and S the
// number of real slots. Every perfect assignment of that problem uses exactly
// nu real arcs, so its optimum is the lexicographic optimum of the original.
//
// Exactness: benefits are (w - w_min) * (n + 1) for n persons in the extended
// problem, so eps = 1 would be enough (n * eps < n + 1). Usually the phases
// can stop much earlier: after each phase the prices, rounded to whole weight
// units, are checked as an exact integer dual solution (every person's
// assigned arc attains its maximum w - q); when they are, the assignment is
// optimal by LP duality and the remaining phases are skipped.
class AuctionSolver {
 public:
  AuctionSolver(const BipartiteGraph& g, int cardinality) : g_(g), cardinality_(cardinality) {}

  // Empty optional when the range is too wide for the scaled weights.
  std::optional<Assignment> Solve() {
    const int L = g_.left_count, R = g_.right_count;
    Assignment result;
    if (cardinality_ == 0 || g_.arc_count() == 0) return result;
    for (int i = 0; i < L; ++i) {
      if (g_.left_capacity[i] == 1) person_left_.push_back(i);
    }
    const int N = static_cast<int>(person_left_.size());
    // A right node never takes more units than it has arcs.
    std::vector<int> degree(R, 0);
    for (int i : person_left_) {
      for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) ++degree[g_.arc_right[a]];
    }
    slot_begin_.assign(R + 2, 0);
    for (int r = 0; r < R; ++r) {
      slot_begin_[r + 1] = slot_begin_[r] + std::min(g_.right_capacity[r], degree[r]);
    }
    const int S = slot_begin_[R];
    unplaced_slots_ = N - cardinality_;
    dummies_ = S - cardinality_;
    slot_begin_[R + 1] = S + unplaced_slots_;
    const int persons = N + dummies_;

    ReduceWeights();
    const auto [min_it, max_it] = std::minmax_element(weight_, weight_ + g_.arc_count());
    const Wide range = static_cast<Wide>(*max_it) - *min_it;
    scale_ = persons + 1;
    // Scaled benefits below 2^59 and prices below kPriceLimit = 2^60 keep
    // every value and increment inside int64; a price that would pass the
    // limit ends the auction (shortest paths take over).
    if ((range + 1) * scale_ >= (static_cast<Wide>(1) << 59)) return std::nullopt;
    min_weight_ = *min_it;
    price_.assign(slot_begin_[R + 1], 0);
    holder_.assign(slot_begin_[R + 1], -1);
    root_price_.assign(R + 1, 0);
    for (int o = 0; o <= R; ++o) {
      if (slot_begin_[o] == slot_begin_[o + 1]) root_price_[o] = kNoSlot;
    }
    owner_arc_.assign(N, -1);
    cache_.assign(static_cast<std::size_t>(N) * kCached, CachedArc{});
    cache_count_.assign(N, 0);
    cache_bound_.assign(N, kNone);
    if (dummies_ > 0) {
      for (int r = 0; r < R; ++r) {
        if (slot_begin_[r + 1] > slot_begin_[r]) heap_.push_back(r);
      }
      heap_pos_.assign(R, -1);
      for (int k = 0; k < static_cast<int>(heap_.size()); ++k) heap_pos_[heap_[k]] = k;
    }

    const std::int64_t max_benefit = static_cast<std::int64_t>(range) * scale_;
    std::int64_t epsilon = std::max<std::int64_t>(1, max_benefit / kFirstEpsilonDivisor);
    std::vector<int> queue;
    bool first_phase = true;
    while (true) {
      // A new phase: prices are kept; persons whose slot is still within the
      // new epsilon of their best keep it, the others bid again.
      if (first_phase) {
        queue.resize(persons);
        for (int p = 0; p < persons; ++p) queue[p] = persons - 1 - p;
        first_phase = false;
      } else {
        ReleaseSlack(epsilon, queue);
      }
      while (!queue.empty()) {
        const int p = queue.back();
        queue.pop_back();
        const int displaced = p < N ? Bid(p, epsilon) : DummyBid(p, epsilon);
        if (displaced >= 0) queue.push_back(displaced);
        if (price_too_high_) return std::nullopt;
      }
      if (epsilon == 1 || (epsilon < scale_ && PricesProveOptimal())) break;
      epsilon = std::max<std::int64_t>(1, epsilon / kEpsilonFactor);
    }
    for (int p = 0; p < N; ++p) {
      if (owner_arc_[p] >= 0) result.arcs.push_back(owner_arc_[p]);
    }
    std::sort(result.arcs.begin(), result.arcs.end());
    for (int a : result.arcs) result.total_weight += g_.arc_weight[a];
    return result;
  }

 private:
  // Measured on the large-pool benchmark.
  static constexpr std::int64_t kFirstEpsilonDivisor = 2;
  static constexpr std::int64_t kEpsilonFactor = 4;
  static constexpr std::int64_t kNone = INT64_MIN / 4;
  static constexpr int kCached = 4;
  static constexpr std::int64_t kPriceLimit = std::int64_t{1} << 60;
  // Price of an object without slots: its value is below kNone, never chosen.
  static constexpr std::int64_t kNoSlot = INT64_MAX / 2;

  std::int64_t Benefit(int a) const { return (weight_[a] - min_weight_) * scale_; }

  // The weights the auction bids on: the graph's, or, when all differences
  // share a factor d > 1 (scores in whole points are multiples of 10^6
  // micro-points), (w - min) / d. Scaling by a positive constant and shifting
  // keeps every optimum, and each eps-phase divides the range by 4, so a
  // range d times smaller saves log4(d) phases (10 for d = 10^6).
  void ReduceWeights() {
    weight_ = g_.arc_weight.data();
    const std::int64_t low = *std::min_element(g_.arc_weight.begin(), g_.arc_weight.end());
    std::uint64_t factor = 0;
    for (std::int64_t w : g_.arc_weight) {
      factor = std::gcd(factor, static_cast<std::uint64_t>(w) - static_cast<std::uint64_t>(low));
      if (factor == 1) return;
    }
    if (factor <= 1) return;
    reduced_.resize(g_.arc_weight.size());
    for (std::size_t a = 0; a < reduced_.size(); ++a) {
      reduced_[a] = static_cast<std::int64_t>(
          (static_cast<std::uint64_t>(g_.arc_weight[a]) - static_cast<std::uint64_t>(low)) /
          factor);
    }
    weight_ = reduced_.data();
  }
  int unplaced_object() const { return g_.right_count; }

  // Frees every slot whose holder could gain more than epsilon elsewhere and
  // queues those holders (in descending order, so the lowest bids first).
  void ReleaseSlack(std::int64_t epsilon, std::vector<int>& queue) {
    const int N = static_cast<int>(person_left_.size());
    const std::int64_t cheapest_real = dummies_ > 0 ? root_price_[heap_[0]] : 0;
    queue.clear();
    for (int s = 0; s < slot_begin_[g_.right_count + 1]; ++s) {
      const int p = holder_[s];
      bool keep;
      if (p >= N) {
        keep = price_[s] <= cheapest_real + epsilon;
      } else {
        const std::int64_t unplaced = unplaced_slots_ > 0 ? -root_price_[unplaced_object()] : kNone;
        const std::int64_t held = (owner_arc_[p] >= 0 ? Benefit(owner_arc_[p]) : 0) - price_[s];
        // First against an upper bound of p's best from its remembered arcs
        // (prices only rise, so no other arc is worth more than the bound):
        // most holders keep their slot without a scan of all their arcs.
        keep = cache_count_[p] > 0 && held >= std::max(unplaced, CachedBest(p)) - epsilon;
        if (!keep) {
          const int i = person_left_[p];
          std::int64_t best = unplaced;
          for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
            best = std::max(best, Benefit(a) - root_price_[g_.arc_right[a]]);
          }
          keep = held >= best - epsilon;
        }
      }
      if (!keep) {
        holder_[s] = -1;
        queue.push_back(p);
      }
    }
    std::sort(queue.begin(), queue.end(), std::greater<int>());
  }

  // An upper bound of the value of p's best arc now: the best of its
  // remembered arcs at today's prices, or the bound on the others.
  std::int64_t CachedBest(int p) const {
    std::int64_t best = cache_bound_[p];
    const CachedArc* cached = cache_.data() + static_cast<std::size_t>(p) * kCached;
    for (int k = 0; k < cache_count_[p]; ++k) {
      best = std::max(best, cached[k].benefit - root_price_[cached[k].object]);
    }
    return best;
  }

  // The value of the second-cheapest slot of `object` at benefit b, or kNone.
  std::int64_t SecondValue(int object, std::int64_t b) const {
    const int s = slot_begin_[object], count = slot_begin_[object + 1] - s;
    if (count < 2) return kNone;
    std::int64_t p = price_[s + 1];
    if (count > 2) p = std::min(p, price_[s + 2]);
    return b - p;
  }

  // Real person p bids for its best slot; returns the person it displaces, or -1.
  //
  // Each person remembers its kCached best arcs and the value the next best
  // had then (the bound). Prices only rise, so no other arc can be worth more
  // than the bound now: when the best two remembered arcs are still worth at
  // least the bound they are the best two overall, and the full scan is
  // skipped (Goldberg and Kennedy's "k-best lists" for the assignment problem).
  int Bid(int p, std::int64_t epsilon) {
    std::int64_t best = kNone, second = kNone;
    int best_arc = -1;
    std::int64_t best_benefit = 0;
    int best_object = -1;
    const CachedArc* cached = cache_.data() + static_cast<std::size_t>(p) * kCached;
    for (int k = 0; k < cache_count_[p]; ++k) {
      const CachedArc& c = cached[k];
      const std::int64_t value = c.benefit - root_price_[c.object];
      if (value > best) {
        second = best;
        best = value;
        best_arc = c.arc;
        best_object = c.object;
        best_benefit = c.benefit;
      } else if (value > second) {
        second = value;
      }
    }
    if (cache_count_[p] == 0 || best < cache_bound_[p] || second < cache_bound_[p]) {
      best_arc = Scan(p, best, second);
      best_object = best_arc >= 0 ? g_.arc_right[best_arc] : -1;
      best_benefit = best_arc >= 0 ? Benefit(best_arc) : 0;
    }
    if (best_arc >= 0) second = std::max(second, SecondValue(best_object, best_benefit));
    if (unplaced_slots_ > 0) {
      const int u = unplaced_object();
      const std::int64_t value = -root_price_[u];
      if (value > best) {
        second = std::max(best, SecondValue(u, 0));
        best = value;
        best_arc = -1;
        best_object = u;
      } else if (value > second) {
        second = value;
      }
    }
    owner_arc_[p] = best_arc;
    return Take(p, best_object, best, second, epsilon);
  }

  // Scans all of p's arcs: sets the best and second-best object values,
  // refreshes p's cache and returns the best arc (-1 when none has a slot).
  int Scan(int p, std::int64_t& best, std::int64_t& second) {
    const int i = person_left_[p];
    std::array<std::int64_t, kCached + 1> value{};
    std::array<int, kCached + 1> arc{};
    int n = 0;
    for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
      const std::int64_t v = Benefit(a) - root_price_[g_.arc_right[a]];
      if (v <= kNone || (n == kCached + 1 && v <= value[kCached])) continue;
      int k = n < kCached + 1 ? n++ : kCached;
      for (; k > 0 && value[k - 1] < v; --k) {
        value[k] = value[k - 1];
        arc[k] = arc[k - 1];
      }
      value[k] = v;
      arc[k] = a;
    }
    const int kept = std::min(n, kCached);
    CachedArc* cached = cache_.data() + static_cast<std::size_t>(p) * kCached;
    for (int k = 0; k < kept; ++k) cached[k] = {Benefit(arc[k]), arc[k], g_.arc_right[arc[k]]};
    cache_count_[p] = kept;
    cache_bound_[p] = n == kCached + 1 ? value[kCached] : kNone;
    best = n > 0 ? value[0] : kNone;
    second = n > 1 ? value[1] : kNone;
    return n > 0 ? arc[0] : -1;
  }

  // Dummy person p takes the cheapest real slot (benefit 0 everywhere).
  int DummyBid(int p, std::int64_t epsilon) {
    const int r = heap_[0];
    const std::int64_t best = -root_price_[r];
    std::int64_t second = SecondValue(r, 0);
    for (int k = 1; k <= 2 && k < static_cast<int>(heap_.size()); ++k) {
      second = std::max(second, -root_price_[heap_[k]]);
    }
    return Take(p, r, best, second, epsilon);
  }

  // Person p takes the cheapest slot of `object`, raising its price so that
  // p's margin over its second choice shrinks to -epsilon.
  int Take(int p, int object, std::int64_t best, std::int64_t second, std::int64_t epsilon) {
    if (second == kNone) second = best - epsilon;  // one option only: raise by 2 epsilon
    const int s = slot_begin_[object];
    price_[s] += best - second + epsilon;
    price_too_high_ = price_too_high_ || price_[s] > kPriceLimit;
    const int displaced = holder_[s];
    holder_[s] = p;
    SiftDownSlot(object);
    root_price_[object] = price_[s];
    if (dummies_ > 0 && object < g_.right_count) SiftDownObject(heap_pos_[object]);
    return displaced;
  }

  // Restores the min-heap of `object`'s slots after its root's price rose.
  void SiftDownSlot(int object) {
    const int base = slot_begin_[object], count = slot_begin_[object + 1] - base;
    int k = 0;
    while (true) {
      int child = 2 * k + 1;
      if (child >= count) break;
      if (child + 1 < count && price_[base + child + 1] < price_[base + child]) ++child;
      if (price_[base + child] >= price_[base + k]) break;
      std::swap(price_[base + child], price_[base + k]);
      std::swap(holder_[base + child], holder_[base + k]);
      k = child;
    }
  }

  // Restores the min-heap of real objects by cheapest slot after heap_[k]'s rose.
  void SiftDownObject(int k) {
    const int count = static_cast<int>(heap_.size());
    const auto key = [&](int at) { return root_price_[heap_[at]]; };
    while (true) {
      int child = 2 * k + 1;
      if (child >= count) break;
      if (child + 1 < count && key(child + 1) < key(child)) ++child;
      if (key(child) >= key(k)) break;
      std::swap(heap_[child], heap_[k]);
      heap_pos_[heap_[child]] = child;
      heap_pos_[heap_[k]] = k;
      k = child;
    }
  }

  // Looks for whole-unit object prices q proving the current assignment
  // optimal: with pi_p = w_p - q(o(p)) for person p holding object o(p),
  // (pi, q) is a dual solution of the same value as the assignment, and it is
  // feasible iff q_r >= q_o(p) + w_pr - w_p for every arc (and, for dummies,
  // q_r >= q_o(d) for every real r). These are difference constraints: starting
  // from the rounded auction prices, a label-correcting pass raises prices
  // until all hold. It gives up (false) after a work budget, which is what
  // happens when the assignment is not yet optimal (a positive cycle).
  bool PricesProveOptimal() {
    const int N = static_cast<int>(person_left_.size());
    const int R = g_.right_count;
    const int objects = R + (unplaced_slots_ > 0 ? 1 : 0);
    const auto round = [&](std::int64_t price) {
      const std::int64_t shifted = price + scale_ / 2;
      return shifted >= 0 ? shifted / scale_ : -((-shifted + scale_ - 1) / scale_);
    };
    std::vector<std::int64_t>& q = check_price_;
    q.assign(objects, 0);
    for (int o = 0; o < objects; ++o) {
      if (slot_begin_[o + 1] > slot_begin_[o]) q[o] = round(price_[slot_begin_[o]]);
    }
    // Holders of each object (real persons), and the objects dummies hold.
    std::vector<int>& object_of = check_object_;
    object_of.assign(N, -1);
    std::vector<int>& begin = check_begin_;
    begin.assign(objects + 1, 0);
    std::vector<char>& dummy_held = check_dummy_held_;
    dummy_held.assign(objects, 0);
    for (int o = 0; o < objects; ++o) {
      for (int s = slot_begin_[o]; s < slot_begin_[o + 1]; ++s) {
        const int p = holder_[s];
        if (p < N) {
          object_of[p] = o;
          ++begin[o + 1];
        } else {
          dummy_held[o] = 1;
        }
      }
    }
    for (int o = 0; o < objects; ++o) begin[o + 1] += begin[o];
    std::vector<int>& held_by = check_held_by_;
    held_by.resize(N);
    {
      std::vector<int> fill(begin.begin(), begin.end() - 1);
      for (int p = 0; p < N; ++p) held_by[fill[object_of[p]]++] = p;
    }
    const auto held_weight = [&](int p) {
      return owner_arc_[p] >= 0 ? weight_[owner_arc_[p]] - min_weight_ : 0;
    };
    std::int64_t hub = INT64_MIN;  // dummies' level: every real object must reach it
    for (int o = 0; o < R; ++o) {
      if (dummy_held[o]) hub = std::max(hub, q[o]);
    }
    std::vector<int>& queue = check_queue_;
    queue.clear();
    std::vector<char>& queued = check_queued_;
    queued.assign(objects, 1);
    for (int o = 0; o < objects; ++o) queue.push_back(o);
    // Near the optimum the rounded prices need few corrections. Give up when
    // the first sweep over all objects raises many prices, or after two
    // passes' worth of arcs.
    const std::int64_t first_sweep_limit = N / 64 + 16;
    std::int64_t raises = 0;
    std::int64_t budget = 2 * static_cast<std::int64_t>(g_.arc_count()) + 4 * objects;
    const auto raise = [&](int r, std::int64_t to) {
      if (q[r] >= to) return;
      q[r] = to;
      ++raises;
      if (!queued[r]) {
        queued[r] = 1;
        queue.push_back(r);
      }
    };
    size_t head = 0;
    int pops = 0;
    while (head < queue.size()) {
      if (head > (1u << 20) && head * 2 > queue.size()) {
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head));
        head = 0;
      }
      if (++pops == objects + 1 && raises > first_sweep_limit) return false;
      const int o = queue[head++];
      queued[o] = 0;
      if (o < R && q[o] < hub) q[o] = hub;
      if (dummy_held[o] && q[o] > hub) {
        hub = q[o];
        budget -= R;
        for (int r = 0; r < R; ++r) {
          if (slot_begin_[r + 1] > slot_begin_[r]) raise(r, hub);
        }
      }
      for (int k = begin[o]; k < begin[o + 1]; ++k) {
        const int p = held_by[k];
        const int i = person_left_[p];
        const std::int64_t base = q[o] - held_weight(p);
        budget -= g_.arc_begin[i + 1] - g_.arc_begin[i] + 1;
        for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
          const int r = g_.arc_right[a];
          if (slot_begin_[r + 1] > slot_begin_[r]) raise(r, base + weight_[a] - min_weight_);
        }
        if (unplaced_slots_ > 0) raise(R, base);
      }
      if (budget < 0) return false;
    }
    return true;
  }

  const BipartiteGraph& g_;
  const std::int64_t* weight_ = nullptr;  // g_.arc_weight or reduced_ (ReduceWeights)
  std::vector<std::int64_t> reduced_;
  int cardinality_ = 0;
  int unplaced_slots_ = 0;
  int dummies_ = 0;
  bool price_too_high_ = false;
  std::int64_t scale_ = 1;
  std::int64_t min_weight_ = 0;
  std::vector<int> person_left_;
  std::vector<int> slot_begin_;  // per object; object R is "unplaced"
  std::vector<std::int64_t> price_;
  std::vector<int> holder_;
  std::vector<std::int64_t> root_price_;  // per object: its cheapest slot's price
  std::vector<int> owner_arc_;            // per real person; -1 for unplaced
  // Per real person: its remembered best arcs (kCached slots), how many, and the bound.
  struct CachedArc {
    std::int64_t benefit = 0;
    int arc = -1;
    int object = -1;
  };
  std::vector<CachedArc> cache_;
  std::vector<int> cache_count_;
  std::vector<std::int64_t> cache_bound_;
  std::vector<int> heap_;  // real objects with slots, min-heap by cheapest slot
  std::vector<int> heap_pos_;
  // Scratch space of PricesProveOptimal.
  std::vector<std::int64_t> check_price_;
  std::vector<int> check_object_, check_begin_, check_held_by_, check_queue_;
  std::vector<char> check_dummy_held_, check_queued_;
};

}  // namespace

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
    // Greedy start: each left node takes, among the right nodes with room,
    // the one the fewest left nodes can reach per unit of capacity, leaving
    // the sought-after ones to those who have no other.
    std::vector<int> demand(R, 0);
    for (int a = 0; a < g_.arc_count(); ++a) {
      if (Usable(a)) ++demand[g_.arc_right[a]];
    }
    for (int i = 0; i < L; ++i) {
      while (left_used_[i] < g_.left_capacity[i]) {
        int best = -1;
        for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
          const int r = g_.arc_right[a];
          if (flow_[a] || !Usable(a) || right_used_[r] >= g_.right_capacity[r]) continue;
          if (best < 0 ||
              static_cast<std::int64_t>(demand[r]) * g_.right_capacity[g_.arc_right[best]] <
                  static_cast<std::int64_t>(demand[g_.arc_right[best]]) * g_.right_capacity[r]) {
            best = a;
          }
        }
        if (best < 0) break;
        Take(best);
        ++total;
      }
    }
    while (Bfs()) {
      next_arc_.assign(g_.arc_begin.begin(), g_.arc_begin.end() - 1);
      visited_.assign(L, 0);
      dead_at_level_.assign(R, -1);
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
  // capacity. True when some such path reaches a right node with spare
  // capacity. As Hopcroft and Karp's, the search stops at the level of the
  // shortest such path: the phase augments along shortest paths only, and
  // deeper levels would be walked for nothing (only the last search, which
  // finds none, walks the whole graph).
  bool Bfs() {
    const int L = g_.left_count;
    level_.assign(L, -1);
    // A right node's holders are levelled the first time it is reached.
    right_seen_.assign(g_.right_count, 0);
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
      if (found && level_[i] > level_[queue[q - 1]]) break;  // a deeper level
      for (int a = g_.arc_begin[i]; a < g_.arc_begin[i + 1]; ++a) {
        if (flow_[a] || !Usable(a)) continue;
        const int r = g_.arc_right[a];
        if (right_used_[r] < g_.right_capacity[r]) {
          found = true;
          continue;
        }
        if (right_seen_[r]) continue;
        right_seen_[r] = 1;
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
        if (dead_at_level_[r] == level_[i]) continue;
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
        // Every holder one level down is visited (and stays so this phase).
        dead_at_level_[r] = level_[i];
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
  std::vector<char> flow_, visited_, right_seen_;
  std::vector<int> left_used_, right_used_, slot_begin_, slots_, arc_left_, level_, next_arc_;
  // Per phase: the level from which a right node has no unvisited holder left.
  std::vector<int> dead_at_level_;
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

Assignment SolveMaxWeightAssignment(const BipartiteGraph& graph, AssignmentAlgorithm algorithm) {
  ValidateGraph(graph);
  if (algorithm != AssignmentAlgorithm::kShortestPath &&
      std::all_of(graph.left_capacity.begin(), graph.left_capacity.end(),
                  [](int c) { return c <= 1; })) {
    const int cardinality = CardinalitySolver(graph, INT64_MIN).Solve();
    if (std::optional<Assignment> a = AuctionSolver(graph, cardinality).Solve()) {
      return *std::move(a);
    }
  }
  return ShortestPathSolver(graph).Solve();
}

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
