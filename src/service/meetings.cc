#include "service/meetings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "calendar/ics.h"
#include "calendar/local_time.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/events.h"
#include "service/journey.h"
#include "service/matching_input.h"
#include "service/notifications.h"
#include "service/pair_scope.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/job_repository.h"
#include "store/meeting_repository.h"
#include "store/outbox.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

std::string ZoneOrUtc(const std::string& zone) { return zone.empty() ? "UTC" : zone; }

std::string MeetingJson(const Meeting& m) {
  return nlohmann::json{{"starts_at", m.starts_at},
                        {"minutes", m.minutes},
                        {"mode", MeetingFormatName(m.mode)},
                        {"status", MeetingStatusName(m.status)},
                        {"mentor_answer", MeetingAnswerName(m.mentor_answer)},
                        {"mentee_answer", MeetingAnswerName(m.mentee_answer)},
                        {"sequence", m.sequence},
                        {"note", m.note}}
      .dump();
}

// Validated meeting fields from `input`, with the start read in the zone
// (the proposer's profile zone when the input names none).
void ApplyInput(Meeting& m, const MeetingInput& input, const std::string& default_zone,
                SysSeconds now) {
  const std::string zone = input.time_zone.empty() ? ZoneOrUtc(default_zone) : input.time_zone;
  calendar::CheckZone(zone, "time_zone");
  if (Trim(input.start).empty()) throw InvalidArgument("say when the meeting starts", "start");
  const SysSeconds start = calendar::ReadWallTime(Trim(input.start), zone, "start");
  if (start < now) {
    throw InvalidArgument("the meeting would start in the past (" +
                              calendar::DescribeInZone(start, zone) +
                              "); to record a meeting that happened, log it",
                          "start");
  }
  if (start > now + std::chrono::days(2 * 366)) {
    throw InvalidArgument("a meeting can be planned at most two years ahead", "start");
  }
  if (input.minutes < 5 || input.minutes > 480) {
    throw InvalidArgument("a meeting lasts from 5 to 480 minutes", "minutes");
  }
  const auto mode = ParseMeetingFormat(input.mode);
  if (!mode) throw InvalidArgument("mode is one of video, phone, in_person", "mode");
  const std::string location(Trim(input.location));
  CheckText(location, "location", 500);
  CheckText(input.agenda, "agenda", 5000, true);
  if (*mode == MeetingFormat::kInPerson && location.empty()) {
    throw InvalidArgument("say where an in-person meeting is", "location");
  }
  m.starts_at = FormatUtc(start);
  m.minutes = input.minutes;
  m.mode = *mode;
  m.location = location;
  m.agenda = input.agenda;
}

std::string CheckedNote(const std::string& note) {
  std::string n(Trim(note));
  CheckText(n, "note", 2000, true);
  return n;
}

// Both answers from who proposed: the proposer's side has accepted.
void AnswersForProposer(Meeting& m, Side proposer) {
  m.mentor_answer =
      proposer == Side::kMentor ? MeetingAnswer::kAccepted : MeetingAnswer::kNeedsAction;
  m.mentee_answer =
      proposer == Side::kMentee ? MeetingAnswer::kAccepted : MeetingAnswer::kNeedsAction;
  m.status = MeetingStatus::kProposed;
}

const char* Partstat(MeetingAnswer a) {
  switch (a) {
    case MeetingAnswer::kAccepted:
      return "ACCEPTED";
    case MeetingAnswer::kDeclined:
      return "DECLINED";
    case MeetingAnswer::kNeedsAction:
      break;
  }
  return "NEEDS-ACTION";
}

std::string ModeWords(const Meeting& m) {
  switch (m.mode) {
    case MeetingFormat::kVideo:
      return "Video call";
    case MeetingFormat::kPhone:
      return "Phone call";
    case MeetingFormat::kInPerson:
      return "In person";
  }
  return "";
}

// What the messages about meeting `m` say to `member`, times in their zone.
notify::MeetingText TextOf(const Meeting& m, const Pair& pair, const Member& member,
                           const std::string& partner) {
  return {.name = member.name,
          .partner = partner,
          .when = calendar::DescribeInZone(*ParseUtc(m.starts_at), member.time_zone),
          .minutes = m.minutes,
          .how = ModeWords(m),
          .location = m.location,
          .agenda = m.agenda,
          .note = m.note,
          .pair_link = PublicBaseUrl() + "/pairs/" + std::to_string(pair.id)};
}

