#include "service/events.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "calendar/local_time.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/resource.h"
#include "core/text.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/pair_scope.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "store/enrollment_repository.h"
#include "store/event_repository.h"
#include "store/participant_repository.h"
#include "store/resource_repository.h"

namespace tandem::service {
namespace {

bool InAudience(const std::string& audience, Role role) {
  if (role != Role::kMentor && role != Role::kMentee) return false;
  return ForAudience(audience, role == Role::kMentor, role == Role::kMentee);
}

// The program's active mentors and mentees in the event's audience.
std::vector<Enrollment> InviteesOf(store::Transaction& tx, const ProgramEvent& e) {
  std::vector<Enrollment> out;
  for (Enrollment& en :
       store::EnrollmentRepository(tx).List(e.program_id, {.status = EnrollmentStatus::kActive})) {
    if (InAudience(e.audience, en.role)) out.push_back(std::move(en));
  }
  return out;
}

ProgramEvent LoadEvent(store::Transaction& tx, std::int64_t id,
                       store::RowLock lock = store::RowLock::kNone) {
  auto e = store::EventRepository(tx).Find(id, lock);
  if (!e) throw NotFound("event " + std::to_string(id) + " does not exist");
  return *e;
}

std::string EventJson(const ProgramEvent& e) {
  return nlohmann::json{{"kind", e.kind},           {"title", e.title},
                        {"starts_at", e.starts_at}, {"minutes", e.minutes},
                        {"audience", e.audience},   {"required", e.required},
                        {"cancelled", e.cancelled}, {"sequence", e.sequence}}
      .dump();
}

void Apply(ProgramEvent& e, const EventInput& in, SysSeconds now, bool creating) {
  if (in.kind) e.kind = std::string(Trim(*in.kind));
  CheckOneOf(e.kind, kEventKinds, "kind");
  if (in.title) e.title = std::string(Trim(*in.title));
  if (e.title.empty()) throw InvalidArgument("give the event a title", "title");
  CheckText(e.title, "title", 300);
  const std::string zone = in.time_zone.empty() ? "UTC" : in.time_zone;
  if (in.start || in.end) calendar::CheckZone(zone, "time_zone");
  if (in.start) {
    if (Trim(*in.start).empty()) throw InvalidArgument("say when the event starts", "start");
    const SysSeconds start = calendar::ReadWallTime(Trim(*in.start), zone, "start");
    if (start < now && creating) {
      throw InvalidArgument(
          "the event would start in the past (" + calendar::DescribeInZone(start, zone) + ")",
          "start");
    }
    e.starts_at = FormatUtc(start);
  }
  if (e.starts_at.empty()) throw InvalidArgument("say when the event starts", "start");
  if (in.minutes) e.minutes = *in.minutes;
  if (in.end) {
    const SysSeconds start = *ParseUtc(e.starts_at);
    const SysSeconds end = calendar::ReadWallTime(Trim(*in.end), zone, "end");
    if (end <= start) {
      throw InvalidArgument("the event ends (" + calendar::DescribeInZone(end, zone) +
                                ") before it starts (" + calendar::DescribeInZone(start, zone) +
                                ")",
                            "end");
    }
    e.minutes =
        static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(end - start).count());
  }
  if (e.minutes < 5 || e.minutes > 1440) {
    throw InvalidArgument("an event lasts from 5 minutes to 24 hours", in.end ? "end" : "minutes");
  }
  if (in.location) e.location = std::string(Trim(*in.location));
  CheckText(e.location, "location", 500);
  if (in.description) e.description = *in.description;
  CheckText(e.description, "description", 5000, true);
  if (in.audience) e.audience = std::string(Trim(*in.audience));
  CheckOneOf(e.audience, kResourceAudiences, "audience");
  if (in.required) e.required = *in.required;
  if (in.recording_url) e.recording_url = std::string(Trim(*in.recording_url));
  if (!e.recording_url.empty() && !IsWebUrl(e.recording_url)) {
    throw InvalidArgument("a recording link starts with https:// or http://", "recording_url");
  }
  if (in.cancelled) e.cancelled = *in.cancelled;
  if (in.materials) e.materials = *in.materials;
}

// Every material is a resource of the event's program, or for every program.
void CheckMaterials(store::Transaction& tx, const ProgramEvent& e) {
  if (e.materials.size() > 20) throw InvalidArgument("at most 20 materials", "materials");
  for (std::int64_t id : e.materials) {
    const auto r = store::ResourceRepository(tx).Find(id);
    if (!r || (r->program_id && *r->program_id != e.program_id)) {
      throw InvalidArgument("resource " + std::to_string(id) + " is not in this program's library",
                            "materials");
    }
  }
}

std::vector<Resource> MaterialsOf(store::Transaction& tx, const ProgramEvent& e) {
  std::vector<Resource> out;
  for (std::int64_t id : e.materials) {
    if (auto r = store::ResourceRepository(tx).Find(id)) out.push_back(std::move(*r));
  }
  return out;
}

// Tells every reachable invitee about the event; `what` completes "… is planned".
void Tell(store::Transaction& tx, const ProgramEvent& e, const Program& program,
          const std::string& what) {
  for (const Enrollment& en : InviteesOf(tx, e)) {
    const Member m = LoadMember(tx, en.id);
    if (!m.reachable || m.email.empty()) continue;
    Queue(tx, m, "program_event",
          notify::ProgramEventMessage(
              {.name = m.name,
               .program_name = program.name,
               .title = e.title,
               .when = calendar::DescribeInZone(*ParseUtc(e.starts_at), m.time_zone),
               .minutes = e.minutes,
               .location = e.location,
               .description = e.description,
               .required = e.required,
               .link = PublicBaseUrl() + "/"},
              what));
  }
}

EventView ViewFor(store::Transaction& tx, const ProgramEvent& e, const ProgramAccess& access) {
  EventView v;
  v.event = e;
  v.materials = MaterialsOf(tx, e);
  const auto rows = store::EventRepository(tx).Attendance(e.id);
  std::map<std::int64_t, const EventAttendance*> by;
  for (const EventAttendance& a : rows) by[a.enrollment_id] = &a;
  const auto mine = [&](const std::vector<std::int64_t>& ids, Role role) {
    for (std::int64_t id : ids) {
      if (!InAudience(e.audience, role)) continue;
      v.invited = true;
      if (auto it = by.find(id); it != by.end()) {
        v.my_rsvp = it->second->rsvp;
        v.i_attended = it->second->attended;
      }
    }
  };
  mine(access.mentor_enrollments, Role::kMentor);
  mine(access.mentee_enrollments, Role::kMentee);
  if (access.coordinator) {
    for (const Enrollment& en : InviteesOf(tx, e)) {
      ++v.invitees;
      auto it = by.find(en.id);
      if (it == by.end()) continue;
      const EventAttendance& a = *it->second;
      if (a.rsvp == "yes") ++v.yes;
      if (a.rsvp == "no") ++v.no;
      if (a.rsvp == "maybe") ++v.maybe;
      if (a.attended.value_or(false)) ++v.attended;
    }
  }
  return v;
}

std::vector<Invitee> InviteeRows(store::Transaction& tx, const ProgramEvent& e) {
  std::map<std::int64_t, EventAttendance> by;
  for (EventAttendance& a : store::EventRepository(tx).Attendance(e.id)) by[a.enrollment_id] = a;
  std::vector<Invitee> out;
  for (const Enrollment& en : InviteesOf(tx, e)) {
    Invitee i{en.id, en.name,      en.email,    std::string(RoleName(en.role)),
              "",    std::nullopt, std::nullopt};
    if (auto it = by.find(en.id); it != by.end()) {
      i.rsvp = it->second.rsvp;
      i.attended = it->second.attended;
      i.minutes = it->second.minutes;
    }
    out.push_back(std::move(i));
  }
  std::sort(out.begin(), out.end(),
            [](const Invitee& a, const Invitee& b) { return a.name < b.name; });
  return out;
}

EventAttendance RowOf(store::Transaction& tx, std::int64_t event_id, std::int64_t enrollment_id) {
  for (EventAttendance& a : store::EventRepository(tx).Attendance(event_id)) {
    if (a.enrollment_id == enrollment_id) return a;
  }
  return EventAttendance{event_id, enrollment_id, "", std::nullopt, std::nullopt};
}

ProgramEvent RequireCoordinatorOf(store::Transaction& tx, const Actor& actor, std::int64_t event_id,
                                  const char* what) {
  const ProgramEvent e = LoadEvent(tx, event_id, store::RowLock::kForUpdate);
  RequireCoordinator(AccessTo(tx, actor, e.program_id), what);
  return e;
}

void RequireStarted(store::Transaction& tx, const ProgramEvent& e) {
  if (*ParseUtc(e.starts_at) > tx.now()) {
    throw FailedPrecondition("the event has not started yet; record attendance afterwards");
  }
}

}  // namespace

