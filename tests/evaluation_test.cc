// The evaluation through the service layer on a real database (SQLite, and
// PostgreSQL from TANDEM_TEST_POSTGRES): seven pairs over half a year —
// meetings, agreements, goals, projects, outputs, positions, an ending —
// give the figures an evaluator reads, with their intervals equal to the
// statistics engine's, breakdowns hiding every cell under k (complementary
// suppression included), free text without names, and nobody outside the
// program's staff reading any of it.
#include "service/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/survey.h"
#include "error_of.h"
#include "jobs/pdf.h"
#include "program_fixture.h"
#include "service/journey.h"
#include "service/meetings.h"
#include "service/pairs.h"
#include "service/qualitative.h"
#include "service/report.h"
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
      // E1, E3, E5, E7 women; E2, E4, E6 men.
      people.back().background = {{"gender", i % 2 ? "woman" : "man"}};
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

  // The mentees' end-of-program survey, confidential (or as `anonymity`
  // says), answered by E1-E7: good_match splits 5 agreeing / 2 not,
  // confidence follows it but for one; five say what they would change
  // (k = 5: their answers are shown).
  Survey ImportEndOfProgram(const std::string& anonymity = "confidential") {
    std::vector<SurveyItem> items;
    for (const SurveyConstruct& c : SurveyLibrary()) {
      if (c.code == "match_quality" || c.code == "confidence" || c.code == "program_satisfaction") {
        items.insert(items.end(), c.items.begin(), c.items.end());
      }
    }
    const Survey s = service::CreateSurvey(
        *db_, coordinator_, program_,
        {.title = "End of program (" + anonymity + ")", .anonymity = anonymity, .items = items});
    std::istringstream csv(
        "participant_id,good_match,confidence,improve\n"
        "E1,5,5,More time with M1 Person\n"
        "E2,4,5,Nothing\n"
        "E3,5,4,Nothing\n"
        "E4,4,4,Nothing\n"
        "E5,4,2,Nothing\n"
        "E6,2,2,\n"
        "E7,1,1,\n");
    EXPECT_EQ(
        service::ImportResponses(*db_, coordinator_, program_, {.survey_id = s.id}, csv).imported,
        7);
    return s;
  }

  std::vector<std::int64_t> pairs_;
};

// The text of a PDF, by poppler's pdftotext (an independent reader).
std::string PdfText(const std::string& pdf) {
  const std::string path = ::testing::TempDir() + "/tandem-report-test.pdf";
  {
    std::ofstream out(path, std::ios::binary);
    out << pdf;
  }
  std::string text;
  if (FILE* p = popen(("pdftotext -layout " + path + " - 2>&1").c_str(), "r")) {
    char buffer[4096];
    size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) text.append(buffer, n);
    pclose(p);
  }
  std::remove(path.c_str());
  return text;
}

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
  EXPECT_TRUE(e.pairs.any_active);
  EXPECT_TRUE(e.pairs.dissolved_reasons.empty()) << "the list's length would tell the hidden count";
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