calendar::IcsEvent EventOf(store::Transaction& tx, const Meeting& m, const Pair& pair,
                           bool cancel) {
  const Member mentor = LoadMember(tx, pair.mentor_enrollment_id);
  const Member mentee = LoadMember(tx, pair.mentee_enrollment_id);
  calendar::IcsEvent e;
  e.uid = m.uid;
  e.sequence = m.sequence;
  e.stamp = *ParseUtc(m.updated_at.empty() ? FormatUtc(tx.now()) : m.updated_at);
  e.start = *ParseUtc(m.starts_at);
  e.end = e.start + std::chrono::minutes(m.minutes);
  e.summary = "Mentoring: " + pair.mentor_name + " and " + pair.mentee_name;
  std::string description = ModeWords(m);
  if (!m.location.empty()) description += ": " + m.location;
  if (!m.agenda.empty()) description += "\n\nAgenda:\n" + m.agenda;
  if (!m.note.empty()) description += "\n\nNote: " + m.note;
  description += "\n\n" + PublicBaseUrl() + "/pairs/" + std::to_string(pair.id);
  e.description = description;
  e.location = m.location;
  e.url = PublicBaseUrl() + "/pairs/" + std::to_string(pair.id);
  e.status = cancel || m.status == MeetingStatus::kCancelled || m.status == MeetingStatus::kDeclined
                 ? "CANCELLED"
             : m.status == MeetingStatus::kScheduled ? "CONFIRMED"
                                                     : "TENTATIVE";
  const Member& organizer = m.proposed_by && *m.proposed_by == mentee.user_id ? mentee : mentor;
  e.organizer = {organizer.name, organizer.email, ""};
  e.attendees = {{mentor.name, mentor.email, Partstat(m.mentor_answer)},
                 {mentee.name, mentee.email, Partstat(m.mentee_answer)}};
  return e;
}

// Sends both members `meeting` as an iCalendar message through the outbox.
void SendToBoth(store::Transaction& tx, const Meeting& meeting, const Pair& pair,
                const std::string& what, bool cancel) {
  const std::string ics = MeetingIcs(tx, meeting, pair, cancel);
  for (std::int64_t enrollment : {pair.mentor_enrollment_id, pair.mentee_enrollment_id}) {
    const Member m = LoadMember(tx, enrollment);
    if (m.email.empty() || !m.reachable) continue;
    const std::string partner =
        enrollment == pair.mentor_enrollment_id ? pair.mentee_name : pair.mentor_name;
    const notify::Message text =
        notify::MeetingChangeMessage(TextOf(meeting, pair, m, partner), what);
    Notify(tx, {m.user_id, m.email}, "meeting", text,
           {.name = "invitation.ics",
            .type = std::string("text/calendar; charset=utf-8; method=") +
                    (cancel ? "CANCEL" : "REQUEST"),
            .content = ics});
  }
}

Meeting LockedMeeting(store::Transaction& tx, std::int64_t meeting_id) {
  auto m = store::MeetingRepository(tx).Find(meeting_id, store::RowLock::kForUpdate);
  if (!m) throw NotFound("meeting " + std::to_string(meeting_id) + " does not exist");
  return *m;
}

void RequireChangeable(const PairScope& scope) {
  RequireOpen(scope.program);
  if (scope.pair.status != PairStatus::kActive) {
    throw FailedPrecondition("pair " + std::to_string(scope.pair.id) + " is " +
                             std::string(PairStatusName(scope.pair.status)) +
                             "; only an active pair plans meetings");
  }
}

void RequireOpenMeeting(const Meeting& m) {
  if (m.status != MeetingStatus::kProposed && m.status != MeetingStatus::kScheduled) {
    throw FailedPrecondition("meeting " + std::to_string(m.id) + " is " +
                             std::string(MeetingStatusName(m.status)));
  }
}

std::string ProfileZone(store::Transaction& tx, const PairScope& scope) {
  if (scope.side == Side::kNone) return "UTC";
  return ZoneOrUtc(LoadMember(tx, EnrollmentOf(scope.pair, scope.side)).time_zone);
}

// The pair's meetings as health counts them: one per scheduled meeting
// (held when either member says so; a no-show when every log of it says
// so) and one per unscheduled log.
calendar::PairHealth Assess(const Pair& pair, const Program& program,
                            const std::vector<Meeting>& meetings,
                            const std::vector<MeetingLog>& logs, SysSeconds now) {
  std::map<std::int64_t, calendar::LoggedMeeting> by_meeting;
  std::vector<calendar::LoggedMeeting> logged;
  for (const MeetingLog& l : logs) {
    const calendar::LoggedMeeting one{*ParseUtc(l.met_at), l.held,
                                      !l.held && l.not_held_reason == "no_show"};
    if (!l.meeting_id) {
      logged.push_back(one);
      continue;
    }
    auto [it, fresh] = by_meeting.try_emplace(*l.meeting_id, one);
    if (!fresh) {
      it->second.held = it->second.held || one.held;
      it->second.no_show = it->second.no_show && one.no_show;
    }
  }
  for (const auto& [id, m] : by_meeting) logged.push_back(m);
  std::optional<SysSeconds> next;
  for (const Meeting& m : meetings) {
    if (m.status != MeetingStatus::kScheduled) continue;
    const SysSeconds at = *ParseUtc(m.starts_at);
    if (at > now && (!next || at < *next)) next = at;
  }
  SysSeconds started = *ParseUtc(pair.created_at.empty() ? FormatUtc(now) : pair.created_at);
  if (!pair.started_on.empty()) {
    if (auto day = ParseUtc(pair.started_on + "T00:00:00Z")) started = *day;
  }
  return calendar::AssessPairHealth(started, logged, next, program.cadence_days,
                                    HealthThresholdsOf(program), now);
}

