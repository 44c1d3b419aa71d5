// Who may call what (docs/api.md, "Who may call what"): every route called
// as anonymous, admin, coordinator, mentor, mentee, evaluator and a user of
// another program, each answer checked against the table below. A route the
// server has and the table lacks (or the reverse) fails the test, and so does
// one that docs/openapi.yaml lacks.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api_harness.h"
#include "core/clock.h"
#include "core/csv.h"

namespace tandem::testing {
namespace {

enum Caller { kAnonymous, kOther, kEvaluator, kMentor, kMentee, kCoordinator, kAdmin, kCallers };
// Deny-first order: refused calls change nothing, so they go before allowed ones.
const char* const kCallerNames[] = {"anonymous", "other-program user", "evaluator", "mentor",
                                    "mentee",    "coordinator",        "admin"};

using Allowed = std::set<Caller>;
const Allowed kEveryone = {kAnonymous, kOther, kEvaluator, kMentor, kMentee, kCoordinator, kAdmin};
const Allowed kSignedIn = {kOther, kEvaluator, kMentor, kMentee, kCoordinator, kAdmin};
const Allowed kMembers = {kEvaluator, kMentor, kMentee, kCoordinator, kAdmin};
const Allowed kCoordinators = {kCoordinator, kAdmin};
const Allowed kAdmins = {kAdmin};
const Allowed kStaff = {kEvaluator, kCoordinator, kAdmin};
// Target: the mentee's enrollment or their pair with the mentor.
const Allowed kPairMembers = {kMentor, kMentee, kCoordinator, kAdmin};
const Allowed kOwner = {kMentee, kCoordinator, kAdmin};

// One route, how to call it, and who may.
struct Row {
  std::string method;
  std::string pattern;  // exactly as the router has it
  std::string target;
  std::string body;
  Allowed allowed;
  std::string content_type = "application/json";
};

json Body(const json& j) { return j; }

// The UTC date `days` from today, "YYYY-MM-DD" (meetings are planned ahead).
std::string DaysAhead(int days) {
  return FormatUtcDate(WallClock().Now() + std::chrono::days(days));
}

// The world the matrix runs in: program P with one person per role (the mentor
// and mentee paired), a spare pair, a published run; program Q with the
// "other" user.
class AccessMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto& c = Clients();
    c.resize(kCallers);
    ApiClient& admin = c[kAdmin];
    admin.SignIn(ApiServer::kAdminEmail, ApiServer::kAdminPassword);

    auto make_program = [&](const std::string& name) {
      return std::to_string(
          Must(admin.Post("/api/v1/programs",
                          {{"name", Unique(name)}, {"field", "hematology"}, {"kind", "cohort"}}),
               201, "create program")
              .body["id"]
              .get<std::int64_t>());
    };
    P() = make_program("Matrix P");
    const std::string q = make_program("Matrix Q");
    static std::map<Caller, std::string> email_of;
    auto invite = [&](const std::string& program, Caller who, const std::string& role,
                      const std::string& participant_id) {
      if (!email_of.count(who)) email_of[who] = Unique("matrix-" + role) + "@tandem.test";
      json body = {{"email", email_of[who]},
                   {"name", std::string("Matrix ") + kCallerNames[who]},
                   {"role", role}};
      if (!participant_id.empty()) body["participant_id"] = participant_id;
      Reply r = Must(admin.Post("/api/v1/programs/" + program + "/invitations", body), 201,
                     "invite " + role);
      c[who].AcceptInvitation(r.body["link"], "matrix-password-1");
      return std::to_string(r.body["enrollment"]["id"].get<std::int64_t>());
    };
    invite(P(), kCoordinator, "coordinator", "");
    invite(P(), kEvaluator, "evaluator", "");
    const std::string mentor_enrollment = invite(P(), kMentor, "mentor", "MX");
    MenteeEnrollment() = invite(P(), kMentee, "mentee", "FX");
    invite(q, kOther, "mentee", "QX");
    (void)mentor_enrollment;

