#include "service/journey.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/csv.h"
#include "core/error.h"
#include "core/program.h"
#include "core/text.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/pair_scope.h"
#include "service/programs.h"
#include "store/enrollment_repository.h"
#include "store/journey_repository.h"
#include "store/pair_repository.h"

namespace tandem::service {
namespace {

using nlohmann::json;

std::string Required(const std::string& value, const std::string& field, size_t max) {
  std::string v(Trim(value));
  if (v.empty()) throw InvalidArgument(field + " is required", field);
  CheckText(v, field, max);
  return v;
}

// Members change their pair's records; coordinators read them.
void RequireMember(const PairScope& scope, const char* what) {
  if (scope.side == Side::kNone) {
    throw Error(ErrorCode::kPermissionDenied, std::string("only the pair's members can ") + what);
  }
}

void RequireActive(const PairScope& scope, const char* what) {
  RequireOpen(scope.program);
  if (scope.pair.status != PairStatus::kActive) {
    throw FailedPrecondition("pair " + std::to_string(scope.pair.id) + " is " +
                             std::string(PairStatusName(scope.pair.status)) +
                             "; only an active pair " + what);
  }
}

std::string PairLink(std::int64_t pair_id) {
  return PublicBaseUrl() + "/pairs/" + std::to_string(pair_id);
}

// --- settings ---

std::vector<std::string> EffectiveFields(const JourneySettings& s) {
  if (!s.career_fields.empty()) return s.career_fields;
  return {std::begin(kDefaultCareerFields), std::end(kDefaultCareerFields)};
}

JourneySettingsView ViewOf(JourneySettings s) {
  JourneySettingsView v;
  v.default_template = s.agreement_template.empty();
  if (v.default_template) s.agreement_template = std::string(DefaultAgreementTemplate());
  s.career_fields = EffectiveFields(s);
  v.settings = std::move(s);
  return v;
}

std::string SettingsJson(const JourneySettings& s) {
  json j{{"agreement_version", s.agreement_version},
         {"career_fields", s.career_fields},
         {"small_cell_k", s.small_cell_k}};
  if (s.retention) {
    j["retention"] = {{"label", s.retention->label},
                      {"fields", s.retention->fields},
                      {"months_after_end", s.retention->months_after_end}};
  }
  return j.dump();
}

void ValidateIndicator(RetentionIndicator& r, const std::vector<std::string>& fields) {
  r.label = std::string(Trim(r.label));
  if (r.label.empty()) r.label = "Stayed in the field";
  CheckText(r.label, "retention.label", 200);
  if (r.fields.empty()) {
    throw InvalidArgument("name at least one career field the indicator counts",
                          "retention.fields");
  }
  for (const std::string& f : r.fields) {
    if (std::find(fields.begin(), fields.end(), f) == fields.end()) {
      throw InvalidArgument("\"" + f + "\" is not one of the program's career fields",
                            "retention.fields");
    }
  }
  for (const std::string& s : r.settings) CheckOneOf(s, kPositionSettings, "retention.settings");
  for (std::string& w : r.title_words) {
    w = std::string(Trim(w));
    CheckText(w, "retention.title_words", 100);
  }
  std::erase(r.title_words, std::string());
  if (r.months_after_end < 0 || r.months_after_end > 120) {
    throw InvalidArgument("months_after_end is 0 to 120", "retention.months_after_end");
  }
}

// --- agreements ---

AgreementView AgreementViewOf(store::Transaction& tx, const PairScope& scope) {
  AgreementView v;
  const JourneySettingsView settings =
      ViewOf(store::JourneyRepository(tx).LoadSettings(scope.program.id));
  v.template_text = settings.settings.agreement_template;
  v.template_version = settings.settings.agreement_version;
  v.agreement.pair_id = scope.pair.id;
  v.agreement.template_version = v.template_version;
  if (auto a = store::JourneyRepository(tx).FindAgreement(scope.pair.id)) v.agreement = *a;
  v.mentor_name = scope.pair.mentor_name;
  v.mentee_name = scope.pair.mentee_name;
  return v;
}

std::string AgreementJson(const Agreement& a) {
  return json{{"revision", a.revision},
              {"template_version", a.template_version},
              {"mentor_signed", a.mentor && a.mentor->revision == a.revision},
              {"mentee_signed", a.mentee && a.mentee->revision == a.revision}}
      .dump();
}

// Collapses runs of spaces and lowers case: how typed names are compared.
std::string NameKey(std::string_view name) {
  std::string out;
  for (char c : Trim(name)) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return FoldCase(out);
}

// --- goals and projects ---

void ApplyGoal(Goal& g, const GoalInput& in) {
  if (in.title) g.title = Required(*in.title, "title", 300);
  if (in.category) g.category = std::string(Trim(*in.category));
  CheckOneOf(g.category, kGoalCategories, "category");
  if (in.success) {
    g.success = std::string(Trim(*in.success));
    CheckText(g.success, "success", 2000, true);
  }
  if (in.target_on) g.target_on = std::string(Trim(*in.target_on));
  CheckOptionalDate(g.target_on, "target_on");
  if (in.status) g.status = std::string(Trim(*in.status));
  CheckOneOf(g.status, kGoalStatuses, "status");
  if (in.is_private) g.is_private = *in.is_private;
  if (in.milestones) {
    if (in.milestones->size() > 50) throw InvalidArgument("at most 50 milestones", "milestones");
    g.milestones.clear();
    for (const Milestone& m : *in.milestones) {
      Milestone clean{std::string(Trim(m.title)), std::string(Trim(m.due_on)), m.done};
      if (clean.title.empty()) throw InvalidArgument("every milestone needs a title", "milestones");
      CheckText(clean.title, "milestones", 300);
      if (!clean.due_on.empty() && !IsIsoDate(clean.due_on)) {
        throw InvalidArgument("a milestone's due_on is a date YYYY-MM-DD", "milestones");
      }
      g.milestones.push_back(std::move(clean));
    }
  }
  if (g.title.empty()) throw InvalidArgument("title is required", "title");
}

std::string GoalJson(const Goal& g) {
  return json{{"title", g.is_private ? "(private)" : g.title},
              {"category", g.category},
              {"status", g.status},
              {"private", g.is_private}}
      .dump();
}

struct GoalScope {
  Goal goal;
  PairScope pair;
};

GoalScope LoadGoal(store::Transaction& tx, const Actor& actor, std::int64_t goal_id) {
  auto g = store::JourneyRepository(tx).FindGoal(goal_id);
  if (!g) throw NotFound("goal " + std::to_string(goal_id) + " does not exist");
  GoalScope s{*g, ScopeOf(tx, actor, g->pair_id, store::RowLock::kForUpdate, "see its goals")};
  if (g->is_private && s.pair.side == Side::kNone) {
    throw NotFound("goal " + std::to_string(goal_id) + " does not exist");
  }
  return s;
}

void ApplyProject(Project& p, const ProjectInput& in) {
  if (in.title) p.title = Required(*in.title, "title", 300);
  if (in.type) p.type = std::string(Trim(*in.type));
  CheckOneOf(p.type, kProjectTypes, "type");
  if (in.status) p.status = std::string(Trim(*in.status));
  CheckOneOf(p.status, kProjectStatuses, "status");
  if (in.starts_on) p.starts_on = std::string(Trim(*in.starts_on));
  if (in.ends_on) p.ends_on = std::string(Trim(*in.ends_on));
  CheckOptionalDate(p.starts_on, "starts_on");
  CheckOptionalDate(p.ends_on, "ends_on");
  if (!p.starts_on.empty() && !p.ends_on.empty() && p.ends_on < p.starts_on) {
    throw InvalidArgument("ends_on comes before starts_on", "ends_on");
  }
  if (in.lead) p.lead = std::string(Trim(*in.lead));
  if (!p.lead.empty() && p.lead != "mentor" && p.lead != "mentee") {
    throw InvalidArgument("lead is mentor, mentee or empty (both)", "lead");
  }
  if (in.description) {
    p.description = *in.description;
    CheckText(p.description, "description", 5000, true);
  }
  if (p.title.empty()) throw InvalidArgument("title is required", "title");
}

std::string ProjectJson(const Project& p) {
  return json{{"title", p.title}, {"type", p.type}, {"status", p.status}}.dump();
}

// A member may record projects and read them; coordinators too.
PairScope ProjectScope(store::Transaction& tx, const Actor& actor, std::int64_t pair_id) {
  return ScopeOf(tx, actor, pair_id, store::RowLock::kForUpdate, "see its projects");
}

struct ProjectInPair {
  Project project;
  PairScope pair;
};

// Project `project_id` (kNotFound) with its pair's scope for the actor,
// refused unless the pair is active.
ProjectInPair LoadProject(store::Transaction& tx, const Actor& actor, std::int64_t project_id,
                          const char* what) {
  auto p = store::JourneyRepository(tx).FindProject(project_id);
  if (!p) throw NotFound("project " + std::to_string(project_id) + " does not exist");
  ProjectInPair out{*p, ProjectScope(tx, actor, p->pair_id)};
  RequireActive(out.pair, what);
  return out;
}

// --- outputs and positions ---

// Who the actor is to a person of the program.
struct PersonAccess {
  ProgramAccess access;
  Enrollment person;
  bool self = false;
  bool partner = false;
};

PersonAccess AccessToPerson(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                            std::int64_t enrollment_id, const char* what) {
  PersonAccess pa;
  pa.access = AccessTo(tx, actor, program_id);
  auto e = store::EnrollmentRepository(tx).Find(enrollment_id);
  if (!e || e->program_id != program_id || (e->role != Role::kMentor && e->role != Role::kMentee)) {
    throw InvalidArgument(
        "person " + std::to_string(enrollment_id) + " is not a mentor or mentee of this program",
        "person_id");
  }
  pa.person = *e;
  pa.self = pa.access.Owns(enrollment_id);
  if (!pa.self && !pa.access.coordinator) {
    std::vector<std::int64_t> own = pa.access.mentor_enrollments;
    own.insert(own.end(), pa.access.mentee_enrollments.begin(), pa.access.mentee_enrollments.end());
    pa.partner = store::EnrollmentRepository(tx).PartnersOf(own).count(enrollment_id) > 0;
  }
  if (!pa.self && !pa.partner && !pa.access.coordinator) {
    throw Error(
        ErrorCode::kPermissionDenied,
        std::string("only the person, their partner and the program's coordinators can ") + what);
  }
  return pa;
}

// AccessToPerson, refused to the partner: a person's own record that only
// they and the program's coordinators may `what`.
PersonAccess AccessToOwnRecord(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                               std::int64_t enrollment_id, const char* what) {
  PersonAccess pa = AccessToPerson(tx, actor, program_id, enrollment_id, what);
  if (!pa.self && !pa.access.coordinator) {
    throw Error(ErrorCode::kPermissionDenied,
                std::string("only the person and the program's coordinators can ") + what);
  }
  return pa;
}

std::string OutputJson(const Output& o) {
  return json{{"kind", o.kind}, {"title", o.title}, {"doi", o.doi}, {"pmid", o.pmid}}.dump();
}

// Fills the pair from the person when missing, and checks pair and project.
struct OutputInProgram {
  Output output;
  Program program;
};

// Output `output_id` (kNotFound) that the actor may `what` (AccessToPerson),
// refused once its program is closed.
OutputInProgram LoadOutput(store::Transaction& tx, const Actor& actor, std::int64_t output_id,
                           const char* what) {
  auto o = store::JourneyRepository(tx).FindOutput(output_id);
  if (!o) throw NotFound("output " + std::to_string(output_id) + " does not exist");
  OutputInProgram out{*o, RequireProgram(tx, o->program_id)};
  AccessToPerson(tx, actor, out.program.id, o->enrollment_id, what);
  RequireOpen(out.program);
  return out;
}

void LinkOutput(store::Transaction& tx, Output& o) {
  store::PairRepository pairs(tx);
  if (o.pair_id) {
    auto p = pairs.Find(*o.pair_id);
    if (!p || p->program_id != o.program_id ||
        (p->mentor_enrollment_id != o.enrollment_id &&
         p->mentee_enrollment_id != o.enrollment_id)) {
      throw InvalidArgument("pair " + std::to_string(*o.pair_id) + " is not this person's pair",
                            "pair_id");
    }
  } else {
    for (const Pair& p : pairs.ListByMember(o.enrollment_id)) {
      if (p.status == PairStatus::kActive || p.status == PairStatus::kCompleted) {
        o.pair_id = p.id;
        break;
      }
    }
  }
  if (o.project_id) {
    auto project = store::JourneyRepository(tx).FindProject(*o.project_id);
    if (!project || !o.pair_id || project->pair_id != *o.pair_id) {
      throw InvalidArgument("project " + std::to_string(*o.project_id) + " is not this pair's",
                            "project_id");
    }
  }
}

void RejectDuplicate(store::Transaction& tx, const Output& o) {
  auto dup = store::JourneyRepository(tx).FindDuplicateOutput(o.enrollment_id, o.doi, o.pmid, o.id);
  if (!dup) return;
  const bool by_doi = !o.doi.empty() && dup->doi == o.doi;
  throw Error(ErrorCode::kConflict,
              std::string("this person already recorded \"") + dup->title + "\" with the same " +
                  (by_doi ? "DOI " + o.doi : "PMID " + o.pmid) + " (output " +
                  std::to_string(dup->id) + ")",
              by_doi ? "doi" : "pmid");
}

const std::vector<std::string>& OutputColumns() {
  static const std::vector<std::string> columns = {
      "email",    "role",         "kind",      "title",   "year",          "authors",   "journal",
      "doi",      "pmid",         "meeting",   "format",  "funder",        "mechanism", "amount",
      "currency", "grant_status", "starts_on", "ends_on", "awarding_body", "notes"};
  return columns;
}

std::vector<std::string> OutputRow(const Output& o, const Enrollment& person) {
  char amount[64] = "";
  if (o.amount) std::snprintf(amount, sizeof amount, "%.2f", *o.amount);
  std::vector<std::string> row = {person.email,
                                  std::string(RoleName(person.role)),
                                  o.kind,
                                  o.title,
                                  o.year ? std::to_string(*o.year) : "",
                                  o.authors,
                                  o.journal,
                                  o.doi,
                                  o.pmid,
                                  o.meeting,
                                  o.format,
                                  o.funder,
                                  o.mechanism,
                                  amount,
                                  o.currency,
                                  o.grant_status,
                                  o.starts_on,
                                  o.ends_on,
                                  o.awarding_body,
                                  o.notes};
  for (std::string& cell : row) cell = EscapeFormula(cell);
  return row;
}

std::string PositionJson(const Position& p) {
  return json{
      {"title", p.title}, {"field", p.field}, {"setting", p.setting}, {"starts_on", p.starts_on}}
      .dump();
}

}  // namespace

Retention ComputeRetention(store::Transaction& tx, const Program& program) {
  Retention r;
  r.indicator = store::JourneyRepository(tx).LoadSettings(program.id).retention;
  std::unordered_map<std::int64_t, std::vector<Position>> by_person;
  for (Position& p : store::JourneyRepository(tx).ListPositionsByProgram(program.id)) {
    by_person[p.enrollment_id].push_back(std::move(p));
  }
  for (const Enrollment& e : store::EnrollmentRepository(tx).List(program.id)) {
    if ((e.role != Role::kMentor && e.role != Role::kMentee) ||
        e.status != EnrollmentStatus::kActive) {
      continue;
    }
    RetentionPerson person{e.id, e.name, std::string(RoleName(e.role)), by_person[e.id], false};
    if (r.indicator) {
      for (const Position& p : person.positions) {
        if (MeetsIndicator(*r.indicator, p, program.ends_on)) person.retained = true;
      }
    }
    if (e.role == Role::kMentee) {
      ++r.mentees;
      if (!person.positions.empty()) ++r.known;
      if (person.retained) ++r.retained;
    }
    r.people.push_back(std::move(person));
  }
  return r;
}

// --- settings ---

JourneySettingsView GetJourneySettings(store::Database& db, const Actor& actor,
                                       std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  if (!access.member()) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the program's members can see its journey settings");
  }
  JourneySettingsView v = ViewOf(store::JourneyRepository(tx).LoadSettings(program_id));
  tx.Commit();
  return v;
}

