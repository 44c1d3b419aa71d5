// A person's place in a program: their role and where they are in the
// enrollment lifecycle, and the user account behind it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/participant.h"

namespace tandem {

enum class EnrollmentStatus { kInvited, kApplied, kActive, kWithdrawn };

std::string_view EnrollmentStatusName(EnrollmentStatus status);  // "invited", ...
std::optional<EnrollmentStatus> ParseEnrollmentStatus(std::string_view text);
// invited -> active | withdrawn; applied -> active | withdrawn;
// active -> withdrawn. Nothing leaves withdrawn.
bool CanTransition(EnrollmentStatus from, EnrollmentStatus to);

struct Enrollment {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t user_id = 0;
  Role role = Role::kMentee;
  std::string participant_id;  // the program's own id for the person (CSV `id`)
  EnrollmentStatus status = EnrollmentStatus::kActive;
  int capacity = 1;
  std::string name;   // of the user
  std::string email;  // of the user; empty when unknown
  // True when the profile has what matching needs: a time zone, at least one
  // interest, and availability.
  bool profile_complete = false;
  std::string created_at;
  std::string updated_at;
};

// True when `profile` has what matching needs: a time zone, at least one
// interest, and some availability (Enrollment::profile_complete).
bool IsProfileComplete(const Participant& profile);

// Which of a program's enrollments to list (GET /programs/{id}/enrollments).
struct EnrollmentQuery {
  std::optional<Role> role;                // only this role
  std::optional<EnrollmentStatus> status;  // only this status
  // Kept: enrollments whose name, e-mail or participant id contains `text`,
  // compared case-insensitively (FoldCase). Empty: all.
  std::string text;
  std::size_t offset = 0;            // enrollments skipped, oldest first
  std::optional<std::size_t> limit;  // enrollments kept; nullopt: the rest
};

// The counts of a whole listing (every page of it).
struct EnrollmentCounts {
  std::size_t total = 0;              // enrollments the query keeps
  std::size_t participants = 0;       // of them, mentors and mentees
  std::size_t profiles_complete = 0;  // of those, with a complete profile
};

// One page of a listing beside the counts of the whole listing.
struct EnrollmentPage {
  std::vector<Enrollment> enrollments;
  EnrollmentCounts counts;
};

// The page of `all` (oldest first) that `query` asks for, with the counts of
// everything in `all` that the query keeps.
EnrollmentPage PageOf(std::vector<Enrollment> all, const EnrollmentQuery& query);

// Checks a profile a person or coordinator edits (the fields of a participant
// CSV row, docs/import.md) and returns it in canonical form: tags trimmed,
// lower-cased and de-duplicated (CanonicalTag), background keys canonical.
// Rules: name present; time zone an IANA name (needed when there is
// availability); years_experience 0..80; capacity 1..kMaxCapacity; tags without ';' and
// at most 100 characters, at most 50 per list; background key:value pairs with
// distinct keys; match_on keys present in background; availability windows
// start 0..10079 and last 1..1440 minutes; text valid UTF-8, bio at most 4000
// bytes. `id`, `role`, `email`, `prefer` and `avoid` are passed through
// unchecked. Throws tandem::Error(kInvalidArgument) naming the field
// ("time_zone", "interests", "availability", ...). Thread-safe.
Participant ValidateProfile(const Participant& profile);

// One problem with one field of a profile, named as the API names it
// ("name", "interests[2]", "availability[0].minutes", "background.site").
struct FieldProblem {
  std::string field;
  std::string message;
};

// ValidateProfile's rules, reporting every problem instead of the first (for
// imports, which report all of a row's problems): appends to `problems` and
// returns the profile in canonical form (meaningful only when nothing was
// appended). Thread-safe.
Participant CheckProfile(const Participant& profile, std::vector<FieldProblem>& problems);

// The longest program-chosen participant id (the CSV `id`).
inline constexpr size_t kMaxParticipantId = 64;
// A participant id: present, at most kMaxParticipantId bytes of UTF-8, no
// spaces, control characters, ';', ',' or ':' (lists in a CSV cell are
// separated by them). Throws kInvalidArgument naming "participant_id".
void CheckParticipantId(const std::string& id);

}  // namespace tandem
