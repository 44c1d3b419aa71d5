#include "api/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "api/context.h"
#include "core/error.h"

namespace tandem::api {
namespace {

// Reads a matching-run-like body the way the handlers do.
void ReadSettings(ObjectReader& r) {
  r.OptionalString("objective");
  r.Object("weights", [](ObjectReader& w) { ReadWeights(w); });
  r.ObjectArray("locks", [](ObjectReader& lock) {
    lock.String("mentee");
    lock.String("mentor");
  });
  r.OptionalInt("top_k", 1, 1000);
  r.NullableNumber("min_score");
  r.OptionalStrings("tags");
  r.OptionalBool("dry");
}

struct Case {
  const char* body;
  const char* field;  // nullptr: accepted
};

TEST(DecodeObject, NamesTheFieldOfEveryProblem) {
  const Case cases[] = {
      {"{}", nullptr},
      {R"({"objective": "fair", "top_k": 5, "min_score": null, "dry": false})", nullptr},
      {R"({"weights": {"interests": 0.5}, "locks": [], "tags": ["a"]})", nullptr},
      {"", ""},
      {"   ", ""},
      {"{", ""},
      {"[1]", ""},
      {"42", ""},
      {"{} {}", ""},
      {"{\"objective\": \"\xc3\x28\"}", "objective"},
      {"{\"objective\": \"fair\",}", ""},
      {R"({"weights": {"interests": 1e400}})", "weights.interests"},
      {R"({"weights": {"interests": tru}})", "weights.interests"},
      {R"({"weights" {"interests": 1}})", ""},
      {R"({"objective": 1})", "objective"},
      {R"({"objective": null})", "objective"},
      {R"({"weights": []})", "weights"},
      {R"({"weights": {"interests": "x"}})", "weights.interests"},
      {R"({"weights": {"interests": -0.1}})", "weights.interests"},
      {R"({"weights": {"other": 1}})", "weights.other"},
      {R"({"locks": [{"mentee": "F1", "mentor": "M1"}, {"mentee": "F2"}]})", "locks[1].mentor"},
      {R"({"locks": [{"mentee": "F1", "mentor": "M1"}, 3]})", "locks[1]"},
      {R"({"locks": [{"mentee": "F1", "mentor": "M1", "x": 1}]})", "locks[0].x"},
      {R"({"top_k": 0})", "top_k"},
      {R"({"top_k": 1001})", "top_k"},
      {R"({"top_k": 1.0})", nullptr},
      {R"({"top_k": 1e2})", nullptr},
      {R"({"top_k": 1.5})", "top_k"},
      {R"({"top_k": 1e4})", "top_k"},
      {R"({"top_k": 1e400})", "top_k"},
      {R"({"top_k": -0.0})", "top_k"},
      {R"({"top_k": "5"})", "top_k"},
      {R"({"top_k": 18446744073709551615})", "top_k"},
      {R"({"top_k": -9223372036854775808})", "top_k"},
      {R"({"min_score": "1"})", "min_score"},
      {R"({"tags": "a"})", "tags"},
      {R"({"tags": ["a", null]})", "tags[1]"},
      {R"({"dry": 0})", "dry"},
      {R"({"unknown": 1})", "unknown"},
      {R"({"objective": "x", "zzz": 1, "aaa": 2})", "zzz"},
      // A key twice: which one counts would be a guess.
      {R"({"objective": "fair", "objective": "optimal"})", "objective"},
      {R"({"weights": {"goals": 1, "goals": 2}})", "weights.goals"},
      {R"({"locks": [{"mentee": "a", "mentor": "b"}, {"mentee": "c", "mentee": "d"}]})",
       "locks[1].mentee"},
      {R"({"tags": ["a", "a"], "locks": [[], {"mentee": "a", "mentor": "b", "mentor": "c"}]})",
       "locks[1].mentor"},
      {R"({"locks": [{"mentee": "a", "mentor": "b"}], "weights": {"goals": 1}})", nullptr},
      {R"({"objective": "fa\u0000ir"})", "objective"},
      {R"({"tags": ["a", "b\u0000"]})", "tags[1]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    try {
      DecodeObject(c.body, ReadSettings);
      EXPECT_EQ(c.field, nullptr) << "accepted";
    } catch (const Error& e) {
      ASSERT_NE(c.field, nullptr) << "refused: " << e.message();
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.field(), c.field) << e.message();
      EXPECT_FALSE(e.message().empty());
    }
  }
}

// Deep nesting is refused before the tree is copied or freed recursively
// (100,000 levels overflowed the stack and killed the server), naming the
// member; the body object itself is level 1.
TEST(DecodeObject, RefusesDeepNesting) {
  const auto nested = [](std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  const auto objects = [](std::size_t depth) {
    std::string out;
    for (std::size_t i = 1; i < depth; ++i) out += R"({"x": )";
    return out + "{}" + std::string(depth - 1, '}');
  };
  const struct {
    std::string body;
    const char* field;  // nullptr: accepted
  } cases[] = {
      {R"({"tags": )" + nested(kMaxJsonDepth - 1) + "}", nullptr},
      {R"({"tags": )" + nested(kMaxJsonDepth) + "}", "tags"},
      {R"({"email":)" + nested(100000) + R"(,"password":"p"})", "email"},
      {R"({"a": {"b": )" + nested(100000) + "}}", "a"},
      {R"({"a": )" + objects(100000) + "}", "a"},
      {R"({"a": )" + objects(kMaxJsonDepth - 1) + "}", nullptr},
      {R"({"a": )" + objects(kMaxJsonDepth) + "}", "a"},
      {nested(100000), ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 40));
    try {
      DecodeObject(c.body, [](ObjectReader& r) {
        r.Raw("tags");
        r.Raw("email");
        r.Raw("password");
        r.Raw("a");
      });
      EXPECT_EQ(c.field, nullptr) << "accepted";
    } catch (const Error& e) {
      ASSERT_NE(c.field, nullptr) << "refused: " << e.message();
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.field(), c.field) << e.message();
      EXPECT_LT(e.message().size(), 300u);
    }
  }
}

