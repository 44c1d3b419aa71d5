// The store on a real database. Runs once on SQLite (a fresh file) and once on
// PostgreSQL (TANDEM_TEST_POSTGRES, set by scripts/with-postgres.sh); the same
// cases for both.
#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "core/participant_csv.h"
#include "service/demo.h"
#include "service/participants.h"
#include "service/programs.h"
#include "store/audit_log.h"
#include "store/database.h"
#include "store/enrollment_repository.h"
#include "store/matching_run_repository.h"
#include "store/migrations.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"
#include "store/stored_json.h"
#include "store/testing.h"
#include "store/user_repository.h"

namespace tandem {
namespace {

// A fresh, empty, migrated database for one test.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<store::TestDatabaseUrl>(
        "store-test-" +
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    url_ = test_db_->url();
    db_ = store::Database::Open(url_, 4);
    db_->Migrate();
  }
  void TearDown() override {
    db_.reset();
    test_db_.reset();
  }
  // Drops every table (the store's test helper: SQL stays in store/).
  static void Wipe(store::Transaction& tx) { store::DropAllTables(tx); }
  // Back to before migration 20 (pairs_program by status): 21 first, only
  // forgotten (applied again, it rebuilds the same tables).
  static void UndoMigrationsTo20(store::Transaction& tx) {
    store::UndoMigration(tx, 21, "");
    store::UndoMigration(tx, 20,
                         "DROP INDEX pairs_program; "
                         "CREATE INDEX pairs_program ON pairs(program_id, status);");
  }

  Program NewProgram(const std::string& name) {
    Program p;
    p.name = name;
    p.field = "hematology";
    p.cross_institution = true;
    p.starts_on = "2026-07-01";
    p.ends_on = "2027-06-30";
    return service::CreateProgram(*db_, service::Actor::CommandLine(), p);
  }

  std::string url_;
  std::unique_ptr<store::TestDatabaseUrl> test_db_;  // after db_ is closed
  std::unique_ptr<store::Database> db_;
};

TEST_F(StoreTest, MigrateIsRecordedAndIdempotent) {
  const auto applied = db_->AppliedMigrations();
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied[0].version, 1);
  EXPECT_EQ(applied[0].name, "0001_init.sql");
  EXPECT_TRUE(db_->Migrate().empty());
  EXPECT_EQ(db_->AppliedMigrations().size(), applied.size());
  EXPECT_TRUE(db_->Ping());
}

TEST_F(StoreTest, ConcurrentMigrationsApplyOnce) {
  // Back to an empty database, then several openers race to migrate it.
  {
    store::Transaction tx = db_->Begin();
    Wipe(tx);
    tx.Commit();
  }
  std::vector<std::thread> threads;
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      try {
        auto db = store::Database::Open(url_, 1);
        applied += static_cast<int>(db->Migrate().size());
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  const size_t all = store::MigrationsFor(db_->dialect()).size();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(applied.load(), static_cast<int>(all));  // each migration applied exactly once
  EXPECT_EQ(db_->AppliedMigrations().size(), all);
}

TEST_F(StoreTest, ProgramsRoundTripAndNamesAreUnique) {
  Program p;
  p.name = "Nurse Mentoring";
  p.field = "oncology nursing";
  p.kind = ProgramKind::kCohort;
  p.objectives = "Retention of new oncology nurses";
  p.starts_on = "2026-09-01";
  p.ends_on = "2027-08-31";
  p.cadence_days = 14;
  p.meeting_mode = MeetingMode::kHybrid;
  p.weights.language = 12.5;
  p.max_time_zone_difference_hours = 2;
  const Program stored = service::CreateProgram(*db_, service::Actor::CommandLine(), p);
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.name, p.name);
  EXPECT_EQ(stored.meeting_mode, MeetingMode::kHybrid);
  EXPECT_EQ(stored.weights, p.weights);
  EXPECT_EQ(stored.max_time_zone_difference_hours, 2);
  EXPECT_FALSE(stored.min_score.has_value());
  EXPECT_EQ(service::FindProgram(*db_, std::to_string(stored.id)).name, p.name);
  EXPECT_EQ(service::FindProgram(*db_, p.name).id, stored.id);

  try {
    service::CreateProgram(*db_, service::Actor::CommandLine(), p);
    FAIL() << "duplicate name accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
    EXPECT_EQ(e.field(), "name");
  }
  // The audit log has the creation with the program as it was stored.
  store::Transaction tx = db_->Begin(false);
  const auto entries = store::AuditLog(tx).List({.program_id = stored.id});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "program.create");
  EXPECT_EQ(entries[0].actor, "cli");
  EXPECT_NE(entries[0].after_json.find("Nurse Mentoring"), std::string::npos);
}

TEST_F(StoreTest, ImportIsAllOrNothingAndExportRoundTrips) {
  const Program program = NewProgram("Fellows");
  const std::string header =
      "role,id,name,email,institution,career_stage,time_zone,capacity,interests,background,"
      "match_on,availability,prefer,avoid\n";
  const std::string good =
      header +
      "mentor,m1,Ana Ruiz,ana@uhn.ca,UHN,professor,America/Toronto,2,thrombosis,gender:woman,,"
      "Mon 18:00-20:00,,f2\n"
      "mentor,m2,Bo Chen,bo@ucsf.edu,UCSF,associate professor,America/Los_Angeles,1,hemophilia,,,"
      "Fri 22:00-01:00,,\n"
      "mentee,f1,Sam Lee,sam@mcw.edu,MCW,fellow pgy5,America/Chicago,1,thrombosis;sickle cell "
      "disease,gender:woman,gender,Tue 19:00-21:00,m2;m1,\n"
      "mentee,f2,Kim Park,kim@mcw.edu,MCW,fellow pgy4,America/Chicago,1,,,,,,m1\n";
  // One bad row: nothing at all is written.
  std::string bad = good + "mentee,f3,Lu,lu@x.org,MCW,,Nowhere/Zone,1,,,,,,\n";
  std::istringstream bad_in(bad);
  auto report =
      service::ImportParticipants(*db_, service::Actor::CommandLine(), program.id, bad_in);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.errors[0].row, 6);
  EXPECT_EQ(report.errors[0].column, "time_zone");
  EXPECT_TRUE(service::LoadParticipants(*db_, program.id).empty());

  std::istringstream good_in(good);
  report = service::ImportParticipants(*db_, service::Actor::CommandLine(), program.id, good_in);
  ASSERT_TRUE(report.ok()) << FormatProblem(report.errors[0]);
  EXPECT_EQ(report.added, 4);

  std::istringstream original(good);
  const auto expected = ReadParticipantCsv(original, DefaultTaxonomy()).participants;
  const auto loaded = service::LoadParticipants(*db_, program.id);
  EXPECT_EQ(loaded, expected);

  // Export, then import the export into a second program: same data.
  std::stringstream exported;
  EXPECT_EQ(service::ExportParticipants(*db_, service::Actor::CommandLine(), program.id, exported),
            4);
  const Program copy = NewProgram("Fellows copy");
  report = service::ImportParticipants(*db_, service::Actor::CommandLine(), copy.id, exported);
  ASSERT_TRUE(report.ok()) << FormatProblem(report.errors[0]);
  EXPECT_EQ(service::LoadParticipants(*db_, copy.id), expected);

  // Re-importing replaces profiles by id and adds nobody.
  std::string changed = good;
  changed.replace(changed.find("thrombosis;sickle cell disease"), 30, "iron disorders");
  std::istringstream changed_in(changed);
  report = service::ImportParticipants(*db_, service::Actor::CommandLine(), program.id, changed_in);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.added, 0);
  EXPECT_EQ(report.updated, 4);
  const auto reloaded = service::LoadParticipants(*db_, program.id);
  ASSERT_EQ(reloaded.size(), 4u);
  EXPECT_EQ(reloaded[2].interests, std::vector<std::string>{"iron disorders"});
}

