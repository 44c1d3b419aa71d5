// Matching runs, pairs and background jobs through the service layer, on a
// real database: once on SQLite (a fresh file) and once on PostgreSQL
// (TANDEM_TEST_POSTGRES, set by scripts/with-postgres.sh); the same cases.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/error.h"
#include "core/text.h"
#include "error_of.h"
#include "jobs/worker.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/enrollments.h"
#include "service/import_plan.h"
#include "service/institutions.h"
#include "service/matching_runs.h"
#include "service/pairs.h"
#include "service/programs.h"
#include "store/database.h"
#include "store/enrollment_repository.h"
#include "store/job_repository.h"
#include "store/participant_repository.h"
#include "store/testing.h"

namespace tandem {
namespace {

using testing::CodeAndField;
using testing::ErrorOf;

using namespace std::chrono_literals;
using service::Actor;

Participant Person(Role role, const std::string& id, const std::string& name,
                   const std::string& institution, std::vector<std::string> interests,
                   int capacity = 1) {
  Participant p;
  p.role = role;
  p.id = id;
  p.name = name;
  p.email = ToLower(id) + "@example.org";
  p.institution = institution;
  p.time_zone = "America/New_York";
  p.capacity = capacity;
  p.interests = std::move(interests);
  p.languages = {"english"};
  p.availability = {{18 * 60, 120}};
  return p;
}

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<store::TestDatabaseUrl>(
        "workflow-test-" +
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    url_ = test_db_->url();
    db_ = store::Database::Open(url_, 6);
    db_->Migrate();
    Populate();
  }
  void TearDown() override {
    db_.reset();
    test_db_.reset();
  }

  // A cohort program with four mentors (M4 takes two) and five mentees at
  // nine institutions; E1 avoids M2. A coordinator, an evaluator, and an
  // outsider who belongs to no program.
  void Populate() {
    Program p;
    p.name = "Fellows";
    p.field = "hematology";
    p.cross_institution = true;
    p.starts_on = "2026-07-01";
    p.ends_on = "2027-06-30";
    p.status = ProgramStatus::kMatching;
    program_ = service::CreateProgram(*db_, Actor::CommandLine(), p).id;
    std::vector<Participant> people = {
        Person(Role::kMentor, "M1", "Ada Mentor", "Inst A", {"thrombosis", "hemophilia"}),
        Person(Role::kMentor, "M2", "Bo Mentor", "Inst B", {"sickle cell disease"}),
        Person(Role::kMentor, "M3", "Cy Mentor", "Inst C", {"thrombosis"}),
        Person(Role::kMentor, "M4", "Di Mentor", "Inst D", {"leukemia"}, 2),
        Person(Role::kMentee, "E1", "Eve Mentee", "Inst E", {"thrombosis"}),
        Person(Role::kMentee, "E2", "Fay Mentee", "Inst F", {"sickle cell disease"}),
        Person(Role::kMentee, "E3", "Gus Mentee", "Inst G", {"leukemia"}),
        Person(Role::kMentee, "E4", "Hal Mentee", "Inst H", {"hemophilia"}),
        Person(Role::kMentee, "E5", "Ivy Mentee", "Inst I", {"leukemia"}),
    };
    people[4].avoid = {"M2"};
    store::Transaction tx = db_->Begin();
    store::ParticipantRepository repo(tx);
    repo.Write(program_, people,
               service::PlanImport(repo.ReadForImport(program_, people), people, {}).plan);
    const std::int64_t coordinator = store::InsertTestUser(tx, "coord@example.org", "Co Ord");
    store::InsertTestEnrollment(tx, program_, coordinator, Role::kCoordinator, "C1");
    const std::int64_t evaluator = store::InsertTestUser(tx, "eval@example.org", "Ev Al");
    store::InsertTestEnrollment(tx, program_, evaluator, Role::kEvaluator, "V1");
    const std::int64_t outsider = store::InsertTestUser(tx, "out@example.org", "Out Sider");
    for (const Participant& person : people)
      users_[person.id] = store::TestUserOf(tx, program_, person.id);
    tx.Commit();
    coordinator_ = Actor::User(coordinator, false);
    evaluator_ = Actor::User(evaluator, false);
    outsider_ = Actor::User(outsider, false);
  }

  Actor As(const std::string& participant) { return Actor::User(users_.at(participant), false); }

  MatchingRun StartAndExecute(const MatchingRunSettings& settings = {}) {
    const MatchingRun run = service::StartMatchingRun(*db_, coordinator_, program_, settings);
    service::ExecuteMatchingRun(*db_, run.id);
    return service::GetMatchingRun(*db_, coordinator_, run.id);
  }

