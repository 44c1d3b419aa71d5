// Program events and their attendance (core/event.h). Runs inside the
// caller's transaction; who may see or change what is decided in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/event.h"
#include "store/database.h"

namespace tandem::store {

class EventRepository {
 public:
  // `tx` must outlive the repository.
  explicit EventRepository(Transaction& tx) : tx_(tx) {}

  // Adds `event` (id and times assigned) and returns its id.
  std::int64_t Insert(const ProgramEvent& event);
  // Writes every changeable field by id and stamps updated_at. Throws kNotFound.
  void Update(const ProgramEvent& event);
  std::optional<ProgramEvent> Find(std::int64_t id, RowLock lock = RowLock::kNone);
  // A program's events by start time.
  std::vector<ProgramEvent> ListByProgram(std::int64_t program_id);

  // The recorded answers and attendance of an event.
  std::vector<EventAttendance> Attendance(std::int64_t event_id);
  // Inserts or replaces one invitee's row.
  void Save(const EventAttendance& row);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
