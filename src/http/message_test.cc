#include "http/message.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "http/status.h"

namespace tandem::http {
namespace {

TEST(MessageTest, CookieParsing) {
  struct Case {
    std::vector<std::string> cookie_headers;
    std::string name;
    std::optional<std::string> want;
  };
  const Case cases[] = {
      {{"session=abc"}, "session", "abc"},
      {{"a=1; session=abc; b=2"}, "session", "abc"},
      {{"a=1;session=abc"}, "session", "abc"},
      {{"  session = abc  "}, "session", "abc"},
      {{"session=\"quoted\""}, "session", "quoted"},
      {{"sessionx=1; xsession=2"}, "session", std::nullopt},
      {{"a=1", "session=second-header"}, "session", "second-header"},
      {{"session=first; session=second"}, "session", "first"},
      {{"flag; session=v"}, "session", "v"},
      {{"session="}, "session", ""},
      {{}, "session", std::nullopt},
      {{"Session=caps"}, "session", std::nullopt},  // names are case-sensitive
  };
  for (const Case& c : cases) {
    Request request;
    std::string trace;
    for (const auto& h : c.cookie_headers) {
      request.headers.emplace_back("cookie", h);
      trace += h + " | ";
    }
    request.headers.emplace_back("x-other", "session=no");
    SCOPED_TRACE(trace);
    EXPECT_EQ(request.Cookie(c.name), c.want);
  }
}

TEST(MessageTest, SetCookieHeader) {
  CookieOptions defaults;
  EXPECT_EQ(SetCookieHeader("session", "abc-123_x.y~z", defaults),
            "session=abc-123_x.y~z; Path=/; HttpOnly; SameSite=Lax");
  CookieOptions all;
  all.path = "/api";
  all.secure = true;
  all.same_site = "Strict";
  all.max_age = 3600;
  EXPECT_EQ(SetCookieHeader("s", "v", all),
            "s=v; Path=/api; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
  CookieOptions expire;
  expire.max_age = 0;
  expire.http_only = false;
  EXPECT_EQ(SetCookieHeader("s", "", expire), "s=; Path=/; Max-Age=0; SameSite=Lax");
  // Values that would let a caller inject attributes or break the header.
  for (const char* bad : {"a;b", "a b", "a\r\nSet-Cookie: x=y", "\"q\"", "a,b"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(SetCookieHeader("s", bad, defaults), std::invalid_argument);
  }
  EXPECT_THROW(SetCookieHeader("a=b", "v", defaults), std::invalid_argument);
  EXPECT_THROW(SetCookieHeader("", "v", defaults), std::invalid_argument);
}

TEST(MessageTest, ParseTargetQuery) {
  struct Case {
    std::string target;
    bool ok;
    std::string path;
    std::string query;  // "k=v&k=v" of the decoded pairs, in order
  };
  const Case cases[] = {
      {"/", true, "/", ""},
      {"/api/v1/pairs?status=active&page=2", true, "/api/v1/pairs", "status=active&page=2"},
      {"/search?q=a+b%26c&empty=&flag", true, "/search", "q=a b&c&empty=&flag="},
      {"/p?x=1&x=2", true, "/p", "x=1&x=2"},
      {"/p?&&a=1&", true, "/p", "a=1"},
      {"/p?name=J%C3%BCrgen", true, "/p", "name=J\xC3\xBCrgen"},
      {"/p?a=%zz", false, "", ""},
      {"/p%2", false, "", ""},
      // The absolute form names the same resource.
      {"http://example.com/p?x=1", true, "/p", "x=1"},
      {"HTTPS://example.com:8443/api/v1/me", true, "/api/v1/me", ""},
      {"http://example.com", true, "/", ""},
      {"http://example.com?x=1", true, "/", "x=1"},
      {"ftp://example.com/p", false, "", ""},
      {"example.com/p", false, "", ""},
      {"", false, "", ""},
      {"/p#frag", true, "/p", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    Request request;
    request.target = c.target;
    ASSERT_EQ(ParseTarget(request), c.ok);
    if (!c.ok) continue;
    EXPECT_EQ(request.path, c.path);
    std::string got;
    for (const auto& [k, v] : request.query) got += (got.empty() ? "" : "&") + k + "=" + v;
    EXPECT_EQ(got, c.query);
  }
  Request request;
  request.target = "/p?a=1&b=&a=3";
  ASSERT_TRUE(ParseTarget(request));
  EXPECT_EQ(request.Query("a"), "1");
  EXPECT_EQ(request.Query("b"), "");
  EXPECT_EQ(request.Query("c"), std::nullopt);
}

TEST(MessageTest, HeaderLookupIsCaseInsensitive) {
  Request request;
  request.headers = {{"content-type", "text/csv"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(request.Header("Content-Type"), "text/csv");
  EXPECT_EQ(request.Header("X-A"), "1");
  EXPECT_EQ(request.Header("missing"), std::nullopt);
}

TEST(MessageTest, ResponseHelpers) {
  Response json = Response::Json("{}", 201);
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.content_type, "application/json");
  Response none = Response::NoContent();
  EXPECT_EQ(none.status, 204);
  EXPECT_TRUE(none.body.empty());
}

TEST(StatusTest, ErrorMapping) {
  struct Case {
    ErrorCode code;
    int status;
  };
  const Case cases[] = {
      {ErrorCode::kInvalidArgument, 400},  {ErrorCode::kUnauthenticated, 401},
      {ErrorCode::kPermissionDenied, 403}, {ErrorCode::kNotFound, 404},
      {ErrorCode::kConflict, 409},         {ErrorCode::kFailedPrecondition, 409},
      {ErrorCode::kUnavailable, 503},      {ErrorCode::kInternal, 500},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(ErrorCodeName(c.code)));
    EXPECT_EQ(StatusFor(c.code), c.status);
    Response response = ErrorResponse(Error(c.code, "msg \"quoted\"", "email"));
    EXPECT_EQ(response.status, c.status);
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_EQ(response.body, "{\"error\":{\"code\":\"" + std::string(ErrorCodeName(c.code)) +
                                 "\",\"field\":\"email\",\"message\":\"msg \\\"quoted\\\"\"}}");
  }
  Response problems = ProblemsResponse(InvalidArgument("bad file"),
                                       R"([{"row":2,"column":"email","reason":"missing"}])");
  EXPECT_EQ(problems.status, 422);
  EXPECT_EQ(
      problems.body,
      R"({"error":{"code":"invalid_argument","message":"bad file","problems":[{"column":"email","reason":"missing","row":2}]}})");
  EXPECT_EQ(ErrorResponse(413, "payload_too_large", "too big").body,
            R"({"error":{"code":"payload_too_large","message":"too big"}})");
}

}  // namespace
}  // namespace tandem::http
