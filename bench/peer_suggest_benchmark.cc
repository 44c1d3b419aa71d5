// Peer-support suggestions inside the engine (issue 20): 100,000 realistic
// volunteers (service/demo_peer.h), 2,000 different requests; the index's
// Suggest against a plain scan of every volunteer (SuggestByScanning) in the
// same run, each reporting p50 and p99 per request; and the cost of keeping
// the index right when one volunteer changes (a new load, a pause).
//
//   build/release/bench/peer_suggest_benchmark
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "matching/peer.h"
#include "service/demo_peer.h"

namespace {

using tandem::matching::PeerIndex;
using tandem::matching::PeerQuery;
using tandem::matching::PeerVolunteer;

constexpr int kVolunteers = 100'000;
constexpr int kRequests = 2'000;

struct World {
  std::vector<PeerVolunteer> volunteers;
  std::vector<PeerQuery> queries;
  PeerIndex index{{}, "2026-12-01"};
  World() {
    tandem::service::DemoRng rng(2026);
    for (auto& v : tandem::service::GeneratePeerVolunteers(rng, kVolunteers)) {
      volunteers.push_back(
          {static_cast<std::int64_t>(volunteers.size() + 1), v.profile, v.standing});
      index.Upsert(volunteers.back());
    }
    for (auto& s : tandem::service::GeneratePeerSeekers(rng, kRequests)) {
      PeerQuery q;
      q.request = s.profile;
      q.limit = 10;
      q.today = "2026-12-06";
      q.now = "2026-12-06T12:00:00Z";
      queries.push_back(std::move(q));
    }
  }
};

World& TheWorld() {
  static World world;
  return world;
}

void Percentiles(benchmark::State& state, std::vector<double>& micros) {
  std::sort(micros.begin(), micros.end());
  if (micros.empty()) return;
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[micros.size() * 99 / 100];
  state.counters["max_us"] = micros.back();
}

template <bool kIndex>
void BM_Suggest(benchmark::State& state) {
  World& w = TheWorld();
  std::vector<double> micros;
  std::size_t k = 0, found = 0;
  for (auto _ : state) {
    const PeerQuery& q = w.queries[k++ % w.queries.size()];
    const auto start = std::chrono::steady_clock::now();
    auto result = kIndex ? w.index.Suggest(q) : w.index.SuggestByScanning(q);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    found += result.size();
    benchmark::DoNotOptimize(result);
  }
  Percentiles(state, micros);
  state.counters["suggested"] = static_cast<double>(found) / std::max<std::size_t>(1, k);
}
BENCHMARK(BM_Suggest<true>)->Name("peer_suggest/index/100000")->Iterations(kRequests * 2);
BENCHMARK(BM_Suggest<false>)->Name("peer_suggest/plain_scan/100000")->Iterations(kRequests);

// One volunteer's load goes up (an acceptance) and back down.
void BM_UpsertOne(benchmark::State& state) {
  World& w = TheWorld();
  std::vector<double> micros;
  std::size_t k = 0;
  for (auto _ : state) {
    PeerVolunteer v = w.volunteers[(k++ * 7919) % w.volunteers.size()];
    v.standing.load = (v.standing.load + 1) % (v.standing.capacity + 1);
    const auto start = std::chrono::steady_clock::now();
    w.index.Upsert(v);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  Percentiles(state, micros);
}
BENCHMARK(BM_UpsertOne)->Name("peer_index/upsert_one/100000")->Iterations(20'000);

}  // namespace

BENCHMARK_MAIN();
