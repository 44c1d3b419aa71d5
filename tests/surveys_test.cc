// Surveys through the service layer on a real database (SQLite, and
// PostgreSQL from TANDEM_TEST_POSTGRES): a wave 30 days after each pair
// started opening, inviting and reminding as the clock moves and closing;
// anonymity in every answer (who may export what, nothing kept that links an
// anonymous answer); versions that keep answered responses; the export and
// its REDCap dictionary; the import of responses collected elsewhere.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "core/csv.h"
#include "core/error.h"
#include "core/survey.h"
#include "error_of.h"
#include "program_fixture.h"
#include "service/meetings.h"
#include "service/surveys.h"
#include "store/outbox.h"
#include "store/survey_repository.h"

namespace tandem {
namespace {

using testing::CodeAndField;
using testing::TestPerson;

std::vector<SurveyItem> LibraryItems(std::initializer_list<const char*> constructs) {
  std::vector<SurveyItem> out;
  for (const char* code : constructs) {
    for (const SurveyConstruct& c : SurveyLibrary()) {
      if (c.code == code) out.insert(out.end(), c.items.begin(), c.items.end());
    }
  }
  return out;
}

std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  while (reader.Next(row)) rows.push_back(row);
  return rows;
}

class SurveysTest : public testing::ProgramFixture {
 protected:
  void SetUp() override {
    Program p;
    p.name = "Fellows";
    p.field = "hematology";
    p.starts_on = "2026-07-01";
    p.ends_on = "2027-06-30";
    p.cadence_days = 30;
    p.status = ProgramStatus::kActive;
    SetUpProgram("surveys-test-", p,
                 {TestPerson(Role::kMentor, "M1"), TestPerson(Role::kMentee, "E1"),
                  TestPerson(Role::kMentor, "M2"), TestPerson(Role::kMentee, "E2"),
                  TestPerson(Role::kMentee, "E3")});
  }

  Survey MakeSurvey(const std::string& anonymity) {
    return service::CreateSurvey(
        *db_, coordinator_, program_,
        {.title = "Thirty days in",
         .anonymity = anonymity,
         .items = LibraryItems({"match_quality", "program_satisfaction"})});
  }

  // A wave 30 days after each pair started, open 14 days, reminders on days 3 and 7.
  service::WaveView OpenWave(const Survey& s) {
    return service::CreateWave(*db_, coordinator_, program_,
                               {.survey_id = s.id,
                                .title = "Pulse at 30 days",
                                .audience = "both",
                                .timing = "pair_start",
                                .offset_days = 30,
                                .length_days = 14,
                                .reminder_days = std::vector<int>{3, 7},
                                .status = "open"});
  }

  // Addresses of the outbox's messages of `kind`, how often each.
  std::map<std::string, int> Sent(const std::string& kind) {
    std::map<std::string, int> out;
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == kind) ++out[e.to_address];
    }
    tx.Commit();
    return out;
  }

  std::int64_t InvitationOf(const std::string& person) {
    const auto mine = service::ListMySurveys(*db_, As(person));
    EXPECT_EQ(mine.size(), 1u) << person;
    return mine.empty() ? 0 : mine.front().invitation.id;
  }

  SurveyAnswers Full() {
    return {{"good_match", "5"}, {"shared_interests", "4"}, {"would_choose_again", "4"},
            {"satisfied", "4"},  {"recommend", "5"},        {"improve", "More socials"}};
  }

  std::string Export(const service::Actor& who, std::int64_t survey_id) {
    std::ostringstream out;
    service::ExportResponses(*db_, who, survey_id, out);
    return out.str();
  }
};