// A NUL byte is not the end of the body: anything after the value but
// whitespace is refused.
TEST(DecodeObject, RefusesBytesAfterTheValue) {
  const std::string bodies[] = {
      std::string("{\"objective\":\"x\"}\0{\"name\":\"evil\"}", 33),
      std::string("{\"objective\":\"x\"}\0", 18),
      std::string("{\"objective\":\"x\0\"}", 18),
      "{\"objective\":\"x\"} x",
  };
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body);
    EXPECT_THROW(DecodeObject(body, [](ObjectReader& r) { r.OptionalString("objective"); }), Error);
  }
  EXPECT_NO_THROW(DecodeObject("{\"objective\":\"x\"} \r\n",
                               [](ObjectReader& r) { r.OptionalString("objective"); }));
}

TEST(DecodeObject, EmptyBodies) {
  EXPECT_NO_THROW(RequireEmptyBody(""));
  EXPECT_NO_THROW(RequireEmptyBody(" {} "));
  EXPECT_THROW(RequireEmptyBody(R"({"x": 1})"), Error);
  EXPECT_THROW(RequireEmptyBody("[]"), Error);
}

// A syntax error says what and where, in printable text, whatever bytes the
// body held.
TEST(DecodeObject, SyntaxErrorsSayWhatAndWhere) {
  const std::pair<const char*, const char*> cases[] = {
      {"{\"a\": 1e400}", "number overflow parsing '1e400'"},
      {"{\"a\":\n tru}", "invalid literal at line 2, column 5"},
      {"{\"a\": \"\xff\"}", "at line 1, column 8"},
      {"{\"a\": 1,}", "expected string literal at line 1, column 9"},
  };
  for (const auto& [body, expected] : cases) {
    try {
      DecodeObject(body, [](ObjectReader& r) { r.OptionalInt("a", 0, 10); });
      ADD_FAILURE() << body << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(e.message().find(expected), std::string::npos) << e.message();
      EXPECT_EQ(e.message().rfind("the body is not valid JSON: ", 0), 0u) << e.message();
      for (char c : e.message()) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << e.message();
    }
  }
}