// Shorthands for the import tests below.
service::ImportReport Import(store::Database& db, std::int64_t program_id, const std::string& csv) {
  std::istringstream in(csv);
  return service::ImportParticipants(db, service::Actor::CommandLine(), program_id, in);
}

std::string Problems(const std::vector<InputProblem>& problems) {
  std::string out;
  for (const InputProblem& p : problems) out += FormatProblem(p) + "\n";
  return out;
}

bool Has(const std::vector<InputProblem>& problems, int row, const std::string& column,
         const std::string& text) {
  for (const InputProblem& p : problems) {
    if (p.row == row && p.column == column && p.reason.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Whether a profile is complete is stored with its enrollment
// (enrollments.profile_complete, from IsProfileComplete) by every path that
// writes profiles, and migration 18 works it out for profiles written before
// it by the same rule.
TEST_F(StoreTest, ProfileCompletenessIsStoredAndWorkedOutForOlderProfiles) {
  const Program program = NewProgram("Fellows");
  ASSERT_TRUE(Import(*db_, program.id,
                     "role,id,name,email,time_zone,interests,availability\n"
                     "mentor,m1,Ana Ruiz,ana@uhn.ca,America/Toronto,thrombosis,Mon 18:00-20:00\n"
                     "mentor,m2,Bo Chen,bo@ucsf.edu,America/Los_Angeles,hemophilia,\n"
                     "mentee,f1,Sam Lee,sam@mcw.edu,America/Chicago,,Tue 19:00-21:00\n"
                     "mentee,f2,Kim Park,kim@mcw.edu,,,\n")
                  .ok());
  const auto complete = [&] {
    std::map<std::string, bool> out;
    store::Transaction tx = db_->Begin(false);
    for (const Enrollment& e : store::EnrollmentRepository(tx).List(program.id)) {
      out[e.participant_id] = e.profile_complete;
    }
    return out;
  };
  const std::map<std::string, bool> imported{
      {"m1", true}, {"m2", false}, {"f1", false}, {"f2", false}};
  EXPECT_EQ(complete(), imported);
  // A saved profile: its completeness follows the save, both ways.
  std::int64_t f1 = 0, m1 = 0;
  {
    store::Transaction tx = db_->Begin();
    store::ParticipantRepository participants(tx);
    f1 = participants.EnrollmentIds(program.id).at("f1");
    m1 = participants.EnrollmentIds(program.id).at("m1");
    Participant p = *participants.LoadProfile(f1);
    p.interests = {"thrombosis"};
    participants.SaveProfile(f1, p, nullptr);
    Participant q = *participants.LoadProfile(m1);
    const Participant stored = q;
    q.availability.clear();
    participants.SaveProfile(m1, q, &stored);
    tx.Commit();
  }
  const std::map<std::string, bool> saved{
      {"m1", false}, {"m2", false}, {"f1", true}, {"f2", false}};
  EXPECT_EQ(complete(), saved);
  // A re-import rewrites what it imports: m2 gets availability.
  ASSERT_TRUE(
      Import(*db_, program.id,
             "role,id,name,email,time_zone,interests,availability\n"
             "mentor,m2,Bo Chen,bo@ucsf.edu,America/Los_Angeles,hemophilia,Fri 08:00-09:00\n")
          .ok());
  const std::map<std::string, bool> reimported{
      {"m1", false}, {"m2", true}, {"f1", true}, {"f2", false}};
  EXPECT_EQ(complete(), reimported);
  // Back to before migration 18 (no stored completeness; 21, 20 and 19 first:
  // only the newest can be undone, and 19's index holds the column), then forward.
  {
    store::Transaction tx = db_->Begin();
    UndoMigrationsTo20(tx);
    store::UndoMigration(tx, 19,
                         "DROP INDEX enrollments_program; "
                         "CREATE INDEX enrollments_program ON enrollments(program_id, id);");
    store::UndoMigration(tx, 18,
                         "DROP INDEX enrollments_program; "
                         "ALTER TABLE enrollments DROP COLUMN profile_complete;");
    tx.Commit();
  }
  ASSERT_EQ(db_->Migrate().size(), 4u);
  EXPECT_EQ(complete(), reimported);
}

// A coordinator of one program must not take over accounts by re-importing
// them with another e-mail (then resetting the password): only accounts the
// import may edit (service::CoordinatorMayEditAccount) change name or e-mail.
TEST_F(StoreTest, ImportCannotTakeOverAccounts) {
  const Program fellows = NewProgram("Fellows");
  const Program other = NewProgram("Other");
  const std::string header = "role,id,name,email\n";
  ASSERT_TRUE(Import(*db_, fellows.id,
                     header + "mentor,m1,Ana Ruiz,ana@uhn.ca\n"
                              "mentee,f1,Sam Lee,sam@mcw.edu\n"
                              "mentee,f2,Kim Park,\n")
                  .ok());
  // Ana is in another program too, Sam has claimed the account, and the
  // admin is a mentor here.
  ASSERT_TRUE(Import(*db_, other.id, header + "mentor,x1,Ana Ruiz,ana@uhn.ca\n").ok());
  std::int64_t admin = 0;
  {
    store::Transaction tx = db_->Begin();
    admin = store::InsertTestUser(tx, "admin@tandem.org", "Admin", true);
    store::InsertTestEnrollment(tx, fellows.id, admin, Role::kMentor, "m9");
    store::UserRepository(tx).SetPasswordHash(store::TestUserOf(tx, fellows.id, "f1"), "hash");
    tx.Commit();
  }
  const auto user_of = [&](const std::string& id) {
    store::Transaction tx = db_->Begin(false);
    return *store::UserRepository(tx).Find(store::TestUserOf(tx, fellows.id, id));
  };

  // Takeover attempts with the coordinator's own e-mail: row problems, nothing written.
  auto report = Import(*db_, fellows.id,
                       header +
                           "mentor,m1,Ana Ruiz,evil@x.org\n"
                           "mentee,f1,Sam Lee,evil2@x.org\n"
                           "mentor,m9,Admin,evil3@x.org\n");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.errors.size(), 3u) << Problems(report.errors);
  EXPECT_TRUE(Has(report.errors, 2, "email",
                  "\"evil@x.org\" differs from the e-mail of participant m1's account; only its "
                  "owner can change it"))
      << Problems(report.errors);
  EXPECT_TRUE(Has(report.errors, 3, "email", "participant f1's account"))
      << Problems(report.errors);
  EXPECT_TRUE(Has(report.errors, 4, "email", "participant m9's account"))
      << Problems(report.errors);
  EXPECT_EQ(user_of("m1").email, "ana@uhn.ca");
  EXPECT_EQ(user_of("f1").email, "sam@mcw.edu");
  EXPECT_EQ(user_of("m9").email, "admin@tandem.org");

  // A blank e-mail leaves the e-mail as it is (never NULL); a new name for
  // an account the import may not edit is kept with a warning; an
  // unclaimed account of this program only (Kim) gets name and e-mail.
  report = Import(*db_, fellows.id,
                  header +
                      "mentor,m1,Ana Evil,\n"
                      "mentee,f1,Sam Lee,\n"
                      "mentee,f2,Kim J. Park,kim@mcw.edu\n"
                      "mentor,m9,Admin,\n");
  ASSERT_TRUE(report.ok()) << Problems(report.errors);
  EXPECT_EQ(report.updated, 4);
  EXPECT_TRUE(Has(report.warnings, 2, "name", "keeps its name")) << Problems(report.warnings);
  EXPECT_EQ(report.warnings.size(), 1u) << Problems(report.warnings);
  EXPECT_EQ(user_of("m1").email, "ana@uhn.ca");
  EXPECT_EQ(user_of("m1").name, "Ana Ruiz");
  EXPECT_EQ(user_of("f1").email, "sam@mcw.edu");
  EXPECT_EQ(user_of("m9").email, "admin@tandem.org");
  EXPECT_EQ(user_of("f2").email, "kim@mcw.edu");
  EXPECT_EQ(user_of("f2").name, "Kim J. Park");
  // The other program still sees Ana's account as it was.
  EXPECT_EQ(service::LoadParticipants(*db_, other.id)[0].name, "Ana Ruiz");

  // A new id with an existing account's e-mail joins that account: its name
  // is not the import's to change either.
  report = Import(*db_, fellows.id, header + "mentee,f3,Ana Changed,ana@uhn.ca\n");
  ASSERT_TRUE(report.ok()) << Problems(report.errors);
  EXPECT_TRUE(Has(report.warnings, 2, "name", "the account of ana@uhn.ca"))
      << Problems(report.warnings);
  EXPECT_EQ(user_of("f3").id, user_of("m1").id);
  EXPECT_EQ(user_of("f3").name, "Ana Ruiz");
}

// An import replaces profiles; it never changes what an enrollment is: its
// role, a coordinator's or evaluator's enrollment, or a withdrawal.
TEST_F(StoreTest, ImportKeepsRolesAndStatus) {
  const Program program = NewProgram("Fellows");
  const std::string header = "role,id,name,capacity\n";
  ASSERT_TRUE(
      Import(*db_, program.id, header + "mentor,m1,Ana,2\nmentee,f1,Sam,1\nmentee,f2,Kim,1\n")
          .ok());
  {
    store::Transaction tx = db_->Begin();
    const auto coordinator = store::InsertTestUser(tx, "coord@x.org", "Coordinator");
    store::InsertTestEnrollment(tx, program.id, coordinator, Role::kCoordinator, "c1");
    store::SetTestEnrollmentStatus(tx, program.id, "f2", "withdrawn");
    tx.Commit();
  }
  const auto enrollment = [&](const std::string& id) {
    store::Transaction tx = db_->Begin(false);
    return *store::EnrollmentRepository(tx).FindByParticipantId(program.id, id);
  };

  auto report = Import(*db_, program.id, header + "mentor,m1,Ana,3\nmentor,f1,Sam,1\n");
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(report.errors.size(), 1u) << Problems(report.errors);
  EXPECT_TRUE(Has(report.errors, 3, "role", "participant f1 is a mentee"))
      << Problems(report.errors);
  EXPECT_EQ(enrollment("f1").role, Role::kMentee);
  EXPECT_EQ(enrollment("m1").capacity, 2);  // nothing written

  report = Import(*db_, program.id, header + "mentee,c1,Coordinator,1\n");
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(Has(report.errors, 2, "id", "coordinator")) << Problems(report.errors);
  EXPECT_EQ(enrollment("c1").role, Role::kCoordinator);

  // A withdrawn participant's profile is updated; they stay withdrawn.
  report = Import(*db_, program.id, header + "mentee,f2,Kim,4\n");
  ASSERT_TRUE(report.ok()) << Problems(report.errors);
  EXPECT_EQ(report.updated, 1);
  EXPECT_TRUE(Has(report.warnings, 2, "id", "stays withdrawn")) << Problems(report.warnings);
  EXPECT_EQ(enrollment("f2").status, EnrollmentStatus::kWithdrawn);
  EXPECT_EQ(enrollment("f2").capacity, 4);
  EXPECT_EQ(service::LoadParticipants(*db_, program.id).size(), 2u);
}

// Conflicts with stored data are row problems (all or nothing), not
// database errors: no exception, no SQL in the answer.
TEST_F(StoreTest, ImportConflictsAreRowProblems) {
  const Program program = NewProgram("Fellows");
  const std::string header = "role,id,name,email\n";
  ASSERT_TRUE(Import(*db_, program.id,
                     header + "mentor,m1,Ana,ana@uhn.ca\nmentor,m2,Bo,bo@ucsf.edu\n"
                              "mentee,f1,Sam,sam@mcw.edu\n")
                  .ok());
  service::ImportReport report;
  // m1's row with Bo's e-mail; a new mentor id with Ana's e-mail; a fine new row.
  ASSERT_NO_THROW(report = Import(*db_, program.id,
                                  header + "mentor,m1,Ana,bo@ucsf.edu\n"
                                           "mentor,m3,Ana,ana@uhn.ca\n"
                                           "mentee,f9,Lu,lu@x.org\n"));
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(report.errors.size(), 2u) << Problems(report.errors);
  EXPECT_TRUE(Has(report.errors, 2, "email", "belongs to another account (participant m2"))
      << Problems(report.errors);
  EXPECT_TRUE(Has(report.errors, 3, "email", "already participant m1 (a mentor)"))
      << Problems(report.errors);
  for (const InputProblem& p : report.errors) {
    EXPECT_EQ(p.reason.find("UNIQUE"), std::string::npos) << p.reason;
    EXPECT_EQ(p.reason.find("constraint"), std::string::npos) << p.reason;
  }
  EXPECT_EQ(service::LoadParticipants(*db_, program.id).size(), 3u);  // f9 not added

  // The same person in the other role is fine: one account, two enrollments.
  report = Import(*db_, program.id, header + "mentee,f2,Ana,ana@uhn.ca\n");
  ASSERT_TRUE(report.ok()) << Problems(report.errors);
  store::Transaction tx = db_->Begin(false);
  EXPECT_EQ(store::TestUserOf(tx, program.id, "f2"), store::TestUserOf(tx, program.id, "m1"));
}

// An export re-imports to the same data, also when a person holds both roles
// and when values look like spreadsheet formulas (escaped with a quote).
TEST_F(StoreTest, ExportWithTwoRolesAndFormulasRoundTrips) {
  const Program program = NewProgram("Peers");
  const std::string csv =
      "role,id,name,email,institution,bio,interests\n"
      "mentor,m1,Ana Ruiz,ana@uhn.ca,\"=HYPERLINK(\"\"http://x\"\")\",+1 555 0100,-thrombosis\n"
      "mentee,f1,Ana Ruiz,ana@uhn.ca,UHN,@cmd,\n"
      "mentor,m2,Bo Chen,bo@ucsf.edu,UCSF,'=already quoted,\n"
      "mentee,f2,=2+3,,MCW,,\n";
  auto report = Import(*db_, program.id, csv);
  ASSERT_TRUE(report.ok()) << Problems(report.errors);
  EXPECT_EQ(report.added, 4);
  const auto expected = service::LoadParticipants(*db_, program.id);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(expected[0].institution, "=HYPERLINK(\"http://x\")");
  EXPECT_EQ(expected[2].bio, "=already quoted");  // the quote in front is the escape
  EXPECT_EQ(expected[3].name, "=2+3");

  std::stringstream exported;
  ASSERT_EQ(service::ExportParticipants(*db_, service::Actor::CommandLine(), program.id, exported),
            4);
  const std::string text = exported.str();
  EXPECT_NE(text.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << text;
  EXPECT_NE(text.find(",'+1 555 0100\n"), std::string::npos) << text;
  EXPECT_NE(text.find(",'=2+3,"), std::string::npos) << text;
  EXPECT_NE(text.find(",'@cmd\n"), std::string::npos) << text;
  EXPECT_EQ(text.find(",=2+3"), std::string::npos) << text;

  const Program copy = NewProgram("Peers copy");
  report = service::ImportParticipants(*db_, service::Actor::CommandLine(), copy.id, exported);
  ASSERT_TRUE(report.ok()) << Problems(report.errors);
  EXPECT_EQ(service::LoadParticipants(*db_, copy.id), expected);
  // And into the same program: all four ids are updated, nothing changes.
  std::istringstream again(text);
  report = service::ImportParticipants(*db_, service::Actor::CommandLine(), program.id, again);
  ASSERT_TRUE(report.ok()) << Problems(report.errors);
  EXPECT_EQ(report.updated, 4);
  for (const InputProblem& w : report.warnings) {
    EXPECT_EQ(w.column, "interests") << FormatProblem(w);  // the free tag only
  }
  EXPECT_EQ(service::LoadParticipants(*db_, program.id), expected);
}

TEST_F(StoreTest, PairsKeepStatusScoreAndBreakdown) {
  const Program program = NewProgram("Pairs");
  std::istringstream csv("role,id,name\nmentor,m1,Ana\nmentee,f1,Sam\nmentee,f2,Kim\n");
  ASSERT_TRUE(
      service::ImportParticipants(*db_, service::Actor::CommandLine(), program.id, csv).ok());
  store::Transaction tx = db_->Begin();
  store::PairRepository pairs(tx);
  Pair pair;
  pair.program_id = program.id;
  pair.mentor = "m1";
  pair.mentee = "f1";
  pair.score = 72.5;
  pair.breakdown = {{"interests", 40.25}, {"goals", 32.25}};
  const auto id = pairs.Insert(pair);
  pair.mentee = "f9";
  EXPECT_THROW(pairs.Insert(pair), Error);
  auto found = pairs.Find(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->mentee, "f1");
  EXPECT_EQ(found->status, PairStatus::kProposed);
  EXPECT_DOUBLE_EQ(found->score, 72.5);
  EXPECT_EQ(found->breakdown, pair.breakdown);
  found->status = PairStatus::kDissolved;
  found->ended_on = "2026-10-01";
  found->end_reason = "mentee changed institution";
  pairs.UpdateStatus(*found);
  const auto listed = pairs.ListByProgram(program.id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].status, PairStatus::kDissolved);
  EXPECT_EQ(listed[0].end_reason, "mentee changed institution");
  tx.Commit();
}

// A program's pair list comes in id order, whole or by status, whatever the
// statuses' order, before migration 20 (index by status) and after it (index
// in id order).
TEST_F(StoreTest, PairListsComeInIdOrder) {
  const Program program = NewProgram("Order");
  std::istringstream csv(
      "role,id,name,capacity\nmentor,m1,Ana,3\nmentor,m2,Bo,3\n"
      "mentee,f1,Sam,1\nmentee,f2,Kim,1\nmentee,f3,Lee,1\nmentee,f4,Max,1\nmentee,f5,Uma,1\n");
  ASSERT_TRUE(
      service::ImportParticipants(*db_, service::Actor::CommandLine(), program.id, csv).ok());
  const PairStatus statuses[] = {PairStatus::kActive, PairStatus::kProposed, PairStatus::kActive,
                                 PairStatus::kCompleted, PairStatus::kActive};
  {
    store::Transaction tx = db_->Begin();
    store::PairRepository pairs(tx);
    for (int i = 0; i < 5; ++i) {
      Pair pair;
      pair.program_id = program.id;
      pair.mentor = i % 2 == 0 ? "m1" : "m2";
      pair.mentee = "f" + std::to_string(5 - i);  // mentees in the opposite order
      pair.id = pairs.Insert(pair);
      pair.status = statuses[i];
      pairs.UpdateStatus(pair);
    }
    tx.Commit();
  }
  const auto lists = [&] {
    store::Transaction tx = db_->Begin(false);
    store::PairRepository pairs(tx);
    std::vector<std::string> out;
    for (auto status : {std::optional<PairStatus>(), std::optional(PairStatus::kActive),
                        std::optional(PairStatus::kProposed)}) {
      std::string line;
      for (const Pair& p : pairs.ListByProgram(program.id, status)) {
        line += p.mentee + ":" + std::string(PairStatusName(p.status)) + " ";
      }
      out.push_back(line);
    }
    return out;
  };
  const std::vector<std::string> expected{"f5:active f4:proposed f3:active f2:completed f1:active ",
                                          "f5:active f3:active f1:active ", "f4:proposed "};
  EXPECT_EQ(lists(), expected);
  {
    store::Transaction tx = db_->Begin();
    UndoMigrationsTo20(tx);
    tx.Commit();
  }
  EXPECT_EQ(lists(), expected);
  ASSERT_EQ(db_->Migrate().size(), 2u);
  EXPECT_EQ(lists(), expected);
}

// Migration 21 stores a profile's rows in key order on SQLite (WITHOUT ROWID
// tables): profiles written to the earlier tables read back the same after it,
// and profiles saved after it too. On PostgreSQL it changes nothing.
TEST_F(StoreTest, ProfilesReadTheSameAcrossMigration21) {
  const Program program = NewProgram("Profiles");
  ASSERT_TRUE(Import(*db_, program.id,
                     "role,id,name,email,time_zone,capacity,interests,background,match_on,"
                     "languages,availability,prefer,avoid\n"
                     "mentor,m1,Ana Ruiz,ana@uhn.ca,America/Toronto,2,thrombosis;hemophilia,"
                     "gender:woman;first_generation:yes,gender,english;spanish,"
                     "Mon 18:00-20:00;Thu 07:00-08:00,f2,f1\n"
                     "mentor,m2,Bo Chen,bo@ucsf.edu,America/Los_Angeles,1,hemophilia,,,english,"
                     "Fri 22:00-01:00,,\n"
                     "mentee,f1,Sam Lee,sam@mcw.edu,America/Chicago,1,thrombosis,gender:man,,"
                     "english,Tue 19:00-21:00,m2,m1\n"
                     "mentee,f2,Kim Park,kim@mcw.edu,America/Chicago,1,sickle cell disease,,,,,"
                     "m1;m2,\n")
                  .ok());
  const bool sqlite = db_->dialect() == store::Dialect::kSqlite;
  const std::vector<std::string> tables{"profile_tags", "background_attributes",
                                        "availability_windows", "profile_answers", "preferences"};
  // How many of the five tables are stored without rowid (SQLite).
  const auto by_key = [&] {
    store::Transaction tx = db_->Begin(false);
    int n = 0;
    for (const std::string& table : tables) {
      n += store::SqliteTableDefinition(tx, table).ends_with(" WITHOUT ROWID") ? 1 : 0;
    }
    return n;
  };
  // Answers too (the CSV has none): m1's, saved before the rebuild below.
  {
    store::Transaction tx = db_->Begin();
    store::ParticipantRepository participants(tx);
    const std::int64_t m1 = participants.EnrollmentIds(program.id).at("m1");
    const Participant before = *participants.LoadProfile(m1);
    Participant p = before;
    p.answers = {{"motivation", {"teaching", "research"}}, {"shift", {"days"}}};
    participants.SaveProfile(m1, p, &before);
    tx.Commit();
  }
  // The schema of the five tables (definitions, indexes, automatic indexes).
  const auto schema = [&] {
    store::Transaction tx = db_->Begin(false);
    std::vector<std::string> out;
    for (const std::string& table : tables) {
      for (std::string& line : store::SqliteSchemaOf(tx, table)) out.push_back(std::move(line));
    }
    return out;
  };
  const std::vector<std::string> migrated = schema();
  EXPECT_EQ(migrated.empty(), !sqlite);
  const std::vector<Participant> expected = service::LoadParticipants(*db_, program.id);
  ASSERT_EQ(expected.size(), 4u);
  ASSERT_EQ(expected[0].answers.size(), 2u);
  ASSERT_EQ(expected[0].background.size(), 2u);
  ASSERT_EQ(expected[0].availability.size(), 2u);
  EXPECT_EQ(by_key(), sqlite ? 5 : 0);
  // Back to the tables as 0001 and 0017 made them: each rebuilt from its own
  // definition without "WITHOUT ROWID", its indexes made again.
  {
    store::Transaction tx = db_->Begin();
    std::string undo;
    if (sqlite) {
      for (const std::string& table : tables) {
        const std::string sql = store::SqliteTableDefinition(tx, table);
        const std::size_t paren = sql.find('(');
        const std::size_t without = sql.rfind(" WITHOUT ROWID");
        ASSERT_NE(without, std::string::npos) << sql;
        undo += "CREATE TABLE " + table + "_rowid " + sql.substr(paren, without - paren) + "; " +
                "INSERT INTO " + table + "_rowid SELECT * FROM " + table + "; DROP TABLE " + table +
                "; ALTER TABLE " + table + "_rowid RENAME TO " + table + "; ";
      }
      undo +=
          "CREATE INDEX profile_tags_value ON profile_tags(kind, value); "
          "CREATE INDEX profile_answers_question ON profile_answers(question, value);";
    }
    store::UndoMigration(tx, 21, undo);
    tx.Commit();
  }
  EXPECT_EQ(by_key(), 0);
  if (sqlite) {
    EXPECT_NE(schema(), migrated);  // the earlier tables, with rowid
  }
  EXPECT_EQ(service::LoadParticipants(*db_, program.id), expected);
  ASSERT_EQ(db_->Migrate().size(), 1u);
  EXPECT_EQ(by_key(), sqlite ? 5 : 0);
  // The same tables, checks, keys and indexes as a database migrated from empty.
  EXPECT_EQ(schema(), migrated);
  EXPECT_EQ(service::LoadParticipants(*db_, program.id), expected);
  // A save after it: every part of m1's profile changes and reads back.
  {
    store::Transaction tx = db_->Begin();
    store::ParticipantRepository participants(tx);
    const std::int64_t m1 = participants.EnrollmentIds(program.id).at("m1");
    const Participant before = *participants.LoadProfile(m1);
    Participant p = before;
    p.interests = {"hemophilia"};
    p.background = {{"first_generation", "no"}};
    p.availability = {{600, 90}};
    p.answers = {{"motivation", {"teaching"}}};
    participants.SaveProfile(m1, p, &before);
    EXPECT_EQ(participants.LoadProfile(m1)->interests, p.interests);
    EXPECT_EQ(participants.LoadProfile(m1)->background, p.background);
    EXPECT_EQ(participants.LoadProfile(m1)->availability, p.availability);
    EXPECT_EQ(participants.LoadProfile(m1)->answers, p.answers);
    tx.Commit();
  }
}

// The events of a JSON text as a line of text, for comparing two readers;
// returns false (stops the reading) at event `stop_at` when given.
struct EventLog {
  using Json = nlohmann::json;
  std::string log;
  int stop_at = -1;
  bool Note(const std::string& event) {
    log += event + ";";
    return stop_at < 0 || --stop_at > 0;
  }
  bool null() { return Note("null"); }
  bool boolean(bool v) { return Note(v ? "true" : "false"); }
  bool number_integer(Json::number_integer_t v) { return Note("i" + std::to_string(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Note("u" + std::to_string(v)); }
  bool number_float(Json::number_float_t v, const std::string& text) {
    char digits[40];
    std::snprintf(digits, sizeof digits, "%.17g", v);
    return Note(std::string("f") + digits + "(" + text + ")");
  }
  bool string(std::string& v) { return Note("s" + v); }
  bool binary(Json::binary_t&) { return Note("binary"); }
  bool start_object(std::size_t) { return Note("{"); }
  bool key(std::string& v) { return Note("k" + v); }
  bool end_object() { return Note("}"); }
  bool start_array(std::size_t) { return Note("["); }
  bool end_array() { return Note("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    log += "error;";
    return false;
  }
};

TEST(ReadJsonEvents, GivesTheEventsNlohmannGives) {
  const std::string texts[] = {
      R"({"availability":10.0,"background":0.0,"goals":7.5,"interests":20.0})",
      R"({"matched":35,"unmatched_count":0,"total_score":2514.5,"min_score":null,)"
      R"("proposals":[{"mentee":"f1","mentor_name":"Ana","score":71.25,"locked":false,)"
      R"("breakdown":{"goals":7.5}}],"unmatched":[]})",
      " \t\r\n{ \"a\" : [ 1 , -2 , 3.5e2 , true , false , null , \"x\" , { } , [ ] ] } trailing",
      "\xEF\xBB\xBF{\"a\":1}",
      R"(["q\"b\\s\/l\b\f\n\r\t", "\u00e9\u20ac", "\ud83d\ude00", "\u0000"])",
      "[\"Jos\xc3\xa9\", \"\xf0\x9f\x99\x82\"]",
      R"(["\ud83d"])",
      R"(["\ude00"])",
      R"(["\ud83d\u0041"])",
      R"(["\x"])",
      R"(["\u12G4"])",
      "[\"tab\there\"]",
      "[\"\xff\"]",
      "[\"\xc3\"]",
      "[\"\xed\xa0\x80\"]",
      "[0, -0, 9223372036854775807, -9223372036854775808, 18446744073709551615]",
      "[18446744073709551616, -9223372036854775809, 1e400]",
      "[-1e400]",
      "[1e-400, 5e-324, 0.1, 1E+2, 1e-2]",
      "[0.0, -0.0, 2.5, -71.25, 0.30000000000000004, 3.14159265358979, 123456789012345.6, "
      "1234567890123456.7, 0.000001, 22.50, 0.1000000000000000055511151231257827, "
      "9.999999999999999]",
      "[01]",
      "01",
      "[1.]",
      "[.5]",
      "[-]",
      "[+1]",
      "[1e]",
      "[1e+]",
      R"({"a":tru})",
      R"({"a" 1})",
      R"({"a":1,})",
      R"({,})",
      R"({"a":1 "b":2})",
      "[1,]",
      "[1 2]",
      "[",
      "{\"a\":",
      "\"open",
      "",
      "   ",
      "nul",
      "truex",
      "12abc",
      R"({"k":{"deep":[1,{"x":2.5}]},"z":[[[]]]})",
      "{\"a\":1}}",
  };
  for (const std::string& text : texts) {
    for (const int stop_at : {-1, 1, 2, 4, 7}) {
      EventLog theirs{.stop_at = stop_at}, ours{.stop_at = stop_at};
      const bool their_result =
          nlohmann::json::sax_parse(text, &theirs, nlohmann::json::input_format_t::json, false);
      const bool our_result = store::ReadJsonEvents(text, ours);
      EXPECT_EQ(ours.log, theirs.log) << text << " stopping at " << stop_at;
      EXPECT_EQ(our_result, their_result) << text << " stopping at " << stop_at;
    }
  }
}

// A reader that asks to pass over the rest of every container after its
// first value gets the events of the text without that rest; nothing passed
// over is checked, but a text that ends inside it is malformed.
struct SkippingLog : EventLog {
  bool skip_rest() { return true; }
};

TEST(ReadJsonEvents, PassesOverTheRestOfAContainerWhenTheReaderAsks) {
  const std::pair<std::string, std::string> same[] = {
      {R"({"a":[1,"x]\"}[{",{"b":[2]},3],"c":[4,5]})", R"({"a":[1]})"},
      {R"([[1,2],[3]])", R"([[1]])"},
      {R"([1, tru, {"k": nul}])", R"([1])"},
      {R"(["a\\", "]", 2] )", R"(["a\\"])"},
      {R"({"k":{"deep":[1,{"x":2.5}]},"z":[[[]]]})", R"({"k":{"deep":[1]}})"},
      {"[]", "[]"},
      {"[1, {]]", "[1]"},  // brackets are counted, not matched
  };
  for (const auto& [text, without_rest] : same) {
    SkippingLog ours;
    EventLog theirs;
    ASSERT_TRUE(
        nlohmann::json::sax_parse(without_rest, &theirs, nlohmann::json::input_format_t::json));
    EXPECT_TRUE(store::ReadJsonEvents(text, ours)) << text;
    EXPECT_EQ(ours.log, theirs.log) << text;
  }
  for (const std::string text : {R"([1, "open)", "[1, {]", "[1, [2, 3]", R"([1, "\"])"}) {
    SkippingLog ours;
    EXPECT_FALSE(store::ReadJsonEvents(text, ours)) << text;
    EXPECT_EQ(ours.log, "[;u1;error;") << text;
  }
}

// Stored breakdowns as the store writes them and as any other JSON text.
TEST(ReadBreakdown, ReadsTheNumbersOfTheTopLevelObject) {
  using Points = std::map<std::string, double>;
  const struct {
    std::string text;
    Points points;
  } cases[] = {
      {R"({"goals":7.5,"interests":20.0,"language":5.0,"preference":0.0})",
       {{"goals", 7.5}, {"interests", 20}, {"language", 5}, {"preference", 0}}},
      {"{}", {}},
      {R"({"a":-0.25,"b":1e-07,"c":3E+2,"d":12,"a":4})",
       {{"a", 4}, {"b", 1e-7}, {"c", 300}, {"d", 12}}},
      {R"( { "goals" : 7.5 , "x" : "text", "y": null, "z": {"deep": 1}, "w": [2] } )",
       {{"goals", 7.5}}},
      {R"({"question:help\u0020wanted":3})", {{"question:help wanted", 3}}},
      {"{\"Zo\xc3\xab\":2}", {{"Zo\xc3\xab", 2}}},
      {R"({"a":01})", {}},
      {R"({"a":1.})", {}},
      {R"({"a":.5})", {}},
      {R"({"a":1,})", {}},
      {R"({"a":1)", {}},
      {R"({"a":1}})", {{"a", 1}}},  // what follows the object is not read
      {R"([1,2])", {}},
      {"", {}},
      {"not json", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(store::ReadBreakdown(c.text), c.points) << c.text;
}

// Hot reads keep their statements prepared per connection (store/internal.h):
// a reused statement must still see what other connections committed since,
// whether its last transaction committed, rolled back, or read one row only.
TEST_F(StoreTest, ReusedStatementsSeeLaterWritesFromOtherConnections) {
  const Program program = NewProgram("Reuse");
  std::istringstream csv("role,id,name\nmentor,m1,Ana\nmentee,f1,Sam\nmentee,f2,Kim\n");
  ASSERT_TRUE(
      service::ImportParticipants(*db_, service::Actor::CommandLine(), program.id, csv).ok());
  Pair pair;
  pair.program_id = program.id;
  pair.mentor = "m1";
  pair.mentee = "f1";
  pair.score = 50;
  std::int64_t first = 0;
  {
    store::Transaction tx = db_->Begin();
    first = store::PairRepository(tx).Insert(pair);
    tx.Commit();
  }
  // One connection, so every read below reuses the same prepared statements.
  auto reader = store::Database::Open(url_, 1);
  const auto read = [&](bool commit) {
    store::Transaction tx = reader->Begin(false);
    store::PairRepository pairs(tx);
    auto found = pairs.Find(first);  // one row fetched: the statement stays mid-result
    auto listed = pairs.ListByProgram(program.id);
    const bool exists = store::ProgramRepository(tx).Exists(program.id);
    if (commit) tx.Commit();
    EXPECT_TRUE(exists);
    return std::make_pair(found->status, listed.size());
  };
  EXPECT_EQ(read(true), std::make_pair(PairStatus::kProposed, std::size_t{1}));
  const auto write = [&](PairStatus status, const std::string& mentee) {
    store::Transaction tx = db_->Begin();
    store::PairRepository pairs(tx);
    Pair p = *pairs.Find(first);
    p.status = status;
    pairs.UpdateStatus(p);
    pair.mentee = mentee;
    pairs.Insert(pair);
    tx.Commit();
  };
  write(PairStatus::kActive, "f2");
  EXPECT_EQ(read(false), std::make_pair(PairStatus::kActive, std::size_t{2}));  // rolled back
  write(PairStatus::kDissolved, "f1");
  EXPECT_EQ(read(true), std::make_pair(PairStatus::kDissolved, std::size_t{3}));
  EXPECT_EQ(reader->connections_in_use(), 0u);
}

// A read for update (a program's PATCH, a pair's dissolve, an enrollment's
// approval) makes a second writer wait for the first to commit, so neither
// change is lost: on PostgreSQL by the row lock, on SQLite by BEGIN IMMEDIATE.
TEST_F(StoreTest, ReadsForUpdateMakeConcurrentChangesWait) {
  const Program program = NewProgram("Locks");
  store::Transaction first = db_->Begin();
  Program mine = *store::ProgramRepository(first).Find(program.id, store::RowLock::kForUpdate);
  std::atomic<bool> second_read{false};
  std::thread second([&] {
    store::Transaction tx = db_->Begin();
    store::ProgramRepository programs(tx);
    Program theirs = *programs.Find(program.id, store::RowLock::kForUpdate);
    second_read = true;
    theirs.cadence_days += 1;
    programs.Update(theirs);
    tx.Commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(second_read) << "the second writer read the program while the first held it";
  mine.cadence_days += 10;
  store::ProgramRepository(first).Update(mine);
  first.Commit();
  second.join();
  EXPECT_TRUE(second_read);
  store::Transaction tx = db_->Begin(false);
  EXPECT_EQ(store::ProgramRepository(tx).Find(program.id)->cadence_days, program.cadence_days + 11);
}

// Many writers at once (a profile save, a preference change, a job): every
// committed change lands, and a writer that ends without committing (an error
// inside, rolled back) lets the next one in at once — on SQLite the writers
// of one process queue for their turn, and a turn never outlives its
// transaction (a leaked turn would make the next writer fail after 10 s).
TEST_F(StoreTest, ConcurrentWritersAllLandAndARolledBackOneLetsTheNextIn) {
  const Program program = NewProgram("Writers");
  constexpr int kThreads = 4, kEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        try {
          store::Transaction tx = db_->Begin();
          store::ProgramRepository programs(tx);
          Program p = *programs.Find(program.id, store::RowLock::kForUpdate);
          p.cadence_days += 1;
          programs.Update(p);
          if ((i + t) % 5 == 0) continue;  // ends without a commit: rolled back
          tx.Commit();
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  {
    store::Transaction tx = db_->Begin(false);
    EXPECT_EQ(store::ProgramRepository(tx).Find(program.id)->cadence_days,
              program.cadence_days + kThreads * kEach * 4 / 5);
  }
  {
    store::Transaction next = db_->Begin();  // at once: no turn was left held
    next.Commit();
  }
  EXPECT_EQ(db_->connections_in_use(), 0u);
}

TEST_F(StoreTest, UncommittedTransactionsRollBack) {
  {
    store::Transaction tx = db_->Begin();
    Program p;
    p.name = "Ghost";
    p.field = "x";
    store::ProgramRepository(tx).Insert(p);
  }  // no commit
  EXPECT_TRUE(service::ListPrograms(*db_, service::Actor::CommandLine()).empty());
  EXPECT_EQ(db_->connections_in_use(), 0u);
}

TEST_F(StoreTest, DemoLoadsItsProgramsDeterministically) {
  const auto out =
      std::filesystem::temp_directory_path() / ("tandem-demo-" + std::to_string(::getpid()));
  // The demo replays last year's cohort on its own clock.
  const auto clock = service::NewDemoClock();
  const auto demo_db = store::Database::Open(url_, 4, clock);
  const auto loaded =
      service::LoadDemo(*demo_db, *clock, service::Actor::CommandLine(), 7, out.string());
  ASSERT_EQ(loaded.size(), 5u);
  EXPECT_EQ(loaded[3].mentors, 40);
  EXPECT_EQ(loaded[3].mentees, 60);
  EXPECT_EQ(loaded[4].mentors, 15);
  EXPECT_EQ(loaded[4].mentees, 40);
  EXPECT_EQ(loaded[0].mentors, 34);
  EXPECT_EQ(loaded[0].mentees, 35);
  EXPECT_TRUE(loaded[0].program.cross_institution);
  EXPECT_GE(loaded[1].mentors, 200);
  const auto fellows = service::LoadParticipants(*db_, loaded[0].program.id);
  EXPECT_EQ(fellows.size(), 69u);
  int capacity = 0;
  std::set<std::string> institutions;
  for (const auto& p : fellows) {
    if (p.role == Role::kMentor) capacity += p.capacity;
    institutions.insert(p.institution);
  }
  EXPECT_EQ(capacity, 35);
  EXPECT_GE(institutions.size(), 28u);
  // Last year's cohort: as many people, none of them this year's.
  EXPECT_EQ(loaded[2].mentors, 34);
  EXPECT_EQ(loaded[2].mentees, 35);
  std::set<std::string> this_year;
  for (const auto& p : fellows) this_year.insert(p.email);
  const auto last_year = service::LoadParticipants(*db_, loaded[2].program.id);
  EXPECT_EQ(last_year.size(), 69u);
  for (const auto& p : last_year) EXPECT_EQ(this_year.count(p.email), 0u) << p.email;
  // Loading again changes nothing.
  const auto again =
      service::LoadDemo(*demo_db, *clock, service::Actor::CommandLine(), 7, out.string());
  EXPECT_FALSE(again[0].created);
  EXPECT_FALSE(again[2].created);
  EXPECT_FALSE(again[3].created);
  EXPECT_FALSE(again[4].created);
  EXPECT_EQ(service::LoadParticipants(*db_, loaded[0].program.id), fellows);
  EXPECT_EQ(service::LoadParticipants(*db_, loaded[2].program.id), last_year);
  std::filesystem::remove_all(out);
}

// A run's stored result reads back whole, or without proposals, in the
// current layout (summary, unmatched, proposals) and in the older one (keys in
// alphabetical order, proposals before the unmatched), each case printed.
TEST(MatchingRunResultText, ReadsBothLayoutsWithAndWithoutProposals) {
  MatchingRunResult result;
  result.proposals = {
      {"F1", "M1", "Ann \"A\" Lee", "Bo Li", 72.5, {{"goals", 20}, {"interests", 52.5}}, true},
      {"F2", "M1", "Cy", "Bo Li", 40, {}, false}};
  result.unmatched = {{"F3", "Di", "mentee", "no mentor within the time-zone limit"}};
  result.matched = 2;
  result.total_score = 112.5;
  result.min_score = 40;
  result.mean_score = 56.25;
  result.blocking_pairs = 1;
  result.seconds = 0.25;
  const std::string older =
      R"({"blocking_pairs":1,"matched":2,"mean_score":56.25,"min_score":40.0,)"
      R"("proposals":[{"breakdown":{"goals":20,"interests":52.5},"locked":true,"mentee":"F1",)"
      R"("mentee_name":"Ann \"A\" Lee","mentor":"M1","mentor_name":"Bo Li","score":72.5},)"
      R"({"breakdown":{},"locked":false,"mentee":"F2","mentee_name":"Cy","mentor":"M1",)"
      R"("mentor_name":"Bo Li","score":40}],"seconds":0.25,"total_score":112.5,)"
      R"("unmatched":[{"id":"F3","name":"Di","reason":"no mentor within the time-zone limit",)"
      R"("role":"mentee"}],"unmatched_count":1,"extra":{"ignored":[1,{"a":null}]}})";
  const std::string current = store::MatchingRunResultText(result);
  EXPECT_LT(current.find("\"unmatched\""), current.find("\"proposals\"")) << current;
  for (const auto& [layout, text] : {std::pair{"current", current}, std::pair{"older", older}}) {
    for (const bool with_proposals : {true, false}) {
      SCOPED_TRACE(std::string(layout) + (with_proposals ? ", with proposals" : ", summary"));
      const MatchingRunResult r = store::ReadMatchingRunResult(text, with_proposals);
      EXPECT_EQ(r.matched, 2);
      EXPECT_DOUBLE_EQ(r.total_score, 112.5);
      EXPECT_DOUBLE_EQ(r.min_score, 40);
      EXPECT_DOUBLE_EQ(r.mean_score, 56.25);
      EXPECT_EQ(r.blocking_pairs, 1);
      EXPECT_DOUBLE_EQ(r.seconds, 0.25);
      ASSERT_EQ(r.unmatched.size(), 1u);
      EXPECT_EQ(r.unmatched[0].id, "F3");
      EXPECT_EQ(r.unmatched[0].name, "Di");
      EXPECT_EQ(r.unmatched[0].role, "mentee");
      EXPECT_EQ(r.unmatched[0].reason, "no mentor within the time-zone limit");
      if (!with_proposals) {
        EXPECT_TRUE(r.proposals.empty());
        continue;
      }
      ASSERT_EQ(r.proposals.size(), 2u);
      for (size_t i = 0; i < 2; ++i) {
        const Proposal &got = r.proposals[i], &want = result.proposals[i];
        EXPECT_EQ(got.mentee, want.mentee) << i;
        EXPECT_EQ(got.mentor, want.mentor) << i;
        EXPECT_EQ(got.mentee_name, want.mentee_name) << i;
        EXPECT_EQ(got.mentor_name, want.mentor_name) << i;
        EXPECT_DOUBLE_EQ(got.score, want.score) << i;
        EXPECT_EQ(got.breakdown, want.breakdown) << i;
        EXPECT_EQ(got.locked, want.locked) << i;
      }
    }
  }
  EXPECT_TRUE(store::ReadMatchingRunResult("not json", true).proposals.empty());
  EXPECT_EQ(store::ReadMatchingRunResult("", false).matched, 0);
}

// A page of a stored result: the query's text (ignoring case, on ids and
// names) filters each list, then offset and limit page each list alone; the
// totals count the whole run. Each case printed.
TEST(MatchingRunResultText, ReadsAPageOfEachList) {
  MatchingRunResult result;
  result.proposals = {{"F1", "M1", "Ann Lee", "Bo Li", 70, {{"goals", 20}, {"interests", 50}}},
                      {"F2", "M2", "Élodie Roy", "Cy Ng", 60, {{"interests", 60}}},
                      {"F3", "M1", "Dee Fox", "Bo Li", 50, {{"question:shift", 50}}},
                      {"F4", "M3", "Eve Park", "Al Roe", 40, {}}};
  result.unmatched = {{"F9", "Roy Tan", "mentee", "no mentor left"},
                      {"M7", "Kim Ode", "mentor", "not needed"},
                      {"M8", "Lu Wei", "mentor", "not needed"}};
  const std::string current = store::MatchingRunResultText(result);
  // Rows stored before the unmatched were counted by role (read to the end of
  // the unmatched), and before the proposals were counted too (read to the end).
  const std::string role_counts = R"("unmatched_mentees":1,"unmatched_mentors":2,)";
  const std::string stored_counts =
      R"("proposals_count":4,"facets":["goals","interests","question:shift"],)";
  ASSERT_NE(current.find(role_counts), std::string::npos) << current;
  std::string by_role_uncounted = current;
  by_role_uncounted.erase(current.find(role_counts), role_counts.size());
  ASSERT_NE(by_role_uncounted.find(stored_counts), std::string::npos) << by_role_uncounted;
  std::string uncounted = by_role_uncounted;
  uncounted.erase(uncounted.find(stored_counts), stored_counts.size());
  const std::pair<const char*, std::string> layouts[] = {
      {"current", current},
      {"unmatched not counted by role", by_role_uncounted},
      {"uncounted", uncounted}};
  struct Case {
    std::string text;
    std::size_t offset;
    std::optional<std::size_t> limit;
    std::vector<std::string> mentees;  // of the page's proposals
    std::size_t proposals_total;
    std::vector<std::string> unmatched;  // ids on the page
    std::size_t unmatched_total;
  };
  const std::vector<Case> cases = {
      {"", 0, std::nullopt, {"F1", "F2", "F3", "F4"}, 4, {"F9", "M7", "M8"}, 3},
      {"", 0, 2, {"F1", "F2"}, 4, {"F9", "M7"}, 3},
      {"", 0, 1, {"F1"}, 4, {"F9"}, 3},
      {"", 1, 1, {"F2"}, 4, {"M7"}, 3},
      {"", 2, 2, {"F3", "F4"}, 4, {"M8"}, 3},
      {"", 3, std::nullopt, {"F4"}, 4, {}, 3},
      {"", 9, 5, {}, 4, {}, 3},
      {"bo li", 0, std::nullopt, {"F1", "F3"}, 2, {}, 0},  // a mentor's name
      {"BO LI", 1, 1, {"F3"}, 2, {}, 0},
      {"m1", 0, std::nullopt, {"F1", "F3"}, 2, {}, 0},  // a mentor's id
      {"roy", 0, std::nullopt, {"F2"}, 1, {"F9"}, 1},   // "Élodie Roy", "Roy Tan"
      {"ÉLODIE", 0, std::nullopt, {"F2"}, 1, {}, 0},    // non-ASCII capitals
      {"m8", 0, std::nullopt, {}, 0, {"M8"}, 1},
      {"zzz", 0, 10, {}, 0, {}, 0},
  };
  for (const Case& c : cases) {
    for (const auto& [layout, text] : layouts) {
      SCOPED_TRACE(std::string(layout) + ", text \"" + c.text + "\", offset " +
                   std::to_string(c.offset) + ", limit " +
                   (c.limit ? std::to_string(*c.limit) : "none"));
      RunResultTotals totals;
      totals.proposals = 99;  // reset by the read
      const MatchingRunResult page =
          store::ReadMatchingRunResult(text, RunResultQuery{c.text, c.offset, c.limit}, totals);
      std::vector<std::string> mentees, unmatched;
      for (const Proposal& p : page.proposals) mentees.push_back(p.mentee);
      for (const UnmatchedParticipant& u : page.unmatched) unmatched.push_back(u.id);
      EXPECT_EQ(mentees, c.mentees);
      EXPECT_EQ(totals.proposals, c.proposals_total);
      EXPECT_EQ(unmatched, c.unmatched);
      EXPECT_EQ(totals.unmatched, c.unmatched_total);
      EXPECT_EQ(totals.unmatched_mentees, 1u);
      EXPECT_EQ(totals.unmatched_mentors, 2u);
      EXPECT_EQ(totals.facets, (std::vector<std::string>{"goals", "interests", "question:shift"}));
      if (!page.proposals.empty() && page.proposals[0].mentee == "F1") {
        EXPECT_EQ(page.proposals[0].breakdown, result.proposals[0].breakdown);
        EXPECT_EQ(page.proposals[0].mentor_name, "Bo Li");
      }
    }
  }
  // Without a search the unmatched after their page are passed over unread
  // (the stored counts stand for them): text there that is not even JSON
  // does not stop the page, but a read of the whole list fails on it.
  std::string garbled = current;
  const std::string second = R"({"id":"M7")";
  ASSERT_NE(garbled.find(second), std::string::npos) << garbled;
  garbled.replace(garbled.find(second), second.size(), R"({"id":tru)");
  RunResultTotals totals;
  const MatchingRunResult page =
      store::ReadMatchingRunResult(garbled, RunResultQuery{"", 0, 1}, totals);
  ASSERT_EQ(page.unmatched.size(), 1u);
  EXPECT_EQ(page.unmatched[0].id, "F9");
  ASSERT_EQ(page.proposals.size(), 1u);
  EXPECT_EQ(page.proposals[0].mentee, "F1");
  EXPECT_EQ(totals.unmatched, 3u);
  EXPECT_EQ(totals.unmatched_mentees, 1u);
  EXPECT_EQ(totals.unmatched_mentors, 2u);
  EXPECT_EQ(totals.proposals, 4u);
  EXPECT_TRUE(store::ReadMatchingRunResult(garbled, RunResultQuery{"", 0, std::nullopt}, totals)
                  .proposals.empty());
}

}  // namespace
}  // namespace tandem