JourneySettingsView UpdateJourneySettings(store::Database& db, const Actor& actor,
                                          std::int64_t program_id,
                                          const JourneySettingsChange& change) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "change the program's journey settings");
  store::JourneyRepository repo(tx);
  JourneySettings s = repo.LoadSettings(program_id);
  const std::string before = SettingsJson(s);
  if (change.agreement_template) {
    std::string text = *change.agreement_template;
    if (Trim(text).empty() || text == DefaultAgreementTemplate()) text.clear();
    CheckText(text, "agreement_template", 20000, true);
    if (text != s.agreement_template) {
      s.agreement_template = text;
      ++s.agreement_version;
    }
  }
  if (change.career_fields) {
    std::vector<std::string> fields;
    std::set<std::string> seen;
    for (const std::string& f : *change.career_fields) {
      std::string name(Trim(f));
      if (name.empty()) throw InvalidArgument("a career field needs a name", "career_fields");
      CheckText(name, "career_fields", 100);
      if (!seen.insert(ToLower(name)).second) {
        throw InvalidArgument("\"" + name + "\" is listed twice", "career_fields");
      }
      fields.push_back(name);
    }
    if (fields.size() > 30) throw InvalidArgument("at most 30 career fields", "career_fields");
    s.career_fields = fields;
  }
  if (change.retention) s.retention = *change.retention;
  if (change.small_cell_k) {
    if (*change.small_cell_k < 2 || *change.small_cell_k > 50) {
      throw InvalidArgument("the smallest count shown is between 2 and 50", "small_cell_k");
    }
    s.small_cell_k = *change.small_cell_k;
  }
  if (s.retention) ValidateIndicator(*s.retention, EffectiveFields(s));
  repo.SaveSettings(program_id, s);
  AppendAudit(tx, actor, "journey.settings", "program", program_id, program_id, before,
              SettingsJson(s));
  tx.Commit();
  return ViewOf(s);
}