TEST_F(SurveysTest, AWaveOpensThirtyDaysAfterEachPairStartedRemindsAndCloses) {
  const Survey s = MakeSurvey("confidential");
  service::WaveView w = OpenWave(s);
  EXPECT_EQ(w.all.invited, 0);  // nobody is due on the day the pairs start
  EXPECT_TRUE(service::ListMySurveys(*db_, As("E1")).empty());

  clock_->Advance(std::chrono::days(30));
  EXPECT_EQ(service::RunSurveySchedule(*db_), 4);
  EXPECT_EQ(service::RunSurveySchedule(*db_), 0) << "each invitation goes once";
  const std::map<std::string, int> invited = Sent("survey_invitation");
  EXPECT_EQ(invited, (std::map<std::string, int>{{"e1@example.org", 1},
                                                 {"e2@example.org", 1},
                                                 {"m1@example.org", 1},
                                                 {"m2@example.org", 1}}))
      << "E3 has no pair";
  {
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind != "survey_invitation") continue;
      EXPECT_NE(e.body.find("confidential"), std::string::npos) << e.body;
      EXPECT_NE(e.body.find("/surveys/"), std::string::npos);
    }
    tx.Commit();
  }

  // E1 saves part, comes back, and sends.
  const std::int64_t e1 = InvitationOf("E1");
  service::SaveMyAnswers(*db_, As("E1"), e1, {{"good_match", "4"}}, false);
  EXPECT_EQ(service::GetMySurvey(*db_, As("E1"), e1).answers.at("good_match"), "4");
  EXPECT_EQ(CodeAndField([&] {
              service::SaveMyAnswers(*db_, As("E1"), e1, {{"good_match", "4"}}, true);
            }),
            "invalid_argument/answers.shared_interests");
  EXPECT_EQ(CodeAndField([&] {
              service::SaveMyAnswers(*db_, As("E1"), e1, {{"good_match", "9"}}, false);
            }),
            "invalid_argument/answers.good_match");
  EXPECT_EQ(CodeAndField([&] { service::GetMySurvey(*db_, As("E2"), e1); }), "permission_denied/");
  const service::MySurvey sent = service::SaveMyAnswers(*db_, As("E1"), e1, Full(), true);
  EXPECT_TRUE(sent.submitted);
  EXPECT_TRUE(sent.open) << "editable until the wave closes";

  clock_->Advance(std::chrono::days(3));
  service::RunSurveySchedule(*db_);
  EXPECT_EQ(Sent("survey_reminder"),
            (std::map<std::string, int>{
                {"e2@example.org", 1}, {"m1@example.org", 1}, {"m2@example.org", 1}}));
  // A late run after both reminder days sends one reminder, not two.
  clock_->Advance(std::chrono::days(5));
  service::RunSurveySchedule(*db_);
  service::RunSurveySchedule(*db_);
  EXPECT_EQ(Sent("survey_reminder").at("m1@example.org"), 2);

  w = service::ListWaves(*db_, coordinator_, program_).front();
  EXPECT_EQ(w.all.invited, 4);
  EXPECT_EQ(w.all.answered, 1);
  EXPECT_EQ(w.mentees.answered, 1);
  EXPECT_EQ(w.mentors.answered, 0);
  EXPECT_EQ(w.active_pairs.invited, 4);

  clock_->Advance(std::chrono::days(7));  // day 45: closed
  service::RunSurveySchedule(*db_);
  EXPECT_EQ(Sent("survey_reminder").at("m1@example.org"), 2) << "no reminder after closing";
  EXPECT_TRUE(service::ListMySurveys(*db_, As("M1")).empty());
  EXPECT_EQ(CodeAndField([&] { service::SaveMyAnswers(*db_, As("E1"), e1, Full(), true); }),
            "failed_precondition/");
  // Audience and timing stay once people were asked.
  EXPECT_EQ(CodeAndField([&] {
              service::UpdateWave(*db_, coordinator_, w.wave.id, {.audience = "mentees"});
            }),
            "failed_precondition/");
  EXPECT_EQ(service::UpdateWave(*db_, coordinator_, w.wave.id, {.status = "closed"}).wave.status,
            "closed");
}

