// Issue 4, benchmarks 2 and 3: matching from profiles. 20,000 mentees x 10,000
// mentors with about 20 tags each (all 200 million pairs scored, top-K kept,
// solved), and a cohort like the reference program (35 x 34, every pair).
// Issue 23: the same with the program's own questions (ProfileQuestions: same,
// overlap against a mentors' question, closeness, must-match), to be within
// 25% of the run without them in the same process.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "bench/profile_instances.h"
#include "matching/match.h"

namespace {

// CPU seconds of every thread of the process so far: on a shared machine a
// steadier measure of the work than the wall clock.
double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void Run(benchmark::State& state, bool questions) {
  const int mentees = static_cast<int>(state.range(0));
  const int mentors = static_cast<int>(state.range(1));
  std::vector<tandem::Participant> people = tandem::bench::ProfilePool(mentees, mentors, 7);
  tandem::matching::MatchSettings settings;
  settings.cross_institution = true;
  settings.reference_date = "2025-09-01";
  if (questions) {
    settings.questions = tandem::bench::ProfileQuestions();
    tandem::bench::AnswerProfileQuestions(people, settings.questions, 11);
  }
  for (auto _ : state) {
    const double cpu_before = ProcessCpuSeconds();
    const auto problem = tandem::matching::MatchProblem::FromParticipants(people, settings);
    const double cpu_built = ProcessCpuSeconds();
    const auto result = tandem::matching::Solve(problem);
    state.counters["build_cpu_s"] = cpu_built - cpu_before;
    state.counters["solve_cpu_s"] = ProcessCpuSeconds() - cpu_built;
    state.counters["matched"] = result.matched_mentees;
    state.counters["build_s"] = result.build_seconds;
    state.counters["solve_s"] = result.solve_seconds;
    state.counters["candidates"] = static_cast<double>(result.candidate_pairs);
  }
}

void BM_FromProfiles(benchmark::State& state) { Run(state, false); }
void BM_FromProfilesWithQuestions(benchmark::State& state) { Run(state, true); }

BENCHMARK(BM_FromProfiles)->Args({35, 34})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FromProfilesWithQuestions)
    ->Args({35, 34})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_FromProfiles)
    ->Args({20'000, 10'000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();
BENCHMARK(BM_FromProfilesWithQuestions)
    ->Args({20'000, 10'000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