// Puts message `text` of `kind` to `to` in the outbox.
// Plans the reminder and the prompt to log `m`, now scheduled at this
// sequence (the jobs of earlier sequences find it moved on and do nothing).
void PlanMeetingJobs(store::Transaction& tx, const Meeting& m) {
  const SysSeconds start = *ParseUtc(m.starts_at);
  const SysSeconds end = start + std::chrono::minutes(m.minutes);
  const std::string payload = nlohmann::json{{"meeting_id", m.id}, {"sequence", m.sequence}}.dump();
  store::JobRepository jobs(tx);
  if (start - tx.now() > std::chrono::hours(2)) {
    jobs.Enqueue(kMeetingReminderJob, payload, 5,
                 std::max(tx.now(), start - std::chrono::hours(24)));
  }
  jobs.Enqueue(kMeetingLogPromptJob, payload, 5, end + std::chrono::minutes(30));
}

// Runs `write` for each reachable member of the meeting's pair when version
// `sequence` of meeting `meeting_id` is still scheduled in an active pair of
// an open program and `mark` records it as the first time; returns how many
// messages `write` wrote.
template <typename Mark, typename Write>
int ForScheduledMeeting(store::Database& db, std::int64_t meeting_id, int sequence, Mark mark,
                        Write write) {
  store::Transaction tx = db.Begin();
  store::MeetingRepository meetings(tx);
  const auto m = meetings.Find(meeting_id, store::RowLock::kForUpdate);
  if (!m || m->sequence != sequence || m->status != MeetingStatus::kScheduled) return 0;
  const auto pair = store::PairRepository(tx).Find(m->pair_id);
  if (!pair || pair->status != PairStatus::kActive) return 0;
  if (RequireProgram(tx, m->program_id).status == ProgramStatus::kClosed) return 0;
  if (!mark(meetings, *m)) return 0;  // sent already
  int written = 0;
  for (const std::int64_t enrollment : {pair->mentor_enrollment_id, pair->mentee_enrollment_id}) {
    const Member member = LoadMember(tx, enrollment);
    if (member.email.empty() || !member.reachable) continue;
    const bool mentor = enrollment == pair->mentor_enrollment_id;
    written +=
        write(tx, *m, *pair, member, enrollment, mentor ? pair->mentee_name : pair->mentor_name);
  }
  tx.Commit();
  return written;
}

}  // namespace

std::string MeetingIcs(store::Transaction& tx, const Meeting& meeting, const Pair& pair,
                       bool cancel) {
  return calendar::WriteIcs(cancel ? calendar::IcsMethod::kCancel : calendar::IcsMethod::kRequest,
                            {EventOf(tx, meeting, pair, cancel)});
}

FreeTime GetFreeTime(store::Database& db, const Actor& actor, std::int64_t pair_id, int weeks,
                     const std::string& zone) {
  if (weeks < 1 || weeks > 26) throw InvalidArgument("weeks is from 1 to 26", "weeks");
  if (!zone.empty()) calendar::CheckZone(zone, "zone");
  store::Transaction tx = db.Begin(false);
  const PairScope scope = ScopeOf(tx, actor, pair_id);
  const Member mentor = LoadMember(tx, scope.pair.mentor_enrollment_id);
  const Member mentee = LoadMember(tx, scope.pair.mentee_enrollment_id);
  FreeTime out;
  out.viewer_zone = scope.side != Side::kNone ? ProfileZone(tx, scope) : ZoneOrUtc(zone);
  // From the next whole hour.
  out.from = date::ceil<std::chrono::hours>(tx.now());
  out.until = out.from + std::chrono::weeks(weeks);
  out.mentor = {mentor.name, "mentor", mentor.time_zone, mentor.availability};
  out.mentee = {mentee.name, "mentee", mentee.time_zone, mentee.availability};
  // Both free, less the times already proposed or scheduled for the pair.
  std::vector<calendar::Span> planned;
  for (const Meeting& m : store::MeetingRepository(tx).ListByPair(pair_id)) {
    if (m.status != MeetingStatus::kProposed && m.status != MeetingStatus::kScheduled) continue;
    const SysSeconds start = *ParseUtc(m.starts_at);
    planned.push_back({start, start + std::chrono::minutes(m.minutes)});
  }
  out.common = calendar::WithoutSpans(
      calendar::CommonSpans(calendar::FreeSpans(mentor.availability, ZoneOrUtc(mentor.time_zone),
                                                out.from, out.until),
                            calendar::FreeSpans(mentee.availability, ZoneOrUtc(mentee.time_zone),
                                                out.from, out.until)),
      planned);
  tx.Commit();
  return out;
}