// --- agreements ---

AgreementView GetAgreement(store::Database& db, const Actor& actor, std::int64_t pair_id) {
  store::Transaction tx = db.Begin(false);
  const PairScope scope = ScopeOf(tx, actor, pair_id, store::RowLock::kNone, "see its agreement");
  AgreementView v = AgreementViewOf(tx, scope);
  tx.Commit();
  return v;
}

AgreementView SaveAgreement(store::Database& db, const Actor& actor, std::int64_t pair_id,
                            const AgreementSpecifics& specifics, int revision) {
  store::Transaction tx = db.Begin();
  const PairScope scope =
      ScopeOf(tx, actor, pair_id, store::RowLock::kForUpdate, "see its agreement");
  RequireMember(scope, "write their agreement");
  RequireActive(scope, "writes its agreement");
  AgreementView v = AgreementViewOf(tx, scope);
  Agreement& a = v.agreement;
  if (revision != a.revision) {
    throw Error(ErrorCode::kConflict,
                "your partner changed the agreement meanwhile (now revision " +
                    std::to_string(a.revision) + "); reload it and make your change again",
                "revision");
  }
  AgreementSpecifics clean = specifics;
  for (auto [value, field] : {std::pair{&clean.cadence, "cadence"},
                              {&clean.mode, "mode"},
                              {&clean.contact, "contact"},
                              {&clean.first_goals, "first_goals"},
                              {&clean.other, "other"}}) {
    *value = std::string(Trim(*value));
    CheckText(*value, field, 2000, true);
  }
  if (clean.cadence.empty()) {
    throw InvalidArgument("say how often you will meet", "cadence");
  }
  const std::string before = AgreementJson(a);
  a.specifics = clean;
  a.template_version = v.template_version;
  ++a.revision;
  store::JourneyRepository(tx).SaveAgreement(a);
  AppendAudit(tx, actor, "agreement.save", "pair", pair_id, scope.program.id, before,
              AgreementJson(a));
  v = AgreementViewOf(tx, scope);
  tx.Commit();
  return v;
}

