// The participants of the matching benchmarks from profiles (issue 4): plain
// Participants, deterministic for the same parameters and seed. Apart from
// matching_instances.h, which LEMON's C++17 programs include.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/intake.h"
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

// The intake questions of the profiles benchmark with questions (issue 23):
// a single choice of 4 compared for the same answer, a mentees' multiple
// choice of 12 compared for overlap with a mentors' one, a 1-5 scale compared
// for closeness, and a must-match single choice of 3.
inline std::vector<IntakeQuestion> ProfileQuestions() {
  const auto question = [](const char* code, QuestionKind kind, int options, QuestionMatch match,
                           double weight, QuestionAudience audience) {
    IntakeQuestion q;
    q.code = code;
    q.text = code;
    q.kind = kind;
    for (int k = 0; k < options; ++k) {
      q.options.push_back({"o" + std::to_string(k), "Option " + std::to_string(k)});
    }
    q.audience = audience;
    q.match = match;
    q.weight = weight;
    return q;
  };
  using K = QuestionKind;
  using M = QuestionMatch;
  using A = QuestionAudience;
  std::vector<IntakeQuestion> questions = {
      question("meeting_language", K::kSingle, 4, M::kSame, 5, A::kBoth),
      question("help_wanted", K::kMultiple, 12, M::kOverlap, 10, A::kMentees),
      question("help_offered", K::kMultiple, 12, M::kNone, 0, A::kMentors),
      question("pace", K::kScale, 0, M::kCloseness, 5, A::kBoth),
      question("site", K::kSingle, 3, M::kMustMatch, 5, A::kBoth),
  };
  questions[1].compare_with = "help_offered";
  return questions;
}

// Answers `people` give to ProfileQuestions(): each question asked of a
// person is answered 9 times in 10; mentees want 1-4 kinds of help, mentors
// offer 2-6. Deterministic for the same seed.
inline void AnswerProfileQuestions(std::vector<Participant>& people,
                                   const std::vector<IntakeQuestion>& questions,
                                   std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (Participant& p : people) {
    for (const IntakeQuestion& q : questions) {
      if (!AsksRole(q, p.role) || rng() % 10 == 0) continue;
      std::vector<std::string>& values = p.answers[q.code];
      if (q.kind == QuestionKind::kScale) {
        values.push_back(std::to_string(q.scale_min +
                                        static_cast<int>(rng() % (q.scale_max - q.scale_min + 1))));
      } else if (q.kind == QuestionKind::kSingle) {
        values.push_back(q.options[rng() % q.options.size()].code);
      } else {
        const int count = p.role == Role::kMentee ? 1 + static_cast<int>(rng() % 4)
                                                  : 2 + static_cast<int>(rng() % 5);
        while (static_cast<int>(values.size()) < count) {
          const std::string& code = q.options[rng() % q.options.size()].code;
          if (std::find(values.begin(), values.end(), code) == values.end()) {
            values.push_back(code);
          }
        }
      }
    }
  }
}

}  // namespace tandem::bench