Meeting ProposeMeeting(store::Database& db, const Actor& actor, std::int64_t pair_id,
                       const MeetingInput& input) {
  store::Transaction tx = db.Begin();
  const PairScope scope = ScopeOf(tx, actor, pair_id, store::RowLock::kForUpdate);
  RequireChangeable(scope);
  Meeting m;
  m.pair_id = pair_id;
  m.program_id = scope.pair.program_id;
  m.uid = "meeting-" + internal::NewToken().substr(0, 22) + "@tandem";
  ApplyInput(m, input, ProfileZone(tx, scope), tx.now());
  AnswersForProposer(m, scope.side);
  m.proposed_by = actor.user_id;
  store::MeetingRepository meetings(tx);
  m.id = meetings.Insert(m);
  m = *meetings.Find(m.id);
  SendToBoth(tx, m, scope.pair, "is proposed", false);
  AppendAudit(tx, actor, "meeting.propose", "meeting", m.id, m.program_id, "", MeetingJson(m));
  tx.Commit();
  return m;
}

Meeting AnswerMeeting(store::Database& db, const Actor& actor, std::int64_t meeting_id, bool accept,
                      const std::string& note) {
  store::Transaction tx = db.Begin();
  Meeting m = LockedMeeting(tx, meeting_id);
  const PairScope scope = ScopeOf(tx, actor, m.pair_id);
  RequireChangeable(scope);
  if (scope.side == Side::kNone) {
    throw Error(ErrorCode::kPermissionDenied, "only the pair's members answer a meeting");
  }
  MeetingAnswer& mine = scope.side == Side::kMentor ? m.mentor_answer : m.mentee_answer;
  if (m.status != MeetingStatus::kProposed || mine != MeetingAnswer::kNeedsAction) {
    throw FailedPrecondition("meeting " + std::to_string(meeting_id) +
                             " is not waiting for your answer (it is " +
                             std::string(MeetingStatusName(m.status)) + ")");
  }
  const std::string before = MeetingJson(m);
  mine = accept ? MeetingAnswer::kAccepted : MeetingAnswer::kDeclined;
  if (!accept) {
    m.status = MeetingStatus::kDeclined;
  } else if (m.mentor_answer == MeetingAnswer::kAccepted &&
             m.mentee_answer == MeetingAnswer::kAccepted) {
    m.status = MeetingStatus::kScheduled;
  }
  m.note = CheckedNote(note);
  ++m.sequence;
  store::MeetingRepository meetings(tx);
  meetings.Update(m);
  m = *meetings.Find(m.id);
  SendToBoth(tx, m, scope.pair,
             accept ? (m.status == MeetingStatus::kScheduled ? "is confirmed" : "is accepted")
                    : "was declined",
             !accept);
  if (m.status == MeetingStatus::kScheduled) PlanMeetingJobs(tx, m);
  AppendAudit(tx, actor, accept ? "meeting.accept" : "meeting.decline", "meeting", m.id,
              m.program_id, before, MeetingJson(m));
  tx.Commit();
  return m;
}

Meeting RescheduleMeeting(store::Database& db, const Actor& actor, std::int64_t meeting_id,
                          const MeetingInput& input, const std::string& note) {
  store::Transaction tx = db.Begin();
  Meeting m = LockedMeeting(tx, meeting_id);
  const PairScope scope = ScopeOf(tx, actor, m.pair_id);
  RequireChangeable(scope);
  RequireOpenMeeting(m);
  const std::string before = MeetingJson(m);
  ApplyInput(m, input, ProfileZone(tx, scope), tx.now());
  AnswersForProposer(m, scope.side);
  m.proposed_by = actor.user_id;
  m.note = CheckedNote(note);
  ++m.sequence;
  store::MeetingRepository meetings(tx);
  meetings.Update(m);
  m = *meetings.Find(m.id);
  SendToBoth(tx, m, scope.pair, "has a new time", false);
  AppendAudit(tx, actor, "meeting.reschedule", "meeting", m.id, m.program_id, before,
              MeetingJson(m));
  tx.Commit();
  return m;
}

Meeting CancelMeeting(store::Database& db, const Actor& actor, std::int64_t meeting_id,
                      const std::string& note) {
  store::Transaction tx = db.Begin();
  Meeting m = LockedMeeting(tx, meeting_id);
  const PairScope scope = ScopeOf(tx, actor, m.pair_id);
  RequireOpen(scope.program);
  RequireOpenMeeting(m);
  const std::string before = MeetingJson(m);
  m.status = MeetingStatus::kCancelled;
  m.note = CheckedNote(note);
  ++m.sequence;
  store::MeetingRepository meetings(tx);
  meetings.Update(m);
  m = *meetings.Find(m.id);
  SendToBoth(tx, m, scope.pair, "is cancelled", true);
  AppendAudit(tx, actor, "meeting.cancel", "meeting", m.id, m.program_id, before, MeetingJson(m));
  tx.Commit();
  return m;
}