TEST(ReadProfile, ReadsEveryFieldAndRefusesReadOnlyOnes) {
  Participant p;
  DecodeObject(
      R"({"name": "A", "time_zone": "Europe/Paris", "years_experience": null, "capacity": 2,
          "interests": ["x"], "background": {"gender": "woman"},
          "availability": [{"start_minute": 60, "minutes": 30}], "bio": "b"})",
      [&](ObjectReader& r) { p = ReadProfile(r); });
  EXPECT_EQ(p.name, "A");
  EXPECT_FALSE(p.years_experience.has_value());
  EXPECT_EQ(p.capacity, 2);
  ASSERT_EQ(p.background.size(), 1u);
  EXPECT_EQ(p.background[0].key, "gender");
  ASSERT_EQ(p.availability.size(), 1u);
  EXPECT_EQ(p.availability[0].start, 60);
  for (const char* body : {R"({"name": "A", "capacity": 0})", R"({"name": "A", "capacity": -0})",
                           R"({"name": "A", "capacity": 1001})"}) {
    try {
      DecodeObject(body, [](ObjectReader& r) { ReadProfile(r); });
      ADD_FAILURE() << body << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "capacity") << body;
    }
  }
  for (const char* field : {"participant_id", "role", "prefer", "avoid"}) {
    std::string body = std::string(R"({"name": "A", ")") + field + R"(": "x"})";
    try {
      DecodeObject(body, [](ObjectReader& r) { ReadProfile(r); });
      ADD_FAILURE() << field << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), field);
    }
  }
}

TEST(Encode, ProgramMatchesTheDocumentedShape) {
  Program p;
  p.id = 7;
  p.name = "P";
  p.min_score = 12.5;
  Json j = Encode(p);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "id", "name", "field", "kind", "objectives", "starts_on", "ends_on",
                      "cadence_days", "meeting_mode", "cross_institution", "status", "weights",
                      "max_time_zone_difference_hours", "min_score", "health_due_days",
                      "health_at_risk_days", "health_stalled_days", "created_at"}));
  EXPECT_TRUE(j["starts_on"].is_null());
  EXPECT_TRUE(j["max_time_zone_difference_hours"].is_null());
  EXPECT_EQ(j["min_score"], 12.5);
  EXPECT_EQ(j["kind"], "cohort");
}

// The encoders that write as they go give what the trees they replaced gave.
TEST(Writers, GiveWhatTheirTreesGave) {
  User user;
  user.id = 4;
  user.email = "ana@example.org";
  user.name = "Ana \"A\" M\xc3\xbcller";
  user.is_admin = true;
  user.has_password = true;
  user.created_at = "2026-01-02T03:04:05Z";
  JsonWriter written_user;
  Write(written_user, user);
  EXPECT_EQ(written_user.Take(), Dump(Json{{"id", 4},
                                           {"email", user.email},
                                           {"name", user.name},
                                           {"is_admin", true},
                                           {"disabled", false},
                                           {"has_password", true},
                                           {"created_at", user.created_at}}));

  Enrollment e;
  e.id = 7;
  e.name = "Zo\xc3\xab \"Z\"";
  e.profile_complete = true;
  JsonWriter one;
  Write(one, e);
  EXPECT_EQ(one.Take(), Dump(Encode(e)));
  EXPECT_EQ(Encode(e)["name"], e.name);

  // The writers give what the trees they replaced gave.
  Participant profile;
  profile.id = "M1";
  profile.name = "Ana";
  profile.years_experience = 12;
  profile.interests = {"lymphoma", "myeloma"};
  profile.background = {{"gender", "f"}, {"urim", "no"}, {"gender", "w"}};
  profile.availability = {{60, 90}, {1500, 30}};
  profile.answers = {{"shift", {"nights"}}, {"help", {"a", "b"}}};
  const Json tree = {
      {"participant_id", "M1"},
      {"name", "Ana"},
      {"role", "mentee"},
      {"institution", ""},
      {"career_stage", ""},
      {"time_zone", ""},
      {"years_experience", 12},
      {"capacity", 1},
      {"interests", {"lymphoma", "myeloma"}},
      {"specialties", Json::array()},
      {"goals", Json::array()},
      {"background", {{"gender", "w"}, {"urim", "no"}}},
      {"match_on", Json::array()},
      {"languages", Json::array()},
      {"availability",
       {{{"start_minute", 60}, {"minutes", 90}}, {{"start_minute", 1500}, {"minutes", 30}}}},
      {"prefer", Json::array()},
      {"avoid", Json::array()},
      {"bio", ""},
      {"answers", {{"help", {"a", "b"}}, {"shift", {"nights"}}}}};
  JsonWriter written;
  WriteProfile(written, profile);
  EXPECT_EQ(written.Take(), Dump(tree));

  Pair pair;
  pair.id = 3;
  pair.score = 71.25;
  pair.breakdown = {{"interests", 40.5}, {"goals", 30.75}};
  pair.started_on = "2026-09-01";
  const std::string text = Dump(Encode(pair));
  EXPECT_NE(text.find(R"("score":71.25,"breakdown":{"goals":30.75,"interests":40.5},)"
                      R"("matching_run_id":null,"started_on":"2026-09-01","ended_on":null)"),
            std::string::npos)
      << text;
}