TEST_F(SurveysTest, ConfidentialAnswersReachOnlyEvaluatorsWithoutNames) {
  const Survey s = MakeSurvey("confidential");
  OpenWave(s);
  clock_->Advance(std::chrono::days(30));
  service::RunSurveySchedule(*db_);
  service::SaveMyAnswers(*db_, As("E1"), InvitationOf("E1"), Full(), true);
  service::SaveMyAnswers(*db_, As("M1"), InvitationOf("M1"), Full(), true);

  EXPECT_EQ(CodeAndField([&] { Export(coordinator_, s.id); }), "permission_denied/");
  for (const service::Actor& who : {As("E1"), As("M1"), outsider_}) {
    EXPECT_EQ(CodeAndField([&] { Export(who, s.id); }), "permission_denied/");
    EXPECT_EQ(CodeAndField([&] { service::ListWaves(*db_, who, program_); }), "permission_denied/");
  }
  const auto rows = ReadCsv(Export(evaluator_, s.id));
  ASSERT_EQ(rows.size(), 3u);
  const std::string text = Export(evaluator_, s.id);
  EXPECT_EQ(text.find("E1 Person"), std::string::npos);
  EXPECT_EQ(text.find("\"E1\""), std::string::npos);
  EXPECT_EQ(rows[0][3], "respondent");
  EXPECT_EQ(rows[1][3], "R1");
  EXPECT_EQ(rows[2][3], "R2");
  EXPECT_EQ(rows[1][4], rows[2][4]) << "the pair's two members share its pseudonym";
  EXPECT_EQ(rows[1][6], "active");
  // The REDCap dictionary lists every item.
  std::ostringstream dictionary;
  service::ExportDictionary(*db_, coordinator_, s.id, dictionary);
  EXPECT_EQ(ReadCsv(dictionary.str()).size(), s.items.size() + 1);
}

TEST_F(SurveysTest, IdentifiedAnswersNameTheirPersonToCoordinators) {
  const Survey s = MakeSurvey("identified");
  OpenWave(s);
  clock_->Advance(std::chrono::days(30));
  service::RunSurveySchedule(*db_);
  service::SaveMyAnswers(*db_, As("E2"), InvitationOf("E2"), Full(), true);
  const auto rows = ReadCsv(Export(coordinator_, s.id));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][3], "participant_id");
  EXPECT_EQ(rows[1][3], "E2");
  EXPECT_EQ(rows[1][4], "E2 Person");
  EXPECT_EQ(ReadCsv(Export(evaluator_, s.id))[0][3], "respondent") << "evaluators: no names";
}

TEST_F(SurveysTest, AnonymousAnswersKeepNoLinkToTheirPerson) {
  const Survey s = MakeSurvey("anonymous");
  OpenWave(s);
  clock_->Advance(std::chrono::days(30) + std::chrono::hours(5));
  service::RunSurveySchedule(*db_);
  const std::int64_t e1 = InvitationOf("E1");
  EXPECT_EQ(CodeAndField([&] {
              service::SaveMyAnswers(*db_, As("E1"), e1, {{"good_match", "4"}}, false);
            }),
            "failed_precondition/submit");
  const service::MySurvey done = service::SaveMyAnswers(*db_, As("E1"), e1, Full(), true);
  EXPECT_TRUE(done.answers.empty());
  EXPECT_FALSE(done.open);
  EXPECT_EQ(CodeAndField([&] { service::SaveMyAnswers(*db_, As("E1"), e1, Full(), true); }),
            "failed_precondition/");
  {
    store::Transaction tx = db_->Begin(false);
    store::SurveyRepository repo(tx);
    const auto responses = repo.ListResponsesOfSeries(s.series_id);
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_FALSE(responses[0].invitation_id);
    EXPECT_FALSE(responses[0].enrollment_id);
    EXPECT_FALSE(responses[0].pair_id);
    EXPECT_EQ(responses[0].created_at.size(), 10u)
        << "a date, no time: " << responses[0].created_at;
    EXPECT_EQ(repo.FindInvitation(e1)->answered_at.size(), 10u);
    EXPECT_FALSE(repo.FindResponseOfInvitation(e1));
    tx.Commit();
  }
  EXPECT_EQ(CodeAndField([&] { Export(coordinator_, s.id); }), "permission_denied/");
  const auto rows = ReadCsv(Export(evaluator_, s.id));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][3], "submitted_on");
  // The wave still counts who answered, to stop reminders.
  EXPECT_EQ(service::ListWaves(*db_, coordinator_, program_).front().all.answered, 1);
  // What people were told stays true.
  EXPECT_EQ(CodeAndField([&] {
              service::UpdateSurvey(*db_, coordinator_, s.id, {.anonymity = "identified"});
            }),
            "failed_precondition/anonymity");
}

