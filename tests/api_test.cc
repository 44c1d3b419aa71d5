// The API over real HTTP on loopback (docs/api.md): whole journeys of an
// admin, a coordinator and a mentee, and bad input of every kind. Runs once
// on SQLite and once on PostgreSQL (tests/api.cmake). The authorization
// matrix and the OpenAPI check are in api_access_test.cc.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "api/api.h"
#include "api_harness.h"
#include "http/router.h"

namespace tandem::testing {
namespace {

std::string Id(const json& object) { return std::to_string(object["id"].get<std::int64_t>()); }

// A program created by the admin, with a coordinator who accepted the
// invitation.
struct ProgramWithCoordinator {
  ApiClient admin;
  ApiClient coordinator;
  std::string program;  // id
  std::string coordinator_email;
};

void SetUpProgram(ProgramWithCoordinator& w, bool cross_institution = true) {
  w.admin.SignIn(ApiServer::kAdminEmail, ApiServer::kAdminPassword);
  Reply created = Must(w.admin.Post("/api/v1/programs", {{"name", Unique("Fellows 2026")},
                                                         {"field", "hematology"},
                                                         {"kind", "cohort"},
                                                         {"cross_institution", cross_institution},
                                                         {"starts_on", "2026-07-01"},
                                                         {"ends_on", "2027-06-30"}}),
                       201, "create program");
  EXPECT_EQ(created.body["status"], "draft");
  EXPECT_EQ(created.body["weights"]["interests"], 30);
  EXPECT_TRUE(created.body["min_score"].is_null());
  w.program = Id(created.body);
  w.coordinator_email = Unique("coordinator") + "@tandem.test";
  Reply invited = Must(
      w.admin.Post(
          "/api/v1/programs/" + w.program + "/invitations",
          {{"email", w.coordinator_email}, {"name", "Cora Coordinator"}, {"role", "coordinator"}}),
      201, "invite coordinator");
  const std::string link = invited.body["link"];
  EXPECT_EQ(invited.body["enrollment"]["role"], "coordinator");
  Reply look = Must(w.coordinator.Get("/api/v1/invitations/" + TokenOf(link)), 200, "look up");
  EXPECT_EQ(look.body["role"], "coordinator");
  EXPECT_EQ(look.body["needs_password"], true);
  EXPECT_EQ(look.body["program_id"].get<std::int64_t>(), std::stoll(w.program));
  w.coordinator.AcceptInvitation(link, "coordinator-password-1");
  // The link works once.
  EXPECT_EQ(w.coordinator
                .Post("/api/v1/invitations/" + TokenOf(link) + "/accept",
                      {{"password", "coordinator-password-1"}})
                .status,
            404);
}

void Transition(ApiClient& client, const std::string& program, const std::string& to) {
  Reply r = Must(client.Post("/api/v1/programs/" + program + "/transition", {{"status", to}}), 200,
                 "transition to " + to);
  EXPECT_EQ(r.body["status"], to);
}

Reply ImportCsv(ApiClient& client, const std::string& program, const std::string& csv) {
  return client.Call("POST", "/api/v1/programs/" + program + "/participants/import", csv,
                     {{"Content-Type", "text/csv"}});
}

TEST(ApiJourney, CoordinatorImportsMatchesPublishesAndRematches) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  ApiClient& coordinator = w.coordinator;
  const std::string base = "/api/v1/programs/" + w.program;

  Reply me = Must(coordinator.Get("/api/v1/me"), 200, "me");
  ASSERT_EQ(me.body["memberships"].size(), 1u) << me.raw.body;
  EXPECT_EQ(me.body["memberships"][0]["role"], "coordinator");
  EXPECT_EQ(me.body["csrf_token"], coordinator.csrf());

  Transition(coordinator, w.program, "enrolling");

  // A good file: every row added.
  Reply imported =
      Must(ImportCsv(coordinator, w.program, ReadFile("examples/participants.csv")), 200, "import");
  EXPECT_EQ(imported.body["rows"], 6);
  EXPECT_EQ(imported.body["added"], 6);
  EXPECT_EQ(imported.body["updated"], 0);
  EXPECT_TRUE(imported.body["warnings"].is_array());

  // A bad file: 422 with every problem, nothing written.
  Reply rejected =
      ImportCsv(coordinator, w.program, ReadFile("examples/participants-with-errors.csv"));
  ASSERT_EQ(rejected.status, 422) << rejected.raw.body;
  const json& problems = rejected.body["error"]["problems"];
  ASSERT_TRUE(problems.is_array());
  EXPECT_GE(problems.size(), 7u) << rejected.raw.body;
  std::set<std::string> columns;
  for (const json& p : problems) {
    EXPECT_TRUE(p["row"].is_number_integer());
    EXPECT_FALSE(p["reason"].get<std::string>().empty());
    columns.insert(p["column"].get<std::string>());
  }
  for (const char* column : {"capacity", "email", "time_zone", "id", "role", "availability"}) {
    EXPECT_TRUE(columns.count(column))
        << "no problem reported in column " << column << ": " << rejected.raw.body;
  }
  Reply enrolled = Must(coordinator.Get(base + "/enrollments?status=active"), 200, "enrollments");
  int mentors = 0, mentees = 0;
  for (const json& e : enrolled.body["enrollments"]) {
    if (e["role"] == "mentor") ++mentors;
    if (e["role"] == "mentee") ++mentees;
  }
  EXPECT_EQ(mentors, 3);
  EXPECT_EQ(mentees, 3);
  Reply mentor_list = Must(coordinator.Get(base + "/enrollments?role=mentor"), 200, "by role");
  EXPECT_EQ(mentor_list.body["enrollments"].size(), 3u);

  // Export: the CSV as a download.
  Reply exported = Must(coordinator.Get(base + "/participants/export"), 200, "export");
  EXPECT_NE(exported.raw.Header("content-type").value_or("").find("text/csv"), std::string::npos);
  EXPECT_NE(exported.raw.Header("content-disposition").value_or("").find("attachment"),
            std::string::npos);
  EXPECT_EQ(exported.raw.body.rfind("role,id,name", 0), 0u) << exported.raw.body.substr(0, 80);

  Transition(coordinator, w.program, "matching");

  // First run: every mentee proposed a mentor, with a breakdown.
  Reply started = Must(coordinator.Post(base + "/matching-runs", json::object()), 202, "start");
  EXPECT_EQ(started.body["status"], "queued");
  EXPECT_FALSE(started.body.contains("proposals"));
  json run = WaitForRun(coordinator, started.body["id"]);
  ASSERT_EQ(run["status"], "done") << run.dump();
  ASSERT_EQ(run["proposals"].size(), 3u) << run.dump();
  EXPECT_EQ(run["summary"]["matched"], 3);
  EXPECT_TRUE(run["unmatched"].is_array());
  std::map<std::string, std::string> first;  // mentee -> mentor
  for (const json& p : run["proposals"]) {
    first[p["mentee"]] = p["mentor"];
    EXPECT_FALSE(p["breakdown"].empty());
    double sum = 0;
    for (const auto& [facet, points] : p["breakdown"].items()) sum += points.get<double>();
    EXPECT_NEAR(sum, p["score"].get<double>(), 1e-6) << p.dump();
  }
  for (const json& u : run["unmatched"]) {
    EXPECT_FALSE(u["reason"].get<std::string>().empty());
  }

