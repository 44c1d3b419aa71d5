// Mentees choosing (docs/matching.md#how-people-are-matched): a program's
// matching mode, a mentee's ranked shortlist of mentors, requests that
// mentors accept or decline, their expiry, and the directory people search
// to write their prefer and avoid lists.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/enrollment.h"
#include "core/mentor_request.h"
#include "core/participant.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// The program's matching mode and its rules. Any member of the program.
ChoiceSettings GetChoiceSettings(store::Database& db, const Actor& actor, std::int64_t program_id);

// Replaces them (coordinator; audited). Validated (core ValidateChoiceSettings);
// kFailedPrecondition for a closed program. Leaving mentee-led mode withdraws
// the pending requests (reason "closed"), telling each mentor.
ChoiceSettings UpdateChoiceSettings(store::Database& db, const Actor& actor,
                                    std::int64_t program_id, const ChoiceSettings& settings);

// What a shortlist is asked for. Filters apply to every eligible mentor,
// not only the best `limit`.
struct ShortlistQuery {
  // The mentee (participant id) a coordinator looks at; a mentee's own
  // shortlist when empty.
  std::string mentee;
  int limit = 0;            // 1..50; 0: the program's shortlist_size
  std::string text;         // words in the name, institution, interests or bio
  std::string interest;     // a topic the mentor has (interests or specialties)
  std::string institution;  // "other": at another institution than the mentee;
                            // "same": at theirs; "": either
  std::string time_zone;    // IANA name: mentors in it; "": any
  // Load balancing (on by default): near-ties rotate per mentee and mentors
  // with many pending requests move down. Off only to measure it.
  bool balance = true;
};

// One mentor on a shortlist: what a mentee may see of them and why they fit.
struct ShortlistEntry {
  int rank = 0;  // 1-based position on this list
  std::int64_t enrollment_id = 0;
  std::string mentor;  // participant id
  std::string name;
  std::string institution;
  std::string career_stage;
  std::string time_zone;
  std::vector<std::string> interests;
  std::vector<std::string> specialties;
  std::vector<std::string> goals;
  std::vector<std::string> languages;
  std::string bio;
  int capacity = 0;
  int mentees = 0;  // open pairs now
  // The score and its parts without the hidden facets (background,
  // preference), summing to `score`.
  double score = 0;
  std::map<std::string, double> breakdown;
  std::vector<std::string> reasons;  // the breakdown in words
  // This mentee's latest request to the mentor, when any.
  std::optional<RequestStatus> request_status;
  std::optional<std::int64_t> request_id;
};

struct Shortlist {
  MatchingMode mode = MatchingMode::kCoordinator;
  bool open = false;         // choosing open today (requests or ranking allowed)
  int eligible = 0;          // mentors passing every hard rule and the filters
  int pending_requests = 0;  // the mentee's, now
  int max_open_requests = 0;
  std::vector<ShortlistEntry> mentors;
};

// The best-fitting mentors with room for a mentee, by the program's scores
// and hard rules (the matching run's), filtered. A mentee: their own, in a
// mentee-led or both program (kFailedPrecondition otherwise, or before
// opens_on / after closes_on); a coordinator: any mentee's, in any mode.
// kInvalidArgument naming "limit", "time_zone" or "institution";
// kNotFound (field "mentee") for an unknown mentee.
Shortlist GetShortlist(store::Database& db, const Actor& actor, std::int64_t program_id,
                       const ShortlistQuery& query);

// A mentee asks mentor `mentor` (participant id) with a note (at most
// kMaxRequestNote bytes). Mentee-led programs, while choosing is open; the
// mentee must have room, fewer pending requests than max_open_requests, no
// pending request to that mentor, and the mentor must be eligible (on the
// shortlist's rules, with room). kFailedPrecondition / kConflict /
// kInvalidArgument name the field. The mentor is told (e-mail and bell).
MentorRequest SendRequest(store::Database& db, const Actor& actor, std::int64_t program_id,
                          const std::string& mentor, const std::string& note);

// Requests the actor may see in the program, oldest first: a coordinator all,
// a mentor those to them, a mentee their own. `status` filters when set.
std::vector<MentorRequest> ListRequests(store::Database& db, const Actor& actor,
                                        std::int64_t program_id,
                                        std::optional<RequestStatus> status = {});

// One request: its mentee, its mentor or a coordinator.
MentorRequest GetRequest(store::Database& db, const Actor& actor, std::int64_t request_id);

// The mentor accepts: the pair is made (active, every hard rule and both
// capacities checked under row locks, so two acceptances at once never
// overfill anyone, on either database), both are introduced, and requests
// that can no longer be met are withdrawn with a notice (the mentee's others
// once they have their mentors; the mentor's others once they are full).
// kFailedPrecondition when the request is no longer pending or has expired,
// or the pair would break a rule.
MentorRequest AcceptRequest(store::Database& db, const Actor& actor, std::int64_t request_id);

// The mentor declines with a reason code (core DeclineReason name, field
// "reason") and optional words; the mentee reads the reason's kind sentence.
MentorRequest DeclineRequest(store::Database& db, const Actor& actor, std::int64_t request_id,
                             const std::string& reason, const std::string& message);

// The mentee takes back a pending request; the mentor is told.
MentorRequest WithdrawRequest(store::Database& db, const Actor& actor, std::int64_t request_id);

// The scheduled job (kExpireRequestsJob): pending requests past their
// answer_by become expired and their mentees are told. Returns how many.
int ExpireRequests(store::Database& db);
inline constexpr const char* kExpireRequestsJob = "expire_mentor_requests";

// People of a program's other side that the actor may name in prefer and
// avoid lists, by name (case-insensitive words), at most `limit` (1..50):
// participant id, name and institution only. Active mentors and mentees of
// the program (the other side of `role`) and coordinators.
struct DirectoryEntry {
  std::string id;
  std::string name;
  std::string institution;
};
// With `ids` (participant ids, at most 50), those people of that side
// instead, whatever their names (to show the names on prefer and avoid lists).
std::vector<DirectoryEntry> SearchDirectory(store::Database& db, const Actor& actor,
                                            std::int64_t program_id, Role side,
                                            const std::string& text, int limit = 20,
                                            const std::vector<std::string>& ids = {});

// For other use cases, inside their transaction: whether `actor` may read
// `target`'s profile (as a partner does, without hidden parts) because
// mentees choose: a mentor whom the mentee asked (any request), or a mentee
// of a program where mentees choose reading an active mentor's.
bool MayReadProfileForChoosing(store::Transaction& tx, const Actor& actor,
                               const Enrollment& target);

}  // namespace tandem::service
