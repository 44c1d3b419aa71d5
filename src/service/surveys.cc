#include "service/surveys.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/deidentify.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/meeting.h"
#include "core/text.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/meetings.h"
#include "service/notifications.h"
#include "service/programs.h"
#include "stats/disclosure.h"
#include "stats/likert.h"
#include "store/enrollment_repository.h"
#include "store/journey_repository.h"
#include "store/meeting_repository.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"
#include "store/survey_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

using nlohmann::json;

std::string SurveyJson(const Survey& s) {
  return json{{"title", s.title},
              {"version", s.version},
              {"anonymity", s.anonymity},
              {"items", s.items.size()}}
      .dump();
}

std::string WaveJson(const SurveyWave& w) {
  return json{
      {"title", w.title},           {"series_id", w.series_id},     {"audience", w.audience},
      {"timing", w.timing},         {"opens_on", w.opens_on},       {"offset_days", w.offset_days},
      {"every_days", w.every_days}, {"length_days", w.length_days}, {"status", w.status}}
      .dump();
}

void ApplySurvey(Survey& s, const SurveyInput& in) {
  if (in.title) s.title = std::string(Trim(*in.title));
  if (s.title.empty()) throw InvalidArgument("a survey needs a title", "title");
  CheckText(s.title, "title", 200);
  if (in.intro) s.intro = *in.intro;
  CheckText(s.intro, "intro", 5000, true);
  if (in.anonymity) s.anonymity = std::string(Trim(*in.anonymity));
  CheckOneOf(s.anonymity, kSurveyAnonymity, "anonymity");
  if (in.items) s.items = *in.items;
  ValidateSurveyItems(s.items);
}

Survey RequireSurvey(store::Transaction& tx, std::int64_t survey_id) {
  auto s = store::SurveyRepository(tx).FindSurvey(survey_id);
  if (!s) throw NotFound("survey " + std::to_string(survey_id) + " does not exist");
  return *s;
}

SysSeconds DayStart(const std::string& ymd) {
  return ParseUtc(ymd + "T00:00:00Z").value_or(SysSeconds{});
}

// --- the schedule ---

struct Cycle {
  std::int64_t enrollment_id = 0;
  std::optional<std::int64_t> pair_id;
  std::string cycle;
  SysSeconds opens{}, closes{};
};

bool InAudience(const SurveyWave& w, Role role) {
  return (role == Role::kMentee && w.audience != "mentors") ||
         (role == Role::kMentor && w.audience != "mentees");
}

bool PairMatches(const SurveyWave& w, PairStatus s) {
  if (w.pair_status == "active") return s == PairStatus::kActive;
  if (w.pair_status == "completed") return s == PairStatus::kCompleted;
  return s == PairStatus::kActive || s == PairStatus::kCompleted;
}

// The cycles of `w` open at `now`: who is asked, in which pair, from when to when.
std::vector<Cycle> DueCycles(store::Transaction& tx, const SurveyWave& w, const Program& program,
                             SysSeconds now) {
  const auto length = std::chrono::days(w.length_days);
  std::vector<Cycle> out;
  std::vector<Pair> pairs;
  for (Pair& p : store::PairRepository(tx).ListByProgram(program.id)) {
    if (PairMatches(w, p.status)) pairs.push_back(std::move(p));
  }
  auto members = [&](const Pair& p, auto add) {
    if (InAudience(w, Role::kMentee)) add(p.mentee_enrollment_id, Role::kMentee);
    if (InAudience(w, Role::kMentor)) add(p.mentor_enrollment_id, Role::kMentor);
  };
  if (w.timing == "pair_start" || w.timing == "after_meeting") {
    std::map<std::int64_t, std::vector<MeetingLog>> logs;
    if (w.timing == "after_meeting") {
      for (MeetingLog& l : store::MeetingRepository(tx).ListLogsByProgram(program.id)) {
        if (l.held && l.created_at >= w.created_at) logs[l.pair_id].push_back(std::move(l));
      }
    }
    for (const Pair& p : pairs) {
      std::vector<std::pair<std::string, SysSeconds>> openings;  // cycle, opens
      if (w.timing == "pair_start") {
        if (p.started_on.empty()) continue;
        SysSeconds opens = DayStart(p.started_on) + std::chrono::days(w.offset_days);
        if (w.every_days > 0) {
          while (opens + std::chrono::days(w.every_days) <= now) {
            opens += std::chrono::days(w.every_days);
          }
        }
        openings.push_back({w.every_days > 0 ? FormatUtcDate(opens) : "", opens});
      } else {
        for (const MeetingLog& l : logs[p.id]) {
          if (auto at = ParseUtc(l.created_at)) {
            openings.push_back({"meeting:" + std::to_string(l.id), *at});
          }
        }
      }
      for (const auto& [cycle, opens] : openings) {
        if (opens > now || now >= opens + length) continue;
        members(p, [&](std::int64_t e, Role) {
          out.push_back({e, p.id, cycle, opens, opens + length});
        });
      }
    }
    return out;
  }
  SysSeconds opens{};
  if (w.timing == "dates") {
    opens = DayStart(w.opens_on);
  } else {
    const std::string& day = w.timing == "program_start" ? program.starts_on : program.ends_on;
    if (day.empty()) return out;
    opens = DayStart(day) + std::chrono::days(w.offset_days);
  }
  if (opens > now || now >= opens + length) return out;
  std::set<std::int64_t> seen;
  for (const Pair& p : pairs) {
    members(p, [&](std::int64_t e, Role) {
      if (seen.insert(e).second) out.push_back({e, p.id, "", opens, opens + length});
    });
  }
  if (w.pair_status == "any") {
    // People without a pair are asked too.
    for (const Enrollment& e :
         store::EnrollmentRepository(tx).List(program.id, {.status = EnrollmentStatus::kActive})) {
      if ((e.role == Role::kMentee || e.role == Role::kMentor) && InAudience(w, e.role) &&
          seen.insert(e.id).second) {
        out.push_back({e.id, std::nullopt, "", opens, opens + length});
      }
    }
  }
  return out;
}

std::string SurveyLink(std::int64_t invitation_id) {
  return PublicBaseUrl() + "/surveys/" + std::to_string(invitation_id);
}

// Sends `invitation`'s invitation (reminder: the reminder) when its person
// is still active and their account enabled; returns whether it was sent.
bool SendSurveyMessage(store::Transaction& tx, const Program& program, const Survey& survey,
                       const SurveyInvitation& inv, bool reminder) {
  const auto e = store::EnrollmentRepository(tx).Find(inv.enrollment_id);
  if (!e || e->status != EnrollmentStatus::kActive) return false;
  const auto user = store::UserRepository(tx).Find(e->user_id);
  if (!user || user->disabled) return false;
  const auto closes = ParseUtc(inv.closes_at).value_or(SysSeconds{}) - std::chrono::seconds(1);
  const notify::SurveyText text{.name = e->name,
                                .program_name = program.name,
                                .survey_title = survey.title,
                                .anonymity = survey.anonymity,
                                .closes = FormatUtcDate(closes),
                                .link = SurveyLink(inv.id)};
  Notify(tx, {user->id, user->email}, reminder ? "survey_reminder" : "survey_invitation",
         reminder ? notify::SurveyReminderMessage(text) : notify::SurveyInvitationMessage(text));
  return true;
}