  // The list has the run without its proposals.
  Reply runs = Must(coordinator.Get(base + "/matching-runs"), 200, "list runs");
  ASSERT_EQ(runs.body["runs"].size(), 1u);
  EXPECT_FALSE(runs.body["runs"][0].contains("proposals"));

  // Second run: lock F2 to a mentor other than the first choice, forbid F1's first pair.
  std::string lock_mentor = first["F2"] == "M2" ? "M3" : "M2";
  json settings = {{"objective", "optimal"},
                   {"weights", {{"interests", 40}}},
                   {"locks", {{{"mentee", "F2"}, {"mentor", lock_mentor}}}},
                   {"forbids", {{{"mentee", "F1"}, {"mentor", first["F1"]}}}},
                   {"top_k", 20}};
  Reply second_started = Must(coordinator.Post(base + "/matching-runs", settings), 202, "start 2");
  EXPECT_EQ(second_started.body["settings"]["weights"]["interests"], 40);
  EXPECT_EQ(second_started.body["settings"]["weights"]["goals"], 15);
  EXPECT_EQ(second_started.body["settings"]["locks"].size(), 1u);
  json second = WaitForRun(coordinator, second_started.body["id"]);
  ASSERT_EQ(second["status"], "done") << second.dump();
  bool saw_lock = false;
  for (const json& p : second["proposals"]) {
    if (p["mentee"] == "F2") {
      EXPECT_EQ(p["mentor"], lock_mentor);
      EXPECT_EQ(p["locked"], true);
      saw_lock = true;
    }
    if (p["mentee"] == "F1") {
      EXPECT_NE(p["mentor"], first["F1"]) << "forbidden pair proposed";
    }
  }
  EXPECT_TRUE(saw_lock) << second.dump();

  // Publish once; the second time is a conflict.
  const std::string second_id = Id(second);
  Reply published =
      Must(coordinator.Post("/api/v1/matching-runs/" + second_id + "/publish"), 200, "publish");
  EXPECT_EQ(published.body["pairs"].size(), second["proposals"].size());
  Reply again = coordinator.Post("/api/v1/matching-runs/" + second_id + "/publish");
  EXPECT_EQ(again.status, 409) << again.raw.body;
  EXPECT_EQ(Must(coordinator.Get("/api/v1/matching-runs/" + second_id), 200).body["status"],
            "published");

  Transition(coordinator, w.program, "active");

  Reply pairs = Must(coordinator.Get(base + "/pairs"), 200, "pairs");
  ASSERT_EQ(pairs.body["pairs"].size(), second["proposals"].size());
  for (const json& p : pairs.body["pairs"]) {
    EXPECT_EQ(p["status"], "active");
    EXPECT_TRUE(p["mentor"]["enrollment_id"].is_number_integer());
    EXPECT_EQ(p["matching_run_id"].get<std::int64_t>(), std::stoll(second_id));
  }
  EXPECT_EQ(Must(coordinator.Get(base + "/pairs?status=dissolved"), 200).body["pairs"].size(), 0u);

  // Dissolve one (a reason is required), then re-match its mentee.
  json victim = pairs.body["pairs"][0];
  const std::string victim_id = Id(victim);
  Reply no_reason = coordinator.Post("/api/v1/pairs/" + victim_id + "/dissolve", json::object());
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.ErrorField(), "reason");
  Reply dissolved = Must(coordinator.Post("/api/v1/pairs/" + victim_id + "/dissolve",
                                          {{"reason", "schedules never overlapped"}}),
                         200, "dissolve");
  EXPECT_EQ(dissolved.body["status"], "dissolved");
  EXPECT_EQ(dissolved.body["end_reason"], "schedules never overlapped");
  const std::string mentee = victim["mentee"]["participant_id"];
  Reply rematch =
      Must(coordinator.Post(base + "/rematch", {{"mentee", mentee}, {"limit", 5}}), 200, "rematch");
  ASSERT_FALSE(rematch.body["proposals"].empty()) << rematch.raw.body;
  const json& best = rematch.body["proposals"][0];
  EXPECT_EQ(best["mentee"], mentee);
  Reply paired =
      Must(coordinator.Post(base + "/pairs", {{"mentee", mentee}, {"mentor", best["mentor"]}}), 201,
           "create pair");
  EXPECT_EQ(paired.body["status"], "active");
  EXPECT_EQ(Must(coordinator.Get(base + "/pairs?status=active"), 200).body["pairs"].size(),
            pairs.body["pairs"].size());

  // The server keeps the list it answered; it must follow every change: a
  // dissolved pair and a member's new name show at once.
  const auto list_text = [&] { return Must(coordinator.Get(base + "/pairs"), 200).raw.body; };
  const std::string kept = list_text();
  EXPECT_EQ(list_text(), kept) << "nothing changed";
  const std::string new_id = Id(paired.body);
  Must(coordinator.Post("/api/v1/pairs/" + new_id + "/dissolve", {{"reason", "listed again"}}), 200,
       "dissolve the new pair");
  const json after_dissolve = json::parse(list_text());
  bool seen = false;
  for (const json& p : after_dissolve["pairs"]) {
    if (Id(p) == new_id) {
      seen = true;
      EXPECT_EQ(p["status"], "dissolved");
    }
  }
  EXPECT_TRUE(seen);
  const std::string mentee_enrollment =
      std::to_string(paired.body["mentee"]["enrollment_id"].get<std::int64_t>());
  json profile =
      Must(coordinator.Get("/api/v1/enrollments/" + mentee_enrollment + "/profile"), 200).body;
  for (const char* read_only : {"participant_id", "role", "prefer", "avoid"}) {
    profile.erase(read_only);
  }
  profile["name"] = "Renamed Mentee";
  Must(coordinator.Put("/api/v1/enrollments/" + mentee_enrollment + "/profile", profile), 200,
       "rename");
  EXPECT_NE(list_text().find("Renamed Mentee"), std::string::npos) << "the new name shows";

  // Summary (de-identified) and the audit log with paging.
  Reply summary = Must(coordinator.Get(base + "/summary"), 200, "summary");
  EXPECT_EQ(summary.body["mentees_matched"], 2) << summary.raw.body;  // one dissolved above
  Reply page = Must(coordinator.Get(base + "/audit?limit=2"), 200, "audit");
  ASSERT_EQ(page.body["entries"].size(), 2u);
  ASSERT_TRUE(page.body["next_before"].is_number_integer()) << page.raw.body;
  const std::int64_t before = page.body["next_before"];
  Reply older = Must(coordinator.Get(base + "/audit?limit=500&before=" + std::to_string(before)),
                     200, "older");
  ASSERT_FALSE(older.body["entries"].empty());
  for (const json& e : older.body["entries"]) {
    EXPECT_LT(e["id"].get<std::int64_t>(), before);
    EXPECT_EQ(e["program_id"].get<std::int64_t>(), std::stoll(w.program));
  }
  EXPECT_TRUE(older.body["next_before"].is_null());
  Reply dissolves = Must(coordinator.Get(base + "/audit?entity=pair"), 200, "audit by entity");
  for (const json& e : dissolves.body["entries"]) {
    EXPECT_EQ(e["entity"], "pair");
  }
  // Snapshots show unset values as null, as the API does everywhere.
  Reply dissolve = Must(coordinator.Get(base + "/audit?action=pair.dissolve"), 200, "dissolves");
  ASSERT_FALSE(dissolve.body["entries"].empty());
  for (const json& snapshot : dissolve.body["entries"]) {
    EXPECT_TRUE(snapshot["before"]["ended_on"].is_null()) << snapshot.dump();
    EXPECT_TRUE(snapshot["before"]["end_reason"].is_null()) << snapshot.dump();
    EXPECT_TRUE(snapshot["after"]["end_reason"].is_string()) << snapshot.dump();
  }
}