std::vector<Meeting> ListPairMeetings(store::Database& db, const Actor& actor,
                                      std::int64_t pair_id) {
  store::Transaction tx = db.Begin(false);
  ScopeOf(tx, actor, pair_id);
  std::vector<Meeting> out = store::MeetingRepository(tx).ListByPair(pair_id);
  tx.Commit();
  return out;
}

std::vector<Meeting> ListProgramMeetings(store::Database& db, const Actor& actor,
                                         std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "see every meeting of the program");
  std::vector<Meeting> out = store::MeetingRepository(tx).ListByProgram(program_id);
  tx.Commit();
  return out;
}

MeetingLog LogMeeting(store::Database& db, const Actor& actor, std::int64_t pair_id,
                      const MeetingLogInput& input) {
  store::Transaction tx = db.Begin();
  const PairScope scope = ScopeOf(tx, actor, pair_id, store::RowLock::kForUpdate);
  if (scope.side == Side::kNone) {
    throw Error(ErrorCode::kPermissionDenied, "only the pair's members log its meetings");
  }
  RequireOpen(scope.program);
  MeetingLog log;
  log.pair_id = pair_id;
  log.author_enrollment_id = EnrollmentOf(scope.pair, scope.side);
  store::MeetingRepository meetings(tx);
  if (input.meeting_id) {
    auto m = meetings.Find(*input.meeting_id);
    if (!m || m->pair_id != pair_id) {
      throw Error(ErrorCode::kNotFound,
                  "meeting " + std::to_string(*input.meeting_id) + " is not one of this pair's",
                  "meeting_id");
    }
    if (*ParseUtc(m->starts_at) > tx.now()) {
      throw FailedPrecondition("meeting " + std::to_string(m->id) +
                               " has not started yet; log it once its time has come");
    }
    log.meeting_id = m->id;
    log.met_at = m->starts_at;
  } else {
    const std::string zone = input.time_zone.empty() ? ProfileZone(tx, scope) : input.time_zone;
    calendar::CheckZone(zone, "time_zone");
    if (Trim(input.met_at).empty()) {
      throw InvalidArgument("say when you met (or name the scheduled meeting)", "met_at");
    }
    const SysSeconds at = calendar::ReadWallTime(Trim(input.met_at), zone, "met_at");
    if (at > tx.now()) throw InvalidArgument("a meeting is logged once it has happened", "met_at");
    log.met_at = FormatUtc(at);
  }
  log.held = input.held;
  const std::string reason(Trim(input.not_held_reason));
  if (log.held && !reason.empty()) {
    throw InvalidArgument("a reason is given only for a meeting that was not held",
                          "not_held_reason");
  }
  if (!log.held) {
    if (std::find(std::begin(kNotHeldReasons), std::end(kNotHeldReasons), reason) ==
        std::end(kNotHeldReasons)) {
      throw InvalidArgument("say why it was not held: rescheduled, no_show or cancelled",
                            "not_held_reason");
    }
    log.not_held_reason = reason;
  }
  if (input.minutes && (*input.minutes < 1 || *input.minutes > 1440)) {
    throw InvalidArgument("minutes is from 1 to 1440", "minutes");
  }
  log.minutes = input.minutes;
  if (input.topics.size() > 20) throw InvalidArgument("at most 20 topics", "topics");
  for (const std::string& topic : input.topics) {
    std::string t(Trim(topic));
    CheckText(t, "topics", 100);
    if (!t.empty() && std::find(log.topics.begin(), log.topics.end(), t) == log.topics.end()) {
      log.topics.push_back(t);
    }
  }
  CheckText(input.shared_notes, "shared_notes", 10000, true);
  CheckText(input.private_notes, "private_notes", 10000, true);
  log.shared_notes = input.shared_notes;
  log.private_notes = input.private_notes;
  if (log.meeting_id) {
    for (const MeetingLog& other : meetings.ListLogsByPair(pair_id)) {
      if (other.meeting_id == log.meeting_id &&
          other.author_enrollment_id == log.author_enrollment_id) {
        throw Error(ErrorCode::kConflict, "you have already logged this meeting", "meeting_id");
      }
    }
  }
  log.id = meetings.InsertLog(log);
  AppendAudit(tx, actor, "meeting.log", "pair", pair_id, scope.pair.program_id, "",
              nlohmann::json{{"meeting_id", log.meeting_id ? nlohmann::json(*log.meeting_id)
                                                           : nlohmann::json(nullptr)},
                             {"met_at", log.met_at},
                             {"held", log.held},
                             {"not_held_reason", log.not_held_reason}}
                  .dump());
  for (MeetingLog& l : meetings.ListLogsByPair(pair_id)) {
    if (l.id == log.id) log = l;
  }
  tx.Commit();
  return log;
}