AgreementView SignAgreement(store::Database& db, const Actor& actor, std::int64_t pair_id,
                            const std::string& typed_name, int revision) {
  store::Transaction tx = db.Begin();
  const PairScope scope =
      ScopeOf(tx, actor, pair_id, store::RowLock::kForUpdate, "see its agreement");
  RequireMember(scope, "sign their agreement");
  RequireActive(scope, "signs its agreement");
  AgreementView v = AgreementViewOf(tx, scope);
  Agreement& a = v.agreement;
  if (a.revision == 0) {
    throw FailedPrecondition("write down your specifics and save the agreement before signing");
  }
  if (revision != a.revision) {
    throw Error(ErrorCode::kConflict,
                "the agreement changed since you read it (now revision " +
                    std::to_string(a.revision) + "); read it again before signing",
                "revision");
  }
  const std::string& expected = scope.side == Side::kMentor ? v.mentor_name : v.mentee_name;
  if (NameKey(typed_name).empty() || NameKey(typed_name) != NameKey(expected)) {
    throw InvalidArgument("type your full name as the program knows it: " + expected, "name");
  }
  const std::string before = AgreementJson(a);
  const AgreementSignature signature{std::string(Trim(typed_name)), tx.now_text(), a.revision};
  (scope.side == Side::kMentor ? a.mentor : a.mentee) = signature;
  store::JourneyRepository(tx).SaveAgreement(a);
  AppendAudit(tx, actor, "agreement.sign", "pair", pair_id, scope.program.id, before,
              AgreementJson(a));
  if (a.Signed()) {
    for (const auto& [enrollment, partner] :
         {std::pair{scope.pair.mentor_enrollment_id, scope.pair.mentee_name},
          std::pair{scope.pair.mentee_enrollment_id, scope.pair.mentor_name}}) {
      const Member m = LoadMember(tx, enrollment);
      if (!m.reachable || m.email.empty()) continue;
      Queue(tx, m, "agreement_signed",
            notify::AgreementSignedMessage(m.name, partner, scope.program.name, a.revision,
                                           PairLink(pair_id)));
    }
  }
  v = AgreementViewOf(tx, scope);
  tx.Commit();
  return v;
}