    ApiClient& coordinator = c[kCoordinator];
    const std::string base = "/api/v1/programs/" + P();
    for (const char* to : {"enrolling"}) {
      Must(coordinator.Post(base + "/transition", {{"status", to}}), 200, "transition");
    }
    Must(coordinator.Call("POST", base + "/participants/import",
                          ReadFile("examples/participants.csv"), {{"Content-Type", "text/csv"}}),
         200, "import");
    Profile() = {{"name", "Matrix mentee"},
                 {"institution", "Emory University"},
                 {"career_stage", "fellow pgy4"},
                 {"time_zone", "America/New_York"},
                 {"years_experience", nullptr},
                 {"capacity", 1},
                 {"interests", {"thrombosis"}},
                 {"specialties", json::array()},
                 {"goals", json::array()},
                 {"background", json::object()},
                 {"match_on", json::array()},
                 {"languages", {"english"}},
                 {"availability", {{{"start_minute", 600}, {"minutes", 60}}}},
                 {"bio", ""}};
    Must(c[kMentee].Put("/api/v1/enrollments/" + MenteeEnrollment() + "/profile", Profile()), 200,
         "mentee profile");
    for (const char* to : {"matching", "active"}) {
      Must(coordinator.Post(base + "/transition", {{"status", to}}), 200, "transition");
    }
    Reply run = Must(coordinator.Post(base + "/matching-runs", json::object()), 202, "run");
    Run() = std::to_string(run.body["id"].get<std::int64_t>());
    WaitForRun(coordinator, run.body["id"]);
    Must(coordinator.Post("/api/v1/matching-runs/" + Run() + "/publish"), 200, "publish");
    // The matching run may have paired MX and FX already; pair them by hand if not.
    Reply pairs = Must(coordinator.Get(base + "/pairs"), 200, "pairs");
    for (const json& p : pairs.body["pairs"]) {
      if (p["mentee"]["participant_id"] == "FX" && p["mentor"]["participant_id"] == "MX") {
        Pair() = std::to_string(p["id"].get<std::int64_t>());
      } else if (Spare().empty() && p["mentee"]["participant_id"] != "FX" &&
                 p["mentor"]["participant_id"] != "MX") {
        Spare() = std::to_string(p["id"].get<std::int64_t>());
      }
    }
    if (Pair().empty()) {
      // Free FX and MX first: dissolve whatever pairs they got.
      for (const json& p : pairs.body["pairs"]) {
        if (p["mentee"]["participant_id"] == "FX" || p["mentor"]["participant_id"] == "MX") {
          Must(coordinator.Post(
                   "/api/v1/pairs/" + std::to_string(p["id"].get<std::int64_t>()) + "/dissolve",
                   {{"reason", "matrix set-up"}}),
               200, "dissolve");
        }
      }
      Reply own = Must(coordinator.Post(base + "/pairs", {{"mentee", "FX"}, {"mentor", "MX"}}), 201,
                       "pair FX-MX");
      Pair() = std::to_string(own.body["id"].get<std::int64_t>());
    }
    ASSERT_FALSE(Spare().empty()) << pairs.raw.body;
    SignInUser() = Unique("matrix-signin") + "@tandem.test";
    SignInUserId() =
        std::to_string(Must(admin.Post("/api/v1/users", {{"email", SignInUser()},
                                                         {"name", "Matrix Sign-in"},
                                                         {"password", "matrix-password-1"},
                                                         {"is_admin", false}}),
                            201, "sign-in user")
                           .body["id"]
                           .get<std::int64_t>());
    const auto institution = [&](const std::string& name) {
      return std::to_string(
          Must(admin.Post("/api/v1/institutions", {{"name", Unique(name)}}), 201, "institution")
              .body["id"]
              .get<std::int64_t>());
    };
    // A meeting of the pair, for the meeting routes (scheduled by the coordinator).
    Meeting() = std::to_string(
        Must(coordinator.Post("/api/v1/pairs/" + Pair() + "/meetings",
                              {{"start", DaysAhead(60) + "T10:00"}, {"time_zone", "UTC"}}),
             201, "meeting")
            .body["id"]
            .get<std::int64_t>());
    // The journey's records, for the routes on one goal, project, output or position.
    auto id_of = [](const Reply& r) { return std::to_string(r.body["id"].get<std::int64_t>()); };
    ApiClient& mentee = c[kMentee];
    Goal() =
        id_of(Must(mentee.Post("/api/v1/pairs/" + Pair() + "/goals", {{"title", "Matrix goal"}}),
                   201, "goal"));
    Project() = id_of(
        Must(mentee.Post("/api/v1/pairs/" + Pair() + "/projects", {{"title", "Matrix project"}}),
             201, "project"));
    Output() =
        id_of(Must(mentee.Post(base + "/outputs", {{"person_id", std::stoll(MenteeEnrollment())},
                                                   {"kind", "award"},
                                                   {"title", "Matrix award"}}),
                   201, "output"));
    Position() =
        id_of(Must(mentee.Post(base + "/positions", {{"person_id", std::stoll(MenteeEnrollment())},
                                                     {"title", "Instructor"},
                                                     {"field", "classical hematology"},
                                                     {"setting", "academic"},
                                                     {"starts_on", "2027-07-01"}}),
                   201, "position"));
    // A link and a file in the program's resource library.
    LinkResource() =
        id_of(Must(coordinator.Post("/api/v1/resources", {{"program_id", std::stoll(P())},
                                                          {"title", "Matrix link"},
                                                          {"url", "https://example.org/guide"}}),
                   201, "link resource"));
    FileResource() = id_of(
        Must(coordinator.Post("/api/v1/resources",
                              {{"program_id", std::stoll(P())},
                               {"title", "Matrix file"},
                               {"file", {{"name", "notes.txt"}, {"content_base64", "aGVsbG8="}}}}),
             201, "file resource"));
    Event() = id_of(Must(coordinator.Post(base + "/events", {{"title", "Matrix orientation"},
                                                             {"start", DaysAhead(70) + "T16:00"},
                                                             {"time_zone", "UTC"},
                                                             {"required", true}}),
                         201, "event"));
    // A confidential survey with a wave open today for everyone: the mentor
    // and the mentee are invited.
    Survey() = id_of(
        Must(coordinator.Post(base + "/surveys", {{"title", "Matrix pulse"},
                                                  {"items",
                                                   {{{"code", "good_match"},
                                                     {"kind", "likert"},
                                                     {"text", "My partner was a good match."}}}}}),
             201, "survey"));
    Wave() =
        id_of(Must(coordinator.Post(base + "/survey-waves", {{"survey_id", std::stoll(Survey())},
                                                             {"title", "Matrix wave"},
                                                             {"timing", "dates"},
                                                             {"opens_on", DaysAhead(0)},
                                                             {"pair_status", "any"},
                                                             {"status", "open"}}),
                   201, "wave"));
    const Reply mine = Must(mentee.Get("/api/v1/me/surveys"), 200, "my surveys");
    MySurvey() = std::to_string(mine.body["surveys"][0]["invitation_id"].get<std::int64_t>());
    // A PDF of the report, asked for by the coordinator (a job makes it).
    Report() = id_of(Must(coordinator.Post(base + "/reports"), 202, "report"));
    // Qualitative analysis: a document, a code and a segment the coordinator coded.
    QualDocId() = id_of(Must(coordinator.Post(base + "/qualitative/documents",
                                              {{"title", "Matrix focus group"},
                                               {"text", "Q: What helped?\nA: The calls."},
                                               {"confirmed_deidentified", true}}),
                             201, "document"));
    QualCodeId() = id_of(Must(
        coordinator.Post(base + "/qualitative/codes", {{"name", "Matrix code"}}), 201, "code"));
    QualSegmentId() = id_of(
        Must(coordinator.Post("/api/v1/qualitative/documents/" + QualDocId() + "/segments",
                              {{"code_id", std::stoll(QualCodeId())}, {"start", 0}, {"end", 5}}),
             201, "segment"));
    Institution() = institution("Matrix Renamed");
    MergedInstitution() = institution("Matrix Merged");
    // Mentees choosing: P becomes mentee-led and the mentee, given room for
    // a second mentor, asks the one mentor with room, MY, who joined late
    // (not a caller, so no caller but the mentee owns the request).
    {
      Reply r = Must(coordinator.Post(base + "/invitations",
                                      {{"email", Unique("matrix-late") + "@tandem.test"},
                                       {"name", "Matrix late mentor"},
                                       {"role", "mentor"},
                                       {"participant_id", "MY"}}),
                     201, "invite MY");
      ApiClient late;
      late.AcceptInvitation(r.body["link"], "matrix-password-1");
    }
    Must(coordinator.Put(base + "/matching-mode", {{"mode", "mentee_led"}}), 200, "mentee-led");
    // Peer support: program S, where the coordinator is the specialist, the
    // mentor a trained volunteer (VX), the mentee and the evaluator members;
    // requests from the public form: R (the specialist's routes), R2 (its
    // follow link), R3 (offered to VX, its answer link).
    {
      S() = std::to_string(Must(admin.Post("/api/v1/programs", {{"name", Unique("Matrix S")},
                                                                {"field", "oncology"},
                                                                {"kind", "peer_support"}}),
                                201, "peer program")
                               .body["id"]
                               .get<std::int64_t>());
      invite(S(), kCoordinator, "coordinator", "");
      invite(S(), kEvaluator, "evaluator", "");
      Volunteer() = invite(S(), kMentor, "mentor", "VX");
      invite(S(), kMentee, "mentee", "SX");
      for (const char* to : {"enrolling", "matching", "active"}) {
        Must(admin.Post("/api/v1/programs/" + S() + "/transition", {{"status", to}}), 200,
             "transition S");
      }
      Must(c[kMentor].Put("/api/v1/enrollments/" + Volunteer() + "/peer-profile", PeerProfile()),
           200, "volunteer profile");
      Must(c[kCoordinator].Patch(
               "/api/v1/enrollments/" + Volunteer() + "/volunteer",
               {{"trained_on", "2026-01-10"}, {"screening", "cleared"}, {"paused", false}}),
           200, "volunteer standing");
      ApiClient anonymous;
      const auto ask = [&](const std::string& email) {
        return Must(anonymous.Post("/api/v1/programs/" + S() + "/peer-requests",
                                   {{"name", "Matrix Seeker"},
                                    {"email", email},
                                    {"consent_contact", true},
                                    {"consent_share", true},
                                    {"profile", PeerProfile()}}),
                    201, "peer request");
      };
      PeerRequestId() = std::to_string(
          ask(Unique("matrix-seeker") + "@tandem.test").body["id"].get<std::int64_t>());
      FollowToken() = TokenOf(ask(Unique("matrix-seeker") + "@tandem.test").body["follow_link"]);
      const std::string r3 = std::to_string(
          ask(Unique("matrix-seeker") + "@tandem.test").body["id"].get<std::int64_t>());
      Must(c[kCoordinator].Post("/api/v1/peer-requests/" + r3 + "/offers", {{"volunteer", "VX"}}),
           201, "offer R3");
      const Reply outbox = Must(admin.Get("/api/v1/outbox?limit=100"), 200, "outbox");
      for (const json& m : outbox.body["messages"]) {
        const std::string body = m.value("body", "");
        const auto at = body.find("/peer/offers/");
        if (at != std::string::npos && OfferToken().empty()) {
          OfferToken() = body.substr(at + 13, 43);
        }
      }
      ASSERT_EQ(OfferToken().size(), 43u) << outbox.raw.body.substr(0, 2000);
    }
    json roomy = Profile();
    roomy["capacity"] = 2;
    Must(mentee.Put("/api/v1/enrollments/" + MenteeEnrollment() + "/profile", roomy), 200,
         "mentee capacity 2");
    const Reply shortlist = Must(mentee.Get(base + "/shortlist"), 200, "shortlist");
    ASSERT_FALSE(shortlist.body["mentors"].empty()) << shortlist.raw.body;
    Request() = id_of(
        Must(mentee.Post(base + "/requests", {{"mentor", shortlist.body["mentors"][0]["mentor"]},
                                              {"note", "Matrix request"}}),
             201, "request"));
  }