std::vector<MeetingLog> ListMeetingLogs(store::Database& db, const Actor& actor,
                                        std::int64_t pair_id) {
  store::Transaction tx = db.Begin(false);
  const PairScope scope = ScopeOf(tx, actor, pair_id);
  std::vector<MeetingLog> logs = store::MeetingRepository(tx).ListLogsByPair(pair_id);
  tx.Commit();
  const std::int64_t mine = scope.side == Side::kNone ? 0 : EnrollmentOf(scope.pair, scope.side);
  for (MeetingLog& l : logs) {
    if (l.author_enrollment_id != mine) l.private_notes.clear();
  }
  return logs;
}

namespace {

// Every active pair of `program` with its health, from one read of the
// program's meetings and logs.
std::vector<PairHealthRow> HealthOfPairs(store::Transaction& tx, const Program& program) {
  store::MeetingRepository repo(tx);
  std::map<std::int64_t, std::vector<Meeting>> meetings;
  for (Meeting& m : repo.ListByProgram(program.id)) meetings[m.pair_id].push_back(std::move(m));
  std::map<std::int64_t, std::vector<MeetingLog>> logs;
  for (MeetingLog& l : repo.ListLogsByProgram(program.id)) logs[l.pair_id].push_back(std::move(l));
  std::vector<PairHealthRow> out;
  for (Pair& p : store::PairRepository(tx).ListByProgram(program.id, PairStatus::kActive)) {
    calendar::PairHealth h = Assess(p, program, meetings[p.id], logs[p.id], tx.now());
    out.push_back({std::move(p), h});
  }
  return out;
}

}  // namespace

std::vector<PairHealthRow> ListPairHealth(store::Database& db, const Actor& actor,
                                          std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "see the health of every pair");
  std::vector<PairHealthRow> out = HealthOfPairs(tx, program);
  tx.Commit();
  return out;
}

MeetingCounts CountMeetings(store::Transaction& tx, const Program& program) {
  MeetingCounts counts;
  store::MeetingRepository repo(tx);
  for (const Meeting& m : repo.ListByProgram(program.id)) {
    if (m.status == MeetingStatus::kScheduled) ++counts.scheduled;
  }
  std::map<std::int64_t, bool> held_by_meeting;
  for (const MeetingLog& l : repo.ListLogsByProgram(program.id)) {
    if (!l.meeting_id) {
      ++(l.held ? counts.held : counts.not_held);
      continue;
    }
    held_by_meeting[*l.meeting_id] = held_by_meeting[*l.meeting_id] || l.held;
  }
  for (const auto& [id, held] : held_by_meeting) ++(held ? counts.held : counts.not_held);
  for (const PairHealthRow& row : HealthOfPairs(tx, program)) {
    ++counts.health[std::string(calendar::HealthStatusName(row.health.status))];
  }
  return counts;
}

std::map<std::int64_t, calendar::PairHealth> MeetingsOverPairLives(store::Transaction& tx,
                                                                   const Program& program) {
  store::MeetingRepository repo(tx);
  std::map<std::int64_t, std::vector<Meeting>> meetings;
  for (Meeting& m : repo.ListByProgram(program.id)) meetings[m.pair_id].push_back(std::move(m));
  std::map<std::int64_t, std::vector<MeetingLog>> logs;
  for (MeetingLog& l : repo.ListLogsByProgram(program.id)) logs[l.pair_id].push_back(std::move(l));
  std::map<std::int64_t, calendar::PairHealth> out;
  for (const Pair& p : store::PairRepository(tx).ListByProgram(program.id)) {
    if (p.started_on.empty() || p.status == PairStatus::kProposed) continue;
    SysSeconds until = tx.now();
    if (!p.ended_on.empty()) {
      // The end day counts: until the midnight after it.
      if (auto end = ParseUtc(p.ended_on + "T00:00:00Z")) {
        until = std::min(until, *end + std::chrono::hours(24));
      }
    }
    out[p.id] = Assess(p, program, meetings[p.id], logs[p.id], until);
  }
  return out;
}

calendar::PairHealth GetPairHealth(store::Database& db, const Actor& actor, std::int64_t pair_id) {
  store::Transaction tx = db.Begin(false);
  const PairScope scope = ScopeOf(tx, actor, pair_id);
  store::MeetingRepository repo(tx);
  const calendar::PairHealth h = Assess(scope.pair, scope.program, repo.ListByPair(pair_id),
                                        repo.ListLogsByPair(pair_id), tx.now());
  tx.Commit();
  return h;
}