TEST(ApiJourney, MenteeAcceptsEditsProfileSeesOwnPairResetsPasswordAndSignsOut) {
  ProgramWithCoordinator w;
  SetUpProgram(w, /*cross_institution=*/false);
  ApiClient& coordinator = w.coordinator;
  const std::string base = "/api/v1/programs/" + w.program;
  Transition(coordinator, w.program, "enrolling");
  Must(ImportCsv(coordinator, w.program, ReadFile("examples/participants.csv")), 200, "import");

  // The mentee is invited, looks at the link, and accepts with a password.
  const std::string email = Unique("mentee") + "@tandem.test";
  Reply invited = Must(coordinator.Post(base + "/invitations", {{"email", email},
                                                                {"name", "Mina Mentee"},
                                                                {"role", "mentee"},
                                                                {"participant_id", "F99"}}),
                       201, "invite mentee");
  EXPECT_EQ(invited.body["enrollment"]["status"], "invited");
  EXPECT_EQ(invited.body["enrollment"]["participant_id"], "F99");
  ApiClient mentee;
  mentee.AcceptInvitation(invited.body["link"], "mentee-password-1");
  Reply me = Must(mentee.Get("/api/v1/me"), 200, "me");
  EXPECT_EQ(me.body["user"]["email"], email);
  EXPECT_EQ(me.body["user"]["has_password"], true);
  ASSERT_EQ(me.body["memberships"].size(), 1u) << me.raw.body;
  const json membership = me.body["memberships"][0];
  EXPECT_EQ(membership["role"], "mentee");
  EXPECT_EQ(membership["status"], "active");
  EXPECT_EQ(membership["participant_id"], "F99");
  const std::string enrollment = std::to_string(membership["enrollment_id"].get<std::int64_t>());
  const std::string profile_url = "/api/v1/enrollments/" + enrollment + "/profile";

  // Their own profile: a bad time zone is refused naming the field.
  json profile = {{"name", "Mina Mentee"},
                  {"institution", "Medical College of Wisconsin"},
                  {"career_stage", "fellow pgy5"},
                  {"time_zone", "America/Chicgo"},
                  {"years_experience", 1},
                  {"capacity", 1},
                  {"interests", {"thrombosis", "hemophilia"}},
                  {"specialties", {"classical hematology"}},
                  {"goals", {"clinician educator"}},
                  {"background", {{"gender", "woman"}}},
                  {"match_on", json::array()},
                  {"languages", {"english"}},
                  {"availability", {{{"start_minute", 17 * 60}, {"minutes", 120}}}},
                  {"bio", "Wants to teach."}};
  Reply bad_zone = mentee.Put(profile_url, profile);
  EXPECT_EQ(bad_zone.status, 400) << bad_zone.raw.body;
  EXPECT_EQ(bad_zone.ErrorField(), "time_zone");
  profile["time_zone"] = "America/Chicago";
  Reply saved = Must(mentee.Put(profile_url, profile), 200, "save profile");
  EXPECT_EQ(saved.body["participant_id"], "F99");
  EXPECT_EQ(saved.body["role"], "mentee");
  EXPECT_EQ(saved.body["time_zone"], "America/Chicago");
  EXPECT_EQ(saved.body["availability"][0]["start_minute"], 17 * 60);
  EXPECT_EQ(Must(mentee.Get(profile_url), 200).body["interests"], saved.body["interests"]);
  Reply enrollment_reply = Must(mentee.Get("/api/v1/enrollments/" + enrollment), 200);
  EXPECT_EQ(enrollment_reply.body["profile_complete"], true) << enrollment_reply.raw.body;
  Must(mentee.Put("/api/v1/enrollments/" + enrollment + "/preferences",
                  {{"prefer", {"M1"}}, {"avoid", json::array()}}),
       204, "preferences");
  EXPECT_EQ(Must(mentee.Get(profile_url), 200).body["prefer"], json({"M1"}));

  // The coordinator pairs them by hand; another pair exists too.
  Transition(coordinator, w.program, "matching");
  Transition(coordinator, w.program, "active");
  Reply own = Must(coordinator.Post(base + "/pairs", {{"mentee", "F99"}, {"mentor", "M1"}}), 201,
                   "pair F99");
  Reply other =
      Must(coordinator.Post(base + "/pairs", {{"mentee", "F2"}, {"mentor", "M2"}}), 201, "pair F2");
  Reply mine = Must(mentee.Get(base + "/pairs"), 200, "own pairs");
  ASSERT_EQ(mine.body["pairs"].size(), 1u) << mine.raw.body;
  EXPECT_EQ(mine.body["pairs"][0]["id"], own.body["id"]);
  Must(mentee.Get("/api/v1/pairs/" + Id(own.body)), 200, "own pair");
  Reply forbidden = mentee.Get("/api/v1/pairs/" + Id(other.body));
  EXPECT_EQ(forbidden.status, 403) << forbidden.raw.body;
  EXPECT_EQ(forbidden.ErrorCode(), "permission_denied");
  EXPECT_EQ(mentee.Get("/api/v1/pairs/999999999").status, 404);
  // Their partner's enrollment is visible, another mentee's is not.
  Reply visible = Must(mentee.Get(base + "/enrollments"), 200, "visible enrollments");
  std::set<std::string> ids;
  for (const json& e : visible.body["enrollments"]) ids.insert(e["participant_id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"F99", "M1"})) << visible.raw.body;

  // Password reset through the outbox (the admin reads the link there).
  Must(mentee.Post("/api/v1/password-reset", {{"email", email}}), 202, "reset");
  Must(mentee.Post("/api/v1/password-reset", {{"email", "nobody-here@tandem.test"}}), 202,
       "reset for nobody");
  Reply outbox = Must(w.admin.Get("/api/v1/outbox"), 200, "outbox");
  std::string link;
  for (const json& m : outbox.body["messages"]) {
    if (m["to"] == email && m["kind"] == "password_reset") {
      std::smatch match;
      std::string body = m["body"];
      if (std::regex_search(body, match, std::regex(R"(https?://\S+)"))) link = match[0];
      break;
    }
  }
  ASSERT_FALSE(link.empty()) << outbox.raw.body;
  ApiClient stranger;
  Reply weak = stranger.Post("/api/v1/password-reset/complete",
                             {{"token", TokenOf(link)}, {"password", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.ErrorField(), "password");
  Must(stranger.Post("/api/v1/password-reset/complete",
                     {{"token", TokenOf(link)}, {"password", "a-new-password-2"}}),
       204, "complete reset");
  EXPECT_EQ(stranger
                .Post("/api/v1/password-reset/complete",
                      {{"token", TokenOf(link)}, {"password", "a-new-password-3"}})
                .status,
            404);
  // The reset ended the old session; the old password no longer works.
  EXPECT_EQ(mentee.Get("/api/v1/me").status, 401);
  ApiClient again;
  EXPECT_EQ(
      again.Post("/api/v1/session", {{"email", email}, {"password", "mentee-password-1"}}).status,
      401);
  again.SignIn(email, "a-new-password-2");
  Must(again.Get("/api/v1/me"), 200, "me after reset");

  // Sign out: the cookie is cleared and the old cookie is dead.
  const std::string old_cookie = again.http().cookies()["tandem_session"];
  Reply out = Must(again.Delete("/api/v1/session"), 204, "sign out");
  auto cleared = out.raw.Header("set-cookie");
  ASSERT_TRUE(cleared.has_value());
  EXPECT_NE(cleared->find("Max-Age=0"), std::string::npos) << *cleared;
  EXPECT_EQ(again.Get("/api/v1/me").status, 401);
  ApiClient replay;
  replay.http().cookies()["tandem_session"] = old_cookie;
  Reply dead = replay.Get("/api/v1/me");
  EXPECT_EQ(dead.status, 401);
  EXPECT_EQ(dead.ErrorCode(), "unauthenticated");
}

TEST(ApiSession, CookieAttributesAndSignInFailures) {
  ApiClient client;
  Reply reply = client.Post("/api/v1/session", {{"email", ApiServer::kAdminEmail},
                                                {"password", ApiServer::kAdminPassword}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  auto cookie = reply.raw.Header("set-cookie");
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->rfind("tandem_session=", 0), 0u) << *cookie;
  EXPECT_NE(cookie->find("HttpOnly"), std::string::npos) << *cookie;
  EXPECT_NE(cookie->find("SameSite=Lax"), std::string::npos) << *cookie;
  EXPECT_NE(cookie->find("Path=/"), std::string::npos) << *cookie;
  EXPECT_EQ(cookie->find("Secure"), std::string::npos) << "plain HTTP: " << *cookie;
  EXPECT_EQ(reply.body["user"]["is_admin"], true);
  EXPECT_FALSE(reply.body["csrf_token"].get<std::string>().empty());
  EXPECT_FALSE(reply.body["user"].contains("password"));

  ApiClient wrong;
  Reply denied = wrong.Post("/api/v1/session",
                            {{"email", ApiServer::kAdminEmail}, {"password", "not-the-password"}});
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.ErrorCode(), "unauthenticated");
  EXPECT_TRUE(wrong.http().cookies().empty());
  // A garbage cookie is just anonymous.
  ApiClient garbage;
  garbage.http().cookies()["tandem_session"] = "not-a-real-session";
  EXPECT_EQ(garbage.Get("/api/v1/me").status, 401);
  EXPECT_EQ(garbage.Get("/api/v1/openapi.yaml").status, 200);
}

// The Secure attribute, without TLS in the test: through the handler itself.
TEST(ApiSession, CookieIsSecureWhenConfiguredOrOverTls) {
  struct Case {
    bool secure_cookies;
    bool request_secure;
    bool expect_secure;
  };
  for (const Case& c :
       {Case{false, false, false}, Case{true, false, true}, Case{false, true, true}}) {
    SCOPED_TRACE(std::to_string(c.secure_cookies) + "/" + std::to_string(c.request_secure));
    http::Router router;
    api::ApiOptions options;
    options.secure_cookies = c.secure_cookies;
    api::AddRoutes(router, ApiServer::Get().db(), options);
    auto handler = [&](const std::string& method) {
      for (const http::Route& route : router.routes()) {
        if (route.method == method && route.pattern == "/api/v1/session") return route.handler;
      }
      throw std::runtime_error("no session route");
    };
    http::Request request;
    request.method = "POST";
    request.target = request.path = "/api/v1/session";
    request.remote_address = "127.0.0.1";
    request.secure = c.request_secure;
    request.headers.emplace_back("content-type", "application/json");
    request.body =
        json{{"email", ApiServer::kAdminEmail}, {"password", ApiServer::kAdminPassword}}.dump();
    http::Response signed_in = handler("POST")(request);
    ASSERT_EQ(signed_in.status, 200);
    std::string cookie;
    for (const auto& [name, value] : signed_in.headers) {
      if (name == "Set-Cookie") cookie = value;
    }
    EXPECT_EQ(cookie.find("; Secure") != std::string::npos, c.expect_secure) << cookie;
    EXPECT_EQ(request.user_id, json::parse(signed_in.body)["user"]["id"].get<std::int64_t>());

    http::Request out;
    out.method = "DELETE";
    out.target = out.path = "/api/v1/session";
    out.secure = c.request_secure;
    out.headers = {{"cookie", cookie.substr(0, cookie.find(';'))},
                   {"x-csrf-token", json::parse(signed_in.body)["csrf_token"]}};
    http::Response cleared = handler("DELETE")(out);
    EXPECT_EQ(cleared.status, 204);
    ASSERT_EQ(cleared.headers.size(), 1u);
    EXPECT_NE(cleared.headers[0].second.find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(cleared.headers[0].second.find("; Secure") != std::string::npos, c.expect_secure);
  }
}

TEST(ApiCsrf, ChangesNeedTheSessionsToken) {
  ApiClient admin;
  admin.SignIn(ApiServer::kAdminEmail, ApiServer::kAdminPassword);
  json body = {{"name", Unique("Csrf program")}, {"field", "oncology"}, {"kind", "cohort"}};
  const std::string token = admin.csrf();

  admin.set_csrf("");
  Reply missing = admin.Post("/api/v1/programs", body);
  EXPECT_EQ(missing.status, 403) << missing.raw.body;
  EXPECT_EQ(missing.ErrorCode(), "permission_denied");
  EXPECT_EQ(missing.ErrorField(), "X-CSRF-Token");

  admin.set_csrf(token + "x");
  Reply wrong = admin.Post("/api/v1/programs", body);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.ErrorField(), "X-CSRF-Token");
  admin.set_csrf(std::string(token.size(), 'A'));
  EXPECT_EQ(admin.Post("/api/v1/programs", body).status, 403);
  admin.set_csrf("");
  EXPECT_EQ(admin.Delete("/api/v1/session").status, 403) << "sign-out needs the token too";
  EXPECT_EQ(admin.Call("PATCH", "/api/v1/programs/1", "{}").status, 403);

  // Reads never need it; the exempt routes do not either.
  EXPECT_EQ(admin.Get("/api/v1/me").status, 200);
  EXPECT_EQ(admin.Post("/api/v1/password-reset", {{"email", "x@tandem.test"}}).status, 202);

  admin.set_csrf(token);
  Reply ok = admin.Post("/api/v1/programs", body);
  EXPECT_EQ(ok.status, 201) << ok.raw.body;
}

// GET /matching-runs/{id} pages each list alone and filters by q (ids and
// names, ignoring case); the summary, totals and facets describe the whole
// run. Each case printed.
TEST(ApiMatchingRun, ResultPageIsFilteredAndPaged) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  ApiClient& coordinator = w.coordinator;
  const std::string base = "/api/v1/programs/" + w.program;
  Transition(coordinator, w.program, "enrolling");
  // The example's three pairs, and two mentees who avoid every mentor (unmatched).
  std::string csv = ReadFile("examples/participants.csv");
  for (const char* mentee : {"F7,Una Apart", "F8,Ulla Alone"}) {
    csv += std::string("mentee,") + mentee + ",,,,America/Toronto,,,,,,,,,,,M1;M2;M3,\n";
  }
  Must(ImportCsv(coordinator, w.program, csv), 200, "import");
  Transition(coordinator, w.program, "matching");
  Reply started = Must(coordinator.Post(base + "/matching-runs", json::object()), 202, "start");
  const json whole = WaitForRun(coordinator, started.body["id"]);
  ASSERT_EQ(whole["status"], "done") << whole.dump();
  const std::string target = "/api/v1/matching-runs/" + Id(whole);
  const json& all = whole["proposals"];
  ASSERT_EQ(all.size(), 3u) << whole.dump();
  EXPECT_EQ(whole["proposals_total"], 3);
  EXPECT_EQ(whole["unmatched_total"], whole["unmatched"].size());
  std::set<std::string> facets;
  for (const json& p : all) {
    for (const auto& [facet, points] : p["breakdown"].items()) facets.insert(facet);
  }
  EXPECT_EQ(whole["facets"], json(std::vector<std::string>(facets.begin(), facets.end())));
  // The mentee of the second proposal, by a part of their name in capitals.
  const std::string name = all[1]["mentee_name"];
  std::string part = name.substr(name.find(' ') + 1);
  for (char& c : part) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  struct Case {
    std::string query;
    std::vector<json> proposals;  // expected page
    int proposals_total;
  };
  const std::vector<Case> cases = {
      {"", {all[0], all[1], all[2]}, 3},
      {"?limit=2", {all[0], all[1]}, 3},
      {"?offset=2&limit=2", {all[2]}, 3},
      {"?offset=1", {all[1], all[2]}, 3},
      {"?offset=3&limit=50", {}, 3},
      {"?offset=1000", {}, 3},
      {"?q=" + part, {all[1]}, 1},
      {"?q=" + part + "&offset=1", {}, 1},
      {"?q=" + all[2]["mentee"].get<std::string>(), {all[2]}, 1},
      {"?q=nobody-by-this-name&limit=10", {}, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    const json page = Must(coordinator.Get(target + c.query), 200).body;
    EXPECT_EQ(page["proposals"], json(c.proposals));
    EXPECT_EQ(page["proposals_total"], c.proposals_total);
    EXPECT_EQ(page["summary"], whole["summary"]);
    EXPECT_EQ(page["facets"], whole["facets"]);
    // Exactly the fields of a MatchingRun with its page.
    std::set<std::string> keys;
    for (const auto& [key, value] : page.items()) keys.insert(key);
    EXPECT_EQ(keys,
              (std::set<std::string>{"id", "program_id", "status", "progress", "settings",
                                     "summary", "proposals", "unmatched", "error", "created_by",
                                     "created_at", "finished_at", "published_at", "proposals_total",
                                     "unmatched_total", "facets"}));
  }

  // The unmatched are paged alone, with the same offset and limit, and found by id.
  const json& unmatched = whole["unmatched"];
  ASSERT_GE(unmatched.size(), 1u) << whole.dump();
  const json last =
      Must(coordinator.Get(target + "?limit=1&offset=" + std::to_string(unmatched.size() - 1)), 200)
          .body;
  EXPECT_EQ(last["unmatched"], json::array({unmatched.back()}));
  const std::size_t at = unmatched.size() - 1;  // the proposals at the same offset
  EXPECT_EQ(last["proposals"], at < all.size() ? json::array({all[at]}) : json::array());
  EXPECT_EQ(last["unmatched_total"], unmatched.size());
  const json found =
      Must(coordinator.Get(target + "?q=" + unmatched[0]["id"].get<std::string>()), 200).body;
  EXPECT_EQ(found["unmatched_total"], 1);
  EXPECT_EQ(found["unmatched"], json::array({unmatched[0]}));

  // A queued run has no page fields.
  const json queued = Must(coordinator.Post(base + "/matching-runs", json::object()), 202).body;
  const json early = coordinator.Get("/api/v1/matching-runs/" + Id(queued) + "?limit=5").body;
  if (early["status"] == "queued" || early["status"] == "running") {
    EXPECT_FALSE(early.contains("proposals_total")) << early.dump();
    EXPECT_FALSE(early.contains("facets")) << early.dump();
  }
}

// The coordinators' enrollment list is paged by the database, searched by
// name, e-mail or id, and carries the counts of the whole list.
TEST(ApiEnrollments, ListIsSearchedAndPagedWithTheCountsOfTheWholeList) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  ApiClient& coordinator = w.coordinator;
  const std::string list = "/api/v1/programs/" + w.program + "/enrollments";
  Transition(coordinator, w.program, "enrolling");
  Must(ImportCsv(coordinator, w.program, ReadFile("examples/participants.csv")), 200, "import");
  const json whole = Must(coordinator.Get(list), 200).body;
  const json& everyone = whole["enrollments"];
  ASSERT_GE(everyone.size(), 5u) << whole.dump();
  EXPECT_EQ(whole["total"], everyone.size());
  int participants = 0, complete = 0;
  for (const json& e : everyone) {
    if (e["role"] == "mentor" || e["role"] == "mentee") {
      ++participants;
      complete += e["profile_complete"].get<bool>() ? 1 : 0;
    }
  }
  EXPECT_EQ(whole["participants"], participants);
  EXPECT_EQ(whole["profiles_complete"], complete);
  // A page: the same rows as the whole list at that place, the same counts.
  const json page = Must(coordinator.Get(list + "?offset=2&limit=3"), 200).body;
  EXPECT_EQ(page["enrollments"], json(json::array_t(everyone.begin() + 2, everyone.begin() + 5)));
  EXPECT_EQ(page["total"], whole["total"]);
  EXPECT_EQ(page["profiles_complete"], whole["profiles_complete"]);
  // Filtered by role and searched: the mentor M1 by part of their name, in capitals.
  const json mentors = Must(coordinator.Get(list + "?role=mentor&limit=1"), 200).body;
  EXPECT_EQ(mentors["enrollments"].size(), 1u);
  EXPECT_EQ(mentors["participants"], mentors["total"]);
  const json found = Must(coordinator.Get(list + "?q=ANA%20RU"), 200).body;
  ASSERT_EQ(found["total"], 1) << found.dump();
  EXPECT_EQ(found["enrollments"][0]["participant_id"], "M1");
  EXPECT_EQ(Must(coordinator.Get(list + "?q=ben.okafor%40"), 200).body["total"], 1);
}

// One bad body: where it goes and which field the 400 must name.
struct BadBody {
  const char* method;
  std::string target;
  std::string body;
  std::string field;
};

TEST(ApiBadInput, EveryBadBodyIsA400NamingTheField) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  const std::string program = "/api/v1/programs/" + w.program;
  Reply me = Must(w.coordinator.Get("/api/v1/me"), 200);
  const std::string enrollment =
      std::to_string(me.body["memberships"][0]["enrollment_id"].get<std::int64_t>());
  const std::string runs = program + "/matching-runs";
  const std::string profile = "/api/v1/enrollments/" + enrollment + "/profile";

  const std::vector<BadBody> cases = {
      // Not JSON, or not an object.
      {"POST", "/api/v1/programs", "{", ""},
      {"POST", "/api/v1/programs", "{\"name\": \"x\",}", ""},
      {"POST", "/api/v1/programs", "[]", ""},
      {"POST", "/api/v1/programs", "\"program\"", ""},
      {"POST", "/api/v1/programs", "", ""},
      {"POST", "/api/v1/programs", "null", ""},
      {"POST", "/api/v1/programs", "{\"name\": \"\xff\xfe\"}", "name"},  // not UTF-8
      {"PATCH", program, "not json", ""},
      {"POST", runs, "{\"objective\": ", ""},
      // Missing required fields.
      {"POST", "/api/v1/programs", R"({"field": "x", "kind": "cohort"})", "name"},
      {"POST", "/api/v1/programs", R"({"name": "x", "kind": "cohort"})", "field"},
      {"POST", "/api/v1/programs", R"({"name": "x", "field": "y"})", "kind"},
      {"POST", program + "/invitations", R"({"email": "a@b.example", "name": "A"})", "role"},
      {"POST", program + "/transition", "{}", "status"},
      {"PUT", profile, "{}", "name"},
      {"POST", "/api/v1/users", R"({"email": "u@tandem.test", "name": "U"})", "password"},
      {"POST", program + "/pairs", R"({"mentee": "F1"})", "mentor"},
      {"POST", program + "/rematch", "{}", "mentee"},
      {"POST", program + "/rematch", R"({"mentee": "F1", "limit": 51})", "limit"},
      {"PUT", profile, R"({"name": "A", "capacity": 0})", "capacity"},
      // Unknown fields.
      {"POST", "/api/v1/programs", R"({"name": "x", "field": "y", "kind": "cohort", "colour": 1})",
       "colour"},
      {"PATCH", program, R"({"objectives": "x", "nmae": "typo"})", "nmae"},
      {"PATCH", program, R"({"weights": {"interest": 3}})", "weights.interest"},
      {"POST", runs, R"({"objectve": "fair"})", "objectve"},
      {"POST", runs, R"({"locks": [{"mentee": "F1", "mentor": "M1", "why": "x"}]})",
       "locks[0].why"},
      {"PUT", profile, R"({"name": "x", "email": "x@y.example"})", "email"},
      {"PUT", profile, R"({"name": "x", "role": "mentor"})", "role"},
      {"PUT", profile, R"({"name": "x", "prefer": []})", "prefer"},
      {"PUT", profile,
       R"({"name": "x", "availability": [{"start_minute": 1, "minutes": 2, "x": 3}]})",
       "availability[0].x"},
      {"POST", "/api/v1/session", R"({"email": "a@b.example", "password": "x", "remember": true})",
       "remember"},
      {"POST", "/api/v1/matching-runs/1/publish", R"({"force": true})", "force"},
      // Wrong types.
      {"POST", "/api/v1/programs", R"({"name": 5, "field": "y", "kind": "cohort"})", "name"},
      {"POST", "/api/v1/programs",
       R"({"name": "x", "field": "y", "kind": "cohort", "cadence_days": "30"})", "cadence_days"},
      {"POST", "/api/v1/programs",
       R"({"name": "x", "field": "y", "kind": "cohort", "cadence_days": 30.5})", "cadence_days"},
      {"POST", "/api/v1/programs",
       R"({"name": "x", "field": "y", "kind": "cohort", "cross_institution": "yes"})",
       "cross_institution"},
      {"POST", "/api/v1/programs", R"({"name": "x", "field": "y", "kind": "club"})", "kind"},
      {"POST", "/api/v1/programs", R"({"name": "x", "field": "y", "kind": "cohort", "weights": 3})",
       "weights"},
      {"PATCH", program, R"({"weights": {"interests": "a lot"}})", "weights.interests"},
      {"PATCH", program, R"({"weights": {"goals": -1}})", "weights.goals"},
      {"PATCH", program, R"({"min_score": "high"})", "min_score"},
      {"PATCH", program, R"({"status": "active"})", "status"},
      {"PATCH", program, R"({"meeting_mode": "telepathy"})", "meeting_mode"},
      {"POST", program + "/transition", R"({"status": "finished"})", "status"},
      {"POST", program + "/transition", R"({"status": 3})", "status"},
      {"POST", runs, R"({"weights": {"interests": "a"}})", "weights.interests"},
      {"POST", runs, R"({"locks": [{"mentee": "F1"}]})", "locks[0].mentor"},
      {"POST", runs, R"({"locks": [{"mentee": 1, "mentor": "M1"}]})", "locks[0].mentee"},
      {"POST", runs, R"({"locks": {"mentee": "F1", "mentor": "M1"}})", "locks"},
      {"POST", runs, R"({"forbids": ["F1:M1"]})", "forbids[0]"},
      {"POST", runs, R"({"top_k": 0})", "top_k"},
      {"POST", runs, R"({"top_k": 2.5})", "top_k"},
      {"POST", runs, R"({"top_k": 99999999999999999999})", "top_k"},
      {"POST", runs, R"({"objective": 7})", "objective"},
      {"POST", program + "/invitations",
       R"({"email": "a@b.example", "name": "A", "role": "mentee", "capacity": "2"})", "capacity"},
      {"POST", program + "/invitations", R"({"email": "a@b.example", "name": "A", "role": "boss"})",
       "role"},
      {"POST", program + "/applications", R"({"role": null})", "role"},
      {"PUT", profile, R"({"name": "x", "interests": "thrombosis"})", "interests"},
      {"PUT", profile, R"({"name": "x", "interests": ["thrombosis", 7]})", "interests[1]"},
      {"PUT", profile, R"({"name": "x", "background": {"gender": 1}})", "background.gender"},
      {"PUT", profile, R"({"name": "x", "background": ["gender:woman"]})", "background"},
      {"PUT", profile, R"({"name": "x", "availability": [{"start_minute": "Mon", "minutes": 60}]})",
       "availability[0].start_minute"},
      {"PUT", profile, R"({"name": "x", "years_experience": "ten"})", "years_experience"},
      {"PUT", "/api/v1/enrollments/" + enrollment + "/preferences",
       R"({"prefer": "M1", "avoid": []})", "prefer"},
      {"PUT", "/api/v1/enrollments/" + enrollment + "/preferences", R"({"prefer": []})", "avoid"},
      {"POST", "/api/v1/programs",
       R"({"name": "Big", "field": "x", "kind": "cohort", "weights": {"goals": 1e400}})",
       "weights.goals"},
      {"POST", "/api/v1/users",
       R"({"email": "u@tandem.test", "name": "U", "password": "long-enough-1", "is_admin": "no"})",
       "is_admin"},
      {"POST", "/api/v1/institutions", R"({"name": ["A"]})", "name"},
      {"POST", "/api/v1/pairs/1/dissolve", R"({"reason": false})", "reason"},
      {"POST", "/api/v1/enrollments/1/withdraw", "{}", "reason"},
      {"POST", "/api/v1/password-reset", R"({"email": 1})", "email"},
      {"POST", "/api/v1/password-reset/complete", R"({"token": "t"})", "password"},
      {"POST", "/api/v1/invitations/abc/accept", "{}", "password"},
      // Path and query parameters.
      {"GET", "/api/v1/programs/abc", "", "id"},
      {"GET", "/api/v1/programs/0", "", "id"},
      {"GET", "/api/v1/programs/-4", "", "id"},
      {"GET", "/api/v1/programs/1.5", "", "id"},
      {"GET", "/api/v1/programs/99999999999999999999", "", "id"},
      {"GET", "/api/v1/pairs/%20", "", "id"},
      {"POST", "/api/v1/enrollments/x/approve", "", "id"},
      {"GET", program + "/audit?limit=0", "", "limit"},
      {"GET", program + "/audit?limit=501", "", "limit"},
      {"GET", program + "/audit?before=yesterday", "", "before"},
      {"GET", program + "/enrollments?role=boss", "", "role"},
      {"GET", program + "/enrollments?status=asleep", "", "status"},
      {"GET", program + "/enrollments?offset=-1", "", "offset"},
      {"GET", program + "/enrollments?limit=0", "", "limit"},
      {"GET", program + "/enrollments?limit=1001", "", "limit"},
      {"GET", program + "/enrollments?q=" + std::string(201, 'a'), "", "q"},
      {"GET", program + "/pairs?status=happy", "", "status"},
      {"GET", program + "/pairs?status=active&status=dissolved", "", "status"},
      {"GET", program + "/audit?entity=%C3%28", "", "entity"},
      {"GET", "/api/v1/matching-runs/1?offset=-1", "", "offset"},
      {"GET", "/api/v1/matching-runs/1?offset=first", "", "offset"},
      {"GET", "/api/v1/matching-runs/1?offset=2.5", "", "offset"},
      {"GET", "/api/v1/matching-runs/1?offset=99999999999", "", "offset"},
      {"GET", "/api/v1/matching-runs/1?limit=0", "", "limit"},
      {"GET", "/api/v1/matching-runs/1?limit=1001", "", "limit"},
      {"GET", "/api/v1/matching-runs/1?limit=all", "", "limit"},
      {"GET", "/api/v1/matching-runs/1?limit=5&limit=6", "", "limit"},
      {"GET", "/api/v1/matching-runs/1?q=" + std::string(201, 'a'), "", "q"},
      {"GET", "/api/v1/matching-runs/1?q=%FF", "", "q"},
      {"PATCH", program, R"({"objectives": "a\u0000b"})", "objectives"},
      {"PATCH", program, R"({"objectives": "a", "objectives": "b"})", "objectives"},
  };
  for (const BadBody& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " " + c.target + " " + c.body);
    Reply reply = w.coordinator.Call(c.method, c.target, c.body);
    EXPECT_EQ(reply.status, 400) << reply.raw.body;
    EXPECT_EQ(reply.ErrorCode(), "invalid_argument") << reply.raw.body;
    EXPECT_EQ(reply.ErrorField(), c.field) << reply.raw.body;
    ASSERT_TRUE(reply.body.is_object()) << "error answers are JSON: " << reply.raw.body;
    EXPECT_FALSE(reply.body["error"]["message"].get<std::string>().empty());
  }
}

// The review's takeover: a coordinator enrols the admin's account in their
// program, then re-imports it with their own e-mail address. Refused (422,
// row and column), nothing changes, the admin still signs in.
TEST(ApiBadInput, AnImportCannotTakeOverSomeoneElsesAccount) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  Reply invited = Must(w.coordinator.Post("/api/v1/programs/" + w.program + "/invitations",
                                          {{"email", ApiServer::kAdminEmail},
                                           {"name", "Admin"},
                                           {"role", "mentee"},
                                           {"participant_id", "adm"}}),
                       201, "invite the admin");
  EXPECT_EQ(invited.body["enrollment"]["status"], "invited") << "nobody is enrolled unasked";
  Reply takeover = ImportCsv(w.coordinator, w.program,
                             "role,id,name,email\nmentee,adm,Admin,owned@attacker.test\n");
  ASSERT_EQ(takeover.status, 422) << takeover.raw.body;
  const json& problem = takeover.body["error"]["problems"][0];
  EXPECT_EQ(problem["row"], 2) << takeover.raw.body;
  EXPECT_EQ(problem["column"], "email") << takeover.raw.body;
  EXPECT_EQ(takeover.raw.body.find("UNIQUE"), std::string::npos);
  ApiClient admin;
  admin.SignIn(ApiServer::kAdminEmail, ApiServer::kAdminPassword);  // fails the test unless 200
  Reply reset = Must(ApiClient().Post("/api/v1/password-reset", {{"email", "owned@attacker.test"}}),
                     202, "reset for the attacker's address");
  for (const json& m : Must(admin.Get("/api/v1/outbox"), 200).body["messages"]) {
    EXPECT_NE(m["to"], "owned@attacker.test") << "a reset went to the attacker";
  }
}

