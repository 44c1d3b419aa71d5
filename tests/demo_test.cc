// The demo through the service layer on a real database (SQLite, and
// PostgreSQL from TANDEM_TEST_POSTGRES): last year's fellows' cohort
// (service/demo_year.h) is completed and its evaluation shows the reference
// program's figures — 33 of 35 pairs completed, 22 mentees with a scholarly
// project, 23 retained in classical hematology, 33 mentee survey responses,
// and Fisher's P = .0423, .0423, .0302 for good_match against confidence,
// career development and professional identity — and loading it again
// changes nothing. Its qualitative part: two transcripts coded by the demo
// evaluator and the demo coordinator, whose pooled kappa is between 0.5 and
// 0.9, an agreed coding and a theme with two quotes.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/pair.h"
#include "request_spread.h"
#include "service/actor.h"
#include "service/demo.h"
#include "service/evaluation.h"
#include "service/journey.h"
#include "service/meetings.h"
#include "service/mentor_choice.h"
#include "service/pairs.h"
#include "service/participants.h"
#include "service/peer_support.h"
#include "service/programs.h"
#include "service/qualitative.h"
#include "service/surveys.h"
#include "service/vocabulary.h"
#include "store/database.h"
#include "store/testing.h"
#include "store/user_repository.h"

namespace tandem {
namespace {

using service::Actor;

constexpr const char* kLastYear = "Hematology Fellows Mentoring 2025-26";

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<store::TestDatabaseUrl>(
        "demo-test-" +
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    db_ = store::Database::Open(test_db_->url(), 4, clock_);
    db_->Migrate();
    out_ =
        std::filesystem::temp_directory_path() / ("tandem-demo-test-" + std::to_string(::getpid()));
  }
  void TearDown() override {
    db_.reset();
    test_db_.reset();
    std::filesystem::remove_all(out_);
  }

  // The demo user with `email`, signed in.
  Actor As(const std::string& email) {
    store::Transaction tx = db_->Begin(false);
    const auto found = store::UserRepository(tx).FindByEmail(email);
    tx.Commit();
    EXPECT_TRUE(found) << email;
    return Actor::User(found ? found->user.id : 0, false);
  }

