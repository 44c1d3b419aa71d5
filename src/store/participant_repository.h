// A program's participants (mentors and mentees): enrollment, profile, tagged
// facets, background, availability, preferences and exclusions, saved and
// loaded as whole tandem::Participant values keyed by their external id.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/participant.h"
#include "store/database.h"
#include "store/user_repository.h"

namespace tandem::store {

// What an import needs to know of what is stored, read in one go
// (ParticipantRepository::ReadForImport).
struct ImportState {
  struct Enrolled {
    std::int64_t id = 0;
    std::int64_t user = 0;
    std::string role;    // "mentor", "mentee", "coordinator", "evaluator"
    std::string status;  // "invited", "applied", "active", "withdrawn"
  };
  struct Account {
    std::string email;  // "" when the account has none
    std::string name;
    AccountStanding standing;
  };
  // Every enrollment of the program, any role, by participant id.
  std::unordered_map<std::string, Enrolled> enrolled;
  // The accounts of those enrollments that the file re-imports, and those
  // with one of the file's e-mails; by user id.
  std::unordered_map<std::int64_t, Account> accounts;
  std::unordered_map<std::string, std::int64_t> user_by_email;
};

// What an import writes, as service/ decided it: one Row per participant.
struct ImportPlan {
  struct Row {
    // The account: an existing user id (> 0); 0 to add a new account for
    // this row; -(k + 1) for the account row k adds (one person, two roles).
    std::int64_t user = 0;
    // The re-imported enrollment (its profile and capacity are replaced;
    // user, role and status kept), or 0 for a new enrollment.
    std::int64_t enrollment = 0;
    // A new enrollment is added as invited (true) or active.
    bool invite = false;
  };
  std::vector<Row> rows;
  // Existing accounts given a new name or e-mail: user -> {name, e-mail}
  // (the e-mail "" for none).
  std::map<std::int64_t, std::pair<std::string, std::string>> account_changes;
};

// What ParticipantRepository::Write did.
struct ImportWritten {
  int added = 0;                        // new enrollments
  int updated = 0;                      // re-imported enrollments
  std::vector<std::int64_t> invited;    // new enrollments added as invited
  std::vector<std::int64_t> activated;  // new enrollments added as active
};

class ParticipantRepository {
 public:
  // `tx` must outlive the repository.
  explicit ParticipantRepository(Transaction& tx) : tx_(tx) {}

  // Reads what an import of `participants` into `program_id` must be
  // checked against (see ImportState).
  ImportState ReadForImport(std::int64_t program_id, const std::vector<Participant>& participants);

  // Writes `participants` into program `program_id` as `plan` says:
  // accounts added or changed, enrollments added or their capacity replaced,
  // and every participant's profile, tags, background, availability and
  // prefer/avoid (which must name participants of the program, in this batch
  // or already enrolled). Institutions are found by name or added. The caller
  // validated the rows and decided the plan (service/import_plan.h); the
  // repository writes it. Throws tandem::Error (kConflict / kInvalidArgument)
  // on what slips through, and the caller's transaction then must not be
  // committed.
  ImportWritten Write(std::int64_t program_id, const std::vector<Participant>& participants,
                      const ImportPlan& plan);

  // Every mentor and mentee of the program that has not withdrawn, in
  // enrollment order; prefer/avoid in rank order. Round-trips with Save.
  std::vector<Participant> Load(std::int64_t program_id);

  // The profile of one enrollment (any role or status) as a Participant: id is
  // the participant id, name and e-mail the user's, prefer/avoid in rank order
  // (withdrawn people left out). nullopt when the enrollment does not exist; an
  // enrollment without a profile row gives empty fields. With kShared, what
  // service/ shows a pair partner: background, prefer/avoid and match_on are
  // not read (left empty).
  enum class Parts { kWhole, kShared };
  std::optional<Participant> LoadProfile(std::int64_t enrollment_id, Parts parts = Parts::kWhole);

  // Replaces the profile of one enrollment: profile row, tags, background,
  // availability and answers; the user's name and the enrollment's capacity. The
  // institution is found by name or added. prefer/avoid, id, role and e-mail
  // are not touched. The caller validates first (ValidateProfile). Throws
  // tandem::Error(kNotFound) for an unknown enrollment. `stored`, when given,
  // is the profile as LoadProfile gives it in this transaction: child tables
  // (tags, background, availability, answers) whose rows would be the same
  // are then left as they are, and so is the user's name when unchanged.
  void SaveProfile(std::int64_t enrollment_id, const Participant& profile,
                   const Participant* stored = nullptr);

  // The prefer and avoid lists of one enrollment alone, as LoadProfile gives
  // them (participant ids in rank order, withdrawn people left out).
  struct PreferenceLists {
    std::vector<std::string> prefer, avoid;
  };
  PreferenceLists LoadPreferences(std::int64_t enrollment_id);

  // Replaces the ranked preferences and exclusions of one enrollment with
  // these enrollment ids (the caller checks they are on the other side of the
  // same program). When the stored lists are these already (people who have
  // withdrawn since included), writes nothing and returns false.
  bool SavePreferences(std::int64_t enrollment_id, const std::vector<std::int64_t>& prefer,
                       const std::vector<std::int64_t>& avoid);

  // Enrollment ids by external id, for mentors and mentees of the program.
  std::map<std::string, std::int64_t> EnrollmentIds(std::int64_t program_id);

  // Number of active mentors and mentees in the program: {mentors, mentees}.
  std::pair<int, int> Count(std::int64_t program_id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
