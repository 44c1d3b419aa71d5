// A program's participants (mentors and mentees): enrollment, profile, tagged
// facets, background, availability, preferences and exclusions, saved and
// loaded as whole tandem::Participant values keyed by their external id.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/participant.h"
#include "core/participant_csv.h"
#include "store/database.h"

namespace tandem::store {

struct SaveCounts {
  int added = 0;    // new enrollments
  int updated = 0;  // existing enrollments (same id in the program) whose profile was replaced
  // Rows that conflict with what is stored, by row and column: when there is
  // any, nothing was written. Warnings: what was kept instead of the row's
  // value (an account's name, a withdrawn enrollment's status).
  std::vector<InputProblem> errors;
  std::vector<InputProblem> warnings;
  // New enrollments of accounts someone has claimed (UserRepository::Claimed:
  // a password, or an admin): added as invited; the caller sends the
  // invitations. Nobody who can sign in joins a program without accepting.
  std::vector<std::int64_t> invited;
};

class ParticipantRepository {
 public:
  // `tx` must outlive the repository.
  explicit ParticipantRepository(Transaction& tx) : tx_(tx) {}

  // Saves `participants` into program `program_id`: a participant whose id is
  // already enrolled as a mentor or mentee has their profile and capacity
  // replaced (the enrollment keeps its user, role and status); others are
  // added. People are matched to existing users by e-mail; institutions by
  // name. prefer/avoid must name participants of the program (in this batch or
  // already enrolled). The caller validates first (core/participant_csv.h).
  //
  // Before writing anything, every row is checked against what is stored, and
  // conflicts come back in SaveCounts::errors (row numbers from `rows`, the
  // file row of each participant; index + 2 when `rows` is empty), with
  // nothing written: a re-imported id that is a coordinator or evaluator or
  // has another role; an e-mail of another account than the id's; a new id
  // whose e-mail's user already holds that role in the program; a new e-mail
  // or name for an account the import may not edit. An existing account's
  // name and e-mail change only when UserRepository::EditableBy allows it
  // (otherwise a different name is kept with a warning, a different e-mail is
  // an error); an empty e-mail never clears one. Throws tandem::Error
  // (kConflict / kInvalidArgument) on what slips through, and the caller's
  // transaction then must not be committed.
  SaveCounts Save(std::int64_t program_id, const std::vector<Participant>& participants,
                  const std::vector<int>& rows = {});

  // Every mentor and mentee of the program that has not withdrawn, in
  // enrollment order; prefer/avoid in rank order. Round-trips with Save.
  std::vector<Participant> Load(std::int64_t program_id);

  // The profile of one enrollment (any role or status) as a Participant: id is
  // the participant id, name and e-mail the user's, prefer/avoid in rank order
  // (withdrawn people left out). nullopt when the enrollment does not exist; an
  // enrollment without a profile row gives empty fields.
  std::optional<Participant> LoadProfile(std::int64_t enrollment_id);

  // Replaces the profile of one enrollment: profile row, tags, background and
  // availability; the user's name and the enrollment's capacity. The
  // institution is found by name or added. prefer/avoid, id, role and e-mail
  // are not touched. The caller validates first (ValidateProfile). Throws
  // tandem::Error(kNotFound) for an unknown enrollment.
  void SaveProfile(std::int64_t enrollment_id, const Participant& profile);

  // Replaces the ranked preferences and exclusions of one enrollment with
  // these enrollment ids (the caller checks they are on the other side of the
  // same program).
  void SavePreferences(std::int64_t enrollment_id, const std::vector<std::int64_t>& prefer,
                       const std::vector<std::int64_t>& avoid);

  // Enrollment ids by external id, for mentors and mentees of the program.
  std::map<std::string, std::int64_t> EnrollmentIds(std::int64_t program_id);

  // Number of active mentors and mentees in the program: {mentors, mentees}.
  std::pair<int, int> Count(std::int64_t program_id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
