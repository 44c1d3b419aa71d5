// The one place that turns an HTTP request into a caller: the tandem_session
// cookie is looked up (service::Authenticate), Request::user_id is set for the
// access log, and CSRF is enforced for changes. Handlers are registered through
// AddRoute and receive a Call. Internal to src/api/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/api.h"
#include "http/router.h"
#include "service/accounts.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::api {

inline constexpr std::string_view kSessionCookie = "tandem_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// One request being handled, with its caller resolved.
struct Call {
  http::Request& request;
  store::Database& db;
  const ApiOptions& options;
  // Anonymous unless the cookie names a live session.
  service::Actor actor;
  std::optional<service::SessionInfo> session;

  // Path parameter `name` as a positive id. Throws kInvalidArgument naming
  // the parameter otherwise.
  std::int64_t Id(std::string_view name = "id") const;
  // Path parameter `name` as text (tokens).
  const std::string& Param(std::string_view name) const;
  // Query parameter `name` when present and non-empty. kInvalidArgument
  // naming it when given twice or not UTF-8 text (or holding a NUL).
  std::optional<std::string> Query(std::string_view name) const;
  // Query parameter `name` as a whole number in [min, max] (400 naming it).
  std::optional<std::int64_t> QueryInt(std::string_view name, std::int64_t min,
                                       std::int64_t max) const;
  // A list's search and page, `?q=&offset=&limit=`: `q` at most 200
  // characters ("" when absent), `offset` 0..2^31-1 (0 when absent), `limit`
  // 1..1000 (nullopt when absent: to the end). 400 naming the bad one.
  struct SearchAndPage {
    std::string text;
    std::size_t offset = 0;
    std::optional<std::size_t> limit;
  };
  SearchAndPage ReadSearchAndPage() const;
  // Throws kUnauthenticated unless signed in.
  void RequireSignedIn() const;

  // Set-Cookie header values for the session cookie (Secure when configured
  // or when the request came over TLS).
  std::string SessionCookie(const std::string& token) const;
  std::string ClearedSessionCookie() const;
};

using ApiHandler = std::function<http::Response(Call&)>;

// The largest CSV file a route takes (participants, outputs).
inline constexpr std::size_t kMaxCsvBytes = std::size_t{16} * 1024 * 1024;

// A file to save: `body` as `content_type`, offered as `filename` (quotes,
// backslashes and control characters replaced by "_"), never cached.
http::Response Download(std::string body, std::string content_type, std::string_view filename);

// Whether a state-changing route needs the CSRF header.
enum class Csrf { kRequired, kExempt };

// What a request body must be: JSON (Content-Type application/json), or a
// CSV file (text/csv, text/plain, application/octet-stream or none).
// kAny: no check (the one-click unsubscribe, which mail clients post as a form).
enum class Body { kJson, kCsv, kAny };

// Registers everything about one route: resolves the caller, checks CSRF for
// POST/PUT/PATCH/DELETE from a signed-in caller unless exempt (403
// permission_denied, field "X-CSRF-Token"), checks a non-empty body's
// Content-Type against `body` (400 invalid_argument, field "Content-Type":
// no HTML form can then post JSON across sites), then calls `handler`.
class RouteAdder {
 public:
  RouteAdder(http::Router& router, store::Database& db, const ApiOptions& options);

  void Add(std::string method, std::string pattern, ApiHandler handler, Csrf csrf = Csrf::kRequired,
           http::RouteOptions route_options = {}, Body body = Body::kJson);
  const ApiOptions& options() const { return *options_; }

 private:
  http::Router& router_;
  store::Database& db_;
  std::shared_ptr<const ApiOptions> options_;
};

// The groups of routes, one per file.
void AddSessionRoutes(RouteAdder& routes);       // sessions.cc
void AddAdminRoutes(RouteAdder& routes);         // admin.cc
void AddProgramRoutes(RouteAdder& routes);       // programs.cc
void AddEnrollmentRoutes(RouteAdder& routes);    // enrollments.cc
void AddMatchingRoutes(RouteAdder& routes);      // matching.cc
void AddPairRoutes(RouteAdder& routes);          // pairs.cc
void AddMeetingRoutes(RouteAdder& routes);       // meetings.cc
void AddJourneyRoutes(RouteAdder& routes);       // journey.cc
void AddResourceRoutes(RouteAdder& routes);      // resources.cc
void AddEventRoutes(RouteAdder& routes);         // events.cc
void AddNotificationRoutes(RouteAdder& routes);  // notifications.cc
void AddSurveyRoutes(RouteAdder& routes);        // surveys.cc
void AddEvaluationRoutes(RouteAdder& routes);    // evaluation.cc
void AddQualitativeRoutes(RouteAdder& routes);   // qualitative.cc
void AddMentorChoiceRoutes(RouteAdder& routes);  // mentor_choice.cc
void AddPeerSupportRoutes(RouteAdder& routes);   // peer_support.cc
void AddVocabularyRoutes(RouteAdder& routes);    // vocabulary.cc

}  // namespace tandem::api