TEST_F(EvaluationTest, TheReportCarriesTheFiguresTheAssociationAndItsMethodsAccessibly) {
  LiveHalfAYear();
  ImportEndOfProgram();
  const service::ProgramReport report = service::BuildReport(*db_, evaluator_, program_);
  ASSERT_TRUE(report.association.has_value()) << "good_match is asked: the reference analysis";
  EXPECT_EQ(report.association->analysis.predictor, "good_match");
  ASSERT_EQ(report.association->analysis.results.size(), 1u) << "only confidence is asked";
  const stats::OutcomeAssociation& confidence = report.association->analysis.results[0];
  // Agreeing with good_match: 5, of whom 4 agree with confidence; not: 2, 0.
  EXPECT_EQ(confidence.table, (stats::CountTable{{4, 1}, {0, 2}}));
  EXPECT_EQ(service::ReadAssociation(confidence, "good_match").substr(0, 74),
            "Those who agreed with good_match agreed more often with confidence (4 of 5");
  const std::string html = service::RenderReportHtml(report);
  EXPECT_NE(html.find("5 of 7 (71.4%; 95% CI 35.9–91.8% Wilson, 29.0–96.3% exact)"),
            std::string::npos)
      << "pairs completed as R's prop.test and binom.test give them";
  EXPECT_NE(html.find("Fisher&#39;s exact test"), std::string::npos);
  EXPECT_NE(html.find("More time with [name]"), std::string::npos);
  EXPECT_EQ(html.find("M1 Person"), std::string::npos) << "no name reaches an evaluator";
  EXPECT_EQ(html.find("@example.org"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Every chart is an image with a title and a description, and the next
  // thing after its figure is the table of its data.
  const std::regex svg("<svg role=\"img\" aria-labelledby=\"(fig\\d+)-t fig\\d+-d\"");
  int charts = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), svg); it != std::sregex_iterator();
       ++it) {
    ++charts;
    const std::string id = (*it)[1];
    const size_t at = static_cast<size_t>(it->position());
    EXPECT_NE(html.find("<title id=\"" + id + "-t\">", at), std::string::npos);
    EXPECT_NE(html.find("<desc id=\"" + id + "-d\">", at), std::string::npos);
    const size_t end = html.find("</figure>", at);
    EXPECT_EQ(html.compare(end + 9, 15, "<table><caption"), 0) << id << " has its table next";
  }
  EXPECT_EQ(charts, 2) << "the program's figures and the survey's scales";

  // A report of a range of waves: a wave nobody answered in leaves the
  // survey and the association out; a wave of no survey here is refused.
  const std::int64_t wave = service::CreateWave(*db_, coordinator_, program_,
                                                {.survey_id = report.association->survey_id,
                                                 .title = "Mid-year",
                                                 .timing = "dates",
                                                 .opens_on = "2027-01-15"})
                                .wave.id;
  service::ReportOptions only_mid_year;
  only_mid_year.waves = {wave};
  const service::ProgramReport mid =
      service::BuildReport(*db_, evaluator_, program_, only_mid_year);
  EXPECT_TRUE(mid.surveys.empty());
  EXPECT_FALSE(mid.association.has_value());
  ASSERT_EQ(mid.evaluation.surveys.size(), 1u);
  EXPECT_EQ(mid.evaluation.surveys[0].wave_name, "Mid-year");
  only_mid_year.waves = {wave + 100};
  EXPECT_EQ(CodeAndField([&] { service::BuildReport(*db_, evaluator_, program_, only_mid_year); }),
            "invalid_argument/waves");
}

TEST_F(EvaluationTest, APairMeasureAsPredictorIsComparedByRanksAsR) {
  LiveHalfAYear();
  const Survey s = ImportEndOfProgram();
  // Meetings held by E1..E5's and E7's pairs: 6, 6, 6, 6, 6, 0 (E6's pair
  // was dissolved: an imported answer links to a running or completed pair
  // only); confidence 5, 5, 4, 4, 2, 1. R 4.2: wilcox.test(c(6, 6, 6, 6),
  // c(6, 0)) and cor.test(held, confidence, method = "spearman").
  const stats::AssociationReport r = service::AssociateSurveyItems(
      *db_, evaluator_, s.id, "pair.meetings_held", {"confidence"}, {});
  ASSERT_EQ(r.results.size(), 1u);
  const stats::OutcomeAssociation& o = r.results[0];
  EXPECT_EQ(o.test, "wilcoxon");
  EXPECT_EQ(o.n, 6);
  EXPECT_EQ(o.missing, 1);
  EXPECT_EQ(o.table, (stats::CountTable{{4, 2}}));
  EXPECT_DOUBLE_EQ(*o.median_agree, 6);
  EXPECT_DOUBLE_EQ(*o.median_not, 3);
  EXPECT_DOUBLE_EQ(*o.statistic, 6);
  EXPECT_NEAR(o.p_value, 0.288844366346485, 1e-12);
  EXPECT_NEAR(*o.rho, 0.674199862463242, 1e-12);
  EXPECT_NEAR(*o.rho_p_value, 0.141927447774055, 1e-9);
  EXPECT_EQ(CodeAndField([&] {
              service::AssociateSurveyItems(*db_, evaluator_, s.id, "pair.institution",
                                            {"confidence"}, {});
            }),
            "invalid_argument/predictor");
  // The report carries it with its own table and reading.
  service::ReportOptions options;
  options.predictor = "pair.meetings_held";
  const std::string html =
      service::RenderReportHtml(service::BuildReport(*db_, evaluator_, program_, options));
  EXPECT_NE(html.find("The pair.meetings_held of those who agreed with confidence had a median "
                      "of 6.00, of the others 3.00"),
            std::string::npos);
}