// --- goals ---

Goal CreateGoal(store::Database& db, const Actor& actor, std::int64_t pair_id,
                const GoalInput& input) {
  store::Transaction tx = db.Begin();
  const PairScope scope = ScopeOf(tx, actor, pair_id, store::RowLock::kForUpdate, "see its goals");
  RequireMember(scope, "set their goals");
  RequireActive(scope, "sets goals");
  Goal g;
  g.pair_id = pair_id;
  g.program_id = scope.program.id;
  g.created_by = actor.user_id.value_or(0);
  if (!input.title) throw InvalidArgument("title is required", "title");
  ApplyGoal(g, input);
  store::JourneyRepository repo(tx);
  if (repo.ListGoalsByPair(pair_id).size() >= 100) {
    throw FailedPrecondition("a pair has at most 100 goals; drop or delete some first");
  }
  g.id = repo.InsertGoal(g);
  AppendAudit(tx, actor, "goal.create", "goal", g.id, g.program_id, "", GoalJson(g));
  Goal out = *repo.FindGoal(g.id);
  tx.Commit();
  return out;
}

Goal UpdateGoal(store::Database& db, const Actor& actor, std::int64_t goal_id,
                const GoalInput& input) {
  store::Transaction tx = db.Begin();
  GoalScope s = LoadGoal(tx, actor, goal_id);
  RequireMember(s.pair, "change their goals");
  RequireActive(s.pair, "changes goals");
  const std::string before = GoalJson(s.goal);
  ApplyGoal(s.goal, input);
  store::JourneyRepository repo(tx);
  repo.UpdateGoal(s.goal);
  AppendAudit(tx, actor, "goal.update", "goal", goal_id, s.goal.program_id, before,
              GoalJson(s.goal));
  Goal out = *repo.FindGoal(goal_id);
  tx.Commit();
  return out;
}

Goal AddGoalNote(store::Database& db, const Actor& actor, std::int64_t goal_id,
                 const std::string& text) {
  store::Transaction tx = db.Begin();
  GoalScope s = LoadGoal(tx, actor, goal_id);
  RequireMember(s.pair, "add progress notes");
  RequireActive(s.pair, "changes goals");
  const std::string note = Required(text, "text", 5000);
  if (s.goal.notes.size() >= 500) throw FailedPrecondition("a goal keeps at most 500 notes");
  s.goal.notes.push_back({FormatUtcDate(tx.now()), note, actor.user_id.value_or(0)});
  store::JourneyRepository repo(tx);
  repo.UpdateGoal(s.goal);
  AppendAudit(tx, actor, "goal.note", "goal", goal_id, s.goal.program_id, "", GoalJson(s.goal));
  Goal out = *repo.FindGoal(goal_id);
  tx.Commit();
  return out;
}

void DeleteGoal(store::Database& db, const Actor& actor, std::int64_t goal_id) {
  store::Transaction tx = db.Begin();
  GoalScope s = LoadGoal(tx, actor, goal_id);
  // A coordinator may take a goal down after the pair ended; members change
  // only an active pair's goals.
  if (s.pair.side == Side::kNone) {
    RequireOpen(s.pair.program);
  } else {
    RequireActive(s.pair, "changes goals");
  }
  store::JourneyRepository(tx).DeleteGoal(goal_id);
  AppendAudit(tx, actor, "goal.delete", "goal", goal_id, s.goal.program_id, GoalJson(s.goal), "");
  tx.Commit();
}

GoalList ListGoals(store::Database& db, const Actor& actor, std::int64_t pair_id) {
  store::Transaction tx = db.Begin(false);
  const PairScope scope = ScopeOf(tx, actor, pair_id, store::RowLock::kNone, "see its goals");
  GoalList out;
  for (Goal& g : store::JourneyRepository(tx).ListGoalsByPair(pair_id)) {
    if (g.is_private && scope.side == Side::kNone) {
      ++out.private_goals;
      continue;
    }
    out.goals.push_back(std::move(g));
  }
  tx.Commit();
  return out;
}

// --- projects ---

Project CreateProject(store::Database& db, const Actor& actor, std::int64_t pair_id,
                      const ProjectInput& input) {
  store::Transaction tx = db.Begin();
  const PairScope scope = ProjectScope(tx, actor, pair_id);
  RequireActive(scope, "starts projects");
  Project p;
  p.pair_id = pair_id;
  p.program_id = scope.program.id;
  if (!input.title) throw InvalidArgument("title is required", "title");
  ApplyProject(p, input);
  store::JourneyRepository repo(tx);
  p.id = repo.InsertProject(p);
  AppendAudit(tx, actor, "project.create", "project", p.id, p.program_id, "", ProjectJson(p));
  Project out = *repo.FindProject(p.id);
  tx.Commit();
  return out;
}

