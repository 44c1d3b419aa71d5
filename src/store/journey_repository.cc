#include "store/journey_repository.h"

#include <nlohmann/json.hpp>

#include "store/internal.h"

namespace tandem::store {
namespace {

using nlohmann::json;

json Strings(const std::vector<std::string>& list) { return json(list); }

std::vector<std::string> StringsOf(const json& j) {
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& v : j) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

json Parse(const std::string& text) { return json::parse(text, nullptr, false); }

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string RetentionText(const std::optional<RetentionIndicator>& r) {
  if (!r) return {};
  return json{{"label", r->label},
              {"fields", Strings(r->fields)},
              {"settings", Strings(r->settings)},
              {"title_words", Strings(r->title_words)},
              {"months_after_end", r->months_after_end}}
      .dump();
}

std::optional<RetentionIndicator> RetentionOf(const std::string& text) {
  const json j = Parse(text);
  if (!j.is_object()) return std::nullopt;
  RetentionIndicator r;
  r.label = Text(j, "label");
  r.fields = StringsOf(j.value("fields", json::array()));
  r.settings = StringsOf(j.value("settings", json::array()));
  r.title_words = StringsOf(j.value("title_words", json::array()));
  r.months_after_end = j.value("months_after_end", 12);
  return r;
}

std::string SpecificsText(const AgreementSpecifics& s) {
  return json{{"cadence", s.cadence},
              {"mode", s.mode},
              {"contact", s.contact},
              {"first_goals", s.first_goals},
              {"other", s.other}}
      .dump();
}

AgreementSpecifics SpecificsOf(const std::string& text) {
  const json j = Parse(text);
  AgreementSpecifics s;
  if (!j.is_object()) return s;
  s.cadence = Text(j, "cadence");
  s.mode = Text(j, "mode");
  s.contact = Text(j, "contact");
  s.first_goals = Text(j, "first_goals");
  s.other = Text(j, "other");
  return s;
}

std::string MilestonesText(const std::vector<Milestone>& list) {
  json out = json::array();
  for (const Milestone& m : list) {
    out.push_back({{"title", m.title}, {"due_on", m.due_on}, {"done", m.done}});
  }
  return out.dump();
}

std::vector<Milestone> MilestonesOf(const std::string& text) {
  std::vector<Milestone> out;
  const json j = Parse(text);
  if (!j.is_array()) return out;
  for (const auto& m : j) {
    if (!m.is_object()) continue;
    out.push_back({Text(m, "title"), Text(m, "due_on"), m.value("done", false)});
  }
  return out;
}

std::string NotesText(const std::vector<ProgressNote>& list) {
  json out = json::array();
  for (const ProgressNote& n : list) {
    out.push_back({{"on", n.on}, {"text", n.text}, {"author", n.author_user_id}});
  }
  return out.dump();
}

std::vector<ProgressNote> NotesOf(const std::string& text) {
  std::vector<ProgressNote> out;
  const json j = Parse(text);
  if (!j.is_array()) return out;
  for (const auto& n : j) {
    if (!n.is_object()) continue;
    out.push_back({Text(n, "on"), Text(n, "text"), n.value("author", std::int64_t{0})});
  }
  return out;
}

std::string DetailsText(const Output& o) {
  json j{{"authors", o.authors},
         {"journal", o.journal},
         {"meeting", o.meeting},
         {"format", o.format},
         {"funder", o.funder},
         {"mechanism", o.mechanism},
         {"currency", o.currency},
         {"grant_status", o.grant_status},
         {"starts_on", o.starts_on},
         {"ends_on", o.ends_on},
         {"awarding_body", o.awarding_body},
         {"notes", o.notes}};
  if (o.amount) j["amount"] = *o.amount;
  return j.dump();
}

void ApplyDetails(Output& o, const std::string& text) {
  const json j = Parse(text);
  if (!j.is_object()) return;
  o.authors = Text(j, "authors");
  o.journal = Text(j, "journal");
  o.meeting = Text(j, "meeting");
  o.format = Text(j, "format");
  o.funder = Text(j, "funder");
  o.mechanism = Text(j, "mechanism");
  o.currency = Text(j, "currency");
  o.grant_status = Text(j, "grant_status");
  o.starts_on = Text(j, "starts_on");
  o.ends_on = Text(j, "ends_on");
  o.awarding_body = Text(j, "awarding_body");
  o.notes = Text(j, "notes");
  if (auto it = j.find("amount"); it != j.end() && it->is_number()) o.amount = it->get<double>();
}

std::optional<std::int64_t> OptionalId(long long value, soci::indicator ind) {
  return ind == soci::i_ok ? std::optional<std::int64_t>(value) : std::nullopt;
}

// --- goals ---

constexpr const char* kGoalColumns =
    "SELECT id, pair_id, program_id, title, category, success, target_on, status, private, "
    "milestones, notes, created_by, created_at, updated_at FROM goals ";

std::vector<Goal> SelectGoals(Transaction& tx, const std::string& where, long long key) {
  Goal g;
  long long id = 0, pair = 0, program = 0, created_by = 0;
  int is_private = 0;
  std::string target, milestones, notes;
  soci::indicator target_ind{}, by_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << kGoalColumns + where, soci::use(key), soci::into(id),
       soci::into(pair), soci::into(program), soci::into(g.title), soci::into(g.category),
       soci::into(g.success), soci::into(target, target_ind), soci::into(g.status),
       soci::into(is_private), soci::into(milestones), soci::into(notes),
       soci::into(created_by, by_ind), soci::into(g.created_at), soci::into(g.updated_at));
  st.execute();
  std::vector<Goal> out;
  while (st.fetch()) {
    Goal row = g;
    row.id = id;
    row.pair_id = pair;
    row.program_id = program;
    row.target_on = target_ind == soci::i_ok ? target : "";
    row.is_private = is_private != 0;
    row.milestones = MilestonesOf(milestones);
    row.notes = NotesOf(notes);
    row.created_by = by_ind == soci::i_ok ? created_by : 0;
    out.push_back(std::move(row));
  }
  return out;
}

// --- projects ---

constexpr const char* kProjectColumns =
    "SELECT id, pair_id, program_id, title, type, status, starts_on, ends_on, lead, description, "
    "created_at, updated_at FROM projects ";

std::vector<Project> SelectProjects(Transaction& tx, const std::string& where, long long key) {
  Project p;
  long long id = 0, pair = 0, program = 0;
  std::string starts, ends;
  soci::indicator starts_ind{}, ends_ind{};
  soci::statement st = (SessionOf(tx).prepare << kProjectColumns + where, soci::use(key),
                        soci::into(id), soci::into(pair), soci::into(program), soci::into(p.title),
                        soci::into(p.type), soci::into(p.status), soci::into(starts, starts_ind),
                        soci::into(ends, ends_ind), soci::into(p.lead), soci::into(p.description),
                        soci::into(p.created_at), soci::into(p.updated_at));
  st.execute();
  std::vector<Project> out;
  while (st.fetch()) {
    Project row = p;
    row.id = id;
    row.pair_id = pair;
    row.program_id = program;
    row.starts_on = starts_ind == soci::i_ok ? starts : "";
    row.ends_on = ends_ind == soci::i_ok ? ends : "";
    out.push_back(std::move(row));
  }
  return out;
}

// --- outputs ---

constexpr const char* kOutputColumns =
    "SELECT id, program_id, enrollment_id, pair_id, project_id, kind, title, year, doi, pmid, "
    "details, created_by, created_at, updated_at FROM outputs ";

std::vector<Output> SelectOutputs(Transaction& tx, const std::string& where, long long key) {
  Output o;
  long long id = 0, program = 0, enrollment = 0, pair = 0, project = 0, created_by = 0;
  int year = 0;
  std::string doi, pmid, details;
  soci::indicator pair_ind{}, project_ind{}, year_ind{}, doi_ind{}, pmid_ind{}, by_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << kOutputColumns + where, soci::use(key), soci::into(id),
       soci::into(program), soci::into(enrollment), soci::into(pair, pair_ind),
       soci::into(project, project_ind), soci::into(o.kind), soci::into(o.title),
       soci::into(year, year_ind), soci::into(doi, doi_ind), soci::into(pmid, pmid_ind),
       soci::into(details), soci::into(created_by, by_ind), soci::into(o.created_at),
       soci::into(o.updated_at));
  st.execute();
  std::vector<Output> out;
  while (st.fetch()) {
    Output row = o;
    row.id = id;
    row.program_id = program;
    row.enrollment_id = enrollment;
    row.pair_id = OptionalId(pair, pair_ind);
    row.project_id = OptionalId(project, project_ind);
    row.year = year_ind == soci::i_ok ? std::optional<int>(year) : std::nullopt;
    row.doi = doi_ind == soci::i_ok ? doi : "";
    row.pmid = pmid_ind == soci::i_ok ? pmid : "";
    ApplyDetails(row, details);
    row.created_by = by_ind == soci::i_ok ? created_by : 0;
    out.push_back(std::move(row));
  }
  return out;
}

