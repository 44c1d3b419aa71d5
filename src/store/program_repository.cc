#include "store/program_repository.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

std::string WeightsJson(const MatchingWeights& w) {
  nlohmann::json out = nlohmann::json::object();
  for (const WeightField& f : WeightFields()) out[f.name] = w.*f.member;
  return out.dump();
}

MatchingWeights ParseWeights(const std::string& text) {
  MatchingWeights w;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return w;
  for (const WeightField& f : WeightFields()) {
    if (j.contains(f.name) && j[f.name].is_number()) w.*f.member = j[f.name].get<double>();
  }
  return w;
}

// Column list shared by every SELECT of a program.
constexpr const char* kColumns =
    "id, name, field, kind, objectives, starts_on, ends_on, cadence_days, meeting_mode, "
    "cross_institution, status, weights, max_time_zone_difference_hours, min_score, created_at, "
    "health_due_days, health_at_risk_days, health_stalled_days";

struct Row {
  long long id = 0;
  std::string name, field, kind, objectives, starts_on, ends_on;
  int cadence_days = 0;
  std::string meeting_mode;
  int cross_institution = 0;
  std::string status, weights;
  double max_tz = 0, min_score = 0;
  std::string created_at;
  int due = 0, at_risk = 0, stalled = 0;
  soci::indicator starts_ind{}, ends_ind{}, max_tz_ind{}, min_score_ind{}, due_ind{}, at_risk_ind{},
      stalled_ind{};

  Program ToProgram() const {
    Program p;
    p.id = id;
    p.name = name;
    p.field = field;
    p.kind = ParseProgramKind(kind).value_or(ProgramKind::kCohort);
    p.objectives = objectives;
    p.starts_on = starts_ind == soci::i_ok ? starts_on : "";
    p.ends_on = ends_ind == soci::i_ok ? ends_on : "";
    p.cadence_days = cadence_days;
    p.meeting_mode = ParseMeetingMode(meeting_mode).value_or(MeetingMode::kVirtual);
    p.cross_institution = cross_institution != 0;
    p.status = ParseProgramStatus(status).value_or(ProgramStatus::kDraft);
    p.weights = ParseWeights(weights);
    if (max_tz_ind == soci::i_ok) p.max_time_zone_difference_hours = max_tz;
    if (min_score_ind == soci::i_ok) p.min_score = min_score;
    p.created_at = created_at;
    if (due_ind == soci::i_ok) p.health_due_days = due;
    if (at_risk_ind == soci::i_ok) p.health_at_risk_days = at_risk;
    if (stalled_ind == soci::i_ok) p.health_stalled_days = stalled;
    return p;
  }
};

template <typename... Uses>
soci::statement& SelectInto(Transaction& tx, Row& r, const std::string& where, Uses&&... uses) {
  return Reuse(tx, std::string("SELECT ") + kColumns + " FROM programs " + where, soci::into(r.id),
               soci::into(r.name), soci::into(r.field), soci::into(r.kind),
               soci::into(r.objectives), soci::into(r.starts_on, r.starts_ind),
               soci::into(r.ends_on, r.ends_ind), soci::into(r.cadence_days),
               soci::into(r.meeting_mode), soci::into(r.cross_institution), soci::into(r.status),
               soci::into(r.weights), soci::into(r.max_tz, r.max_tz_ind),
               soci::into(r.min_score, r.min_score_ind), soci::into(r.created_at),
               soci::into(r.due, r.due_ind), soci::into(r.at_risk, r.at_risk_ind),
               soci::into(r.stalled, r.stalled_ind), std::forward<Uses>(uses)...);
}