Project UpdateProject(store::Database& db, const Actor& actor, std::int64_t project_id,
                      const ProjectInput& input) {
  store::Transaction tx = db.Begin();
  Project p = LoadProject(tx, actor, project_id, "changes projects").project;
  const std::string before = ProjectJson(p);
  ApplyProject(p, input);
  store::JourneyRepository repo(tx);
  repo.UpdateProject(p);
  AppendAudit(tx, actor, "project.update", "project", project_id, p.program_id, before,
              ProjectJson(p));
  Project out = *repo.FindProject(project_id);
  tx.Commit();
  return out;
}

void DeleteProject(store::Database& db, const Actor& actor, std::int64_t project_id) {
  store::Transaction tx = db.Begin();
  const Project p = LoadProject(tx, actor, project_id, "changes projects").project;
  store::JourneyRepository(tx).DeleteProject(project_id);
  AppendAudit(tx, actor, "project.delete", "project", project_id, p.program_id, ProjectJson(p), "");
  tx.Commit();
}

std::vector<Project> ListProjects(store::Database& db, const Actor& actor, std::int64_t pair_id) {
  store::Transaction tx = db.Begin(false);
  ScopeOf(tx, actor, pair_id, store::RowLock::kNone, "see its projects");
  auto out = store::JourneyRepository(tx).ListProjectsByPair(pair_id);
  tx.Commit();
  return out;
}

// --- outputs ---

Output CreateOutput(store::Database& db, const Actor& actor, std::int64_t program_id,
                    Output output) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  AccessToPerson(tx, actor, program_id, output.enrollment_id, "record their outputs");
  RequireOpen(program);
  output.id = 0;
  output.program_id = program_id;
  output.created_by = actor.user_id.value_or(0);
  ValidateOutput(output);
  LinkOutput(tx, output);
  RejectDuplicate(tx, output);
  store::JourneyRepository repo(tx);
  output.id = repo.InsertOutput(output);
  AppendAudit(tx, actor, "output.create", "output", output.id, program_id, "", OutputJson(output));
  Output out = *repo.FindOutput(output.id);
  tx.Commit();
  return out;
}

Output UpdateOutput(store::Database& db, const Actor& actor, std::int64_t output_id,
                    Output output) {
  store::Transaction tx = db.Begin();
  const auto [existing, program] = LoadOutput(tx, actor, output_id, "change their outputs");
  output.id = output_id;
  output.program_id = existing.program_id;
  output.enrollment_id = existing.enrollment_id;
  output.created_by = existing.created_by;
  ValidateOutput(output);
  LinkOutput(tx, output);
  RejectDuplicate(tx, output);
  store::JourneyRepository repo(tx);
  repo.UpdateOutput(output);
  AppendAudit(tx, actor, "output.update", "output", output_id, program.id, OutputJson(existing),
              OutputJson(output));
  Output out = *repo.FindOutput(output_id);
  tx.Commit();
  return out;
}

void DeleteOutput(store::Database& db, const Actor& actor, std::int64_t output_id) {
  store::Transaction tx = db.Begin();
  const auto [existing, program] = LoadOutput(tx, actor, output_id, "delete their outputs");
  store::JourneyRepository(tx).DeleteOutput(output_id);
  AppendAudit(tx, actor, "output.delete", "output", output_id, program.id, OutputJson(existing),
              "");
  tx.Commit();
}

std::vector<Output> ListOutputs(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  std::set<std::int64_t> visible;
  if (!access.coordinator) {
    std::vector<std::int64_t> own = access.mentor_enrollments;
    own.insert(own.end(), access.mentee_enrollments.begin(), access.mentee_enrollments.end());
    if (own.empty()) {
      throw Error(ErrorCode::kPermissionDenied,
                  "only the program's mentors, mentees and coordinators can see its outputs");
    }
    visible.insert(own.begin(), own.end());
    for (std::int64_t p : store::EnrollmentRepository(tx).PartnersOf(own)) visible.insert(p);
  }
  std::vector<Output> out;
  for (Output& o : store::JourneyRepository(tx).ListOutputsByProgram(program_id)) {
    if (access.coordinator || visible.count(o.enrollment_id)) out.push_back(std::move(o));
  }
  tx.Commit();
  return out;
}