  // A peer-support profile a volunteer and a person seeking support can have.
  static json PeerProfile() {
    return {{"person", "survivor"},      {"cancer_type", "breast"},
            {"treatments", {"surgery"}}, {"languages", {"english"}},
            {"contact", {"phone"}},      {"time_zone", "America/New_York"}};
  }
  static std::string& S() {
    static std::string s;
    return s;
  }
  static std::string& Volunteer() {
    static std::string s;
    return s;
  }
  static std::string& PeerRequestId() {
    static std::string s;
    return s;
  }
  static std::string& FollowToken() {
    static std::string s;
    return s;
  }
  static std::string& OfferToken() {
    static std::string s;
    return s;
  }
  static std::string& Request() {
    static std::string s;
    return s;
  }

  static std::string& Institution() {
    static std::string s;
    return s;
  }
  static std::string& MergedInstitution() {
    static std::string s;
    return s;
  }

  static std::vector<ApiClient>& Clients() {
    static std::vector<ApiClient> clients;
    return clients;
  }
  static std::string& P() {
    static std::string s;
    return s;
  }
  static std::string& MenteeEnrollment() {
    static std::string s;
    return s;
  }
  static std::string& Run() {
    static std::string s;
    return s;
  }
  static std::string& Pair() {
    static std::string s;
    return s;
  }
  static std::string& Meeting() {
    static std::string s;
    return s;
  }
  static std::string& Survey() {
    static std::string s;
    return s;
  }
  static std::string& QualDocId() {
    static std::string s;
    return s;
  }
  static std::string& QualCodeId() {
    static std::string s;
    return s;
  }
  static std::string& QualSegmentId() {
    static std::string s;
    return s;
  }
  static std::string& Report() {
    static std::string s;
    return s;
  }
  static std::string& Wave() {
    static std::string s;
    return s;
  }
  static std::string& MySurvey() {
    static std::string s;
    return s;
  }
  static std::string& Event() {
    static std::string s;
    return s;
  }
  static std::string& LinkResource() {
    static std::string s;
    return s;
  }
  static std::string& FileResource() {
    static std::string s;
    return s;
  }
  static std::string& Goal() {
    static std::string s;
    return s;
  }
  static std::string& Project() {
    static std::string s;
    return s;
  }
  static std::string& Output() {
    static std::string s;
    return s;
  }
  static std::string& Position() {
    static std::string s;
    return s;
  }
  static std::string& Spare() {
    static std::string s;
    return s;
  }
  static std::string& SignInUser() {
    static std::string s;
    return s;
  }
  static std::string& SignInUserId() {
    static std::string s;
    return s;
  }
  static json& Profile() {
    static json j;
    return j;
  }