TEST_F(SurveysTest, AnEditAfterAnswersIsANewVersionAndAnswersKeepTheirs) {
  const Survey v1 = MakeSurvey("confidential");
  service::SurveyInput change;
  change.title = "Thirty days in (typo fixed)";
  EXPECT_EQ(service::UpdateSurvey(*db_, coordinator_, v1.id, change).version, 1)
      << "no answers yet: changed in place";
  OpenWave(v1);
  clock_->Advance(std::chrono::days(30));
  service::RunSurveySchedule(*db_);
  service::SaveMyAnswers(*db_, As("E1"), InvitationOf("E1"), Full(), true);
  std::vector<SurveyItem> items = v1.items;
  items.erase(items.begin() + 1);  // drop shared_interests
  const Survey v2 = service::UpdateSurvey(*db_, coordinator_, v1.id, {.items = items});
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.series_id, v1.series_id);
  EXPECT_EQ(service::GetSurvey(*db_, evaluator_, v1.id).items.size(), v1.items.size());
  // E1's answers keep version 1 (with its item); M1 answers version 2.
  EXPECT_EQ(service::GetMySurvey(*db_, As("E1"), InvitationOf("E1")).survey.version, 1);
  SurveyAnswers a = Full();
  a.erase("shared_interests");
  service::SaveMyAnswers(*db_, As("M1"), InvitationOf("M1"), a, true);
  const auto rows = ReadCsv(Export(evaluator_, v1.id));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][2], "1");
  EXPECT_EQ(rows[2][2], "2");
  const auto column =
      std::find(rows[0].begin(), rows[0].end(), "shared_interests") - rows[0].begin();
  ASSERT_LT(static_cast<size_t>(column), rows[0].size()) << "the old item keeps its column";
  EXPECT_EQ(rows[1][column], "4");
  EXPECT_EQ(rows[2][column], "");
  ASSERT_EQ(service::ListSurveys(*db_, coordinator_, program_).size(), 1u);
  EXPECT_EQ(service::ListSurveys(*db_, coordinator_, program_).front().responses, 2);
}

TEST_F(SurveysTest, ResponsesFromElsewhereAreImportedAllOrNothing) {
  const Survey s = MakeSurvey("confidential");
  auto import = [&](const std::string& text, service::ResponseImport what) {
    std::istringstream in(text);
    return service::ImportResponses(*db_, coordinator_, program_, what, in);
  };
  auto problems = [](const service::ResponseImportReport& r) {
    std::string out;
    for (const InputProblem& p : r.errors) out += (out.empty() ? "" : "; ") + FormatProblem(p);
    return out;
  };
  service::ResponseImportReport bad = import(
      "participant_id,good_match,satisfied,improve\n"
      "E1,Strongly agree,agree,fine\n"
      "E9,agree,4,\n"
      "E2,kind of,6,\n"
      "E1,agree,agree,\n",
      {.survey_id = s.id});
  EXPECT_EQ(problems(bad),
            "row 3, column participant_id: no participant E9 in this program; row 4, column "
            "good_match: \"kind of\" is not a Likert answer: use 1-5 or strongly disagree, "
            "disagree, neutral, agree, strongly agree (any case); leave blank when missing; row "
            "4, column satisfied: \"6\" is not a Likert answer: use 1-5 or strongly disagree, "
            "disagree, neutral, agree, strongly agree (any case); leave blank when missing; row "
            "5, column participant_id: participant E1 answers twice");
  EXPECT_EQ(bad.imported, 0);
  EXPECT_EQ(problems(import("participant_id,nope\nE1,1\n", {.survey_id = s.id})),
            "row 1, column nope: the survey has no item nope");

  const service::ResponseImportReport ok =
      import("participant_id,good_match,satisfied,improve\nE1,Strongly agree,AGREE,fine\nE2,2,,\n",
             {.survey_id = s.id});
  EXPECT_EQ(problems(ok), "");
  EXPECT_EQ(ok.imported, 2);
  const auto rows = ReadCsv(Export(evaluator_, s.id));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][4], "P1") << "linked to E1's pair";
  const auto good = std::find(rows[0].begin(), rows[0].end(), "good_match") - rows[0].begin();
  EXPECT_EQ(rows[1][good], "5");
  EXPECT_EQ(rows[2][good], "2");

  // Last year's export, as a new survey, in a program of any status.
  std::ifstream file("examples/survey.csv");
  std::stringstream text;
  text << file.rdbuf();
  const service::ResponseImportReport created =
      import(text.str(), {.create_title = "End of program 2025"});
  EXPECT_EQ(problems(created), "");
  EXPECT_GT(created.imported, 20);
  const Survey made = service::GetSurvey(*db_, coordinator_, created.survey_id);
  EXPECT_EQ(made.anonymity, "anonymous") << "no participant_id column: nothing to link";
  std::map<std::string, std::string> kinds;
  for (const SurveyItem& i : made.items) kinds[i.code] = i.kind;
  EXPECT_EQ(kinds.at("good_match"), "likert");
  EXPECT_EQ(kinds.at("respondent"), "long_text");

  // The reference program's result, from the stored answers: Fisher's exact
  // test P = .0423, .0423 and .0302 (as `tandem stats association` on the file).
  const stats::AssociationReport report = service::AssociateSurveyItems(
      *db_, evaluator_, created.survey_id, "good_match",
      {"confidence", "career_development", "professional_identity"}, {});
  EXPECT_EQ(report.respondents, 33);
  ASSERT_EQ(report.results.size(), 3u);
  EXPECT_NEAR(report.results[0].p_value, 0.0423387, 1e-6);
  EXPECT_NEAR(report.results[1].p_value, 0.0423387, 1e-6);
  EXPECT_NEAR(report.results[2].p_value, 0.0302419, 1e-6);
  EXPECT_EQ(report.results[2].table, (stats::CountTable{{26, 0}, {4, 2}}));
  EXPECT_EQ(CodeAndField([&] {
              service::AssociateSurveyItems(*db_, evaluator_, created.survey_id, "respondent",
                                            {"confidence"}, {});
            }),
            "invalid_argument/predictor");
}