OutputImportReport ImportOutputs(store::Database& db, const Actor& actor, std::int64_t program_id,
                                 std::istream& csv) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "import outputs");
  RequireOpen(program);
  OutputImportReport report;
  // The program's mentors and mentees by e-mail (lower case) and role.
  std::map<std::string, std::vector<Enrollment>> people;
  for (const Enrollment& e : store::EnrollmentRepository(tx).List(program_id)) {
    if (e.role == Role::kMentor || e.role == Role::kMentee) people[ToLower(e.email)].push_back(e);
  }
  CsvReader reader(csv);
  std::vector<std::string> header, fields;
  if (!ReadCsvHeader(reader, header, report.errors)) return report;
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < header.size(); ++i) at[ToLower(header[i])] = i;
  for (const char* required : {"email", "kind", "title"}) {
    if (!at.count(required)) {
      report.errors.push_back({1, required, std::string("the column ") + required + " is missing"});
    }
  }
  for (const auto& [name, index] : at) {
    // The export's own columns (name, pair_id, project_id) are read back as
    // nothing: the person is found by e-mail, the pair from the person.
    if (name == "name" || name == "pair_id" || name == "project_id") continue;
    if (std::find(OutputColumns().begin(), OutputColumns().end(), name) == OutputColumns().end()) {
      report.errors.push_back({1, name, "unknown column (docs/journey.md lists the columns)"});
    }
  }
  if (!report.errors.empty()) return report;
  std::vector<Output> rows;
  std::set<std::pair<std::int64_t, std::string>> seen_doi, seen_pmid;
  store::JourneyRepository repo(tx);
  while (true) {
    try {
      if (!reader.Next(fields)) break;
    } catch (const Error& e) {
      report.errors.push_back({e.row(), "", e.message()});
      break;
    }
    const int row = reader.record();
    auto cell = [&](const char* name) -> std::string {
      auto it = at.find(name);
      if (it == at.end() || it->second >= fields.size()) return "";
      const std::string raw(Trim(fields[it->second]));
      return std::string(UnescapeFormula(raw));
    };
    const size_t before = report.errors.size();
    Output o;
    o.program_id = program_id;
    o.created_by = actor.user_id.value_or(0);
    const std::string email = ToLower(cell("email"));
    auto found = people.find(email);
    if (email.empty()) {
      report.errors.push_back({row, "email", "the person's e-mail is required"});
    } else if (found == people.end()) {
      report.errors.push_back(
          {row, "email", "no mentor or mentee of this program has this e-mail"});
    } else {
      const std::string role = ToLower(cell("role"));
      const Enrollment* chosen = nullptr;
      for (const Enrollment& e : found->second) {
        if (role.empty() ? found->second.size() == 1 : RoleName(e.role) == role) chosen = &e;
      }
      if (!chosen) {
        report.errors.push_back({row, "role",
                                 role.empty()
                                     ? "this person is both mentor and mentee; say which"
                                     : "this person is not a " + role + " of this program"});
      } else {
        o.enrollment_id = chosen->id;
      }
    }
    o.kind = ToLower(cell("kind"));
    o.title = cell("title");
    if (!cell("year").empty()) {
      try {
        size_t used = 0;
        o.year = std::stoi(cell("year"), &used);
        if (used != cell("year").size()) throw std::invalid_argument("year");
      } catch (const std::exception&) {
        report.errors.push_back({row, "year", "year is a number such as 2026"});
      }
    }
    o.authors = cell("authors");
    o.journal = cell("journal");
    o.doi = cell("doi");
    o.pmid = cell("pmid");
    o.meeting = cell("meeting");
    o.format = ToLower(cell("format"));
    o.funder = cell("funder");
    o.mechanism = cell("mechanism");
    if (!cell("amount").empty()) {
      o.amount = ParseDecimal(cell("amount"));
      if (!o.amount) report.errors.push_back({row, "amount", "amount is a number such as 25000"});
    }
    o.currency = cell("currency");
    o.grant_status = ToLower(cell("grant_status"));
    o.starts_on = cell("starts_on");
    o.ends_on = cell("ends_on");
    o.awarding_body = cell("awarding_body");
    o.notes = cell("notes");
    if (report.errors.size() == before) {
      try {
        ValidateOutput(o);
        LinkOutput(tx, o);
        RejectDuplicate(tx, o);
        if (!o.doi.empty() && !seen_doi.insert({o.enrollment_id, o.doi}).second) {
          throw InvalidArgument("this DOI appears twice for this person in the file", "doi");
        }
        if (!o.pmid.empty() && !seen_pmid.insert({o.enrollment_id, o.pmid}).second) {
          throw InvalidArgument("this PMID appears twice for this person in the file", "pmid");
        }
      } catch (const Error& e) {
        if (e.code() != ErrorCode::kInvalidArgument && e.code() != ErrorCode::kConflict) throw;
        report.errors.push_back({row, e.field(), e.message()});
      }
    }
    rows.push_back(std::move(o));
  }
  if (!report.errors.empty()) return report;  // the transaction rolls back: nothing written
  for (Output& o : rows) o.id = repo.InsertOutput(o);
  report.imported = static_cast<int>(rows.size());
  AppendAudit(tx, actor, "output.import", "program", program_id, program_id, "",
              json{{"imported", report.imported}}.dump());
  tx.Commit();
  return report;
}

int ExportOutputs(store::Database& db, const Actor& actor, std::int64_t program_id,
                  std::ostream& csv) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "export outputs");
  std::unordered_map<std::int64_t, Enrollment> people;
  for (Enrollment& e : store::EnrollmentRepository(tx).List(program_id)) people[e.id] = e;
  std::vector<std::string> header = OutputColumns();
  header.insert(header.begin(), "name");
  header.push_back("pair_id");
  header.push_back("project_id");
  WriteCsvRecord(csv, header);
  int n = 0;
  for (const Output& o : store::JourneyRepository(tx).ListOutputsByProgram(program_id)) {
    const Enrollment& person = people[o.enrollment_id];
    std::vector<std::string> row = OutputRow(o, person);
    row.insert(row.begin(), EscapeFormula(person.name));
    row.push_back(o.pair_id ? std::to_string(*o.pair_id) : "");
    row.push_back(o.project_id ? std::to_string(*o.project_id) : "");
    WriteCsvRecord(csv, row);
    ++n;
  }
  tx.Commit();
  return n;
}

// --- positions and retention ---