  std::string url_;
  std::unique_ptr<store::TestDatabaseUrl> test_db_;  // after db_ is closed
  std::unique_ptr<store::Database> db_;
  std::int64_t program_ = 0;
  std::map<std::string, std::int64_t> users_;
  Actor coordinator_, evaluator_, outsider_;
};

// Waits until `done` holds, up to `limit`.
template <typename F>
bool WaitFor(F&& done, std::chrono::milliseconds limit = 60s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

TEST_F(WorkflowTest, StartRunValidationNamesTheField) {
  struct Case {
    const char* name;
    void (*change)(MatchingRunSettings&);
    ErrorCode code;
    const char* field;
  };
  const Case cases[] = {
      {"objective", [](MatchingRunSettings& s) { s.objective = "best"; },
       ErrorCode::kInvalidArgument, "objective"},
      {"negative weight",
       [](MatchingRunSettings& s) {
         s.weights = MatchingWeights{};
         s.weights->goals = -1;
       },
       ErrorCode::kInvalidArgument, "weights.goals"},
      {"top_k", [](MatchingRunSettings& s) { s.top_k = 0; }, ErrorCode::kInvalidArgument, "top_k"},
      {"lock unknown mentor",
       [](MatchingRunSettings& s) {
         s.locks = {{"E1", "M9"}};
       },
       ErrorCode::kInvalidArgument, "locks[0].mentor"},
      {"lock wrong side",
       [](MatchingRunSettings& s) {
         s.locks = {{"E1", "M1"}, {"M1", "M2"}};
       },
       ErrorCode::kInvalidArgument, "locks[1].mentee"},
      {"locks beyond a mentor's capacity (M1 takes one)",
       [](MatchingRunSettings& s) {
         s.locks = {{"E1", "M1"}, {"E2", "M1"}};
       },
       ErrorCode::kInvalidArgument, "locks[1]"},
      {"a pair both locked and forbidden",
       [](MatchingRunSettings& s) {
         s.locks = {{"E1", "M1"}};
         s.forbids = {{"E1", "M1"}};
       },
       ErrorCode::kInvalidArgument, "locks[0]"},
      {"forbid unknown mentee",
       [](MatchingRunSettings& s) {
         s.forbids = {{"nobody", "M1"}};
       },
       ErrorCode::kInvalidArgument, "forbids[0].mentee"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MatchingRunSettings settings;
    c.change(settings);
    const Error e =
        ErrorOf([&] { service::StartMatchingRun(*db_, coordinator_, program_, settings); });
    EXPECT_EQ(e.code(), c.code) << e.message();
    EXPECT_EQ(e.field(), c.field) << e.message();
  }
  // Who may start, and on what.
  EXPECT_EQ(ErrorOf([&] { service::StartMatchingRun(*db_, As("M1"), program_, {}); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::StartMatchingRun(*db_, outsider_, program_, {}); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(
      ErrorOf([&] { service::StartMatchingRun(*db_, Actor::Anonymous(), program_, {}); }).code(),
      ErrorCode::kUnauthenticated);
  EXPECT_EQ(
      ErrorOf([&] { service::StartMatchingRun(*db_, coordinator_, program_ + 99, {}); }).code(),
      ErrorCode::kNotFound);
  // Nothing was queued by the refused calls.
  EXPECT_TRUE(service::ListMatchingRuns(*db_, coordinator_, program_).empty());
}

TEST_F(WorkflowTest, WorkerRunsAQueuedRunToDone) {
  MatchingRunSettings settings;
  settings.objective = "fair";
  const MatchingRun queued = service::StartMatchingRun(*db_, coordinator_, program_, settings);
  EXPECT_EQ(queued.status, MatchingRunStatus::kQueued);
  EXPECT_EQ(queued.settings.objective, "fair");
  {
    store::Transaction tx = db_->Begin(false);
    EXPECT_EQ(store::JobRepository(tx).Count().queued, 1);
  }

  jobs::Worker worker(*db_, jobs::StandardHandlers(*db_), {.threads = 2, .poll_interval = 50ms});
  worker.Start();
  worker.Notify();
  ASSERT_TRUE(WaitFor([&] {
    return service::GetMatchingRun(*db_, coordinator_, queued.id).status ==
           MatchingRunStatus::kDone;
  }));
  worker.Stop();

  const MatchingRun run = service::GetMatchingRun(*db_, coordinator_, queued.id);
  EXPECT_DOUBLE_EQ(run.progress, 1.0);
  EXPECT_FALSE(run.finished_at.empty());
  ASSERT_TRUE(run.result.has_value());
  const MatchingRunResult& r = *run.result;
  EXPECT_EQ(r.proposals.size(), 5u);  // five mentees, five mentor places
  EXPECT_EQ(r.matched, 5);
  double total = 0;
  for (const Proposal& p : r.proposals) {
    SCOPED_TRACE(p.mentee + ":" + p.mentor);
    double sum = 0;
    for (const auto& [facet, points] : p.breakdown) sum += points;
    EXPECT_NEAR(sum, p.score, 1e-6);
    EXPECT_EQ(p.breakdown.size(), 8u);
    EXPECT_FALSE(p.mentee_name.empty());
    EXPECT_FALSE(p.mentor_name.empty());
    EXPECT_FALSE(p.mentee == "E1" && p.mentor == "M2");  // E1 avoids M2
    total += p.score;
  }
  EXPECT_NEAR(total, r.total_score, 1e-6);
  // The list has the summary but not the proposals.
  const auto runs = service::ListMatchingRuns(*db_, coordinator_, program_);
  ASSERT_EQ(runs.size(), 1u);
  ASSERT_TRUE(runs[0].result.has_value());
  EXPECT_TRUE(runs[0].result->proposals.empty());
  EXPECT_EQ(runs[0].result->matched, 5);
  store::Transaction tx = db_->Begin(false);
  EXPECT_EQ(store::JobRepository(tx).Count().done, 1);
}

TEST_F(WorkflowTest, ProgressIsReportedAndExecutionIsIdempotent) {
  const MatchingRun run = service::StartMatchingRun(*db_, coordinator_, program_, {});
  std::vector<double> seen;
  service::ExecuteMatchingRun(*db_, run.id, [&](double p) { seen.push_back(p); });
  ASSERT_GE(seen.size(), 3u);
  EXPECT_DOUBLE_EQ(seen.front(), 0.1);
  EXPECT_NE(std::find(seen.begin(), seen.end(), 0.5), seen.end());
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  const MatchingRun done = service::GetMatchingRun(*db_, coordinator_, run.id);
  // Running it again changes nothing.
  service::ExecuteMatchingRun(*db_, run.id);
  const MatchingRun again = service::GetMatchingRun(*db_, coordinator_, run.id);
  EXPECT_EQ(again.status, MatchingRunStatus::kDone);
  EXPECT_EQ(again.finished_at, done.finished_at);
  EXPECT_EQ(ErrorOf([&] { service::ExecuteMatchingRun(*db_, run.id + 99); }).code(),
            ErrorCode::kNotFound);
}

TEST_F(WorkflowTest, LocksAreHonouredAndAnInfeasibleLockFailsTheRun) {
  MatchingRunSettings settings;
  settings.locks = {{"E3", "M1"}};  // not the best pair for E3 (leukemia)
  settings.forbids = {{"E1", "M1"}};
  const MatchingRun run = StartAndExecute(settings);
  ASSERT_EQ(run.status, MatchingRunStatus::kDone) << run.error;
  bool found = false;
  for (const Proposal& p : run.result->proposals) {
    if (p.mentee == "E3") {
      EXPECT_EQ(p.mentor, "M1");
      EXPECT_TRUE(p.locked);
      found = true;
    } else {
      EXPECT_FALSE(p.locked);
    }
    EXPECT_FALSE(p.mentee == "E1" && p.mentor == "M1");
  }
  EXPECT_TRUE(found);

  settings = {};
  settings.locks = {{"E1", "M2"}};  // E1 avoids M2
  const MatchingRun failed = StartAndExecute(settings);
  EXPECT_EQ(failed.status, MatchingRunStatus::kFailed);
  EXPECT_NE(failed.error.find("E1:M2"), std::string::npos) << failed.error;
  EXPECT_NE(failed.error.find("avoid"), std::string::npos) << failed.error;
  EXPECT_FALSE(failed.result.has_value());
}

TEST_F(WorkflowTest, PublishCreatesPairsOnce) {
  const MatchingRun queued = service::StartMatchingRun(*db_, coordinator_, program_, {});
  EXPECT_EQ(ErrorOf([&] { service::PublishMatchingRun(*db_, coordinator_, queued.id); }).code(),
            ErrorCode::kFailedPrecondition);
  MatchingRunSettings bad;
  bad.locks = {{"E1", "M2"}};
  const MatchingRun failed = StartAndExecute(bad);
  EXPECT_EQ(ErrorOf([&] { service::PublishMatchingRun(*db_, coordinator_, failed.id); }).code(),
            ErrorCode::kFailedPrecondition);

  service::ExecuteMatchingRun(*db_, queued.id);
  const MatchingRun done = service::GetMatchingRun(*db_, coordinator_, queued.id);
  EXPECT_EQ(ErrorOf([&] { service::PublishMatchingRun(*db_, As("M1"), queued.id); }).code(),
            ErrorCode::kPermissionDenied);
  const std::vector<Pair> pairs = service::PublishMatchingRun(*db_, coordinator_, queued.id);
  ASSERT_EQ(pairs.size(), done.result->proposals.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    const Pair& p = pairs[i];
    const Proposal& proposal = done.result->proposals[i];
    EXPECT_EQ(p.status, PairStatus::kActive);
    EXPECT_EQ(p.mentee, proposal.mentee);
    EXPECT_EQ(p.mentor, proposal.mentor);
    EXPECT_EQ(p.mentee_name, proposal.mentee_name);
    EXPECT_GT(p.mentor_enrollment_id, 0);
    EXPECT_EQ(p.matching_run_id, queued.id);
    EXPECT_EQ(p.started_on.size(), 10u);
    EXPECT_NEAR(p.score, proposal.score, 1e-9);
    EXPECT_EQ(p.breakdown, proposal.breakdown);
  }
  EXPECT_EQ(service::GetMatchingRun(*db_, coordinator_, queued.id).status,
            MatchingRunStatus::kPublished);
  EXPECT_FALSE(service::GetMatchingRun(*db_, coordinator_, queued.id).published_at.empty());
  const Error again = ErrorOf([&] { service::PublishMatchingRun(*db_, coordinator_, queued.id); });
  EXPECT_EQ(again.code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service::ListPairs(*db_, coordinator_, program_).size(), pairs.size());

  // Everyone is paired now: a new run has nothing to match.
  const MatchingRun next = StartAndExecute();
  EXPECT_EQ(next.status, MatchingRunStatus::kFailed);
  EXPECT_NE(next.error.find("mentee"), std::string::npos) << next.error;
}

TEST_F(WorkflowTest, ARunKeepsExistingPairsFixed) {
  // Pair E1 with M3 by hand; a run then proposes for the other four only
  // and M3 (capacity 1) is not proposed again.
  service::CreatePair(*db_, coordinator_, program_, "E1", "M3");
  const MatchingRun run = StartAndExecute();
  ASSERT_EQ(run.status, MatchingRunStatus::kDone) << run.error;
  for (const Proposal& p : run.result->proposals) {
    EXPECT_NE(p.mentee, "E1");
    EXPECT_NE(p.mentor, "M3");
  }
  EXPECT_EQ(run.result->proposals.size(), 4u);
  service::PublishMatchingRun(*db_, coordinator_, run.id);
  EXPECT_EQ(service::ListPairs(*db_, coordinator_, program_).size(), 5u);
  // Everyone is paired now: a run says so in the program's terms, with what
  // the coordinator can do (issue 15: never advice that cannot help).
  const MatchingRun again = StartAndExecute();
  EXPECT_EQ(again.status, MatchingRunStatus::kFailed);
  EXPECT_EQ(again.error,
            "every active mentee already has a mentor (5 pairs): a run on a running program "
            "places only mentees without one. To compare objectives, start a what-if run (a "
            "whole new matching, never published); to match a mentee again, dissolve their pair "
            "on the pairs page");
  // The what-if: everyone matched anew, compared, never published, live pairs untouched.
  MatchingRunSettings what_if;
  what_if.what_if = true;
  what_if.objective = "fair";
  const MatchingRun compare = StartAndExecute(what_if);
  ASSERT_EQ(compare.status, MatchingRunStatus::kDone) << compare.error;
  EXPECT_TRUE(compare.settings.what_if);
  EXPECT_EQ(compare.result->matched, 5);
  EXPECT_EQ(ErrorOf([&] { service::PublishMatchingRun(*db_, coordinator_, compare.id); }).code(),
            ErrorCode::kFailedPrecondition);
  const std::vector<Pair> live = service::ListPairs(*db_, coordinator_, program_);
  EXPECT_EQ(live.size(), 5u);
  for (const Pair& p : live) EXPECT_EQ(p.status, PairStatus::kActive);
}

TEST_F(WorkflowTest, PairsAreVisibleToTheirMembersOnly) {
  const MatchingRun run = StartAndExecute();
  const std::vector<Pair> pairs = service::PublishMatchingRun(*db_, coordinator_, run.id);
  EXPECT_EQ(service::ListPairs(*db_, coordinator_, program_).size(), pairs.size());
  EXPECT_EQ(service::ListPairs(*db_, Actor::CommandLine(), program_).size(), pairs.size());
  for (const Pair& pair : pairs) {
    SCOPED_TRACE(pair.mentee + ":" + pair.mentor);
    for (const std::string& who : {pair.mentee, pair.mentor}) {
      const std::vector<Pair> own = service::ListPairs(*db_, As(who), program_);
      ASSERT_FALSE(own.empty());
      for (const Pair& p : own) EXPECT_TRUE(p.mentee == who || p.mentor == who);
      EXPECT_EQ(service::GetPair(*db_, As(who), pair.id).id, pair.id);
    }
    EXPECT_EQ(service::GetPair(*db_, coordinator_, pair.id).id, pair.id);
    for (const char* other : {"M1", "M2", "M3", "M4", "E1", "E2", "E3", "E4", "E5"}) {
      if (other == pair.mentee || other == pair.mentor) continue;
      EXPECT_EQ(ErrorOf([&] { service::GetPair(*db_, As(other), pair.id); }).code(),
                ErrorCode::kPermissionDenied);
    }
    EXPECT_EQ(ErrorOf([&] { service::GetPair(*db_, evaluator_, pair.id); }).code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(ErrorOf([&] { service::GetPair(*db_, outsider_, pair.id); }).code(),
              ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(ErrorOf([&] { service::ListPairs(*db_, evaluator_, program_); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::ListPairs(*db_, outsider_, program_); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::ListPairs(*db_, Actor::Anonymous(), program_); }).code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(ErrorOf([&] { service::GetPair(*db_, coordinator_, 999999); }).code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(service::ListPairs(*db_, coordinator_, program_, PairStatus::kCompleted).empty());
}

TEST_F(WorkflowTest, CompleteAndDissolve) {
  const Pair a = service::CreatePair(*db_, coordinator_, program_, "E1", "M1");
  const Pair b = service::CreatePair(*db_, coordinator_, program_, "E2", "M2");
  const Error no_reason = ErrorOf([&] { service::DissolvePair(*db_, coordinator_, a.id, "  "); });
  EXPECT_EQ(no_reason.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_reason.field(), "reason");
  EXPECT_EQ(ErrorOf([&] { service::DissolvePair(*db_, As("E1"), a.id, "moved"); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::CompletePair(*db_, As("M1"), a.id); }).code(),
            ErrorCode::kPermissionDenied);

  const Pair dissolved = service::DissolvePair(*db_, coordinator_, a.id, "mentee moved away");
  EXPECT_EQ(dissolved.status, PairStatus::kDissolved);
  EXPECT_EQ(dissolved.end_reason, "mentee moved away");
  EXPECT_EQ(dissolved.ended_on.size(), 10u);
  EXPECT_EQ(ErrorOf([&] { service::CompletePair(*db_, coordinator_, a.id); }).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(ErrorOf([&] { service::DissolvePair(*db_, coordinator_, a.id, "again"); }).code(),
            ErrorCode::kFailedPrecondition);

  const Pair completed = service::CompletePair(*db_, coordinator_, b.id);
  EXPECT_EQ(completed.status, PairStatus::kCompleted);
  EXPECT_FALSE(completed.ended_on.empty());
  EXPECT_EQ(ErrorOf([&] { service::CompletePair(*db_, coordinator_, b.id); }).code(),
            ErrorCode::kFailedPrecondition);
  // M1's place is free again: E1 may be paired with M1 anew.
  EXPECT_EQ(service::CreatePair(*db_, coordinator_, program_, "E1", "M1").status,
            PairStatus::kActive);
}

// A run is published only as it was computed: a proposed pair dissolved in
// the meantime is not brought back. And nothing new happens in a closed
// program.
TEST_F(WorkflowTest, PublishingIsRefusedWhenStaleOrClosed) {
  const MatchingRun run = StartAndExecute();
  ASSERT_EQ(run.status, MatchingRunStatus::kDone) << run.error;
  const Proposal& first = run.result->proposals.front();
  const Pair by_hand =
      service::CreatePair(*db_, coordinator_, program_, first.mentee, first.mentor);
  service::DissolvePair(*db_, coordinator_, by_hand.id, "conflict of interest");
  const Error stale = ErrorOf([&] { service::PublishMatchingRun(*db_, coordinator_, run.id); });
  EXPECT_EQ(stale.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(stale.message().find("dissolved"), std::string::npos) << stale.message();

  const MatchingRun fresh = StartAndExecute();
  ASSERT_EQ(fresh.status, MatchingRunStatus::kDone) << fresh.error;
  for (ProgramStatus s : {ProgramStatus::kActive, ProgramStatus::kClosed}) {
    service::TransitionProgram(*db_, coordinator_, program_, s);
  }
  for (const auto& call : std::vector<std::function<void()>>{
           [&] { service::PublishMatchingRun(*db_, coordinator_, fresh.id); },
           [&] { service::CreatePair(*db_, coordinator_, program_, "E2", "M2"); },
           [&] { service::ProposeRematch(*db_, coordinator_, program_, "E2", 5); },
       }) {
    const Error closed = ErrorOf(call);
    EXPECT_EQ(closed.code(), ErrorCode::kFailedPrecondition);
    EXPECT_NE(closed.message().find("closed"), std::string::npos) << closed.message();
  }
}

// A conflict of interest declared after the run stops its publication, and
// the run publishes once it is withdrawn.
TEST_F(WorkflowTest, PublishingRechecksAvoidListsChangedSinceTheRun) {
  const MatchingRun run = StartAndExecute();
  ASSERT_EQ(run.status, MatchingRunStatus::kDone) << run.error;
  const Proposal& first = run.result->proposals.front();
  const std::int64_t enrollment = [&] {
    store::Transaction tx = db_->Begin();
    return store::EnrollmentRepository(tx).FindByParticipantId(program_, first.mentee)->id;
  }();
  service::SetPreferences(*db_, coordinator_, enrollment, {}, {first.mentor});
  const Error stale = ErrorOf([&] { service::PublishMatchingRun(*db_, coordinator_, run.id); });
  EXPECT_EQ(stale.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(stale.message().find("the pair " + first.mentee + ":" + first.mentor),
            std::string::npos)
      << stale.message();
  EXPECT_NE(stale.message().find("avoid"), std::string::npos) << stale.message();
  EXPECT_TRUE(service::ListPairs(*db_, coordinator_, program_).empty());

  service::SetPreferences(*db_, coordinator_, enrollment, {}, {});
  EXPECT_EQ(service::PublishMatchingRun(*db_, coordinator_, run.id).size(),
            run.result->proposals.size());
}

// Members see their pair's score without the parts that would reveal a
// hidden attribute or a preference; coordinators see all of it.
TEST_F(WorkflowTest, MembersDoNotSeeBackgroundOrPreferenceScores) {
  for (const std::string mentee : {"E1", "E2", "E3", "E4", "E5"}) {  // every mentee ranks M4 first
    store::Transaction tx = db_->Begin();
    const std::int64_t id =
        store::EnrollmentRepository(tx).FindByParticipantId(program_, mentee)->id;
    tx.Commit();
    service::SetPreferences(
        *db_, coordinator_, id, {"M4"},
        mentee == "E1" ? std::vector<std::string>{"M2"} : std::vector<std::string>{});
  }
  const MatchingRun run = StartAndExecute();
  const std::vector<Pair> pairs = service::PublishMatchingRun(*db_, coordinator_, run.id);
  const auto with_m4 =
      std::find_if(pairs.begin(), pairs.end(), [](const Pair& p) { return p.mentor == "M4"; });
  ASSERT_NE(with_m4, pairs.end());
  const Pair full = service::GetPair(*db_, coordinator_, with_m4->id);
  ASSERT_TRUE(full.breakdown.count("background")) << "the engine reports every facet";
  ASSERT_GT(full.breakdown.at("preference"), 0);
  for (const std::string& who : {full.mentor, full.mentee}) {
    const Pair seen = service::GetPair(*db_, As(who), full.id);
    EXPECT_FALSE(seen.breakdown.count("background")) << who;
    EXPECT_FALSE(seen.breakdown.count("preference")) << who;
    EXPECT_TRUE(seen.breakdown.count("interests")) << who;
    // The score is what the parts shown add up to: the hidden ones cannot
    // be worked out from the difference.
    double shown = 0;
    for (const auto& [facet, points] : seen.breakdown) shown += points;
    EXPECT_NEAR(seen.score, shown, 1e-6) << who;
    EXPECT_NEAR(full.score - seen.score,
                full.breakdown.at("preference") + full.breakdown.at("background"), 1e-6);
    for (const Pair& p : service::ListPairs(*db_, As(who), program_)) {
      EXPECT_FALSE(p.breakdown.count("background")) << who;
      if (p.id == full.id) {
        EXPECT_EQ(p.score, seen.score) << who;
      }
    }
  }
}

// Capacity is the person's to state, but open pairs hold their places: a
// profile saved without capacity keeps it, and it cannot drop below them.
TEST_F(WorkflowTest, CapacityStaysAtLeastTheOpenPairs) {
  const Pair a = service::CreatePair(*db_, coordinator_, program_, "E1", "M4");
  service::CreatePair(*db_, coordinator_, program_, "E3", "M4");
  const std::int64_t m4 = a.mentor_enrollment_id;
  Participant p = service::GetProfile(*db_, As("M4"), m4);
  p.capacity = 0;  // not given
  p.bio = "New bio";
  EXPECT_EQ(service::SaveProfile(*db_, As("M4"), m4, p).capacity, 2);
  p.capacity = 1;
  const Error below = ErrorOf([&] { service::SaveProfile(*db_, As("M4"), m4, p); });
  EXPECT_EQ(below.code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(below.field(), "capacity");
  p.capacity = 3;
  EXPECT_EQ(service::SaveProfile(*db_, As("M4"), m4, p).capacity, 3);
  // A dissolved pair no longer holds a place: capacity 1 is then fine.
  service::DissolvePair(*db_, coordinator_, a.id, "schedules clash");
  p.capacity = 1;
  EXPECT_EQ(service::SaveProfile(*db_, As("M4"), m4, p).capacity, 1);
  // A run still works for everyone else.
  EXPECT_EQ(StartAndExecute().status, MatchingRunStatus::kDone);
}

// Withdrawing ends the person's pairs: the partner is free to be matched again.
TEST_F(WorkflowTest, WithdrawingDissolvesThePersonsOpenPairs) {
  const Pair a = service::CreatePair(*db_, coordinator_, program_, "E1", "M4");
  const Pair b = service::CreatePair(*db_, coordinator_, program_, "E3", "M4");
  const Pair c = service::CreatePair(*db_, coordinator_, program_, "E2", "M1");
  service::Withdraw(*db_, As("M4"), service::GetPair(*db_, coordinator_, a.id).mentor_enrollment_id,
                    "new job");
  for (const Pair& p : {a, b}) {
    const Pair now = service::GetPair(*db_, coordinator_, p.id);
    EXPECT_EQ(now.status, PairStatus::kDissolved);
    EXPECT_EQ(now.end_reason, "M4 withdrew: new job");
  }
  EXPECT_EQ(service::GetPair(*db_, coordinator_, c.id).status, PairStatus::kActive);
  EXPECT_EQ(service::GetProgramSummary(*db_, coordinator_, program_).mentees_matched, 1);
  // E1 may be paired anew.
  EXPECT_EQ(service::CreatePair(*db_, coordinator_, program_, "E1", "M3").status,
            PairStatus::kActive);
}

// One person enrolled as mentor and as mentee is never their own mentor: not
// by hand, not by a lock, not by a run.
TEST_F(WorkflowTest, NobodyIsPairedWithThemselves) {
  // M1's person also enrols as mentee E9, with M1's interests (their best
  // match on paper), at another institution.
  {
    store::Transaction tx = db_->Begin();
    const std::int64_t e9 =
        store::InsertTestEnrollment(tx, program_, users_.at("M1"), Role::kMentee, "E9");
    store::ParticipantRepository(tx).SaveProfile(
        e9, Person(Role::kMentee, "E9", "Ada Mentor", "Inst Z", {"thrombosis", "hemophilia"}));
    tx.Commit();
  }
  const Error by_hand =
      ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "E9", "M1"); });
  EXPECT_EQ(by_hand.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(by_hand.field(), "mentor");
  MatchingRunSettings locked;
  locked.locks = {{"E9", "M1"}};
  const Error lock =
      ErrorOf([&] { service::StartMatchingRun(*db_, coordinator_, program_, locked); });
  EXPECT_EQ(lock.field(), "locks[0]") << lock.message();
  // Every mentor but M1 is full and E1 withdraws: only E9 and M1 are left.
  for (const auto& [mentee, mentor] : std::vector<std::pair<const char*, const char*>>{
           {"E2", "M2"}, {"E3", "M4"}, {"E5", "M4"}, {"E4", "M3"}}) {
    service::CreatePair(*db_, coordinator_, program_, mentee, mentor);
  }
  {
    store::Transaction tx = db_->Begin(false);
    const auto e1 = store::EnrollmentRepository(tx).FindByParticipantId(program_, "E1");
    tx.Commit();
    service::Withdraw(*db_, coordinator_, e1->id, "");
  }
  const MatchingRun run = StartAndExecute();
  ASSERT_EQ(run.status, MatchingRunStatus::kDone) << run.error;
  for (const Proposal& p : run.result->proposals) {
    EXPECT_FALSE(p.mentee == "E9" && p.mentor == "M1");
  }
  ASSERT_EQ(run.result->proposals.size(), 0u);
  std::set<std::string> unmatched;
  for (const auto& u : run.result->unmatched) unmatched.insert(u.id);
  EXPECT_EQ(unmatched, (std::set<std::string>{"E9", "M1"}));
}

TEST_F(WorkflowTest, RematchProposesMentorsWithCapacityAndMovesNoPair) {
  const MatchingRun run = StartAndExecute();
  std::vector<Pair> pairs = service::PublishMatchingRun(*db_, coordinator_, run.id);
  // Free two mentees and their mentors' places. The dissolved partner is
  // never proposed again; the other freed mentor is. (Not E1: E1 avoids M2.)
  const Pair& freed =
      *std::find_if(pairs.begin(), pairs.end(), [](const Pair& p) { return p.mentee != "E1"; });
  service::DissolvePair(*db_, coordinator_, freed.id, "schedule conflict");
  const auto other = std::find_if(pairs.begin(), pairs.end(), [&](const Pair& p) {
    return p.mentor != freed.mentor && p.mentee != "E1";
  });
  ASSERT_NE(other, pairs.end());
  service::DissolvePair(*db_, coordinator_, other->id, "moved away");
  const std::vector<Pair> before = service::ListPairs(*db_, coordinator_, program_);

  const std::vector<Proposal> proposals =
      service::ProposeRematch(*db_, coordinator_, program_, freed.mentee, 10);
  ASSERT_FALSE(proposals.empty());
  std::map<std::string, int> open;  // mentor -> active pairs
  for (const Pair& p : before) {
    if (p.status == PairStatus::kActive) ++open[p.mentor];
  }
  const std::map<std::string, int> capacity = {{"M1", 1}, {"M2", 1}, {"M3", 1}, {"M4", 2}};
  for (size_t i = 0; i < proposals.size(); ++i) {
    const Proposal& p = proposals[i];
    SCOPED_TRACE(p.mentor);
    EXPECT_EQ(p.mentee, freed.mentee);
    EXPECT_LT(open[p.mentor], capacity.at(p.mentor));
    EXPECT_FALSE(p.mentor_name.empty());
    if (i > 0) {
      EXPECT_GE(proposals[i - 1].score, p.score);
    }
    EXPECT_FALSE(p.mentee == "E1" && p.mentor == "M2");
    EXPECT_NE(p.mentor, freed.mentor) << "the dissolved partner is proposed again";
  }
  EXPECT_TRUE(std::any_of(proposals.begin(), proposals.end(),
                          [&](const Proposal& p) { return p.mentor == other->mentor; }));
  // Nothing moved.
  const std::vector<Pair> after = service::ListPairs(*db_, coordinator_, program_);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].mentor, before[i].mentor);
    EXPECT_EQ(after[i].status, before[i].status);
  }
  // Once the dissolved partner is full again, asking still works.
  service::CreatePair(*db_, coordinator_, program_, other->mentee, freed.mentor);
  for (const Proposal& p :
       service::ProposeRematch(*db_, coordinator_, program_, freed.mentee, 10)) {
    EXPECT_NE(p.mentor, freed.mentor);
  }
  const Error unknown =
      ErrorOf([&] { service::ProposeRematch(*db_, coordinator_, program_, "nobody", 10); });
  EXPECT_EQ(unknown.code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.field(), "mentee");
  const Pair& kept = *std::find_if(pairs.begin(), pairs.end(), [&](const Pair& p) {
    return p.id != freed.id && p.id != other->id;
  });
  EXPECT_EQ(ErrorOf([&] {
              service::ProposeRematch(*db_, coordinator_, program_, kept.mentee, 10);
            }).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      ErrorOf([&] { service::ProposeRematch(*db_, As("M1"), program_, freed.mentee, 10); }).code(),
      ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowTest, WhenNoMentorHasRoomRematchSaysWhoWouldFitWithOneMorePlace) {
  const MatchingRun run = StartAndExecute();
  const std::vector<Pair> pairs = service::PublishMatchingRun(*db_, coordinator_, run.id);
  ASSERT_EQ(pairs.size(), 5u);  // every mentor is full
  const Pair& freed = pairs.front();
  service::DissolvePair(*db_, coordinator_, freed.id, "moved away");
  // The only mentor with room is the dissolved partner, never proposed again.
  EXPECT_TRUE(service::ProposeRematch(*db_, coordinator_, program_, freed.mentee, 10).empty());
  const std::vector<service::RaiseSuggestion> raise =
      service::ProposeIfRaised(*db_, coordinator_, program_, freed.mentee, 10);
  ASSERT_FALSE(raise.empty());
  const std::map<std::string, int> capacity = {{"M1", 1}, {"M2", 1}, {"M3", 1}, {"M4", 2}};
  for (size_t i = 0; i < raise.size(); ++i) {
    SCOPED_TRACE(raise[i].proposal.mentor);
    EXPECT_NE(raise[i].proposal.mentor, freed.mentor);
    EXPECT_EQ(raise[i].proposal.mentee, freed.mentee);
    EXPECT_EQ(raise[i].capacity, capacity.at(raise[i].proposal.mentor));
    if (i > 0) {
      EXPECT_GE(raise[i - 1].proposal.score, raise[i].proposal.score);
    }
  }
}

TEST_F(WorkflowTest, CreatePairRefusesAHardRuleBreak) {
  const Error avoid =
      ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "E1", "M2"); });
  EXPECT_EQ(avoid.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(avoid.message().find("avoid"), std::string::npos) << avoid.message();

  const Pair made = service::CreatePair(*db_, coordinator_, program_, "E1", "M1");
  EXPECT_EQ(made.status, PairStatus::kActive);
  EXPECT_GT(made.score, 0);
  EXPECT_EQ(made.breakdown.size(), 8u);
  const Error again =
      ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "E1", "M1"); });
  EXPECT_EQ(again.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(again.message().find("already paired"), std::string::npos) << again.message();
  const Error full =
      ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "E4", "M1"); });
  EXPECT_EQ(full.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(full.message().find("capacity"), std::string::npos) << full.message();
  const Error mentee_full =
      ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "E1", "M3"); });
  EXPECT_EQ(mentee_full.code(), ErrorCode::kFailedPrecondition);
  const Error wrong_side =
      ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "M3", "E2"); });
  EXPECT_EQ(wrong_side.code(), ErrorCode::kNotFound);
  EXPECT_EQ(wrong_side.field(), "mentee");
  {
    store::Transaction tx = db_->Begin();
    store::SetTestEnrollmentStatus(tx, program_, "E5", "withdrawn");
    tx.Commit();
  }
  EXPECT_EQ(ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "E5", "M4"); }).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(ErrorOf([&] { service::CreatePair(*db_, As("M4"), program_, "E3", "M4"); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service::ListPairs(*db_, coordinator_, program_).size(), 1u);
}

TEST_F(WorkflowTest, SummaryHasCountsAndNoNames) {
  const service::ProgramSummary empty = service::GetProgramSummary(*db_, evaluator_, program_);
  EXPECT_EQ(empty.mentees_matched, 0);
  EXPECT_FALSE(empty.mean_score) << "no pairs: no mean score, not 0";
  EXPECT_FALSE(empty.min_score);
  const MatchingRun run = StartAndExecute();
  const std::vector<Pair> pairs = service::PublishMatchingRun(*db_, coordinator_, run.id);
  service::DissolvePair(*db_, coordinator_, pairs[0].id, "did not meet");
  const service::ProgramSummary s = service::GetProgramSummary(*db_, evaluator_, program_);
  EXPECT_EQ(s.program_id, program_);
  EXPECT_EQ(s.enrollments.at("mentor.active"), 4);
  EXPECT_EQ(s.enrollments.at("mentee.active"), 5);
  EXPECT_EQ(s.pairs.at("active"), static_cast<int>(pairs.size()) - 1);
  EXPECT_EQ(s.pairs.at("dissolved"), 1);
  EXPECT_EQ(s.mentees_matched, static_cast<int>(pairs.size()) - 1);
  double sum = 0, min = 1e9;
  for (size_t i = 1; i < pairs.size(); ++i) {
    sum += pairs[i].score;
    min = std::min(min, pairs[i].score);
  }
  ASSERT_TRUE(s.mean_score && s.min_score);
  EXPECT_NEAR(*s.mean_score, sum / (pairs.size() - 1), 1e-9);
  EXPECT_NEAR(*s.min_score, min, 1e-9);
  for (const auto* counts : {&s.enrollments, &s.pairs}) {
    for (const auto& [key, n] : *counts) {
      EXPECT_EQ(key.find("Mentor"), std::string::npos) << key;
      EXPECT_EQ(key.find("Mentee"), std::string::npos) << key;
      EXPECT_TRUE(key.find('@') == std::string::npos) << key;
    }
  }
  EXPECT_EQ(service::GetProgramSummary(*db_, coordinator_, program_).pairs, s.pairs);
  EXPECT_EQ(ErrorOf([&] { service::GetProgramSummary(*db_, As("M1"), program_); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::GetProgramSummary(*db_, outsider_, program_); }).code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowTest, AuditIsWrittenAndPaged) {
  const MatchingRun run = StartAndExecute();
  service::PublishMatchingRun(*db_, coordinator_, run.id);
  store::AuditFilter all;
  all.limit = 500;
  const auto everything = service::ListAudit(*db_, coordinator_, program_, all);
  std::set<std::string> actions;
  for (const auto& e : everything) actions.insert(e.action);
  for (const char* action : {"program.create", "matching_run.start", "matching_run.finish",
                             "matching_run.publish", "pair.create"}) {
    EXPECT_TRUE(actions.count(action)) << action;
  }
  // Pages of 2 walk the same entries, newest first, each once.
  std::vector<std::int64_t> walked;
  store::AuditFilter page;
  page.limit = 2;
  for (int guard = 0; guard < 100; ++guard) {
    const auto entries = service::ListAudit(*db_, coordinator_, program_, page);
    EXPECT_LE(entries.size(), 2u);
    for (const auto& e : entries) walked.push_back(e.id);
    const auto next = service::NextAuditBefore(entries, page.limit);
    if (!next) break;
    page.before_id = next;
  }
  ASSERT_EQ(walked.size(), everything.size());
  for (size_t i = 0; i < walked.size(); ++i) EXPECT_EQ(walked[i], everything[i].id);
  // Filters, and who may read.
  store::AuditFilter pairs_only;
  pairs_only.entity = "pair";
  for (const auto& e : service::ListAudit(*db_, coordinator_, program_, pairs_only)) {
    EXPECT_EQ(e.entity, "pair");
    EXPECT_FALSE(e.after_json.empty());
  }
  store::AuditFilter zero;
  zero.limit = 0;
  const Error bad = ErrorOf([&] { service::ListAudit(*db_, coordinator_, program_, zero); });
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.field(), "limit");
  EXPECT_EQ(ErrorOf([&] { service::ListAudit(*db_, evaluator_, program_, {}); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::ListAudit(*db_, coordinator_, std::nullopt, {}); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_FALSE(service::ListAudit(*db_, Actor::CommandLine(), std::nullopt, {}).empty());
}

// ---- Jobs ----

TEST_F(WorkflowTest, TwoWorkersRunEveryJobExactlyOnce) {
  constexpr int kJobs = 200;
  {
    store::Transaction tx = db_->Begin();
    store::JobRepository jobs(tx);
    for (int i = 0; i < kJobs; ++i) jobs.Enqueue("count", "{\"n\": " + std::to_string(i) + "}");
    tx.Commit();
  }
  std::mutex mutex;
  std::map<std::int64_t, int> runs;  // job id -> executions
  std::set<std::string> workers;
  const auto handlers = [&] {
    std::map<std::string, jobs::JobHandler> h;
    h["count"] = [&](const store::Job& job) {
      std::this_thread::sleep_for(1ms);
      std::lock_guard lock(mutex);
      ++runs[job.id];
      workers.insert(job.claimed_by.substr(0, job.claimed_by.find(':')));
    };
    return h;
  };
  // Two Database objects: as two server processes would have.
  auto other = store::Database::Open(url_, 4);
  jobs::Worker a(*db_, handlers(), {.threads = 2, .poll_interval = 20ms, .name = "a"});
  jobs::Worker b(*other, handlers(), {.threads = 2, .poll_interval = 20ms, .name = "b"});
  a.Start();
  b.Start();
  ASSERT_TRUE(WaitFor([&] {
    store::Transaction tx = db_->Begin(false);
    return store::JobRepository(tx).Count().done == kJobs;
  }));
  a.Stop();
  b.Stop();
  std::lock_guard lock(mutex);
  EXPECT_EQ(runs.size(), static_cast<size_t>(kJobs));
  for (const auto& [id, n] : runs) EXPECT_EQ(n, 1) << "job " << id;
  EXPECT_EQ(workers, (std::set<std::string>{"a", "b"}));
  store::Transaction tx = db_->Begin(false);
  const store::JobCounts counts = store::JobRepository(tx).Count();
  EXPECT_EQ(counts.queued + counts.running + counts.failed, 0);
}

TEST_F(WorkflowTest, AJobWhoseWorkerDiedIsRetried) {
  std::int64_t id = 0;
  {
    store::Transaction tx = db_->Begin();
    id = store::JobRepository(tx).Enqueue("count", "{}", 3);
    tx.Commit();
  }
  // A worker claims it with a 1-second lease and dies (never renews).
  const auto claimed = store::ClaimJob(*db_, "dead:1:0", 1);
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->id, id);
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_FALSE(store::ClaimJob(*db_, "other:1:0", 30).has_value());  // still leased

  std::atomic<int> runs{0};
  std::map<std::string, jobs::JobHandler> handlers;
  handlers["count"] = [&](const store::Job& job) {
    EXPECT_EQ(job.attempts, 2);
    ++runs;
  };
  jobs::Worker worker(*db_, handlers, {.poll_interval = 50ms, .name = "alive"});
  worker.Start();
  ASSERT_TRUE(WaitFor([&] {
    store::Transaction tx = db_->Begin(false);
    return store::JobRepository(tx).Find(id)->status == store::JobStatus::kDone;
  }));
  worker.Stop();
  EXPECT_EQ(runs.load(), 1);
  store::Transaction tx = db_->Begin(false);
  const store::Job job = *store::JobRepository(tx).Find(id);
  EXPECT_EQ(job.attempts, 2);
  EXPECT_EQ(job.claimed_by, "alive:0");
  // The dead worker's late report changes nothing.
  tx.Commit();
  store::FailJob(*db_, id, "dead:1:0", "late", true);
  EXPECT_FALSE(store::RenewJobLease(*db_, id, "dead:1:0", 30));
  store::Transaction check = db_->Begin(false);
  EXPECT_EQ(store::JobRepository(check).Find(id)->status, store::JobStatus::kDone);
}

TEST_F(WorkflowTest, AttemptsExhaustedFailTheJob) {
  std::int64_t flaky = 0, broken = 0, unknown = 0, abandoned = 0;
  {
    store::Transaction tx = db_->Begin();
    store::JobRepository jobs(tx);
    flaky = jobs.Enqueue("flaky", "{}", 2);
    broken = jobs.Enqueue("broken", "{}", 3);
    unknown = jobs.Enqueue("no-such-kind", "{}", 3);
    abandoned = jobs.Enqueue("never", "{}", 1);
    tx.Commit();
  }
  // `abandoned` is claimed by a worker that dies on its only attempt. Claims
  // are oldest first, so claim the three before it and put them back.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(store::ClaimJob(*db_, "dead:2:0", 1).has_value());
  for (std::int64_t id : {flaky, broken, unknown}) {
    store::FailJob(*db_, id, "dead:2:0", "put back", true);
  }
  std::atomic<int> flaky_runs{0}, broken_runs{0};
  std::map<std::string, jobs::JobHandler> handlers;
  handlers["flaky"] = [&](const store::Job&) {
    ++flaky_runs;
    throw Error(ErrorCode::kUnavailable, "the database went away");
  };
  handlers["broken"] = [&](const store::Job&) {
    ++broken_runs;
    throw InvalidArgument("the payload makes no sense");
  };
  std::vector<std::string> log;
  std::mutex log_mutex;
  jobs::Worker worker(
      *db_, handlers,
      {.poll_interval = 50ms, .name = "w", .retry_delay = 0s, .log = [&](const std::string& line) {
         std::lock_guard lock(log_mutex);
         log.push_back(line);
       }});
  worker.Start();
  const auto status = [&](std::int64_t id) {
    store::Transaction tx = db_->Begin(false);
    return *store::JobRepository(tx).Find(id);
  };
  ASSERT_TRUE(WaitFor([&] {
    for (std::int64_t id : {flaky, broken, unknown, abandoned}) {
      if (status(id).status != store::JobStatus::kFailed) return false;
    }
    return true;
  }));
  worker.Stop();
  // flaky had two attempts before: one put back above counts as the first.
  EXPECT_EQ(status(flaky).attempts, 2);
  EXPECT_EQ(flaky_runs.load(), 1);
  EXPECT_EQ(status(flaky).last_error, "the database went away");
  EXPECT_EQ(broken_runs.load(), 1);  // not transient: no retry
  EXPECT_EQ(status(broken).last_error, "the payload makes no sense");
  EXPECT_NE(status(unknown).last_error.find("no-such-kind"), std::string::npos);
  EXPECT_NE(status(abandoned).last_error.find("lease"), std::string::npos);
  EXPECT_EQ(status(abandoned).attempts, 1);
  std::lock_guard lock(log_mutex);
  EXPECT_FALSE(log.empty());
}

TEST_F(WorkflowTest, ARunWhoseJobIsOutOfAttemptsReadsFailed) {
  const MatchingRun run = service::StartMatchingRun(*db_, coordinator_, program_, {});
  // Three workers in a row die holding the job.
  for (int attempt = 0; attempt < 3; ++attempt) {
    ASSERT_TRUE(WaitFor([&] { return store::ClaimJob(*db_, "dead:3:0", 1).has_value(); }, 10s));
  }
  ASSERT_TRUE(WaitFor(
      [&] {
        store::ClaimJob(*db_, "sweeper:0", 1);  // marks the exhausted job failed
        return service::GetMatchingRun(*db_, coordinator_, run.id).status ==
               MatchingRunStatus::kFailed;
      },
      10s));
  const MatchingRun failed = service::GetMatchingRun(*db_, coordinator_, run.id);
  EXPECT_NE(failed.error.find("lease"), std::string::npos) << failed.error;
  EXPECT_EQ(ErrorOf([&] { service::PublishMatchingRun(*db_, coordinator_, run.id); }).code(),
            ErrorCode::kFailedPrecondition);
}

}  // namespace
// A recurring job runs once per slot: with two instances planning it, after
// a restart plans it again, and after the worker running it died (the retry
// is the same job); the next slot is a new job.
TEST_F(WorkflowTest, ARecurringSlotRunsOnceAcrossInstancesRestartsAndCrashes) {
  auto clock = std::make_shared<MovableClock>();
  auto a_db = store::Database::Open(url_, 4, clock);
  auto b_db = store::Database::Open(url_, 4, clock);
  std::mutex mutex;
  std::map<std::string, int> runs;  // slot -> completed runs
  const auto handlers = [&] {
    std::map<std::string, jobs::JobHandler> h;
    h["tick"] = [&](const store::Job& job) {
      std::lock_guard lock(mutex);
      ++runs[job.slot];
    };
    return h;
  };
  const jobs::WorkerOptions options{
      .threads = 1,
      .poll_interval = 20ms,
      .recurring = {{.kind = "tick", .when = calendar::Recurrence::Every(std::chrono::hours(1))}}};
  const auto ticks = [&] {
    store::Transaction tx = db_->Begin(false);
    return store::JobRepository(tx).List({.kind = "tick"});
  };
  const auto all_done = [&](std::size_t n) {
    return WaitFor([&] {
      const auto jobs = ticks();
      return jobs.size() == n && std::all_of(jobs.begin(), jobs.end(), [](const store::Job& j) {
               return j.status == store::JobStatus::kDone;
             });
    });
  };
  {
    jobs::WorkerOptions named = options;
    named.name = "a";
    jobs::Worker a(*a_db, handlers(), named);
    named.name = "b";
    jobs::Worker b(*b_db, handlers(), named);
    a.Start();
    b.Start();
    ASSERT_TRUE(all_done(1));
    std::this_thread::sleep_for(100ms);  // both have planned by now
  }
  // A restart plans the same slot again: still one job.
  {
    jobs::Worker again(*a_db, handlers(), options);
    again.Start();
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(ticks().size(), 1u);
  const std::string first_slot = ticks()[0].slot;
  EXPECT_EQ(first_slot, FormatUtc(calendar::LatestSlot(options.recurring[0].when, clock->Now())));

  // The next hour: a worker claims the new slot and dies; the survivor runs
  // the same job again (attempt 2), and no second job appears for the slot.
  clock->Advance(std::chrono::hours(1));
  const SysSeconds second = calendar::LatestSlot(options.recurring[0].when, clock->Now());
  EXPECT_TRUE(store::PlanRecurringJob(*a_db, "tick", second));
  EXPECT_FALSE(store::PlanRecurringJob(*b_db, "tick", second));
  ASSERT_TRUE(store::ClaimJob(*a_db, "dead:9:0", 1).has_value());
  {
    jobs::Worker survivor(*b_db, handlers(), options);
    survivor.Start();
    ASSERT_TRUE(all_done(2));
  }
  const auto jobs = ticks();
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].slot, FormatUtc(second));  // newest first
  EXPECT_EQ(jobs[0].attempts, 2);
  std::lock_guard lock(mutex);
  EXPECT_EQ(runs, (std::map<std::string, int>{{first_slot, 1}, {FormatUtc(second), 1}}));
}

// The example recurring job end to end: sessions that expired are purged by
// "purge_sign_ins" once the clock passes 03:00 UTC.
TEST_F(WorkflowTest, ExpiredSessionsArePurgedDailyOnTheMovedClock) {
  auto clock = std::make_shared<MovableClock>();
  auto db = store::Database::Open(url_, 4, clock);
  service::CreateUser(*db, Actor::CommandLine(),
                      {"purge@example.org", "Pur Ge", "purge-password-1", false});
  service::SignIn(*db, "purge@example.org", "purge-password-1", "10.0.0.9");
  const auto sessions = [&] {
    store::Transaction tx = db->Begin(false);
    return store::CountRows(tx, "sessions");
  };
  ASSERT_EQ(sessions(), 1);
  jobs::Worker worker(*db, jobs::StandardHandlers(*db),
                      {.poll_interval = 20ms, .recurring = jobs::StandardRecurringJobs()});
  worker.Start();
  // Today's run (already due) leaves the live session alone.
  ASSERT_TRUE(WaitFor([&] {
    store::Transaction tx = db->Begin(false);
    const auto done = store::JobRepository(tx).List(
        {.status = store::JobStatus::kDone, .kind = "purge_sign_ins"});
    return done.size() == 1;
  }));
  EXPECT_EQ(sessions(), 1);
  // 31 days on the session has expired; the next 03:00 slot removes it.
  clock->Advance(std::chrono::hours(24 * 31));
  worker.Notify();
  ASSERT_TRUE(WaitFor([&] { return sessions() == 0; }));
  worker.Stop();
  store::Transaction tx = db->Begin(false);
  const auto runs = store::JobRepository(tx).List({.kind = "purge_sign_ins"});
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].slot.substr(10), "T03:00:00Z");
  EXPECT_EQ(runs[0].status, store::JobStatus::kDone);
}