// --- positions ---

constexpr const char* kPositionColumns =
    "SELECT id, program_id, enrollment_id, title, institution, field, setting, starts_on, "
    "created_by, created_at FROM positions ";

std::vector<Position> SelectPositions(Transaction& tx, const std::string& where, long long key) {
  Position p;
  long long id = 0, program = 0, enrollment = 0, created_by = 0;
  soci::indicator by_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << kPositionColumns + where, soci::use(key), soci::into(id),
       soci::into(program), soci::into(enrollment), soci::into(p.title), soci::into(p.institution),
       soci::into(p.field), soci::into(p.setting), soci::into(p.starts_on),
       soci::into(created_by, by_ind), soci::into(p.created_at));
  st.execute();
  std::vector<Position> out;
  while (st.fetch()) {
    Position row = p;
    row.id = id;
    row.program_id = program;
    row.enrollment_id = enrollment;
    row.created_by = by_ind == soci::i_ok ? created_by : 0;
    out.push_back(std::move(row));
  }
  return out;
}

template <typename T>
std::optional<T> First(std::vector<T> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

bool DeleteById(Transaction& tx, const char* table, std::int64_t id) {
  long long key = id;
  soci::statement st =
      (SessionOf(tx).prepare << std::string("DELETE FROM ") + table + " WHERE id = :id",
       soci::use(key));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void RequireAffected(soci::statement& st, const std::string& what) {
  if (st.get_affected_rows() == 0) throw NotFound(what + " does not exist");
}

}  // namespace

// --- settings ---

JourneySettings JourneyRepository::LoadSettings(std::int64_t program_id) {
  return Guard(
      "reading journey settings", [&] {
        JourneySettings s;
        long long key = program_id;
        std::string tmpl, fields, retention;
        soci::indicator tmpl_ind{}, fields_ind{}, retention_ind{};
        int version = 1;
        int k = 5;
        soci::statement st =
            (SessionOf(tx_).prepare
                 << "SELECT agreement_template, agreement_version, career_fields, "
                    "retention, small_cell_k FROM program_journey WHERE program_id = :p",
             soci::use(key), soci::into(tmpl, tmpl_ind), soci::into(version),
             soci::into(fields, fields_ind), soci::into(retention, retention_ind), soci::into(k));
        st.execute();
        if (st.fetch()) {
          if (tmpl_ind == soci::i_ok) s.agreement_template = tmpl;
          s.agreement_version = version;
          s.small_cell_k = k;
          if (fields_ind == soci::i_ok) s.career_fields = StringsOf(Parse(fields));
          if (retention_ind == soci::i_ok) s.retention = RetentionOf(retention);
        }
        return s;
      });
}

void JourneyRepository::SaveSettings(std::int64_t program_id, const JourneySettings& settings) {
  Guard("saving journey settings", [&] {
    long long key = program_id;
    std::string tmpl = settings.agreement_template;
    std::string fields = Strings(settings.career_fields).dump();
    std::string retention = RetentionText(settings.retention);
    soci::indicator tmpl_ind = tmpl.empty() ? soci::i_null : soci::i_ok;
    soci::indicator fields_ind = settings.career_fields.empty() ? soci::i_null : soci::i_ok;
    soci::indicator retention_ind = retention.empty() ? soci::i_null : soci::i_ok;
    int version = settings.agreement_version;
    int k = settings.small_cell_k;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "DELETE FROM program_journey WHERE program_id = :p", soci::use(key);
    SessionOf(tx_) << "INSERT INTO program_journey (program_id, agreement_template, "
                      "agreement_version, career_fields, retention, small_cell_k, updated_at) "
                      "VALUES (:p, :t, :v, :f, :r, :k, :u)",
        soci::use(key), soci::use(tmpl, tmpl_ind), soci::use(version),
        soci::use(fields, fields_ind), soci::use(retention, retention_ind), soci::use(k),
        soci::use(now);
  });
}

// --- agreements ---

namespace {

constexpr const char* kAgreementColumns =
    "SELECT a.pair_id, a.template_version, a.revision, a.specifics, a.mentor_name, "
    "a.mentor_signed_at, a.mentor_revision, a.mentee_name, a.mentee_signed_at, a.mentee_revision, "
    "a.updated_at FROM agreements a ";

std::vector<Agreement> SelectAgreements(Transaction& tx, const std::string& where, long long key) {
  Agreement a;
  long long pair = 0;
  std::string specifics, mentor_name, mentor_at, mentee_name, mentee_at;
  int mentor_rev = 0, mentee_rev = 0;
  soci::indicator mn{}, ma{}, mr{}, en{}, ea{}, er{};
  soci::statement st =
      (SessionOf(tx).prepare << kAgreementColumns + where, soci::use(key), soci::into(pair),
       soci::into(a.template_version), soci::into(a.revision), soci::into(specifics),
       soci::into(mentor_name, mn), soci::into(mentor_at, ma), soci::into(mentor_rev, mr),
       soci::into(mentee_name, en), soci::into(mentee_at, ea), soci::into(mentee_rev, er),
       soci::into(a.updated_at));
  st.execute();
  std::vector<Agreement> out;
  while (st.fetch()) {
    Agreement row = a;
    row.pair_id = pair;
    row.specifics = SpecificsOf(specifics);
    row.mentor.reset();
    row.mentee.reset();
    if (mn == soci::i_ok) row.mentor = AgreementSignature{mentor_name, mentor_at, mentor_rev};
    if (en == soci::i_ok) row.mentee = AgreementSignature{mentee_name, mentee_at, mentee_rev};
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::optional<Agreement> JourneyRepository::FindAgreement(std::int64_t pair_id) {
  return Guard("reading agreement",
               [&] { return First(SelectAgreements(tx_, "WHERE a.pair_id = :k", pair_id)); });
}

std::vector<Agreement> JourneyRepository::ListAgreements(std::int64_t program_id) {
  return Guard("reading agreements", [&] {
    return SelectAgreements(tx_,
                            "JOIN pairs p ON p.id = a.pair_id WHERE p.program_id = :k "
                            "ORDER BY a.pair_id",
                            program_id);
  });
}

void JourneyRepository::SaveAgreement(const Agreement& agreement) {
  Guard("saving agreement", [&] {
    const Agreement& a = agreement;
    long long pair = a.pair_id;
    int template_version = a.template_version, revision = a.revision;
    std::string specifics = SpecificsText(a.specifics);
    std::string mentor_name = a.mentor ? a.mentor->name : "",
                mentor_at = a.mentor ? a.mentor->signed_at : "",
                mentee_name = a.mentee ? a.mentee->name : "",
                mentee_at = a.mentee ? a.mentee->signed_at : "";
    int mentor_rev = a.mentor ? a.mentor->revision : 0,
        mentee_rev = a.mentee ? a.mentee->revision : 0;
    soci::indicator m_ind = a.mentor ? soci::i_ok : soci::i_null;
    soci::indicator e_ind = a.mentee ? soci::i_ok : soci::i_null;
    soci::indicator m_ind2 = m_ind, m_ind3 = m_ind, e_ind2 = e_ind, e_ind3 = e_ind;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "DELETE FROM agreements WHERE pair_id = :p", soci::use(pair);
    SessionOf(tx_) << "INSERT INTO agreements (pair_id, template_version, revision, specifics, "
                      "mentor_name, mentor_signed_at, mentor_revision, mentee_name, "
                      "mentee_signed_at, mentee_revision, updated_at) VALUES (:p, :tv, :r, :s, "
                      ":mn, :ma, :mr, :en, :ea, :er, :u)",
        soci::use(pair), soci::use(template_version), soci::use(revision), soci::use(specifics),
        soci::use(mentor_name, m_ind), soci::use(mentor_at, m_ind2), soci::use(mentor_rev, m_ind3),
        soci::use(mentee_name, e_ind), soci::use(mentee_at, e_ind2), soci::use(mentee_rev, e_ind3),
        soci::use(now);
  });
}

// --- goals ---

namespace {

// A goal's values as its INSERT and UPDATE bind them (no target: NULL).
struct GoalValues {
  explicit GoalValues(const Goal& goal)
      : g(goal),
        target_ind(goal.target_on.empty() ? soci::i_null : soci::i_ok),
        is_private(goal.is_private ? 1 : 0),
        milestones(MilestonesText(goal.milestones)),
        notes(NotesText(goal.notes)) {}
  Goal g;
  soci::indicator target_ind;
  int is_private;
  std::string milestones, notes;
};

}  // namespace

std::int64_t JourneyRepository::InsertGoal(const Goal& goal) {
  return Guard("saving goal", [&] {
    GoalValues v(goal);
    long long pair = goal.pair_id, program = goal.program_id, by = goal.created_by, id = 0;
    soci::indicator by_ind = goal.created_by ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO goals (pair_id, program_id, title, category, success, "
                      "target_on, status, private, milestones, notes, created_by, created_at, "
                      "updated_at) VALUES (:pr, :pg, :t, :c, :s, :to, :st, :pv, :m, :n, :b, :ca, "
                      ":ua) RETURNING id",
        soci::use(pair), soci::use(program), soci::use(v.g.title), soci::use(v.g.category),
        soci::use(v.g.success), soci::use(v.g.target_on, v.target_ind), soci::use(v.g.status),
        soci::use(v.is_private), soci::use(v.milestones), soci::use(v.notes), soci::use(by, by_ind),
        soci::use(now), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void JourneyRepository::UpdateGoal(const Goal& goal) {
  Guard("saving goal", [&] {
    GoalValues v(goal);
    long long id = goal.id;
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE goals SET title = :t, category = :c, success = :s, "
                                   "target_on = :to, status = :st, private = :pv, "
                                   "milestones = :m, notes = :n, updated_at = :u WHERE id = :id",
         soci::use(v.g.title), soci::use(v.g.category), soci::use(v.g.success),
         soci::use(v.g.target_on, v.target_ind), soci::use(v.g.status), soci::use(v.is_private),
         soci::use(v.milestones), soci::use(v.notes), soci::use(now), soci::use(id));
    st.execute(true);
    RequireAffected(st, "goal " + std::to_string(goal.id));
  });
}

bool JourneyRepository::DeleteGoal(std::int64_t id) {
  return Guard("deleting goal", [&] { return DeleteById(tx_, "goals", id); });
}

std::optional<Goal> JourneyRepository::FindGoal(std::int64_t id) {
  return Guard("reading goal", [&] { return First(SelectGoals(tx_, "WHERE id = :k", id)); });
}

std::vector<Goal> JourneyRepository::ListGoalsByPair(std::int64_t pair_id) {
  return Guard("reading goals",
               [&] { return SelectGoals(tx_, "WHERE pair_id = :k ORDER BY id", pair_id); });
}

std::vector<Goal> JourneyRepository::ListGoalsByProgram(std::int64_t program_id) {
  return Guard("reading goals", [&] {
    return SelectGoals(tx_, "WHERE program_id = :k ORDER BY pair_id, id", program_id);
  });
}

// --- projects ---

namespace {

// A project's values as its INSERT and UPDATE bind them (no dates: NULL).
struct ProjectValues {
  explicit ProjectValues(const Project& project)
      : p(project),
        starts_ind(project.starts_on.empty() ? soci::i_null : soci::i_ok),
        ends_ind(project.ends_on.empty() ? soci::i_null : soci::i_ok) {}
  Project p;
  soci::indicator starts_ind, ends_ind;
};

}  // namespace

std::int64_t JourneyRepository::InsertProject(const Project& project) {
  return Guard("saving project", [&] {
    ProjectValues v(project);
    long long pair = project.pair_id, program = project.program_id, id = 0;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO projects (pair_id, program_id, title, type, status, starts_on, "
                      "ends_on, lead, description, created_at, updated_at) VALUES (:pr, :pg, :t, "
                      ":ty, :st, :s, :e, :l, :d, :ca, :ua) RETURNING id",
        soci::use(pair), soci::use(program), soci::use(v.p.title), soci::use(v.p.type),
        soci::use(v.p.status), soci::use(v.p.starts_on, v.starts_ind),
        soci::use(v.p.ends_on, v.ends_ind), soci::use(v.p.lead), soci::use(v.p.description),
        soci::use(now), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void JourneyRepository::UpdateProject(const Project& project) {
  Guard("saving project", [&] {
    ProjectValues v(project);
    long long id = project.id;
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE projects SET title = :t, type = :ty, status = :st, "
                                   "starts_on = :s, ends_on = :e, lead = :l, description = :d, "
                                   "updated_at = :u WHERE id = :id",
         soci::use(v.p.title), soci::use(v.p.type), soci::use(v.p.status),
         soci::use(v.p.starts_on, v.starts_ind), soci::use(v.p.ends_on, v.ends_ind),
         soci::use(v.p.lead), soci::use(v.p.description), soci::use(now), soci::use(id));
    st.execute(true);
    RequireAffected(st, "project " + std::to_string(project.id));
  });
}

bool JourneyRepository::DeleteProject(std::int64_t id) {
  return Guard("deleting project", [&] { return DeleteById(tx_, "projects", id); });
}

std::optional<Project> JourneyRepository::FindProject(std::int64_t id) {
  return Guard("reading project", [&] { return First(SelectProjects(tx_, "WHERE id = :k", id)); });
}

std::vector<Project> JourneyRepository::ListProjectsByPair(std::int64_t pair_id) {
  return Guard("reading projects",
               [&] { return SelectProjects(tx_, "WHERE pair_id = :k ORDER BY id", pair_id); });
}

std::vector<Project> JourneyRepository::ListProjectsByProgram(std::int64_t program_id) {
  return Guard("reading projects", [&] {
    return SelectProjects(tx_, "WHERE program_id = :k ORDER BY pair_id, id", program_id);
  });
}

// --- outputs ---

namespace {

// An output's values as its INSERT and UPDATE bind them (what is not given: NULL).
struct OutputValues {
  explicit OutputValues(const Output& output)
      : o(output),
        pair(output.pair_id.value_or(0)),
        project(output.project_id.value_or(0)),
        year(output.year.value_or(0)),
        pair_ind(output.pair_id ? soci::i_ok : soci::i_null),
        project_ind(output.project_id ? soci::i_ok : soci::i_null),
        year_ind(output.year ? soci::i_ok : soci::i_null),
        doi_ind(output.doi.empty() ? soci::i_null : soci::i_ok),
        pmid_ind(output.pmid.empty() ? soci::i_null : soci::i_ok),
        details(DetailsText(output)) {}
  Output o;
  long long pair, project;
  int year;
  soci::indicator pair_ind, project_ind, year_ind, doi_ind, pmid_ind;
  std::string details;
};

}  // namespace

std::int64_t JourneyRepository::InsertOutput(const Output& output) {
  return Guard("saving output", [&] {
    OutputValues v(output);
    long long program = output.program_id, enrollment = output.enrollment_id,
              by = output.created_by, id = 0;
    soci::indicator by_ind = output.created_by ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO outputs (program_id, enrollment_id, pair_id, project_id, kind, "
                      "title, year, doi, pmid, details, created_by, created_at, updated_at) "
                      "VALUES (:pg, :e, :pr, :pj, :k, :t, :y, :d, :pm, :dt, :b, :ca, :ua) "
                      "RETURNING id",
        soci::use(program), soci::use(enrollment), soci::use(v.pair, v.pair_ind),
        soci::use(v.project, v.project_ind), soci::use(v.o.kind), soci::use(v.o.title),
        soci::use(v.year, v.year_ind), soci::use(v.o.doi, v.doi_ind),
        soci::use(v.o.pmid, v.pmid_ind), soci::use(v.details), soci::use(by, by_ind),
        soci::use(now), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void JourneyRepository::UpdateOutput(const Output& output) {
  Guard("saving output", [&] {
    OutputValues v(output);
    long long id = output.id;
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE outputs SET pair_id = :pr, project_id = :pj, kind = :k, "
                                   "title = :t, year = :y, doi = :d, pmid = :pm, details = :dt, "
                                   "updated_at = :u WHERE id = :id",
         soci::use(v.pair, v.pair_ind), soci::use(v.project, v.project_ind), soci::use(v.o.kind),
         soci::use(v.o.title), soci::use(v.year, v.year_ind), soci::use(v.o.doi, v.doi_ind),
         soci::use(v.o.pmid, v.pmid_ind), soci::use(v.details), soci::use(now), soci::use(id));
    st.execute(true);
    RequireAffected(st, "output " + std::to_string(output.id));
  });
}

bool JourneyRepository::DeleteOutput(std::int64_t id) {
  return Guard("deleting output", [&] { return DeleteById(tx_, "outputs", id); });
}

std::optional<Output> JourneyRepository::FindOutput(std::int64_t id) {
  return Guard("reading output", [&] { return First(SelectOutputs(tx_, "WHERE id = :k", id)); });
}

std::optional<Output> JourneyRepository::FindDuplicateOutput(std::int64_t enrollment_id,
                                                             const std::string& doi,
                                                             const std::string& pmid,
                                                             std::int64_t except_id) {
  return Guard("reading outputs", [&]() -> std::optional<Output> {
    for (const Output& o : SelectOutputs(tx_, "WHERE enrollment_id = :k", enrollment_id)) {
      if (o.id == except_id) continue;
      if ((!doi.empty() && o.doi == doi) || (!pmid.empty() && o.pmid == pmid)) return o;
    }
    return std::nullopt;
  });
}

std::vector<Output> JourneyRepository::ListOutputsByProgram(std::int64_t program_id) {
  return Guard("reading outputs", [&] {
    return SelectOutputs(tx_, "WHERE program_id = :k ORDER BY enrollment_id, id", program_id);
  });
}

// --- positions ---

std::int64_t JourneyRepository::InsertPosition(const Position& position) {
  return Guard("saving position", [&] {
    Position p = position;
    long long program = p.program_id, enrollment = p.enrollment_id, by = p.created_by, id = 0;
    soci::indicator by_ind = p.created_by ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO positions (program_id, enrollment_id, title, institution, "
                      "field, setting, starts_on, created_by, created_at) VALUES (:pg, :e, :t, "
                      ":i, :f, :s, :so, :b, :c) RETURNING id",
        soci::use(program), soci::use(enrollment), soci::use(p.title), soci::use(p.institution),
        soci::use(p.field), soci::use(p.setting), soci::use(p.starts_on), soci::use(by, by_ind),
        soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

bool JourneyRepository::DeletePosition(std::int64_t id) {
  return Guard("deleting position", [&] { return DeleteById(tx_, "positions", id); });
}

std::optional<Position> JourneyRepository::FindPosition(std::int64_t id) {
  return Guard("reading position",
               [&] { return First(SelectPositions(tx_, "WHERE id = :k", id)); });
}

std::vector<Position> JourneyRepository::ListPositionsByProgram(std::int64_t program_id) {
  return Guard("reading positions", [&] {
    return SelectPositions(tx_, "WHERE program_id = :k ORDER BY enrollment_id, starts_on, id",
                           program_id);
  });
}

}  // namespace tandem::store
