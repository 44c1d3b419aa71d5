// Peer support (docs/peer-support.md): people seeking support — patients,
// survivors, caregivers — and the trained volunteers who have been there.
// The vocabulary peer-support profiles are written in (one place: every
// form, import, message and the matching engine use these lists), the
// profiles, a volunteer's standing, and the rules about them that need no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/participant.h"

namespace tandem {

// One value of a list: a stable code and the words people read.
struct PeerTerm {
  std::string_view code;
  std::string_view label;
};

// The lists, in the order forms show them.
std::span<const PeerTerm> PeerCancerTypes();          // "breast", ..., "other"
std::span<const PeerTerm> PeerStages();               // "0", "1", "2", "3", "4", "unknown"
std::span<const PeerTerm> PeerTreatments();           // "surgery", ..., "clinical_trial"
std::span<const PeerTerm> PeerTimesSinceDiagnosis();  // ordered: "under_6_months" .. "over_5_years"
std::span<const PeerTerm> PeerAgeGroups();            // ordered: "18_29" .. "70_plus"
std::span<const PeerTerm> PeerGenders();              // "woman", "man", "nonbinary", "undisclosed"
std::span<const PeerTerm> PeerPersonKinds();          // "patient", "survivor", "caregiver"
std::span<const PeerTerm> PeerRelationships();        // caregivers: "partner", "parent", ...
std::span<const PeerTerm> PeerTopics();               // "fertility", "body_image", ...
std::span<const PeerTerm> PeerContactModes();         // "phone", "video", "messaging"

// The label of `code` in `list`, or "" when it is not there.
std::string_view PeerLabel(std::span<const PeerTerm> list, std::string_view code);
// The position of `code` in `list` (ordered lists: closeness), or -1.
int PeerIndexOf(std::span<const PeerTerm> list, std::string_view code);

// What a peer-support profile says, for a person seeking support and for a
// volunteer alike (a volunteer describes their own or their loved one's
// experience). Codes from the lists above; languages are canonical tags.
struct PeerProfile {
  std::string person;                   // PeerPersonKinds
  std::string cancer_type;              // PeerCancerTypes
  std::string cancer_subtype;           // free words, e.g. "triple negative"
  std::string stage;                    // PeerStages, optional
  std::vector<std::string> treatments;  // PeerTreatments
  std::string time_since_diagnosis;     // PeerTimesSinceDiagnosis
  std::string age_group;                // PeerAgeGroups
  std::string gender;                   // PeerGenders
  bool same_gender = false;             // seeker: only a volunteer of their gender (a hard rule)
  std::string relationship;             // caregivers: PeerRelationships
  std::vector<std::string> topics;      // PeerTopics
  std::vector<std::string> languages;   // at least one
  std::vector<std::string> contact;     // PeerContactModes
  std::string time_zone;                // IANA; "" = UTC
  std::vector<WeeklyWindow> availability;
  friend bool operator==(const PeerProfile&, const PeerProfile&) = default;
};

// Checks a profile and returns it canonical (codes lower case, lists
// deduplicated in order, languages as CanonicalTag). Throws
// tandem::Error(kInvalidArgument) naming the field ("cancer_type",
// "treatments[2]", ...) for an unknown code, a missing cancer type, person
// or language, a relationship without being a caregiver, or an unknown time
// zone.
PeerProfile ValidatePeerProfile(PeerProfile profile);

enum class Screening { kPending, kCleared, kExpired };
std::string_view ScreeningName(Screening s);  // "pending", "cleared", "expired"
std::optional<Screening> ParseScreening(std::string_view text);

// A volunteer's standing in a program.
struct VolunteerStanding {
  std::string trained_on;  // ISO date training was completed; "" = not trained
  Screening screening = Screening::kPending;
  std::string screening_expires_on;  // ISO date; "" = does not expire
  bool paused = false;               // the volunteer asked for a break
  int capacity = 1;                  // people they support at once, 1..kMaxCapacity
  int load = 0;                      // people they support now (computed)
  std::string last_matched_at;       // UTC ISO 8601; "" = never
  friend bool operator==(const VolunteerStanding&, const VolunteerStanding&) = default;
};

// Why a volunteer cannot be offered anyone today ("" when they can): not
// trained, screening pending or expired (by status or by date), paused, or
// at their limit. `today` is "YYYY-MM-DD".
std::string VolunteerUnavailableReason(const VolunteerStanding& v, const std::string& today);

// A program's peer-support targets.
struct PeerSettings {
  int target_working_days = 3;  // a request waiting longer (Mon-Fri days) is overdue, 1..30
  int offer_hours = 48;         // a volunteer's time to answer an offer, 1..336
  friend bool operator==(const PeerSettings&, const PeerSettings&) = default;
};
// Throws kInvalidArgument naming the field.
void ValidatePeerSettings(const PeerSettings& settings);

// A request's way through the queue: new -> suggested -> offered ->
// accepted -> introduced -> active; or waitlisted (no one suitable yet),
// withdrawn (by the person or a specialist) or closed (done).
enum class PeerRequestStatus {
  kNew,
  kSuggested,
  kOffered,
  kAccepted,
  kIntroduced,
  kActive,
  kWaitlisted,
  kWithdrawn,
  kClosed
};
std::string_view PeerRequestStatusName(PeerRequestStatus s);  // "new", ...
std::optional<PeerRequestStatus> ParsePeerRequestStatus(std::string_view text);
// True while someone is still waiting to be introduced.
bool IsWaiting(PeerRequestStatus s);

struct PeerRequest {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t enrollment_id = 0;  // the person seeking support
  std::string participant_id;      // filled when loaded
  std::string name;                // filled when loaded
  std::string email;               // filled when loaded
  PeerRequestStatus status = PeerRequestStatus::kNew;
  bool urgent = false;
  std::string source;  // "form" or "specialist"
  std::string phone;
  std::string note;  // what they would like help with, in their words
  bool consent_contact = false;
  bool consent_share = false;
  std::optional<std::int64_t> suggested_volunteer_id;  // the next suggestion after a decline
  std::optional<std::int64_t> pair_id;
  std::string created_at;
  std::string updated_at;
  std::string introduced_at;
};

enum class OfferStatus { kPending, kAccepted, kDeclined, kExpired, kWithdrawn };
std::string_view OfferStatusName(OfferStatus s);  // "pending", ...
std::optional<OfferStatus> ParseOfferStatus(std::string_view text);

struct PeerOffer {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::int64_t volunteer_id = 0;  // enrollment
  std::string volunteer_name;     // filled when loaded
  OfferStatus status = OfferStatus::kPending;
  std::string reason;  // a decline's words
  std::string created_at;
  std::string respond_by;
  std::string answered_at;
};

// Working days (Monday to Friday) from `from_date` to `to_date` (both
// "YYYY-MM-DD"), counting neither end's weekend: 0 for the same day.
int WorkingDaysBetween(const std::string& from_date, const std::string& to_date);

// The volunteers file of a peer-support program (docs/import.md): one row
// per volunteer already enrolled, by participant id, with their peer profile
// and standing. Columns (any order; id required, the others optional):
// id, person, cancer_type, cancer_subtype, stage, treatments,
// time_since_diagnosis, age_group, gender, relationship, topics, languages,
// contact, time_zone, trained_on, screening, screening_expires_on, paused.
// Lists are separated by ";"; paused is yes/no. Every problem is reported
// by row and column (an unknown column, a bad code, a date, an id twice);
// rows with a problem are left out of `rows`.
struct PeerVolunteerRow {
  int row = 0;  // 1-based record number (the header is 1)
  std::string id;
  PeerProfile profile;
  VolunteerStanding standing;
};
struct PeerVolunteerFile {
  std::vector<PeerVolunteerRow> rows;
  std::vector<InputProblem> errors;
};
PeerVolunteerFile ReadPeerVolunteerCsv(std::istream& in);

}  // namespace tandem