// Values bound for INSERT and UPDATE.
struct Bound {
  std::string name, field, kind, objectives, starts_on, ends_on, mode, status, weights;
  int cadence = 0, cross = 0, due = 0, at_risk = 0, stalled = 0;
  double max_tz = 0, min_score = 0;
  soci::indicator starts_ind, ends_ind, max_tz_ind, min_score_ind, due_ind, at_risk_ind,
      stalled_ind;
  explicit Bound(const Program& p)
      : name(p.name),
        field(p.field),
        kind(ProgramKindName(p.kind)),
        objectives(p.objectives),
        starts_on(p.starts_on),
        ends_on(p.ends_on),
        mode(MeetingModeName(p.meeting_mode)),
        status(ProgramStatusName(p.status)),
        weights(WeightsJson(p.weights)),
        cadence(p.cadence_days),
        cross(p.cross_institution ? 1 : 0),
        max_tz(p.max_time_zone_difference_hours.value_or(0)),
        min_score(p.min_score.value_or(0)),
        starts_ind(p.starts_on.empty() ? soci::i_null : soci::i_ok),
        ends_ind(p.ends_on.empty() ? soci::i_null : soci::i_ok),
        max_tz_ind(p.max_time_zone_difference_hours ? soci::i_ok : soci::i_null),
        min_score_ind(p.min_score ? soci::i_ok : soci::i_null) {
    const auto bind = [](const std::optional<int>& v, int& value, soci::indicator& ind) {
      value = v.value_or(0);
      ind = v ? soci::i_ok : soci::i_null;
    };
    bind(p.health_due_days, due, due_ind);
    bind(p.health_at_risk_days, at_risk, at_risk_ind);
    bind(p.health_stalled_days, stalled, stalled_ind);
  }
};

}  // namespace

