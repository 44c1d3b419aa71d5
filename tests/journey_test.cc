// The program journey through the service layer on a real database (SQLite,
// and PostgreSQL from TANDEM_TEST_POSTGRES): a pair's agreement from the
// template to both signatures and again after a change, goals with private
// ones the coordinator only counts, scholarly projects, outputs with DOI
// duplicates and who may record and read them, CSV import (all or nothing)
// and export, career positions and the retention indicator, and the nudge
// about an agreement still unsigned after 30 days.
#include <date/date.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "calendar/local_time.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/text.h"
#include "error_of.h"
#include "program_fixture.h"
#include "service/events.h"
#include "service/import_plan.h"
#include "service/journey.h"
#include "service/meetings.h"
#include "service/notifications.h"
#include "service/pairs.h"
#include "service/programs.h"
#include "service/resources.h"
#include "store/database.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/participant_repository.h"
#include "store/testing.h"

namespace tandem {
namespace {

using testing::CodeAndField;
using testing::ErrorOf;

using service::Actor;

using testing::TestPerson;

class JourneyTest : public testing::ProgramFixture {
 protected:
  void SetUp() override {
    // A fixed start, whatever today is: the digest test's next clock change
    // (March 2027) is then more than the 60 days that make a pair stalled.
    clock_ = std::make_shared<MovableClock>(*ParseUtc("2026-12-07T12:00:00Z"));
    Program p;
    p.name = "Fellows";
    p.field = "hematology";
    p.starts_on = "2025-07-01";
    p.ends_on = "2026-06-30";
    p.cadence_days = 30;
    p.status = ProgramStatus::kActive;
    // Two pairs (M1-E1, M2-E2) and a mentee without a mentor (E3).
    SetUpProgram("journey-test-", p,
                 {TestPerson(Role::kMentor, "M1"), TestPerson(Role::kMentee, "E1"),
                  TestPerson(Role::kMentor, "M2"), TestPerson(Role::kMentee, "E2"),
                  TestPerson(Role::kMentee, "E3")});
  }

  // The addresses of the outbox's messages of `kind`.
  std::multiset<std::string> Outbox(const std::string& kind) {
    std::multiset<std::string> out;
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == kind) out.insert(e.to_address);
    }
    tx.Commit();
    return out;
  }

  // The bodies of the outbox's messages of `kind` by address.
  std::map<std::string, std::string> Bodies(const std::string& kind) {
    std::map<std::string, std::string> out;
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == kind) out[e.to_address] = e.subject + "\n" + e.body;
    }
    tx.Commit();
    return out;
  }

  // The coordinator's journey row of `pair_id`.
  service::PairJourney JourneyOf(std::int64_t pair_id) {
    for (const service::PairJourney& j : service::ListPairJourneys(*db_, coordinator_, program_)) {
      if (j.pair_id == pair_id) return j;
    }
    ADD_FAILURE() << "pair " << pair_id << " is not listed";
    return {};
  }

  // Saves the pair's agreement and has both members sign it.
  void SignBoth(std::int64_t pair_id, const std::string& mentor, const std::string& mentee) {
    const int revision =
        service::SaveAgreement(*db_, As(mentee), pair_id, {.cadence = "monthly"},
                               service::GetAgreement(*db_, As(mentee), pair_id).agreement.revision)
            .agreement.revision;
    service::SignAgreement(*db_, As(mentor), pair_id, mentor + " Person", revision);
    service::SignAgreement(*db_, As(mentee), pair_id, mentee + " Person", revision);
  }
};

Output Publication(std::int64_t enrollment_id, const std::string& title, const std::string& doi) {
  Output o;
  o.enrollment_id = enrollment_id;
  o.kind = "publication";
  o.title = title;
  o.year = 2026;
  o.journal = "Blood";
  o.doi = doi;
  return o;
}

// --- agreements ---