// One request without signing in used to kill the server: 100,000 nested
// arrays overflowed the stack. Deep bodies are a 400 naming the member, and
// the server goes on answering.
TEST(ApiBadInput, NoBodyTakesTheServerDown) {
  ApiClient stranger;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Reply crash =
      stranger.Call("POST", "/api/v1/session", R"({"email":)" + deep + R"(,"password":"p"})");
  EXPECT_EQ(crash.status, 400) << crash.raw.body.substr(0, 200);
  EXPECT_EQ(crash.ErrorField(), "email");
  EXPECT_EQ(stranger.Get("/healthz").status, 200);

  // A NUL byte does not end the body: what follows it is not ignored.
  ProgramWithCoordinator w;
  SetUpProgram(w);
  const std::string program = "/api/v1/programs/" + w.program;
  const std::string name = Must(w.coordinator.Get(program), 200).body["name"];
  Reply nul = w.coordinator.Call("PATCH", program,
                                 std::string("{\"objectives\":\"x\"}\0{\"name\":\"evil\"}", 33));
  EXPECT_EQ(nul.status, 400) << nul.raw.body;
  const json after = Must(w.coordinator.Get(program), 200).body;
  EXPECT_EQ(after["name"], name);
  EXPECT_NE(after["objectives"], "x");
}

