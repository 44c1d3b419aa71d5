// Internal to service/: what the matching engine is given for a program —
// its active mentors and mentees with the capacity their open pairs leave,
// the open pairs among them (kept fixed), and the program's hard rules — plus
// small helpers shared by the matching-run and pair use cases.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/participant.h"
#include "core/program.h"
#include "matching/match.h"
#include "service/actor.h"
#include "service/vocabulary.h"
#include "store/database.h"
#include "store/pair_repository.h"

namespace tandem::service {

struct MatchingInput {
  // Active mentors and mentees with capacity left after open (proposed or
  // active) pairs with people outside this list; people whose capacity those
  // pairs use up are left out. Enrollment order.
  std::vector<Participant> people;
  // Open pairs between two people of `people`: fixed, never moved.
  std::vector<matching::PairId> existing;
  // Every mentor and mentee of the program (any status), by participant id.
  std::map<std::string, store::PairCandidate> candidates;
  // Mentees of `people` with capacity left after `existing`.
  std::vector<std::string> mentees_to_match;
  int mentors = 0;  // mentors in `people`
  // Pairs among `people` never to propose: a person enrolled both as mentor
  // and as mentee with themselves, and pairs that were dissolved.
  std::vector<matching::PairId> never;
  std::string today;      // the transaction's date, UTC, "YYYY-MM-DD"
  Vocabulary vocabulary;  // the program's taxonomy and questions
};

// Loads the engine's input for `program` inside `tx`. `what_if`: as if no
// pair were proposed or active (every active person with their whole
// capacity; dissolved pairs still never proposed).
MatchingInput LoadMatchingInput(store::Transaction& tx, const Program& program,
                                bool what_if = false);

// The engine settings for the program's hard rules (cross-institution,
// maximum time-zone difference, minimum score), weights, taxonomy and
// questions; reference date the program's start (`today`, "YYYY-MM-DD",
// when it has none). The settings point into `vocabulary`, which must
// outlive them.
matching::MatchSettings ProgramMatchSettings(const Program& program, const std::string& today,
                                             const Vocabulary& vocabulary);

// Checks `pairs` (mentee, mentor) against the hard rules in `settings` the
// way the engine checks locked pairs (avoid, forbid, cross-institution,
// time zones, minimum score), on the participants' current profiles; each
// person's capacity is taken as their number of pairs here, so capacity is
// the caller's to check. Returns the engine's result, which scores the pairs.
// Throws kFailedPrecondition "the pair MENTEE:MENTOR ..." for the first pair
// breaking a rule.
matching::MatchResult CheckPairs(store::Transaction& tx, std::int64_t program_id,
                                 matching::MatchSettings settings,
                                 const std::vector<matching::PairId>& pairs);

// The transaction's date in UTC, "YYYY-MM-DD".
std::string TodayUtc(const store::Transaction& tx);

// Appends an audit record in `tx`.
void AppendAudit(store::Transaction& tx, const Actor& actor, const std::string& action,
                 const std::string& entity, std::optional<std::int64_t> entity_id,
                 std::int64_t program_id, const std::string& before_json,
                 const std::string& after_json);

}  // namespace tandem::service
