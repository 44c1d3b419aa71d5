// Use cases on published pairs: list, read, complete, dissolve, re-match, and
// the de-identified program summary evaluators read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/matching_run.h"
#include "core/pair.h"
#include "core/program.h"
#include "service/actor.h"
#include "store/audit_log.h"
#include "store/database.h"

namespace tandem::service {

// The program's pairs the actor may see, oldest first: all for a coordinator;
// a mentor or mentee only their own, without the background and preference
// parts of the score's breakdown (those would reveal hidden attributes and
// preferences). Evaluators: kPermissionDenied (they read ProgramSummary).
// `status` filters when set.
std::vector<Pair> ListPairs(store::Database& db, const Actor& actor, std::int64_t program_id,
                            std::optional<PairStatus> status = {});

// One pair: its coordinator or one of its two members (as in ListPairs).
// kNotFound when absent, kPermissionDenied when the actor may not see it.
Pair GetPair(store::Database& db, const Actor& actor, std::int64_t pair_id);

// active -> completed (ended today). Coordinator. kFailedPrecondition when not
// active.
Pair CompletePair(store::Database& db, const Actor& actor, std::int64_t pair_id);

// proposed/active -> dissolved with a reason a person wrote (required, field
// "reason"). Coordinator. The mentor's capacity is free again.
Pair DissolvePair(store::Database& db, const Actor& actor, std::int64_t pair_id,
                  const std::string& reason);

// For other use cases, inside their transaction: dissolves every proposed or
// active pair of enrollment `enrollment_id` with `reason` (someone withdrew),
// auditing each. Returns how many.
int DissolveOpenPairsOf(store::Transaction& tx, const Actor& actor, std::int64_t enrollment_id,
                        const std::string& reason);

// Mentors with capacity left for one mentee (a late joiner or one whose pair
// dissolved), best first, without moving any existing pair. Coordinator.
// Throws kNotFound for an unknown participant id (field "mentee").
std::vector<Proposal> ProposeRematch(store::Database& db, const Actor& actor,
                                     std::int64_t program_id, const std::string& mentee,
                                     int limit = 10);

// When no mentor has room: the mentors who would fit `mentee` if their
// capacity were raised by one, best first, each with their capacity now (a
// coordinator raises it on the mentor's profile, then pairs them).
struct RaiseSuggestion {
  Proposal proposal;
  int capacity = 0;
};
std::vector<RaiseSuggestion> ProposeIfRaised(store::Database& db, const Actor& actor,
                                             std::int64_t program_id, const std::string& mentee,
                                             int limit);

// Creates an active pair by hand (e.g. from a re-match proposal), checking
// every hard rule (capacity, avoid, cross-institution, already paired).
// Coordinator. Throws kFailedPrecondition naming the broken rule.
Pair CreatePair(store::Database& db, const Actor& actor, std::int64_t program_id,
                const std::string& mentee, const std::string& mentor);

// For other use cases, inside their transaction (which holds the two
// enrollments' rows when several writers may race): creates the active pair
// as CreatePair does, with every check, audit and introduction; the caller
// checked who may.
Pair InsertCheckedPair(store::Transaction& tx, const Actor& actor, const Program& program,
                       const std::string& mentee, const std::string& mentor);

// Inside a use case's transaction: introduces the members of each new pair
// to each other by e-mail (notify::IntroductionMessage, through the outbox):
// name, role, institution (not in peer support), e-mail, profile and pair
// links, the cadence. Nothing to withdrawn or disabled people.
void IntroducePairs(store::Transaction& tx, const Program& program, const std::vector<Pair>& pairs);

// Aggregates with no names or ids: what an evaluator may read.
struct ProgramSummary {
  std::int64_t program_id = 0;
  std::map<std::string, int> enrollments;  // "mentor.active" -> count, ...
  std::map<std::string, int> pairs;        // "active" -> count, ...
  int mentees_matched = 0;
  // Of the scored pairs that are not dissolved; none when there are none.
  std::optional<double> mean_score;
  std::optional<double> min_score;
  // Meetings: scheduled (status), held and not held (by their logs, a
  // meeting held when either member says so; unscheduled logs count too).
  int meetings_scheduled = 0;
  int meetings_held = 0;
  int meetings_not_held = 0;
  std::map<std::string, int> pair_health;  // "on_track" -> active pairs, ...
};

// Coordinator, evaluator or admin.
ProgramSummary GetProgramSummary(store::Database& db, const Actor& actor, std::int64_t program_id);

}  // namespace tandem::service
