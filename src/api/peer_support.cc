// Peer support (docs/peer-support.md): the public request form and the
// follow, offer and check-in links (no account), the specialists' queue,
// suggestions and offers, volunteers' standing, peer profiles, settings,
// the access log and the export.
#include "service/peer_support.h"

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "http/status.h"

#include <sstream>

namespace tandem::api {
namespace {

std::optional<bool> BoolQuery(const Call& call, std::string_view name) {
  const std::optional<std::string> v = call.Query(name);
  if (!v) return std::nullopt;
  if (*v == "1" || *v == "true" || *v == "yes") return true;
  if (*v == "0" || *v == "false" || *v == "no") return false;
  throw InvalidArgument(std::string(name) + " is true or false", std::string(name));
}

Json Submitted(const service::SubmittedPeerRequest& s) {
  return {{"id", s.request.id},
          {"status", PeerRequestStatusName(s.request.status)},
          {"follow_link", s.follow_link}};
}

}  // namespace

void AddPeerSupportRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/peer-vocabulary",
             [](Call&) { return http::Response::Json(Dump(PeerVocabulary())); });
  routes.Add("GET", "/api/v1/peer/programs/{id}", [](Call& call) {
    const service::PublicPeerProgram p = service::GetPublicPeerProgram(call.db, call.Id());
    return http::Response::Json(
        Dump({{"id", p.id}, {"name", p.name}, {"objectives", p.objectives}, {"open", p.open}}));
  });
  routes.Add("POST", "/api/v1/programs/{id}/peer-requests", [](Call& call) {
    const std::int64_t id = call.Id();
    service::PeerRequestInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      in.name = r.String("name");
      in.email = r.String("email");
      in.phone = r.OptionalString("phone").value_or("");
      in.consent_contact = r.OptionalBool("consent_contact").value_or(false);
      in.consent_share = r.OptionalBool("consent_share").value_or(false);
      in.urgent = r.OptionalBool("urgent").value_or(false);
      in.note = r.OptionalString("note").value_or("");
      if (!r.Object("profile", [&](ObjectReader& p) { in.profile = ReadPeerProfile(p); })) {
        throw InvalidArgument("profile is required", "profile");
      }
    });
    return http::Response::Json(Dump(Submitted(service::SubmitPeerRequest(
                                    call.db, call.actor, id, in, call.request.remote_address))),
                                201);
  });
  routes.Add("GET", "/api/v1/programs/{id}/peer-requests", [](Call& call) {
    const std::int64_t id = call.Id();
    service::QueueFilter f;
    if (auto s = call.Query("status")) {
      f.status = ParsePeerRequestStatus(*s);
      if (!f.status) throw InvalidArgument("unknown status \"" + *s + "\"", "status");
    }
    f.urgent = BoolQuery(call, "urgent");
    f.overdue_only = BoolQuery(call, "overdue").value_or(false);
    f.waiting_only = BoolQuery(call, "waiting").value_or(false);
    Json list = Json::array();
    for (const service::QueueEntry& e : service::ListPeerQueue(call.db, call.actor, id, f)) {
      list.push_back(Encode(e));
    }
    return http::Response::Json(Dump({{"requests", std::move(list)}}));
  });
  routes.Add(
      "POST", "/api/v1/programs/{id}/peer-volunteers/import",
      [](Call& call) {
        const std::int64_t id = call.Id();
        std::istringstream csv(call.request.body);
        const service::VolunteerImport report =
            service::ImportPeerVolunteers(call.db, call.actor, id, csv);
        if (!report.errors.empty()) {
          Error error(ErrorCode::kInvalidArgument,
                      std::to_string(report.errors.size()) +
                          " problem(s) in the file; nothing was imported");
          return http::ProblemsResponse(error, Dump(EncodeProblems(report.errors)));
        }
        return http::Response::Json(Dump({{"saved", report.saved}}));
      },
      Csrf::kRequired, http::RouteOptions{.max_body_bytes = kMaxCsvBytes}, Body::kCsv);
  routes.Add("GET", "/api/v1/programs/{id}/peer-requests.csv", [](Call& call) {
    const std::int64_t id = call.Id();
    const bool health = BoolQuery(call, "health").value_or(false);
    return Download(service::ExportPeerRequests(call.db, call.actor, id, health), "text/csv",
                    health ? "peer-requests-with-health.csv" : "peer-requests.csv");
  });
  routes.Add("GET", "/api/v1/peer-requests/{id}", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetPeerRequest(call.db, call.actor, call.Id()))));
  });
  routes.Add("PATCH", "/api/v1/peer-requests/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::PeerRequestChange change;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      change.urgent = r.OptionalBool("urgent");
      if (auto s = r.OptionalString("status")) {
        change.status = ParsePeerRequestStatus(*s);
        if (!change.status) throw InvalidArgument("unknown status \"" + *s + "\"", "status");
      }
    });
    return http::Response::Json(
        Dump(Encode(service::UpdatePeerRequest(call.db, call.actor, id, change))));
  });
  routes.Add("GET", "/api/v1/peer-requests/{id}/suggestions", [](Call& call) {
    const std::int64_t id = call.Id();
    const int limit = static_cast<int>(call.QueryInt("limit", 1, 50).value_or(10));
    Json list = Json::array();
    for (const auto& s : service::SuggestVolunteers(call.db, call.actor, id, limit)) {
      list.push_back(Encode(s));
    }
    return http::Response::Json(Dump({{"suggestions", std::move(list)}}));
  });
  routes.Add("POST", "/api/v1/peer-requests/{id}/offers", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string volunteer;
    DecodeObject(call.request.body, [&](ObjectReader& r) { volunteer = r.String("volunteer"); });
    return http::Response::Json(
        Dump(Encode(service::OfferPeerRequest(call.db, call.actor, id, volunteer))), 201);
  });
  // The links in people's e-mail: the token is the key, no account.
  routes.Add("GET", "/api/v1/peer/follow/{token}", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::FollowPeerRequest(call.db, call.Param("token")))));
  });
  routes.Add("POST", "/api/v1/peer/follow/{token}/withdraw", [](Call& call) {
    RequireEmptyBody(call.request.body);
    return http::Response::Json(
        Dump(Encode(service::WithdrawFollowedRequest(call.db, call.Param("token")))));
  });
  routes.Add("GET", "/api/v1/peer/offers/{token}", [](Call& call) {
    return http::Response::Json(Dump(Encode(service::GetPeerOffer(call.db, call.Param("token")))));
  });
  routes.Add("POST", "/api/v1/peer/offers/{token}/accept", [](Call& call) {
    RequireEmptyBody(call.request.body);
    return http::Response::Json(
        Dump(Encode(service::AcceptPeerOffer(call.db, call.Param("token")))));
  });
  routes.Add("POST", "/api/v1/peer/offers/{token}/decline", [](Call& call) {
    std::string reason;
    DecodeObject(call.request.body, [&](ObjectReader& r) { reason = r.String("reason"); });
    return http::Response::Json(
        Dump(Encode(service::DeclinePeerOffer(call.db, call.Param("token"), reason))));
  });
  routes.Add("POST", "/api/v1/peer/check-ins/{token}", [](Call& call) {
    bool connected = false;
    DecodeObject(call.request.body, [&](ObjectReader& r) { connected = r.Bool("connected"); });
    const service::CheckinAnswer a =
        service::AnswerPeerCheckin(call.db, call.Param("token"), connected);
    return http::Response::Json(
        Dump({{"weeks", a.weeks}, {"connected", a.connected}, {"other_name", a.other_name}}));
  });
  routes.Add("GET", "/api/v1/enrollments/{id}/volunteer", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetVolunteerStanding(call.db, call.actor, call.Id()))));
  });
  routes.Add("PATCH", "/api/v1/enrollments/{id}/volunteer", [](Call& call) {
    const std::int64_t id = call.Id();
    service::VolunteerChange change;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      change.trained_on = r.OptionalStringOrNull("trained_on");
      if (auto s = r.OptionalString("screening")) {
        change.screening = ParseScreening(*s);
        if (!change.screening) {
          throw InvalidArgument("screening is pending, cleared or expired", "screening");
        }
      }
      change.screening_expires_on = r.OptionalStringOrNull("screening_expires_on");
      change.paused = r.OptionalBool("paused");
    });
    return http::Response::Json(
        Dump(Encode(service::UpdateVolunteerStanding(call.db, call.actor, id, change))));
  });
  routes.Add("GET", "/api/v1/enrollments/{id}/peer-profile", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetPeerProfile(call.db, call.actor, call.Id()))));
  });
  routes.Add("PUT", "/api/v1/enrollments/{id}/peer-profile", [](Call& call) {
    const std::int64_t id = call.Id();
    PeerProfile p;
    DecodeObject(call.request.body, [&](ObjectReader& r) { p = ReadPeerProfile(r); });
    return http::Response::Json(Dump(Encode(service::SavePeerProfile(call.db, call.actor, id, p))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/peer-settings", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetPeerSettings(call.db, call.actor, call.Id()))));
  });
  routes.Add("PUT", "/api/v1/programs/{id}/peer-settings", [](Call& call) {
    const std::int64_t id = call.Id();
    PeerSettings s;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      s.target_working_days = static_cast<int>(r.Int("target_working_days", 1, 30));
      s.offer_hours = static_cast<int>(r.Int("offer_hours", 1, 336));
    });
    return http::Response::Json(
        Dump(Encode(service::UpdatePeerSettings(call.db, call.actor, id, s))));
  });
  routes.Add("GET", "/api/v1/peer-access-log", [](Call& call) {
    std::optional<std::int64_t> program = call.QueryInt("program_id", 1, INT64_MAX);
    const int limit = static_cast<int>(call.QueryInt("limit", 1, 1000).value_or(200));
    Json list = Json::array();
    for (const auto& a : service::ListPeerAccess(call.db, call.actor, program, limit)) {
      list.push_back(Encode(a));
    }
    return http::Response::Json(Dump({{"entries", std::move(list)}}));
  });
}

}  // namespace tandem::api