  std::vector<Row> Table() const {
    const std::string p = "/api/v1/programs/" + P();
    const std::string e = "/api/v1/enrollments/" + MenteeEnrollment();
    const std::string pair = "/api/v1/pairs/" + Pair();
    const std::string meeting = "/api/v1/meetings/" + Meeting();
    const std::string fake_token(43, 'A');
    const std::string invitee = Unique("matrix-invitee") + "@tandem.test";
    return {
        {"POST", "/api/v1/session", "/api/v1/session",
         Body({{"email", SignInUser()}, {"password", "matrix-password-1"}}).dump(), kEveryone},
        {"GET", "/api/v1/me", "/api/v1/me", "", kSignedIn},
        {"POST", "/api/v1/password-reset", "/api/v1/password-reset",
         R"({"email": "nobody@tandem.test"})", kEveryone},
        {"POST", "/api/v1/password-reset/complete", "/api/v1/password-reset/complete",
         Body({{"token", fake_token}, {"password", "matrix-password-2"}}).dump(), kEveryone},
        {"GET", "/api/v1/invitations/{token}", "/api/v1/invitations/" + fake_token, "", kEveryone},
        {"POST", "/api/v1/invitations/{token}/accept",
         "/api/v1/invitations/" + fake_token + "/accept", R"({"password": "matrix-password-2"})",
         kEveryone},
        {"GET", "/api/v1/users", "/api/v1/users", "", kAdmins},
        {"POST", "/api/v1/users", "/api/v1/users",
         Body({{"email", Unique("matrix-user") + "@tandem.test"},
               {"name", "U"},
               {"password", "matrix-password-1"},
               {"is_admin", false}})
             .dump(),
         kAdmins},
        {"PATCH", "/api/v1/users/{id}", "/api/v1/users/" + SignInUserId(),
         R"({"disabled": false, "is_admin": false})", kAdmins},
        {"DELETE", "/api/v1/users/{id}/sessions", "/api/v1/users/" + SignInUserId() + "/sessions",
         "", kAdmins},
        {"GET", "/api/v1/outbox", "/api/v1/outbox", "", kAdmins},
        // An id no message has: allowed callers get 404, the others 401/403.
        {"POST", "/api/v1/outbox/{id}/resend", "/api/v1/outbox/999999999/resend", "", kAdmins},
        {"GET", "/api/v1/jobs", "/api/v1/jobs", "", kAdmins},
        {"GET", "/api/v1/institutions", "/api/v1/institutions", "", kCoordinators},
        {"POST", "/api/v1/institutions", "/api/v1/institutions",
         Body({{"name", Unique("Matrix Institute")}}).dump(), kAdmins},
        {"PATCH", "/api/v1/institutions/{id}", "/api/v1/institutions/" + Institution(),
         Body({{"name", Unique("Matrix Renamed again")}}).dump(), kAdmins},
        {"POST", "/api/v1/institutions/{id}/merge",
         "/api/v1/institutions/" + MergedInstitution() + "/merge",
         Body({{"into", std::stoll(Institution())}}).dump(), kAdmins},
        {"GET", "/api/v1/programs", "/api/v1/programs", "", kSignedIn},
        {"POST", "/api/v1/programs", "/api/v1/programs",
         Body({{"name", Unique("Matrix new")}, {"field", "oncology"}, {"kind", "peer_support"}})
             .dump(),
         kAdmins},
        {"GET", "/api/v1/programs/{id}", p, "", kMembers},
        {"PATCH", "/api/v1/programs/{id}", p, R"({"objectives": "Matrix objectives"})",
         kCoordinators},
        {"POST", "/api/v1/programs/{id}/transition", p + "/transition", R"({"status": "active"})",
         kCoordinators},
        {"GET", "/api/v1/programs/{id}/taxonomy", p + "/taxonomy", "", kMembers},
        {"GET", "/api/v1/taxonomy-templates", "/api/v1/taxonomy-templates", "", kSignedIn},
        {"GET", "/api/v1/programs/{id}/vocabulary", p + "/vocabulary", "", kMembers},
        // Replaced, imported, then started again from the template it had.
        {"PUT", "/api/v1/programs/{id}/taxonomy", p + "/taxonomy",
         R"({"topics": [{"id": "matrix", "label": "matrix", "parent": null}], "goals": [],
             "career_stages": [], "languages": []})",
         kCoordinators},
        {"POST", "/api/v1/programs/{id}/taxonomy/import", p + "/taxonomy/import",
         "list,value,parent\ntopic,matrix,\n", kCoordinators, "text/csv"},
        {"POST", "/api/v1/programs/{id}/vocabulary/start", p + "/vocabulary/start",
         R"({"from": "template:hematology_oncology"})", kCoordinators},
        {"POST", "/api/v1/programs/{id}/taxonomy/edits", p + "/taxonomy/edits",
         R"({"op": "add", "list": "goal", "value": "matrix goal"})", kCoordinators},
        {"GET", "/api/v1/programs/{id}/taxonomy/free-tags", p + "/taxonomy/free-tags", "",
         kCoordinators},
        {"GET", "/api/v1/programs/{id}/taxonomy/export", p + "/taxonomy/export", "", kStaff},
        {"PUT", "/api/v1/programs/{id}/questions", p + "/questions", R"({"questions": []})",
         kCoordinators},
        {"GET",
         "/api/v1/programs/{id}/summary",
         p + "/summary",
         "",
         {kEvaluator, kCoordinator, kAdmin}},
        {"GET", "/api/v1/programs/{id}/evaluation", p + "/evaluation", "", kStaff},
        {"GET", "/api/v1/programs/{id}/report.html", p + "/report.html", "", kStaff},
        {"GET", "/api/v1/programs/{id}/report.json", p + "/report.json", "", kStaff},
        {"GET", "/api/v1/programs/{id}/reports", p + "/reports", "", kStaff},
        {"POST", "/api/v1/programs/{id}/reports", p + "/reports", "{}", kStaff},
        // Done or still queued: allowed callers get 200 or 409, the others 401/403.
        {"GET", "/api/v1/reports/{id}/pdf", "/api/v1/reports/" + Report() + "/pdf", "", kStaff},
        {"GET", "/api/v1/programs/{id}/analysis.csv", p + "/analysis.csv", "", kStaff},
        // One wave twice: allowed callers get 400.
        {"GET", "/api/v1/programs/{id}/prepost",
         p + "/prepost?item=good_match&before_wave=" + Wave() + "&after_wave=" + Wave(), "",
         kStaff},
        {"POST", "/api/v1/programs/{id}/qualitative/check", p + "/qualitative/check",
         R"({"text": "Call 617-555-0142"})", kStaff},
        {"GET", "/api/v1/programs/{id}/qualitative/documents", p + "/qualitative/documents", "",
         kStaff},
        {"POST", "/api/v1/programs/{id}/qualitative/read", p + "/qualitative/read",
         R"({"file_name": "notes.txt", "content_base64": "QTogZmluZQ=="})", kStaff},
        {"POST", "/api/v1/programs/{id}/qualitative/documents", p + "/qualitative/documents",
         R"({"title": "Notes", "text": "A: fine", "confirmed_deidentified": true})", kStaff},
        {"GET", "/api/v1/qualitative/documents/{id}",
         "/api/v1/qualitative/documents/" + QualDocId(), "", kStaff},
        {"POST", "/api/v1/qualitative/documents/{id}/segments",
         "/api/v1/qualitative/documents/" + QualDocId() + "/segments",
         R"({"code_id": )" + QualCodeId() + R"(, "start": 0, "end": 3})", kStaff},
        // The coordinator's own segment: the evaluator gets 409 (another coder's),
        // the coordinator removes it, the admin then gets 404.
        {"DELETE", "/api/v1/qualitative/segments/{id}",
         "/api/v1/qualitative/segments/" + QualSegmentId(), "", kStaff},
        {"GET", "/api/v1/programs/{id}/qualitative/codes", p + "/qualitative/codes", "", kStaff},
        // The name is taken after the first allowed caller: 409 for the next.
        {"POST", "/api/v1/programs/{id}/qualitative/codes", p + "/qualitative/codes",
         R"({"name": "Another code"})", kStaff},
        {"PUT", "/api/v1/qualitative/codes/{id}", "/api/v1/qualitative/codes/" + QualCodeId(),
         R"({"name": "Matrix code", "definition": "Anything"})", kStaff},
        // One coder so far: allowed callers get 409.
        {"GET", "/api/v1/programs/{id}/qualitative/agreement", p + "/qualitative/agreement", "",
         kStaff},
        {"GET", "/api/v1/programs/{id}/qualitative/themes", p + "/qualitative/themes", "", kStaff},
        {"POST", "/api/v1/programs/{id}/qualitative/themes", p + "/qualitative/themes",
         R"({"name": "A theme", "code_ids": [)" + QualCodeId() + "]}", kStaff},
        {"GET", "/api/v1/programs/{id}/qualitative/segments.csv", p + "/qualitative/segments.csv",
         "", kStaff},
        // No long-text item: allowed callers get 400.
        {"POST", "/api/v1/surveys/{id}/qualitative-document",
         "/api/v1/surveys/" + Survey() + "/qualitative-document", R"({"item": "good_match"})",
         kStaff},
        {"GET", "/api/v1/programs/{id}/analysis-dictionary.csv", p + "/analysis-dictionary.csv", "",
         kStaff},
        // Peer support (program S; docs/peer-support.md). The form's body
        // lacks consent: 400 for everyone (and no submission is counted).
        {"GET", "/api/v1/peer-vocabulary", "/api/v1/peer-vocabulary", "", kEveryone},
        {"GET", "/api/v1/peer/programs/{id}", "/api/v1/peer/programs/" + S(), "", kEveryone},
        {"POST", "/api/v1/programs/{id}/peer-requests",
         "/api/v1/programs/" + S() + "/peer-requests",
         Body({{"name", "N"}, {"email", "n@tandem.test"}, {"profile", PeerProfile()}}).dump(),
         kEveryone},
        {"GET", "/api/v1/programs/{id}/peer-requests", "/api/v1/programs/" + S() + "/peer-requests",
         "", kCoordinators},
        // VX's row: allowed callers save it (200).
        {"POST", "/api/v1/programs/{id}/peer-volunteers/import",
         "/api/v1/programs/" + S() + "/peer-volunteers/import",
         "id,person,cancer_type,languages,trained_on,screening\nVX,survivor,breast,english,2026-01-"
         "10,"
         "cleared\n",
         kCoordinators, "text/csv"},
        {"GET", "/api/v1/programs/{id}/peer-requests.csv",
         "/api/v1/programs/" + S() + "/peer-requests.csv?health=true", "", kCoordinators},
        {"GET", "/api/v1/peer-requests/{id}", "/api/v1/peer-requests/" + PeerRequestId(), "",
         kCoordinators},
        {"PATCH", "/api/v1/peer-requests/{id}", "/api/v1/peer-requests/" + PeerRequestId(),
         R"({"urgent": true})", kCoordinators},
        {"GET", "/api/v1/peer-requests/{id}/suggestions",
         "/api/v1/peer-requests/" + PeerRequestId() + "/suggestions", "", kCoordinators},
        // VX's one place goes to R3 when its offer is accepted: 409 then.
        {"POST", "/api/v1/peer-requests/{id}/offers",
         "/api/v1/peer-requests/" + PeerRequestId() + "/offers", R"({"volunteer": "VX"})",
         kCoordinators},
        // The links in e-mails: whoever holds them (after the first answer, 409).
        {"GET", "/api/v1/peer/follow/{token}", "/api/v1/peer/follow/" + FollowToken(), "",
         kEveryone},
        {"POST", "/api/v1/peer/follow/{token}/withdraw",
         "/api/v1/peer/follow/" + FollowToken() + "/withdraw", "", kEveryone},
        {"GET", "/api/v1/peer/offers/{token}", "/api/v1/peer/offers/" + OfferToken(), "",
         kEveryone},
        {"POST", "/api/v1/peer/offers/{token}/decline",
         "/api/v1/peer/offers/" + OfferToken() + "/decline", R"({"reason": ""})", kEveryone},
        {"POST", "/api/v1/peer/offers/{token}/accept",
         "/api/v1/peer/offers/" + OfferToken() + "/accept", "", kEveryone},
        {"POST", "/api/v1/peer/check-ins/{token}", "/api/v1/peer/check-ins/" + fake_token,
         R"({"connected": true})", kEveryone},
        {"GET",
         "/api/v1/enrollments/{id}/volunteer",
         "/api/v1/enrollments/" + Volunteer() + "/volunteer",
         "",
         {kMentor, kCoordinator, kAdmin}},
        {"PATCH",
         "/api/v1/enrollments/{id}/volunteer",
         "/api/v1/enrollments/" + Volunteer() + "/volunteer",
         R"({"paused": false})",
         {kMentor, kCoordinator, kAdmin}},
        {"GET",
         "/api/v1/enrollments/{id}/peer-profile",
         "/api/v1/enrollments/" + Volunteer() + "/peer-profile",
         "",
         {kMentor, kCoordinator, kAdmin}},
        {"PUT",
         "/api/v1/enrollments/{id}/peer-profile",
         "/api/v1/enrollments/" + Volunteer() + "/peer-profile",
         PeerProfile().dump(),
         {kMentor, kCoordinator, kAdmin}},
        {"GET", "/api/v1/programs/{id}/peer-settings", "/api/v1/programs/" + S() + "/peer-settings",
         "", kMembers},
        {"PUT", "/api/v1/programs/{id}/peer-settings", "/api/v1/programs/" + S() + "/peer-settings",
         R"({"target_working_days": 3, "offer_hours": 48})", kCoordinators},
        {"GET", "/api/v1/peer-access-log", "/api/v1/peer-access-log", "", kAdmins},
        // Mentees choosing (P is mentee-led; the mentee has one pending request).
        {"GET", "/api/v1/programs/{id}/matching-mode", p + "/matching-mode", "", kMembers},
        {"PUT", "/api/v1/programs/{id}/matching-mode", p + "/matching-mode",
         R"({"mode": "mentee_led"})", kCoordinators},
        // Coordinators name no mentee: 400.
        {"GET",
         "/api/v1/programs/{id}/shortlist",
         p + "/shortlist",
         "",
         {kMentee, kCoordinator, kAdmin}},
        {"GET", "/api/v1/programs/{id}/requests", p + "/requests", "", kPairMembers},
        // MX is the mentee's mentor already: 409.
        {"POST",
         "/api/v1/programs/{id}/requests",
         p + "/requests",
         R"({"mentor": "MX"})",
         {kMentee}},
        {"GET",
         "/api/v1/requests/{id}",
         "/api/v1/requests/" + Request(),
         "",
         {kMentee, kCoordinator, kAdmin}},
        // Only the mentor asked answers, and they have no account here.
        {"POST",
         "/api/v1/requests/{id}/accept",
         "/api/v1/requests/" + Request() + "/accept",
         "",
         {}},
        {"POST",
         "/api/v1/requests/{id}/decline",
         "/api/v1/requests/" + Request() + "/decline",
         R"({"reason": "timing"})",
         {}},
        {"POST",
         "/api/v1/requests/{id}/withdraw",
         "/api/v1/requests/" + Request() + "/withdraw",
         "",
         {kMentee}},
        // Mentees search mentors; coordinators either side.
        {"GET",
         "/api/v1/programs/{id}/directory",
         p + "/directory?side=mentor",
         "",
         {kMentee, kCoordinator, kAdmin}},
        {"GET", "/api/v1/programs/{id}/enrollments", p + "/enrollments", "", kPairMembers},
        {"POST", "/api/v1/programs/{id}/invitations", p + "/invitations",
         Body({{"email", invitee}, {"name", "Invitee"}, {"role", "mentee"}}).dump(), kCoordinators},
        // Anyone signed in may apply while a program enrols; this one does
        // not, and to non-members it is as closed as its GET.
        {"POST", "/api/v1/programs/{id}/applications", p + "/applications", R"({"role": "mentee"})",
         kMembers},
        {"POST", "/api/v1/programs/{id}/participants/import", p + "/participants/import",
         "role,id,name\n", kCoordinators, "text/csv"},
        {"GET", "/api/v1/programs/{id}/participants/export", p + "/participants/export", "",
         kCoordinators},
        {"GET", "/api/v1/enrollments/{id}", e, "", kPairMembers},
        {"POST", "/api/v1/enrollments/{id}/approve", e + "/approve", "", kCoordinators},
        {"GET", "/api/v1/enrollments/{id}/profile", e + "/profile", "", kPairMembers},
        {"PUT", "/api/v1/enrollments/{id}/profile", e + "/profile", Profile().dump(), kOwner},
        {"PUT", "/api/v1/enrollments/{id}/preferences", e + "/preferences",
         R"({"prefer": [], "avoid": []})", kOwner},
        {"GET", "/api/v1/programs/{id}/matching-runs", p + "/matching-runs", "", kCoordinators},
        {"POST", "/api/v1/programs/{id}/matching-runs", p + "/matching-runs", "{}", kCoordinators},
        {"GET", "/api/v1/matching-runs/{id}",
         "/api/v1/matching-runs/" + Run() + "?q=e&offset=0&limit=50", "", kCoordinators},
        {"POST", "/api/v1/matching-runs/{id}/publish",
         "/api/v1/matching-runs/" + Run() + "/publish", "", kCoordinators},
        {"GET", "/api/v1/programs/{id}/pairs", p + "/pairs", "", kPairMembers},
        {"POST", "/api/v1/programs/{id}/pairs", p + "/pairs",
         R"({"mentee": "NOBODY1", "mentor": "NOBODY2"})", kCoordinators},
        {"POST", "/api/v1/programs/{id}/rematch", p + "/rematch", R"({"mentee": "F1"})",
         kCoordinators},
        {"GET", "/api/v1/pairs/{id}", "/api/v1/pairs/" + Pair(), "", kPairMembers},
        {"POST", "/api/v1/pairs/{id}/complete", "/api/v1/pairs/" + Spare() + "/complete", "",
         kCoordinators},
        {"POST", "/api/v1/pairs/{id}/dissolve", "/api/v1/pairs/" + Spare() + "/dissolve",
         R"({"reason": "matrix"})", kCoordinators},
        {"GET", "/api/v1/pairs/{id}/free-time", pair + "/free-time", "", kPairMembers},
        {"GET", "/api/v1/pairs/{id}/meetings", pair + "/meetings", "", kPairMembers},
        {"POST", "/api/v1/pairs/{id}/meetings", pair + "/meetings",
         Body({{"start", DaysAhead(61) + "T10:00"}, {"time_zone", "UTC"}}).dump(), kPairMembers},
        // Only the members asked answer (a coordinator's meeting asks both).
        {"POST", "/api/v1/meetings/{id}/accept", meeting + "/accept", "", {kMentor, kMentee}},
        {"POST", "/api/v1/meetings/{id}/decline", meeting + "/decline", "", {kMentor, kMentee}},
        {"POST", "/api/v1/meetings/{id}/reschedule", meeting + "/reschedule",
         Body({{"start", DaysAhead(62) + "T10:00"}, {"time_zone", "UTC"}, {"note", "matrix"}})
             .dump(),
         kPairMembers},
        {"POST", "/api/v1/meetings/{id}/cancel", meeting + "/cancel", "", kPairMembers},
        {"GET", "/api/v1/programs/{id}/meetings", p + "/meetings", "", kCoordinators},
        {"GET", "/api/v1/pairs/{id}/meeting-logs", pair + "/meeting-logs", "", kPairMembers},
        {"POST",
         "/api/v1/pairs/{id}/meeting-logs",
         pair + "/meeting-logs",
         R"({"met_at": "2026-01-05T10:00", "time_zone": "UTC", "held": true})",
         {kMentor, kMentee}},
        {"GET", "/api/v1/pairs/{id}/health", pair + "/health", "", kPairMembers},
        {"GET", "/api/v1/programs/{id}/pair-health", p + "/pair-health", "", kCoordinators},
        {"POST", "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", "", kSignedIn},
        {"GET", "/calendar/{file}", "/calendar/" + fake_token + ".ics", "", kEveryone},
        // The journey (docs/journey.md).
        {"GET", "/api/v1/programs/{id}/journey-settings", p + "/journey-settings", "", kMembers},
        {"PATCH", "/api/v1/programs/{id}/journey-settings", p + "/journey-settings",
         R"({"career_fields": ["classical hematology", "malignant hematology/oncology", "other"]})",
         kCoordinators},
        {"GET", "/api/v1/pairs/{id}/agreement", pair + "/agreement", "", kPairMembers},
        // The mentor saves revision 1; the mentee's revision 0 is then a conflict.
        {"PUT",
         "/api/v1/pairs/{id}/agreement",
         pair + "/agreement",
         R"({"revision": 0, "specifics": {"cadence": "monthly"}})",
         {kMentor, kMentee}},
        {"POST",
         "/api/v1/pairs/{id}/agreement/sign",
         pair + "/agreement/sign",
         R"({"revision": 1, "name": "Not their name"})",
         {kMentor, kMentee}},
        {"GET", "/api/v1/pairs/{id}/goals", pair + "/goals", "", kPairMembers},
        {"POST",
         "/api/v1/pairs/{id}/goals",
         pair + "/goals",
         R"({"title": "Matrix"})",
         {kMentor, kMentee}},
        {"PATCH",
         "/api/v1/goals/{id}",
         "/api/v1/goals/" + Goal(),
         R"({"status": "in_progress"})",
         {kMentor, kMentee}},
        {"POST",
         "/api/v1/goals/{id}/notes",
         "/api/v1/goals/" + Goal() + "/notes",
         R"({"text": "Matrix note"})",
         {kMentor, kMentee}},
        {"DELETE", "/api/v1/goals/{id}", "/api/v1/goals/" + Goal(), "", kPairMembers},
        {"GET", "/api/v1/pairs/{id}/projects", pair + "/projects", "", kPairMembers},
        {"POST", "/api/v1/pairs/{id}/projects", pair + "/projects", R"({"title": "Matrix"})",
         kPairMembers},
        {"PATCH", "/api/v1/projects/{id}", "/api/v1/projects/" + Project(),
         R"({"status": "active"})", kPairMembers},
        {"DELETE", "/api/v1/projects/{id}", "/api/v1/projects/" + Project(), "", kPairMembers},
        {"GET", "/api/v1/programs/{id}/outputs", p + "/outputs", "", kPairMembers},
        {"POST", "/api/v1/programs/{id}/outputs", p + "/outputs",
         Body({{"person_id", std::stoll(MenteeEnrollment())}, {"kind", "other"}, {"title", "M"}})
             .dump(),
         kPairMembers},
        {"PUT", "/api/v1/outputs/{id}", "/api/v1/outputs/" + Output(),
         R"({"kind": "award", "title": "Matrix award, renamed"})", kPairMembers},
        {"DELETE", "/api/v1/outputs/{id}", "/api/v1/outputs/" + Output(), "", kPairMembers},
        {"POST", "/api/v1/programs/{id}/outputs/import", p + "/outputs/import",
         "email,kind,title\n", kCoordinators, "text/csv"},
        {"GET", "/api/v1/programs/{id}/outputs/export", p + "/outputs/export", "", kCoordinators},
        {"POST", "/api/v1/programs/{id}/positions", p + "/positions",
         Body({{"person_id", std::stoll(MenteeEnrollment())},
               {"title", "Assistant Professor"},
               {"field", "classical hematology"},
               {"setting", "academic"},
               {"starts_on", "2027-09-01"}})
             .dump(),
         kOwner},
        {"DELETE", "/api/v1/positions/{id}", "/api/v1/positions/" + Position(), "", kOwner},
        {"GET", "/api/v1/programs/{id}/outcomes", p + "/outcomes", "", kPairMembers},
        {"GET", "/api/v1/programs/{id}/outcomes/export", p + "/outcomes/export", "", kCoordinators},
        {"GET", "/api/v1/programs/{id}/pair-journeys", p + "/pair-journeys", "", kCoordinators},
        {"GET", "/api/v1/resources", "/api/v1/resources?program_id=" + P(), "", kMembers},
        {"POST", "/api/v1/resources", "/api/v1/resources",
         Body({{"program_id", std::stoll(P())}, {"title", "M"}, {"url", "https://example.org/m"}})
             .dump(),
         kCoordinators},
        {"PATCH", "/api/v1/resources/{id}", "/api/v1/resources/" + LinkResource(),
         R"({"category": "emotional_support"})", kCoordinators},
        {"GET", "/api/v1/resources/{id}/file", "/api/v1/resources/" + FileResource() + "/file", "",
         kMembers},
        {"DELETE", "/api/v1/resources/{id}", "/api/v1/resources/" + FileResource(), "",
         kCoordinators},
        {"GET", "/api/v1/programs/{id}/events", p + "/events", "", kMembers},
        {"POST", "/api/v1/programs/{id}/events", p + "/events",
         Body({{"title", "Matrix webinar"}, {"start", DaysAhead(71) + "T16:00"}}).dump(),
         kCoordinators},
        {"PATCH", "/api/v1/events/{id}", "/api/v1/events/" + Event(),
         R"({"description": "Bring your questions."})", kCoordinators},
        {"POST",
         "/api/v1/events/{id}/answer",
         "/api/v1/events/" + Event() + "/answer",
         R"({"answer": "yes"})",
         {kMentor, kMentee}},
        {"GET", "/api/v1/events/{id}/invitees", "/api/v1/events/" + Event() + "/invitees", "",
         kCoordinators},
        // The event has not started: allowed callers get 412, the others 401/403.
        {"PUT", "/api/v1/events/{id}/attendance", "/api/v1/events/" + Event() + "/attendance",
         R"({"attendance": []})", kCoordinators},
        {"POST", "/api/v1/events/{id}/attendance/import",
         "/api/v1/events/" + Event() + "/attendance/import", "email\n", kCoordinators, "text/csv"},
        {"POST", "/api/v1/events/{id}/send-recording",
         "/api/v1/events/" + Event() + "/send-recording", "", kCoordinators},
        {"GET", "/api/v1/programs/{id}/missed-events", p + "/missed-events", "", kCoordinators},
        {"GET", "/api/v1/survey-library", "/api/v1/survey-library", "", kSignedIn},
        {"GET", "/api/v1/programs/{id}/surveys", p + "/surveys", "", kStaff},
        {"POST", "/api/v1/programs/{id}/surveys", p + "/surveys",
         Body({{"title", "Matrix end of year"},
               {"items", {{{"code", "satisfied"}, {"kind", "likert"}, {"text", "Satisfied?"}}}}})
             .dump(),
         kCoordinators},
        {"GET", "/api/v1/surveys/{id}", "/api/v1/surveys/" + Survey(), "", kStaff},
        {"PATCH", "/api/v1/surveys/{id}", "/api/v1/surveys/" + Survey(),
         R"({"intro": "Two minutes."})", kCoordinators},
        // Confidential: the rows are for evaluators, de-identified.
        {"GET",
         "/api/v1/surveys/{id}/responses.csv",
         "/api/v1/surveys/" + Survey() + "/responses.csv",
         "",
         {kEvaluator}},
        {"GET", "/api/v1/surveys/{id}/results", "/api/v1/surveys/" + Survey() + "/results", "",
         kStaff},
        // No answers yet: allowed callers get 400 (nobody answered both items).
        {"GET", "/api/v1/surveys/{id}/association",
         "/api/v1/surveys/" + Survey() + "/association?predictor=good_match&outcomes=good_match",
         "", kStaff},
        {"GET", "/api/v1/surveys/{id}/dictionary.csv",
         "/api/v1/surveys/" + Survey() + "/dictionary.csv", "", kStaff},
        {"POST", "/api/v1/programs/{id}/survey-responses/import",
         p + "/survey-responses/import?survey_id=" + Survey(), "participant_id,good_match\n",
         kCoordinators, "text/csv"},
        {"GET", "/api/v1/programs/{id}/survey-waves", p + "/survey-waves", "", kStaff},
        {"POST", "/api/v1/programs/{id}/survey-waves", p + "/survey-waves",
         Body({{"survey_id", std::stoll(Survey())},
               {"title", "Matrix later wave"},
               {"timing", "dates"},
               {"opens_on", DaysAhead(60)}})
             .dump(),
         kCoordinators},
        {"PATCH", "/api/v1/survey-waves/{id}", "/api/v1/survey-waves/" + Wave(),
         R"({"title": "Matrix wave, renamed"})", kCoordinators},
        {"GET", "/api/v1/me/surveys", "/api/v1/me/surveys", "", kSignedIn},
        {"GET", "/api/v1/me/surveys/{id}", "/api/v1/me/surveys/" + MySurvey(), "", {kMentee}},
        {"PUT",
         "/api/v1/me/surveys/{id}",
         "/api/v1/me/surveys/" + MySurvey(),
         R"({"answers": {"good_match": "4"}})",
         {kMentee}},
        {"GET", "/api/v1/me/notifications", "/api/v1/me/notifications", "", kSignedIn},
        {"POST", "/api/v1/me/notifications/read", "/api/v1/me/notifications/read", "{}", kSignedIn},
        {"GET", "/api/v1/me/notification-preferences", "/api/v1/me/notification-preferences", "",
         kSignedIn},
        {"PUT", "/api/v1/me/notification-preferences", "/api/v1/me/notification-preferences",
         R"({"preferences": {"nudges": "daily"}})", kSignedIn},
        // The address is the permission: anyone holding it (here: an unknown one, 404).
        {"GET", "/api/v1/unsubscribe/{token}", "/api/v1/unsubscribe/" + fake_token, "", kEveryone},
        {"POST", "/api/v1/unsubscribe/{token}", "/api/v1/unsubscribe/" + fake_token,
         "List-Unsubscribe=One-Click", kEveryone, "application/x-www-form-urlencoded"},
        {"GET", "/api/v1/programs/{id}/audit", p + "/audit", "", kCoordinators},
        {"GET", "/api/v1/audit", "/api/v1/audit", "", kAdmins},
        {"GET", "/api/v1/openapi.yaml", "/api/v1/openapi.yaml", "", kEveryone},
        // These end things for their caller, so they come last.
        {"POST", "/api/v1/enrollments/{id}/withdraw", e + "/withdraw", R"({"reason": "matrix"})",
         kOwner},
        {"DELETE", "/api/v1/me/sessions", "/api/v1/me/sessions", "", kSignedIn},
        {"DELETE", "/api/v1/session", "/api/v1/session", "", kEveryone},
    };
  }
};