int RunWave(store::Database& db, std::int64_t wave_id) {
  store::Transaction tx = db.Begin();
  store::SurveyRepository repo(tx);
  // Locked: two instances (or the hourly job and a coordinator opening the
  // wave) never invite or remind twice.
  const auto w = repo.FindWave(wave_id, store::RowLock::kForUpdate);
  if (!w || w->status != "open") {
    tx.Commit();
    return 0;
  }
  const Program program = RequireProgram(tx, w->program_id);
  const auto survey = repo.Latest(w->series_id);
  if (program.status == ProgramStatus::kClosed || !survey) {
    tx.Commit();
    return 0;
  }
  const SysSeconds now = tx.now();
  int sent = 0;
  for (const Cycle& c : DueCycles(tx, *w, program, now)) {
    SurveyInvitation inv;
    inv.wave_id = w->id;
    inv.program_id = program.id;
    inv.enrollment_id = c.enrollment_id;
    inv.pair_id = c.pair_id;
    inv.cycle = c.cycle;
    inv.opens_at = FormatUtc(c.opens);
    inv.closes_at = FormatUtc(c.closes);
    inv.id = repo.InsertInvitation(inv);
    if (inv.id != 0 && SendSurveyMessage(tx, program, *survey, inv, false)) ++sent;
  }
  const std::string now_text = tx.now_text();
  for (const SurveyInvitation& inv : repo.ListInvitationsOfWave(w->id)) {
    if (!inv.answered_at.empty() || inv.closes_at <= now_text) continue;
    const SysSeconds opens = ParseUtc(inv.opens_at).value_or(now);
    int due = 0;
    for (int d : w->reminder_days) {
      if (opens + std::chrono::days(d) <= now) ++due;
    }
    if (due <= inv.reminders_sent) continue;
    // One reminder however many fell due (a late run does not send two).
    repo.SetRemindersSent(inv.id, due);
    if (SendSurveyMessage(tx, program, *survey, inv, true)) ++sent;
  }
  tx.Commit();
  return sent;
}

WaveView ViewOf(store::Transaction& tx, const SurveyWave& w) {
  WaveView v;
  v.wave = w;
  if (auto s = store::SurveyRepository(tx).Latest(w.series_id)) v.survey_title = s->title;
  store::EnrollmentRepository enrollments(tx);
  store::PairRepository pairs(tx);
  std::map<std::int64_t, Role> roles;
  std::map<std::int64_t, PairStatus> pair_status;
  for (const SurveyInvitation& inv : store::SurveyRepository(tx).ListInvitationsOfWave(w.id)) {
    auto add = [&](WaveCount& c) {
      ++c.invited;
      if (!inv.answered_at.empty()) ++c.answered;
    };
    add(v.all);
    if (!roles.count(inv.enrollment_id)) {
      const auto e = enrollments.Find(inv.enrollment_id);
      roles[inv.enrollment_id] = e ? e->role : Role::kMentee;
    }
    add(roles[inv.enrollment_id] == Role::kMentor ? v.mentors : v.mentees);
    if (inv.pair_id) {
      if (!pair_status.count(*inv.pair_id)) {
        const auto p = pairs.Find(*inv.pair_id);
        pair_status[*inv.pair_id] = p ? p->status : PairStatus::kDissolved;
      }
      const PairStatus s = pair_status[*inv.pair_id];
      if (s == PairStatus::kActive) add(v.active_pairs);
      if (s == PairStatus::kCompleted) add(v.completed_pairs);
    }
  }
  return v;
}

void ApplyWave(store::Transaction& tx, SurveyWave& w, const WaveInput& in, bool has_invitations) {
  if (in.survey_id) {
    const Survey s = RequireSurvey(tx, *in.survey_id);
    if (s.program_id != w.program_id) {
      throw InvalidArgument("survey " + std::to_string(*in.survey_id) + " is not this program's",
                            "survey_id");
    }
    if (has_invitations && s.series_id != w.series_id) {
      throw FailedPrecondition("people have been asked in this wave: its survey stays");
    }
    w.series_id = s.series_id;
  }
  const SurveyWave before = w;
  if (in.title) w.title = *in.title;
  if (in.audience) w.audience = std::string(Trim(*in.audience));
  if (in.pair_status) w.pair_status = std::string(Trim(*in.pair_status));
  if (in.timing) w.timing = std::string(Trim(*in.timing));
  if (in.opens_on) w.opens_on = std::string(Trim(*in.opens_on));
  if (in.offset_days) w.offset_days = *in.offset_days;
  if (in.every_days) w.every_days = *in.every_days;
  if (in.length_days) w.length_days = *in.length_days;
  if (in.reminder_days) w.reminder_days = *in.reminder_days;
  if (in.status) w.status = std::string(Trim(*in.status));
  ValidateWave(w);
  if (has_invitations &&
      (w.timing != before.timing || w.opens_on != before.opens_on ||
       w.offset_days != before.offset_days || w.every_days != before.every_days ||
       w.audience != before.audience || w.pair_status != before.pair_status)) {
    throw FailedPrecondition(
        "people have been asked in this wave: its audience and timing stay (close it and make "
        "another)");
  }
  if (!w.series_id) throw InvalidArgument("survey_id is required", "survey_id");
}

// --- answering ---

struct Loaded {
  SurveyInvitation invitation;
  SurveyWave wave;
  Program program;
  Enrollment person;
};

Loaded LoadMine(store::Transaction& tx, const Actor& actor, std::int64_t invitation_id) {
  RequireSignedIn(actor);
  store::SurveyRepository repo(tx);
  const auto inv = repo.FindInvitation(invitation_id);
  const auto e = inv ? store::EnrollmentRepository(tx).Find(inv->enrollment_id) : std::nullopt;
  if (!inv || !e) throw NotFound("survey " + std::to_string(invitation_id) + " does not exist");
  if (!actor.user_id || e->user_id != *actor.user_id) {
    throw Error(ErrorCode::kPermissionDenied, "this survey was sent to someone else");
  }
  return {*inv, *repo.FindWave(inv->wave_id), RequireProgram(tx, inv->program_id), *e};
}

