// Issue 4, benchmarks 2 and 3: matching from profiles. 20,000 mentees x 10,000
// mentors with about 20 tags each (all 200 million pairs scored, top-K kept,
// solved), and a cohort like the reference program (35 x 34, every pair).
#include <benchmark/benchmark.h>

#include <random>

#include "core/taxonomy.h"
#include "matching/match.h"

namespace {

using tandem::Participant;
using tandem::Role;

std::vector<Participant> Profiles(int mentees, int mentors, std::uint64_t seed) {
  const tandem::Taxonomy& taxonomy = tandem::DefaultTaxonomy();
  std::vector<std::string> topics;
  for (const auto& [topic, parent] : taxonomy.topics) topics.push_back(topic);
  const std::vector<std::string> zones = {
      "America/New_York", "America/Chicago",   "America/Denver", "America/Los_Angeles",
      "America/Toronto",  "America/Vancouver", "America/Halifax"};
  std::mt19937_64 rng(seed);
  const auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
  };
  std::vector<Participant> people;
  for (int k = 0; k < mentees + mentors; ++k) {
    const bool mentee = k < mentees;
    Participant p;
    p.role = mentee ? Role::kMentee : Role::kMentor;
    p.id = (mentee ? std::string("e") : std::string("m")) + std::to_string(k);
    p.institution = "inst" + std::to_string(rng() % 300);
    p.capacity = mentee ? 1 : 2;
    p.time_zone = pick(zones);
    p.career_stage = mentee ? "fellow pgy5" : pick(taxonomy.career_stages);
    p.years_experience = static_cast<int>(rng() % 30);
    for (int t = 0; t < 10; ++t) p.interests.push_back(pick(topics));
    for (int t = 0; t < 4; ++t) p.specialties.push_back(pick(topics));
    for (int t = 0; t < 3; ++t) p.goals.push_back(pick(taxonomy.goals));
    p.languages = {"english", pick(taxonomy.languages)};
    p.background = {{"gender", rng() % 2 ? "woman" : "man"}};
    if (mentee) p.match_on = {"gender"};
    const int day = static_cast<int>(rng() % 7);
    p.availability = {{day * 1440 + static_cast<int>(rng() % 1200), 120},
                      {static_cast<int>(rng() % 10000), 60}};
    people.push_back(std::move(p));
  }
  return people;
}

void BM_FromProfiles(benchmark::State& state) {
  const int mentees = static_cast<int>(state.range(0));
  const int mentors = static_cast<int>(state.range(1));
  const std::vector<Participant> people = Profiles(mentees, mentors, 7);
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
