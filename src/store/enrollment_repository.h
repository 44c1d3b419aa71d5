// Enrollments: a person's place in a program, with the name and e-mail of the
// user behind it and whether the profile is complete. Profiles themselves are
// saved and loaded by ParticipantRepository (SaveProfile, LoadProfile). Runs
// inside the caller's transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/enrollment.h"
#include "store/database.h"

namespace tandem::store {

// Which enrollments List and Count read: the role and status when set, then
// (List only) `offset` skipped and at most `limit` kept, oldest first.
struct EnrollmentFilter {
  std::optional<Role> role;
  std::optional<EnrollmentStatus> status;
  std::size_t offset = 0;
  std::optional<std::size_t> limit;
};

class EnrollmentRepository {
 public:
  // `tx` must outlive the repository.
  explicit EnrollmentRepository(Transaction& tx) : tx_(tx) {}

  // Inserts an enrollment (program_id, user_id, role, participant_id, status,
  // capacity; the rest is ignored) and returns its id. Throws kConflict when
  // the participant id is taken in the program or the user already holds the
  // role there.
  std::int64_t Insert(const Enrollment& enrollment);
  std::optional<Enrollment> Find(std::int64_t id, RowLock lock = RowLock::kNone);
  // The user's enrollment in `role` in the program, whatever its status.
  std::optional<Enrollment> FindByUser(std::int64_t program_id, std::int64_t user_id, Role role);
  // The enrollment with this participant id in the program.
  std::optional<Enrollment> FindByParticipantId(std::int64_t program_id,
                                                const std::string& participant_id);
  // Enrollments of the program matching `filter`, oldest first.
  std::vector<Enrollment> List(std::int64_t program_id, const EnrollmentFilter& filter = {});
  // The counts of everything List(program_id, filter) keeps without paging
  // (`offset` and `limit` are ignored).
  EnrollmentCounts Count(std::int64_t program_id, const EnrollmentFilter& filter = {});
  // Every enrollment of the user in any program, oldest first.
  std::vector<Enrollment> ListByUser(std::int64_t user_id);
  // Sets the status (and updated_at). Throws kNotFound.
  void SetStatus(std::int64_t id, EnrollmentStatus status);
  // True when `participant_id` is used in the program.
  bool ParticipantIdTaken(std::int64_t program_id, const std::string& participant_id);
  // Enrollment ids paired with any of `enrollment_ids` in a pair that is not
  // dissolved (their mentors or mentees).
  std::set<std::int64_t> PartnersOf(const std::vector<std::int64_t>& enrollment_ids);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