ProgramEvent CreateEvent(store::Database& db, const Actor& actor, std::int64_t program_id,
                         const EventInput& input) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "plan the program's events");
  RequireOpen(program);
  ProgramEvent e;
  e.program_id = program_id;
  if (!input.title) throw InvalidArgument("give the event a title", "title");
  if (!input.start) throw InvalidArgument("say when the event starts", "start");
  Apply(e, input, tx.now(), true);
  CheckMaterials(tx, e);
  e.cancelled = false;
  e.uid = "event-" + internal::NewToken().substr(0, 22) + "@tandem";
  store::EventRepository repo(tx);
  e.id = repo.Insert(e);
  AppendAudit(tx, actor, "event.create", "event", e.id, program_id, "", EventJson(e));
  Tell(tx, e, program, "is planned");
  ProgramEvent out = *repo.Find(e.id);
  tx.Commit();
  return out;
}

ProgramEvent UpdateEvent(store::Database& db, const Actor& actor, std::int64_t event_id,
                         const EventInput& input) {
  store::Transaction tx = db.Begin();
  ProgramEvent e = RequireCoordinatorOf(tx, actor, event_id, "change the program's events");
  const Program program = RequireProgram(tx, e.program_id);
  RequireOpen(program);
  const ProgramEvent before = e;
  if (before.cancelled && input.cancelled.value_or(true)) {
    throw FailedPrecondition("event " + std::to_string(event_id) + " is cancelled");
  }
  Apply(e, input, tx.now(), false);
  CheckMaterials(tx, e);
  const bool moved = e.starts_at != before.starts_at || e.minutes != before.minutes ||
                     e.location != before.location;
  if (moved || e.cancelled != before.cancelled || e.title != before.title ||
      e.description != before.description) {
    ++e.sequence;
  }
  store::EventRepository repo(tx);
  repo.Update(e);
  AppendAudit(tx, actor, "event.update", "event", event_id, e.program_id, EventJson(before),
              EventJson(e));
  if (e.cancelled && !before.cancelled) {
    Tell(tx, e, program, "is cancelled");
  } else if (moved && !e.cancelled) {
    Tell(tx, e, program, "has changed");
  }
  ProgramEvent out = *repo.Find(event_id);
  tx.Commit();
  return out;
}