TEST_F(SurveysTest, APulseFollowsEachLoggedMeetingOnceEvenWithTwoRunsAtATime) {
  const Survey s =
      service::CreateSurvey(*db_, coordinator_, program_,
                            {.title = "After your meeting", .items = LibraryItems({"meetings"})});
  service::CreateWave(*db_, coordinator_, program_,
                      {.survey_id = s.id,
                       .title = "Meeting pulse",
                       .timing = "after_meeting",
                       .length_days = 7,
                       .reminder_days = std::vector<int>{},
                       .status = "open"});
  clock_->Advance(std::chrono::days(2));
  service::MeetingLogInput log;
  log.met_at = FormatUtc(clock_->Now() - std::chrono::hours(3)).substr(0, 16);
  log.time_zone = "UTC";
  service::LogMeeting(*db_, As("E1"), pair1_, log);
  // Two schedule runs at once (two instances): each pulse goes once.
  std::thread a([&] { service::RunSurveySchedule(*db_); });
  std::thread b([&] { service::RunSurveySchedule(*db_); });
  a.join();
  b.join();
  EXPECT_EQ(Sent("survey_invitation"),
            (std::map<std::string, int>{{"e1@example.org", 1}, {"m1@example.org", 1}}))
      << "only the pair that met";
  // The next meeting is another pulse; a week later the first has closed.
  clock_->Advance(std::chrono::days(8));
  log.met_at = FormatUtc(clock_->Now() - std::chrono::hours(3)).substr(0, 16);
  service::LogMeeting(*db_, As("M1"), pair1_, log);
  service::RunSurveySchedule(*db_);
  EXPECT_EQ(Sent("survey_invitation").at("e1@example.org"), 2);
  EXPECT_EQ(service::ListMySurveys(*db_, As("E1")).size(), 1u);
}

TEST_F(SurveysTest, ResultsAreAggregatesItemByItem) {
  // Identified, read by its coordinator: no cell is hidden (the small-cell
  // rule is in tests/evaluation_test.cc).
  const Survey s = MakeSurvey("identified");
  std::istringstream csv(
      "participant_id,good_match,satisfied,improve\n"
      "E1,strongly agree,agree,more socials\n"
      "E2,agree,disagree,\n"
      "M1,disagree,,\n"
      "M2,strongly agree,agree,\n");
  ASSERT_EQ(
      service::ImportResponses(*db_, coordinator_, program_, {.survey_id = s.id}, csv).imported, 4);
  const service::SurveyResults r = service::GetSurveyResults(*db_, coordinator_, s.id);
  EXPECT_EQ(r.responses, 4);
  const auto item = [&](const std::string& code) {
    for (const service::ItemResult& i : r.items) {
      if (i.code == code) return i;
    }
    ADD_FAILURE() << code;
    return service::ItemResult{};
  };
  const service::ItemResult match = item("good_match");
  EXPECT_EQ(match.answered, 4);
  EXPECT_EQ(match.counts[1], (std::pair<std::string, std::optional<int>>{"Disagree", 1}));
  EXPECT_EQ(match.counts[4].second, 2);
  EXPECT_DOUBLE_EQ(*match.median, 4.5);  // 2, 4, 5, 5
  EXPECT_DOUBLE_EQ(*match.percent_agree, 75);
  const service::ItemResult satisfied = item("satisfied");
  EXPECT_EQ(satisfied.answered, 3);
  EXPECT_EQ(satisfied.missing, 1);
  EXPECT_NEAR(*satisfied.percent_agree, 66.667, 0.001);
  const service::ItemResult improve = item("improve");
  EXPECT_EQ(improve.answered, 1);
  EXPECT_TRUE(improve.counts.empty());
  EXPECT_EQ(improve.texts, std::vector<std::string>{"more socials"});
  EXPECT_EQ(CodeAndField([&] { service::GetSurveyResults(*db_, As("E1"), s.id); }),
            "permission_denied/");
}

}  // namespace
}  // namespace tandem

