// Meetings and meeting logs of pairs (core/meeting.h). Runs inside the
// caller's transaction; who may read or change what is decided in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/meeting.h"
#include "store/database.h"

namespace tandem::store {

class MeetingRepository {
 public:
  // `tx` must outlive the repository.
  explicit MeetingRepository(Transaction& tx) : tx_(tx) {}

  // Adds `meeting` (id, created_at and updated_at are assigned) and returns its id.
  std::int64_t Insert(const Meeting& meeting);
  // Writes every changeable field of `meeting` (by id) and stamps updated_at.
  // Throws kNotFound.
  void Update(const Meeting& meeting);
  std::optional<Meeting> Find(std::int64_t id, RowLock lock = RowLock::kNone);
  // A pair's meetings, by start time.
  std::vector<Meeting> ListByPair(std::int64_t pair_id);
  // A program's meetings, by start time.
  std::vector<Meeting> ListByProgram(std::int64_t program_id);
  // The meetings of every pair `user_id` is the mentor or mentee of, by start time.
  std::vector<Meeting> ListByUser(std::int64_t user_id);

  // Records that the reminder (or the prompt to log the meeting) for version
  // `sequence` went out. Returns false when it had already been recorded for
  // that version (then the caller sends nothing).
  bool MarkReminded(std::int64_t meeting_id, int sequence);
  bool MarkLogPrompted(std::int64_t meeting_id, int sequence);

  // Records a nudge about pair `pair_id` of `kind` for the episode `since`
  // (a date). Returns false when that nudge was recorded before.
  bool MarkNudged(std::int64_t pair_id, const std::string& kind, const std::string& since);

  // Adds a log (id and times assigned) and returns its id. Throws kConflict
  // when the author already logged that meeting.
  std::int64_t InsertLog(const MeetingLog& log);
  // A pair's logs, by meeting time.
  std::vector<MeetingLog> ListLogsByPair(std::int64_t pair_id);
  // A program's logs, by meeting time.
  std::vector<MeetingLog> ListLogsByProgram(std::int64_t program_id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
