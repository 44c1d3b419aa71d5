// Use cases on a program's participants: import and export of the participant
// CSV (docs/import.md).
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <vector>

#include "core/participant_csv.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

struct ImportReport {
  std::vector<InputProblem> errors;  // non-empty: nothing was written
  std::vector<InputProblem> warnings;
  int rows = 0;     // participants in the file
  int added = 0;    // new enrollments
  int updated = 0;  // re-imported ids whose profile was replaced
  // Of `added`: people whose account another program (or its owner) holds;
  // enrolled as invited, with an invitation in the outbox.
  int invited = 0;
  // Of `added`: people added as active who cannot sign in yet (no password)
  // but have an e-mail address: a background job ("invite_imported") sends
  // each an invitation to choose a password.
  int welcomed = 0;
  bool ok() const { return errors.empty(); }
};

inline constexpr const char* kInviteImportedJob = "invite_imported";

// The work of an "invite_imported" job: an invitation to choose a password
// for each of `enrollment_ids` (new enrollments of program `program_id`)
// that is still active, has an e-mail address, belongs to an account with no
// password that is not disabled and has no live invitation yet — so a job run
// twice invites nobody twice. In transactions of 200. Returns how many were
// invited.
int InviteImported(store::Database& db, std::int64_t program_id,
                   const std::vector<std::int64_t>& enrollment_ids);

// Reads and validates the whole file, then, only if it has no error, saves
// every row in one transaction: all or nothing. Coordinators of the program
// (and admins) only: kPermissionDenied otherwise, checked first. Rows whose id is already
// enrolled in the program replace that participant's profile (the enrollment
// keeps its role and status; the account its name and e-mail unless the
// import may edit it: store::ParticipantRepository::Save). Problems with the
// file, including rows that conflict with stored data, come back in the
// report (not thrown) and nothing is written; tandem::Error is thrown for an
// unknown program, a closed program, or a database failure.
ImportReport ImportParticipants(store::Database& db, const Actor& actor, std::int64_t program_id,
                                std::istream& csv);

// Writes every mentor and mentee of the program as a participant CSV that
// ImportParticipants reads back to the same data. Returns the row count.
// Coordinators (and admins) only: kPermissionDenied; kNotFound.
int ExportParticipants(store::Database& db, const Actor& actor, std::int64_t program_id,
                       std::ostream& csv);

// The participants of a program, as matching and export see them.
std::vector<Participant> LoadParticipants(store::Database& db, std::int64_t program_id);

}  // namespace tandem::service