  std::shared_ptr<MovableClock> clock_ = service::NewDemoClock();
  std::unique_ptr<store::TestDatabaseUrl> test_db_;
  std::unique_ptr<store::Database> db_;
  std::filesystem::path out_;
};

TEST_F(DemoTest, LastYearsCohortHasTheReferenceProgramsFigures) {
  const Actor cli = Actor::CommandLine();
  const auto start = std::chrono::steady_clock::now();
  const auto loaded = service::LoadDemo(*db_, *clock_, cli, 2026, out_.string());
  std::cout << "LoadDemo: "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s\n";
  ASSERT_EQ(loaded.size(), 5u);
  const Program& program = loaded[2].program;
  EXPECT_EQ(program.name, kLastYear);
  EXPECT_EQ(program.starts_on, "2025-07-01");
  EXPECT_EQ(program.ends_on, "2026-06-30");
  EXPECT_EQ(program.status, ProgramStatus::kClosed);
  EXPECT_EQ(program.kind, loaded[0].program.kind);
  EXPECT_EQ(program.cadence_days, loaded[0].program.cadence_days);
  EXPECT_EQ(program.meeting_mode, loaded[0].program.meeting_mode);
  EXPECT_TRUE(program.cross_institution);
  EXPECT_EQ(loaded[2].mentors, 34);
  EXPECT_EQ(loaded[2].mentees, 35);
  EXPECT_TRUE(loaded[2].created);
  // This year's programs are as they were: running, and waiting to be matched.
  EXPECT_EQ(loaded[0].program.status, ProgramStatus::kActive);
  EXPECT_EQ(loaded[1].program.kind, ProgramKind::kPeerSupport);

  // 33 of 35 pairs completed; 2 dissolved, each with its reason.
  const auto pairs = service::ListPairs(*db_, cli, program.id);
  ASSERT_EQ(pairs.size(), 35u);
  std::map<PairStatus, int> by_status;
  for (const Pair& p : pairs) {
    ++by_status[p.status];
    // The year was replayed in its own time: the pairs began on its first day.
    EXPECT_EQ(p.started_on, "2025-07-01") << p.id;
    if (p.status == PairStatus::kDissolved) {
      EXPECT_FALSE(p.end_reason.empty()) << p.id;
      EXPECT_GT(p.ended_on, "2025-10-01") << p.id;
      EXPECT_LT(p.ended_on, "2026-03-01") << p.id;
    } else {
      EXPECT_EQ(p.ended_on, "2026-06-30") << p.id;
    }
  }
  EXPECT_EQ(by_status[PairStatus::kCompleted], 33);
  EXPECT_EQ(by_status[PairStatus::kDissolved], 2);

  // Meetings month by month: most completed pairs held 9 to 12 of the 12.
  int nine_or_more = 0, not_held = 0;
  for (const Pair& p : pairs) {
    int held = 0;
    for (const MeetingLog& log : service::ListMeetingLogs(*db_, cli, p.id)) {
      EXPECT_GE(log.met_at, "2025-07-01") << p.id;
      EXPECT_LE(log.met_at, "2026-07-01") << p.id;
      if (log.held) {
        ++held;
      } else {
        ++not_held;
      }
    }
    EXPECT_LE(held, 12) << p.id;
    EXPECT_GE(held, 3) << p.id;
    if (p.status == PairStatus::kCompleted && held >= 9) ++nine_or_more;
  }
  EXPECT_GE(nine_or_more, 26);
  EXPECT_GT(not_held, 0) << "some months are logged as not held, with a reason";

  // Agreements signed by 33 pairs; 2-3 goals a pair; projects of 22 mentees.
  int signed_pairs = 0, with_project = 0, goals = 0, achieved = 0;
  for (const service::PairJourney& j : service::ListPairJourneys(*db_, cli, program.id)) {
    if (j.agreement_signed) ++signed_pairs;
    if (j.projects > 0) ++with_project;
    EXPECT_GE(j.goals, 1);
    EXPECT_LE(j.goals, 3);
    goals += j.goals;
    achieved += j.goals_by_status.count("achieved") ? j.goals_by_status.at("achieved") : 0;
  }
  EXPECT_EQ(signed_pairs, 33);
  for (const Pair& p : pairs) {
    const service::AgreementView a = service::GetAgreement(*db_, cli, p.id);
    if (!a.agreement.Signed()) continue;
    EXPECT_EQ(a.agreement.mentor->signed_at.substr(0, 7), "2025-07") << "the first month";
    EXPECT_EQ(a.agreement.mentee->signed_at.substr(0, 7), "2025-07") << "the first month";
  }
  EXPECT_EQ(with_project, 22);
  EXPECT_GT(achieved * 2, goals) << "most goals achieved";

  // Outputs: publications with fake DOIs, ASH abstracts, 4 grants, 2 awards.
  std::map<std::string, int> outputs;
  for (const Output& o : service::ListOutputs(*db_, cli, program.id)) {
    ++outputs[o.kind];
    if (o.kind == "publication") {
      EXPECT_EQ(o.doi.rfind("10.5555/demo.", 0), 0u) << o.doi;
    }
    if (o.kind == "grant") {
      EXPECT_TRUE(o.amount.has_value()) << o.title;
    }
  }
  EXPECT_GT(outputs["publication"], 0);
  EXPECT_GT(outputs["presentation"], 0);
  EXPECT_EQ(outputs["grant"], 4);
  EXPECT_EQ(outputs["award"], 2);

  // 23 of 35 mentees in a faculty position in classical hematology.
  const service::Retention retention = service::GetRetention(*db_, cli, program.id);
  ASSERT_TRUE(retention.indicator);
  EXPECT_EQ(retention.mentees, 35);
  EXPECT_EQ(retention.retained, 23);
  EXPECT_EQ(retention.known, 33);

  // The surveys: 33 mentees, 28 mentors; the reference program's P values,
  // read by the demo evaluator.
  std::map<std::string, service::SurveySummary> surveys;
  for (const service::SurveySummary& s : service::ListSurveys(*db_, cli, program.id)) {
    surveys[s.survey.title] = s;
  }
  ASSERT_EQ(surveys.size(), 2u);
  EXPECT_EQ(surveys.at("End-of-program survey (mentees)").responses, 33);
  EXPECT_EQ(surveys.at("End-of-program survey (mentors)").responses, 28);
  const auto waves = service::ListWaves(*db_, cli, program.id);
  ASSERT_EQ(waves.size(), 2u);
  for (const service::WaveView& w : waves) {
    EXPECT_EQ(w.wave.opens_on, "2026-06-01");
    EXPECT_EQ(w.wave.length_days, 30);
    EXPECT_EQ(w.wave.status, "closed");
    // Everyone was asked; 33 of the 35 mentees and 28 of the 34 mentors answered.
    if (w.wave.audience == "mentees") {
      EXPECT_EQ(w.all.invited, 35);
      EXPECT_EQ(w.all.answered, 33);
    } else {
      EXPECT_EQ(w.all.invited, 34);
      EXPECT_EQ(w.all.answered, 28);
    }
  }
  const stats::AssociationReport report = service::AssociateSurveyItems(
      *db_, As("evaluator@tandem.example"), surveys.at("End-of-program survey (mentees)").survey.id,
      "good_match", {"confidence", "career_development", "professional_identity"}, {});
  EXPECT_EQ(report.respondents, 33);
  ASSERT_EQ(report.results.size(), 3u);
  const double expected[] = {0.0423, 0.0423, 0.0302};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(std::round(report.results[i].p_value * 1e4) / 1e4, expected[i])
        << report.results[i].outcome;
  }