std::vector<EventView> ListEvents(store::Database& db, const Actor& actor,
                                  std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  if (!access.member()) {
    throw Error(ErrorCode::kPermissionDenied, "only the program's members can see its events");
  }
  std::vector<EventView> out;
  for (const ProgramEvent& e : store::EventRepository(tx).ListByProgram(program_id)) {
    EventView v = ViewFor(tx, e, access);
    if (v.invited || access.coordinator || access.evaluator) out.push_back(std::move(v));
  }
  tx.Commit();
  return out;
}

EventView GetEvent(store::Database& db, const Actor& actor, std::int64_t event_id) {
  store::Transaction tx = db.Begin(false);
  const ProgramEvent e = LoadEvent(tx, event_id);
  const ProgramAccess access = AccessTo(tx, actor, e.program_id);
  EventView v = ViewFor(tx, e, access);
  if (!v.invited && !access.coordinator && !access.evaluator) {
    throw Error(ErrorCode::kPermissionDenied, "only those invited can see this event");
  }
  tx.Commit();
  return v;
}

EventView AnswerEvent(store::Database& db, const Actor& actor, std::int64_t event_id,
                      const std::string& answer) {
  CheckOneOf(answer, kRsvpAnswers, "answer");
  store::Transaction tx = db.Begin();
  const ProgramEvent e = LoadEvent(tx, event_id, store::RowLock::kForUpdate);
  const ProgramAccess access = AccessTo(tx, actor, e.program_id);
  std::optional<std::int64_t> mine;
  for (std::int64_t id : access.mentor_enrollments) {
    if (InAudience(e.audience, Role::kMentor)) mine = id;
  }
  for (std::int64_t id : access.mentee_enrollments) {
    if (InAudience(e.audience, Role::kMentee)) mine = id;
  }
  if (!mine) {
    throw Error(ErrorCode::kPermissionDenied, "only those invited can answer an event");
  }
  if (e.cancelled) throw FailedPrecondition("the event is cancelled");
  if (*ParseUtc(e.starts_at) < tx.now()) throw FailedPrecondition("the event has started");
  EventAttendance row = RowOf(tx, event_id, *mine);
  row.rsvp = answer;
  store::EventRepository(tx).Save(row);
  AppendAudit(tx, actor, "event.answer", "event", event_id, e.program_id, "",
              nlohmann::json{{"answer", answer}}.dump());
  EventView v = ViewFor(tx, e, access);
  tx.Commit();
  return v;
}