MySurvey ViewMine(store::Transaction& tx, const Loaded& l) {
  store::SurveyRepository repo(tx);
  MySurvey m;
  m.invitation = l.invitation;
  m.program_name = l.program.name;
  m.wave_title = l.wave.title;
  m.submitted = !l.invitation.answered_at.empty();
  m.open = l.wave.status == "open" && tx.now_text() < l.invitation.closes_at &&
           l.program.status != ProgramStatus::kClosed;
  std::optional<SurveyResponse> response = repo.FindResponseOfInvitation(l.invitation.id);
  m.survey = response ? *repo.FindSurvey(response->survey_id) : *repo.Latest(l.wave.series_id);
  if (response) m.answers = response->answers;
  if (m.survey.anonymity == "anonymous" && m.submitted) m.open = false;
  return m;
}

// The agreement words (stats::ParseLikertAnswer) or a number; for a choice
// item the option's number or its text; blank: missing.
std::optional<std::string> CodeImported(const SurveyItem& item, const std::string& text,
                                        const std::string& column, int row) {
  const std::string v(Trim(text));
  if (v.empty()) return std::nullopt;
  if (item.kind == "likert" || item.kind == "matrix") {
    if (item.allow_na && (FoldCase(v) == "na" || FoldCase(v) == "not applicable")) {
      return std::string(kNotApplicable);
    }
    if (item.points == 5) {
      try {
        return std::to_string(*stats::ParseLikertAnswer(v, column, row));
      } catch (const Error&) {
        throw Error(ErrorCode::kInvalidArgument,
                    "\"" + v +
                        "\" is not a Likert answer: use 1-5 or strongly disagree, disagree, "
                        "neutral, agree, strongly agree (any case); leave blank when missing",
                    column, row);
      }
    }
    return v;
  }
  if (item.kind == "single" || item.kind == "multiple") {
    std::vector<int> chosen;
    for (const std::string& part : SplitList(v, item.kind == "multiple" ? ';' : '\n')) {
      int n = 0;
      for (size_t o = 0; o < item.options.size(); ++o) {
        if (FoldCase(item.options[o]) == FoldCase(part) || part == std::to_string(o + 1)) {
          n = static_cast<int>(o + 1);
        }
      }
      if (n == 0) {
        throw Error(ErrorCode::kInvalidArgument, "\"" + part + "\" is not an option of " + column,
                    column, row);
      }
      chosen.push_back(n);
    }
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    std::string out;
    for (int n : chosen) out += (out.empty() ? "" : ",") + std::to_string(n);
    return out;
  }
  return v;
}

}  // namespace

// --- instruments ---

Survey CreateSurvey(store::Database& db, const Actor& actor, std::int64_t program_id,
                    const SurveyInput& input) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "build surveys");
  RequireOpen(program);
  Survey s;
  s.program_id = program_id;
  s.created_by = actor.user_id.value_or(0);
  if (!input.items) throw InvalidArgument("a survey needs at least one item", "items");
  ApplySurvey(s, input);
  store::SurveyRepository repo(tx);
  s.id = repo.InsertSurvey(s);
  AppendAudit(tx, actor, "survey.create", "survey", s.id, program_id, "", SurveyJson(s));
  Survey out = *repo.FindSurvey(s.id);
  tx.Commit();
  return out;
}

Survey UpdateSurvey(store::Database& db, const Actor& actor, std::int64_t survey_id,
                    const SurveyInput& input) {
  store::Transaction tx = db.Begin();
  store::SurveyRepository repo(tx);
  const Survey given = RequireSurvey(tx, survey_id);
  const Program program = RequireProgram(tx, given.program_id);
  RequireCoordinator(AccessTo(tx, actor, program.id), "change surveys");
  RequireOpen(program);
  Survey s = *repo.Latest(given.series_id);
  const Survey before = s;
  int answered = 0;
  for (const Survey& v : repo.ListSurveys(program.id)) {
    if (v.series_id == s.series_id) answered += repo.CountResponses(v.id);
  }
  ApplySurvey(s, input);
  if (answered > 0 && s.anonymity != before.anonymity) {
    throw Error(ErrorCode::kFailedPrecondition,
                "people have answered under \"" + before.anonymity +
                    "\": what they were told stays true (make a new survey instead)",
                "anonymity");
  }
  if (repo.CountResponses(s.id) > 0) {
    s.version = before.version + 1;
    s.created_by = actor.user_id.value_or(0);
    s.id = repo.InsertSurvey(s);
  } else {
    repo.UpdateSurvey(s);
  }
  AppendAudit(tx, actor, "survey.update", "survey", s.id, program.id, SurveyJson(before),
              SurveyJson(s));
  Survey out = *repo.FindSurvey(s.id);
  tx.Commit();
  return out;
}

std::vector<SurveySummary> ListSurveys(store::Database& db, const Actor& actor,
                                       std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see its surveys");
  store::SurveyRepository repo(tx);
  std::map<std::int64_t, SurveySummary> by_series;
  for (Survey& s : repo.ListSurveys(program_id)) {
    SurveySummary& sum = by_series[s.series_id];
    sum.survey = std::move(s);  // versions come in order: the last is the newest
  }
  std::vector<SurveySummary> out;
  for (auto& [series, sum] : by_series) {
    for (const SurveyResponse& r : repo.ListResponsesOfSeries(series)) {
      if (r.status == "submitted") ++sum.responses;
    }
    out.push_back(std::move(sum));
  }
  tx.Commit();
  return out;
}

Survey FindSurvey(store::Database& db, const Actor& actor, std::int64_t program_id,
                  const std::string& id_or_title) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see its surveys");
  store::SurveyRepository repo(tx);
  for (const Survey& v : repo.ListSurveys(program_id)) {
    const Survey latest = *repo.Latest(v.series_id);
    if (std::to_string(v.id) == id_or_title || latest.title == id_or_title) {
      tx.Commit();
      return latest;
    }
  }
  throw NotFound("no survey \"" + id_or_title + "\" in \"" + program.name + "\"");
}

Survey GetSurvey(store::Database& db, const Actor& actor, std::int64_t survey_id) {
  store::Transaction tx = db.Begin(false);
  Survey s = RequireSurvey(tx, survey_id);
  RequireStaff(tx, actor, s.program_id, "see its surveys");
  tx.Commit();
  return s;
}

// --- waves ---

WaveView CreateWave(store::Database& db, const Actor& actor, std::int64_t program_id,
                    const WaveInput& input) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "schedule surveys");
  RequireOpen(program);
  if (!input.survey_id) throw InvalidArgument("survey_id is required", "survey_id");
  SurveyWave w;
  w.program_id = program_id;
  ApplyWave(tx, w, input, false);
  store::SurveyRepository repo(tx);
  w.id = repo.InsertWave(w);
  AppendAudit(tx, actor, "survey_wave.create", "survey_wave", w.id, program_id, "", WaveJson(w));
  tx.Commit();
  if (w.status == "open") RunWave(db, w.id);
  store::Transaction read = db.Begin(false);
  WaveView out = ViewOf(read, *store::SurveyRepository(read).FindWave(w.id));
  read.Commit();
  return out;
}

