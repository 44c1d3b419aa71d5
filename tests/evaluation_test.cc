// The evaluation through the service layer on a real database (SQLite, and
// PostgreSQL from TANDEM_TEST_POSTGRES): seven pairs over half a year —
// meetings, agreements, goals, projects, outputs, positions, an ending —
// give the figures an evaluator reads, with their intervals equal to the
// statistics engine's, breakdowns hiding every cell under k (complementary
// suppression included), free text without names, and nobody outside the
// program's staff reading any of it.
#include "service/evaluation.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"
#include "core/survey.h"
#include "error_of.h"
#include "program_fixture.h"
#include "service/journey.h"
#include "service/meetings.h"
#include "service/pairs.h"
#include "service/surveys.h"
#include "stats/proportion.h"

namespace tandem {
namespace {

using testing::CodeAndField;
using testing::TestPerson;

std::vector<std::optional<int>> Counts(const std::vector<service::CountRow>& rows) {
  std::vector<std::optional<int>> out;
  for (const service::CountRow& r : rows) out.push_back(r.count);
  return out;
}

void ExpectSameProportion(const std::optional<stats::ProportionEstimate>& got, int successes,
                          int n) {
  ASSERT_TRUE(got.has_value());
  const stats::ProportionEstimate want = stats::EstimateProportion(successes, n);
  EXPECT_EQ(got->successes, successes);
  EXPECT_EQ(got->n, n);
  EXPECT_DOUBLE_EQ(got->wilson.lower, want.wilson.lower);
  EXPECT_DOUBLE_EQ(got->wilson.upper, want.wilson.upper);
  EXPECT_DOUBLE_EQ(got->clopper_pearson.lower, want.clopper_pearson.lower);
  EXPECT_DOUBLE_EQ(got->clopper_pearson.upper, want.clopper_pearson.upper);
}

class EvaluationTest : public testing::ProgramFixture {
 protected:
  void SetUp() override {
    Program p;
    p.name = "Fellows";
    p.field = "hematology";
    p.starts_on = FormatUtcDate(clock_->Now());
    p.ends_on = FormatUtcDate(clock_->Now() + std::chrono::days(364));
    p.cadence_days = 30;
    p.status = ProgramStatus::kActive;
    std::vector<Participant> people;
    for (int i = 1; i <= 7; ++i) {
      people.push_back(TestPerson(Role::kMentor, "M" + std::to_string(i)));
      people.push_back(TestPerson(Role::kMentee, "E" + std::to_string(i)));
    }
    SetUpProgram("evaluation-test-", p, people);
    pairs_ = {pair1_, pair2_};
    for (int i = 3; i <= 7; ++i) {
      pairs_.push_back(service::CreatePair(*db_, coordinator_, program_, "E" + std::to_string(i),
                                           "M" + std::to_string(i))
                           .id);
    }
  }

  // Half a year: pairs 1-5 meet every month, pair 6 twice, pair 7 never;
  // pairs 1-4 sign their agreement; 1-5 complete, 6 is dissolved, 7 runs on.
  void LiveHalfAYear() {
    const SysSeconds start = clock_->Now();
    clock_->Advance(std::chrono::days(181));
    const auto log = [&](int pair, int day) {
      service::MeetingLogInput in;
      in.met_at = FormatUtc(start + std::chrono::days(day)).substr(0, 16);
      in.time_zone = "UTC";
      service::LogMeeting(*db_, As("E" + std::to_string(pair)), pairs_[pair - 1], in);
    };
    for (int pair = 1; pair <= 5; ++pair) {
      for (int month = 0; month < 6; ++month) log(pair, 10 + 30 * month);
    }
    log(6, 10);
    log(6, 40);
    for (int pair = 1; pair <= 4; ++pair) {
      const std::string e = "E" + std::to_string(pair), m = "M" + std::to_string(pair);
      const int revision =
          service::SaveAgreement(*db_, As(e), pairs_[pair - 1], {.cadence = "monthly"}, 0)
              .agreement.revision;
      service::SignAgreement(*db_, As(m), pairs_[pair - 1], m + " Person", revision);
      service::SignAgreement(*db_, As(e), pairs_[pair - 1], e + " Person", revision);
    }
    service::CreateGoal(*db_, As("E1"), pair1_, {.title = "K award", .status = "achieved"});
    service::CreateGoal(*db_, As("E1"), pair1_, {.title = "First paper", .status = "achieved"});
    service::CreateGoal(*db_, As("E2"), pair2_, {.title = "Board exam", .status = "in_progress"});
    for (int pair = 1; pair <= 3; ++pair) {
      service::CreateProject(*db_, As("E" + std::to_string(pair)), pairs_[pair - 1],
                             {.title = "Registry study"});
    }
    Output paper;
    paper.enrollment_id = Enrolment("E1");
    paper.kind = "publication";
    paper.title = "Thrombosis in fellows";
    paper.year = 2027;
    service::CreateOutput(*db_, As("E1"), program_, paper);
    Output grant;
    grant.enrollment_id = Enrolment("E2");
    grant.kind = "grant";
    grant.title = "Career development award";
    grant.funder = "ASH";
    grant.grant_status = "awarded";
    grant.amount = 50000;
    grant.currency = "USD";
    service::CreateOutput(*db_, As("E2"), program_, grant);
    for (int pair = 1; pair <= 5; ++pair)
      service::CompletePair(*db_, coordinator_, pairs_[pair - 1]);
    service::DissolvePair(*db_, coordinator_, pairs_[5],
                          "E6 Person left for a job; write to e6@example.org or call 617-555-0142");
  }