TEST_F(EvaluationTest, ABackgroundAttributeAsPredictorHidesSmallGroupsFromEvaluators) {
  LiveHalfAYear();
  const Survey s = ImportEndOfProgram();
  // confidence 5, 5, 4, 4, 2, 2, 1 for E1..E7: women (E1, E3, E5, E7) 2 of 4
  // agree, men (E2, E4, E6) 2 of 3. R 4.2:
  // fisher.test(matrix(c(2, 1, 2, 2), 2)) (man first): p = 1.
  const auto run = [&](const service::Actor& who) {
    return service::AssociateSurveyItems(*db_, who, s.id, "background.gender", {"confidence"}, {});
  };
  const stats::AssociationReport evaluator = run(evaluator_);
  ASSERT_EQ(evaluator.results.size(), 1u);
  const stats::OutcomeAssociation& o = evaluator.results[0];
  EXPECT_EQ(o.categories, (std::vector<std::string>{"man", "woman"}));
  // The evaluation names the attributes to choose from (7 people have
  // gender, in two values), not who has which.
  EXPECT_EQ(service::GetEvaluation(*db_, evaluator_, program_).background_keys,
            (std::vector<std::string>{"gender"}));
  EXPECT_EQ(o.test, "fisher");
  EXPECT_NEAR(o.p_value, 1.0, 1e-12);
  EXPECT_TRUE(o.table.empty()) << "groups of 3 and 4 people are not shown";
  EXPECT_FALSE(o.warnings.empty());
  // The coordinator of a confidential survey sees the same.
  EXPECT_TRUE(run(coordinator_).results[0].table.empty());
  EXPECT_EQ(CodeAndField([&] {
              service::AssociateSurveyItems(*db_, evaluator_, s.id, "background.", {"confidence"},
                                            {});
            }),
            "invalid_argument/predictor");
  // The report reads it without the groups.
  service::ReportOptions options;
  options.predictor = "background.gender";
  const std::string html =
      service::RenderReportHtml(service::BuildReport(*db_, evaluator_, program_, options));
  EXPECT_NE(html.find("Agreeing with confidence by background.gender (the table is not shown"),
            std::string::npos);
}