std::vector<Invitee> ListInvitees(store::Database& db, const Actor& actor, std::int64_t event_id) {
  store::Transaction tx = db.Begin(false);
  const ProgramEvent e = LoadEvent(tx, event_id);
  RequireCoordinator(AccessTo(tx, actor, e.program_id), "see who was invited");
  auto out = InviteeRows(tx, e);
  tx.Commit();
  return out;
}

std::vector<Invitee> RecordAttendance(store::Database& db, const Actor& actor,
                                      std::int64_t event_id,
                                      const std::vector<AttendanceMark>& marks) {
  store::Transaction tx = db.Begin();
  const ProgramEvent e = RequireCoordinatorOf(tx, actor, event_id, "record attendance");
  RequireStarted(tx, e);
  std::set<std::int64_t> invited;
  for (const Enrollment& en : InviteesOf(tx, e)) invited.insert(en.id);
  for (const AttendanceMark& m : marks) {
    if (!invited.count(m.enrollment_id)) {
      throw InvalidArgument(
          "person " + std::to_string(m.enrollment_id) + " was not invited to this event",
          "attendance");
    }
  }
  store::EventRepository repo(tx);
  for (const AttendanceMark& m : marks) {
    EventAttendance row = RowOf(tx, event_id, m.enrollment_id);
    row.attended = m.attended;
    repo.Save(row);
  }
  AppendAudit(tx, actor, "event.attendance", "event", event_id, e.program_id, "",
              nlohmann::json{{"marked", marks.size()}}.dump());
  auto out = InviteeRows(tx, e);
  tx.Commit();
  return out;
}

AttendanceImport ImportAttendance(store::Database& db, const Actor& actor, std::int64_t event_id,
                                  std::istream& csv, int min_minutes) {
  store::Transaction tx = db.Begin();
  const ProgramEvent e = RequireCoordinatorOf(tx, actor, event_id, "record attendance");
  RequireStarted(tx, e);
  AttendanceImport report;
  std::map<std::string, std::int64_t> by_email;
  for (const Enrollment& en : InviteesOf(tx, e)) by_email[ToLower(en.email)] = en.id;
  CsvReader reader(csv);
  std::vector<std::string> header, fields;
  if (!ReadCsvHeader(reader, header, report.errors)) return report;
  int email_col = -1, minutes_col = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string h = ToLower(header[i]);
    if (h == "email" || h == "e-mail" || h == "user email" || h == "attendee email" ||
        h == "email address") {
      email_col = static_cast<int>(i);
    }
    if (h == "minutes" || h == "duration" || h == "duration (minutes)" ||
        h == "time in session (minutes)" || h == "attendance duration") {
      minutes_col = static_cast<int>(i);
    }
  }
  if (email_col < 0) {
    report.errors.push_back({1, "email", "no e-mail column (email, user email, attendee email)"});
    return report;
  }
  std::map<std::int64_t, int> minutes;
  while (true) {
    try {
      if (!reader.Next(fields)) break;
    } catch (const Error& err) {
      report.errors.push_back({err.row(), "", err.message()});
      break;
    }
    const int row = reader.record();
    const std::string email =
        ToLower(Trim(static_cast<size_t>(email_col) < fields.size() ? fields[email_col] : ""));
    if (email.empty()) continue;  // platforms list dial-in callers without an address
    auto it = by_email.find(email);
    if (it == by_email.end()) {
      report.errors.push_back(
          {row, header[email_col], "no one invited to this event has this e-mail"});
      continue;
    }
    int m = e.minutes;
    if (minutes_col >= 0) {
      const std::string text(
          Trim(static_cast<size_t>(minutes_col) < fields.size() ? fields[minutes_col] : ""));
      const auto value = ParseDecimal(text);
      if (!value || *value < 0 || *value > 10000) {
        report.errors.push_back({row, header[minutes_col], "minutes is a number such as 55"});
        continue;
      }
      m = static_cast<int>(*value + 0.5);
    }
    minutes[it->second] += m;
  }
  if (!report.errors.empty()) return report;
  store::EventRepository repo(tx);
  for (const auto& [email, id] : by_email) {
    EventAttendance row = RowOf(tx, event_id, id);
    auto it = minutes.find(id);
    row.minutes = it == minutes.end() ? std::optional<int>() : std::optional<int>(it->second);
    row.attended = it != minutes.end() && it->second >= min_minutes;
    repo.Save(row);
    (*row.attended ? report.attended : report.absent)++;
  }
  AppendAudit(tx, actor, "event.attendance_import", "event", event_id, e.program_id, "",
              nlohmann::json{{"attended", report.attended}, {"absent", report.absent}}.dump());
  tx.Commit();
  return report;
}

