// Issue 4, benchmarks 2 and 3: matching from profiles. 20,000 mentees x 10,000
// mentors with about 20 tags each (all 200 million pairs scored, top-K kept,
// solved), and a cohort like the reference program (35 x 34, every pair).
#include <benchmark/benchmark.h>

#include "bench/profile_instances.h"
#include "matching/match.h"

namespace {

void BM_FromProfiles(benchmark::State& state) {
  const int mentees = static_cast<int>(state.range(0));
  const int mentors = static_cast<int>(state.range(1));
  const std::vector<tandem::Participant> people = tandem::bench::ProfilePool(mentees, mentors, 7);
  tandem::matching::MatchSettings settings;
  settings.cross_institution = true;
  settings.reference_date = "2025-09-01";
  for (auto _ : state) {
    const auto problem = tandem::matching::MatchProblem::FromParticipants(people, settings);
    const auto result = tandem::matching::Solve(problem);
    state.counters["matched"] = result.matched_mentees;
    state.counters["build_s"] = result.build_seconds;
    state.counters["solve_s"] = result.solve_seconds;
    state.counters["candidates"] = static_cast<double>(result.candidate_pairs);
  }
}

BENCHMARK(BM_FromProfiles)->Args({35, 34})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FromProfiles)
    ->Args({20'000, 10'000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