  // The evaluation reads the same year: pairs over their lives (12 meetings
  // expected), projects, retention and response rates.
  const service::Evaluation evaluation =
      service::GetEvaluation(*db_, As("evaluator@tandem.example"), program.id);
  EXPECT_EQ(evaluation.pairs.started, 35);
  ASSERT_TRUE(evaluation.pairs.completion);
  EXPECT_EQ(evaluation.pairs.completion->successes, 33);
  EXPECT_EQ(evaluation.meetings.median_expected, 12);
  ASSERT_TRUE(evaluation.mentees_with_project);
  EXPECT_EQ(evaluation.mentees_with_project->successes, 22);
  EXPECT_EQ(evaluation.mentees_with_project->n, 35);
  ASSERT_TRUE(evaluation.retention);
  EXPECT_EQ(evaluation.retention->successes, 23);
  EXPECT_EQ(evaluation.retention->n, 35);
  ASSERT_TRUE(evaluation.agreements_signed);
  EXPECT_EQ(evaluation.agreements_signed->successes, 33);
  for (const service::WaveFigures& w : evaluation.surveys) {
    ASSERT_TRUE(w.response) << w.wave_name;
    EXPECT_EQ(w.response->successes, w.survey_title == "End-of-program survey (mentees)" ? 33 : 28);
  }
  std::cout << "evaluation: meetings held " << evaluation.meetings.held << " of "
            << evaluation.meetings.expected << " expected, median adherence "
            << evaluation.meetings.median_adherence.value_or(-1) << "; goals achieved "
            << (evaluation.goals_achieved ? evaluation.goals_achieved->successes : -1) << " of "
            << evaluation.goals << "\n";

  // The qualitative part: the two transcripts, each coded by both coders,
  // who mostly agree; the agreed coding, and a theme quoting it.
  const Actor evaluator = As("evaluator@tandem.example");
  EXPECT_EQ(service::ListDocuments(*db_, evaluator, program.id).size(), 2u);
  const service::CoderAgreement agreement = service::GetCoderAgreement(*db_, evaluator, program.id);
  EXPECT_EQ(agreement.documents, 2);
  EXPECT_EQ((std::set<std::string>{agreement.coder_a_name, agreement.coder_b_name}),
            (std::set<std::string>{"Demo Coordinator", "Demo Evaluator"}));
  EXPECT_GT(agreement.overall.kappa, 0.5);
  EXPECT_LT(agreement.overall.kappa, 0.9);
  EXPECT_GT(agreement.overall.both, 10);
  EXPECT_FALSE(agreement.disagreements.empty());
  std::cout << "qualitative: pooled kappa " << agreement.overall.kappa << " (SE "
            << agreement.overall.standard_error << ") over " << agreement.overall.units
            << " line-code decisions, " << agreement.disagreements.size() << " disagreements\n";
  int agreed = 0;
  for (const QualDocument& d : service::ListDocuments(*db_, evaluator, program.id)) {
    for (const QualSegment& s : service::GetDocument(*db_, evaluator, d.id).segments) {
      agreed += s.coder_id ? 0 : 1;
    }
  }
  EXPECT_GE(agreed, 3);
  const auto themes = service::ListThemes(*db_, evaluator, program.id);
  ASSERT_EQ(themes.size(), 1u);
  EXPECT_EQ(themes[0].quotes.size(), 2u);

