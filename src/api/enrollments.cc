// A program's people: enrollments, invitations, applications, approval,
// withdrawal, profiles and preferences.
#include <limits>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "service/enrollments.h"

namespace tandem::api {
namespace {

Role ReadRole(const std::string& text, const std::string& field) {
  auto role = ParseRole(text);
  if (!role) {
    throw InvalidArgument(field + " must be one of mentor, mentee, coordinator, evaluator", field);
  }
  return *role;
}

http::Response One(const Enrollment& enrollment, int status = 200) {
  JsonWriter w;
  Write(w, enrollment);
  return http::Response::Json(w.Take(), status);
}

http::Response Profile(const Participant& profile) {
  JsonWriter w;
  WriteProfile(w, profile);
  return http::Response::Json(w.Take());
}

}  // namespace

void AddEnrollmentRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs/{id}/enrollments", [](Call& call) {
    const std::int64_t id = call.Id();
    EnrollmentQuery query;
    if (auto text = call.Query("role")) query.role = ReadRole(*text, "role");
    if (auto text = call.Query("status")) {
      query.status = ParseEnrollmentStatus(*text);
      if (!query.status) {
        throw InvalidArgument("status must be one of invited, applied, active, withdrawn",
                              "status");
      }
    }
    Call::SearchAndPage asked = call.ReadSearchAndPage();
    query.text = std::move(asked.text);
    query.offset = asked.offset;
    query.limit = asked.limit;
    JsonWriter w;
    Write(w, service::ListEnrollments(call.db, call.actor, id, query));
    return http::Response::Json(w.Take());
  });

  routes.Add("POST", "/api/v1/programs/{id}/invitations", [](Call& call) {
    const std::int64_t id = call.Id();
    service::Invitation invitation;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      invitation.email = r.String("email");
      invitation.name = r.String("name");
      invitation.role = ReadRole(r.String("role"), "role");
      invitation.capacity =
          static_cast<int>(r.OptionalInt("capacity", std::numeric_limits<int>::min(),
                                         std::numeric_limits<int>::max())
                               .value_or(1));
      invitation.participant_id = r.OptionalString("participant_id").value_or("");
    });
    service::InvitationSent sent = service::InviteToProgram(call.db, call.actor, id, invitation);
    return http::Response::Json(
        Dump({{"enrollment", Encode(sent.enrollment)},
              {"link", sent.link_for_inviter ? Json(sent.link) : Json(nullptr)}}),
        201);
  });

  routes.Add("POST", "/api/v1/programs/{id}/applications", [](Call& call) {
    const std::int64_t id = call.Id();
    Role role{};
    DecodeObject(call.request.body,
                 [&](ObjectReader& r) { role = ReadRole(r.String("role"), "role"); });
    return One(service::Apply(call.db, call.actor, id, role), 201);
  });

  routes.Add("GET", "/api/v1/enrollments/{id}", [](Call& call) {
    return One(service::GetEnrollment(call.db, call.actor, call.Id()));
  });

  routes.Add("POST", "/api/v1/enrollments/{id}/approve", [](Call& call) {
    const std::int64_t id = call.Id();
    RequireEmptyBody(call.request.body);
    return One(service::Approve(call.db, call.actor, id));
  });

  routes.Add("POST", "/api/v1/enrollments/{id}/withdraw", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string reason;
    DecodeObject(call.request.body, [&](ObjectReader& r) { reason = r.String("reason"); });
    return One(service::Withdraw(call.db, call.actor, id, reason));
  });

  routes.Add("GET", "/api/v1/enrollments/{id}/profile", [](Call& call) {
    return Profile(service::GetProfile(call.db, call.actor, call.Id()));
  });

  routes.Add("PUT", "/api/v1/enrollments/{id}/profile", [](Call& call) {
    const std::int64_t id = call.Id();
    Participant profile;
    bool answers_given = false;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      answers_given = r.Has("answers");
      profile = ReadProfile(r);
    });
    return Profile(service::SaveProfile(call.db, call.actor, id, profile, answers_given));
  });

  routes.Add("PUT", "/api/v1/enrollments/{id}/preferences", [](Call& call) {
    const std::int64_t id = call.Id();
    std::vector<std::string> prefer, avoid;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      prefer = r.Strings("prefer");
      avoid = r.Strings("avoid");
    });
    service::SetPreferences(call.db, call.actor, id, prefer, avoid);
    return http::Response::NoContent();
  });
}

}  // namespace tandem::api