WaveView UpdateWave(store::Database& db, const Actor& actor, std::int64_t wave_id,
                    const WaveInput& input) {
  store::Transaction tx = db.Begin();
  store::SurveyRepository repo(tx);
  auto w = repo.FindWave(wave_id);
  if (!w) throw NotFound("wave " + std::to_string(wave_id) + " does not exist");
  const Program program = RequireProgram(tx, w->program_id);
  RequireCoordinator(AccessTo(tx, actor, program.id), "schedule surveys");
  RequireOpen(program);
  const std::string before = WaveJson(*w);
  ApplyWave(tx, *w, input, !repo.ListInvitationsOfWave(wave_id).empty());
  repo.UpdateWave(*w);
  AppendAudit(tx, actor, "survey_wave.update", "survey_wave", wave_id, program.id, before,
              WaveJson(*w));
  tx.Commit();
  if (w->status == "open") RunWave(db, wave_id);
  store::Transaction read = db.Begin(false);
  WaveView out = ViewOf(read, *store::SurveyRepository(read).FindWave(wave_id));
  read.Commit();
  return out;
}

std::vector<WaveView> ListWaves(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see its surveys");
  std::vector<WaveView> out;
  for (const SurveyWave& w : store::SurveyRepository(tx).ListWaves(program_id)) {
    out.push_back(ViewOf(tx, w));
  }
  tx.Commit();
  return out;
}

int RunSurveySchedule(store::Database& db, std::optional<std::int64_t> wave_id) {
  if (wave_id) return RunWave(db, *wave_id);
  std::vector<std::int64_t> ids;
  {
    store::Transaction tx = db.Begin(false);
    for (const SurveyWave& w : store::SurveyRepository(tx).ListOpenWaves()) ids.push_back(w.id);
    tx.Commit();
  }
  int sent = 0;
  for (std::int64_t id : ids) sent += RunWave(db, id);
  return sent;
}

// --- answering ---

std::vector<MySurvey> ListMySurveys(store::Database& db, const Actor& actor) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin(false);
  std::vector<MySurvey> out;
  if (!actor.user_id) return out;
  const std::string now = tx.now_text();
  for (const Enrollment& e : store::EnrollmentRepository(tx).ListByUser(*actor.user_id)) {
    if (e.status != EnrollmentStatus::kActive) continue;
    for (const SurveyInvitation& inv : store::SurveyRepository(tx).ListInvitationsOf(e.id)) {
      if (inv.opens_at > now || inv.closes_at <= now) continue;
      MySurvey m = ViewMine(tx, LoadMine(tx, actor, inv.id));
      if (m.open) out.push_back(std::move(m));
    }
  }
  tx.Commit();
  return out;
}

MySurvey GetMySurvey(store::Database& db, const Actor& actor, std::int64_t invitation_id) {
  store::Transaction tx = db.Begin(false);
  MySurvey m = ViewMine(tx, LoadMine(tx, actor, invitation_id));
  tx.Commit();
  return m;
}

MySurvey SaveMyAnswers(store::Database& db, const Actor& actor, std::int64_t invitation_id,
                       const SurveyAnswers& answers, bool submit) {
  store::Transaction tx = db.Begin();
  const Loaded l = LoadMine(tx, actor, invitation_id);
  const MySurvey now = ViewMine(tx, l);
  if (!now.open) {
    throw FailedPrecondition(now.submitted && now.survey.anonymity == "anonymous"
                                 ? "this anonymous survey is answered; answers cannot be changed"
                                 : "this survey is closed");
  }
  const bool anonymous = now.survey.anonymity == "anonymous";
  if (anonymous && !submit) {
    throw Error(ErrorCode::kFailedPrecondition,
                "an anonymous survey keeps no draft: your answers stay in this browser until you "
                "send them",
                "submit");
  }
  std::vector<FieldProblem> problems;
  const SurveyAnswers clean = CheckSurveyAnswers(now.survey.items, answers, submit, problems);
  if (!problems.empty()) {
    throw InvalidArgument(problems.front().message, "answers." + problems.front().field);
  }
  store::SurveyRepository repo(tx);
  SurveyResponse r;
  if (auto existing = repo.FindResponseOfInvitation(invitation_id)) r = *existing;
  r.answers = clean;
  r.status = submit || r.status == "submitted" ? "submitted" : "draft";
  if (r.id) {
    repo.UpdateResponse(r);
  } else {
    r.program_id = l.program.id;
    r.survey_id = now.survey.id;
    r.wave_id = l.wave.id;
    r.source = "app";
    if (!anonymous) {
      r.invitation_id = invitation_id;
      r.enrollment_id = l.person.id;
      r.pair_id = l.invitation.pair_id;
    }
    r.id = repo.InsertResponse(r);
  }
  if (submit && l.invitation.answered_at.empty()) repo.MarkAnswered(invitation_id, anonymous);
  MySurvey out = ViewMine(tx, LoadMine(tx, actor, invitation_id));
  if (anonymous) out.answers.clear();
  tx.Commit();
  return out;
}

// --- export and import ---