int SendRecording(store::Database& db, const Actor& actor, std::int64_t event_id) {
  store::Transaction tx = db.Begin();
  const ProgramEvent e = RequireCoordinatorOf(tx, actor, event_id, "send the recording");
  if (e.recording_url.empty()) {
    throw FailedPrecondition("add the recording's link to the event first");
  }
  const Program program = RequireProgram(tx, e.program_id);
  int sent = 0;
  bool recorded = false;
  for (const Invitee& i : InviteeRows(tx, e)) {
    if (i.attended) recorded = true;
    if (i.attended.value_or(true)) continue;
    const Member m = LoadMember(tx, i.enrollment_id);
    if (!m.reachable || m.email.empty()) continue;
    Queue(
        tx, m, "event_recording",
        notify::EventRecordingMessage(m.name, program.name, e.title, e.required, e.recording_url));
    ++sent;
  }
  if (!recorded) throw FailedPrecondition("record who attended first");
  AppendAudit(tx, actor, "event.recording_sent", "event", event_id, e.program_id, "",
              nlohmann::json{{"sent", sent}}.dump());
  tx.Commit();
  return sent;
}

std::vector<MissedEvent> ListMissedRequired(store::Database& db, const Actor& actor,
                                            std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "see who missed a required event");
  std::vector<MissedEvent> out;
  for (const ProgramEvent& e : store::EventRepository(tx).ListByProgram(program_id)) {
    if (!e.required || e.cancelled || *ParseUtc(e.starts_at) > tx.now()) continue;
    MissedEvent m{e, {}};
    for (Invitee& i : InviteeRows(tx, e)) {
      if (i.attended && !*i.attended) m.people.push_back(std::move(i));
    }
    if (!m.people.empty()) out.push_back(std::move(m));
  }
  tx.Commit();
  return out;
}

std::vector<calendar::IcsEvent> EventsForFeed(store::Transaction& tx, std::int64_t user_id) {
  std::vector<calendar::IcsEvent> out;
  std::set<std::string> seen;  // someone both mentor and mentee sees an event once
  for (const Enrollment& en : store::EnrollmentRepository(tx).ListByUser(user_id)) {
    if (en.status != EnrollmentStatus::kActive) continue;
    for (const ProgramEvent& e : store::EventRepository(tx).ListByProgram(en.program_id)) {
      if (!InAudience(e.audience, en.role) || !seen.insert(e.uid).second) continue;
      calendar::IcsEvent ics;
      ics.uid = e.uid;
      ics.sequence = e.sequence;
      ics.stamp = *ParseUtc(e.updated_at);
      ics.start = *ParseUtc(e.starts_at);
      ics.end = ics.start + std::chrono::minutes(e.minutes);
      ics.summary = e.title;
      ics.description = e.description;
      ics.location = e.location;
      ics.url = PublicBaseUrl() + "/";
      ics.status = e.cancelled ? "CANCELLED" : "CONFIRMED";
      out.push_back(std::move(ics));
    }
  }
  return out;
}

}  // namespace tandem::service