namespace tandem {
namespace {

TEST_F(SurveysTest, PrePostComparesAnItemWithinPersonAsR) {
  const Survey s = MakeSurvey("confidential");
  const auto wave = [&](const std::string& title, const std::string& opens) {
    return service::CreateWave(*db_, coordinator_, program_,
                               {.survey_id = s.id,
                                .title = title,
                                .pair_status = "any",
                                .timing = "dates",
                                .opens_on = opens})
        .wave.id;
  };
  const std::int64_t before = wave("Baseline", "2026-07-15");
  const std::int64_t after = wave("End of year", "2027-06-01");
  const auto import = [&](std::int64_t wave_id, const std::string& rows) {
    std::istringstream csv("participant_id,good_match\n" + rows);
    return service::ImportResponses(*db_, coordinator_, program_,
                                    {.survey_id = s.id, .wave_id = wave_id}, csv)
        .imported;
  };
  EXPECT_EQ(import(before, "E1,2\nE2,3\nE3,4\nM1,2\nM2,1\n"), 5);
  EXPECT_EQ(import(after, "E1,4\nE2,5\nE3,4\nM1,4\nM2,3\n"), 5);
  const service::PrePostReport r =
      service::ComparePrePost(*db_, evaluator_, program_, "good_match", before, after);
  EXPECT_EQ(r.paired, 5);
  EXPECT_EQ(r.improved, 4);
  EXPECT_EQ(r.unchanged, 1);
  EXPECT_DOUBLE_EQ(r.median_before, 2);
  EXPECT_DOUBLE_EQ(r.median_after, 4);
  // R 4.2: wilcox.test(after, before, paired = TRUE) and
  // mcnemar.test(matrix(c(1, 3, 0, 1), 2)).
  EXPECT_DOUBLE_EQ(r.wilcoxon.statistic, 10);
  EXPECT_NEAR(r.wilcoxon.p_value, 0.0718606382258516, 1e-12);
  EXPECT_EQ(r.agreement, (stats::CountTable{{1, 0}, {3, 1}}));
  EXPECT_NEAR(r.mcnemar.statistic, 4.0 / 3, 1e-12);
  EXPECT_NEAR(r.mcnemar.p_value, 0.248213078989924, 1e-12);

  EXPECT_EQ(CodeAndField([&] {
              service::ComparePrePost(*db_, evaluator_, program_, "good_match", before, before);
            }),
            "invalid_argument/after_wave");
  EXPECT_EQ(CodeAndField([&] {
              service::ComparePrePost(*db_, evaluator_, program_, "improve", before, after);
            }),
            "invalid_argument/item");
  EXPECT_EQ(CodeAndField([&] {
              service::ComparePrePost(*db_, As("E1"), program_, "good_match", before, after);
            }),
            "permission_denied/");
  // Anonymous answers cannot be paired.
  const Survey anonymous = MakeSurvey("anonymous");
  const std::int64_t w = service::CreateWave(*db_, coordinator_, program_,
                                             {.survey_id = anonymous.id,
                                              .title = "Anonymous pulse",
                                              .timing = "dates",
                                              .opens_on = "2026-08-01"})
                             .wave.id;
  EXPECT_EQ(CodeAndField([&] {
              service::ComparePrePost(*db_, evaluator_, program_, "good_match", w, after);
            }),
            "failed_precondition/before_wave");
}

}  // namespace
}  // namespace tandem