  std::vector<std::int64_t> pairs_;
};

TEST_F(EvaluationTest, FiguresCarryTheirIntervalsAndHideSmallCells) {
  LiveHalfAYear();
  const service::Evaluation e = service::GetEvaluation(*db_, evaluator_, program_);
  EXPECT_TRUE(e.deidentified);
  EXPECT_EQ(e.k, 5);
  EXPECT_EQ(e.mentees, 7);
  // Pairs: 5 of 7 completed, as the statistics engine estimates it; active
  // (1) and dissolved (1) are hidden, and their sum (2) cannot tell which.
  EXPECT_EQ(e.pairs.started, 7);
  ExpectSameProportion(e.pairs.completion, 5, 7);
  EXPECT_EQ(Counts(e.pairs.by_status),
            (std::vector<std::optional<int>>{std::nullopt, 5, std::nullopt}));
  ASSERT_EQ(e.pairs.dissolved_reasons.size(), 1u);
  EXPECT_EQ(e.pairs.dissolved_reasons[0],
            "[name] left for a job; write to [email] or call [phone]");
  // Meetings: 32 held; the five monthly pairs (and not 6 or 7) kept 75%.
  EXPECT_EQ(e.meetings.pairs, 7);
  EXPECT_EQ(e.meetings.held, 32);
  EXPECT_GE(e.meetings.expected, 7 * 6);
  ExpectSameProportion(e.meetings.adherent, 5, 7);
  EXPECT_DOUBLE_EQ(*e.meetings.median_held, 6);
  // Agreements 4 of 7, goals 2 of 3 achieved, projects 3 of 7 mentees.
  ExpectSameProportion(e.agreements_signed, 4, 7);
  EXPECT_EQ(e.goals, 3);
  ExpectSameProportion(e.goals_achieved, 2, 3);
  for (const service::CountRow& row : e.goals_by_status) {
    EXPECT_FALSE(row.count.has_value()) << row.label << ": every status has fewer than 5 goals";
  }
  ExpectSameProportion(e.mentees_with_project, 3, 7);
  // One publication and one grant: counted, but who and how much are hidden.
  for (const service::OutputFigures& o : e.outputs) {
    if (o.kind == "publication" || o.kind == "grant") {
      EXPECT_EQ(o.items, 1) << o.kind;
      EXPECT_FALSE(o.mentees.has_value()) << o.kind;
    }
    if (o.kind == "grant") {
      EXPECT_FALSE(o.awarded_grants.has_value());
      EXPECT_TRUE(o.awarded.empty()) << "the amount of a single grant tells whose it is";
    }
  }
  EXPECT_FALSE(e.retention.has_value()) << "no indicator yet";
}

TEST_F(EvaluationTest, KIsTheProgramsAndOnlyStaffReadTheFigures) {
  LiveHalfAYear();
  service::JourneySettingsChange change;
  change.small_cell_k = 2;
  service::UpdateJourneySettings(*db_, coordinator_, program_, change);
  const service::Evaluation e = service::GetEvaluation(*db_, coordinator_, program_);
  EXPECT_FALSE(e.deidentified);
  EXPECT_EQ(e.k, 2);
  // 1 active and 1 dissolved, both under 2: together they add up to 2 = 2 x
  // (k - 1), so each would be known to be 1; the 5 is hidden with them.
  EXPECT_EQ(Counts(e.pairs.by_status),
            (std::vector<std::optional<int>>{std::nullopt, std::nullopt, std::nullopt}));
  change.small_cell_k = 51;
  EXPECT_EQ(
      CodeAndField([&] { service::UpdateJourneySettings(*db_, coordinator_, program_, change); }),
      "invalid_argument/small_cell_k");
  EXPECT_EQ(CodeAndField([&] { service::GetEvaluation(*db_, As("E1"), program_); }),
            "permission_denied/");
  EXPECT_EQ(CodeAndField([&] { service::GetEvaluation(*db_, As("M1"), program_); }),
            "permission_denied/");
  EXPECT_EQ(CodeAndField([&] { service::GetEvaluation(*db_, outsider_, program_); }),
            "permission_denied/");
  EXPECT_EQ(CodeAndField([&] { service::GetEvaluation(*db_, evaluator_, program_ + 100); }),
            "not_found/");
}

TEST_F(EvaluationTest,
       SurveyResultsHideSmallCellsAndNamesExceptAnIdentifiedSurveyForItsCoordinator) {
  std::vector<SurveyItem> items;
  for (const SurveyConstruct& c : SurveyLibrary()) {
    if (c.code == "match_quality" || c.code == "program_satisfaction") {
      items.insert(items.end(), c.items.begin(), c.items.end());
    }
  }
  const auto import = [&](const std::string& anonymity) {
    const Survey s = service::CreateSurvey(
        *db_, coordinator_, program_,
        {.title = "End of year " + anonymity, .anonymity = anonymity, .items = items});
    std::ostringstream csv;
    csv << "participant_id,good_match,improve\n";
    // good_match: 1 strongly disagree, 6 agree; "improve" names a mentor.
    csv << "E1,strongly disagree,M1 Person never answered my e-mails\n";
    for (int i = 2; i <= 7; ++i) csv << "E" << i << ",agree,More socials please\n";
    std::istringstream in(csv.str());
    EXPECT_EQ(
        service::ImportResponses(*db_, coordinator_, program_, {.survey_id = s.id}, in).imported,
        7);
    return s;
  };
  const auto item = [](const service::SurveyResults& r, const std::string& code) {
    for (const service::ItemResult& i : r.items) {
      if (i.code == code) return i;
    }
    ADD_FAILURE() << code;
    return service::ItemResult{};
  };
  const Survey confidential = import("confidential");
  for (const service::Actor& who : {evaluator_, coordinator_}) {
    const service::SurveyResults r = service::GetSurveyResults(*db_, who, confidential.id);
    EXPECT_TRUE(r.suppressed);
    const service::ItemResult match = item(r, "good_match");
    EXPECT_EQ(match.answered, 7);
    // Strongly disagree 1, disagree 0, neutral 0 hide; so do agree (6) and
    // strongly agree (0), as "agree" is a published sum (percent agreeing).
    for (const auto& [label, count] : match.counts) EXPECT_FALSE(count.has_value()) << label;
    EXPECT_NEAR(*match.percent_agree, 600.0 / 7, 1e-9) << "statistics use the exact data";
    const service::ItemResult improve = item(r, "improve");
    EXPECT_EQ(improve.texts, (std::vector<std::string>{"More socials please", "More socials please",
                                                       "More socials please", "More socials please",
                                                       "More socials please", "More socials please",
                                                       "[name] never answered my e-mails"}));
  }
  const Survey identified = import("identified");
  const service::SurveyResults own = service::GetSurveyResults(*db_, coordinator_, identified.id);
  EXPECT_FALSE(own.suppressed);
  EXPECT_EQ(item(own, "good_match").counts[0].second, 1);
  EXPECT_EQ(item(own, "good_match").counts[3].second, 6);
  const service::SurveyResults theirs = service::GetSurveyResults(*db_, evaluator_, identified.id);
  EXPECT_TRUE(theirs.suppressed);
  EXPECT_FALSE(item(theirs, "good_match").counts[0].second.has_value());
}

}  // namespace
}  // namespace tandem
