// Mentees choosing (docs/matching.md#how-people-are-matched): the matching
// mode, shortlists, requests and their answers, the directory for prefer
// and avoid lists.
#include "service/mentor_choice.h"

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"

namespace tandem::api {
namespace {

std::optional<RequestStatus> StatusQuery(const Call& call) {
  const std::optional<std::string> text = call.Query("status");
  if (!text) return std::nullopt;
  const std::optional<RequestStatus> status = ParseRequestStatus(*text);
  if (!status) {
    throw InvalidArgument("status is pending, accepted, declined, withdrawn or expired", "status");
  }
  return status;
}

Json RequestList(const std::vector<MentorRequest>& requests) {
  Json list = Json::array();
  for (const MentorRequest& r : requests) list.push_back(Encode(r));
  return Json{{"requests", std::move(list)}};
}

}  // namespace

void AddMentorChoiceRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs/{id}/matching-mode", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetChoiceSettings(call.db, call.actor, call.Id()))));
  });
  routes.Add("PUT", "/api/v1/programs/{id}/matching-mode", [](Call& call) {
    const std::int64_t id = call.Id();
    ChoiceSettings s;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      const std::string mode = r.String("mode");
      const std::optional<MatchingMode> parsed = ParseMatchingMode(mode);
      if (!parsed) {
        throw InvalidArgument("mode is coordinator, mentee_led or both", r.PathOf("mode"));
      }
      s.mode = *parsed;
      if (auto v = r.OptionalInt("shortlist_size", 1, 50)) s.shortlist_size = static_cast<int>(*v);
      if (auto v = r.OptionalInt("max_open_requests", 1, 10)) {
        s.max_open_requests = static_cast<int>(*v);
      }
      if (auto v = r.OptionalInt("answer_days", 1, 60)) s.answer_days = static_cast<int>(*v);
      if (auto v = r.OptionalStringOrNull("opens_on")) s.opens_on = *v;
      if (auto v = r.OptionalStringOrNull("closes_on")) s.closes_on = *v;
    });
    return http::Response::Json(
        Dump(Encode(service::UpdateChoiceSettings(call.db, call.actor, id, s))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/shortlist", [](Call& call) {
    service::ShortlistQuery q;
    q.mentee = call.Query("mentee").value_or("");
    if (auto v = call.QueryInt("limit", 1, 50)) q.limit = static_cast<int>(*v);
    q.text = call.Query("q").value_or("");
    q.interest = call.Query("interest").value_or("");
    q.institution = call.Query("institution").value_or("");
    q.time_zone = call.Query("time_zone").value_or("");
    return http::Response::Json(
        Dump(Encode(service::GetShortlist(call.db, call.actor, call.Id(), q))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/requests", [](Call& call) {
    const std::int64_t id = call.Id();
    const std::optional<RequestStatus> status = StatusQuery(call);
    return http::Response::Json(
        Dump(RequestList(service::ListRequests(call.db, call.actor, id, status))));
  });
  routes.Add("POST", "/api/v1/programs/{id}/requests", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string mentor, note;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      mentor = r.String("mentor");
      if (auto n = r.OptionalString("note")) note = *n;
    });
    return http::Response::Json(
        Dump(Encode(service::SendRequest(call.db, call.actor, id, mentor, note))), 201);
  });
  routes.Add("GET", "/api/v1/requests/{id}", [](Call& call) {
    return http::Response::Json(Dump(Encode(service::GetRequest(call.db, call.actor, call.Id()))));
  });
  routes.Add("POST", "/api/v1/requests/{id}/accept", [](Call& call) {
    const std::int64_t id = call.Id();
    RequireEmptyBody(call.request.body);
    return http::Response::Json(Dump(Encode(service::AcceptRequest(call.db, call.actor, id))));
  });
  routes.Add("POST", "/api/v1/requests/{id}/decline", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string reason, message;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      reason = r.String("reason");
      if (auto m = r.OptionalString("message")) message = *m;
    });
    return http::Response::Json(
        Dump(Encode(service::DeclineRequest(call.db, call.actor, id, reason, message))));
  });
  routes.Add("POST", "/api/v1/requests/{id}/withdraw", [](Call& call) {
    const std::int64_t id = call.Id();
    RequireEmptyBody(call.request.body);
    return http::Response::Json(Dump(Encode(service::WithdrawRequest(call.db, call.actor, id))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/directory", [](Call& call) {
    const std::int64_t id = call.Id();
    const std::string side_text = call.Query("side").value_or("");
    const std::optional<Role> side = ParseRole(side_text);
    if (!side || (*side != Role::kMentor && *side != Role::kMentee)) {
      throw InvalidArgument("side is mentor or mentee", "side");
    }
    int limit = 20;
    if (auto v = call.QueryInt("limit", 1, 50)) limit = static_cast<int>(*v);
    std::vector<std::string> ids;
    if (auto text = call.Query("ids")) {
      std::string one;
      for (char c : *text + ",") {
        if (c != ',') {
          one += c;
        } else if (!one.empty()) {
          ids.push_back(one);
          one.clear();
        }
      }
    }
    Json list = Json::array();
    for (const service::DirectoryEntry& e : service::SearchDirectory(
             call.db, call.actor, id, *side, call.Query("q").value_or(""), limit, ids)) {
      list.push_back(Encode(e));
    }
    return http::Response::Json(Dump(Json{{"people", std::move(list)}}));
  });
}

}  // namespace tandem::api
