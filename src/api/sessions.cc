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

// The caller's enrollments in the programs they belong to. Composed from two
// use cases until service/ offers one for it: it misses evaluator enrollments
// (ListEnrollments refuses evaluators) and enrollments that are not active in
// a program the caller is otherwise not active in (ListPrograms), and walks
// every program for an admin.
Json Memberships(Call& call) {
  Json out = Json::array();
  for (const service::MyEnrollment& m : service::ListMyEnrollments(call.db, call.actor)) {
    const Enrollment& e = m.enrollment;
    out.push_back({{"enrollment_id", e.id},
                   {"program_id", e.program_id},
                   {"program_name", m.program_name},
                   {"program_kind", ProgramKindName(m.program_kind)},
                   {"role", RoleName(e.role)},
                   {"status", EnrollmentStatusName(e.status)},
                   {"participant_id", e.participant_id}});
  }
  return out;
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
    http::Response response =
        http::Response::Json(Dump({{"user", Encode(call.session->user)},
                                   {"memberships", Memberships(call)},
                                   {"csrf_token", call.session->csrf_token}}));
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