Position AddPosition(store::Database& db, const Actor& actor, std::int64_t program_id,
                     Position position) {
  store::Transaction tx = db.Begin();
  RequireProgram(tx, program_id);
  AccessToOwnRecord(tx, actor, program_id, position.enrollment_id, "record career positions");
  Position p = position;
  p.id = 0;
  p.program_id = program_id;
  p.created_by = actor.user_id.value_or(0);
  p.title = Required(p.title, "title", 300);
  p.institution = std::string(Trim(p.institution));
  CheckText(p.institution, "institution", 300);
  const std::vector<std::string> fields =
      EffectiveFields(store::JourneyRepository(tx).LoadSettings(program_id));
  if (std::find(fields.begin(), fields.end(), p.field) == fields.end()) {
    std::string list;
    for (const std::string& f : fields) list += (list.empty() ? "" : ", ") + f;
    throw InvalidArgument("field is one of the program's career fields: " + list, "field");
  }
  CheckOneOf(p.setting, kPositionSettings, "setting");
  if (p.starts_on.empty()) throw InvalidArgument("say when the position started", "starts_on");
  CheckOptionalDate(p.starts_on, "starts_on");
  p.id = store::JourneyRepository(tx).InsertPosition(p);
  AppendAudit(tx, actor, "position.create", "enrollment", p.enrollment_id, program_id, "",
              PositionJson(p));
  Position out = *store::JourneyRepository(tx).FindPosition(p.id);
  tx.Commit();
  return out;
}

void DeletePosition(store::Database& db, const Actor& actor, std::int64_t position_id) {
  store::Transaction tx = db.Begin();
  auto p = store::JourneyRepository(tx).FindPosition(position_id);
  if (!p) throw NotFound("position " + std::to_string(position_id) + " does not exist");
  AccessToOwnRecord(tx, actor, p->program_id, p->enrollment_id, "delete career positions");
  store::JourneyRepository(tx).DeletePosition(position_id);
  AppendAudit(tx, actor, "position.delete", "enrollment", p->enrollment_id, p->program_id,
              PositionJson(*p), "");
  tx.Commit();
}

Retention GetRetention(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  if (!access.coordinator && access.mentor_enrollments.empty() &&
      access.mentee_enrollments.empty()) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the program's mentors, mentees and coordinators can see career outcomes");
  }
  Retention r = ComputeRetention(tx, program);
  if (!access.coordinator) {
    std::erase_if(r.people,
                  [&](const RetentionPerson& p) { return !access.Owns(p.enrollment_id); });
  }
  tx.Commit();
  return r;
}

int ExportOutcomes(store::Database& db, const Actor& actor, std::int64_t program_id,
                   std::ostream& csv) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "export career outcomes");
  const Retention r = ComputeRetention(tx, program);
  WriteCsvRecord(
      csv, {"name", "role", "title", "institution", "field", "setting", "starts_on", "retained"});
  int n = 0;
  for (const RetentionPerson& person : r.people) {
    const std::string retained = r.indicator ? (person.retained ? "yes" : "no") : "";
    if (person.positions.empty()) {
      WriteCsvRecord(csv, {EscapeFormula(person.name), person.role, "", "", "", "", "", retained});
      ++n;
    }
    for (const Position& p : person.positions) {
      WriteCsvRecord(csv, {EscapeFormula(person.name), person.role, EscapeFormula(p.title),
                           EscapeFormula(p.institution), EscapeFormula(p.field), p.setting,
                           p.starts_on, retained});
      ++n;
    }
  }
  tx.Commit();
  return n;
}

// --- the coordinator's view ---

std::vector<PairJourney> ListPairJourneys(store::Database& db, const Actor& actor,
                                          std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "see every pair's journey");
  store::JourneyRepository repo(tx);
  std::map<std::int64_t, PairJourney> by_pair;
  for (const Pair& p : store::PairRepository(tx).ListByProgram(program_id)) {
    if (p.status == PairStatus::kProposed) continue;
    by_pair[p.id].pair_id = p.id;
  }
  for (const Agreement& a : repo.ListAgreements(program_id)) {
    auto it = by_pair.find(a.pair_id);
    if (it == by_pair.end()) continue;
    it->second.agreement_signed = a.Signed();
    it->second.agreement_revision = a.revision;
    it->second.mentor_signed = a.mentor && a.mentor->revision == a.revision;
    it->second.mentee_signed = a.mentee && a.mentee->revision == a.revision;
  }
  for (const Goal& g : repo.ListGoalsByProgram(program_id)) {
    auto it = by_pair.find(g.pair_id);
    if (it == by_pair.end()) continue;
    ++it->second.goals;
    ++it->second.goals_by_status[g.status];
    if (g.is_private) ++it->second.private_goals;
  }
  for (const Project& p : repo.ListProjectsByProgram(program_id)) {
    if (auto it = by_pair.find(p.pair_id); it != by_pair.end()) ++it->second.projects;
  }
  for (const Output& o : repo.ListOutputsByProgram(program_id)) {
    if (!o.pair_id) continue;
    if (auto it = by_pair.find(*o.pair_id); it != by_pair.end()) ++it->second.outputs;
  }
  std::vector<PairJourney> out;
  for (auto& [id, j] : by_pair) out.push_back(std::move(j));
  tx.Commit();
  return out;
}

std::vector<std::int64_t> UnsignedAgreementPairs(store::Transaction& tx, std::int64_t program_id,
                                                 int days) {
  std::set<std::int64_t> signed_pairs;
  for (const Agreement& a : store::JourneyRepository(tx).ListAgreements(program_id)) {
    if (a.Signed()) signed_pairs.insert(a.pair_id);
  }
  const std::string cutoff = FormatUtcDate(tx.now() - std::chrono::days(days));
  std::vector<std::int64_t> out;
  for (const Pair& p : store::PairRepository(tx).ListByProgram(program_id, PairStatus::kActive)) {
    if (p.started_on.empty() || p.started_on > cutoff || signed_pairs.count(p.id)) continue;
    out.push_back(p.id);
  }
  return out;
}

}  // namespace tandem::service