TEST_F(EvaluationTest, TheModeOfMostOfAPairsMeetingsGroupsRespondentsAsR) {
  // Meetings scheduled in Tandem (proposed by the mentee, accepted by the
  // mentor) and logged afterwards; only held ones count.
  const SysSeconds start = clock_->Now();
  struct Planned {
    int pair;
    int day;
    const char* mode;
    bool held;
  };
  const std::vector<Planned> plan = {
      {1, 10, "in_person", true},  // pair 1: in person twice, video once
      {1, 40, "in_person", true},  //
      {1, 70, "video", true},      //
      {2, 10, "in_person", true},  // pair 2: and a log without a meeting (no mode)
      {3, 10, "in_person", true},  // pair 3: the phone call was not held
      {3, 40, "phone", false},     //
      {4, 10, "video", true},      // pair 4: a tie, mixed
      {4, 40, "phone", true},      //
      {5, 10, "video", true},      // pair 5
      {6, 10, "video", true},      // pair 6
      {6, 40, "video", true},      //
      {7, 10, "phone", false},     // pair 7: none held, left out
  };

  std::vector<std::int64_t> ids;
  for (const Planned& m : plan) {
    service::MeetingInput in;
    in.start = FormatUtc(start + std::chrono::days(m.day)).substr(0, 16);
    in.time_zone = "UTC";
    in.mode = m.mode;
    if (in.mode == "in_person") in.location = "The clinic library";
    const std::string e = "E" + std::to_string(m.pair), mentor = "M" + std::to_string(m.pair);
    const Meeting proposed = service::ProposeMeeting(*db_, As(e), pairs_[m.pair - 1], in);
    ids.push_back(service::AnswerMeeting(*db_, As(mentor), proposed.id, true, "").id);
  }
  const Survey s = ImportEndOfProgram();
  const auto run = [&](const service::Actor& who, const Survey& survey) {
    return service::AssociateSurveyItems(*db_, who, survey.id, "pair.meeting_mode", {"confidence"},
                                         {});
  };
  // Nothing held yet: no respondent has a mode.
  EXPECT_EQ(CodeAndField([&] { run(evaluator_, s); }), "invalid_argument/predictor");

  clock_->Advance(std::chrono::days(100));
  for (size_t i = 0; i < plan.size(); ++i) {
    service::MeetingLogInput log;
    log.meeting_id = ids[i];
    log.held = plan[i].held;
    if (!plan[i].held) log.not_held_reason = "no_show";
    service::LogMeeting(*db_, As("E" + std::to_string(plan[i].pair)), pairs_[plan[i].pair - 1],
                        log);
  }
  service::MeetingLogInput unscheduled;
  unscheduled.met_at = FormatUtc(start + std::chrono::days(50)).substr(0, 16);
  unscheduled.time_zone = "UTC";
  service::LogMeeting(*db_, As("E2"), pairs_[1], unscheduled);

  // confidence 5, 5, 4, 4, 2, 2, 1 for E1..E7 (agreeing: E1-E4). Modes:
  // E1-E3 in_person, E4 mixed, E5 and E6 video, E7 left out. R 4.2:
  // fisher.test(matrix(c(3, 1, 0, 0, 0, 2), ncol = 2))$p.value = 0.0666666666666667
  // (Fisher-Freeman-Halton: every expected count is under 5).
  const stats::AssociationReport evaluator = run(evaluator_, s);
  ASSERT_EQ(evaluator.results.size(), 1u);
  const stats::OutcomeAssociation& o = evaluator.results[0];
  EXPECT_EQ(o.categories, (std::vector<std::string>{"in_person", "mixed", "video"}));
  EXPECT_EQ(o.test, "fisher");
  EXPECT_EQ(o.n, 6);
  EXPECT_EQ(o.missing, 1);
  EXPECT_NEAR(o.p_value, 0.0666666666666667, 1e-12);
  EXPECT_NEAR(o.p_adjusted, 0.0666666666666667, 1e-12);
  EXPECT_TRUE(o.table.empty()) << "groups of 1 to 3 people are not shown to an evaluator";
  ASSERT_FALSE(o.warnings.empty());
  EXPECT_NE(o.warnings.back().find("fewer than 5 people"), std::string::npos);
  // The coordinator of an identified survey sees the groups; the test is the same.
  const Survey identified = ImportEndOfProgram("identified");
  const stats::AssociationReport coordinator = run(coordinator_, identified);
  EXPECT_EQ(coordinator.results[0].table, (stats::CountTable{{3, 0}, {1, 0}, {0, 2}}));
  EXPECT_NEAR(coordinator.results[0].p_value, 0.0666666666666667, 1e-12);
  // An anonymous survey links nobody to a pair.
  const Survey anonymous = ImportEndOfProgram("anonymous");
  EXPECT_EQ(CodeAndField([&] { run(evaluator_, anonymous); }), "failed_precondition/predictor");
  // The report reads it, the groups withheld, and says what the mode is.
  service::ReportOptions options;
  options.predictor = "pair.meeting_mode";
  options.survey_id = s.series_id;
  const std::string html =
      service::RenderReportHtml(service::BuildReport(*db_, evaluator_, program_, options));
  EXPECT_NE(html.find("Agreeing with confidence by pair.meeting_mode (the table is not shown"),
            std::string::npos);
  EXPECT_NE(html.find("of most of the held meetings of their pair"), std::string::npos);
}