  // Loading again changes nothing; the clock reads the present again.
  EXPECT_EQ(clock_->offset().count(), 0);
  const auto again = service::LoadDemo(*db_, *clock_, cli, 2026, out_.string());
  ASSERT_EQ(again.size(), 5u);
  EXPECT_FALSE(again[2].created);
  EXPECT_FALSE(again[3].created);
  EXPECT_FALSE(again[4].created);
  EXPECT_EQ(service::ListPairs(*db_, cli, program.id).size(), 35u);
  EXPECT_EQ(service::ListSurveys(*db_, cli, program.id).size(), 2u);
  EXPECT_EQ(service::ListDocuments(*db_, evaluator, program.id).size(), 2u);
  EXPECT_EQ(service::ListPrograms(*db_, As("coordinator@tandem.example")).size(), 5u);

  // The peer-support program: 2,000 volunteers with peer profiles and a
  // queue of 40 requests in every state.
  const Program& peers = again[1].program;
  EXPECT_EQ(loaded[1].mentors, 2000);
  std::map<PeerRequestStatus, int> states;
  int overdue = 0;
  for (const service::QueueEntry& e : service::ListPeerQueue(*db_, cli, peers.id, {})) {
    ++states[e.request.status];
    overdue += e.overdue;
  }
  EXPECT_EQ(states, (std::map<PeerRequestStatus, int>{{PeerRequestStatus::kNew, 12},
                                                      {PeerRequestStatus::kWaitlisted, 4},
                                                      {PeerRequestStatus::kWithdrawn, 2},
                                                      {PeerRequestStatus::kSuggested, 6},
                                                      {PeerRequestStatus::kOffered, 6},
                                                      {PeerRequestStatus::kIntroduced, 10}}));
  EXPECT_GT(overdue, 0);

  // The investigators' program is mentee-led and waits for requests: no
  // pairs, its demo mentee sees a shortlist of ten.
  const Program& investigators = again[3].program;
  EXPECT_EQ(loaded[3].mentors, 40);
  EXPECT_EQ(loaded[3].mentees, 60);
  EXPECT_EQ(service::GetChoiceSettings(*db_, cli, investigators.id).mode, MatchingMode::kMenteeLed);
  EXPECT_TRUE(service::ListPairs(*db_, cli, investigators.id).empty());
  ASSERT_GE(loaded[3].sign_ins.size(), 5u);
  const service::DemoSignIn& demo_mentee = loaded[3].sign_ins.back();
  EXPECT_NE(demo_mentee.what.find("mentee"), std::string::npos) << demo_mentee.what;
  EXPECT_EQ(service::GetShortlist(*db_, As(demo_mentee.email), investigators.id, {}).mentors.size(),
            10u);
  // Load balancing on the demo: every mentee asks the top three of their
  // shortlist in turn (docs/matching.md quotes these numbers).
  const double before = testing::TopTenthShare(*db_, investigators.id, false);
  const double after = testing::TopTenthShare(*db_, investigators.id, true);
  std::printf("demo: requests to the top 10%% of mentors: %.1f%% without balancing, %.1f%% with\n",
              100 * before, 100 * after);
  EXPECT_LT(after, before);

  // The nurses' program speaks oncology nursing, asks its own questions, and
  // every published pair works the same shift (a must-match question).
  const Program& nurses = again[4].program;
  EXPECT_EQ(loaded[4].mentors, 15);
  EXPECT_EQ(loaded[4].mentees, 40);
  const service::Vocabulary vocabulary = service::GetVocabulary(*db_, cli, nurses.id);
  EXPECT_EQ(vocabulary.source, "template:oncology_nursing");
  ASSERT_EQ(vocabulary.questions.size(), 3u);
  std::map<std::string, std::string> shift;
  for (const Participant& p : service::LoadParticipants(*db_, nurses.id)) {
    shift[p.id] = p.answers.at("shift").at(0);
  }
  const auto nurse_pairs = service::ListPairs(*db_, cli, nurses.id);
  EXPECT_EQ(nurse_pairs.size(), 40u);
  for (const Pair& pair : nurse_pairs) {
    EXPECT_EQ(shift.at(pair.mentee), shift.at(pair.mentor)) << pair.mentee << "-" << pair.mentor;
    EXPECT_TRUE(pair.breakdown.count("question:help_wanted")) << pair.mentee;
  }
}

}  // namespace
}  // namespace tandem
