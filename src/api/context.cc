#include "api/context.h"

#include <limits>

#include <cctype>
#include <charconv>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"

namespace tandem::api {
namespace {

bool ChangesState(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// The media type of the request's body, lower case, without parameters; ""
// when there is no Content-Type.
std::string MediaType(const http::Request& request) {
  auto type = request.Header("content-type");
  if (!type) return "";
  std::string media(type->substr(0, type->find(';')));
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  while (!media.empty() && media.front() == ' ') media.erase(media.begin());
  return media;
}

void CheckBodyType(const http::Request& request, Body body) {
  if (request.body.empty() || body == Body::kAny) return;
  const std::string media = MediaType(request);
  if (body == Body::kJson) {
    if (media == "application/json") return;
    throw InvalidArgument("send the body as JSON with Content-Type: application/json" +
                              (media.empty() ? std::string() : ", not " + media),
                          "Content-Type");
  }
  if (media.empty() || media == "text/csv" || media == "text/plain" ||
      media == "application/octet-stream" || media == "application/vnd.ms-excel") {
    return;
  }
  throw InvalidArgument("send the CSV file as the body with Content-Type: text/csv, not " + media,
                        "Content-Type");
}

}  // namespace

std::int64_t Call::Id(std::string_view name) const {
  const std::string& text = Param(name);
  auto id = ParseInt(text);
  if (!id || *id <= 0) {
    throw InvalidArgument(
        "path parameter " + std::string(name) + " must be a positive integer, not \"" + text + "\"",
        std::string(name));
  }
  return *id;
}

const std::string& Call::Param(std::string_view name) const {
  auto it = request.params.find(std::string(name));
  if (it == request.params.end()) {
    throw Error(ErrorCode::kInternal, "route has no parameter " + std::string(name));
  }
  return it->second;
}

std::optional<std::string> Call::Query(std::string_view name) const {
  std::optional<std::string_view> value;
  for (const auto& [key, given] : request.query) {
    if (key != name) continue;
    if (value) {
      throw InvalidArgument("query parameter " + std::string(name) + " is given twice",
                            std::string(name));
    }
    value = given;
  }
  if (!value || value->empty()) return std::nullopt;
  if (!IsValidUtf8(*value) || value->find('\0') != std::string::npos) {
    throw InvalidArgument("query parameter " + std::string(name) + " must be UTF-8 text",
                          std::string(name));
  }
  return std::string(*value);
}

std::optional<std::int64_t> Call::QueryInt(std::string_view name, std::int64_t min,
                                           std::int64_t max) const {
  auto text = Query(name);
  if (!text) return std::nullopt;
  auto value = ParseInt(*text);
  if (!value || *value < min || *value > max) {
    throw InvalidArgument("query parameter " + std::string(name) + " must be a whole number from " +
                              std::to_string(min) + " to " + std::to_string(max),
                          std::string(name));
  }
  return value;
}

Call::SearchAndPage Call::ReadSearchAndPage() const {
  SearchAndPage page;
  page.text = Query("q").value_or("");
  if (page.text.size() > 200) {
    throw InvalidArgument("the search is longer than 200 characters", "q");
  }
  page.offset = static_cast<std::size_t>(
      QueryInt("offset", 0, std::numeric_limits<std::int32_t>::max()).value_or(0));
  if (auto limit = QueryInt("limit", 1, 1000)) page.limit = static_cast<std::size_t>(*limit);
  return page;
}

void Call::RequireSignedIn() const {
  if (!actor.signed_in()) {
    throw Error(ErrorCode::kUnauthenticated, "sign in first (POST /api/v1/session)");
  }
}

std::string Call::SessionCookie(const std::string& token) const {
  http::CookieOptions cookie;
  cookie.secure = options.secure_cookies || request.secure;
  return http::SetCookieHeader(kSessionCookie, token, cookie);
}

std::string Call::ClearedSessionCookie() const {
  http::CookieOptions cookie;
  cookie.secure = options.secure_cookies || request.secure;
  cookie.max_age = 0;
  return http::SetCookieHeader(kSessionCookie, "", cookie);
}

http::Response Download(std::string body, std::string content_type, std::string_view filename) {
  std::string name;
  for (char c : filename) {
    const bool unsafe = c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    name += unsafe ? '_' : c;
  }
  http::Response response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

RouteAdder::RouteAdder(http::Router& router, store::Database& db, const ApiOptions& options)
    : router_(router), db_(db), options_(std::make_shared<const ApiOptions>(options)) {}

void RouteAdder::Add(std::string method, std::string pattern, ApiHandler handler, Csrf csrf,
                     http::RouteOptions route_options, Body body) {
  const bool check_csrf = csrf == Csrf::kRequired && ChangesState(method);
  store::Database* db = &db_;
  auto options = options_;
  router_.Add(
      std::move(method), std::move(pattern),
      [db, options, check_csrf, body, handler = std::move(handler)](http::Request& request) {
        Call call{request, *db, *options, service::Actor::Anonymous(), std::nullopt};
        if (auto token = request.Cookie(kSessionCookie); token && !token->empty()) {
          call.session = service::Authenticate(*db, *token);
          if (call.session) {
            call.actor = call.session->actor;
            request.user_id = call.session->user.id;
          }
        }
        // Only a signed-in caller has a token to compare; anonymous callers
        // are refused by the service (401) where it matters.
        if (check_csrf && call.session) {
          auto sent = request.Header(kCsrfHeader);
          if (!sent || !ConstantTimeEquals(*sent, call.session->csrf_token)) {
            throw Error(ErrorCode::kPermissionDenied,
                        "missing or wrong CSRF token: send the csrf_token from sign-in (or GET "
                        "/api/v1/me) in the X-CSRF-Token header",
                        std::string(kCsrfHeader));
          }
        }
        CheckBodyType(request, body);
        return handler(call);
      },
      route_options);
}

}  // namespace tandem::api