TEST_F(EvaluationTest, APdfIsMadeByAJobAsTheAskerSeesItAndOnlyStaffReadIt) {
  LiveHalfAYear();
  ImportEndOfProgram();
  const service::ReportView queued = service::RequestReportPdf(*db_, evaluator_, program_);
  EXPECT_EQ(queued.status, "queued");
  EXPECT_EQ(CodeAndField([&] { service::RequestReportPdf(*db_, As("E1"), program_); }),
            "permission_denied/");
  EXPECT_EQ(CodeAndField([&] { service::GetReportPdf(*db_, evaluator_, queued.id); }),
            "failed_precondition/");
  // The job prints with the real browser.
  service::RunReportJob(
      *db_, queued.id, [](const std::string& html) { return jobs::HtmlToPdf(html); }, false);
  const std::vector<service::ReportView> listed =
      service::ListReports(*db_, coordinator_, program_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].status, "done");
  const std::string pdf = service::GetReportPdf(*db_, coordinator_, queued.id);
  ASSERT_EQ(pdf.rfind("%PDF", 0), 0u);
  const std::string text = PdfText(pdf);
  EXPECT_NE(text.find("5 of 7 (71.4%"), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(text.find("Fisher"), std::string::npos);
  EXPECT_EQ(text.find("M1 Person"), std::string::npos);
  EXPECT_EQ(CodeAndField([&] { service::GetReportPdf(*db_, As("M1"), queued.id); }),
            "permission_denied/");
  // A browser that keeps failing: retried, then the report says why.
  const service::ReportView broken = service::RequestReportPdf(*db_, coordinator_, program_);
  const auto fails = [](const std::string&) -> std::string {
    throw Error(ErrorCode::kUnavailable, "cannot make the PDF: the browser failed: out of memory");
  };
  EXPECT_THROW(service::RunReportJob(*db_, broken.id, fails, false), Error);
  EXPECT_EQ(service::ListReports(*db_, coordinator_, program_)[0].status, "queued");
  EXPECT_THROW(service::RunReportJob(*db_, broken.id, fails, true), Error);
  const service::ReportView failed = service::ListReports(*db_, coordinator_, program_)[0];
  EXPECT_EQ(failed.status, "failed");
  EXPECT_NE(failed.error.find("out of memory"), std::string::npos);
  EXPECT_EQ(CodeAndField([&] { service::GetReportPdf(*db_, coordinator_, broken.id); }),
            "failed_precondition/");
}

