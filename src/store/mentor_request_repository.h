// Mentees choosing mentors (core/mentor_request.h): each program's choice
// settings and the requests. Runs inside the caller's transaction; who may
// read or change what is decided in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/mentor_request.h"
#include "store/database.h"

namespace tandem::store {

// Which requests List returns; unset members do not filter.
struct RequestFilter {
  std::optional<std::int64_t> mentee_enrollment_id;
  std::optional<std::int64_t> mentor_enrollment_id;
  std::optional<RequestStatus> status;
};

class MentorRequestRepository {
 public:
  // `tx` must outlive the repository.
  explicit MentorRequestRepository(Transaction& tx) : tx_(tx) {}

  // The program's settings; the defaults (coordinator-led) when it saved none.
  ChoiceSettings LoadSettings(std::int64_t program_id);
  void SaveSettings(std::int64_t program_id, const ChoiceSettings& settings);

  // Inserts a pending request (program, enrollments, note, answer_by; the
  // creation time is the transaction's) and returns its id. kConflict when
  // the mentee already has a pending request to that mentor.
  std::int64_t Insert(const MentorRequest& request);
  // Writes status, reason, message, answered_at and pair_id by id. kNotFound.
  void Update(const MentorRequest& request);
  // One request with names filled; kForUpdate locks its row on PostgreSQL.
  std::optional<MentorRequest> Find(std::int64_t id, RowLock lock = RowLock::kNone);
  // The program's requests matching `filter`, oldest first.
  std::vector<MentorRequest> List(std::int64_t program_id, const RequestFilter& filter = {});
  // Pending requests of any program whose answer_by is before `now_text`
  // (UTC ISO 8601), oldest first, at most `limit`.
  std::vector<MentorRequest> ListOverdue(const std::string& now_text, int limit);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