TEST(Encode, RunDetailOnlyWithAResult) {
  MatchingRun run;
  run.id = 3;
  const RunResultTotals page{.proposals = 1, .unmatched = 1, .unmatched_mentees = 1};
  Json queued = Encode(run, &page);
  EXPECT_FALSE(queued.contains("summary"));
  EXPECT_FALSE(queued.contains("proposals"));
  EXPECT_TRUE(queued["error"].is_null());
  run.status = MatchingRunStatus::kDone;
  run.result = MatchingRunResult{};
  run.result->proposals.push_back({"F1", "M1", "Fay", "Max", 80, {{"interests", 80}}, true});
  run.result->unmatched.push_back({"F2", "Fred", "mentee", "no mentor left"});
  Json done = Encode(run, &page);
  EXPECT_EQ(done["summary"]["unmatched"], 1);
  EXPECT_EQ(done["proposals"][0]["locked"], true);
  EXPECT_EQ(done["unmatched"][0]["reason"], "no mentor left");
  EXPECT_EQ(done["proposals_total"], 1);
  EXPECT_FALSE(Encode(run).contains("proposals"));
  EXPECT_EQ(Encode(run)["summary"]["unmatched_mentees"], 1);
  // A page's summary counts the whole run, not the page it holds.
  const RunResultTotals larger{.unmatched_mentees = 7, .unmatched_mentors = 2};
  EXPECT_EQ(Encode(run, &larger)["summary"]["unmatched"], 9);
  EXPECT_EQ(Encode(run, &larger)["summary"]["unmatched_mentors"], 2);
}

}  // namespace
}  // namespace tandem::api