TEST_F(AccessMatrix, EveryRouteAsEveryCaller) {
  const std::vector<Row> table = Table();

  // The table and the router list the same routes.
  std::set<std::string> in_table, in_router;
  for (const Row& row : table) {
    EXPECT_TRUE(in_table.insert(row.method + " " + row.pattern).second)
        << "twice in the table: " << row.method << " " << row.pattern;
  }
  for (const std::string& route : ApiServer::Get().routes()) in_router.insert(route);
  for (const std::string& route : in_router) {
    EXPECT_TRUE(in_table.count(route)) << "route missing from the access table: " << route;
  }
  for (const std::string& route : in_table) {
    EXPECT_TRUE(in_router.count(route)) << "table row for a route the server lacks: " << route;
  }

  // The program's people (examples/participants.csv and the invited mentor
  // and mentee): no answer to the evaluator may name one of them.
  std::vector<std::string> people = {"Matrix mentor", "Matrix mentee"};
  {
    std::istringstream csv(ReadFile("examples/participants.csv"));
    CsvReader reader(csv);
    std::vector<std::string> row;
    reader.Next(row);  // header: role,id,name,email,...
    while (reader.Next(row)) {
      if (row.size() > 3) {
        people.push_back(row[2]);
        people.push_back(row[3]);
      }
    }
  }
  auto& clients = Clients();
  for (const Row& row : table) {
    for (int who = 0; who < kCallers; ++who) {
      const Caller caller = static_cast<Caller>(who);
      SCOPED_TRACE(row.method + " " + row.target + " as " + kCallerNames[who]);
      // Signing in must not replace the caller's own session: use a copy.
      ApiClient copy = clients[who];
      ApiClient& client =
          row.pattern == "/api/v1/session" && row.method == "POST" ? copy : clients[who];
      HeaderList headers;
      if (!row.body.empty()) headers.emplace_back("Content-Type", row.content_type);
      Reply reply = client.Call(row.method, row.target, row.body, headers);
      const bool allowed = row.allowed.count(caller) > 0;
      EXPECT_LT(reply.status, 500) << reply.raw.body;
      if (allowed) {
        EXPECT_TRUE(reply.status >= 200 && reply.status < 500 && reply.status != 401 &&
                    reply.status != 403)
            << "expected allowed, got " << reply.status << ": " << reply.raw.body;
        if (caller == kEvaluator && reply.status < 300) {
          for (const std::string& who : people) {
            EXPECT_EQ(reply.raw.body.find(who), std::string::npos)
                << "the evaluator reads " << who << ": " << reply.raw.body.substr(0, 500);
          }
        }
      } else {
        EXPECT_EQ(reply.status, caller == kAnonymous ? 401 : 403)
            << "expected denied: " << reply.raw.body;
        EXPECT_EQ(reply.ErrorCode(), caller == kAnonymous ? "unauthenticated" : "permission_denied")
            << reply.raw.body;
      }
    }
  }
}