// A new pair sees the default template; a save is revision 1; a stale save
// conflicts; both sign (names typed loosely) and both are told; a later
// change needs both signatures again.
TEST_F(JourneyTest, AgreementIsSavedSignedAndSignedAgainAfterAChange) {
  const service::AgreementView fresh = service::GetAgreement(*db_, As("M1"), pair1_);
  EXPECT_EQ(fresh.agreement.revision, 0);
  EXPECT_EQ(fresh.agreement.pair_id, pair1_);
  EXPECT_FALSE(fresh.agreement.Signed());
  EXPECT_EQ(fresh.template_text, DefaultAgreementTemplate());
  EXPECT_EQ(fresh.template_version, 1);
  EXPECT_EQ(fresh.mentor_name, "M1 Person");
  EXPECT_EQ(fresh.mentee_name, "E1 Person");
  // Nothing to sign before the first save.
  EXPECT_EQ(ErrorOf([&] { service::SignAgreement(*db_, As("E1"), pair1_, "E1 Person", 0); }).code(),
            ErrorCode::kFailedPrecondition);

  const AgreementSpecifics specifics{.cadence = "monthly, first Tuesday",
                                     .mode = "video; in person at ASH",
                                     .contact = "e-mail",
                                     .first_goals = "a first-author abstract",
                                     .other = ""};
  const service::AgreementView saved = service::SaveAgreement(*db_, As("M1"), pair1_, specifics, 0);
  EXPECT_EQ(saved.agreement.revision, 1);
  EXPECT_EQ(saved.agreement.specifics.cadence, "monthly, first Tuesday");
  EXPECT_EQ(saved.agreement.specifics.first_goals, "a first-author abstract");
  EXPECT_EQ(saved.agreement.template_version, 1);
  // The mentee edited revision 0 meanwhile: a conflict naming the revision.
  EXPECT_EQ(CodeAndField(
                [&] { service::SaveAgreement(*db_, As("E1"), pair1_, {.cadence = "weekly"}, 0); }),
            "conflict/revision");
  EXPECT_EQ(
      CodeAndField([&] { service::SaveAgreement(*db_, As("E1"), pair1_, {.cadence = "  "}, 1); }),
      "invalid_argument/cadence");
  EXPECT_EQ(service::GetAgreement(*db_, As("E1"), pair1_).agreement.specifics.mode,
            "video; in person at ASH");

  // Signing: the name the program knows, case and spaces aside.
  EXPECT_EQ(CodeAndField([&] { service::SignAgreement(*db_, As("E1"), pair1_, "M1 Person", 1); }),
            "invalid_argument/name");
  EXPECT_EQ(CodeAndField([&] { service::SignAgreement(*db_, As("E1"), pair1_, "E1", 1); }),
            "invalid_argument/name");
  EXPECT_EQ(CodeAndField([&] { service::SignAgreement(*db_, As("E1"), pair1_, " ", 1); }),
            "invalid_argument/name");
  const service::AgreementView half =
      service::SignAgreement(*db_, As("E1"), pair1_, "  e1   PERSON ", 1);
  ASSERT_TRUE(half.agreement.mentee.has_value());
  EXPECT_EQ(half.agreement.mentee->revision, 1);
  EXPECT_FALSE(half.agreement.mentor.has_value());
  EXPECT_FALSE(half.agreement.Signed());
  EXPECT_TRUE(Outbox("agreement_signed").empty());
  EXPECT_EQ(CodeAndField([&] { service::SignAgreement(*db_, As("M1"), pair1_, "M1 Person", 0); }),
            "conflict/revision");
  const service::AgreementView both =
      service::SignAgreement(*db_, As("M1"), pair1_, "m1 person", 1);
  EXPECT_TRUE(both.agreement.Signed());
  EXPECT_TRUE(service::GetAgreement(*db_, coordinator_, pair1_).agreement.Signed());
  EXPECT_EQ(Outbox("agreement_signed"),
            (std::multiset<std::string>{"e1@example.org", "m1@example.org"}));
  const std::string to_mentee = Bodies("agreement_signed")["e1@example.org"];
  EXPECT_NE(to_mentee.find("You and M1 Person signed your mentoring agreement"), std::string::npos)
      << to_mentee;
  EXPECT_NE(to_mentee.find("/pairs/" + std::to_string(pair1_)), std::string::npos) << to_mentee;
  {
    const service::PairJourney j = JourneyOf(pair1_);
    EXPECT_TRUE(j.agreement_signed);
    EXPECT_EQ(j.agreement_revision, 1);
    EXPECT_TRUE(j.mentor_signed);
    EXPECT_TRUE(j.mentee_signed);
    EXPECT_FALSE(JourneyOf(pair2_).agreement_signed);
  }

  // A change after signing: revision 2, and the signatures must be given again.
  const service::AgreementView changed = service::SaveAgreement(
      *db_, As("E1"), pair1_, {.cadence = "every two weeks", .mode = "video"}, 1);
  EXPECT_EQ(changed.agreement.revision, 2);
  EXPECT_FALSE(changed.agreement.Signed());
  ASSERT_TRUE(changed.agreement.mentor.has_value());
  EXPECT_EQ(changed.agreement.mentor->revision, 1);  // kept, for the older revision
  {
    const service::PairJourney j = JourneyOf(pair1_);
    EXPECT_FALSE(j.agreement_signed);
    EXPECT_EQ(j.agreement_revision, 2);
    EXPECT_FALSE(j.mentor_signed);
    EXPECT_FALSE(j.mentee_signed);
  }
  service::SignAgreement(*db_, As("M1"), pair1_, "M1 Person", 2);
  EXPECT_TRUE(service::SignAgreement(*db_, As("E1"), pair1_, "E1 Person", 2).agreement.Signed());
  EXPECT_EQ(Outbox("agreement_signed").size(), 4u);

  // Who may: the coordinator reads but does not write or sign; nobody else reads.
  EXPECT_EQ(service::GetAgreement(*db_, coordinator_, pair1_).agreement.revision, 2);
  EXPECT_EQ(ErrorOf([&] {
              service::SaveAgreement(*db_, coordinator_, pair1_, {.cadence = "weekly"}, 2);
            }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(
      ErrorOf([&] { service::SignAgreement(*db_, coordinator_, pair1_, "Co Ord", 2); }).code(),
      ErrorCode::kPermissionDenied);
  for (const Actor& reader : {outsider_, evaluator_, As("E2"), As("M2")}) {
    EXPECT_EQ(ErrorOf([&] { service::GetAgreement(*db_, reader, pair1_); }).code(),
              ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(ErrorOf([&] { service::GetAgreement(*db_, As("E1"), pair1_ + pair2_ + 100); }).code(),
            ErrorCode::kNotFound);
}

// The coordinator's own template raises its version, which a save records;
// an empty one restores the default.
TEST_F(JourneyTest, ChangingTheTemplateRaisesItsVersion) {
  const service::JourneySettingsView defaults =
      service::GetJourneySettings(*db_, As("E1"), program_);
  EXPECT_TRUE(defaults.default_template);
  EXPECT_EQ(defaults.settings.agreement_version, 1);
  EXPECT_EQ(defaults.settings.agreement_template, DefaultAgreementTemplate());
  EXPECT_EQ(
      defaults.settings.career_fields,
      (std::vector<std::string>{"classical hematology", "malignant hematology/oncology", "other"}));
  EXPECT_FALSE(defaults.settings.retention.has_value());

  service::JourneySettingsChange change;
  change.agreement_template = "# Our agreement\n\nWe meet monthly.\n";
  const service::JourneySettingsView own =
      service::UpdateJourneySettings(*db_, coordinator_, program_, change);
  EXPECT_FALSE(own.default_template);
  EXPECT_EQ(own.settings.agreement_version, 2);
  EXPECT_EQ(own.settings.agreement_template, "# Our agreement\n\nWe meet monthly.\n");
  const service::AgreementView view = service::GetAgreement(*db_, As("M1"), pair1_);
  EXPECT_EQ(view.template_version, 2);
  EXPECT_EQ(view.template_text, "# Our agreement\n\nWe meet monthly.\n");
  EXPECT_EQ(service::SaveAgreement(*db_, As("M1"), pair1_, {.cadence = "monthly"}, 0)
                .agreement.template_version,
            2);
  // The same text again changes nothing.
  EXPECT_EQ(service::UpdateJourneySettings(*db_, coordinator_, program_, change)
                .settings.agreement_version,
            2);

  change.agreement_template = "";
  const service::JourneySettingsView restored =
      service::UpdateJourneySettings(*db_, coordinator_, program_, change);
  EXPECT_TRUE(restored.default_template);
  EXPECT_EQ(restored.settings.agreement_version, 3);
  EXPECT_EQ(restored.settings.agreement_template, DefaultAgreementTemplate());
  EXPECT_TRUE(service::GetJourneySettings(*db_, As("M2"), program_).default_template);
  EXPECT_EQ(service::GetAgreement(*db_, As("E1"), pair1_).template_text,
            DefaultAgreementTemplate());
  // The pair agreed to version 2 and keeps it until they save again.
  EXPECT_EQ(service::GetAgreement(*db_, As("E1"), pair1_).agreement.template_version, 2);

  EXPECT_EQ(
      ErrorOf([&] { service::UpdateJourneySettings(*db_, As("M1"), program_, change); }).code(),
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::GetJourneySettings(*db_, outsider_, program_); }).code(),
            ErrorCode::kPermissionDenied);
  change.agreement_template = std::string(20001, 'x');
  EXPECT_EQ(
      CodeAndField([&] { service::UpdateJourneySettings(*db_, coordinator_, program_, change); }),
      "invalid_argument/agreement_template");
}

// --- goals and projects ---

TEST_F(JourneyTest, GoalsWithMilestonesNotesAndPrivateOnes) {
  service::GoalInput in;
  in.title = "Submit an abstract to ASH";
  in.category = "research";
  in.success = "An accepted abstract";
  in.target_on = "2026-08-01";
  in.milestones = std::vector<Milestone>{{"Draft", "2026-06-01", false}, {"Submit", "", false}};
  const Goal goal = service::CreateGoal(*db_, As("E1"), pair1_, in);
  EXPECT_GT(goal.id, 0);
  EXPECT_EQ(goal.pair_id, pair1_);
  EXPECT_EQ(goal.program_id, program_);
  EXPECT_EQ(goal.status, "not_started");
  EXPECT_FALSE(goal.is_private);
  EXPECT_EQ(goal.target_on, "2026-08-01");
  ASSERT_EQ(goal.milestones.size(), 2u);
  EXPECT_EQ(goal.milestones[0].title, "Draft");
  EXPECT_EQ(goal.milestones[0].due_on, "2026-06-01");
  EXPECT_EQ(goal.milestones[1].due_on, "");
  EXPECT_EQ(goal.created_by, users_["E1"]);

  // The partner moves it on; fields not given stay.
  service::GoalInput progress;
  progress.status = "in_progress";
  const Goal moved = service::UpdateGoal(*db_, As("M1"), goal.id, progress);
  EXPECT_EQ(moved.status, "in_progress");
  EXPECT_EQ(moved.title, "Submit an abstract to ASH");
  EXPECT_EQ(moved.milestones.size(), 2u);
  const Goal noted = service::AddGoalNote(*db_, As("E1"), goal.id, "  Drafted the methods.  ");
  ASSERT_EQ(noted.notes.size(), 1u);
  EXPECT_EQ(noted.notes[0].text, "Drafted the methods.");
  EXPECT_EQ(noted.notes[0].on, FormatUtcDate(clock_->Now()));
  EXPECT_EQ(noted.notes[0].author_user_id, users_["E1"]);
  EXPECT_EQ(noted.status, "in_progress");
  EXPECT_EQ(CodeAndField([&] { service::AddGoalNote(*db_, As("E1"), goal.id, " "); }),
            "invalid_argument/text");

  // A private goal: the pair reads it, the coordinator only counts it.
  service::GoalInput own;
  own.title = "Protect Friday afternoons";
  own.category = "well_being";
  own.is_private = true;
  const Goal hidden = service::CreateGoal(*db_, As("M1"), pair1_, own);
  EXPECT_TRUE(hidden.is_private);
  const service::GoalList for_pair = service::ListGoals(*db_, As("E1"), pair1_);
  EXPECT_EQ(for_pair.goals.size(), 2u);
  EXPECT_EQ(for_pair.private_goals, 0);
  const service::GoalList for_coordinator = service::ListGoals(*db_, coordinator_, pair1_);
  ASSERT_EQ(for_coordinator.goals.size(), 1u);
  EXPECT_EQ(for_coordinator.goals[0].id, goal.id);
  EXPECT_EQ(for_coordinator.private_goals, 1);
  EXPECT_EQ(ErrorOf([&] { service::UpdateGoal(*db_, coordinator_, hidden.id, progress); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf([&] { service::AddGoalNote(*db_, coordinator_, hidden.id, "hi"); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf([&] { service::DeleteGoal(*db_, coordinator_, hidden.id); }).code(),
            ErrorCode::kNotFound);
  // The coordinator reads shared goals but does not change them.
  EXPECT_EQ(ErrorOf([&] { service::UpdateGoal(*db_, coordinator_, goal.id, progress); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::CreateGoal(*db_, coordinator_, pair1_, in); }).code(),
            ErrorCode::kPermissionDenied);
  for (const Actor& other : {outsider_, evaluator_, As("E2")}) {
    EXPECT_EQ(ErrorOf([&] { service::ListGoals(*db_, other, pair1_); }).code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(ErrorOf([&] { service::CreateGoal(*db_, other, pair1_, in); }).code(),
              ErrorCode::kPermissionDenied);
  }

  // Bad input names its field.
  const auto bad = [&](void (*edit)(service::GoalInput&)) {
    service::GoalInput g = in;
    edit(g);
    return CodeAndField([&] { service::CreateGoal(*db_, As("E1"), pair1_, g); });
  };
  EXPECT_EQ(bad([](service::GoalInput& g) { g.category = "fitness"; }),
            "invalid_argument/category");
  EXPECT_EQ(bad([](service::GoalInput& g) { g.target_on = "2026-13-01"; }),
            "invalid_argument/target_on");
  EXPECT_EQ(bad([](service::GoalInput& g) { g.target_on = "next spring"; }),
            "invalid_argument/target_on");
  EXPECT_EQ(bad([](service::GoalInput& g) { g.status = "done"; }), "invalid_argument/status");
  EXPECT_EQ(bad([](service::GoalInput& g) { g.title.reset(); }), "invalid_argument/title");
  EXPECT_EQ(bad([](service::GoalInput& g) { g.title = "  "; }), "invalid_argument/title");
  EXPECT_EQ(bad([](service::GoalInput& g) {
              g.milestones = std::vector<Milestone>{{"", "", false}};
            }),
            "invalid_argument/milestones");
  service::GoalInput bad_update;
  bad_update.category = "fitness";
  EXPECT_EQ(CodeAndField([&] { service::UpdateGoal(*db_, As("E1"), goal.id, bad_update); }),
            "invalid_argument/category");

  // The coordinator's overview counts every goal by status, private ones too.
  service::GoalInput achieved;
  achieved.status = "achieved";
  service::UpdateGoal(*db_, As("E1"), hidden.id, achieved);
  const service::PairJourney j = JourneyOf(pair1_);
  EXPECT_EQ(j.goals, 2);
  EXPECT_EQ(j.private_goals, 1);
  EXPECT_EQ(j.goals_by_status, (std::map<std::string, int>{{"achieved", 1}, {"in_progress", 1}}));
  EXPECT_EQ(JourneyOf(pair2_).goals, 0);

  // A member deletes; the goal is gone for everyone.
  service::DeleteGoal(*db_, As("M1"), hidden.id);
  EXPECT_EQ(service::ListGoals(*db_, coordinator_, pair1_).private_goals, 0);
  EXPECT_EQ(ErrorOf([&] { service::UpdateGoal(*db_, As("E1"), hidden.id, progress); }).code(),
            ErrorCode::kNotFound);
  // The coordinator may take down a shared goal; others may not.
  EXPECT_EQ(ErrorOf([&] { service::DeleteGoal(*db_, outsider_, goal.id); }).code(),
            ErrorCode::kPermissionDenied);
  service::DeleteGoal(*db_, coordinator_, goal.id);
  EXPECT_TRUE(service::ListGoals(*db_, As("E1"), pair1_).goals.empty());
}

TEST_F(JourneyTest, ProjectsAreCreatedAndUpdated) {
  service::ProjectInput in;
  in.title = "Bleeding on apixaban in myeloma";
  in.type = "research";
  in.starts_on = "2026-01-01";
  in.ends_on = "2026-12-31";
  in.lead = "mentee";
  in.description = "A retrospective chart review.";
  const Project project = service::CreateProject(*db_, As("E1"), pair1_, in);
  EXPECT_GT(project.id, 0);
  EXPECT_EQ(project.status, "planned");
  EXPECT_EQ(project.lead, "mentee");
  EXPECT_EQ(project.starts_on, "2026-01-01");

  service::ProjectInput update;
  update.status = "active";
  update.ends_on = "";
  const Project active = service::UpdateProject(*db_, As("M1"), project.id, update);
  EXPECT_EQ(active.status, "active");
  EXPECT_EQ(active.ends_on, "");
  EXPECT_EQ(active.title, "Bleeding on apixaban in myeloma");
  EXPECT_EQ(active.description, "A retrospective chart review.");

  service::ProjectInput backwards;
  backwards.ends_on = "2025-12-31";
  EXPECT_EQ(CodeAndField([&] { service::UpdateProject(*db_, As("E1"), project.id, backwards); }),
            "invalid_argument/ends_on");
  EXPECT_EQ(service::ListProjects(*db_, As("E1"), pair1_)[0].ends_on, "");  // unchanged
  const auto bad = [&](void (*edit)(service::ProjectInput&)) {
    service::ProjectInput p = in;
    edit(p);
    return CodeAndField([&] { service::CreateProject(*db_, As("M1"), pair1_, p); });
  };
  EXPECT_EQ(bad([](service::ProjectInput& p) { p.ends_on = "2025-06-30"; }),
            "invalid_argument/ends_on");
  EXPECT_EQ(bad([](service::ProjectInput& p) { p.starts_on = "2026-02-30"; }),
            "invalid_argument/starts_on");
  EXPECT_EQ(bad([](service::ProjectInput& p) { p.type = "trial"; }), "invalid_argument/type");
  EXPECT_EQ(bad([](service::ProjectInput& p) { p.status = "paused"; }), "invalid_argument/status");
  EXPECT_EQ(bad([](service::ProjectInput& p) { p.lead = "both"; }), "invalid_argument/lead");
  EXPECT_EQ(bad([](service::ProjectInput& p) { p.title.reset(); }), "invalid_argument/title");

  // The coordinator may record a project too; others may not see them.
  service::ProjectInput qi;
  qi.title = "Transfusion thresholds audit";
  qi.type = "quality_improvement";
  service::CreateProject(*db_, coordinator_, pair1_, qi);
  EXPECT_EQ(service::ListProjects(*db_, As("M1"), pair1_).size(), 2u);
  EXPECT_EQ(service::ListProjects(*db_, coordinator_, pair1_).size(), 2u);
  EXPECT_TRUE(service::ListProjects(*db_, As("E2"), pair2_).empty());
  for (const Actor& other : {outsider_, evaluator_, As("E2")}) {
    EXPECT_EQ(ErrorOf([&] { service::ListProjects(*db_, other, pair1_); }).code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(ErrorOf([&] { service::CreateProject(*db_, other, pair1_, qi); }).code(),
              ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(JourneyOf(pair1_).projects, 2);
  EXPECT_EQ(JourneyOf(pair2_).projects, 0);

  // Deleting a project keeps its outputs, without the link.
  Output paper;
  paper.enrollment_id = Enrolment("E1");
  paper.kind = "publication";
  paper.title = "Bleeding on apixaban in myeloma: a chart review";
  paper.project_id = project.id;
  const Output linked = service::CreateOutput(*db_, As("E1"), program_, paper);
  EXPECT_EQ(linked.project_id, std::optional<std::int64_t>(project.id));
  EXPECT_EQ(ErrorOf([&] { service::DeleteProject(*db_, As("E2"), project.id); }).code(),
            ErrorCode::kPermissionDenied);
  service::DeleteProject(*db_, As("M1"), project.id);
  EXPECT_EQ(ErrorOf([&] { service::UpdateProject(*db_, As("E1"), project.id, update); }).code(),
            ErrorCode::kNotFound);
  const std::vector<Output> outputs = service::ListOutputs(*db_, As("E1"), program_);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].project_id, std::nullopt);
  EXPECT_EQ(outputs[0].pair_id, std::optional<std::int64_t>(pair1_));
  EXPECT_EQ(JourneyOf(pair1_).projects, 1);

  // Once the pair has ended, its projects and goals stay as they were; only a
  // coordinator may still take a goal down.
  const Project kept = service::ListProjects(*db_, As("E1"), pair1_)[0];
  service::GoalInput goal;
  goal.title = "Present at ASH";
  const Goal g = service::CreateGoal(*db_, As("E1"), pair1_, goal);
  service::CompletePair(*db_, coordinator_, pair1_);
  EXPECT_EQ(CodeAndField([&] { service::UpdateProject(*db_, As("M1"), kept.id, update); }),
            "failed_precondition/");
  EXPECT_EQ(CodeAndField([&] { service::DeleteProject(*db_, As("E1"), kept.id); }),
            "failed_precondition/");
  EXPECT_EQ(CodeAndField([&] { service::DeleteGoal(*db_, As("E1"), g.id); }),
            "failed_precondition/");
  service::DeleteGoal(*db_, coordinator_, g.id);
  EXPECT_TRUE(service::ListGoals(*db_, As("E1"), pair1_).goals.empty());
}

// --- outputs ---

TEST_F(JourneyTest, OutputsAreRecordedByThePersonTheirPartnerOrTheCoordinator) {
  const Output paper =
      service::CreateOutput(*db_, As("E1"), program_,
                            Publication(Enrolment("E1"), "Apixaban in myeloma",
                                        "https://doi.org/10.1182/Blood.2023021234"));
  EXPECT_GT(paper.id, 0);
  EXPECT_EQ(paper.doi, "10.1182/blood.2023021234");
  EXPECT_EQ(paper.enrollment_id, Enrolment("E1"));
  EXPECT_EQ(paper.pair_id, std::optional<std::int64_t>(pair1_));  // found from the person
  EXPECT_EQ(paper.journal, "Blood");
  EXPECT_EQ(paper.year, std::optional<int>(2026));
  EXPECT_EQ(paper.created_by, users_["E1"]);

  // The same DOI again for the same person, however spelled: a conflict.
  const Error dup = ErrorOf([&] {
    service::CreateOutput(*db_, As("E1"), program_,
                          Publication(Enrolment("E1"), "Again", "doi:10.1182/BLOOD.2023021234"));
  });
  EXPECT_EQ(dup.code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.field(), "doi");
  EXPECT_NE(dup.message().find("Apixaban in myeloma"), std::string::npos) << dup.message();
  // A co-author records the same paper as their own output.
  const Output mentor_copy = service::CreateOutput(
      *db_, As("M1"), program_,
      Publication(Enrolment("M1"), "Apixaban in myeloma", "10.1182/blood.2023021234"));
  EXPECT_EQ(mentor_copy.doi, "10.1182/blood.2023021234");

  // The partner records the mentee's talk; a PMID duplicate names the pmid.
  Output talk;
  talk.enrollment_id = Enrolment("E1");
  talk.kind = "presentation";
  talk.title = "Bleeding on apixaban";
  talk.meeting = "ASH 2026";
  talk.format = "poster";
  talk.pmid = "PMID: 38012345";
  const Output recorded = service::CreateOutput(*db_, As("M1"), program_, talk);
  EXPECT_EQ(recorded.enrollment_id, Enrolment("E1"));
  EXPECT_EQ(recorded.created_by, users_["M1"]);
  EXPECT_EQ(recorded.pmid, "38012345");
  EXPECT_EQ(recorded.format, "poster");
  talk.pmid = "38012345";
  EXPECT_EQ(CodeAndField([&] { service::CreateOutput(*db_, As("E1"), program_, talk); }),
            "conflict/pmid");

  // Nobody else records for E1.
  for (const Actor& other : {outsider_, evaluator_, As("E2"), As("M2")}) {
    EXPECT_EQ(ErrorOf([&] {
                service::CreateOutput(*db_, other, program_,
                                      Publication(Enrolment("E1"), "Other", "10.1000/other"));
              }).code(),
              ErrorCode::kPermissionDenied);
  }

  // Grants: the amount is a sum in a known currency.
  Output grant;
  grant.enrollment_id = Enrolment("E1");
  grant.kind = "grant";
  grant.title = "Young investigator award";
  grant.funder = "ASH";
  grant.amount = -5;
  grant.currency = "USD";
  EXPECT_EQ(CodeAndField([&] { service::CreateOutput(*db_, As("E1"), program_, grant); }),
            "invalid_argument/amount");
  grant.amount = 50000;
  grant.currency = "ABC";
  EXPECT_EQ(CodeAndField([&] { service::CreateOutput(*db_, As("E1"), program_, grant); }),
            "invalid_argument/currency");
  grant.currency = "";
  EXPECT_EQ(CodeAndField([&] { service::CreateOutput(*db_, As("E1"), program_, grant); }),
            "invalid_argument/currency");
  grant.currency = "CAD";
  const Output funded = service::CreateOutput(*db_, coordinator_, program_, grant);
  EXPECT_EQ(funded.amount, std::optional<double>(50000));
  EXPECT_EQ(funded.currency, "CAD");
  EXPECT_EQ(funded.grant_status, "submitted");
  EXPECT_EQ(funded.funder, "ASH");

  // A project must be the person's pair's.
  service::ProjectInput other_project;
  other_project.title = "Pair 2's review";
  const Project p2 = service::CreateProject(*db_, As("E2"), pair2_, other_project);
  Output linked = Publication(Enrolment("E1"), "Linked", "10.1000/linked");
  linked.project_id = p2.id;
  EXPECT_EQ(CodeAndField([&] { service::CreateOutput(*db_, As("E1"), program_, linked); }),
            "invalid_argument/project_id");
  // Only mentors and mentees of the program have outputs.
  EXPECT_EQ(CodeAndField([&] {
              service::CreateOutput(*db_, coordinator_, program_,
                                    Publication(Enrolment("C1"), "Coordinator's", ""));
            }),
            "invalid_argument/person_id");

  // E2's own award.
  Output award;
  award.enrollment_id = Enrolment("E2");
  award.kind = "award";
  award.title = "Best abstract";
  award.awarding_body = "ASH";
  const Output e2_award = service::CreateOutput(*db_, As("E2"), program_, award);
  EXPECT_EQ(e2_award.pair_id, std::optional<std::int64_t>(pair2_));

  const auto ids = [](const std::vector<Output>& list) {
    std::set<std::int64_t> out;
    for (const Output& o : list) out.insert(o.id);
    return out;
  };
  const std::set<std::int64_t> pair1_outputs = {paper.id, mentor_copy.id, recorded.id, funded.id};
  EXPECT_EQ(ids(service::ListOutputs(*db_, As("E1"), program_)), pair1_outputs);
  EXPECT_EQ(ids(service::ListOutputs(*db_, As("M1"), program_)), pair1_outputs);
  EXPECT_EQ(ids(service::ListOutputs(*db_, As("E2"), program_)),
            std::set<std::int64_t>{e2_award.id});
  EXPECT_TRUE(service::ListOutputs(*db_, As("E3"), program_).empty());
  std::set<std::int64_t> all = pair1_outputs;
  all.insert(e2_award.id);
  EXPECT_EQ(ids(service::ListOutputs(*db_, coordinator_, program_)), all);
  for (const Actor& other : {outsider_, evaluator_}) {
    EXPECT_EQ(ErrorOf([&] { service::ListOutputs(*db_, other, program_); }).code(),
              ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(JourneyOf(pair1_).outputs, 4);
  EXPECT_EQ(JourneyOf(pair2_).outputs, 1);

  // An update keeps the person and checks duplicates against the others.
  Output edit = recorded;
  edit.pmid = "";
  edit.doi = "10.1182/BLOOD.2023021234";  // the paper's
  EXPECT_EQ(CodeAndField([&] { service::UpdateOutput(*db_, As("E1"), recorded.id, edit); }),
            "conflict/doi");
  edit.doi = "";
  edit.title = "Bleeding on apixaban: two years on";
  edit.enrollment_id = Enrolment("E2");  // ignored
  const Output updated = service::UpdateOutput(*db_, As("E1"), recorded.id, edit);
  EXPECT_EQ(updated.title, "Bleeding on apixaban: two years on");
  EXPECT_EQ(updated.enrollment_id, Enrolment("E1"));
  EXPECT_EQ(updated.pmid, "");
  EXPECT_EQ(ErrorOf([&] { service::DeleteOutput(*db_, As("E2"), recorded.id); }).code(),
            ErrorCode::kPermissionDenied);
  service::DeleteOutput(*db_, As("M1"), recorded.id);
  EXPECT_EQ(service::ListOutputs(*db_, coordinator_, program_).size(), 4u);
}

// All or nothing: every problem by row and column, nothing written; the
// corrected file imports, and the export has what was imported.
TEST_F(JourneyTest, ImportReportsEveryProblemAndWritesNothingUntilThereAreNone) {
  const std::string header = "email,kind,title,year,journal,doi,pmid\n";
  const std::string good1 =
      "E1@example.org,publication,Apixaban in myeloma,2026,Blood,"
      "https://doi.org/10.1182/Blood.2023021234,\n";
  const std::string good2 = "m1@example.org,presentation,Bleeding on apixaban,2026,,,\n";
  const std::string bad_email = "nobody@example.org,publication,Lost paper,2026,JCO,,\n";
  const std::string bad_doi = "e2@example.org,publication,Broken link,2025,JTH,10.12/x,\n";
  {
    std::istringstream csv(header + good1 + bad_email + good2 + bad_doi);
    const service::OutputImportReport report =
        service::ImportOutputs(*db_, coordinator_, program_, csv);
    EXPECT_EQ(report.imported, 0);
    ASSERT_EQ(report.errors.size(), 2u);
    EXPECT_EQ(report.errors[0].row, 3);
    EXPECT_EQ(report.errors[0].column, "email");
    EXPECT_EQ(report.errors[1].row, 5);
    EXPECT_EQ(report.errors[1].column, "doi");
    EXPECT_TRUE(service::ListOutputs(*db_, coordinator_, program_).empty());
  }
  {
    std::istringstream csv(header + good1 + good2);
    const service::OutputImportReport report =
        service::ImportOutputs(*db_, coordinator_, program_, csv);
    for (const InputProblem& problem : report.errors) ADD_FAILURE() << FormatProblem(problem);
    EXPECT_EQ(report.imported, 2);
  }
  // The two rows corrected, and a third repeating a DOI already recorded.
  const std::string fixed_email = "e3@example.org,publication,Lost paper,2026,JCO,,\n";
  const std::string fixed_doi = "e2@example.org,publication,Broken link,2025,JTH,10.1234/x,\n";
  {
    std::istringstream csv(header + fixed_email + good1 + fixed_doi);
    const service::OutputImportReport report =
        service::ImportOutputs(*db_, coordinator_, program_, csv);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].row, 3);
    EXPECT_EQ(report.errors[0].column, "doi");
    EXPECT_EQ(service::ListOutputs(*db_, coordinator_, program_).size(), 2u);
  }
  {
    std::istringstream csv(header + fixed_email + fixed_doi);
    EXPECT_EQ(service::ImportOutputs(*db_, coordinator_, program_, csv).imported, 2);
  }
  const std::vector<Output> outputs = service::ListOutputs(*db_, coordinator_, program_);
  ASSERT_EQ(outputs.size(), 4u);
  std::map<std::string, Output> by_title;
  for (const Output& o : outputs) by_title[o.title] = o;
  EXPECT_EQ(by_title["Apixaban in myeloma"].doi, "10.1182/blood.2023021234");
  EXPECT_EQ(by_title["Apixaban in myeloma"].enrollment_id, Enrolment("E1"));
  EXPECT_EQ(by_title["Apixaban in myeloma"].pair_id, std::optional<std::int64_t>(pair1_));
  EXPECT_EQ(by_title["Bleeding on apixaban"].enrollment_id, Enrolment("M1"));
  EXPECT_EQ(by_title["Lost paper"].enrollment_id, Enrolment("E3"));
  EXPECT_EQ(by_title["Lost paper"].pair_id, std::nullopt);  // E3 has no pair

  // The same DOI twice for one person in a file; a formula escaped as the
  // export does is read back without its quote.
  {
    std::istringstream csv(header +
                           "e3@example.org,publication,'=Reviews,2026,,10.5555/dup,\n"
                           "e3@example.org,publication,Again,2026,,https://doi.org/10.5555/DUP,\n");
    const service::OutputImportReport report =
        service::ImportOutputs(*db_, coordinator_, program_, csv);
    EXPECT_EQ(report.imported, 0);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].row, 3);
    EXPECT_EQ(report.errors[0].column, "doi");
  }
  {
    std::istringstream csv(header + "e3@example.org,publication,'=Reviews,2026,,10.5555/dup,\n");
    EXPECT_EQ(service::ImportOutputs(*db_, coordinator_, program_, csv).imported, 1);
    std::set<std::string> titles;
    for (const Output& o : service::ListOutputs(*db_, As("E3"), program_)) titles.insert(o.title);
    EXPECT_EQ(titles, (std::set<std::string>{"Lost paper", "=Reviews"}));
  }

  // The header's problems come first, alone.
  {
    std::istringstream csv("email,kind,colour\ne1@example.org,award,x\n");
    const service::OutputImportReport report =
        service::ImportOutputs(*db_, coordinator_, program_, csv);
    EXPECT_EQ(report.errors,
              (std::vector<InputProblem>{
                  {1, "title", "the column title is missing"},
                  {1, "colour", "unknown column (docs/journey.md lists the columns)"}}));
  }
  {
    std::istringstream csv(header + good2);
    EXPECT_EQ(ErrorOf([&] { service::ImportOutputs(*db_, As("M1"), program_, csv); }).code(),
              ErrorCode::kPermissionDenied);
  }

  // The export: one row per output in the import's columns, DOI as stored.
  std::ostringstream out;
  EXPECT_EQ(service::ExportOutputs(*db_, coordinator_, program_, out), 5);
  std::istringstream in(out.str());
  CsvReader reader(in);
  std::vector<std::string> head, row;
  ASSERT_TRUE(reader.Next(head));
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < head.size(); ++i) at[head[i]] = i;
  for (const char* column : {"name", "email", "role", "kind", "title", "doi", "pair_id"}) {
    ASSERT_TRUE(at.count(column)) << column << " in " << out.str();
  }
  std::map<std::string, std::vector<std::string>> rows;
  while (reader.Next(row)) rows[row[at["title"]]] = row;
  ASSERT_EQ(rows.size(), 5u) << out.str();
  const std::vector<std::string>& paper = rows["Apixaban in myeloma"];
  EXPECT_EQ(paper[at["doi"]], "10.1182/blood.2023021234");
  EXPECT_EQ(paper[at["email"]], "e1@example.org");
  EXPECT_EQ(paper[at["name"]], "E1 Person");
  EXPECT_EQ(paper[at["role"]], "mentee");
  EXPECT_EQ(paper[at["pair_id"]], std::to_string(pair1_));
  EXPECT_EQ(rows["Broken link"][at["doi"]], "10.1234/x");
  EXPECT_EQ(rows["'=Reviews"][at["doi"]], "10.5555/dup");  // escaped again on the way out
  // The export goes back in: its own columns are ignored, and every output is
  // now a duplicate of itself, reported on its DOI or PMID.
  {
    std::istringstream again(out.str());
    const service::OutputImportReport r =
        service::ImportOutputs(*db_, coordinator_, program_, again);
    EXPECT_EQ(r.imported, 0);
    for (const InputProblem& p : r.errors) {
      EXPECT_TRUE(p.column == "doi" || p.column == "pmid") << p.column << ": " << p.reason;
    }
  }
  EXPECT_EQ(ErrorOf([&] {
              std::ostringstream sink;
              service::ExportOutputs(*db_, As("E1"), program_, sink);
            }).code(),
            ErrorCode::kPermissionDenied);
}

// --- positions and retention ---

TEST_F(JourneyTest, RetentionCountsMenteesWithAQualifyingPositionInTime) {
  service::JourneySettingsChange change;
  change.career_fields = std::vector<std::string>{
      "classical hematology", "malignant hematology/oncology", "transfusion medicine", "other"};
  RetentionIndicator indicator;
  indicator.label = "Faculty in classical hematology";
  indicator.fields = {"classical hematology"};
  indicator.settings = {"academic"};
  indicator.title_words = {"professor", "instructor"};
  indicator.months_after_end = 12;
  change.retention = std::optional<RetentionIndicator>(indicator);
  const service::JourneySettingsView settings =
      service::UpdateJourneySettings(*db_, coordinator_, program_, change);
  ASSERT_TRUE(settings.settings.retention.has_value());
  EXPECT_EQ(settings.settings.retention->title_words,
            (std::vector<std::string>{"professor", "instructor"}));
  EXPECT_EQ(settings.settings.career_fields.size(), 4u);
  {
    // Read back from the database.
    const service::JourneySettingsView stored =
        service::GetJourneySettings(*db_, As("E1"), program_);
    ASSERT_TRUE(stored.settings.retention.has_value());
    EXPECT_EQ(stored.settings.retention->label, "Faculty in classical hematology");
    EXPECT_EQ(stored.settings.retention->settings, std::vector<std::string>{"academic"});
    EXPECT_EQ(stored.settings.retention->months_after_end, 12);
    EXPECT_EQ(stored.settings.career_fields, *change.career_fields);
  }
  {
    service::JourneySettingsChange bad;
    RetentionIndicator wrong = indicator;
    wrong.fields = {"cardiology"};
    bad.retention = std::optional<RetentionIndicator>(wrong);
    EXPECT_EQ(
        CodeAndField([&] { service::UpdateJourneySettings(*db_, coordinator_, program_, bad); }),
        "invalid_argument/retention.fields");
    bad.career_fields = std::vector<std::string>{"other", "Other"};
    bad.retention.reset();
    EXPECT_EQ(
        CodeAndField([&] { service::UpdateJourneySettings(*db_, coordinator_, program_, bad); }),
        "invalid_argument/career_fields");
  }

  const auto position = [&](const std::string& who, const char* title, const char* field,
                            const char* setting, const char* starts_on) {
    Position p;
    p.enrollment_id = Enrolment(who);
    p.title = title;
    p.institution = "Mount Sinai";
    p.field = field;
    p.setting = setting;
    p.starts_on = starts_on;
    return p;
  };
  // E1: an assistant professorship six months after the program ends.
  const Position e1 =
      service::AddPosition(*db_, As("E1"), program_,
                           position("E1", "Assistant Professor of Medicine", "classical hematology",
                                    "academic", "2026-12-01"));
  EXPECT_GT(e1.id, 0);
  EXPECT_EQ(e1.program_id, program_);
  EXPECT_EQ(e1.created_by, users_["E1"]);
  EXPECT_EQ(CodeAndField([&] {
              service::AddPosition(
                  *db_, As("E1"), program_,
                  position("E1", "Professor", "cardiology", "academic", "2026-12-01"));
            }),
            "invalid_argument/field");
  EXPECT_EQ(CodeAndField([&] {
              service::AddPosition(*db_, As("E1"), program_,
                                   position("E1", "Professor", "other", "hospital", "2026-12-01"));
            }),
            "invalid_argument/setting");
  EXPECT_EQ(CodeAndField([&] {
              service::AddPosition(*db_, As("E1"), program_,
                                   position("E1", "Professor", "other", "academic", ""));
            }),
            "invalid_argument/starts_on");
  EXPECT_EQ(CodeAndField([&] {
              service::AddPosition(*db_, As("E1"), program_,
                                   position("E1", " ", "other", "academic", "2026-12-01"));
            }),
            "invalid_argument/title");
  // Only the person and the coordinators record positions.
  for (const Actor& other : {As("M1"), As("E2"), outsider_, evaluator_}) {
    EXPECT_EQ(ErrorOf([&] {
                service::AddPosition(
                    *db_, other, program_,
                    position("E1", "Professor", "other", "academic", "2026-12-01"));
              }).code(),
              ErrorCode::kPermissionDenied);
  }
  // E2: an instructorship that starts a day after the deadline (2027-06-30).
  service::AddPosition(
      *db_, coordinator_, program_,
      position("E2", "Instructor in Medicine", "classical hematology", "academic", "2027-07-01"));
  // M1's own position does not count towards the mentees' figure.
  service::AddPosition(
      *db_, As("M1"), program_,
      position("M1", "Professor of Medicine", "classical hematology", "academic", "2010-01-01"));

  const service::Retention r = service::GetRetention(*db_, coordinator_, program_);
  ASSERT_TRUE(r.indicator.has_value());
  EXPECT_EQ(r.mentees, 3);
  EXPECT_EQ(r.known, 2);
  EXPECT_EQ(r.retained, 1);
  std::map<std::string, service::RetentionPerson> people;
  for (const service::RetentionPerson& p : r.people) people[p.name] = p;
  EXPECT_EQ(people.size(), 5u);
  EXPECT_TRUE(people["E1 Person"].retained);
  EXPECT_EQ(people["E1 Person"].role, "mentee");
  ASSERT_EQ(people["E1 Person"].positions.size(), 1u);
  EXPECT_EQ(people["E1 Person"].positions[0].title, "Assistant Professor of Medicine");
  EXPECT_FALSE(people["E2 Person"].retained);
  EXPECT_FALSE(people["E3 Person"].retained);
  EXPECT_TRUE(people["E3 Person"].positions.empty());
  EXPECT_TRUE(people["M1 Person"].retained);

  // A member sees the program's counts and only themself.
  const service::Retention mine = service::GetRetention(*db_, As("E2"), program_);
  EXPECT_EQ(mine.retained, 1);
  EXPECT_EQ(mine.mentees, 3);
  ASSERT_EQ(mine.people.size(), 1u);
  EXPECT_EQ(mine.people[0].name, "E2 Person");
  for (const Actor& other : {outsider_, evaluator_}) {
    EXPECT_EQ(ErrorOf([&] { service::GetRetention(*db_, other, program_); }).code(),
              ErrorCode::kPermissionDenied);
  }

  // The export: one row per position, one per person without any.
  std::ostringstream csv;
  EXPECT_EQ(service::ExportOutcomes(*db_, coordinator_, program_, csv), 5);
  const std::string text = csv.str();
  EXPECT_NE(text.find("name,role,title,institution,field,setting,starts_on,retained\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("E1 Person,mentee,Assistant Professor of Medicine,Mount Sinai,classical "
                      "hematology,academic,2026-12-01,yes\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("E2 Person,mentee,Instructor in Medicine,Mount Sinai,classical "
                      "hematology,academic,2027-07-01,no\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("E3 Person,mentee,,,,,,no\n"), std::string::npos) << text;
  EXPECT_EQ(ErrorOf([&] {
              std::ostringstream sink;
              service::ExportOutcomes(*db_, As("E1"), program_, sink);
            }).code(),
            ErrorCode::kPermissionDenied);

  // A withdrawn mentee leaves the figure.
  {
    store::Transaction tx = db_->Begin();
    store::SetTestEnrollmentStatus(tx, program_, "E3", "withdrawn");
    tx.Commit();
  }
  const service::Retention after = service::GetRetention(*db_, coordinator_, program_);
  EXPECT_EQ(after.mentees, 2);
  EXPECT_EQ(after.known, 2);
  EXPECT_EQ(after.retained, 1);
}

// --- the nudge ---

// 30 days after a pair started, an agreement not signed by both brings both
// members one e-mail; a signed one brings none.
TEST_F(JourneyTest, UnsignedAgreementsAreNudgedOnceAfterThirtyDays) {
  SignBoth(pair2_, "M2", "E2");
  service::SaveAgreement(*db_, As("E1"), pair1_, {.cadence = "monthly"}, 0);
  service::SignAgreement(*db_, As("E1"), pair1_, "E1 Person", 1);  // the mentor never does

  clock_->Advance(std::chrono::days(29));
  service::SendPairNudges(*db_);
  EXPECT_TRUE(Outbox("agreement_nudge").empty());

  clock_->Advance(std::chrono::days(2));        // day 31
  EXPECT_EQ(service::SendPairNudges(*db_), 2);  // nothing else is due yet
  EXPECT_EQ(Outbox("agreement_nudge"),
            (std::multiset<std::string>{"e1@example.org", "m1@example.org"}));
  const std::string to_mentor = Bodies("agreement_nudge")["m1@example.org"];
  EXPECT_NE(to_mentor.find("Your mentoring agreement with E1 Person is not signed yet"),
            std::string::npos)
      << to_mentor;
  EXPECT_NE(to_mentor.find("/pairs/" + std::to_string(pair1_)), std::string::npos) << to_mentor;
  EXPECT_EQ(service::SendPairNudges(*db_), 0);
  EXPECT_EQ(Outbox("agreement_nudge").size(), 2u);

  // Signing later does not bring another nudge, nor does another day.
  service::SignAgreement(*db_, As("M1"), pair1_, "M1 Person", 1);
  clock_->Advance(std::chrono::days(1));
  EXPECT_EQ(service::SendPairNudges(*db_), 0);
  EXPECT_EQ(Outbox("agreement_nudge").size(), 2u);
}

// --- program events ---

TEST_F(JourneyTest, EventsAreAnsweredAttendedFromAReportAndTheRecordingReachesWhoMissedIt) {
  const std::string day = FormatUtcDate(clock_->Now() + std::chrono::days(10));
  service::EventInput in;
  in.kind = "orientation";
  in.title = "Program orientation";
  in.start = day + "T12:00";
  in.end = day + "T13:30";
  in.time_zone = "America/New_York";
  in.location = "https://meet.example/orientation";
  in.required = true;
  // Bad input names the field; nothing is written.
  service::EventInput backwards = in;
  backwards.end = day + "T11:00";
  EXPECT_EQ(CodeAndField([&] { service::CreateEvent(*db_, coordinator_, program_, backwards); }),
            "invalid_argument/end");
  service::EventInput past = in;
  past.start = "2020-01-01T12:00";
  past.end.reset();
  EXPECT_EQ(CodeAndField([&] { service::CreateEvent(*db_, coordinator_, program_, past); }),
            "invalid_argument/start");
  service::EventInput kind = in;
  kind.kind = "party";
  EXPECT_EQ(CodeAndField([&] { service::CreateEvent(*db_, coordinator_, program_, kind); }),
            "invalid_argument/kind");
  EXPECT_EQ(ErrorOf([&] { service::CreateEvent(*db_, As("M1"), program_, in); }).code(),
            ErrorCode::kPermissionDenied);
  // Materials come from the program's library.
  service::ResourceInput handbook;
  handbook.program_id = program_;
  handbook.title = "Program handbook";
  handbook.url = "https://example.org/handbook";
  const std::int64_t handbook_id = service::CreateResource(*db_, coordinator_, handbook).id;
  service::EventInput unknown = in;
  unknown.materials = std::vector<std::int64_t>{handbook_id + 100};
  EXPECT_EQ(CodeAndField([&] { service::CreateEvent(*db_, coordinator_, program_, unknown); }),
            "invalid_argument/materials");
  in.materials = std::vector<std::int64_t>{handbook_id};

  const ProgramEvent e = service::CreateEvent(*db_, coordinator_, program_, in);
  EXPECT_EQ(e.minutes, 90);
  // 12:00 in New York: 17:00 UTC in winter (EST), 16:00 in summer (EDT).
  const bool summer =
      calendar::ZoneAbbreviation(*ParseUtc(day + "T17:00:00Z"), "America/New_York") == "EDT";
  EXPECT_EQ(e.starts_at, day + (summer ? "T16:00:00Z" : "T17:00:00Z"));
  // Every active mentor and mentee is told, in their own zone.
  EXPECT_EQ(Outbox("program_event").size(), 5u);
  EXPECT_NE(Bodies("program_event")["e1@example.org"].find("(America/New_York)"),
            std::string::npos);

  service::AnswerEvent(*db_, As("E1"), e.id, "yes");
  service::AnswerEvent(*db_, As("M1"), e.id, "maybe");
  EXPECT_EQ(CodeAndField([&] { service::AnswerEvent(*db_, As("E2"), e.id, "perhaps"); }),
            "invalid_argument/answer");
  EXPECT_EQ(ErrorOf([&] { service::AnswerEvent(*db_, coordinator_, e.id, "yes"); }).code(),
            ErrorCode::kPermissionDenied);
  const auto coord_view = service::ListEvents(*db_, coordinator_, program_);
  ASSERT_EQ(coord_view.size(), 1u);
  EXPECT_EQ(coord_view[0].invitees, 5);
  EXPECT_EQ(coord_view[0].yes, 1);
  EXPECT_EQ(coord_view[0].maybe, 1);
  EXPECT_EQ(service::ListEvents(*db_, As("E1"), program_)[0].my_rsvp, "yes");
  ASSERT_EQ(service::ListEvents(*db_, As("E1"), program_)[0].materials.size(), 1u);
  EXPECT_EQ(service::ListEvents(*db_, As("E1"), program_)[0].materials[0].title,
            "Program handbook");
  EXPECT_EQ(ErrorOf([&] { service::ListEvents(*db_, outsider_, program_); }).code(),
            ErrorCode::kPermissionDenied);

  // Attendance waits for the event; then a video platform's report says who came.
  std::istringstream early("email,minutes\ne1@example.org,80\n");
  EXPECT_EQ(ErrorOf([&] { service::ImportAttendance(*db_, coordinator_, e.id, early); }).code(),
            ErrorCode::kFailedPrecondition);
  clock_->Advance(std::chrono::days(11));
  std::istringstream bad(
      "User Email,Duration (Minutes)\ne1@example.org,50\nnobody@example.org,10\n"
      "m1@example.org,lots\n");
  const service::AttendanceImport rejected =
      service::ImportAttendance(*db_, coordinator_, e.id, bad, 10);
  EXPECT_EQ(rejected.errors, (std::vector<InputProblem>{
                                 {3, "User Email", "no one invited to this event has this e-mail"},
                                 {4, "Duration (Minutes)", "minutes is a number such as 55"}}));
  EXPECT_FALSE(service::ListInvitees(*db_, coordinator_, e.id)[0].attended.has_value());
  // Two rows of one person add up (they dropped out and came back).
  std::istringstream report(
      "User Email,Duration (Minutes)\nE1@example.org,40\ne1@example.org,35\n"
      "m1@example.org,5\ne2@example.org,60\n");
  const service::AttendanceImport done =
      service::ImportAttendance(*db_, coordinator_, e.id, report, 10);
  EXPECT_TRUE(done.errors.empty());
  EXPECT_EQ(done.attended, 2);  // E1 (75 minutes) and E2; M1's 5 minutes do not count
  EXPECT_EQ(done.absent, 3);
  std::map<std::string, service::Invitee> by_email;
  for (const service::Invitee& i : service::ListInvitees(*db_, coordinator_, e.id)) {
    by_email[i.email] = i;
  }
  EXPECT_EQ(by_email["e1@example.org"].minutes, std::optional<int>(75));
  EXPECT_EQ(by_email["e1@example.org"].rsvp, "yes");  // the answer is kept
  EXPECT_EQ(by_email["m1@example.org"].attended, std::optional<bool>(false));

  // Who missed the required orientation, and the recording for them.
  const auto missed = service::ListMissedRequired(*db_, coordinator_, program_);
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed[0].people.size(), 3u);
  EXPECT_EQ(ErrorOf([&] { service::SendRecording(*db_, coordinator_, e.id); }).code(),
            ErrorCode::kFailedPrecondition);  // no link yet
  service::EventInput link;
  link.recording_url = "https://video.example/orientation";
  service::UpdateEvent(*db_, coordinator_, e.id, link);
  EXPECT_EQ(service::SendRecording(*db_, coordinator_, e.id), 3);
  EXPECT_EQ(Outbox("event_recording"),
            (std::multiset<std::string>{"e3@example.org", "m1@example.org", "m2@example.org"}));
}

// --- the resource library ---

TEST_F(JourneyTest, ResourcesAreSeenByTheirAudienceAndFilesAreCheckedByTheirBytes) {
  service::ResourceInput link;
  link.program_id = program_;
  link.title = "Peer support for fellows";
  link.category = "emotional_support";
  link.url = "https://example.org/support";
  const Resource support = service::CreateResource(*db_, coordinator_, link);
  service::ResourceInput mentors_only = link;
  mentors_only.title = "Giving feedback as a mentor";
  mentors_only.category = "career_development";
  mentors_only.audience = "mentors";
  mentors_only.url = "https://example.org/feedback";
  service::CreateResource(*db_, coordinator_, mentors_only);
  service::ResourceInput file;
  file.program_id = program_;
  file.title = "Orientation slides";
  file.file_name = "orientation.pdf";
  file.file_base64 = "JVBERi0xLjQKJSVFT0YK";  // "%PDF-1.4\n%%EOF\n"
  const Resource slides = service::CreateResource(*db_, coordinator_, file);
  EXPECT_EQ(slides.content_type, "application/pdf");
  EXPECT_EQ(slides.size, 15);

  // Bad input names the field and writes nothing.
  service::ResourceInput fake = file;
  fake.file_base64 = "PGh0bWw+PHNjcmlwdD4=";  // "<html><script>"
  EXPECT_EQ(CodeAndField([&] { service::CreateResource(*db_, coordinator_, fake); }),
            "invalid_argument/file_name");
  service::ResourceInput exe = file;
  exe.file_name = "setup.exe";
  EXPECT_EQ(CodeAndField([&] { service::CreateResource(*db_, coordinator_, exe); }),
            "invalid_argument/file_name");
  service::ResourceInput both = file;
  both.url = "https://example.org";
  EXPECT_EQ(CodeAndField([&] { service::CreateResource(*db_, coordinator_, both); }),
            "invalid_argument/file");
  service::ResourceInput script = link;
  script.url = "javascript:alert(1)";
  EXPECT_EQ(CodeAndField([&] { service::CreateResource(*db_, coordinator_, script); }),
            "invalid_argument/url");
  service::ResourceInput category = link;
  category.category = "recipes";
  EXPECT_EQ(CodeAndField([&] { service::CreateResource(*db_, coordinator_, category); }),
            "invalid_argument/category");
  const std::int64_t limit = service::MaxResourceBytes();
  service::SetMaxResourceBytes(8);
  EXPECT_EQ(CodeAndField([&] { service::CreateResource(*db_, coordinator_, file); }),
            "invalid_argument/file");
  service::SetMaxResourceBytes(limit);
  EXPECT_EQ(ErrorOf([&] { service::CreateResource(*db_, As("M1"), link); }).code(),
            ErrorCode::kPermissionDenied);
  service::ResourceInput global = link;
  global.program_id.reset();
  EXPECT_EQ(ErrorOf([&] { service::CreateResource(*db_, coordinator_, global); }).code(),
            ErrorCode::kPermissionDenied);  // every program's: admins only
  service::CreateResource(*db_, Actor::CommandLine(), global);

  auto titles = [&](const Actor& actor, const std::string& category, const std::string& text) {
    std::set<std::string> out;
    for (const Resource& r : service::ListResources(
             *db_, actor, {.program_id = program_, .category = category, .text = text})) {
      out.insert(r.title);
    }
    return out;
  };
  EXPECT_EQ(titles(As("E1"), "", ""),
            (std::set<std::string>{"Peer support for fellows", "Orientation slides"}));
  EXPECT_EQ(titles(As("M1"), "", "").size(), 3u);
  EXPECT_EQ(titles(coordinator_, "", "").size(), 3u);
  EXPECT_EQ(titles(evaluator_, "", "").size(), 3u);
  EXPECT_EQ(titles(As("E1"), "emotional_support", ""),
            (std::set<std::string>{"Peer support for fellows"}));
  EXPECT_EQ(titles(As("M1"), "", "FEEDBACK mentor"),
            (std::set<std::string>{"Giving feedback as a mentor"}));
  EXPECT_EQ(ErrorOf([&] { titles(outsider_, "", ""); }).code(), ErrorCode::kPermissionDenied);
  // Those for every program: anyone signed in.
  EXPECT_EQ(service::ListResources(*db_, outsider_, {}).size(), 1u);

  const service::ResourceFile bytes = service::GetResourceFile(*db_, As("E2"), slides.id);
  EXPECT_EQ(bytes.bytes, "%PDF-1.4\n%%EOF\n");
  EXPECT_EQ(bytes.content_type, "application/pdf");
  EXPECT_EQ(ErrorOf([&] { service::GetResourceFile(*db_, outsider_, slides.id); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::GetResourceFile(*db_, As("E1"), support.id); }).code(),
            ErrorCode::kNotFound);  // a link has no file

  service::DeleteResource(*db_, coordinator_, slides.id);
  EXPECT_EQ(titles(As("E1"), "", ""), (std::set<std::string>{"Peer support for fellows"}));
}

// --- the coordinators' weekly digest ---

TEST_F(JourneyTest, CoordinatorsGetAWeeklyDigestMondayAtEightInTheirZoneAcrossDst) {
  EXPECT_EQ(CodeAndField([&] { service::SetDigestZone(*db_, coordinator_, "Mars/Olympus"); }),
            "invalid_argument/time_zone");
  EXPECT_EQ(service::SetDigestZone(*db_, coordinator_, "America/New_York").zone,
            "America/New_York");
  const std::string zone = "America/New_York";
  // Monday 08:00 in New York, for the next Monday and for the first Monday
  // after the clocks next change (then 08:00 is another hour in UTC).
  const auto monday_eight = [&](date::sys_days from) {
    date::local_days day{(from - date::sys_days{}) + date::local_days{}};
    while (date::weekday(day) != date::Monday) day += date::days(1);
    return calendar::LocalToUtc(zone, day + std::chrono::hours(8));
  };
  const SysSeconds first = monday_eight(date::floor<date::days>(clock_->Now()) + date::days(1));
  const auto offset = [&](SysSeconds t) {
    return calendar::UtcToLocal(zone, t).time_since_epoch() - t.time_since_epoch();
  };
  SysSeconds after_dst = first;
  while (offset(after_dst) == offset(first)) {
    after_dst = monday_eight(date::floor<date::days>(after_dst) + date::days(1));
  }
  ASSERT_NE(first.time_since_epoch() % std::chrono::hours(24),
            after_dst.time_since_epoch() % std::chrono::hours(24));

  clock_->AdvanceTo(first - std::chrono::minutes(30));  // 07:30
  EXPECT_EQ(service::SendWeeklyDigests(*db_), 0);
  clock_->AdvanceTo(first + std::chrono::minutes(10));  // 08:10
  EXPECT_EQ(service::SendWeeklyDigests(*db_), 1);
  EXPECT_EQ(service::SendWeeklyDigests(*db_), 0);  // once a week
  EXPECT_EQ(Outbox("coordinator_digest"), (std::multiset<std::string>{"coord@example.org"}));
  clock_->AdvanceTo(first + std::chrono::days(1));  // Tuesday: nothing
  EXPECT_EQ(service::SendWeeklyDigests(*db_), 0);

  clock_->AdvanceTo(after_dst - std::chrono::minutes(30));
  EXPECT_EQ(service::SendWeeklyDigests(*db_), 0);
  clock_->AdvanceTo(after_dst + std::chrono::minutes(10));
  EXPECT_EQ(service::SendWeeklyDigests(*db_), 1);
  EXPECT_EQ(Outbox("coordinator_digest").size(), 2u);
  // By now every pair that never met is stalled: the newest digest names them.
  std::string body;
  {
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {  // newest first
      if (e.kind == "coordinator_digest" && body.empty()) body = e.subject + "\n" + e.body;
    }
    tx.Commit();
  }
  EXPECT_NE(body.find("things need you"), std::string::npos) << body;
  EXPECT_NE(body.find("E1 Person and M1 Person: stalled"), std::string::npos) << body;
  EXPECT_NE(body.find("/programs/" + std::to_string(program_) + "/pairs"), std::string::npos);
}

}  // namespace
}  // namespace tandem
