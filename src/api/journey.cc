// The program journey: journey settings, agreements, goals, projects,
// outputs (with CSV import and export), career positions and the retention
// figure, and the coordinator's per-pair view (docs/journey.md).
#include "service/journey.h"

#include <sstream>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "http/status.h"

namespace tandem::api {
namespace {

RetentionIndicator ReadIndicator(ObjectReader& r) {
  RetentionIndicator ind;
  if (auto label = r.OptionalString("label")) ind.label = *label;
  ind.fields = r.Strings("fields");
  if (auto s = r.OptionalStrings("settings")) ind.settings = *s;
  if (auto w = r.OptionalStrings("title_words")) ind.title_words = *w;
  if (auto m = r.OptionalInt("months_after_end", 0, 120))
    ind.months_after_end = static_cast<int>(*m);
  return ind;
}

service::GoalInput ReadGoal(ObjectReader& r) {
  service::GoalInput in;
  in.title = r.OptionalString("title");
  in.category = r.OptionalString("category");
  in.success = r.OptionalString("success");
  in.target_on = r.OptionalStringOrNull("target_on");
  in.status = r.OptionalString("status");
  in.is_private = r.OptionalBool("private");
  if (r.Has("milestones")) {
    std::vector<Milestone> list;
    r.ObjectArray("milestones", [&](ObjectReader& m) {
      Milestone ms;
      ms.title = m.String("title");
      if (auto due = m.OptionalStringOrNull("due_on")) ms.due_on = *due;
      if (auto done = m.OptionalBool("done")) ms.done = *done;
      list.push_back(std::move(ms));
    });
    in.milestones = std::move(list);
  }
  return in;
}

service::ProjectInput ReadProject(ObjectReader& r) {
  service::ProjectInput in;
  in.title = r.OptionalString("title");
  in.type = r.OptionalString("type");
  in.status = r.OptionalString("status");
  in.starts_on = r.OptionalStringOrNull("starts_on");
  in.ends_on = r.OptionalStringOrNull("ends_on");
  in.lead = r.OptionalStringOrNull("lead");
  in.description = r.OptionalString("description");
  return in;
}

// An output's fields (docs/journey.md); `person_id` only when creating.
Output ReadOutput(ObjectReader& r, bool with_person) {
  Output o;
  if (with_person) o.enrollment_id = r.Int("person_id", 1, INT64_MAX);
  if (auto pair = r.NullableInt("pair_id", 1, INT64_MAX)) o.pair_id = *pair;
  if (auto project = r.NullableInt("project_id", 1, INT64_MAX)) o.project_id = *project;
  o.kind = r.String("kind");
  o.title = r.String("title");
  if (auto year = r.NullableInt("year", 1, 9999); year && *year) o.year = static_cast<int>(**year);
  for (auto [name, field] : {std::pair{"authors", &o.authors},
                             {"journal", &o.journal},
                             {"doi", &o.doi},
                             {"pmid", &o.pmid},
                             {"meeting", &o.meeting},
                             {"format", &o.format},
                             {"funder", &o.funder},
                             {"mechanism", &o.mechanism},
                             {"currency", &o.currency},
                             {"grant_status", &o.grant_status},
                             {"starts_on", &o.starts_on},
                             {"ends_on", &o.ends_on},
                             {"awarding_body", &o.awarding_body},
                             {"notes", &o.notes}}) {
    if (auto v = r.OptionalStringOrNull(name)) *field = *v;
  }
  if (auto amount = r.NullableNumber("amount")) o.amount = *amount;
  return o;
}

}  // namespace

void AddJourneyRoutes(RouteAdder& routes) {
  // --- settings ---
  routes.Add("GET", "/api/v1/programs/{id}/journey-settings", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetJourneySettings(call.db, call.actor, call.Id()))));
  });
  routes.Add("PATCH", "/api/v1/programs/{id}/journey-settings", [](Call& call) {
    const std::int64_t id = call.Id();
    service::JourneySettingsChange change;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      change.agreement_template = r.OptionalStringOrNull("agreement_template");
      change.career_fields = r.OptionalStrings("career_fields");
      if (auto k = r.OptionalInt("small_cell_k", 2, 50)) change.small_cell_k = static_cast<int>(*k);
      if (r.Has("retention")) {
        const Json* raw = r.Raw("retention");
        if (raw->is_null()) {
          change.retention = std::optional<RetentionIndicator>();
        } else {
          r.Object("retention", [&](ObjectReader& ind) { change.retention = ReadIndicator(ind); });
        }
      }
    });
    return http::Response::Json(
        Dump(Encode(service::UpdateJourneySettings(call.db, call.actor, id, change))));
  });

  // --- agreements ---
  routes.Add("GET", "/api/v1/pairs/{id}/agreement", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetAgreement(call.db, call.actor, call.Id()))));
  });
  routes.Add("PUT", "/api/v1/pairs/{id}/agreement", [](Call& call) {
    const std::int64_t id = call.Id();
    AgreementSpecifics s;
    int revision = 0;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      revision = static_cast<int>(r.Int("revision", 0, 1000000));
      r.Object("specifics", [&](ObjectReader& sp) {
        for (auto [name, field] : {std::pair{"cadence", &s.cadence},
                                   {"mode", &s.mode},
                                   {"contact", &s.contact},
                                   {"first_goals", &s.first_goals},
                                   {"other", &s.other}}) {
          if (auto v = sp.OptionalString(name)) *field = *v;
        }
      });
    });
    return http::Response::Json(
        Dump(Encode(service::SaveAgreement(call.db, call.actor, id, s, revision))));
  });
  routes.Add("POST", "/api/v1/pairs/{id}/agreement/sign", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string name;
    int revision = 0;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      revision = static_cast<int>(r.Int("revision", 1, 1000000));
      name = r.String("name");
    });
    return http::Response::Json(
        Dump(Encode(service::SignAgreement(call.db, call.actor, id, name, revision))));
  });

  // --- goals ---
  routes.Add("GET", "/api/v1/pairs/{id}/goals", [](Call& call) {
    const service::GoalList list = service::ListGoals(call.db, call.actor, call.Id());
    Json goals = Json::array();
    for (const Goal& g : list.goals) goals.push_back(Encode(g));
    return http::Response::Json(
        Dump({{"goals", std::move(goals)}, {"private_goals", list.private_goals}}));
  });
  routes.Add("POST", "/api/v1/pairs/{id}/goals", [](Call& call) {
    const std::int64_t id = call.Id();
    service::GoalInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadGoal(r); });
    return http::Response::Json(Dump(Encode(service::CreateGoal(call.db, call.actor, id, in))),
                                201);
  });
  routes.Add("PATCH", "/api/v1/goals/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::GoalInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadGoal(r); });
    return http::Response::Json(Dump(Encode(service::UpdateGoal(call.db, call.actor, id, in))));
  });
  routes.Add("POST", "/api/v1/goals/{id}/notes", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string text;
    DecodeObject(call.request.body, [&](ObjectReader& r) { text = r.String("text"); });
    return http::Response::Json(Dump(Encode(service::AddGoalNote(call.db, call.actor, id, text))),
                                201);
  });
  routes.Add("DELETE", "/api/v1/goals/{id}", [](Call& call) {
    RequireEmptyBody(call.request.body);
    service::DeleteGoal(call.db, call.actor, call.Id());
    return http::Response::NoContent();
  });

  // --- projects ---
  routes.Add("GET", "/api/v1/pairs/{id}/projects", [](Call& call) {
    Json list = Json::array();
    for (const Project& p : service::ListProjects(call.db, call.actor, call.Id())) {
      list.push_back(Encode(p));
    }
    return http::Response::Json(Dump({{"projects", std::move(list)}}));
  });
  routes.Add("POST", "/api/v1/pairs/{id}/projects", [](Call& call) {
    const std::int64_t id = call.Id();
    service::ProjectInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadProject(r); });
    return http::Response::Json(Dump(Encode(service::CreateProject(call.db, call.actor, id, in))),
                                201);
  });
  routes.Add("PATCH", "/api/v1/projects/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::ProjectInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadProject(r); });
    return http::Response::Json(Dump(Encode(service::UpdateProject(call.db, call.actor, id, in))));
  });
  routes.Add("DELETE", "/api/v1/projects/{id}", [](Call& call) {
    RequireEmptyBody(call.request.body);
    service::DeleteProject(call.db, call.actor, call.Id());
    return http::Response::NoContent();
  });

  // --- outputs ---
  routes.Add("GET", "/api/v1/programs/{id}/outputs", [](Call& call) {
    Json list = Json::array();
    for (const Output& o : service::ListOutputs(call.db, call.actor, call.Id())) {
      list.push_back(Encode(o));
    }
    return http::Response::Json(Dump({{"outputs", std::move(list)}}));
  });
  routes.Add("POST", "/api/v1/programs/{id}/outputs", [](Call& call) {
    const std::int64_t id = call.Id();
    Output o;
    DecodeObject(call.request.body, [&](ObjectReader& r) { o = ReadOutput(r, true); });
    return http::Response::Json(
        Dump(Encode(service::CreateOutput(call.db, call.actor, id, std::move(o)))), 201);
  });
  routes.Add("PUT", "/api/v1/outputs/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    Output o;
    DecodeObject(call.request.body, [&](ObjectReader& r) { o = ReadOutput(r, false); });
    return http::Response::Json(
        Dump(Encode(service::UpdateOutput(call.db, call.actor, id, std::move(o)))));
  });
  routes.Add("DELETE", "/api/v1/outputs/{id}", [](Call& call) {
    RequireEmptyBody(call.request.body);
    service::DeleteOutput(call.db, call.actor, call.Id());
    return http::Response::NoContent();
  });
  routes.Add(
      "POST", "/api/v1/programs/{id}/outputs/import",
      [](Call& call) {
        const std::int64_t id = call.Id();
        std::istringstream csv(call.request.body);
        const service::OutputImportReport report =
            service::ImportOutputs(call.db, call.actor, id, csv);
        if (!report.errors.empty()) {
          Error error(ErrorCode::kInvalidArgument,
                      std::to_string(report.errors.size()) +
                          " problem(s) in the file; nothing was imported");
          return http::ProblemsResponse(error, Dump(EncodeProblems(report.errors)));
        }
        return http::Response::Json(Dump({{"imported", report.imported}}));
      },
      Csrf::kRequired, http::RouteOptions{.max_body_bytes = kMaxCsvBytes}, Body::kCsv);
  routes.Add("GET", "/api/v1/programs/{id}/outputs/export", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportOutputs(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "program-" + std::to_string(id) + "-outputs.csv");
  });

  // --- career positions and outcomes ---
  routes.Add("POST", "/api/v1/programs/{id}/positions", [](Call& call) {
    const std::int64_t id = call.Id();
    Position p;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      p.enrollment_id = r.Int("person_id", 1, INT64_MAX);
      p.title = r.String("title");
      if (auto i = r.OptionalString("institution")) p.institution = *i;
      p.field = r.String("field");
      p.setting = r.String("setting");
      p.starts_on = r.String("starts_on");
    });
    return http::Response::Json(
        Dump(Encode(service::AddPosition(call.db, call.actor, id, std::move(p)))), 201);
  });
  routes.Add("DELETE", "/api/v1/positions/{id}", [](Call& call) {
    RequireEmptyBody(call.request.body);
    service::DeletePosition(call.db, call.actor, call.Id());
    return http::Response::NoContent();
  });
  routes.Add("GET", "/api/v1/programs/{id}/outcomes", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetRetention(call.db, call.actor, call.Id()))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/outcomes/export", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportOutcomes(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "program-" + std::to_string(id) + "-outcomes.csv");
  });

  // --- the coordinator's view of every pair ---
  routes.Add("GET", "/api/v1/programs/{id}/pair-journeys", [](Call& call) {
    Json list = Json::array();
    for (const service::PairJourney& j :
         service::ListPairJourneys(call.db, call.actor, call.Id())) {
      list.push_back(Encode(j));
    }
    return http::Response::Json(Dump({{"pairs", std::move(list)}}));
  });
}

}  // namespace tandem::api
