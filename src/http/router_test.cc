#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace tandem::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Json(name); };
}

// The handler's name for a match, or "" when no route.
std::string HandlerName(const RouteMatch& match) {
  if (match.route == nullptr) return "";
  Request request;
  return match.route->handler(request).body;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

TEST(RouterTest, MatchTable) {
  Router router;
  router.Add("GET", "/api/v1/pairs", Named("list"));
  router.Add("POST", "/api/v1/pairs", Named("create"));
  router.Add("GET", "/api/v1/pairs/{id}", Named("get"));
  router.Add("DELETE", "/api/v1/pairs/{id}", Named("delete"));
  router.Add("GET", "/api/v1/pairs/export", Named("export"));
  router.Add("GET", "/api/v1/programs/{program}/pairs/{pair}", Named("nested"));
  router.Add("GET", "/api/v1/programs/{program}/summary", Named("summary"));
  router.Add("GET", "/api/v1/programs/current/{section}", Named("current"));
  router.Add("GET", "/", Named("root"));

  struct Case {
    std::string method;
    std::string path;
    std::string handler;  // "" when no route
    bool path_known;
    std::string allowed;  // Allow list when the method does not match
    std::string params;   // "k=v;k=v"
  };
  const Case cases[] = {
      {"GET", "/api/v1/pairs", "list", true, "", ""},
      {"POST", "/api/v1/pairs", "create", true, "", ""},
      {"GET", "/api/v1/pairs/7", "get", true, "", "id=7"},
      {"DELETE", "/api/v1/pairs/7", "delete", true, "", "id=7"},
      // Literal segments win over parameters, whatever the order added.
      {"GET", "/api/v1/pairs/export", "export", true, "", ""},
      {"DELETE", "/api/v1/pairs/export", "delete", true, "", "id=export"},
      {"GET", "/api/v1/programs/current/summary", "current", true, "", "section=summary"},
      {"GET", "/api/v1/programs/3/summary", "summary", true, "", "program=3"},
      {"GET", "/api/v1/programs/3/pairs/9", "nested", true, "", "pair=9;program=3"},
      // A literal that leads nowhere gives way to the parameter beside it.
      {"GET", "/api/v1/programs/current/pairs/9", "nested", true, "", "pair=9;program=current"},
      {"HEAD", "/api/v1/programs/current/pairs/9", "nested", true, "", "pair=9;program=current"},
      // HEAD uses the GET route.
      {"HEAD", "/api/v1/pairs/7", "get", true, "", "id=7"},
      // 405: the path is known with other methods.
      {"PUT", "/api/v1/pairs/7", "", true, "GET,HEAD,DELETE", ""},
      {"DELETE", "/api/v1/pairs", "", true, "GET,HEAD,POST", ""},
      // The methods of a literal route and of a parameter route beside it, in
      // the order added.
      {"PUT", "/api/v1/pairs/export", "", true, "GET,HEAD,DELETE", ""},
      // 404.
      {"GET", "/api/v1/pairs/7/extra", "", false, "", ""},
      {"GET", "/api/v1/pairs/", "", false, "", ""},
      {"GET", "/api/v1/pair", "", false, "", ""},
      {"GET", "/api/v1//7", "", false, "", ""},
      {"GET", "", "", false, "", ""},
      {"GET", "api/v1/pairs", "", false, "", ""},
      {"GET", "/", "root", true, "", ""},
      // Parameters are taken from the decoded path as they are.
      {"GET", "/api/v1/pairs/J\xC3\xBCrgen M", "get", true, "", "id=J\xC3\xBCrgen M"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    std::map<std::string, std::string> params;
    RouteMatch match = router.Match(c.method, c.path, params);
    EXPECT_EQ(HandlerName(match), c.handler);
    EXPECT_EQ(match.path_known, c.path_known);
    if (match.route == nullptr) {
      EXPECT_EQ(Join(match.allowed_methods), c.allowed);
    } else {
      std::string got;
      for (const auto& [k, v] : params) got += (got.empty() ? "" : ";") + k + "=" + v;
      EXPECT_EQ(got, c.params);
      EXPECT_EQ(match.route->pattern.empty(), false);
    }
  }
}

TEST(RouterTest, PercentDecodedTargetsReachParameters) {
  Router router;
  router.Add("GET", "/api/v1/people/{name}", Named("person"));
  struct Case {
    std::string target;
    bool ok;  // ParseTarget succeeds
    std::string name;
  };
  const Case cases[] = {
      {"/api/v1/people/J%C3%BCrgen", true, "J\xC3\xBCrgen"},
      {"/api/v1/people/a%20b?x=1", true, "a b"},
      {"/api/v1/people/a+b", true, "a+b"},  // '+' is literal in a path
      {"/api/v1/%70eople/x", true, "x"},
      {"/api/v1/people/%zz", false, ""},
      {"/api/v1/people/%4", false, ""},
      {"/api/v1/people/%00", false, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    Request request;
    request.target = c.target;
    ASSERT_EQ(ParseTarget(request), c.ok);
    if (!c.ok) continue;
    RouteMatch match = router.Match("GET", request.path, request.params);
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(request.params["name"], c.name);
  }
}

TEST(RouterTest, AddRejectsProgrammingErrors) {
  const char* bad_patterns[] = {"",           "api/v1",     "/api/{",        "/api/{}",
                                "/api/{a-b}", "/api/x{id}", "/api/{id}/{id}"};
  for (const char* pattern : bad_patterns) {
    SCOPED_TRACE(pattern);
    Router router;
    EXPECT_THROW(router.Add("GET", pattern, Named("x")), std::logic_error);
  }
  Router router;
  router.Add("GET", "/api/v1/pairs/{id}", Named("a"));
  EXPECT_THROW(router.Add("GET", "/api/v1/pairs/{id}", Named("b")), std::logic_error);
  // Same shape with another parameter name is ambiguous too.
  EXPECT_THROW(router.Add("GET", "/api/v1/pairs/{pair}", Named("b")), std::logic_error);
  EXPECT_NO_THROW(router.Add("PUT", "/api/v1/pairs/{id}", Named("c")));
  EXPECT_THROW(router.Add("GET", "/x", Handler()), std::logic_error);
  EXPECT_EQ(router.routes().size(), 2u);
}

}  // namespace
}  // namespace tandem::http