// "METHOD /path" for every operation under `paths:` in docs/openapi.yaml.
std::set<std::string> OpenApiOperations(const std::string& yaml) {
  std::set<std::string> out;
  std::istringstream in(yaml);
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line[0] != ' ') {
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) continue;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      if (path.size() >= 2 && (path.front() == '\'' || path.front() == '"')) {
        path = path.substr(1, path.size() - 2);
      }
      continue;
    }
    for (const char* method : {"get", "post", "put", "patch", "delete"}) {
      if (line == std::string("    ") + method + ":") {
        std::string upper = method;
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        out.insert(upper + " " + path);
      }
    }
  }
  return out;
}

TEST(OpenApi, DocumentsExactlyTheRoutes) {
  const std::string yaml = ReadFile("docs/openapi.yaml");
  EXPECT_EQ(yaml.rfind("openapi: 3.0.3", 0), 0u);
  const std::set<std::string> documented = OpenApiOperations(yaml);
  std::set<std::string> routed;
  for (const std::string& r : ApiServer::Get().routes()) routed.insert(r);
  for (const std::string& r : routed) {
    EXPECT_TRUE(documented.count(r)) << "route not in docs/openapi.yaml: " << r;
  }
  for (const std::string& r : documented) {
    EXPECT_TRUE(routed.count(r)) << "docs/openapi.yaml documents a route the server lacks: " << r;
  }
  // Every documented operation states its security and its error answers.
  EXPECT_NE(yaml.find("securitySchemes:"), std::string::npos);
  EXPECT_NE(yaml.find("X-CSRF-Token"), std::string::npos);
  EXPECT_NE(yaml.find("tandem_session"), std::string::npos);
}

}  // namespace
}  // namespace tandem::testing