// A program that is not taking applications answers a non-member as its GET
// does (403), without its name or status.
TEST(ApiAccess, ApplyingDoesNotRevealAProgram) {
  ProgramWithCoordinator w;
  SetUpProgram(w);  // a draft: not taking applications
  const std::string email = Unique("outsider") + "@tandem.test";
  Must(w.admin.Post("/api/v1/users", {{"email", email},
                                      {"name", "Out Sider"},
                                      {"password", "outsider-password-1"},
                                      {"is_admin", false}}),
       201, "create user");
  ApiClient outsider;
  outsider.SignIn(email, "outsider-password-1");
  const std::string program = "/api/v1/programs/" + w.program;
  const Reply get = outsider.Get(program);
  const Reply apply = outsider.Post(program + "/applications", {{"role", "mentee"}});
  EXPECT_EQ(get.status, 403);
  EXPECT_EQ(apply.status, 403) << apply.raw.body;
  EXPECT_EQ(apply.raw.body, get.raw.body);
  const std::string name = Must(w.coordinator.Get(program), 200).body["name"];
  EXPECT_EQ(apply.raw.body.find(name), std::string::npos) << apply.raw.body;
  // Its coordinator is still told why.
  const Reply member = w.coordinator.Post(program + "/applications", {{"role", "mentee"}});
  EXPECT_EQ(member.status, 409) << member.raw.body;
  EXPECT_NE(member.raw.body.find("not taking applications"), std::string::npos);
}

