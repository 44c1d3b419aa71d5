// How a program's pairs are made (docs/matching.md#how-people-are-matched):
// by the coordinator's runs, by mentees asking mentors from a shortlist, or
// both (mentees rank a shortlist; the coordinator's run uses the ranks).
// The settings of each mode and a mentee's request to a mentor, with the
// rules about them that need no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

enum class MatchingMode { kCoordinator, kMenteeLed, kBoth };
// "coordinator", "mentee_led", "both".
std::string_view MatchingModeName(MatchingMode mode);
// Any case; nullopt when unknown.
std::optional<MatchingMode> ParseMatchingMode(std::string_view text);

// A program's rules for mentees choosing. Dates are ISO "YYYY-MM-DD" (UTC
// days), empty when open-ended.
struct ChoiceSettings {
  MatchingMode mode = MatchingMode::kCoordinator;
  int shortlist_size = 10;    // mentors a mentee's shortlist shows, 1..50
  int max_open_requests = 3;  // a mentee's pending requests at once, 1..10
  int answer_days = 7;        // days a mentor has to answer, 1..60
  std::string opens_on;       // first day mentees see shortlists; empty: now
  std::string closes_on;      // last day; empty: while the program is open
  friend bool operator==(const ChoiceSettings&, const ChoiceSettings&) = default;
};

// Throws tandem::Error(kInvalidArgument) naming the field: sizes out of
// range, a date that is not YYYY-MM-DD, closes_on before opens_on.
void ValidateChoiceSettings(const ChoiceSettings& settings);

// True when `today` ("YYYY-MM-DD") is within the settings' dates and the
// mode lets mentees choose (mentee-led or both).
bool ChoosingOpen(const ChoiceSettings& settings, const std::string& today);

enum class RequestStatus { kPending, kAccepted, kDeclined, kWithdrawn, kExpired };
// "pending", "accepted", "declined", "withdrawn", "expired".
std::string_view RequestStatusName(RequestStatus status);
std::optional<RequestStatus> ParseRequestStatus(std::string_view text);

// Why a mentor declines: a code the mentor picks and a kind sentence the
// mentee reads.
enum class DeclineReason { kNoRoom, kNotAFit, kTiming, kOther };
// "no_room", "not_a_fit", "timing", "other".
std::string_view DeclineReasonName(DeclineReason reason);
std::optional<DeclineReason> ParseDeclineReason(std::string_view text);
// The sentence the mentee reads, e.g. for kNotAFit "They think another
// mentor could help you more with what you are looking for."
std::string_view DeclineReasonText(DeclineReason reason);

// Why a request was withdrawn, as the people read it.
inline constexpr std::string_view kWithdrawnPaired = "paired";  // the mentee found a mentor
inline constexpr std::string_view kWithdrawnMentorFull = "mentor_full";  // no room left
inline constexpr std::string_view kWithdrawnByMentee = "by_mentee";
inline constexpr std::string_view kWithdrawnClosed = "closed";  // choosing closed

// Longest note a mentee sends and message a mentor writes, in bytes.
inline constexpr std::size_t kMaxRequestNote = 2000;

// A mentee's request to a mentor.
struct MentorRequest {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t mentee_enrollment_id = 0;
  std::int64_t mentor_enrollment_id = 0;
  // Filled when loaded: participant ids and names.
  std::string mentee;
  std::string mentor;
  std::string mentee_name;
  std::string mentor_name;
  std::string note;  // the mentee's
  RequestStatus status = RequestStatus::kPending;
  // declined: a DeclineReasonName; withdrawn: one of kWithdrawn*; else empty.
  std::string reason;
  std::string message;                  // the mentor's optional words with a decline
  std::string created_at;               // UTC ISO 8601
  std::string answer_by;                // UTC ISO 8601: expires after
  std::string answered_at;              // UTC ISO 8601, empty while pending
  std::optional<std::int64_t> pair_id;  // accepted: the pair it made
};

}  // namespace tandem
