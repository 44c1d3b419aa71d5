#include "service/matching_input.h"

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/error.h"
#include "store/audit_log.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"

namespace tandem::service {

MatchingInput LoadMatchingInput(store::Transaction& tx, const Program& program, bool what_if) {
  MatchingInput input;
  input.today = TodayUtc(tx);
  input.vocabulary = LoadVocabulary(tx, program.id);
  store::PairRepository pair_repository(tx);
  input.candidates = pair_repository.Candidates(program.id);
  std::vector<Participant> all = store::ParticipantRepository(tx).Load(program.id);
  std::vector<Pair> open, dissolved;
  for (Pair& p : pair_repository.ListByProgram(program.id)) {
    if (p.status == PairStatus::kProposed || p.status == PairStatus::kActive) {
      if (!what_if) open.push_back(std::move(p));
    } else if (p.status == PairStatus::kDissolved) {
      dissolved.push_back(std::move(p));
    }
  }

  // Who takes part: active, and with capacity left after pairs with people
  // who do not. Removing someone can use up another's capacity, so repeat.
  std::set<std::string> in;
  for (const Participant& p : all) {
    auto it = input.candidates.find(p.id);
    if (it != input.candidates.end() && it->second.active) in.insert(p.id);
  }
  std::map<std::string, int> outside;
  for (bool changed = true; changed;) {
    changed = false;
    outside.clear();
    for (const Pair& pair : open) {
      const bool mentor_in = in.count(pair.mentor) > 0, mentee_in = in.count(pair.mentee) > 0;
      if (mentor_in && !mentee_in) ++outside[pair.mentor];
      if (mentee_in && !mentor_in) ++outside[pair.mentee];
    }
    for (const auto& [id, used] : outside) {
      if (input.candidates[id].capacity - used <= 0) {
        in.erase(id);
        changed = true;
      }
    }
  }
  std::map<std::string, int> fixed;  // open pairs inside, per person
  for (const Pair& pair : open) {
    if (in.count(pair.mentor) && in.count(pair.mentee)) {
      input.existing.push_back({pair.mentee, pair.mentor});
      ++fixed[pair.mentor];
      ++fixed[pair.mentee];
    }
  }
  for (Participant& p : all) {
    if (!in.count(p.id)) continue;
    // Open pairs hold their places even if the capacity was lowered since.
    const int capacity = std::max(input.candidates[p.id].capacity, outside[p.id] + fixed[p.id]);
    p.capacity = capacity - outside[p.id];
    if (p.role == Role::kMentor) ++input.mentors;
    if (p.role == Role::kMentee && p.capacity - fixed[p.id] > 0) {
      input.mentees_to_match.push_back(p.id);
    }
    input.people.push_back(std::move(p));
  }
  std::set<matching::PairId> never;
  for (const Pair& pair : dissolved) {
    if (in.count(pair.mentor) && in.count(pair.mentee)) never.insert({pair.mentee, pair.mentor});
  }
  std::map<std::int64_t, std::pair<std::vector<std::string>, std::vector<std::string>>> by_user;
  for (const std::string& id : in) {
    const store::PairCandidate& c = input.candidates[id];
    auto& [mentees, mentors] = by_user[c.user_id];
    (c.role == Role::kMentee ? mentees : mentors).push_back(id);
  }
  for (const auto& [user, sides] : by_user) {
    for (const std::string& mentee : sides.first) {
      for (const std::string& mentor : sides.second) never.insert({mentee, mentor});
    }
  }
  for (const matching::PairId& p : input.existing) never.erase(p);  // open pairs stay
  input.never.assign(never.begin(), never.end());
  return input;
}

matching::MatchSettings ProgramMatchSettings(const Program& program, const std::string& today,
                                             const Vocabulary& vocabulary) {
  matching::MatchSettings settings;
  settings.taxonomy = &vocabulary.taxonomy;
  settings.questions = vocabulary.questions;
  settings.weights = program.weights;
  settings.cross_institution = program.cross_institution;
  settings.max_time_zone_difference_hours = program.max_time_zone_difference_hours;
  settings.min_score = program.min_score;
  settings.reference_date = program.starts_on.empty() ? today : program.starts_on;
  return settings;
}

matching::MatchResult CheckPairs(store::Transaction& tx, std::int64_t program_id,
                                 matching::MatchSettings settings,
                                 const std::vector<matching::PairId>& pairs) {
  std::map<std::string, int> uses;
  for (const matching::PairId& p : pairs) {
    ++uses[p.mentee];
    ++uses[p.mentor];
  }
  std::vector<Participant> people;
  for (Participant& p : store::ParticipantRepository(tx).Load(program_id)) {
    auto it = uses.find(p.id);
    if (it == uses.end()) continue;
    p.capacity = it->second;
    people.push_back(std::move(p));
  }
  settings.locks = pairs;
  settings.forbids.clear();
  settings.top_k = 0;
  settings.threads = 1;
  try {
    return matching::Solve(matching::MatchProblem::FromParticipants(people, settings));
  } catch (const Error& error) {
    std::string message = error.message();
    if (message.rfind("locked pair ", 0) == 0) message = "the pair " + message.substr(12);
    throw Error(error.code(), message);
  }
}

std::string TodayUtc(const store::Transaction& tx) { return FormatUtcDate(tx.now()); }

void AppendAudit(store::Transaction& tx, const Actor& actor, const std::string& action,
                 const std::string& entity, std::optional<std::int64_t> entity_id,
                 std::int64_t program_id, const std::string& before_json,
                 const std::string& after_json) {
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = action,
                              .entity = entity,
                              .entity_id = entity_id,
                              .program_id = program_id,
                              .before_json = before_json,
                              .after_json = after_json});
}

}  // namespace tandem::service
