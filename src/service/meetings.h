// A pair's meetings: when both are free, proposing and answering, moving and
// cancelling (every change sends both people an iCalendar message through
// the outbox), logging what happened, each person's calendar feed, and pair
// health. Who may: the pair's two members and the program's coordinators
// (and admins); nobody else. See docs/meetings.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "calendar/free_time.h"
#include "calendar/pair_health.h"
#include "core/meeting.h"
#include "core/pair.h"
#include "core/program.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// One side of a pair as the free-time view shows it.
struct FreeTimePerson {
  std::string name;
  std::string role;                        // "mentor" or "mentee"
  std::string time_zone;                   // "" when the profile has none (read as UTC)
  std::vector<WeeklyWindow> availability;  // local weekly windows
};

struct FreeTime {
  std::string viewer_zone;  // the zone the viewer reads times in
  SysSeconds from;
  SysSeconds until;
  std::vector<calendar::Span> common;  // both free, UTC
  FreeTimePerson mentor;
  FreeTimePerson mentee;
};

// When both members of pair `pair_id` are free over the next `weeks` weeks
// (1..26) from now: each person's weekly availability in their own zone with
// the rules in force each week, less the pair's proposed and scheduled meetings. The viewer's zone
// is their own profile's in this pair, else `zone` (a coordinator's choice), else UTC. Members and
// coordinators. Throws kNotFound, kPermissionDenied, kInvalidArgument.
FreeTime GetFreeTime(store::Database& db, const Actor& actor, std::int64_t pair_id, int weeks = 8,
                     const std::string& zone = "");

// What a proposal or a new time says.
struct MeetingInput {
  std::string start;           // "YYYY-MM-DDTHH:MM" in time_zone, or with Z/offset
  std::string time_zone;       // "" for the proposer's profile zone (UTC when none)
  int minutes = 45;            // 5..480
  std::string mode = "video";  // video, phone, in_person
  std::string location;        // link, number or place
  std::string agenda;
};

// Proposes a meeting of an active pair in an open program: a member proposes
// (their side accepted, the other asked), a coordinator schedules it for the
// pair (both asked). Sends both an iCalendar REQUEST. Audited. Throws
// kInvalidArgument naming the field (a time that does not exist or happens
// twice in the zone: which, and the valid times), kFailedPrecondition (pair
// not active, program closed), kPermissionDenied, kNotFound.
Meeting ProposeMeeting(store::Database& db, const Actor& actor, std::int64_t pair_id,
                       const MeetingInput& input);

// The other member accepts (the meeting is scheduled) or declines, with an
// optional note. Sends both an iCalendar REQUEST (with the new PARTSTAT) or,
// on decline, a CANCEL. Throws kFailedPrecondition when the meeting is not
// waiting for this person's answer.
Meeting AnswerMeeting(store::Database& db, const Actor& actor, std::int64_t meeting_id, bool accept,
                      const std::string& note);

// Moves a proposed or scheduled meeting to a new time (either member, or a
// coordinator; this is also how a member proposes another time): the
// meeting is proposed again by the mover, SEQUENCE grows, both get a REQUEST.
Meeting RescheduleMeeting(store::Database& db, const Actor& actor, std::int64_t meeting_id,
                          const MeetingInput& input, const std::string& note);

// Cancels a proposed or scheduled meeting with an optional note; both get a
// CANCEL. Members or coordinators.
Meeting CancelMeeting(store::Database& db, const Actor& actor, std::int64_t meeting_id,
                      const std::string& note);

// A pair's meetings by start time (members, coordinators).
std::vector<Meeting> ListPairMeetings(store::Database& db, const Actor& actor,
                                      std::int64_t pair_id);
// A program's meetings by start time (coordinators).
std::vector<Meeting> ListProgramMeetings(store::Database& db, const Actor& actor,
                                         std::int64_t program_id);

// What a member reports of a meeting.
struct MeetingLogInput {
  std::optional<std::int64_t> meeting_id;  // none: met without scheduling here
  std::string met_at;                      // for an unscheduled meeting; as MeetingInput::start
  std::string time_zone;                   // for met_at; "" for the author's profile zone
  bool held = true;
  std::string not_held_reason;  // rescheduled, no_show, cancelled (when not held)
  std::optional<int> minutes;   // actual duration, 1..1440
  std::vector<std::string> topics;
  std::string shared_notes;
  std::string private_notes;
};

