// Program events: planning, answers, attendance (by hand or from a report),
// the recording for those who missed a required event (docs/journey.md).
#include "service/events.h"

#include <sstream>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "http/status.h"

namespace tandem::api {
namespace {

service::EventInput ReadEvent(ObjectReader& r) {
  service::EventInput in;
  in.kind = r.OptionalString("kind");
  in.title = r.OptionalString("title");
  in.start = r.OptionalString("start");
  in.end = r.OptionalString("end");
  if (auto z = r.OptionalString("time_zone")) in.time_zone = *z;
  if (auto m = r.OptionalInt("minutes", 5, 1440)) in.minutes = static_cast<int>(*m);
  in.location = r.OptionalString("location");
  in.description = r.OptionalString("description");
  in.audience = r.OptionalString("audience");
  in.required = r.OptionalBool("required");
  in.recording_url = r.OptionalStringOrNull("recording_url");
  in.cancelled = r.OptionalBool("cancelled");
  if (r.Has("materials")) {
    const Json* raw = r.Raw("materials");
    if (!raw->is_array()) WrongType(r.PathOf("materials"), "an array of resource ids");
    std::vector<std::int64_t> ids;
    for (const Json& id : *raw) {
      if (!id.is_number_integer() || id.get<std::int64_t>() < 1) {
        WrongType(r.PathOf("materials"), "an array of resource ids");
      }
      ids.push_back(id.get<std::int64_t>());
    }
    in.materials = std::move(ids);
  }
  return in;
}

Json Invitees(const std::vector<service::Invitee>& list) {
  Json out = Json::array();
  for (const service::Invitee& i : list) out.push_back(Encode(i));
  return out;
}

}  // namespace

void AddEventRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs/{id}/events", [](Call& call) {
    Json list = Json::array();
    for (const service::EventView& v : service::ListEvents(call.db, call.actor, call.Id())) {
      list.push_back(Encode(v));
    }
    return http::Response::Json(Dump({{"events", std::move(list)}}));
  });
  routes.Add("POST", "/api/v1/programs/{id}/events", [](Call& call) {
    const std::int64_t id = call.Id();
    service::EventInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadEvent(r); });
    const ProgramEvent created = service::CreateEvent(call.db, call.actor, id, in);
    return http::Response::Json(Dump(Encode(service::GetEvent(call.db, call.actor, created.id))),
                                201);
  });
  routes.Add("PATCH", "/api/v1/events/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::EventInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadEvent(r); });
    service::UpdateEvent(call.db, call.actor, id, in);
    return http::Response::Json(Dump(Encode(service::GetEvent(call.db, call.actor, id))));
  });
  routes.Add("POST", "/api/v1/events/{id}/answer", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string answer;
    DecodeObject(call.request.body, [&](ObjectReader& r) { answer = r.String("answer"); });
    return http::Response::Json(
        Dump(Encode(service::AnswerEvent(call.db, call.actor, id, answer))));
  });
  routes.Add("GET", "/api/v1/events/{id}/invitees", [](Call& call) {
    return http::Response::Json(
        Dump({{"invitees", Invitees(service::ListInvitees(call.db, call.actor, call.Id()))}}));
  });
  routes.Add("PUT", "/api/v1/events/{id}/attendance", [](Call& call) {
    const std::int64_t id = call.Id();
    std::vector<service::AttendanceMark> marks;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      r.ObjectArray("attendance", [&](ObjectReader& a) {
        marks.push_back({a.Int("person_id", 1, INT64_MAX), a.Bool("attended")});
      });
    });
    return http::Response::Json(
        Dump({{"invitees", Invitees(service::RecordAttendance(call.db, call.actor, id, marks))}}));
  });
  routes.Add(
      "POST", "/api/v1/events/{id}/attendance/import",
      [](Call& call) {
        const std::int64_t id = call.Id();
        const int min_minutes = static_cast<int>(call.QueryInt("min_minutes", 1, 1440).value_or(1));
        std::istringstream csv(call.request.body);
        const service::AttendanceImport report =
            service::ImportAttendance(call.db, call.actor, id, csv, min_minutes);
        if (!report.errors.empty()) {
          Error error(ErrorCode::kInvalidArgument,
                      std::to_string(report.errors.size()) +
                          " problem(s) in the report; nothing was recorded");
          return http::ProblemsResponse(error, Dump(EncodeProblems(report.errors)));
        }
        return http::Response::Json(
            Dump({{"attended", report.attended}, {"absent", report.absent}}));
      },
      Csrf::kRequired, http::RouteOptions{.max_body_bytes = std::size_t{4} << 20}, Body::kCsv);
  routes.Add("POST", "/api/v1/events/{id}/send-recording", [](Call& call) {
    RequireEmptyBody(call.request.body);
    return http::Response::Json(
        Dump({{"sent", service::SendRecording(call.db, call.actor, call.Id())}}));
  });
  routes.Add("GET", "/api/v1/programs/{id}/missed-events", [](Call& call) {
    Json list = Json::array();
    for (const service::MissedEvent& m :
         service::ListMissedRequired(call.db, call.actor, call.Id())) {
      service::EventView v;
      v.event = m.event;
      list.push_back({{"event", Encode(v)}, {"people", Invitees(m.people)}});
    }
    return http::Response::Json(Dump({{"events", std::move(list)}}));
  });
}

}  // namespace tandem::api
