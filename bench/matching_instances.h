// Instance generators for the matching benchmarks. Deterministic: the same
// parameters and seed give the same instance on every machine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "matching/flow.h"

namespace tandem::bench {

// The "large pool" instance of issue 4: `mentees` mentees of capacity 1,
// `mentors` mentors of capacity `mentor_capacity`, each mentee with `degree`
// distinct random candidate mentors, integer costs uniform in 0..max_cost.
// Arc weight = -cost, so the maximum-weight assignment is the minimum-cost one.
inline matching::BipartiteGraph LargePool(int mentees = 100'000, int mentors = 50'000,
                                          int mentor_capacity = 2, int degree = 50,
                                          int max_cost = 1000, std::uint64_t seed = 20240601) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> pick(0, mentors - 1);
  std::uniform_int_distribution<int> cost(0, max_cost);
  matching::BipartiteGraph g;
  g.left_count = mentees;
  g.right_count = mentors;
  g.left_capacity.assign(mentees, 1);
  g.right_capacity.assign(mentors, mentor_capacity);
  g.arc_begin.reserve(mentees + 1);
  g.arc_begin.push_back(0);
  g.arc_right.reserve(static_cast<size_t>(mentees) * degree);
  g.arc_weight.reserve(static_cast<size_t>(mentees) * degree);
  std::vector<int> chosen;
  for (int i = 0; i < mentees; ++i) {
    chosen.clear();
    while (static_cast<int>(chosen.size()) < degree) {
      const int r = pick(rng);
      if (std::find(chosen.begin(), chosen.end(), r) == chosen.end()) chosen.push_back(r);
    }
    std::sort(chosen.begin(), chosen.end());
    for (int r : chosen) {
      g.arc_right.push_back(r);
      g.arc_weight.push_back(-cost(rng));
    }
    g.arc_begin.push_back(static_cast<int>(g.arc_right.size()));
  }
  return g;
}

}  // namespace tandem::bench
