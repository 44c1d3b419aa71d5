// Sign-in and sign-out, the caller's own account, password reset and
// invitation links.
#include <algorithm>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "service/accounts.h"
#include "service/enrollments.h"
#include "service/programs.h"

namespace tandem::api {
namespace {

// {user, csrf_token} and the session cookie, after sign-in or accepting an
// invitation.
http::Response Grant(Call& call, const service::SessionGrant& grant) {
  call.request.user_id = grant.user.id;
  http::Response response =
      http::Response::Json(Dump({{"user", Encode(grant.user)}, {"csrf_token", grant.csrf_token}}));
  response.headers.emplace_back("Set-Cookie", call.SessionCookie(grant.token));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// The caller's enrollments with their programs' names and kinds (the
// `memberships` of GET /me).
void WriteMemberships(JsonWriter& w, Call& call) {
  w.BeginArray();
  for (const service::MyEnrollment& m : service::ListMyEnrollments(call.db, call.actor)) {
    const Enrollment& e = m.enrollment;
    w.BeginObject()
        .Key("enrollment_id")
        .Int(e.id)
        .Key("program_id")
        .Int(e.program_id)
        .Key("program_name")
        .String(m.program_name)
        .Key("program_kind")
        .String(ProgramKindName(m.program_kind))
        .Key("role")
        .String(RoleName(e.role))
        .Key("status")
        .String(EnrollmentStatusName(e.status))
        .Key("participant_id")
        .String(e.participant_id)
        .EndObject();
  }
  w.EndArray();
}

}  // namespace

void AddSessionRoutes(RouteAdder& routes) {
  routes.Add(
      "POST", "/api/v1/session",
      [](Call& call) {
        std::string email, password;
        DecodeObject(call.request.body, [&](ObjectReader& r) {
          email = r.String("email");
          password = r.String("password");
        });
        return Grant(call, service::SignIn(call.db, email, password, call.request.remote_address));
      },
      Csrf::kExempt);

  routes.Add("DELETE", "/api/v1/session", [](Call& call) {
    RequireEmptyBody(call.request.body);
    if (auto token = call.request.Cookie(kSessionCookie); token && !token->empty()) {
      service::SignOut(call.db, *token);
    }
    http::Response response = http::Response::NoContent();
    response.headers.emplace_back("Set-Cookie", call.ClearedSessionCookie());
    return response;
  });

  routes.Add("DELETE", "/api/v1/me/sessions", [](Call& call) {
    RequireEmptyBody(call.request.body);
    call.RequireSignedIn();
    service::SignOutEverywhere(call.db, call.actor);
    http::Response response = http::Response::NoContent();
    response.headers.emplace_back("Set-Cookie", call.ClearedSessionCookie());
    return response;
  });

  routes.Add("GET", "/api/v1/me", [](Call& call) {
    call.RequireSignedIn();
    // Every member's home page asks for this: written as it goes.
    JsonWriter w;
    w.BeginObject().Key("user");
    Write(w, call.session->user);
    w.Key("memberships");
    WriteMemberships(w, call);
    w.Key("csrf_token").String(call.session->csrf_token).EndObject();
    http::Response response = http::Response::Json(w.Take());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  routes.Add(
      "POST", "/api/v1/password-reset",
      [](Call& call) {
        std::string email;
        DecodeObject(call.request.body, [&](ObjectReader& r) { email = r.String("email"); });
        service::RequestPasswordReset(call.db, email);
        return http::Response::Json("{}", 202);
      },
      Csrf::kExempt);

  routes.Add(
      "POST", "/api/v1/password-reset/complete",
      [](Call& call) {
        std::string token, password;
        DecodeObject(call.request.body, [&](ObjectReader& r) {
          token = r.String("token");
          password = r.String("password");
        });
        service::ResetPassword(call.db, token, password);
        return http::Response::NoContent();
      },
      Csrf::kExempt);

  routes.Add("GET", "/api/v1/invitations/{token}", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::LookUpInvitation(call.db, call.Param("token")))));
  });

  routes.Add(
      "POST", "/api/v1/invitations/{token}/accept",
      [](Call& call) {
        std::string password;
        DecodeObject(call.request.body, [&](ObjectReader& r) { password = r.String("password"); });
        return Grant(call, service::AcceptInvitation(call.db, call.Param("token"), password,
                                                     call.request.remote_address));
      },
      Csrf::kExempt);
}

}  // namespace tandem::api