TEST_F(EvaluationTest, TheAnalysisDatasetHasOneRowPerPersonInAPairAndNoName) {
  LiveHalfAYear();
  const Survey s = ImportEndOfProgram();
  std::ostringstream out;
  EXPECT_EQ(service::ExportAnalysisDataset(*db_, evaluator_, program_, out), 14);
  std::istringstream in(out.str());
  CsvReader reader(in);
  std::vector<std::string> header, row;
  ASSERT_TRUE(reader.Next(header));
  const auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<size_t>(it - header.begin());
  };
  const std::string good_match = "s" + std::to_string(s.series_id) + "_good_match";
  const size_t role = column("role"), held = column("meetings_held"), answer = column(good_match);
  EXPECT_EQ(
      std::count(header.begin(), header.end(), "s" + std::to_string(s.series_id) + "_improve"), 0)
      << "free text is left out";
  std::map<std::string, int> roles;
  int mentees_with_six = 0;
  std::multiset<std::string> answers;
  while (reader.Next(row)) {
    ++roles[row[role]];
    EXPECT_EQ(row[0].size(), 4u) << row[0];  // P001
    if (row[role] == "mentee") {
      mentees_with_six += row[held] == "6" ? 1 : 0;
      answers.insert(row[answer]);
    }
  }
  EXPECT_EQ(roles, (std::map<std::string, int>{{"mentee", 7}, {"mentor", 7}}));
  EXPECT_EQ(mentees_with_six, 5);
  EXPECT_EQ(answers, (std::multiset<std::string>{"1", "2", "4", "4", "4", "5", "5"}));
  EXPECT_EQ(out.str().find("Person"), std::string::npos);
  EXPECT_EQ(out.str().find("example.org"), std::string::npos);
  std::ostringstream dictionary;
  service::ExportAnalysisDictionary(*db_, evaluator_, program_, dictionary);
  EXPECT_NE(dictionary.str().find(good_match + ",answer,"), std::string::npos);
  EXPECT_EQ(CodeAndField([&] {
              std::ostringstream sink;
              service::ExportAnalysisDataset(*db_, As("E1"), program_, sink);
            }),
            "permission_denied/");
}