// Failed attempts wait longer each time, up to the cap.
TEST(RetryDelay, DoublesUpToTheCap) {
  const jobs::WorkerOptions options{.retry_delay = std::chrono::seconds(5),
                                    .max_retry_delay = std::chrono::seconds(60)};
  EXPECT_EQ(jobs::RetryDelay(options, 1).count(), 5);
  EXPECT_EQ(jobs::RetryDelay(options, 2).count(), 10);
  EXPECT_EQ(jobs::RetryDelay(options, 4).count(), 40);
  EXPECT_EQ(jobs::RetryDelay(options, 5).count(), 60);
  EXPECT_EQ(jobs::RetryDelay(options, 100).count(), 60);
}

}  // namespace tandem

namespace tandem {
namespace {

// The audit log names people and things (issue 14: it showed "user:431"):
// the actor's name for every reader, their e-mail only for admins, and what
// each entry is about.
TEST_F(WorkflowTest, AuditNamesPeopleAndThings) {
  const Pair pair = service::CreatePair(*db_, coordinator_, program_, "E1", "M1");
  service::DissolvePair(*db_, coordinator_, pair.id, "Moved away");
  store::AuditFilter pairs_only;
  pairs_only.entity = "pair";
  const auto as_coordinator = service::ListAudit(*db_, coordinator_, program_, pairs_only);
  ASSERT_EQ(as_coordinator.size(), 2u);
  for (const auto& e : as_coordinator) {
    EXPECT_EQ(e.actor, "user:" + std::to_string(*coordinator_.user_id)) << e.action;
    EXPECT_EQ(e.actor_name, "Co Ord") << e.action;
    EXPECT_EQ(e.actor_email, "") << "a coordinator does not see the account's e-mail";
    EXPECT_EQ(e.entity_name, "Eve Mentee and Ada Mentor") << e.action;
    EXPECT_EQ(e.program_name, "Fellows");
  }
  const Actor admin = Actor::User(*coordinator_.user_id, true);
  const auto as_admin = service::ListAudit(*db_, admin, std::nullopt, pairs_only);
  ASSERT_FALSE(as_admin.empty());
  EXPECT_EQ(as_admin.front().actor_email, "coord@example.org");
  // The program itself, an enrollment, and the command line (no person).
  store::AuditFilter programs_only;
  programs_only.entity = "program";
  const auto created = service::ListAudit(*db_, coordinator_, program_, programs_only);
  ASSERT_FALSE(created.empty());
  EXPECT_EQ(created.back().entity_name, "Fellows");
  EXPECT_EQ(created.back().actor, "cli");
  EXPECT_EQ(created.back().actor_name, "");
  const std::int64_t e1 = [&] {
    store::Transaction tx = db_->Begin(false);
    return store::EnrollmentRepository(tx).FindByParticipantId(program_, "E1")->id;
  }();
  service::Withdraw(*db_, coordinator_, e1, "Left the program");
  store::AuditFilter enrollments_only;
  enrollments_only.entity = "enrollment";
  const auto withdrawn = service::ListAudit(*db_, coordinator_, program_, enrollments_only);
  ASSERT_FALSE(withdrawn.empty());
  EXPECT_EQ(withdrawn.front().entity_name, "Eve Mentee (mentee)");
}

// Institutions: an admin renames one and merges two names of the same place,
// moving everyone; both audited, nobody else may.
TEST_F(WorkflowTest, AdminsRenameAndMergeInstitutions) {
  const Actor admin = Actor::User(*coordinator_.user_id, true);
  const auto find = [&](const std::string& name) {
    for (const auto& i : service::ListInstitutions(*db_, admin)) {
      if (i.name == name) return i;
    }
    ADD_FAILURE() << "no institution " << name;
    return service::Institution{};
  };
  const service::Institution a = find("Inst A");
  const service::Institution e = find("Inst E");
  EXPECT_EQ(a.people, 1);
  EXPECT_EQ(ErrorOf([&] { service::RenameInstitution(*db_, coordinator_, a.id, "X"); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::MergeInstitutions(*db_, coordinator_, e.id, a.id); }).code(),
            ErrorCode::kPermissionDenied);
  const Error taken = ErrorOf([&] { service::RenameInstitution(*db_, admin, a.id, "Inst B"); });
  EXPECT_EQ(taken.code(), ErrorCode::kConflict);
  EXPECT_EQ(taken.field(), "name");
  EXPECT_EQ(ErrorOf([&] { service::RenameInstitution(*db_, admin, a.id, "  "); }).field(), "name");
  EXPECT_EQ(ErrorOf([&] { service::RenameInstitution(*db_, admin, 999999, "Y"); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(service::RenameInstitution(*db_, admin, a.id, "Institute A").name, "Institute A");

  const Error self = ErrorOf([&] { service::MergeInstitutions(*db_, admin, a.id, a.id); });
  EXPECT_EQ(self.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(self.field(), "into");
  const Error missing = ErrorOf([&] { service::MergeInstitutions(*db_, admin, e.id, 999999); });
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.field(), "into");
  const service::InstitutionMerge merged = service::MergeInstitutions(*db_, admin, e.id, a.id);
  EXPECT_EQ(merged.into.name, "Institute A");
  EXPECT_EQ(merged.moved, 1);
  EXPECT_EQ(find("Institute A").people, 2);
  for (const auto& i : service::ListInstitutions(*db_, admin)) EXPECT_NE(i.name, "Inst E");
  // E1 now works at Institute A, so M1 (also there) is no longer a
  // cross-institution partner for E1.
  const std::int64_t e1 = [&] {
    store::Transaction tx = db_->Begin(false);
    return store::EnrollmentRepository(tx).FindByParticipantId(program_, "E1")->id;
  }();
  EXPECT_EQ(service::GetProfile(*db_, coordinator_, e1).institution, "Institute A");
  EXPECT_EQ(ErrorOf([&] { service::CreatePair(*db_, coordinator_, program_, "E1", "M1"); }).code(),
            ErrorCode::kFailedPrecondition);

  store::AuditFilter institutions;
  institutions.entity = "institution";
  const auto entries = service::ListAudit(*db_, admin, std::nullopt, institutions);
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "institution.merge");
  EXPECT_EQ(entries[0].entity_name, "Institute A");
  EXPECT_NE(entries[0].after_json.find("\"people_moved\":1"), std::string::npos)
      << entries[0].after_json;
  EXPECT_NE(entries[0].before_json.find("Inst E"), std::string::npos);
  EXPECT_EQ(entries[1].action, "institution.rename");
  EXPECT_NE(entries[1].before_json.find("Inst A"), std::string::npos);
}

}  // namespace
}  // namespace tandem