TEST(ApiBadInput, OversizedBodiesAre413AndImportsMayBeLarger) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  std::string big(1024 * 1024 + 16, ' ');
  big.front() = '{';
  big.back() = '}';
  Reply too_big = w.coordinator.Call("POST", "/api/v1/programs/" + w.program + "/transition", big);
  EXPECT_EQ(too_big.status, 413) << too_big.raw.body;

  // The import route takes up to 16 MiB: a 2 MiB file is read (and rejected
  // for its content, not its size).
  std::string csv = "role,id,name\n";
  while (csv.size() < 2 * 1024 * 1024) csv += "teacher,X,Someone\n";
  Reply large = ImportCsv(w.coordinator, w.program, csv);
  EXPECT_EQ(large.status, 422) << large.raw.body.substr(0, 300);
  ASSERT_TRUE(large.body.is_object());
  EXPECT_FALSE(large.body["error"]["problems"].empty());

  // JSON is not a CSV.
  Reply json_import =
      w.coordinator.Call("POST", "/api/v1/programs/" + w.program + "/participants/import", "{}");
  EXPECT_EQ(json_import.status, 400);
  EXPECT_EQ(json_import.ErrorField(), "Content-Type");
}

TEST(ApiBadInput, ServiceValidationNamesTheField) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  const std::string program = "/api/v1/programs/" + w.program;
  Transition(w.coordinator, w.program, "enrolling");
  struct Case {
    const char* method;
    std::string target;
    json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"PATCH", program, {{"starts_on", "2026-13-01"}}, "starts_on"},
      {"PATCH", program, {{"name", ""}}, "name"},
      {"PATCH", program, {{"cadence_days", 0}}, "cadence_days"},
      {"POST",
       program + "/invitations",
       {{"email", "not-an-address"}, {"name", "A"}, {"role", "mentee"}},
       "email"},
      {"POST",
       "/api/v1/users",
       {{"email", "u@tandem.test"}, {"name", "U"}, {"password", "short"}},
       "password"},
      {"POST", program + "/matching-runs", {{"objective", "best"}}, "objective"},
      // Limits a program's later matching runs would refuse are refused now.
      {"PATCH",
       program,
       {{"max_time_zone_difference_hours", 1e308}},
       "max_time_zone_difference_hours"},
      {"POST",
       "/api/v1/programs",
       {{"name", "Far"},
        {"field", "x"},
        {"kind", "cohort"},
        {"max_time_zone_difference_hours", 27}},
       "max_time_zone_difference_hours"},
      {"PATCH", program, {{"min_score", -1}}, "min_score"},
      {"PATCH", program, {{"starts_on", "0226-07-01"}}, "starts_on"},  // a typo for 2026
      {"POST",
       "/api/v1/programs",
       {{"name", "Done"}, {"field", "x"}, {"kind", "cohort"}, {"status", "closed"}},
       "status"},
      {"POST",
       "/api/v1/programs",
       {{"name", "Old"}, {"field", "x"}, {"kind", "cohort"}, {"ends_on", "2200-01-01"}},
       "ends_on"},
      {"PATCH", program, {{"objectives", std::string(10001, 'x')}}, "objectives"},
      {"POST", program + "/matching-runs", {{"min_score", -1}}, "min_score"},
  };
  ApiClient& as = w.admin;
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " " + c.target + " " + c.body.dump());
    Reply reply = as.Call(c.method, c.target, c.body.dump());
    EXPECT_EQ(reply.status, 400) << reply.raw.body;
    EXPECT_EQ(reply.ErrorField(), c.field) << reply.raw.body;
  }
  // Clearing with null works where the field is nullable.
  Reply cleared =
      Must(as.Patch(program,
                    {{"min_score", nullptr}, {"starts_on", nullptr}, {"weights", {{"goals", 20}}}}),
           200, "patch");
  EXPECT_TRUE(cleared.body["min_score"].is_null());
  EXPECT_TRUE(cleared.body["starts_on"].is_null());
  EXPECT_EQ(cleared.body["weights"]["goals"], 20);
  EXPECT_EQ(cleared.body["weights"]["interests"], 30);
  // A PATCH that changes nothing records nothing.
  const auto updates = [&] {
    int n = 0;
    for (const json& e : Must(as.Get(program + "/audit?limit=500"), 200).body["entries"]) {
      n += e["action"] == "program.update";
    }
    return n;
  };
  const int before = updates();
  Must(as.Patch(program, {{"weights", {{"goals", 20}}}}), 200, "unchanged patch");
  EXPECT_EQ(updates(), before);
  // A run without min_score takes the program's; with null, none.
  Must(as.Patch(program, {{"min_score", 10}}), 200, "min score");
  EXPECT_EQ(
      Must(as.Post(program + "/matching-runs", json::object()), 202).body["settings"]["min_score"],
      10);
  EXPECT_EQ(Must(as.Post(program + "/matching-runs", {{"min_score", nullptr}}), 202)
                .body["settings"]["min_score"],
            0);
}