std::int64_t ProgramRepository::Insert(const Program& program) {
  return Guard("saving program \"" + program.name + "\"", [&] {
    soci::session& s = SessionOf(tx_);
    Bound b(program);
    const std::string now = tx_.now_text();
    long long id = 0;
    s << "INSERT INTO programs (name, field, kind, objectives, starts_on, ends_on, cadence_days, "
         "meeting_mode, cross_institution, status, weights, max_time_zone_difference_hours, "
         "min_score, created_at, updated_at, health_due_days, health_at_risk_days, "
         "health_stalled_days) VALUES (:name, :field, :kind, :objectives, :starts, "
         ":ends, :cadence, :mode, :cross, :status, :weights, :max_tz, :min_score, :now, :now2, "
         ":due, :at_risk, :stalled) RETURNING id",
        soci::use(b.name), soci::use(b.field), soci::use(b.kind), soci::use(b.objectives),
        soci::use(b.starts_on, b.starts_ind), soci::use(b.ends_on, b.ends_ind),
        soci::use(b.cadence), soci::use(b.mode), soci::use(b.cross), soci::use(b.status),
        soci::use(b.weights), soci::use(b.max_tz, b.max_tz_ind),
        soci::use(b.min_score, b.min_score_ind), soci::use(now), soci::use(now),
        soci::use(b.due, b.due_ind), soci::use(b.at_risk, b.at_risk_ind),
        soci::use(b.stalled, b.stalled_ind), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void ProgramRepository::Update(const Program& program) {
  Guard("updating program \"" + program.name + "\"", [&] {
    soci::session& s = SessionOf(tx_);
    Bound b(program);
    const std::string now = tx_.now_text();
    long long id = program.id;
    soci::statement st =
        (s.prepare << "UPDATE programs SET name = :name, field = :field, kind = :kind, "
                      "objectives = :objectives, starts_on = :starts, ends_on = :ends, "
                      "cadence_days = :cadence, meeting_mode = :mode, cross_institution = :cross, "
                      "status = :status, weights = :weights, "
                      "max_time_zone_difference_hours = :max_tz, min_score = :min_score, "
                      "health_due_days = :due, health_at_risk_days = :at_risk, "
                      "health_stalled_days = :stalled, updated_at = :now WHERE id = :id",
         soci::use(b.name), soci::use(b.field), soci::use(b.kind), soci::use(b.objectives),
         soci::use(b.starts_on, b.starts_ind), soci::use(b.ends_on, b.ends_ind),
         soci::use(b.cadence), soci::use(b.mode), soci::use(b.cross), soci::use(b.status),
         soci::use(b.weights), soci::use(b.max_tz, b.max_tz_ind),
         soci::use(b.min_score, b.min_score_ind), soci::use(b.due, b.due_ind),
         soci::use(b.at_risk, b.at_risk_ind), soci::use(b.stalled, b.stalled_ind), soci::use(now),
         soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("program " + std::to_string(program.id) + " does not exist");
    }
  });
}

namespace {

// The one program matching `where` (a condition on one bound `key`), if any.
template <typename Key>
std::optional<Program> FindOne(Transaction& tx, const std::string& where, Key key) {
  return Guard("reading program", [&]() -> std::optional<Program> {
    Row r;
    soci::statement& st = SelectInto(tx, r, where, soci::use(key));
    if (!st.execute(true)) return std::nullopt;
    return r.ToProgram();
  });
}

}  // namespace

std::optional<Program> ProgramRepository::Find(std::int64_t id, RowLock lock) {
  std::string where = "WHERE id = :id";
  where += ForUpdateOf(SessionOf(tx_), "programs", lock);
  return FindOne(tx_, where, static_cast<long long>(id));
}

bool ProgramRepository::Exists(std::int64_t id) {
  return Guard("reading program", [&] {
    struct Query {
      long long id = 0, one = 0;
      soci::statement st;
      explicit Query(soci::session& s)
          : st((s.prepare << "SELECT 1 FROM programs WHERE id = :id", soci::use(id),
                soci::into(one))) {}
    };
    Query& q = Prepared<Query>(tx_);
    q.id = id;
    return q.st.execute(true);
  });
}

std::optional<ProgramRepository::Label> ProgramRepository::FindLabel(std::int64_t id) {
  return Guard("reading program", [&]() -> std::optional<Label> {
    struct Query {
      long long id = 0;
      std::string name, kind;
      soci::statement st;
      explicit Query(soci::session& s)
          : st((s.prepare << "SELECT name, kind FROM programs WHERE id = :id", soci::use(id),
                soci::into(name), soci::into(kind))) {}
    };
    Query& q = Prepared<Query>(tx_);
    q.id = id;
    if (!q.st.execute(true)) return std::nullopt;
    return Label{q.name, ParseProgramKind(q.kind).value_or(ProgramKind::kCohort)};
  });
}

std::optional<Program> ProgramRepository::FindByName(const std::string& name) {
  return FindOne(tx_, "WHERE LOWER(name) = LOWER(:name)", name);
}

std::vector<Program> ProgramRepository::List() {
  return Guard("listing programs", [&] {
    Row r;
    std::vector<Program> out;
    soci::statement& st = SelectInto(tx_, r, "ORDER BY id DESC");
    st.execute();
    while (st.fetch()) out.push_back(r.ToProgram());
    return out;
  });
}

std::string ProgramJson(const Program& p) {
  nlohmann::json j = {
      {"id", p.id},
      {"name", p.name},
      {"field", p.field},
      {"kind", ProgramKindName(p.kind)},
      {"objectives", p.objectives},
      {"starts_on", p.starts_on.empty() ? nlohmann::json() : nlohmann::json(p.starts_on)},
      {"ends_on", p.ends_on.empty() ? nlohmann::json() : nlohmann::json(p.ends_on)},
      {"cadence_days", p.cadence_days},
      {"meeting_mode", MeetingModeName(p.meeting_mode)},
      {"cross_institution", p.cross_institution},
      {"status", ProgramStatusName(p.status)},
      {"weights", nlohmann::json::parse(WeightsJson(p.weights))}};
  if (p.max_time_zone_difference_hours) {
    j["max_time_zone_difference_hours"] = *p.max_time_zone_difference_hours;
  }
  if (p.min_score) j["min_score"] = *p.min_score;
  if (p.health_due_days) j["health_due_days"] = *p.health_due_days;
  if (p.health_at_risk_days) j["health_at_risk_days"] = *p.health_at_risk_days;
  if (p.health_stalled_days) j["health_stalled_days"] = *p.health_stalled_days;
  return j.dump();
}

}  // namespace tandem::store