int ExportResponses(store::Database& db, const Actor& actor, std::int64_t survey_id,
                    std::ostream& csv) {
  store::Transaction tx = db.Begin(false);
  store::SurveyRepository repo(tx);
  const Survey given = RequireSurvey(tx, survey_id);
  const ProgramAccess access = RequireStaff(tx, actor, given.program_id, "export responses");
  const Survey latest = *repo.Latest(given.series_id);
  const bool identified = latest.anonymity == "identified";
  const bool named = identified && access.coordinator;
  if (!access.evaluator && !named) {
    throw Error(ErrorCode::kPermissionDenied,
                "the answers to a " + latest.anonymity +
                    " survey are for the program's evaluators, without names; coordinators see "
                    "the response rates");
  }
  const bool anonymous = latest.anonymity == "anonymous";
  std::map<std::int64_t, Survey> versions;
  for (Survey& s : repo.ListSurveys(given.program_id)) {
    if (s.series_id == given.series_id) versions.emplace(s.id, std::move(s));
  }
  // The columns of every version, in the newest version's order first.
  std::vector<SurveyItem> items = latest.items;
  std::set<std::string> codes;
  for (const SurveyItem& i : items) codes.insert(i.code);
  for (const auto& [id, v] : versions) {
    for (const SurveyItem& i : v.items) {
      if (codes.insert(i.code).second) items.push_back(i);
    }
  }
  std::vector<std::string> header = {"response_id", "wave_id", "survey_version"};
  if (!anonymous) {
    for (const char* c :
         {"respondent", "pair", "role", "pair_status", "match_score", "meetings_held"}) {
      header.push_back(c);
    }
  }
  if (named) header.insert(header.begin() + 3, {"participant_id", "name"});
  header.push_back(anonymous ? "submitted_on" : "submitted_at");
  for (const std::string& c : SurveyColumns(items)) header.push_back(c);
  WriteCsvRecord(csv, header);
  store::EnrollmentRepository enrollments(tx);
  store::PairRepository pairs(tx);
  std::map<std::int64_t, int> held;  // pair -> meetings held
  if (!anonymous) {
    for (const MeetingLog& l : store::MeetingRepository(tx).ListLogsByProgram(given.program_id)) {
      if (l.held) ++held[l.pair_id];
    }
  }
  std::map<std::int64_t, std::string> respondent, pair_key;
  int rows = 0;
  for (const SurveyResponse& r : repo.ListResponsesOfSeries(given.series_id)) {
    if (r.status != "submitted") continue;
    std::vector<std::string> row = {std::to_string(r.id),
                                    r.wave_id ? std::to_string(*r.wave_id) : "",
                                    std::to_string(versions[r.survey_id].version)};
    if (!anonymous) {
      std::optional<Enrollment> e;
      if (r.enrollment_id) e = enrollments.Find(*r.enrollment_id);
      std::optional<Pair> p;
      if (r.pair_id) p = pairs.Find(*r.pair_id);
      if (named) {
        row.push_back(e ? EscapeFormula(e->participant_id) : "");
        row.push_back(e ? EscapeFormula(e->name) : "");
      }
      std::string who, pk;
      if (r.enrollment_id) {
        who = respondent.emplace(*r.enrollment_id, "R" + std::to_string(respondent.size() + 1))
                  .first->second;
      }
      if (r.pair_id) {
        pk = pair_key.emplace(*r.pair_id, "P" + std::to_string(pair_key.size() + 1)).first->second;
      }
      row.push_back(who);
      row.push_back(pk);
      row.push_back(e ? std::string(RoleName(e->role)) : "");
      row.push_back(p ? std::string(PairStatusName(p->status)) : "");
      row.push_back(p ? std::to_string(p->score) : "");
      row.push_back(p ? std::to_string(held[p->id]) : "");
    }
    row.push_back(r.submitted_at);
    for (std::string& cell : SurveyRow(items, r.answers)) row.push_back(std::move(cell));
    WriteCsvRecord(csv, row);
    ++rows;
  }
  tx.Commit();
  return rows;
}

namespace {

// Hides an item's small cells (stats/disclosure.h). Published sums: the
// responses (every cell), the answers given (the scale or a single choice's
// options), and for scales those agreeing (the top two points) and the rest.
void SuppressSmallCells(ItemResult& item, int k) {
  std::vector<int> cells;
  for (const auto& [label, count] : item.counts) cells.push_back(*count);
  const int options = static_cast<int>(cells.size());
  cells.push_back(*item.missing);
  cells.push_back(*item.not_applicable);
  std::vector<std::vector<int>> sums;
  std::vector<int> all(cells.size()), given(static_cast<size_t>(options));
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  for (int i = 0; i < options; ++i) given[static_cast<size_t>(i)] = i;
  if (item.kind != "multiple") {  // a multiple choice's counts overlap: no sums
    sums.push_back(all);
    sums.push_back(given);
  }
  if (item.kind == "likert" && options >= 2) {
    sums.push_back({options - 2, options - 1});
    sums.push_back(std::vector<int>(given.begin(), given.end() - 2));
  }
  const std::vector<std::optional<int>> shown = stats::Suppress(cells, sums, k);
  for (int i = 0; i < options; ++i)
    item.counts[static_cast<size_t>(i)].second = shown[static_cast<size_t>(i)];
  item.missing = shown[static_cast<size_t>(options)];
  item.not_applicable = shown[static_cast<size_t>(options) + 1];
}

}  // namespace

SurveyResults GetSurveyResults(store::Database& db, const Actor& actor, std::int64_t survey_id,
                               std::optional<std::int64_t> wave_id) {
  store::Transaction tx = db.Begin(false);
  store::SurveyRepository repo(tx);
  const Survey given = RequireSurvey(tx, survey_id);
  const ProgramAccess access = RequireStaff(tx, actor, given.program_id, "see survey results");
  SurveyResults out;
  out.survey = *repo.Latest(given.series_id);
  out.k = store::JourneyRepository(tx).LoadSettings(given.program_id).small_cell_k;
  out.suppressed = !(access.coordinator && out.survey.anonymity == "identified");
  std::vector<SurveyAnswers> answers;
  for (const SurveyResponse& r : repo.ListResponsesOfSeries(given.series_id)) {
    if (r.status != "submitted" || (wave_id && r.wave_id != wave_id)) continue;
    answers.push_back(r.answers);
  }
  std::vector<std::string> names;
  for (const Enrollment& e : store::EnrollmentRepository(tx).List(given.program_id)) {
    names.push_back(e.name);
  }
  tx.Commit();
  out.responses = static_cast<int>(answers.size());
  auto scale = [&](const SurveyItem& item, const std::string& code, const std::string& text) {
    ItemResult res{.code = code, .text = text, .kind = "likert"};
    std::vector<int> counts(static_cast<size_t>(item.points), 0);
    std::vector<double> values;
    for (const SurveyAnswers& a : answers) {
      auto it = a.find(code);
      if (it == a.end()) {
        ++*res.missing;
      } else if (it->second == kNotApplicable) {
        ++*res.not_applicable;
      } else if (auto v = ParseDecimal(it->second); v && *v >= 1 && *v <= item.points) {
        ++counts[static_cast<size_t>(*v) - 1];
        values.push_back(*v);
      }
    }
    for (size_t p = 0; p < counts.size(); ++p) {
      res.counts.push_back(
          {p < item.labels.size() ? item.labels[p] : std::to_string(p + 1), counts[p]});
    }
    res.answered = static_cast<int>(values.size());
    if (!values.empty()) {
      res.median = stats::Quantile(values, 0.5);
      res.q1 = stats::Quantile(values, 0.25);
      res.q3 = stats::Quantile(values, 0.75);
      const double top = item.points - 1;
      res.percent_agree =
          100.0 * std::count_if(values.begin(), values.end(), [&](double v) { return v >= top; }) /
          static_cast<double>(values.size());
    }
    return res;
  };
  for (const SurveyItem& item : out.survey.items) {
    if (item.kind == "likert") {
      out.items.push_back(scale(item, item.code, item.text));
      continue;
    }
    if (item.kind == "matrix") {
      for (const MatrixRow& r : item.rows) {
        out.items.push_back(scale(item, r.code, item.text + " — " + r.text));
      }
      continue;
    }
    ItemResult res{.code = item.code, .text = item.text, .kind = item.kind};
    std::vector<int> counts(item.options.size(), 0);
    std::vector<double> numbers;
    for (const SurveyAnswers& a : answers) {
      auto it = a.find(item.code);
      if (it == a.end()) {
        ++*res.missing;
        continue;
      }
      ++res.answered;
      if (item.kind == "long_text") {
        res.texts.push_back(RedactIdentifiers(it->second, names));
      }
      if (item.kind == "single" || item.kind == "multiple") {
        for (const std::string& part : SplitList(it->second, ',')) {
          const auto v = ParseDecimal(part);
          if (v && *v >= 1 && *v <= static_cast<double>(counts.size())) {
            ++counts[static_cast<size_t>(*v) - 1];
          }
        }
      } else if (item.kind == "number") {
        if (auto v = ParseDecimal(it->second)) numbers.push_back(*v);
      }
    }
    for (size_t o = 0; o < counts.size(); ++o) res.counts.push_back({item.options[o], counts[o]});
    if (!numbers.empty()) {
      double sum = 0;
      for (double v : numbers) sum += v;
      res.mean = sum / static_cast<double>(numbers.size());
      res.median = stats::Quantile(numbers, 0.5);
      res.q1 = stats::Quantile(numbers, 0.25);
      res.q3 = stats::Quantile(numbers, 0.75);
    }
    if (res.answered < out.k && out.suppressed) res.texts.clear();
    std::sort(res.texts.begin(), res.texts.end());  // no order to link answers by
    out.items.push_back(std::move(res));
  }
  if (out.suppressed) {
    for (ItemResult& item : out.items) SuppressSmallCells(item, out.k);
  }
  return out;
}