// JSON routes take only Content-Type: application/json, so no HTML form
// (text/plain, urlencoded, multipart) can post to them from another site —
// not even the sign-in, which needs no CSRF token.
TEST(ApiBadInput, JsonBodiesNeedTheJsonContentType) {
  ProgramWithCoordinator w;
  SetUpProgram(w);
  ApiClient anonymous;
  const std::string credentials =
      json{{"email", ApiServer::kAdminEmail}, {"password", ApiServer::kAdminPassword}}.dump();
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
    SCOPED_TRACE(type);
    Reply reply = anonymous.Call("POST", "/api/v1/session", credentials, {{"Content-Type", type}});
    EXPECT_EQ(reply.status, 400) << reply.raw.body;
    EXPECT_EQ(reply.ErrorField(), "Content-Type") << reply.raw.body;
    EXPECT_TRUE(reply.raw.Header("set-cookie") == std::nullopt) << "signed in by a form";
  }
  Must(anonymous.Call("POST", "/api/v1/session", credentials,
                      {{"Content-Type", "application/json; charset=utf-8"}}),
       200, "JSON with a charset");
  Reply patched = w.coordinator.Call("PATCH", "/api/v1/programs/" + w.program,
                                     R"({"objectives": "x"})", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(patched.ErrorField(), "Content-Type") << patched.raw.body;
  // The participant import takes the CSV file itself.
  Reply csv = w.coordinator.Call("POST", "/api/v1/programs/" + w.program + "/participants/import",
                                 "role,id,name\n", {{"Content-Type", "application/json"}});
  EXPECT_EQ(csv.ErrorField(), "Content-Type") << csv.raw.body;
}

TEST(ApiTransport, UnknownRoutesAndMethods) {
  ApiClient client;
  Reply unknown = client.Get("/api/v1/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(unknown.body.is_object()) << unknown.raw.body;
  Reply method = client.Call("PUT", "/api/v1/programs", "{}");
  EXPECT_EQ(method.status, 405);
  EXPECT_TRUE(method.raw.Header("allow").has_value());
  Reply yaml = Must(client.Get("/api/v1/openapi.yaml"), 200);
  EXPECT_NE(yaml.raw.Header("content-type").value_or("").find("yaml"), std::string::npos);
  EXPECT_EQ(yaml.raw.body, ReadFile("docs/openapi.yaml"));
}

}  // namespace
}  // namespace tandem::testing
