// Program events (docs/journey.md): orientation (required or optional),
// webinars, a kick-off, a closing session. Coordinators create, change and
// cancel them, record attendance (by hand or from a video platform's
// attendance report) and send the recording to those who missed a required
// event; invitees (the program's active members in the event's audience)
// answer yes, no or maybe, are told by e-mail, and find events in their
// calendar feed. Every change is audited.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "calendar/ics.h"
#include "core/event.h"
#include "core/participant_csv.h"
#include "core/resource.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// An event form; fields not given keep their values (on create: the
// defaults of core/event.h; title and start are required). `start` and
// `end` are "YYYY-MM-DDTHH:MM" in `time_zone` (the coordinator's choice, UTC
// when empty) or carry their own offset; `end`, when given, sets the length
// and must come after the start (kInvalidArgument naming "end").
struct EventInput {
  std::optional<std::string> kind;
  std::optional<std::string> title;
  std::optional<std::string> start;
  std::optional<std::string> end;
  std::string time_zone;
  std::optional<int> minutes;  // 5..1440
  std::optional<std::string> location;
  std::optional<std::string> description;
  std::optional<std::string> audience;
  std::optional<bool> required;
  std::optional<std::string> recording_url;
  std::optional<bool> cancelled;
  // Resources of the program (or for every program) to read or bring;
  // kInvalidArgument naming "materials" for any other id.
  std::optional<std::vector<std::int64_t>> materials;
};

// Coordinators; the program must not be closed. Invitees get an e-mail with
// the time in their own zone (and another when the time changes or the
// event is cancelled).
ProgramEvent CreateEvent(store::Database& db, const Actor& actor, std::int64_t program_id,
                         const EventInput& input);
ProgramEvent UpdateEvent(store::Database& db, const Actor& actor, std::int64_t event_id,
                         const EventInput& input);

// An event as a reader sees it: coordinators get the counts, invitees their answer.
struct EventView {
  ProgramEvent event;
  std::vector<Resource> materials;  // the event's materials that still exist
  bool invited = false;             // the reader is in the audience
  std::string my_rsvp;              // yes, no, maybe, or empty
  std::optional<bool> i_attended;
  int invitees = 0;  // counts: coordinators only (0 for others)
  int yes = 0;
  int no = 0;
  int maybe = 0;
  int attended = 0;
};
// A program's events by start time: every one for coordinators and
// evaluators, those of their audience for mentors and mentees.
std::vector<EventView> ListEvents(store::Database& db, const Actor& actor, std::int64_t program_id);

// One event as ListEvents shows it to the actor.
EventView GetEvent(store::Database& db, const Actor& actor, std::int64_t event_id);

// An invitee answers (again). Throws kFailedPrecondition for a cancelled or
// past event, kPermissionDenied for someone not invited.
EventView AnswerEvent(store::Database& db, const Actor& actor, std::int64_t event_id,
                      const std::string& answer);

// Every invitee with their answer and attendance (coordinators).
struct Invitee {
  std::int64_t enrollment_id = 0;
  std::string name;
  std::string email;
  std::string role;
  std::string rsvp;
  std::optional<bool> attended;
  std::optional<int> minutes;
};
std::vector<Invitee> ListInvitees(store::Database& db, const Actor& actor, std::int64_t event_id);

// Records who attended (the rest of those named as not attended), for an
// event whose start has come. Throws kInvalidArgument naming "attendance"
// for someone not invited.
struct AttendanceMark {
  std::int64_t enrollment_id = 0;
  bool attended = false;
};
std::vector<Invitee> RecordAttendance(store::Database& db, const Actor& actor,
                                      std::int64_t event_id,
                                      const std::vector<AttendanceMark>& marks);

// Reads a video platform's attendance report (CSV with a header naming an
// e-mail column — email, "user email", "attendee email", e-mail — and
// optionally a minutes column — minutes, duration, "duration (minutes)",
// "time in session (minutes)"): every invitee in it with at least
// `min_minutes` attended, every other invitee did not. Rows of the same
// person add up. All or nothing: unknown e-mails and malformed minutes are
// reported by row and column. Coordinators.
struct AttendanceImport {
  int attended = 0;
  int absent = 0;
  std::vector<InputProblem> errors;
};
AttendanceImport ImportAttendance(store::Database& db, const Actor& actor, std::int64_t event_id,
                                  std::istream& csv, int min_minutes = 1);

// E-mails the event's recording link to each invitee recorded as not
// attending a required event. Throws kFailedPrecondition when the event has
// no recording link or no attendance recorded. Returns how many were sent.
int SendRecording(store::Database& db, const Actor& actor, std::int64_t event_id);

// The people who missed a required event of the program, by event (for the
// coordinator's list). Coordinators.
struct MissedEvent {
  ProgramEvent event;
  std::vector<Invitee> people;
};
std::vector<MissedEvent> ListMissedRequired(store::Database& db, const Actor& actor,
                                            std::int64_t program_id);

// The events of user `user_id`'s programs they are invited to, for their
// calendar feed, inside the caller's transaction.
std::vector<calendar::IcsEvent> EventsForFeed(store::Transaction& tx, std::int64_t user_id);

}  // namespace tandem::service
