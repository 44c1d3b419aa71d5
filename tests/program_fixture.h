// For the service-level tests: a program on a fresh test database (SQLite,
// or PostgreSQL from TANDEM_TEST_POSTGRES) with its people imported, a
// coordinator (C1), an evaluator (V1), someone outside the program, and the
// pairs E1–M1 and E2–M2, all on a clock the test moves.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/text.h"
#include "service/actor.h"
#include "service/import_plan.h"
#include "service/pairs.h"
#include "service/programs.h"
#include "store/database.h"
#include "store/enrollment_repository.h"
#include "store/participant_repository.h"
#include "store/testing.h"

namespace tandem::testing {

// A participant "<id> Person" <id>@example.org at "Inst <id>", interested in
// thrombosis, in `zone` and free in `availability`.
inline Participant TestPerson(Role role, const std::string& id,
                              const std::string& zone = "America/New_York",
                              std::vector<WeeklyWindow> availability = {
                                  {1 * 1440 + 10 * 60, 120}}) {
  Participant p;
  p.role = role;
  p.id = id;
  p.name = id + " Person";
  p.email = ToLower(id) + "@example.org";
  p.institution = "Inst " + id;
  p.time_zone = zone;
  p.interests = {"thrombosis"};
  p.availability = std::move(availability);
  return p;
}

class ProgramFixture : public ::testing::Test {
 protected:
  // Opens a database named `prefix` and the running test's name, creates
  // `program` and imports `people` (who must include M1, E1, M2 and E2).
  void SetUpProgram(const std::string& prefix, const Program& program,
                    const std::vector<Participant>& people) {
    test_db_ = std::make_unique<store::TestDatabaseUrl>(
        prefix + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    db_ = store::Database::Open(test_db_->url(), 4, clock_);
    db_->Migrate();
    program_ = service::CreateProgram(*db_, service::Actor::CommandLine(), program).id;
    store::Transaction tx = db_->Begin();
    store::ParticipantRepository repo(tx);
    repo.Write(program_, people,
               service::PlanImport(repo.ReadForImport(program_, people), people, {}).plan);
    const std::int64_t coordinator = store::InsertTestUser(tx, "coord@example.org", "Co Ord");
    store::InsertTestEnrollment(tx, program_, coordinator, Role::kCoordinator, "C1");
    const std::int64_t evaluator = store::InsertTestUser(tx, "eval@example.org", "Ev Al");
    store::InsertTestEnrollment(tx, program_, evaluator, Role::kEvaluator, "V1");
    outsider_ =
        service::Actor::User(store::InsertTestUser(tx, "out@example.org", "Out Sider"), false);
    for (const Participant& person : people) {
      users_[person.id] = store::TestUserOf(tx, program_, person.id);
    }
    for (const Enrollment& e : store::EnrollmentRepository(tx).List(program_)) {
      enrollments_[e.participant_id] = e.id;
    }
    tx.Commit();
    coordinator_ = service::Actor::User(coordinator, false);
    evaluator_ = service::Actor::User(evaluator, false);
    pair1_ = service::CreatePair(*db_, coordinator_, program_, "E1", "M1").id;
    pair2_ = service::CreatePair(*db_, coordinator_, program_, "E2", "M2").id;
  }

  // The signed-in person with participant id `id`, and their enrollment.
  service::Actor As(const std::string& id) { return service::Actor::User(users_.at(id), false); }
  std::int64_t Enrolment(const std::string& id) { return enrollments_.at(id); }

  std::shared_ptr<MovableClock> clock_ = std::make_shared<MovableClock>();
  std::unique_ptr<store::TestDatabaseUrl> test_db_;
  std::unique_ptr<store::Database> db_;
  std::int64_t program_ = 0, pair1_ = 0, pair2_ = 0;
  std::map<std::string, std::int64_t> users_, enrollments_;
  service::Actor coordinator_, evaluator_, outsider_;
};

}  // namespace tandem::testing