namespace {

// The 5-point scales (Likert items and matrix rows) of every version of a
// series, by code.
std::set<std::string> FivePointScales(store::SurveyRepository& repo, std::int64_t program_id,
                                      std::int64_t series_id) {
  std::set<std::string> scales;
  for (const Survey& v : repo.ListSurveys(program_id)) {
    if (v.series_id != series_id) continue;
    for (const SurveyItem& i : v.items) {
      if (i.points != 5) continue;
      if (i.kind == "likert") scales.insert(i.code);
      if (i.kind == "matrix") {
        for (const MatrixRow& r : i.rows) scales.insert(r.code);
      }
    }
  }
  return scales;
}

// The mode (core/meeting.h: video, phone, in_person) of most of each pair's
// held meetings — meetings scheduled in Tandem that either member logged as
// held — or "mixed" when two modes tie for most. Meetings logged without
// being scheduled have no mode and do not count; a pair with no held
// scheduled meeting is absent.
std::map<std::int64_t, std::string> MainMeetingModes(store::Transaction& tx,
                                                     std::int64_t program_id) {
  store::MeetingRepository repo(tx);
  std::set<std::int64_t> held;
  for (const MeetingLog& l : repo.ListLogsByProgram(program_id)) {
    if (l.held && l.meeting_id) held.insert(*l.meeting_id);
  }
  std::map<std::int64_t, std::map<std::string, int>> counts;  // pair -> mode -> meetings
  for (const Meeting& m : repo.ListByProgram(program_id)) {
    if (held.count(m.id)) ++counts[m.pair_id][std::string(MeetingFormatName(m.mode))];
  }
  std::map<std::int64_t, std::string> out;
  for (const auto& [pair_id, by_mode] : counts) {
    int most = 0;
    for (const auto& [mode, n] : by_mode) {
      if (n > most) {
        most = n;
        out[pair_id] = mode;
      } else if (n == most) {
        out[pair_id] = "mixed";
      }
    }
  }
  return out;
}

// A scale's answer; none when missing or "not applicable".
std::optional<int> ScaleAnswer(const SurveyAnswers& answers, const std::string& code) {
  auto it = answers.find(code);
  if (it == answers.end() || it->second == kNotApplicable) return std::nullopt;
  if (auto n = ParseDecimal(it->second)) return static_cast<int>(*n);
  return std::nullopt;
}

}  // namespace

