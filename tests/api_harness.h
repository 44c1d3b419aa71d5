// The API test's world: one Tandem server (http::Server + api::AddRoutes + a
// jobs::Worker) on 127.0.0.1 with a free port over a fresh migrated database
// (SQLite file, or PostgreSQL from TANDEM_TEST_POSTGRES when
// TANDEM_TEST_BACKEND=postgresql), shared by every test in the program, and a
// JSON client that signs in and sends the CSRF token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "store/database.h"

namespace tandem::testing {

using nlohmann::json;

// The running server. Started on first use; stopped when the program ends.
class ApiServer {
 public:
  static ApiServer& Get();

  virtual ~ApiServer() = default;
  virtual store::Database& db() = 0;
  virtual std::uint16_t port() const = 0;
  // The routes the server has, as "METHOD /pattern".
  virtual std::vector<std::string> routes() const = 0;
  // The bootstrap administrator (created directly through the service).
  static constexpr std::string_view kAdminEmail = "admin@tandem.test";
  static constexpr std::string_view kAdminPassword = "admin-password-1";
};

// "sqlite" or "postgresql".
std::string Backend();

// An answer: status, headers and the body parsed as JSON when it is JSON.
struct Reply {
  int status = 0;
  json body;  // null when the body is empty or not JSON
  HttpResponse raw;
  // error.field of an error answer ("" when none).
  std::string ErrorField() const;
  std::string ErrorCode() const;
};

// A user agent: its own cookie jar and CSRF token.
class ApiClient {
 public:
  ApiClient();

  // Sends JSON (`body` as given, no checks) with Content-Type
  // application/json and, for changes, X-CSRF-Token when known.
  Reply Call(std::string_view method, std::string_view target, std::string_view body = {},
             const HeaderList& extra = {});
  Reply Get(std::string_view target) { return Call("GET", target); }
  Reply Post(std::string_view target, const json& body = json::object()) {
    return Call("POST", target, body.dump());
  }
  Reply Put(std::string_view target, const json& body) { return Call("PUT", target, body.dump()); }
  Reply Patch(std::string_view target, const json& body) {
    return Call("PATCH", target, body.dump());
  }
  Reply Delete(std::string_view target) { return Call("DELETE", target); }

  // POST /session; remembers the CSRF token. Fails the test unless 200.
  void SignIn(std::string_view email, std::string_view password);
  // POST an invitation link's accept with `password`; remembers the token.
  void AcceptInvitation(const std::string& link, std::string_view password);
  // Takes the CSRF token from a sign-in/accept/me answer.
  void Remember(const Reply& reply);

  const std::string& csrf() const { return csrf_; }
  void set_csrf(std::string token) { csrf_ = std::move(token); }
  HttpClient& http() { return http_; }

 private:
  HttpClient http_;
  std::string csrf_;
};

// The token at the end of an invitation or reset link (".../TOKEN").
std::string TokenOf(const std::string& link);
// A name unique in this test program run ("prefix-3").
std::string Unique(std::string_view prefix);
// The file's contents (relative to the repository root, the test's working
// directory).
std::string ReadFile(const std::string& path);

}  // namespace tandem::testing

namespace tandem::testing {

// `reply` when its status is `status`; otherwise throws std::runtime_error
// naming both and the body (gtest reports it as the test's failure).
Reply Must(Reply reply, int status, std::string_view what = "");

// Polls GET /api/v1/matching-runs/{id} until the run is done, failed or
// published (60 s at most) and returns it.
json WaitForRun(ApiClient& client, std::int64_t run_id);

}  // namespace tandem::testing