TEST_F(EvaluationTest, TwoCodersCodeATranscriptAndTheirAgreementIsKappaOverItsLines) {
  // The uploader sees what identifies someone, in code points.
  const std::string raw = "Interviewer: How was M1 Person?\nFellow: très bien, call 617-555-0142";
  const auto found = service::CheckForIdentifiers(*db_, evaluator_, program_, raw);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "name");
  EXPECT_EQ(CodePointSlice(raw, static_cast<int>(found[0].begin), static_cast<int>(found[0].end)),
            "M1 Person");
  EXPECT_EQ(found[1].kind, "phone");
  EXPECT_EQ(CodePointSlice(raw, static_cast<int>(found[1].begin), static_cast<int>(found[1].end)),
            "617-555-0142");
  EXPECT_EQ(CodeAndField([&] {
              service::CreateDocument(*db_, evaluator_, program_, "Interview 1", raw, false);
            }),
            "invalid_argument/confirmed_deidentified");
  const std::string text =
      "Q: What helped?\n"
      "A: Talking through the job market.\n"
      "A: Practising my job talk.\n"
      "\n"
      "A: Someone who listened after a hard week.\n"
      "A: Feeling less alone.\n"
      "Q: Anything else?";
  const QualDocument doc =
      service::CreateDocument(*db_, evaluator_, program_, "Focus group", text, true);
  EXPECT_EQ(doc.text, text);

  // The codebook, one level deep.
  const auto code = [&](const std::string& name, std::optional<std::int64_t> parent = {}) {
    QualCode c;
    c.name = name;
    c.definition = "Talk about " + name;
    c.parent_id = parent;
    return service::CreateCode(*db_, coordinator_, program_, c);
  };
  const QualCode career = code("Career guidance");
  const QualCode job = code("Job search", career.id);
  const QualCode support = code("Emotional support");
  EXPECT_EQ(CodeAndField([&] { code("Too deep", job.id); }), "invalid_argument/parent_id");
  EXPECT_EQ(CodeAndField([&] { code("career GUIDANCE"); }), "conflict/name");

  // Lines (units): 0 "Q: What helped?", 1 job market, 2 job talk, 3 listened,
  // 4 less alone, 5 "Q: Anything else?".
  const auto units = CodingUnits(text);
  ASSERT_EQ(units.size(), 6u);
  const auto mark = [&](const service::Actor& who, const QualCode& c, int line) {
    return service::AddSegment(*db_, who, doc.id, c.id, units[line].first + 3, units[line].second,
                               false);
  };
  // Coder A (the evaluator): career on 1, 2 and 3; support on 3.
  const QualSegment a1 = mark(evaluator_, career, 1);
  mark(evaluator_, career, 2);
  mark(evaluator_, career, 3);
  mark(evaluator_, support, 3);
  // Coder B (the coordinator): career on 1 and 2; support on 3 and 4.
  mark(coordinator_, career, 1);
  mark(coordinator_, career, 2);
  mark(coordinator_, support, 3);
  mark(coordinator_, support, 4);
  EXPECT_EQ(CodeAndField(
                [&] { service::AddSegment(*db_, evaluator_, doc.id, career.id, 5, 500, false); }),
            "invalid_argument/end");
  // Coding is independent: each sees only their own.
  EXPECT_EQ(service::GetDocument(*db_, coordinator_, doc.id).segments.size(), 4u);
  EXPECT_EQ(CodeAndField([&] { service::DeleteSegment(*db_, coordinator_, a1.id); }),
            "failed_precondition/");

  // Without coders named, the two with the most documents in common; here
  // A is named: the evaluator.
  const service::CoderAgreement chosen = service::GetCoderAgreement(*db_, evaluator_, program_);
  EXPECT_EQ(chosen.documents, 1);
  EXPECT_EQ(chosen.coders.size(), 2u) << "both coders, to choose from";
  const service::CoderAgreement r = service::GetCoderAgreement(
      *db_, coordinator_, program_, evaluator_.user_id, coordinator_.user_id);
  EXPECT_EQ(r.documents, 1);
  ASSERT_EQ(r.codes.size(), 3u);
  // Career: both on 2 lines, A alone on 1, neither on 3: po = 5/6, pe = 1/2,
  // kappa = 2/3; SE = sqrt(po (1 - po) / (n (1 - pe)^2)) = 0.30429.
  EXPECT_EQ(r.codes[0].code, "Career guidance");
  EXPECT_EQ(r.codes[0].units, 6);
  EXPECT_EQ(r.codes[0].both, 2);
  EXPECT_EQ(r.codes[0].only_a + r.codes[0].only_b, 1);
  EXPECT_NEAR(r.codes[0].kappa, 2.0 / 3, 1e-12);
  EXPECT_NEAR(r.codes[0].standard_error, 0.304290, 1e-6);
  // Job search: nobody used it.
  EXPECT_TRUE(std::isnan(r.codes[1].kappa));
  // Support: both on 1, one coder alone on 1: po = 5/6, pe = 22/36, kappa = 4/7.
  EXPECT_NEAR(r.codes[2].kappa, 4.0 / 7, 1e-12);
  // Pooled over 18 (line, code) decisions: both 3, split 2, neither 13.
  EXPECT_EQ(r.overall.units, 18);
  EXPECT_EQ(r.overall.both, 3);
  ASSERT_EQ(r.disagreements.size(), 2u);
  EXPECT_EQ(r.disagreements[0].excerpt, "A: Someone who listened after a hard week.");
  EXPECT_EQ(r.disagreements[0].code, "Career guidance");
  EXPECT_EQ(r.disagreements[0].coded_by, "A");
  EXPECT_EQ(r.disagreements[1].excerpt, "A: Feeling less alone.");
  EXPECT_EQ(r.disagreements[1].coded_by, "B");

  // The consensus pass keeps the agreed coding; a theme quotes it.
  const QualSegment agreed = service::AddSegment(*db_, coordinator_, doc.id, support.id,
                                                 units[4].first + 3, units[4].second, true);
  EXPECT_FALSE(agreed.coder_id.has_value());
  EXPECT_EQ(service::GetDocument(*db_, evaluator_, doc.id).segments.size(), 5u)
      << "their own four and the agreed one";
  QualTheme theme;
  theme.name = "Someone outside who listens";
  theme.code_ids = {support.id};
  theme.quote_ids = {agreed.id};
  const service::ThemeView t = service::CreateTheme(*db_, evaluator_, program_, theme);
  EXPECT_EQ(t.quotes, std::vector<std::string>{"Feeling less alone."});
  EXPECT_EQ(service::ListThemes(*db_, coordinator_, program_).at(0).codes,
            std::vector<std::string>{"Emotional support"});
  std::ostringstream csv;
  EXPECT_EQ(service::ExportSegments(*db_, evaluator_, program_, csv), 9);
  EXPECT_NE(csv.str().find("agreed,Emotional support,,"), std::string::npos);

  // Nobody outside the program's staff reads or codes any of it.
  EXPECT_EQ(CodeAndField([&] { service::GetDocument(*db_, As("E1"), doc.id); }),
            "permission_denied/");
  EXPECT_EQ(CodeAndField([&] { service::ListCodes(*db_, As("M1"), program_); }),
            "permission_denied/");
  EXPECT_EQ(CodeAndField([&] { service::GetCoderAgreement(*db_, outsider_, program_); }),
            "permission_denied/");
}