// A member logs a meeting of their pair: a scheduled one whose time has come
// (once per member), or one that was never scheduled here. Audited (without
// the notes). Throws kInvalidArgument naming the field, kConflict when
// already logged, kFailedPrecondition for a meeting still in the future.
MeetingLog LogMeeting(store::Database& db, const Actor& actor, std::int64_t pair_id,
                      const MeetingLogInput& input);

// A pair's logs by meeting time. Private notes are the author's only: they
// are emptied for everyone else. Members and coordinators.
std::vector<MeetingLog> ListMeetingLogs(store::Database& db, const Actor& actor,
                                        std::int64_t pair_id);

// One pair's health with the names a coordinator reads.
struct PairHealthRow {
  Pair pair;
  calendar::PairHealth health;
};

// The health of every active pair of a program, from its meetings and logs
// (nothing stored): coordinators. Thresholds are the program's own, else
// from its cadence.
std::vector<PairHealthRow> ListPairHealth(store::Database& db, const Actor& actor,
                                          std::int64_t program_id);
// One pair's health: its members and coordinators.
calendar::PairHealth GetPairHealth(store::Database& db, const Actor& actor, std::int64_t pair_id);

// The jobs a scheduled meeting plans (jobs/worker.cc runs them): a reminder
// to both 24 hours before (at once when the meeting is nearer, none within
// the last 2 hours), and a prompt to log it 30 minutes after its end.
inline constexpr const char* kMeetingReminderJob = "meeting_reminder";
inline constexpr const char* kMeetingLogPromptJob = "meeting_log_prompt";

// The reminder of version `sequence` of meeting `meeting_id`, to both
// members, with the time in each one's zone; nothing when the meeting has
// moved on (another sequence), is no longer scheduled, its pair or program
// ended, or the reminder went already. Skips withdrawn and disabled people.
// Returns how many messages were written.
int SendMeetingReminder(store::Database& db, std::int64_t meeting_id, int sequence);
// The prompt to log the meeting, to each member who has not logged it; the
// same conditions.
int SendLogPrompt(store::Database& db, std::int64_t meeting_id, int sequence);

inline constexpr const char* kPairNudgesJob = "pair_nudges";

// The daily look at every active pair of every open program: a pair that is
// at risk gets a friendly nudge (both members), a stalled pair's
// coordinators are told; each once per pair and episode (since the pair last
// met, or started), whatever runs it again. Returns how many messages were
// written.
int SendPairNudges(store::Database& db);

// Writes every meeting of the program, and every meeting logged without
// being scheduled here, as CSV (docs/meetings.md lists the columns): one row
// per meeting with its pair, time (UTC), status, both answers and what the
// logs say (held, reasons, minutes, topics). Notes are not exported.
// Coordinators. Returns the number of rows.
int ExportMeetings(store::Database& db, const Actor& actor, std::int64_t program_id,
                   std::ostream& csv);

// De-identified counts of a program's meetings and pair health, inside the
// caller's transaction (for the program summary; the caller checks access).
struct MeetingCounts {
  int scheduled = 0;                  // meetings with status scheduled
  int held = 0;                       // meetings held, by their logs
  int not_held = 0;                   // meetings logged as not held
  std::map<std::string, int> health;  // active pairs by health status
};
MeetingCounts CountMeetings(store::Transaction& tx, const Program& program);

// Meetings expected and held over the life of every pair of the program
// that started (active, completed or dissolved after its start): from its
// start to its end, or to now while it runs. By pair id; inside the caller's
// transaction (for the evaluation; the caller checks access).
std::map<std::int64_t, calendar::PairHealth> MeetingsOverPairLives(store::Transaction& tx,
                                                                   const Program& program);

// Gives the signed-in user a new calendar-feed secret (the old address then
// finds nothing) and returns it; the address is
// PublicBaseUrl() + "/calendar/" + secret + ".ics". Audited.
std::string ResetCalendarFeed(store::Database& db, const Actor& actor);

// The calendar (METHOD:PUBLISH) of the user whose feed secret is `secret`:
// every meeting of their pairs that is proposed, scheduled or cancelled,
// and the program events they are invited to (service/events.h).
// Throws kNotFound for an unknown or malformed secret (no hint which).
std::string CalendarFeed(store::Database& db, const std::string& secret);

// The iCalendar text of `meeting` for pair `pair` with `method` (for the
// outbox and the feed).
std::string MeetingIcs(store::Transaction& tx, const Meeting& meeting, const Pair& pair,
                       bool cancel);

}  // namespace tandem::service
