// The participants of the matching benchmarks from profiles (issue 4): plain
// Participants, deterministic for the same parameters and seed. Apart from
// matching_instances.h, which LEMON's C++17 programs include.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/participant.h"
#include "core/taxonomy.h"

namespace tandem::bench {

// The profiles instance of issue 4: `mentees` mentees (capacity 1) and
// `mentors` mentors (capacity 2), each with 10 interests, 4 specialties, 3
// goals, 2 languages, a gender, two availability windows, one of 300
// institutions and one of seven North American time zones; mentees ask to be
// matched on gender. Ids e0, e1, … then m<mentees>, ….
inline std::vector<Participant> ProfilePool(int mentees, int mentors, std::uint64_t seed) {
  const Taxonomy& taxonomy = DefaultTaxonomy();
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
    p.name = "Person " + p.id;
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

}  // namespace tandem::bench