int ExportMeetings(store::Database& db, const Actor& actor, std::int64_t program_id,
                   std::ostream& csv) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "export the program's meetings");
  store::MeetingRepository repo(tx);
  const std::vector<Meeting> meetings = repo.ListByProgram(program_id);
  const std::vector<MeetingLog> logs = repo.ListLogsByProgram(program_id);
  std::map<std::int64_t, Pair> pairs;
  for (Pair& p : store::PairRepository(tx).ListByProgram(program_id)) pairs[p.id] = std::move(p);
  tx.Commit();

  WriteCsvRecord(csv, {"meeting_id", "pair_id", "mentee_id", "mentee", "mentor_id", "mentor",
                       "starts_at", "minutes", "mode", "status", "mentee_answer", "mentor_answer",
                       "logs", "held", "not_held_reasons", "logged_minutes", "topics"});
  // What the logs of one meeting (or one unscheduled log) say.
  const auto summary = [](const std::vector<const MeetingLog*>& of) {
    std::set<std::string> reasons, topics;
    bool held = false;
    int minutes = 0;
    for (const MeetingLog* l : of) {
      held = held || l->held;
      if (!l->not_held_reason.empty()) reasons.insert(l->not_held_reason);
      if (l->minutes) minutes = std::max(minutes, *l->minutes);
      topics.insert(l->topics.begin(), l->topics.end());
    }
    const auto join = [](const std::set<std::string>& items) {
      std::string out;
      for (const std::string& item : items) out += (out.empty() ? "" : "; ") + item;
      return out;
    };
    return std::vector<std::string>{std::to_string(of.size()),
                                    of.empty() ? "" : (held ? "yes" : "no"), join(reasons),
                                    minutes ? std::to_string(minutes) : "", join(topics)};
  };
  const auto row = [&](const std::string& id, std::int64_t pair_id, std::vector<std::string> mid,
                       const std::vector<const MeetingLog*>& of) {
    const Pair& p = pairs[pair_id];
    std::vector<std::string> fields = {
        id, std::to_string(pair_id), p.mentee, p.mentee_name, p.mentor, p.mentor_name};
    fields.insert(fields.end(), mid.begin(), mid.end());
    for (std::string& s : summary(of)) fields.push_back(std::move(s));
    for (std::string& f : fields) f = EscapeFormula(f);  // names and topics are people's text
    WriteCsvRecord(csv, fields);
  };
  std::map<std::int64_t, std::vector<const MeetingLog*>> by_meeting;
  for (const MeetingLog& l : logs) {
    if (l.meeting_id) by_meeting[*l.meeting_id].push_back(&l);
  }
  int rows = 0;
  for (const Meeting& m : meetings) {
    row(std::to_string(m.id), m.pair_id,
        {m.starts_at, std::to_string(m.minutes), std::string(MeetingFormatName(m.mode)),
         std::string(MeetingStatusName(m.status)), std::string(MeetingAnswerName(m.mentee_answer)),
         std::string(MeetingAnswerName(m.mentor_answer))},
        by_meeting[m.id]);
    ++rows;
  }
  for (const MeetingLog& l : logs) {
    if (l.meeting_id) continue;
    row("", l.pair_id,
        {l.met_at, l.minutes ? std::to_string(*l.minutes) : "", "", "logged only", "", ""}, {&l});
    ++rows;
  }
  return rows;
}

std::string ResetCalendarFeed(store::Database& db, const Actor& actor) {
  if (!actor.user_id) throw Error(ErrorCode::kUnauthenticated, "sign in first");
  const std::string secret = internal::NewToken();
  store::Transaction tx = db.Begin();
  store::UserRepository(tx).SetCalendarTokenHash(*actor.user_id, internal::HashToken(secret));
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = "calendar_feed.reset",
                              .entity = "user",
                              .entity_id = actor.user_id});
  tx.Commit();
  return secret;
}

std::string CalendarFeed(store::Database& db, const std::string& secret) {
  if (!internal::IsWellFormedToken(secret)) throw NotFound("no such calendar");
  store::Transaction tx = db.Begin(false);
  auto user = store::UserRepository(tx).FindByCalendarTokenHash(internal::HashToken(secret));
  if (!user || user->disabled) throw NotFound("no such calendar");
  std::map<std::int64_t, Pair> pairs;
  std::vector<calendar::IcsEvent> events;
  for (const Meeting& m : store::MeetingRepository(tx).ListByUser(user->id)) {
    if (m.status == MeetingStatus::kDeclined) continue;
    auto it = pairs.find(m.pair_id);
    if (it == pairs.end()) {
      it = pairs.emplace(m.pair_id, *store::PairRepository(tx).Find(m.pair_id)).first;
    }
    events.push_back(EventOf(tx, m, it->second, false));
  }
  for (calendar::IcsEvent& e : EventsForFeed(tx, user->id)) events.push_back(std::move(e));
  tx.Commit();
  return calendar::WriteIcs(calendar::IcsMethod::kPublish, events, "Tandem: " + user->name);
}