stats::AssociationReport AssociateSurveyItems(store::Database& db, const Actor& actor,
                                              std::int64_t survey_id, const std::string& predictor,
                                              const std::vector<std::string>& outcomes,
                                              const stats::AssociationOptions& options,
                                              std::optional<std::int64_t> wave_id) {
  store::Transaction tx = db.Begin(false);
  store::SurveyRepository repo(tx);
  const Survey given = RequireSurvey(tx, survey_id);
  const ProgramAccess access = RequireStaff(tx, actor, given.program_id, "analyse survey answers");
  const std::set<std::string> scales = FivePointScales(repo, given.program_id, given.series_id);
  std::vector<SurveyAnswers> answers;
  std::vector<std::optional<std::int64_t>> pair_of;    // each response's pair
  std::vector<std::optional<std::int64_t>> person_of;  // each response's enrollment
  for (const SurveyResponse& r : repo.ListResponsesOfSeries(given.series_id)) {
    if (r.status == "submitted" && (!wave_id || r.wave_id == wave_id)) {
      answers.push_back(r.answers);
      pair_of.push_back(r.pair_id);
      person_of.push_back(r.enrollment_id);
    }
  }
  const Survey latest = *repo.Latest(given.series_id);
  // A grouping of the respondents as predictor: their own background
  // attribute ("gender"), or the mode of most of their pair's meetings.
  std::optional<stats::CategoricalPredictor> category;
  int k = 5;
  const bool background = predictor.rfind("background.", 0) == 0;
  const bool meeting_mode = predictor == "pair.meeting_mode";
  if (background || meeting_mode) {
    const std::string key = background ? predictor.substr(11) : "";
    if (background && key.empty()) {
      throw InvalidArgument("name the attribute: background.<key>", "predictor");
    }
    if (latest.anonymity == "anonymous") {
      throw Error(ErrorCode::kFailedPrecondition,
                  std::string("anonymous answers are not linked to a ") +
                      (background ? "person" : "pair") + ": choose an item as predictor",
                  "predictor");
    }
    category = stats::CategoricalPredictor{predictor, {}};
    if (background) {
      store::ParticipantRepository people(tx);
      std::map<std::int64_t, std::optional<std::string>> value_of;
      for (const auto& person : person_of) {
        std::optional<std::string> v;
        if (person) {
          auto it = value_of.find(*person);
          if (it == value_of.end()) {
            std::optional<std::string> found;
            if (const auto profile = people.LoadProfile(*person)) {
              for (const BackgroundTag& t : profile->background) {
                if (t.key == key) found = t.value;
              }
            }
            it = value_of.emplace(*person, found).first;
          }
          v = it->second;
        }
        category->values.push_back(v);
      }
    } else {
      const std::map<std::int64_t, std::string> modes = MainMeetingModes(tx, given.program_id);
      for (const auto& pair : pair_of) {
        auto it = pair ? modes.find(*pair) : modes.end();
        category->values.push_back(it == modes.end() ? std::nullopt
                                                     : std::optional<std::string>(it->second));
      }
      if (std::none_of(category->values.begin(), category->values.end(),
                       [](const auto& v) { return v.has_value(); })) {
        throw InvalidArgument(
            "no respondent's pair held a meeting scheduled in Tandem (only those have a mode): "
            "choose another predictor",
            "predictor");
      }
    }
    k = store::JourneyRepository(tx).LoadSettings(given.program_id).small_cell_k;
  }
  // A pair measure as predictor: the respondent's pair's value.
  std::optional<stats::NumericPredictor> measure;
  if (predictor.rfind("pair.", 0) == 0 && !meeting_mode) {
    const std::string what = predictor.substr(5);
    if (what != "match_score" && what != "meetings_held" && what != "meeting_adherence") {
      throw InvalidArgument(
          "a pair measure is pair.match_score, pair.meetings_held, pair.meeting_adherence or "
          "pair.meeting_mode",
          "predictor");
    }
    if (repo.Latest(given.series_id)->anonymity == "anonymous") {
      throw Error(ErrorCode::kFailedPrecondition,
                  "anonymous answers are not linked to a pair: choose an item as predictor",
                  "predictor");
    }
    const Program program = RequireProgram(tx, given.program_id);
    std::map<std::int64_t, double> score;
    for (const Pair& p : store::PairRepository(tx).ListByProgram(program.id)) score[p.id] = p.score;
    const auto lives = MeetingsOverPairLives(tx, program);
    measure = stats::NumericPredictor{predictor, {}};
    for (const auto& pair : pair_of) {
      std::optional<double> v;
      if (pair && what == "match_score" && score.count(*pair)) v = score[*pair];
      if (pair && what != "match_score" && lives.count(*pair)) {
        const calendar::PairHealth& h = lives.at(*pair);
        if (what == "meetings_held") v = h.held;
        if (what == "meeting_adherence") {
          v = h.expected > 0 ? std::min(1.0, static_cast<double>(h.held) / h.expected) : 1.0;
        }
      }
      measure->values.push_back(v);
    }
  }
  tx.Commit();
  auto item = [&](const std::string& code, const char* field) {
    if (!scales.count(code)) {
      throw InvalidArgument(code + " is not a 5-point Likert item of this survey", field);
    }
    stats::LikertItem out{code, {}};
    for (const SurveyAnswers& a : answers) out.answers.push_back(ScaleAnswer(a, code));
    return out;
  };
  if (outcomes.empty()) throw InvalidArgument("name at least one outcome", "outcomes");
  stats::AssociationReport report{.predictor = predictor,
                                  .agree_min = options.agree_min,
                                  .respondents = static_cast<int>(answers.size())};
  std::vector<stats::LikertItem> o;
  for (const std::string& code : outcomes) o.push_back(item(code, "outcomes"));
  if (category) {
    try {
      report.results = stats::AnalyzeCategoricalAssociation(*category, o, options);
    } catch (const Error& e) {
      // "needs respondents in two categories or more" is about the predictor.
      if (e.field() != predictor) throw;
      throw Error(e.code(), e.message(), "predictor");
    }
    // A small group (of a background attribute, or of pairs meeting one
    // way) is who it is: outside a coordinator's identified survey, a table
    // with a cell under k is not shown (the tests use it all the same).
    if (!(access.coordinator && latest.anonymity == "identified")) {
      for (stats::OutcomeAssociation& r : report.results) {
        bool small = false;
        for (const auto& row : r.table) {
          for (std::int64_t cell : row) small = small || cell < k;
        }
        if (small) {
          r.table.clear();
          r.warnings.push_back("the table is not shown: a cell describes fewer than " +
                               std::to_string(k) + " people");
        }
      }
    }
    return report;
  }
  if (measure) {
    report.results = stats::AnalyzeNumericAssociation(*measure, o, options);
    return report;
  }
  report.results = stats::AnalyzeAssociation(item(predictor, "predictor"), o, options);
  return report;
}

PrePostReport ComparePrePost(store::Database& db, const Actor& actor, std::int64_t program_id,
                             const std::string& item, std::int64_t before_wave,
                             std::int64_t after_wave, int agree_min) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "analyse survey answers");
  if (agree_min < 1 || agree_min > 5) throw InvalidArgument("agree_min is 1 to 5", "agree_min");
  if (before_wave == after_wave) {
    throw InvalidArgument("compare two different waves", "after_wave");
  }
  store::SurveyRepository repo(tx);
  // Each wave's answers by person.
  const auto answers_of = [&](std::int64_t wave_id, const char* field) {
    const std::optional<SurveyWave> w = repo.FindWave(wave_id);
    if (!w || w->program_id != program_id) {
      throw InvalidArgument("wave " + std::to_string(wave_id) + " is not this program's", field);
    }
    const Survey latest = *repo.Latest(w->series_id);
    if (latest.anonymity == "anonymous") {
      throw Error(ErrorCode::kFailedPrecondition,
                  "\"" + latest.title + "\" is anonymous: its answers cannot be paired by person",
                  field);
    }
    if (!FivePointScales(repo, program_id, w->series_id).count(item)) {
      throw InvalidArgument(item + " is not a 5-point Likert item of \"" + latest.title + "\"",
                            "item");
    }
    std::map<std::int64_t, std::optional<int>> by_person;
    for (const SurveyResponse& r : repo.ListResponsesOfSeries(w->series_id)) {
      if (r.status != "submitted" || r.wave_id != wave_id || !r.enrollment_id) continue;
      by_person[*r.enrollment_id] = ScaleAnswer(r.answers, item);  // the latest counts
    }
    return by_person;
  };
  const auto before = answers_of(before_wave, "before_wave");
  const auto after = answers_of(after_wave, "after_wave");
  tx.Commit();
  PrePostReport report{
      .item = item, .before_wave = before_wave, .after_wave = after_wave, .agree_min = agree_min};
  std::vector<double> first, second;
  report.agreement = {{0, 0}, {0, 0}};
  for (const auto& [person, answer] : before) {
    auto it = after.find(person);
    if (!answer || it == after.end() || !it->second) continue;
    first.push_back(*answer);
    second.push_back(*it->second);
    ++report.agreement[*answer >= agree_min ? 0 : 1][*it->second >= agree_min ? 0 : 1];
    if (*it->second > *answer) ++report.improved;
    if (*it->second < *answer) ++report.worsened;
    if (*it->second == *answer) ++report.unchanged;
  }
  report.paired = static_cast<int>(first.size());
  for (const auto& [person, answer] : before) {
    if (answer && (!after.count(person) || !after.at(person))) ++report.only_before;
  }
  for (const auto& [person, answer] : after) {
    if (answer && (!before.count(person) || !before.at(person))) ++report.only_after;
  }
  if (first.empty()) {
    throw InvalidArgument("nobody answered " + item + " in both waves", "after_wave");
  }
  report.median_before = stats::Quantile(first, 0.5);
  report.median_after = stats::Quantile(second, 0.5);
  report.wilcoxon = stats::WilcoxonSignedRank(first, second);
  report.mcnemar = stats::McNemarTest(report.agreement);
  return report;
}