TEST_F(EvaluationTest, AWordTranscriptIsReadAsTextWithItsIdentifiersShown) {
  // tests/data/interview.docx: a heading, runs split across formatting, a
  // tab, a line break, entities (&amp;, &#x2603;), a name and an e-mail.
  std::ifstream in("tests/data/interview.docx", std::ios::binary);
  ASSERT_TRUE(in) << "run from the project root";
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string base64;
  {
    static const char* const kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
      const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                         static_cast<unsigned char>(bytes[i + 1]) << 8 |
                         static_cast<unsigned char>(bytes[i + 2]);
      for (int s = 18; s >= 0; s -= 6) base64 += kAlphabet[(v >> s) & 63];
    }
    if (i < bytes.size()) {
      unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
      if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
      base64 += kAlphabet[(v >> 18) & 63];
      base64 += kAlphabet[(v >> 12) & 63];
      base64 += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
      base64 += '=';
    }
  }
  const service::TranscriptText t =
      service::ReadTranscript(*db_, evaluator_, program_, "Interview.DOCX", base64);
  EXPECT_EQ(t.text,
            "End-of-year interview\n"
            "Interviewer: What helped most?\n"
            "Fellow: Talking with M1 Person about the job market & my CV\t(très utile)\n"
            "Reach me at fellow@example.org\nor \u2603");
  ASSERT_EQ(t.identifiers.size(), 2u);
  EXPECT_EQ(t.identifiers[0].kind, "name");
  EXPECT_EQ(t.identifiers[1].kind, "email");
  // Plain text as it is; other formats and broken files are refused.
  EXPECT_EQ(service::ReadTranscript(*db_, evaluator_, program_, "notes.txt", "QTogZmluZQ==").text,
            "A: fine");
  EXPECT_EQ(CodeAndField([&] {
              service::ReadTranscript(*db_, evaluator_, program_, "notes.pdf", "QTogZmluZQ==");
            }),
            "invalid_argument/file");
  EXPECT_EQ(CodeAndField([&] {
              service::ReadTranscript(*db_, evaluator_, program_, "fake.docx", "QTogZmluZQ==");
            }),
            "invalid_argument/file");
  EXPECT_EQ(CodeAndField([&] {
              service::ReadTranscript(*db_, evaluator_, program_, "notes.txt", "not base64!");
            }),
            "invalid_argument/content_base64");
  EXPECT_EQ(CodeAndField([&] {
              service::ReadTranscript(*db_, As("E1"), program_, "notes.txt", "QTogZmluZQ==");
            }),
            "permission_denied/");
}

TEST_F(EvaluationTest, SurveyAnswersBecomeADocumentDeidentified) {
  LiveHalfAYear();
  const Survey s = ImportEndOfProgram();
  const QualDocument d = service::DocumentFromSurvey(*db_, evaluator_, s.id, "improve");
  EXPECT_EQ(d.source, "survey");
  EXPECT_EQ(d.text, "More time with [name]\nNothing\nNothing\nNothing\nNothing\n");
  EXPECT_EQ(
      CodeAndField([&] { service::DocumentFromSurvey(*db_, evaluator_, s.id, "good_match"); }),
      "invalid_argument/item");
}

}  // namespace
}  // namespace tandem
