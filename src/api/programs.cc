// Programs: list, create, read, change, move through their lifecycle; their
// summary; participant CSV import and export.
#include <limits>
#include <sstream>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "http/status.h"
#include "service/pairs.h"
#include "service/participants.h"
#include "service/programs.h"

namespace tandem::api {
namespace {

template <typename T>
T ParseEnum(std::optional<T> parsed, const std::string& field, std::string_view allowed) {
  if (!parsed) throw InvalidArgument(field + " must be one of " + std::string(allowed), field);
  return *parsed;
}

ProgramKind ReadKind(const std::string& text) {
  return ParseEnum(ParseProgramKind(text), "kind", "cohort, peer_support");
}
ProgramStatus ReadStatus(const std::string& text) {
  return ParseEnum(ParseProgramStatus(text), "status",
                   "draft, enrolling, matching, active, closed");
}
MeetingMode ReadMode(const std::string& text) {
  return ParseEnum(ParseMeetingMode(text), "meeting_mode", "virtual, in_person, hybrid");
}

constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

Program DecodeNewProgram(const std::string& body, std::string& vocabulary_from) {
  Program p;
  DecodeObject(body, [&](ObjectReader& r) {
    vocabulary_from = r.OptionalString("vocabulary_from").value_or("");
    p.name = r.String("name");
    p.field = r.String("field");
    p.kind = ReadKind(r.String("kind"));
    if (auto v = r.OptionalString("objectives")) p.objectives = *v;
    if (auto v = r.OptionalStringOrNull("starts_on")) p.starts_on = *v;
    if (auto v = r.OptionalStringOrNull("ends_on")) p.ends_on = *v;
    if (auto v = r.OptionalInt("cadence_days", kIntMin, kIntMax))
      p.cadence_days = static_cast<int>(*v);
    if (auto v = r.OptionalString("meeting_mode")) p.meeting_mode = ReadMode(*v);
    if (auto v = r.OptionalBool("cross_institution")) p.cross_institution = *v;
    if (auto v = r.OptionalString("status")) p.status = ReadStatus(*v);
    r.Object("weights", [&](ObjectReader& w) { p.weights = ReadWeights(w).AppliedTo(p.weights); });
    if (auto v = r.NullableNumber("max_time_zone_difference_hours")) {
      p.max_time_zone_difference_hours = *v;
    }
    if (auto v = r.NullableNumber("min_score")) p.min_score = *v;
    for (auto [name, field] : {std::pair{"health_due_days", &Program::health_due_days},
                               std::pair{"health_at_risk_days", &Program::health_at_risk_days},
                               std::pair{"health_stalled_days", &Program::health_stalled_days}}) {
      if (auto v = r.NullableInt(name, 1, 1000)) {
        p.*field = *v ? std::optional<int>(static_cast<int>(**v)) : std::nullopt;
      }
    }
  });
  return p;
}

// The fields of a PATCH. Weights may be partial: the rest keep their values.
service::ProgramPatch DecodePatch(const Call& call) {
  service::ProgramPatch patch;
  DecodeObject(call.request.body, [&](ObjectReader& r) {
    for (std::string_view fixed : {"id", "kind", "status", "created_at"}) {
      if (r.Has(fixed)) {
        std::string hint = fixed == "status" ? " (use POST /api/v1/programs/{id}/transition)" : "";
        throw InvalidArgument(std::string(fixed) + " cannot be changed" + hint, std::string(fixed));
      }
    }
    patch.name = r.OptionalString("name");
    patch.field = r.OptionalString("field");
    patch.objectives = r.OptionalString("objectives");
    patch.starts_on = r.OptionalStringOrNull("starts_on");
    patch.ends_on = r.OptionalStringOrNull("ends_on");
    if (auto v = r.OptionalInt("cadence_days", kIntMin, kIntMax)) {
      patch.cadence_days = static_cast<int>(*v);
    }
    if (auto v = r.OptionalString("meeting_mode")) patch.meeting_mode = ReadMode(*v);
    patch.cross_institution = r.OptionalBool("cross_institution");
    r.Object("weights", [&](ObjectReader& w) { patch.weights = ReadWeights(w); });
    patch.max_time_zone_difference_hours = r.NullableNumber("max_time_zone_difference_hours");
    patch.min_score = r.NullableNumber("min_score");
    for (auto [name, field] :
         {std::pair{"health_due_days", &service::ProgramPatch::health_due_days},
          std::pair{"health_at_risk_days", &service::ProgramPatch::health_at_risk_days},
          std::pair{"health_stalled_days", &service::ProgramPatch::health_stalled_days}}) {
      if (auto v = r.NullableInt(name, 1, 1000)) {
        patch.*field = *v ? std::optional<int>(static_cast<int>(**v)) : std::nullopt;
      }
    }
  });
  return patch;
}

}  // namespace

void AddProgramRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs", [](Call& call) {
    Json list = Json::array();
    for (const Program& p : service::ListPrograms(call.db, call.actor)) list.push_back(Encode(p));
    return http::Response::Json(Dump({{"programs", list}}));
  });

  routes.Add("POST", "/api/v1/programs", [](Call& call) {
    std::string vocabulary_from;
    Program program = DecodeNewProgram(call.request.body, vocabulary_from);
    return http::Response::Json(Dump(Encode(service::CreateProgram(
                                    call.db, call.actor, std::move(program), vocabulary_from))),
                                201);
  });

  routes.Add("GET", "/api/v1/programs/{id}", [](Call& call) {
    return http::Response::Json(Dump(Encode(service::GetProgram(call.db, call.actor, call.Id()))));
  });

  routes.Add("PATCH", "/api/v1/programs/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::ProgramPatch patch = DecodePatch(call);
    return http::Response::Json(
        Dump(Encode(service::UpdateProgram(call.db, call.actor, id, patch))));
  });

  routes.Add("POST", "/api/v1/programs/{id}/transition", [](Call& call) {
    const std::int64_t id = call.Id();
    ProgramStatus to{};
    DecodeObject(call.request.body, [&](ObjectReader& r) { to = ReadStatus(r.String("status")); });
    return http::Response::Json(
        Dump(Encode(service::TransitionProgram(call.db, call.actor, id, to))));
  });

  routes.Add("GET", "/api/v1/programs/{id}/summary", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetProgramSummary(call.db, call.actor, call.Id()))));
  });

  routes.Add(
      "POST", "/api/v1/programs/{id}/participants/import",
      [](Call& call) {
        const std::int64_t id = call.Id();
        std::istringstream csv(call.request.body);
        service::ImportReport report = service::ImportParticipants(call.db, call.actor, id, csv);
        if (!report.ok()) {
          Error error(ErrorCode::kInvalidArgument,
                      std::to_string(report.errors.size()) +
                          " problem(s) in the file; nothing was imported");
          return http::ProblemsResponse(error, Dump(EncodeProblems(report.errors)));
        }
        return http::Response::Json(Dump({{"rows", report.rows},
                                          {"added", report.added},
                                          {"updated", report.updated},
                                          {"invited", report.invited},
                                          {"welcomed", report.welcomed},
                                          {"warnings", EncodeProblems(report.warnings)}}));
      },
      Csrf::kRequired, http::RouteOptions{.max_body_bytes = kMaxCsvBytes}, Body::kCsv);

  routes.Add("GET", "/api/v1/programs/{id}/participants/export", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportParticipants(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "program-" + std::to_string(id) + "-participants.csv");
  });
}

}  // namespace tandem::api
