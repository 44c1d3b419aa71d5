// Issue 4, benchmark 1: the large pool (100,000 mentees, 50,000 mentors of
// capacity 2, 50 random candidates each, costs 0..1000), our solver and
// LEMON's CostScaling and NetworkSimplex side by side. Each algorithm runs in
// its own forked process so that its peak resident memory (ru_maxrss) is its
// own: the child generates the instance, builds its structures, solves, and
// reports the solve time, the cost and the peak through a pipe.
#include <benchmark/benchmark.h>
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>

#include "bench/matching_instances.h"
#include "matching/flow.h"

namespace {

using tandem::matching::BipartiteGraph;

struct Outcome {
  double seconds = 0;
  long long cost = 0;
  long long peak_kb = 0;
  int ok = 0;
};

// Runs `solve` (which returns the min cost and fills seconds) in a child process.
Outcome InChild(const std::function<long long(const BipartiteGraph&, double&)>& solve) {
  int fds[2];
  if (pipe(fds) != 0) std::abort();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Outcome out;
    {
      const BipartiteGraph g = tandem::bench::LargePool();
      out.cost = solve(g, out.seconds);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    out.peak_kb = usage.ru_maxrss;
    out.ok = 1;
    if (write(fds[1], &out, sizeof out) != sizeof out) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Outcome out;
  if (read(fds[0], &out, sizeof out) != sizeof out) out.ok = 0;
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return out;
}

template <typename Solve>
void Run(benchmark::State& state, Solve solve) {
  for (auto _ : state) {
    const Outcome out = InChild(solve);
    if (!out.ok) state.SkipWithError("child failed");
    state.SetIterationTime(out.seconds);
    state.counters["cost"] = static_cast<double>(out.cost);
    state.counters["peak_MB"] = static_cast<double>(out.peak_kb) / 1024.0;
  }
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

long long Ours(const BipartiteGraph& g, double& seconds,
               tandem::matching::AssignmentAlgorithm algorithm) {
  const auto t = std::chrono::steady_clock::now();
  const auto a = tandem::matching::SolveMaxWeightAssignment(g, algorithm);
  seconds = Since(t);
  return -a.total_weight;
}

// The same network LEMON users would build: s -> mentee (1) -> mentor (1, cost)
// -> t (capacity), supply = number of mentees.
template <template <typename, typename, typename> class Algorithm>
long long Lemon(const BipartiteGraph& g, double& seconds) {
  lemon::SmartDigraph d;
  d.reserveNode(g.left_count + g.right_count + 2);
  d.reserveArc(g.arc_count() + g.left_count + g.right_count);
  const auto s = d.addNode(), t = d.addNode();
  std::vector<lemon::SmartDigraph::Node> right(g.right_count);
  for (auto& n : right) n = d.addNode();
  lemon::SmartDigraph::ArcMap<long long> cap(d), cost(d);
  for (int i = 0; i < g.left_count; ++i) {
    const auto n = d.addNode();
    const auto a = d.addArc(s, n);
    cap[a] = g.left_capacity[i];
    cost[a] = 0;
    for (int k = g.arc_begin[i]; k < g.arc_begin[i + 1]; ++k) {
      const auto b = d.addArc(n, right[g.arc_right[k]]);
      cap[b] = 1;
      cost[b] = -g.arc_weight[k];
    }
  }
  for (int r = 0; r < g.right_count; ++r) {
    const auto a = d.addArc(right[r], t);
    cap[a] = g.right_capacity[r];
    cost[a] = 0;
  }
  const auto start = std::chrono::steady_clock::now();
  Algorithm<lemon::SmartDigraph, long long, long long> algorithm(d);
  algorithm.upperMap(cap).costMap(cost).stSupply(s, t, g.left_count);
  algorithm.run();
  const long long total = algorithm.totalCost();
  seconds = Since(start);
  return total;
}

template <typename G, typename V, typename C>
using CostScaling = lemon::CostScaling<G, V, C>;
template <typename G, typename V, typename C>
using NetworkSimplex = lemon::NetworkSimplex<G, V, C>;

void BM_LargePool_TandemAuction(benchmark::State& state) {
  Run(state, [](const BipartiteGraph& g, double& s) {
    return Ours(g, s, tandem::matching::AssignmentAlgorithm::kAuto);
  });
}
void BM_LargePool_LemonCostScaling(benchmark::State& state) {
  Run(state, [](const BipartiteGraph& g, double& s) { return Lemon<CostScaling>(g, s); });
}
void BM_LargePool_LemonNetworkSimplex(benchmark::State& state) {
  Run(state, [](const BipartiteGraph& g, double& s) { return Lemon<NetworkSimplex>(g, s); });
}

BENCHMARK(BM_LargePool_TandemAuction)->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_LargePool_LemonCostScaling)->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_LargePool_LemonNetworkSimplex)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
