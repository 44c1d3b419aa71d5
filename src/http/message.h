// HTTP requests and responses as plain values: what handlers in api/ see and
// return. No Beast types here (Beast stays inside src/http/*.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path without the query
  // Query parameters in order, percent-decoded ('+' is a space).
  std::vector<std::pair<std::string, std::string>> query;
  // Header fields in order; names lower-cased.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // peer IP address, no port
  bool secure = false;         // arrived over TLS
  // Filled by the router: the matched route pattern ("/api/v1/pairs/{id}")
  // and its parameters ({"id": "7"}).
  std::string route;
  std::map<std::string, std::string> params;
  // Set by handlers once the caller is known; the access log records it.
  std::optional<std::int64_t> user_id;

  // The first header named `name` (case-insensitive), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The first query parameter named `name`, if any.
  std::optional<std::string_view> Query(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s), if any.
  std::optional<std::string> Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra header fields (Set-Cookie, Location, Cache-Control, ...), in order.
  std::vector<std::pair<std::string, std::string>> headers;

  // A JSON body with a success status (200, 201, 202).
  static Response Json(std::string body, int status = 200);
  // 204 with no body.
  static Response NoContent();
};

// Attributes of a Set-Cookie header.
struct CookieOptions {
  std::string path = "/";
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
  // Seconds until expiry; nullopt: a browser-session cookie; 0: delete now.
  std::optional<std::int64_t> max_age;
};

// "name=value; Path=/; HttpOnly; SameSite=Lax[; Secure][; Max-Age=N]".
// `value` must be a cookie-safe token (letters, digits, -_.~) and `name` an
// HTTP token; otherwise throws std::invalid_argument (a programming error).
std::string SetCookieHeader(std::string_view name, std::string_view value,
                            const CookieOptions& options);

// Percent-decodes `text`; with `plus_as_space` a '+' becomes ' ' (query
// strings). nullopt for a malformed escape ("%zz", "%4") or a decoded NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space = false);

// Fills `request.path` and `request.query` from `request.target` ("/p?q" or
// the absolute form "http://host/p?q"). Returns false for a target the server
// answers with 400: neither of those, or with a malformed escape. Parameters
// without '=' get an empty value.
bool ParseTarget(Request& request);

}  // namespace tandem::http