void ExportDictionary(store::Database& db, const Actor& actor, std::int64_t survey_id,
                      std::ostream& csv) {
  store::Transaction tx = db.Begin(false);
  const Survey given = RequireSurvey(tx, survey_id);
  RequireStaff(tx, actor, given.program_id, "export a survey's dictionary");
  const Survey latest = *store::SurveyRepository(tx).Latest(given.series_id);
  std::string form;
  for (char c : ToLower(latest.title)) {
    form += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
  }
  WriteRedcapDictionary(csv, latest.items, form.empty() ? "survey" : form);
  tx.Commit();
}

ResponseImportReport ImportResponses(store::Database& db, const Actor& actor,
                                     std::int64_t program_id, const ResponseImport& what,
                                     std::istream& csv) {
  ResponseImportReport report;
  store::Transaction tx = db.Begin();
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "import responses");
  CsvReader reader(csv);
  std::vector<std::string> header;
  if (!ReadCsvHeader(reader, header, report.errors)) return report;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> row_numbers;
  try {
    std::vector<std::string> fields;
    while (reader.Next(fields)) {
      rows.push_back(fields);
      row_numbers.push_back(reader.record());
    }
  } catch (const Error& e) {
    report.errors.push_back({e.row(), "", e.message()});
    return report;
  }
  report.rows = static_cast<int>(rows.size());
  int id_column = -1;
  for (size_t c = 0; c < header.size(); ++c) {
    if (ToLower(header[c]) == "participant_id") id_column = static_cast<int>(c);
  }
  store::SurveyRepository repo(tx);
  Survey survey;
  if (!what.create_title.empty()) {
    // Each column an item: Likert when every answer is, text otherwise.
    survey.program_id = program_id;
    survey.title = what.create_title;
    survey.anonymity = id_column >= 0 ? "confidential" : "anonymous";
    survey.created_by = actor.user_id.value_or(0);
    for (size_t c = 0; c < header.size(); ++c) {
      if (static_cast<int>(c) == id_column) continue;
      SurveyItem item;
      item.code = ToLower(header[c]);
      item.text = header[c];
      item.kind = "likert";
      for (size_t r = 0; r < rows.size(); ++r) {
        const std::string cell = c < rows[r].size() ? rows[r][c] : "";
        try {
          stats::ParseLikertAnswer(cell, header[c], row_numbers[r]);
        } catch (const Error&) {
          item.kind = "long_text";
          break;
        }
      }
      survey.items.push_back(item);
    }
    try {
      ApplySurvey(survey, {});
    } catch (const Error& e) {
      report.errors.push_back({1, e.field(), e.message()});
      return report;
    }
    survey.id = repo.InsertSurvey(survey);
    survey = *repo.FindSurvey(survey.id);
  } else {
    if (!what.survey_id) throw InvalidArgument("name the survey, or create one", "survey_id");
    const Survey given = RequireSurvey(tx, *what.survey_id);
    if (given.program_id != program_id) {
      throw InvalidArgument("survey " + std::to_string(*what.survey_id) + " is not this program's",
                            "survey_id");
    }
    survey = *repo.Latest(given.series_id);
  }
  if (what.wave_id) {
    const auto w = repo.FindWave(*what.wave_id);
    if (!w || w->series_id != survey.series_id) {
      throw InvalidArgument("wave " + std::to_string(*what.wave_id) + " is not this survey's",
                            "wave_id");
    }
  }
  // Which item (or matrix) each column answers.
  std::map<std::string, const SurveyItem*> by_code;
  for (const SurveyItem& i : survey.items) {
    by_code[i.code] = &i;
    for (const MatrixRow& r : i.rows) by_code[r.code] = &i;
  }
  std::vector<const SurveyItem*> column_item(header.size(), nullptr);
  for (size_t c = 0; c < header.size(); ++c) {
    if (static_cast<int>(c) == id_column) continue;
    auto it = by_code.find(ToLower(header[c]));
    if (it == by_code.end()) {
      report.errors.push_back({1, header[c], "the survey has no item " + ToLower(header[c])});
    } else {
      column_item[c] = it->second;
    }
  }
  if (!report.errors.empty()) return report;
  store::EnrollmentRepository enrollments(tx);
  std::vector<SurveyResponse> responses;
  std::set<std::int64_t> seen;
  for (size_t r = 0; r < rows.size(); ++r) {
    const int row = row_numbers[r];
    SurveyResponse response;
    response.program_id = program_id;
    response.survey_id = survey.id;
    response.wave_id = what.wave_id;
    response.status = "submitted";
    response.source = "import";
    SurveyAnswers raw;
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string cell = c < rows[r].size() ? rows[r][c] : "";
      if (static_cast<int>(c) == id_column) {
        const std::string id(Trim(UnescapeFormula(cell)));
        if (id.empty() || survey.anonymity == "anonymous") continue;
        std::optional<Enrollment> e = enrollments.FindByParticipantId(program_id, id);
        if (!e) {
          report.errors.push_back({row, header[c], "no participant " + id + " in this program"});
        } else if (!seen.insert(e->id).second) {
          report.errors.push_back({row, header[c], "participant " + id + " answers twice"});
        } else {
          response.enrollment_id = e->id;
          for (const Pair& p : store::PairRepository(tx).ListByMember(e->id)) {
            if (p.status == PairStatus::kActive || p.status == PairStatus::kCompleted) {
              response.pair_id = p.id;
            }
          }
        }
        continue;
      }
      try {
        if (auto v =
                CodeImported(*column_item[c], std::string(UnescapeFormula(cell)), header[c], row)) {
          raw[ToLower(header[c])] = *v;
        }
      } catch (const Error& e) {
        report.errors.push_back({row, header[c], e.message()});
      }
    }
    std::vector<FieldProblem> problems;
    response.answers = CheckSurveyAnswers(survey.items, raw, false, problems);
    for (const FieldProblem& p : problems) report.errors.push_back({row, p.field, p.message});
    responses.push_back(std::move(response));
  }
  if (!report.errors.empty()) return report;  // the transaction rolls back
  for (const SurveyResponse& r : responses) repo.InsertResponse(r);
  report.imported = static_cast<int>(responses.size());
  report.survey_id = survey.id;
  AppendAudit(tx, actor, "survey.import", "survey", survey.id, program_id, "",
              json{{"rows", report.rows}, {"imported", report.imported}}.dump());
  tx.Commit();
  return report;
}

}  // namespace tandem::service