int SendMeetingReminder(store::Database& db, std::int64_t meeting_id, int sequence) {
  return ForScheduledMeeting(
      db, meeting_id, sequence,
      [&](store::MeetingRepository& r, const Meeting& m) { return r.MarkReminded(m.id, sequence); },
      [](store::Transaction& tx, const Meeting& m, const Pair& pair, const Member& member,
         std::int64_t, const std::string& partner) {
        const notify::Message text =
            notify::MeetingReminderMessage(TextOf(m, pair, member, partner));
        Queue(tx, member, "meeting_reminder", text);
        return 1;
      });
}

int SendLogPrompt(store::Database& db, std::int64_t meeting_id, int sequence) {
  return ForScheduledMeeting(
      db, meeting_id, sequence,
      [&](store::MeetingRepository& r, const Meeting& m) {
        return r.MarkLogPrompted(m.id, sequence);
      },
      [](store::Transaction& tx, const Meeting& m, const Pair& pair, const Member& member,
         std::int64_t enrollment, const std::string& partner) {
        for (const MeetingLog& l : store::MeetingRepository(tx).ListLogsByPair(pair.id)) {
          if (l.meeting_id == m.id && l.author_enrollment_id == enrollment) return 0;
        }
        const notify::Message text =
            notify::MeetingLogPromptMessage(TextOf(m, pair, member, partner));
        Queue(tx, member, "meeting_log_prompt", text);
        return 1;
      });
}

int SendPairNudges(store::Database& db) {
  std::vector<Program> programs;
  {
    store::Transaction tx = db.Begin(false);
    programs = store::ProgramRepository(tx).List();
    tx.Commit();
  }
  int written = 0;
  for (const Program& program : programs) {
    if (program.status != ProgramStatus::kActive) continue;
    store::Transaction tx = db.Begin();
    store::MeetingRepository meetings(tx);
    std::vector<Member> coordinators;
    for (const Enrollment& e : store::EnrollmentRepository(tx).List(
             program.id, {.role = Role::kCoordinator, .status = EnrollmentStatus::kActive})) {
      const Member m = LoadMember(tx, e.id);
      if (m.reachable && !m.email.empty()) coordinators.push_back(m);
    }
    for (const PairHealthRow& row : HealthOfPairs(tx, program)) {
      const calendar::PairHealth& h = row.health;
      const Pair& pair = row.pair;
      const SysSeconds since =
          h.last_met ? *h.last_met : tx.now() - std::chrono::days(h.days_without_meeting);
      const std::string episode = FormatUtcDate(since);
      const std::string link = PublicBaseUrl() + "/pairs/" + std::to_string(pair.id);
      if (h.status == calendar::HealthStatus::kAtRisk &&
          meetings.MarkNudged(pair.id, "at_risk", episode)) {
        for (const auto& [enrollment, partner] :
             {std::pair{pair.mentor_enrollment_id, pair.mentee_name},
              std::pair{pair.mentee_enrollment_id, pair.mentor_name}}) {
          const Member m = LoadMember(tx, enrollment);
          if (!m.reachable || m.email.empty()) continue;
          const notify::Message text =
              notify::PairNudgeMessage(m.name, partner, program.name, h.days_without_meeting, link);
          Queue(tx, m, "pair_nudge", text);
          ++written;
        }
      }
      if (h.status == calendar::HealthStatus::kStalled &&
          meetings.MarkNudged(pair.id, "stalled", episode)) {
        const bool no_shows = h.days_without_meeting < HealthThresholdsOf(program).stalled_days;
        for (const Member& c : coordinators) {
          const notify::Message text =
              notify::StalledPairMessage(c.name, pair.mentee_name, pair.mentor_name, program.name,
                                         h.days_without_meeting, no_shows, link);
          Queue(tx, c, "stalled_pair", text);
          ++written;
        }
      }
    }
    // An agreement still unsigned 30 days after the pair started: both
    // members, once per pair.
    for (const std::int64_t pair_id : UnsignedAgreementPairs(tx, program.id, 30)) {
      const auto pair = store::PairRepository(tx).Find(pair_id);
      if (!pair || !meetings.MarkNudged(pair_id, "agreement", pair->started_on)) continue;
      const auto started = ParseUtc(pair->started_on + "T00:00:00Z");
      const int days =
          started ? static_cast<int>((tx.now() - *started) / std::chrono::days(1)) : 30;
      for (const auto& [enrollment, partner] :
           {std::pair{pair->mentor_enrollment_id, pair->mentee_name},
            std::pair{pair->mentee_enrollment_id, pair->mentor_name}}) {
        const Member m = LoadMember(tx, enrollment);
        if (!m.reachable || m.email.empty()) continue;
        Queue(tx, m, "agreement_nudge",
              notify::AgreementNudgeMessage(m.name, partner, program.name, days,
                                            PublicBaseUrl() + "/pairs/" + std::to_string(pair_id)));
        ++written;
      }
    }
    tx.Commit();
  }
  return written;
}

}  // namespace tandem::service
