// Pairs of a program, and the facts about its mentors and mentees that pairing
// rules need (enrollment, status, capacity, name). Runs inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pair.h"
#include "core/participant.h"
#include "store/database.h"

namespace tandem::store {

// Counts for the de-identified program summary.
struct PairCounts {
  std::map<std::string, int> enrollments;  // "mentor.active" -> count, ... (every role)
  std::map<std::string, int> pairs;        // "active" -> count, ...
  int mentees_matched = 0;                 // distinct mentees in pairs that are not dissolved
  // Of the scored pairs that are not dissolved; none when there are none.
  std::optional<double> mean_score;
  std::optional<double> min_score;
};

// A mentor or mentee of a program, by participant id.
struct PairCandidate {
  std::int64_t enrollment_id = 0;
  std::int64_t user_id = 0;
  Role role = Role::kMentee;
  bool active = false;  // enrollment status active
  int capacity = 1;
  std::string name;
  int open_pairs = 0;  // proposed or active pairs
};

class PairRepository {
 public:
  explicit PairRepository(Transaction& tx) : tx_(tx) {}

  // Inserts a pair between two enrolled participants of `pair.program_id`
  // (named by their participant ids) and returns its id. Throws
  // tandem::Error(kNotFound) when either is not enrolled, kConflict when the
  // two already have an open (proposed or active) pair.
  std::int64_t Insert(const Pair& pair);
  // Saves status, dates and end reason of an existing pair. Throws kNotFound.
  void UpdateStatus(const Pair& pair);
  // A pair with its enrollment ids and the people's names.
  std::optional<Pair> Find(std::int64_t id, RowLock lock = RowLock::kNone);
  // Pairs of a program, oldest first; only those with `status` when set.
  std::vector<Pair> ListByProgram(std::int64_t program_id, std::optional<PairStatus> status = {});
  // Pairs in which enrollment `enrollment_id` is the mentor or the mentee,
  // oldest first.
  std::vector<Pair> ListByMember(std::int64_t enrollment_id);
  // Open (proposed or active) pairs in which the enrollment is the mentor or
  // the mentee (0 for an unknown enrollment).
  int OpenPairsOf(std::int64_t enrollment_id);
  // The program's mentors and mentees (any enrollment status) by participant id.
  std::map<std::string, PairCandidate> Candidates(std::int64_t program_id);
  // Counts for ProgramSummary.
  PairCounts Count(std::int64_t program_id);

 private:
  Transaction& tx_;
};

// Pair as JSON text, for the audit log ("before"/"after").
std::string PairJson(const Pair& pair);

// A stored breakdown (a JSON object of facet points) as a Pair's breakdown:
// the numbers among its top-level members, the last of a repeated name.
// Empty when the text is not an object or is malformed.
std::map<std::string, double> ReadBreakdown(std::string_view text);

}  // namespace tandem::store