namespace tandem::api {
namespace {

// The names under `properties:` (and under `required:`) of one schema in
// docs/openapi.yaml's components. The spec is written with one property per
// line at a fixed indentation, which this reads; nested objects are skipped.
struct SchemaFields {
  std::set<std::string> properties;
  std::set<std::string> required;
};

SchemaFields FieldsOf(const std::string& yaml, const std::string& schema) {
  std::istringstream in(yaml);
  std::string line;
  bool in_schemas = false, in_schema = false, in_properties = false;
  SchemaFields out;
  while (std::getline(in, line)) {
    if (line == "  schemas:") in_schemas = true;
    if (!in_schemas) continue;
    if (line.rfind("    ", 0) == 0 && line.size() > 4 && line[4] != ' ') {
      in_schema = line == "    " + schema + ":";
      in_properties = false;
      continue;
    }
    if (!in_schema) continue;
    if (line.rfind("      required: [", 0) == 0) {
      std::string list = line.substr(17, line.find(']') - 17);
      std::istringstream names(list);
      for (std::string name; std::getline(names, name, ',');) {
        out.required.insert(name.substr(name.find_first_not_of(' ')));
      }
    } else if (line == "      properties:") {
      in_properties = true;
    } else if (in_properties && line.rfind("        ", 0) == 0 && line[8] != ' ') {
      out.properties.insert(line.substr(8, line.find(':') - 8));
    } else if (line.rfind("      ", 0) == 0 && line[6] != ' ') {
      in_properties = false;
    }
  }
  return out;
}

std::set<std::string> KeysOf(const Json& json) {
  std::set<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.insert(key);
  return keys;
}

std::string Slurp(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every object the server answers with has exactly the fields its schema in
// docs/openapi.yaml lists, and the schema marks each as required: the web
// app's types are generated from those schemas (web/src/api/schema.d.ts), so
// an encoder and the browser cannot drift apart without this failing.
TEST(Encoders, WriteExactlyTheFieldsOfTheirSchema) {
  const std::string yaml = Slurp("docs/openapi.yaml");
  ASSERT_FALSE(yaml.empty()) << "run from the project root";
  MatchingRun run;
  run.result = MatchingRunResult{};
  run.result->unmatched.push_back({});
  const RunResultTotals totals;
  Meeting meeting;
  meeting.starts_at = "2027-01-12T15:00:00Z";
  service::FreeTime free_time;
  free_time.viewer_zone = "America/Chicago";
  free_time.common.push_back(
      {*ParseUtc("2027-01-12T15:00:00Z"), *ParseUtc("2027-01-12T16:00:00Z")});
  service::EventView event_view;
  event_view.event.starts_at = "2027-01-12T15:00:00Z";
  event_view.materials.push_back(Resource{});
  service::AgreementView signed_view;
  signed_view.agreement.mentor = AgreementSignature{};
  Goal goal;
  goal.milestones.push_back({});
  goal.notes.push_back({});
  service::Retention outcomes;
  outcomes.people.push_back({});
  stats::AssociationReport association;
  association.results.push_back({});
  service::SurveyResults results;
  results.items.push_back({});
  service::Evaluation evaluation;
  evaluation.pairs.by_status.push_back({});
  const std::pair<const char*, Json> cases[] = {
      {"User", Encode(User{})},
      {"Program", Encode(Program{})},
      {"Weights", Encode(MatchingWeights{})},
      {"Enrollment", Encode(Enrollment{})},
      {"Profile", EncodeProfile(Participant{})},
      {"Pair", Encode(Pair{})},
      {"PairMember", Encode(Pair{})["mentor"]},
      {"Proposal", Encode(Proposal{})},
      {"MatchingRun", Encode(run, &totals)},
      {"AuditEntry", Encode(service::AuditRecord{})},
      {"Institution", Encode(service::Institution{})},
      {"OutboxMessage", Encode(service::OutboxMessage{})},
      {"Job", Encode(store::Job{})},
      {"InvitationInfo", Encode(service::InvitationInfo{})},
      {"ProgramSummary", Encode(service::ProgramSummary{})},
      {"Taxonomy", Encode(Taxonomy{})},
      {"Vocabulary", Encode(service::Vocabulary{})},
      {"TaxonomyTemplate", Encode(TaxonomyTemplates().front())},
      {"Problem", Encode(InputProblem{})},
      {"Meeting", Encode(meeting)},
      {"MeetingLog", Encode(MeetingLog{})},
      {"FreeTime", Encode(free_time)},
      {"FreeSlot", Encode(free_time)["slots"][0]},
      {"FreeTimePerson", Encode(free_time)["mentor"]},
      {"PairHealth", Encode(calendar::PairHealth{})},
      {"JourneySettings", Encode(service::JourneySettingsView{})},
      {"RetentionIndicator", Encode(RetentionIndicator{})},
      {"Agreement", Encode(service::AgreementView{})},
      {"AgreementSpecifics", Encode(service::AgreementView{})["specifics"]},
      {"Signature", Encode(signed_view)["mentor_signature"]},
      {"Goal", Encode(goal)},
      {"Milestone", Encode(goal)["milestones"][0]},
      {"ProgressNote", Encode(goal)["notes"][0]},
      {"Project", Encode(Project{})},
      {"Output", Encode(Output{})},
      {"Position", Encode(Position{})},
      {"Outcomes", Encode(outcomes)},
      {"OutcomePerson", Encode(outcomes)["people"][0]},
      {"PairJourney", Encode(service::PairJourney{})},
      {"Resource", Encode(Resource{})},
      {"ProgramEvent", Encode(event_view)},
      {"EventCounts", Encode(event_view)["counts"]},
      {"EventMaterial", Encode(event_view)["materials"][0]},
      {"Invitee", Encode(service::Invitee{})},
      {"Notification", Encode(store::Notification{})},
      {"SurveyItem", Encode(SurveyItem{})},
      {"Survey", Encode(Survey{})},
      {"SurveySummary", Encode(service::SurveySummary{})},
      {"SurveyConstruct", Encode(SurveyConstruct{})},
      {"SurveyWave", Encode(service::WaveView{})},
      {"WaveCount", Encode(service::WaveView{})["counts"]["all"]},
      {"MySurvey", Encode(service::MySurvey{})},
      {"SurveyResults", Encode(results)},
      {"AssociationReport", Encode(association)},
      {"OutcomeAssociation", Encode(association)["results"][0]},
      {"ItemResult", Encode(results)["items"][0]},
      {"Evaluation", Encode(evaluation)},
      {"Proportion", Encode(stats::ProportionEstimate{})},
      {"CountRow", Encode(evaluation)["pairs"]["by_status"][0]},
      {"ProgramReport", Encode(service::ProgramReport{})},
      {"ReportView", Encode(service::ReportView{})},
      {"PrePostReport", Encode(service::PrePostReport{})},
      {"CoderAgreement", Encode(service::CoderAgreement{})},
      {"CodeAgreement", Encode(service::CoderAgreement{})["overall"]},
      {"ChoiceSettings", Encode(ChoiceSettings{})},
      {"MentorRequest", Encode(MentorRequest{})},
      {"ShortlistEntry", Encode(service::ShortlistEntry{})},
      {"Shortlist", Encode(service::Shortlist{})},
      {"DirectoryEntry", Encode(service::DirectoryEntry{})},
      {"PeerProfile", Encode(PeerProfile{})},
      {"PeerVocabulary", PeerVocabulary()},
      {"PeerTerm", PeerVocabulary()["person"][0]},
      {"PeerRequest", Encode(service::QueueEntry{})["request"]},
      {"PeerQueueEntry", Encode(service::QueueEntry{})},
      {"PeerRequestView", Encode(service::PeerRequestView{})},
      {"PeerOffer", Encode(PeerOffer{})},
      {"PeerCheckin", Encode(store::PeerCheckin{})},
      {"PeerOfferView", Encode(service::OfferView{})},
      {"FollowedRequest", Encode(service::FollowedRequest{})},
      {"VolunteerSuggestion", Encode(service::VolunteerSuggestion{})},
      {"VolunteerStanding", Encode(VolunteerStanding{})},
      {"PeerSettings", Encode(PeerSettings{})},
      {"PeerAccessEntry", Encode(store::PeerAccessEntry{})},
  };
  for (const auto& [schema, json] : cases) {
    SCOPED_TRACE(schema);
    const SchemaFields fields = FieldsOf(yaml, schema);
    ASSERT_FALSE(fields.properties.empty()) << "no schema " << schema << " in docs/openapi.yaml";
    EXPECT_EQ(KeysOf(json), fields.properties);
    std::set<std::string> optional;  // in the schema but not required
    for (const std::string& p : fields.properties) {
      if (!fields.required.count(p)) optional.insert(p);
    }
    // A run's result fields appear only once it is done.
    if (std::string(schema) == "MatchingRun") {
      EXPECT_EQ(optional, (std::set<std::string>{"summary", "proposals", "unmatched",
                                                 "proposals_total", "unmatched_total", "facets"}));
    } else {
      EXPECT_TRUE(optional.empty())
          << "written always, so required: " << ::testing::PrintToString(optional);
    }
  }
}

}  // namespace
}  // namespace tandem::api
