// Accounts, sessions, throttling, invitations, password reset, the outbox,
// institutions, enrollments, profiles and programs, on a real database. Runs
// once on SQLite (a fresh file) and once on PostgreSQL (TANDEM_TEST_POSTGRES,
// set by scripts/with-postgres.sh); the same cases for both.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "service/accounts.h"
#include "service/demo.h"
#include "service/enrollments.h"
#include "service/institutions.h"
#include "service/participants.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "service/vocabulary.h"
#include "store/audit_log.h"
#include "store/database.h"
#include "store/enrollment_repository.h"
#include "store/pair_repository.h"
#include "store/testing.h"
#include "store/user_repository.h"

namespace tandem {
namespace {

using service::Actor;
using std::chrono::seconds;

constexpr const char* kPassword = "correct horse battery";

// Runs `fn` and returns the tandem::Error it throws; fails the test when it
// throws nothing.
Error Caught(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no tandem::Error thrown";
  return Error(ErrorCode::kInternal, "none");
}

// A fresh, empty, migrated database for one test, on a clock the test moves.
class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<store::TestDatabaseUrl>(
        "accounts-test-" +
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    url_ = test_db_->url();
    db_ = store::Database::Open(url_, 4, clock_);
    db_->Migrate();
  }
  void TearDown() override {
    db_.reset();
    test_db_.reset();
  }

  void Advance(seconds by) { clock_->Advance(by); }

  User NewUser(const std::string& email, bool admin = false) {
    return service::CreateUser(*db_, Actor::CommandLine(),
                               {email, "Person " + email, kPassword, admin});
  }

  Program NewProgram(const std::string& name, ProgramStatus status = ProgramStatus::kActive) {
    Program p;
    p.name = name;
    p.field = "hematology";
    p.status = status;
    return service::CreateProgram(*db_, Actor::CommandLine(), p);
  }

  // Enrols an existing user directly (active), as the command line would.
  std::int64_t Enrol(std::int64_t program_id, std::int64_t user_id, Role role,
                     const std::string& participant_id) {
    store::Transaction tx = db_->Begin();
    Enrollment e;
    e.program_id = program_id;
    e.user_id = user_id;
    e.role = role;
    e.participant_id = participant_id;
    e.status = EnrollmentStatus::kActive;
    const std::int64_t id = store::EnrollmentRepository(tx).Insert(e);
    tx.Commit();
    return id;
  }

  std::int64_t UserId(const std::string& email) {
    store::Transaction tx = db_->Begin(false);
    auto u = store::UserRepository(tx).FindByEmail(email);
    EXPECT_TRUE(u) << email;
    return u ? u->user.id : 0;
  }

  std::int64_t EnrollmentId(std::int64_t program_id, const std::string& participant_id) {
    store::Transaction tx = db_->Begin(false);
    auto e = store::EnrollmentRepository(tx).FindByParticipantId(program_id, participant_id);
    EXPECT_TRUE(e) << participant_id;
    return e ? e->id : 0;
  }

  std::vector<service::OutboxMessage> Outbox() {
    return service::ListOutbox(*db_, Actor::CommandLine());
  }

  // The token at the end of a link in the newest outbox message.
  std::string TokenFromNewestMessage(const std::string& marker) {
    const auto messages = Outbox();
    EXPECT_FALSE(messages.empty());
    if (messages.empty()) return "";
    const std::string& body = messages[0].body;
    const size_t at = body.find(marker);
    EXPECT_NE(at, std::string::npos) << body;
    if (at == std::string::npos) return "";
    return body.substr(at + marker.size(), 43);
  }

  std::vector<store::AuditEntry> Audit(const std::string& action) {
    store::Transaction tx = db_->Begin(false);
    return store::AuditLog(tx).List({.action = action, .limit = 500});
  }

  std::string url_;
  std::unique_ptr<store::TestDatabaseUrl> test_db_;  // after db_ is closed
  std::unique_ptr<store::Database> db_;
  std::shared_ptr<MovableClock> clock_ = std::make_shared<MovableClock>();
};

// ---- sign-in, sessions, CSRF ----------------------------------------------

// What the database stores for a token is its SHA-256 in lower-case hex (the
// digests here are sha256sum's): sessions, invitations and reset links stored
// by an earlier build are still found.
TEST(HashToken, IsTheLowerCaseHexSha256OfTheToken) {
  EXPECT_EQ(service::internal::HashToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(service::internal::HashToken("kfncAPOPHSMiaKSs2cXEKhmnbKPylFBLrVp_4nPfa3k"),
            "1e68ff27f4fd941473c2730f3d607d23a67a5263ce316238c49e15422f67ccca");
  std::vector<std::string> from_threads(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < from_threads.size(); ++i) {
    threads.emplace_back(
        [&from_threads, i] { from_threads[i] = service::internal::HashToken("abc"); });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& h : from_threads) EXPECT_EQ(h, service::internal::HashToken("abc"));
}

TEST_F(AccountsTest, SignInGivesOneMessageForUnknownEmailAndWrongPassword) {
  const User ana = NewUser("ana@uhn.example");
  EXPECT_TRUE(ana.has_password);
  const auto grant = service::SignIn(*db_, " Ana@UHN.example ", kPassword, "10.0.0.1");
  EXPECT_EQ(grant.user.id, ana.id);
  EXPECT_EQ(grant.token.size(), 43u);
  EXPECT_EQ(grant.csrf_token.size(), 43u);
  EXPECT_NE(grant.token, grant.csrf_token);
  EXPECT_FALSE(grant.expires_at.empty());

  const struct {
    const char* email;
    const char* password;
  } wrong[] = {
      {"ana@uhn.example", "wrong password!"},
      {"nobody@uhn.example", kPassword},
      {"not an address", kPassword},
      {"ana@uhn.example", ""},
  };
  std::set<std::string> messages;
  for (const auto& c : wrong) {
    const Error e = Caught([&] { service::SignIn(*db_, c.email, c.password, "10.0.0.1"); });
    EXPECT_EQ(e.code(), ErrorCode::kUnauthenticated) << c.email << " / " << c.password;
    messages.insert(e.message());
  }
  EXPECT_EQ(messages.size(), 1u) << "the message must not say which part was wrong";
}

TEST_F(AccountsTest, AuthenticateReturnsTheSessionWithAStableCsrfToken) {
  const User ana = NewUser("ana@uhn.example", true);
  const auto grant = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1");
  for (int i = 0; i < 3; ++i) {
    const auto info = service::Authenticate(*db_, grant.token);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->user.id, ana.id);
    EXPECT_EQ(info->actor.user_id, ana.id);
    EXPECT_TRUE(info->actor.is_admin);
    EXPECT_EQ(info->csrf_token, grant.csrf_token);
    Advance(seconds(10));  // past the cache: read from the database again
  }
  // A second session has its own CSRF token.
  const auto other = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1");
  EXPECT_NE(other.csrf_token, grant.csrf_token);
  EXPECT_EQ(service::Authenticate(*db_, other.token)->csrf_token, other.csrf_token);

  for (const std::string& bad : {std::string(), std::string("garbage"), std::string(43, 'A'),
                                 grant.token.substr(0, 42) + "!", grant.csrf_token}) {
    EXPECT_FALSE(service::Authenticate(*db_, bad)) << bad;
  }
}

TEST_F(AccountsTest, SignOutEndsTheSessionAtOnceAlsoInTheCache) {
  NewUser("ana@uhn.example");
  const auto grant = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1");
  const auto keep = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1");
  ASSERT_TRUE(service::Authenticate(*db_, grant.token));  // now cached
  service::SignOut(*db_, grant.token);
  EXPECT_FALSE(service::Authenticate(*db_, grant.token));
  EXPECT_TRUE(service::Authenticate(*db_, keep.token));
  service::SignOut(*db_, grant.token);  // again: no error
  service::SignOut(*db_, "not a token");
}

TEST_F(AccountsTest, SessionsExpireWhenIdleAndSlideWhenUsed) {
  NewUser("ana@uhn.example");
  service::SignInLimits limits;
  limits.session_seconds = 3600;
  const auto grant = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1", limits);
  Advance(seconds(1000));  // less than half used: not extended
  auto info = service::Authenticate(*db_, grant.token);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->expires_at, grant.expires_at);
  Advance(seconds(1000));  // more than half used: slides to an hour from now
  info = service::Authenticate(*db_, grant.token);
  ASSERT_TRUE(info);
  EXPECT_GT(info->expires_at, grant.expires_at);
  Advance(seconds(3000));  // still inside the extended hour
  EXPECT_TRUE(service::Authenticate(*db_, grant.token));
  Advance(seconds(3601));  // idle for longer than an hour
  EXPECT_FALSE(service::Authenticate(*db_, grant.token));
}

// However often it is used, a session ends 30 days after sign-in.
TEST_F(AccountsTest, SessionsEndThirtyDaysAfterSignInHoweverOftenUsed) {
  NewUser("ana@uhn.example");
  const auto grant = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1");
  int hours = 0;
  while (hours + 7 < 30 * 24) {  // used every 7 hours (well within the idle time)
    Advance(std::chrono::hours(7));
    hours += 7;
    ASSERT_TRUE(service::Authenticate(*db_, grant.token)) << "after " << hours << " hours";
  }
  Advance(std::chrono::hours(30 * 24 - hours + 1));  // 1 hour past 30 days, 7 or less idle
  EXPECT_FALSE(service::Authenticate(*db_, grant.token)) << "lived past 30 days";
}

// Sign-ins, failures on real accounts (and the one that locks), and sign-outs
// are audited with the address; unknown addresses are not.
TEST_F(AccountsTest, SignInsAndSignOutsAreAudited) {
  const User ana = NewUser("ana@uhn.example");
  service::SignInLimits limits;
  limits.max_failures_per_account = 2;
  for (int i = 0; i < 2; ++i) {
    Caught([&] { service::SignIn(*db_, "ana@uhn.example", "wrong!wrong!", "10.0.0.7", limits); });
  }
  Caught([&] { service::SignIn(*db_, "ghost@uhn.example", "wrong!wrong!", "10.0.0.7", limits); });
  Caught(
      [&] { service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.7", limits); });  // locked
  const auto failed = Audit("user.sign_in_failed");
  ASSERT_EQ(failed.size(), 2u) << "two failures on ana; the ghost and the refusal are not audited";
  EXPECT_EQ(failed[0].entity_id, ana.id);
  EXPECT_EQ(failed[0].actor, "anonymous");
  EXPECT_NE(failed[0].after_json.find(R"("locked":true)"), std::string::npos)
      << failed[0].after_json;  // newest first: the one that locked
  EXPECT_EQ(failed[1].after_json.find("locked"), std::string::npos) << failed[1].after_json;
  EXPECT_NE(failed[1].after_json.find("10.0.0.7"), std::string::npos);
  Advance(seconds(16 * 60));
  const auto grant = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.8");
  service::SignOut(*db_, grant.token);
  ASSERT_EQ(Audit("user.sign_in").size(), 1u);
  EXPECT_EQ(Audit("user.sign_in")[0].actor, "user:" + std::to_string(ana.id));
  EXPECT_EQ(Audit("user.sign_out").size(), 1u);
  for (const auto& action : {"user.sign_in", "user.sign_in_failed", "user.sign_out"}) {
    for (const auto& entry : Audit(action)) {
      EXPECT_EQ(entry.after_json.find(kPassword), std::string::npos);
      EXPECT_EQ(entry.after_json.find(grant.token), std::string::npos);
    }
  }
}

// An admin disables an account: its sessions end at once, it cannot sign
// in, its links are void; enabling lets it sign in again. Nobody disables
// themselves.
TEST_F(AccountsTest, AdminsDisableAndEnableAccounts) {
  const User admin = NewUser("root@x.example", true);
  const User ana = NewUser("ana@x.example");
  const Actor as_admin = Actor::User(admin.id, true);
  const auto session = service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1");
  ASSERT_TRUE(service::Authenticate(*db_, session.token));  // cached now
  service::RequestPasswordReset(*db_, "ana@x.example");
  const std::string link = TokenFromNewestMessage("/reset-password/");
  EXPECT_EQ(Caught([&] {
              service::SetUserDisabled(*db_, Actor::User(ana.id, false), ana.id, true);
            }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::SetUserDisabled(*db_, as_admin, admin.id, true); }).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(service::SetUserDisabled(*db_, as_admin, ana.id, true).disabled);
  EXPECT_FALSE(service::Authenticate(*db_, session.token)) << "a session outlived the disabling";
  EXPECT_EQ(Caught([&] { service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1"); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::ResetPassword(*db_, link, "a brand new secret"); }).code(),
            ErrorCode::kNotFound);
  service::SetUserDisabled(*db_, as_admin, ana.id, true);  // unchanged: not audited again
  EXPECT_EQ(Audit("user.disable").size(), 1u);
  EXPECT_FALSE(service::SetUserDisabled(*db_, as_admin, ana.id, false).disabled);
  EXPECT_NO_THROW(service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1"));
  EXPECT_EQ(Audit("user.enable").size(), 1u);
  EXPECT_EQ(Caught([&] { service::SetUserDisabled(*db_, as_admin, 999999, true); }).code(),
            ErrorCode::kNotFound);
}

// An admin grants and removes admin rights (the change reaches open sessions
// at once), signs someone out everywhere, and finds people by name or e-mail.
// Nobody removes their own rights; only admins do any of it.
TEST_F(AccountsTest, AdminsManageOtherAccounts) {
  const User admin = NewUser("root@x.example", true);
  const User ana = NewUser("ana@x.example");
  NewUser("bo@x.example");
  const Actor as_admin = Actor::User(admin.id, true);
  const Actor as_ana = Actor::User(ana.id, false);
  const auto laptop = service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1");
  const auto phone = service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.2");
  ASSERT_FALSE(service::Authenticate(*db_, laptop.token)->actor.is_admin);

  EXPECT_EQ(Caught([&] { service::UpdateUser(*db_, as_ana, ana.id, {.is_admin = true}); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::UpdateUser(*db_, as_admin, ana.id, {}); }).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(service::UpdateUser(*db_, as_admin, ana.id, {.is_admin = true}).is_admin);
  EXPECT_TRUE(service::Authenticate(*db_, laptop.token)->actor.is_admin)
      << "the open session did not get the rights";
  service::UpdateUser(*db_, as_admin, ana.id, {.is_admin = true});  // unchanged: not audited
  EXPECT_EQ(Audit("user.grant_admin").size(), 1u);
  EXPECT_EQ(
      Caught([&] { service::UpdateUser(*db_, as_admin, admin.id, {.is_admin = false}); }).code(),
      ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(service::UpdateUser(*db_, as_admin, ana.id, {.is_admin = false}).is_admin);
  EXPECT_FALSE(service::Authenticate(*db_, phone.token)->actor.is_admin);
  EXPECT_EQ(Audit("user.revoke_admin").size(), 1u);

  EXPECT_EQ(Caught([&] { service::SignOutUserEverywhere(*db_, as_ana, admin.id); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::SignOutUserEverywhere(*db_, as_admin, 999999); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(service::SignOutUserEverywhere(*db_, as_admin, ana.id), 2);
  EXPECT_FALSE(service::Authenticate(*db_, laptop.token));
  EXPECT_FALSE(service::Authenticate(*db_, phone.token));
  const auto ended = Audit("user.sign_out_everywhere");
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].actor_user_id, admin.id);
  EXPECT_EQ(ended[0].entity_id, ana.id);

  const auto found = service::ListUsers(*db_, as_admin, "  ANA ");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, ana.id);
  EXPECT_EQ(service::ListUsers(*db_, as_admin, "x.example").size(), 3u);
  EXPECT_TRUE(service::ListUsers(*db_, as_admin, "nobody").empty());
}

// "Sign out everywhere" ends every session of the caller, and only theirs.
TEST_F(AccountsTest, SignOutEverywhereEndsEverySessionOfTheCaller) {
  const User ana = NewUser("ana@x.example");
  NewUser("bo@x.example");
  const auto laptop = service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1");
  const auto library = service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.2");
  const auto bo = service::SignIn(*db_, "bo@x.example", kPassword, "10.0.0.3");
  ASSERT_TRUE(service::Authenticate(*db_, library.token));
  EXPECT_EQ(service::SignOutEverywhere(*db_, Actor::User(ana.id, false)), 2);
  EXPECT_FALSE(service::Authenticate(*db_, laptop.token));
  EXPECT_FALSE(service::Authenticate(*db_, library.token));
  EXPECT_TRUE(service::Authenticate(*db_, bo.token));
  EXPECT_EQ(Audit("user.sign_out_everywhere").size(), 1u);
}

TEST_F(AccountsTest, DisabledUsersCannotSignInAndLoseTheirSessions) {
  const User ana = NewUser("ana@uhn.example");
  const auto grant = service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1");
  {
    store::Transaction tx = db_->Begin();
    store::UserRepository(tx).SetDisabled(ana.id, true);
    tx.Commit();
  }
  EXPECT_EQ(Caught([&] { service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1"); }).code(),
            ErrorCode::kPermissionDenied);
  // The wrong password still gets the usual answer (nothing revealed).
  EXPECT_EQ(
      Caught([&] { service::SignIn(*db_, "ana@uhn.example", "wrong password", "1.2.3.4"); }).code(),
      ErrorCode::kUnauthenticated);
  Advance(seconds(10));  // past the few seconds a process may cache a session
  EXPECT_FALSE(service::Authenticate(*db_, grant.token));
}

// ---- throttling -------------------------------------------------------------

TEST_F(AccountsTest, ThrottlesPerAccountAndRecoversAfterTheWindow) {
  NewUser("ana@uhn.example");
  service::SignInLimits limits;
  limits.max_failures_per_account = 3;
  limits.window_seconds = 60;
  for (int i = 0; i < 3; ++i) {
    const std::string address = "10.0.0." + std::to_string(i);  // different addresses
    EXPECT_EQ(Caught([&] {
                service::SignIn(*db_, "ana@uhn.example", "wrong!wrong!", address, limits);
              }).code(),
              ErrorCode::kUnauthenticated);
  }
  // Locked: even the right password is refused, from any address.
  const Error locked =
      Caught([&] { service::SignIn(*db_, "ana@uhn.example", kPassword, "10.9.9.9", limits); });
  EXPECT_EQ(locked.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(locked.message().find("try again in 1 minute"), std::string::npos) << locked.message();
  // Unknown accounts are throttled the same way (no hint who exists).
  for (int i = 0; i < 3; ++i) {
    Caught([&] { service::SignIn(*db_, "ghost@uhn.example", "wrong!wrong!", "10.1.0.1", limits); });
  }
  EXPECT_EQ(Caught([&] {
              service::SignIn(*db_, "ghost@uhn.example", kPassword, "10.1.0.2", limits);
            }).code(),
            ErrorCode::kPermissionDenied);
  // After the window the account works again, and a success clears the count.
  Advance(seconds(61));
  EXPECT_NO_THROW(service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1", limits));
  for (int i = 0; i < 2; ++i) {
    Caught([&] { service::SignIn(*db_, "ana@uhn.example", "wrong!wrong!", "10.0.0.1", limits); });
  }
  EXPECT_NO_THROW(service::SignIn(*db_, "ana@uhn.example", kPassword, "10.0.0.1", limits));
}

TEST_F(AccountsTest, ThrottlesPerAddress) {
  NewUser("ana@uhn.example");
  service::SignInLimits limits;
  limits.max_failures_per_account = 100;
  limits.max_failures_per_address = 3;
  limits.window_seconds = 120;
  for (const char* email : {"a@x.example", "b@x.example", "c@x.example"}) {
    Caught([&] { service::SignIn(*db_, email, "wrong!wrong!", "203.0.113.7", limits); });
  }
  const Error locked =
      Caught([&] { service::SignIn(*db_, "ana@uhn.example", kPassword, "203.0.113.7", limits); });
  EXPECT_EQ(locked.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(locked.message().find("2 minutes"), std::string::npos) << locked.message();
  EXPECT_NO_THROW(service::SignIn(*db_, "ana@uhn.example", kPassword, "198.51.100.1", limits));
  Advance(seconds(121));
  EXPECT_NO_THROW(service::SignIn(*db_, "ana@uhn.example", kPassword, "203.0.113.7", limits));
}

// ---- users, outbox, institutions --------------------------------------------

TEST_F(AccountsTest, OnlyAdminsCreateAndListUsers) {
  const User admin = NewUser("admin@x.example", true);
  const User ana = NewUser("ana@x.example");
  const Actor as_admin = Actor::User(admin.id, true);
  const Actor as_ana = Actor::User(ana.id, false);
  EXPECT_EQ(service::ListUsers(*db_, as_admin).size(), 2u);
  EXPECT_EQ(Caught([&] { service::ListUsers(*db_, as_ana); }).code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::ListUsers(*db_, Actor::Anonymous()); }).code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(Caught([&] {
              service::CreateUser(*db_, as_ana, {"bo@x.example", "Bo", kPassword, false});
            }).code(),
            ErrorCode::kPermissionDenied);
  const struct {
    service::NewUser user;
    ErrorCode code;
    const char* field;
  } bad[] = {
      {{"ANA@x.example", "Ana again", kPassword, false}, ErrorCode::kConflict, "email"},
      {{"not-an-address", "Bo", kPassword, false}, ErrorCode::kInvalidArgument, "email"},
      {{"bo@x.example", "  ", kPassword, false}, ErrorCode::kInvalidArgument, "name"},
      {{"bo@x.example", "Bo", "short", false}, ErrorCode::kInvalidArgument, "password"},
      {{"bo@x.example", "Bo", "bo@x.example", false}, ErrorCode::kInvalidArgument, "password"},
  };
  for (const auto& c : bad) {
    const Error e = Caught([&] { service::CreateUser(*db_, as_admin, c.user); });
    EXPECT_EQ(e.code(), c.code) << c.user.email;
    EXPECT_EQ(e.field(), c.field) << c.user.email << ": " << e.message();
  }
  // The audit log records creations without the password or its hash.
  const auto entries = Audit("user.create");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].after_json.find("argon2"), std::string::npos);
  EXPECT_EQ(entries[0].after_json.find(kPassword), std::string::npos);
}

TEST_F(AccountsTest, OutboxIsForAdminsOnly) {
  const User admin = NewUser("admin@x.example", true);
  const User ana = NewUser("ana@x.example");
  service::RequestPasswordReset(*db_, "ana@x.example");
  EXPECT_EQ(service::ListOutbox(*db_, Actor::User(admin.id, true)).size(), 1u);
  EXPECT_EQ(Caught([&] { service::ListOutbox(*db_, Actor::User(ana.id, false)); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::ListOutbox(*db_, Actor::Anonymous()); }).code(),
            ErrorCode::kUnauthenticated);
}

// The list tells where people work or are treated: coordinators and admins
// see it, participants do not.
TEST_F(AccountsTest, InstitutionsAreListedToCoordinatorsAndCreatedByAdmins) {
  const User admin = NewUser("admin@x.example", true);
  const User ana = NewUser("ana@x.example");
  const User sam = NewUser("sam@x.example");
  const Program program = NewProgram("Fellows");
  Enrol(program.id, ana.id, Role::kCoordinator, "ana");
  Enrol(program.id, sam.id, Role::kMentee, "sam");
  const auto created = service::CreateInstitution(*db_, Actor::User(admin.id, true), " UHN ");
  EXPECT_EQ(created.name, "UHN");
  service::CreateInstitution(*db_, Actor::CommandLine(), "MCW");
  const auto listed = service::ListInstitutions(*db_, Actor::User(ana.id, false));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "MCW");  // by name
  EXPECT_EQ(service::ListInstitutions(*db_, Actor::User(admin.id, true)).size(), 2u);
  EXPECT_EQ(Caught([&] { service::ListInstitutions(*db_, Actor::User(sam.id, false)); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::ListInstitutions(*db_, Actor::Anonymous()); }).code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(
      Caught([&] { service::CreateInstitution(*db_, Actor::User(ana.id, false), "X"); }).code(),
      ErrorCode::kPermissionDenied);
  const Error dup = Caught([&] { service::CreateInstitution(*db_, Actor::CommandLine(), "UHN"); });
  EXPECT_EQ(dup.code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.field(), "name");
  EXPECT_EQ(Caught([&] { service::CreateInstitution(*db_, Actor::CommandLine(), " "); }).field(),
            "name");
}

// ---- invitations --------------------------------------------------------------

TEST_F(AccountsTest, InvitationFlow) {
  service::SetPublicBaseUrl("https://tandem.example/");
  const Program program = NewProgram("Fellows");
  const User coordinator = NewUser("coord@x.example");
  Enrol(program.id, coordinator.id, Role::kCoordinator, "coord");
  const Actor as_coordinator = Actor::User(coordinator.id, false);

  service::Invitation invitation{"New.Person@X.example", "New Person", Role::kMentee, 1, ""};
  const auto sent = service::InviteToProgram(*db_, as_coordinator, program.id, invitation);
  EXPECT_EQ(sent.enrollment.status, EnrollmentStatus::kInvited);
  EXPECT_EQ(sent.enrollment.email, "new.person@x.example");
  EXPECT_EQ(sent.enrollment.participant_id, "new.person");
  EXPECT_TRUE(sent.link_for_inviter) << "a new account: the inviter may pass the link on";
  const std::string prefix = "https://tandem.example/invitations/";
  ASSERT_EQ(sent.link.rfind(prefix, 0), 0u) << sent.link;
  const std::string token = sent.link.substr(prefix.size());
  const auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].to, "new.person@x.example");
  EXPECT_EQ(outbox[0].kind, "invitation");
  EXPECT_NE(outbox[0].body.find(sent.link), std::string::npos);
  // The walkthrough's "as an mentee" (issue 14): the message is written from
  // notify/messages.h, whose test runs every role and kind of program.
  EXPECT_NE(outbox[0].body.find("take part in Fellows as a mentee. To accept and choose your "
                                "password"),
            std::string::npos)
      << outbox[0].body;

  const auto info = service::LookUpInvitation(*db_, token);
  EXPECT_EQ(info.email, "new.person@x.example");
  EXPECT_EQ(info.program_name, "Fellows");
  EXPECT_EQ(info.role, Role::kMentee);
  EXPECT_TRUE(info.needs_password);

  // A weak password is refused and leaves the link usable.
  EXPECT_EQ(Caught([&] { service::AcceptInvitation(*db_, token, "short", "10.0.0.1"); }).field(),
            "password");
  const auto grant = service::AcceptInvitation(*db_, token, kPassword, "10.0.0.1");
  EXPECT_TRUE(grant.user.has_password);
  EXPECT_TRUE(service::Authenticate(*db_, grant.token));
  EXPECT_EQ(service::GetEnrollment(*db_, as_coordinator, sent.enrollment.id).status,
            EnrollmentStatus::kActive);
  EXPECT_NO_THROW(service::SignIn(*db_, "new.person@x.example", kPassword, "10.0.0.1"));
  // One-time.
  EXPECT_EQ(Caught([&] { service::AcceptInvitation(*db_, token, kPassword, "10.0.0.1"); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(Caught([&] { service::LookUpInvitation(*db_, token); }).code(), ErrorCode::kNotFound);
  EXPECT_EQ(Caught([&] { service::LookUpInvitation(*db_, "nonsense"); }).code(),
            ErrorCode::kNotFound);

  // The same person in the same role again: conflict. Another role: fine; an
  // existing account is invited too (no enrollment without consent) and the
  // link needs the current password.
  EXPECT_EQ(Caught([&] {
              service::InviteToProgram(*db_, as_coordinator, program.id, invitation);
            }).code(),
            ErrorCode::kConflict);
  invitation.role = Role::kEvaluator;
  const auto again = service::InviteToProgram(*db_, as_coordinator, program.id, invitation);
  EXPECT_EQ(again.enrollment.status, EnrollmentStatus::kInvited);
  EXPECT_TRUE(again.link_for_inviter);
  const std::string token2 = again.link.substr(prefix.size());
  EXPECT_FALSE(service::LookUpInvitation(*db_, token2).needs_password);
  EXPECT_EQ(Caught([&] {
              service::AcceptInvitation(*db_, token2, "not the password", "1.1.1.1");
            }).field(),
            "password");
  EXPECT_NO_THROW(service::AcceptInvitation(*db_, token2, kPassword, "1.1.1.1"));
  EXPECT_EQ(service::GetEnrollment(*db_, as_coordinator, again.enrollment.id).status,
            EnrollmentStatus::kActive);

  // Expired after 14 days.
  const auto late = service::InviteToProgram(
      *db_, as_coordinator, program.id, {"late@x.example", "Late", Role::kMentor, 2, "M-late"});
  EXPECT_EQ(late.enrollment.participant_id, "M-late");
  EXPECT_EQ(late.enrollment.capacity, 2);
  Advance(seconds(15 * 24 * 3600));
  const std::string late_token = late.link.substr(prefix.size());
  EXPECT_EQ(Caught([&] { service::LookUpInvitation(*db_, late_token); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      Caught([&] { service::AcceptInvitation(*db_, late_token, kPassword, "1.1.1.1"); }).code(),
      ErrorCode::kNotFound);
  service::SetPublicBaseUrl("http://127.0.0.1:8080");
}

// Whoever holds the link of an account without a password chooses its
// password: the coordinator of one program must not get the link of an
// account that another program also uses (it would be a takeover).
TEST_F(AccountsTest, InvitationLinksOfOthersAccountsGoOnlyToTheOutbox) {
  const Program home = NewProgram("Home");
  const Program other = NewProgram("Other");
  const User a = NewUser("a@x.example"), b = NewUser("b@x.example");
  Enrol(home.id, a.id, Role::kCoordinator, "a");
  Enrol(other.id, b.id, Role::kCoordinator, "b");
  const auto first = service::InviteToProgram(*db_, Actor::User(a.id, false), home.id,
                                              {"sam@x.example", "Sam", Role::kMentor, 1, ""});
  EXPECT_TRUE(first.link_for_inviter) << "new account, only used by this program";
  const auto second = service::InviteToProgram(*db_, Actor::User(b.id, false), other.id,
                                               {"sam@x.example", "Sam", Role::kMentor, 1, ""});
  EXPECT_FALSE(second.link_for_inviter) << "Sam's unclaimed account is Home's too";
  EXPECT_EQ(second.enrollment.status, EnrollmentStatus::kInvited);
  const auto outbox = Outbox();
  ASSERT_FALSE(outbox.empty());
  EXPECT_NE(outbox[0].body.find(second.link), std::string::npos) << "the outbox still has it";
  // Home's coordinator saw the first link while Sam's account was Home's
  // alone. Now that Other uses it too, that link cannot choose its password.
  const std::string prefix = service::PublicBaseUrl() + "/invitations/";
  const std::string first_token = first.link.substr(prefix.size());
  const Error taken =
      Caught([&] { service::AcceptInvitation(*db_, first_token, kPassword, "10.0.0.9"); });
  EXPECT_EQ(taken.code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(taken.field(), "password");
  // Sam chooses a password by e-mail; then the invitation takes it.
  service::RequestPasswordReset(*db_, "sam@x.example");
  service::ResetPassword(*db_, TokenFromNewestMessage("/reset-password/"), kPassword);
  EXPECT_NO_THROW(service::AcceptInvitation(*db_, first_token, kPassword, "10.0.0.9"));
}

TEST_F(AccountsTest, InvitationsAreValidatedAndForCoordinatorsOnly) {
  const Program program = NewProgram("Fellows");
  const User mentee = NewUser("mentee@x.example");
  Enrol(program.id, mentee.id, Role::kMentee, "f1");
  EXPECT_EQ(Caught([&] {
              service::InviteToProgram(*db_, Actor::User(mentee.id, false), program.id,
                                       {"a@x.example", "A", Role::kMentee, 1, ""});
            }).code(),
            ErrorCode::kPermissionDenied);
  const struct {
    service::Invitation invitation;
    ErrorCode code;
    const char* field;
  } bad[] = {
      {{"nope", "A", Role::kMentee, 1, ""}, ErrorCode::kInvalidArgument, "email"},
      {{"a@x.example", " ", Role::kMentee, 1, ""}, ErrorCode::kInvalidArgument, "name"},
      {{"a@x.example", "A", Role::kMentor, 0, ""}, ErrorCode::kInvalidArgument, "capacity"},
      {{"a@x.example", "A", Role::kMentor, 1001, ""}, ErrorCode::kInvalidArgument, "capacity"},
      {{"a@x.example", "A", Role::kMentee, 1, "a b"},
       ErrorCode::kInvalidArgument,
       "participant_id"},
      {{"a@x.example", "A", Role::kMentee, 1, "f1"}, ErrorCode::kConflict, "participant_id"},
  };
  for (const auto& c : bad) {
    const Error e = Caught(
        [&] { service::InviteToProgram(*db_, Actor::CommandLine(), program.id, c.invitation); });
    EXPECT_EQ(e.code(), c.code) << c.field;
    EXPECT_EQ(e.field(), c.field) << e.message();
  }
  EXPECT_EQ(Caught([&] {
              service::InviteToProgram(*db_, Actor::CommandLine(), 9999,
                                       {"a@x.example", "A", Role::kMentee, 1, ""});
            }).code(),
            ErrorCode::kNotFound);
  service::TransitionProgram(*db_, Actor::CommandLine(), program.id, ProgramStatus::kClosed);
  EXPECT_EQ(Caught([&] {
              service::InviteToProgram(*db_, Actor::CommandLine(), program.id,
                                       {"a@x.example", "A", Role::kMentee, 1, ""});
            }).code(),
            ErrorCode::kFailedPrecondition);
}

// ---- password reset -----------------------------------------------------------

TEST_F(AccountsTest, PasswordResetWorksOnceAndEndsOldSessions) {
  NewUser("ana@x.example");
  service::RequestPasswordReset(*db_, "ghost@x.example");  // unknown: no error, nothing written
  service::RequestPasswordReset(*db_, "not an address");
  EXPECT_TRUE(Outbox().empty());

  const auto session = service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1");
  ASSERT_TRUE(service::Authenticate(*db_, session.token));  // cached
  service::RequestPasswordReset(*db_, " ANA@x.example");
  const auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].to, "ana@x.example");
  EXPECT_EQ(outbox[0].kind, "password_reset");
  const std::string token = TokenFromNewestMessage("/reset-password/");

  EXPECT_EQ(Caught([&] { service::ResetPassword(*db_, token, "short"); }).field(), "password");
  const std::string fresh = "a brand new secret";
  service::ResetPassword(*db_, token, fresh);
  EXPECT_FALSE(service::Authenticate(*db_, session.token)) << "old sessions end at once";
  EXPECT_EQ(Caught([&] { service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1"); }).code(),
            ErrorCode::kUnauthenticated);
  EXPECT_NO_THROW(service::SignIn(*db_, "ana@x.example", fresh, "10.0.0.1"));
  EXPECT_EQ(Caught([&] { service::ResetPassword(*db_, token, "yet another one"); }).code(),
            ErrorCode::kNotFound);

  // A link expires after an hour.
  service::RequestPasswordReset(*db_, "ana@x.example");
  const std::string late = TokenFromNewestMessage("/reset-password/");
  Advance(seconds(3601));
  EXPECT_EQ(Caught([&] { service::ResetPassword(*db_, late, "yet another one"); }).code(),
            ErrorCode::kNotFound);
  // Requests are capped: at most 3 live links per account.
  for (int i = 0; i < 5; ++i) service::RequestPasswordReset(*db_, "ana@x.example");
  EXPECT_EQ(Outbox().size(), 2u + 3u);
}

// Someone who keeps guessing cannot keep the owner out: the reset link
// proves the mailbox and lifts the lock.
TEST_F(AccountsTest, AResetLiftsTheLockOfTheAccount) {
  NewUser("ana@x.example");
  service::SignInLimits limits;
  limits.max_failures_per_account = 3;
  for (int i = 0; i < 3; ++i) {
    const std::string address = "10.0.0." + std::to_string(i);
    Caught([&] { service::SignIn(*db_, "ana@x.example", "wrong!wrong!", address, limits); });
  }
  EXPECT_EQ(
      Caught([&] { service::SignIn(*db_, "ana@x.example", kPassword, "10.9.9.9", limits); }).code(),
      ErrorCode::kPermissionDenied);
  service::RequestPasswordReset(*db_, "ana@x.example");
  const std::string fresh = "a brand new secret";
  service::ResetPassword(*db_, TokenFromNewestMessage("/reset-password/"), fresh);
  EXPECT_NO_THROW(service::SignIn(*db_, "ana@x.example", fresh, "10.9.9.9", limits));
}

// A link sent to an address is void once the account's address changes:
// whoever reads the old mailbox cannot use it.
TEST_F(AccountsTest, ChangingTheEmailVoidsLinksSentToTheOldOne) {
  const User ana = NewUser("ana@x.example");
  service::RequestPasswordReset(*db_, "ana@x.example");
  const std::string token = TokenFromNewestMessage("/reset-password/");
  {
    store::Transaction tx = db_->Begin();
    store::SetTestUserEmail(tx, ana.id, "ana.new@x.example");
    tx.Commit();
  }
  EXPECT_EQ(Caught([&] { service::ResetPassword(*db_, token, "a brand new secret"); }).code(),
            ErrorCode::kNotFound);
}

// ---- enrollments -----------------------------------------------------------------

// A program with two mentors, two mentees (imported, with e-mails), a
// coordinator, an evaluator, an outsider, and the pair m1-f1.
class EnrollmentsTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    program_ = NewProgram("Fellows", ProgramStatus::kEnrolling);
    std::istringstream csv(
        "role,id,name,email,institution,time_zone,interests,availability\n"
        "mentor,m1,Ana Ruiz,m1@x.example,UHN,America/Toronto,thrombosis,Mon 18:00-20:00\n"
        "mentor,m2,Bo Chen,m2@x.example,UCSF,America/Los_Angeles,hemophilia,\n"
        "mentee,f1,Sam Lee,f1@x.example,MCW,America/Chicago,thrombosis,Tue 19:00-21:00\n"
        "mentee,f2,Kim Park,f2@x.example,MCW,,,\n");
    ASSERT_TRUE(service::ImportParticipants(*db_, Actor::CommandLine(), program_.id, csv).ok());
    const User coordinator = NewUser("coord@x.example");
    const User evaluator = NewUser("eval@x.example");
    const User outsider = NewUser("out@x.example");
    coordinator_ = Actor::User(coordinator.id, false);
    evaluator_ = Actor::User(evaluator.id, false);
    outsider_ = Actor::User(outsider.id, false);
    Enrol(program_.id, coordinator.id, Role::kCoordinator, "coord");
    Enrol(program_.id, evaluator.id, Role::kEvaluator, "eval");
    for (const char* id : {"m1", "m2", "f1", "f2"}) {
      actors_[id] = Actor::User(UserId(std::string(id) + "@x.example"), false);
      ids_[id] = EnrollmentId(program_.id, id);
    }
    store::Transaction tx = db_->Begin();
    Pair pair;
    pair.program_id = program_.id;
    pair.mentor = "m1";
    pair.mentee = "f1";
    pair.status = PairStatus::kActive;
    pair_id_ = store::PairRepository(tx).Insert(pair);
    tx.Commit();
  }

  std::vector<std::string> Visible(const Actor& actor) {
    std::vector<std::string> out;
    for (const Enrollment& e : service::ListEnrollments(*db_, actor, program_.id).enrollments) {
      out.push_back(e.participant_id);
    }
    return out;
  }

  Program program_;
  Actor coordinator_, evaluator_, outsider_;
  std::map<std::string, Actor> actors_;
  std::map<std::string, std::int64_t> ids_;
  std::int64_t pair_id_ = 0;
};

using Ids = std::vector<std::string>;

TEST_F(EnrollmentsTest, ListingFollowsTheVisibilityRules) {
  EXPECT_EQ(Visible(coordinator_), (Ids{"m1", "m2", "f1", "f2", "coord", "eval"}));
  EXPECT_EQ(Visible(Actor::CommandLine()), (Ids{"m1", "m2", "f1", "f2", "coord", "eval"}));
  EXPECT_EQ(Visible(actors_["f1"]), (Ids{"m1", "f1"}));  // own + partner
  EXPECT_EQ(Visible(actors_["m1"]), (Ids{"m1", "f1"}));  // own + mentee
  EXPECT_EQ(Visible(actors_["f2"]), (Ids{"f2"}));
  EXPECT_EQ(Caught([&] { Visible(evaluator_); }).code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { Visible(outsider_); }).code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { Visible(Actor::Anonymous()); }).code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Caught([&] { service::ListEnrollments(*db_, coordinator_, 9999); }).code(),
            ErrorCode::kNotFound);

  // Filters, and what a listing carries.
  const auto mentors =
      service::ListEnrollments(*db_, coordinator_, program_.id, {.role = Role::kMentor})
          .enrollments;
  ASSERT_EQ(mentors.size(), 2u);
  EXPECT_EQ(mentors[0].name, "Ana Ruiz");
  EXPECT_EQ(mentors[0].email, "m1@x.example");
  EXPECT_TRUE(mentors[0].profile_complete);
  EXPECT_FALSE(mentors[1].profile_complete);  // no availability
  EXPECT_EQ(service::ListEnrollments(*db_, coordinator_, program_.id,
                                     {.status = EnrollmentStatus::kInvited})
                .counts.total,
            0u);

  // Single enrollments and profiles: the same rules.
  const struct {
    const char* who;
    const char* whose;
    bool allowed;
  } cases[] = {
      {"f1", "m1", true},  {"f1", "f1", true},  {"m1", "f1", true},  {"f1", "m2", false},
      {"f2", "m1", false}, {"m2", "f1", false}, {"m1", "f2", false},
  };
  for (const auto& c : cases) {
    const auto get = [&] { return service::GetEnrollment(*db_, actors_[c.who], ids_[c.whose]); };
    const auto profile = [&] { return service::GetProfile(*db_, actors_[c.who], ids_[c.whose]); };
    if (c.allowed) {
      EXPECT_EQ(get().participant_id, c.whose) << c.who << " sees " << c.whose;
      EXPECT_EQ(profile().id, c.whose) << c.who << " sees the profile of " << c.whose;
    } else {
      EXPECT_EQ(Caught([&] { get(); }).code(), ErrorCode::kPermissionDenied)
          << c.who << " must not see " << c.whose;
      EXPECT_EQ(Caught([&] { profile(); }).code(), ErrorCode::kPermissionDenied)
          << c.who << " must not see the profile of " << c.whose;
    }
  }
  EXPECT_EQ(Caught([&] { service::GetEnrollment(*db_, evaluator_, ids_["m1"]); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::GetEnrollment(*db_, coordinator_, 9999); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(service::GetProfile(*db_, coordinator_, ids_["f1"]).interests,
            std::vector<std::string>{"thrombosis"});

  // A dissolved pair no longer shows the partner.
  {
    store::Transaction tx = db_->Begin();
    store::PairRepository pairs(tx);
    Pair pair = *pairs.Find(pair_id_);
    pair.status = PairStatus::kDissolved;
    pair.end_reason = "moved";
    pairs.UpdateStatus(pair);
    tx.Commit();
  }
  EXPECT_EQ(Visible(actors_["f1"]), (Ids{"f1"}));
  EXPECT_EQ(Caught([&] { service::GetProfile(*db_, actors_["f1"], ids_["m1"]); }).code(),
            ErrorCode::kPermissionDenied);
}

// A coordinator's listing is paged by the database; a search or a member's
// listing is paged in memory (PageOf). Both give the same pages and counts.
TEST_F(EnrollmentsTest, ListingIsSearchedAndPagedWithTheCountsOfEveryPage) {
  // More people, one of them with a name in capitals and accents.
  std::istringstream csv(
      "role,id,name,email,institution,time_zone,interests,availability\n"
      "mentee,f3,ÉLODIE Roy,f3@x.example,MCW,America/Chicago,thrombosis,Tue 19:00-21:00\n"
      "mentee,f4,Lee Ann Ho,f4@x.example,MCW,America/Chicago,,Tue 19:00-21:00\n"
      "mentor,m3,Jo Kim,jo.kim@x.example,UHN,America/Toronto,thrombosis,Mon 18:00-20:00\n");
  ASSERT_TRUE(service::ImportParticipants(*db_, Actor::CommandLine(), program_.id, csv).ok());
  const auto ids = [](const EnrollmentPage& page) {
    std::vector<std::string> out;
    for (const Enrollment& e : page.enrollments) out.push_back(e.participant_id);
    return out;
  };
  const auto list = [&](const EnrollmentQuery& q) {
    return service::ListEnrollments(*db_, coordinator_, program_.id, q);
  };
  // Everyone: m1 m2 f1 f2 coord eval f3 f4 m3. Mentors and mentees: 7, of
  // them complete: m1, f1, f3, m3 (f4 has no interest, m2 no availability).
  const EnrollmentPage second = list({.offset = 3, .limit = 3});
  EXPECT_EQ(ids(second), (Ids{"f2", "coord", "eval"}));
  EXPECT_EQ(second.counts.total, 9u);
  EXPECT_EQ(second.counts.participants, 7u);
  EXPECT_EQ(second.counts.profiles_complete, 4u);
  EXPECT_EQ(ids(list({.offset = 8, .limit = 3})), (Ids{"m3"}));
  const EnrollmentPage past = list({.offset = 50, .limit = 50});
  EXPECT_TRUE(past.enrollments.empty());
  EXPECT_EQ(past.counts.total, 9u);
  // Filters count what they keep.
  const EnrollmentPage mentees = list({.role = Role::kMentee, .limit = 2});
  EXPECT_EQ(ids(mentees), (Ids{"f1", "f2"}));
  EXPECT_EQ(mentees.counts.total, 4u);
  EXPECT_EQ(mentees.counts.profiles_complete, 2u);
  // The same listing searched and paged in memory: the same page and counts.
  const EnrollmentPage all = list({});
  ASSERT_EQ(all.counts.total, 9u);
  for (std::size_t offset : {0u, 2u, 7u}) {
    const EnrollmentPage by_database = list({.offset = offset, .limit = 4});
    const EnrollmentPage in_memory = PageOf(all.enrollments, {.offset = offset, .limit = 4});
    EXPECT_EQ(ids(by_database), ids(in_memory)) << offset;
    EXPECT_EQ(by_database.counts.participants, in_memory.counts.participants);
    EXPECT_EQ(by_database.counts.profiles_complete, in_memory.counts.profiles_complete);
  }
  // Search: names whatever their case and accents, e-mails, participant ids.
  EXPECT_EQ(ids(list({.text = "élodie"})), (Ids{"f3"}));
  EXPECT_EQ(ids(list({.text = "LEE"})), (Ids{"f1", "f4"}));
  EXPECT_EQ(ids(list({.text = "jo.kim@"})), (Ids{"m3"}));
  EXPECT_EQ(ids(list({.text = "m3"})), (Ids{"m3"}));  // the participant id
  EXPECT_EQ(list({.text = "nobody"}).counts.total, 0u);
  const EnrollmentPage lee = list({.role = Role::kMentee, .text = "lee", .offset = 1, .limit = 1});
  EXPECT_EQ(ids(lee), (Ids{"f4"}));
  EXPECT_EQ(lee.counts.total, 2u);
  EXPECT_EQ(lee.counts.profiles_complete, 1u);
  // A member's listing pages their own few.
  const EnrollmentPage mine =
      service::ListEnrollments(*db_, actors_["f1"], program_.id, {.limit = 1});
  EXPECT_EQ(ids(mine), (Ids{"m1"}));
  EXPECT_EQ(mine.counts.total, 2u);
}

TEST_F(EnrollmentsTest, ApplyApproveWithdraw) {
  const User newcomer = NewUser("new@x.example");
  const Actor as_newcomer = Actor::User(newcomer.id, false);
  const Error role =
      Caught([&] { service::Apply(*db_, as_newcomer, program_.id, Role::kCoordinator); });
  EXPECT_EQ(role.field(), "role");
  const Enrollment applied = service::Apply(*db_, as_newcomer, program_.id, Role::kMentee);
  EXPECT_EQ(applied.status, EnrollmentStatus::kApplied);
  EXPECT_EQ(applied.participant_id, "new");
  EXPECT_EQ(Visible(as_newcomer), (Ids{"new"}));  // an applicant sees their application
  EXPECT_EQ(Caught([&] { service::Apply(*db_, as_newcomer, program_.id, Role::kMentee); }).code(),
            ErrorCode::kConflict);
  EXPECT_EQ(
      Caught([&] { service::Apply(*db_, Actor::Anonymous(), program_.id, Role::kMentee); }).code(),
      ErrorCode::kUnauthenticated);

  EXPECT_EQ(Caught([&] { service::Approve(*db_, actors_["m1"], applied.id); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::Approve(*db_, as_newcomer, applied.id); }).code(),
            ErrorCode::kPermissionDenied);
  const Enrollment approved = service::Approve(*db_, coordinator_, applied.id);
  EXPECT_EQ(approved.status, EnrollmentStatus::kActive);
  EXPECT_EQ(Caught([&] { service::Approve(*db_, coordinator_, applied.id); }).code(),
            ErrorCode::kFailedPrecondition);

  EXPECT_EQ(Caught([&] { service::Withdraw(*db_, actors_["f1"], applied.id, "no"); }).code(),
            ErrorCode::kPermissionDenied);
  const Enrollment withdrawn =
      service::Withdraw(*db_, as_newcomer, applied.id, "  changed institution ");
  EXPECT_EQ(withdrawn.status, EnrollmentStatus::kWithdrawn);
  EXPECT_EQ(Caught([&] { service::Withdraw(*db_, coordinator_, applied.id, ""); }).code(),
            ErrorCode::kFailedPrecondition);
  const auto entries = Audit("enrollment.withdraw");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_NE(entries[0].before_json.find("\"active\""), std::string::npos);
  EXPECT_NE(entries[0].after_json.find("changed institution"), std::string::npos);
  EXPECT_EQ(Audit("enrollment.apply").size(), 1u);
  EXPECT_EQ(Audit("enrollment.approve").size(), 1u);

  // Applications only while enrolling; to a non-member the program is then
  // as closed as its GET (no name, no status).
  service::TransitionProgram(*db_, coordinator_, program_.id, ProgramStatus::kMatching);
  const User late = NewUser("late@x.example");
  const Error refused = Caught(
      [&] { service::Apply(*db_, Actor::User(late.id, false), program_.id, Role::kMentor); });
  EXPECT_EQ(refused.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.message().find(program_.name), std::string::npos) << refused.message();
  EXPECT_EQ(Caught([&] { service::Apply(*db_, coordinator_, program_.id, Role::kMentee); }).code(),
            ErrorCode::kFailedPrecondition);
}

TEST_F(EnrollmentsTest, ProfilesAreValidatedNamingTheFieldAndAudited) {
  Participant profile = service::GetProfile(*db_, actors_["f2"], ids_["f2"]);
  EXPECT_FALSE(service::GetEnrollment(*db_, actors_["f2"], ids_["f2"]).profile_complete);
  profile.time_zone = "America/Chicago";
  profile.interests = {"Sickle_Cell Disease", "thrombosis"};
  profile.availability = {{2 * 1440 + 18 * 60, 90}};
  profile.background = {{"gender", "woman"}};
  profile.match_on = {"gender"};
  profile.institution = "Brand New Institute";
  profile.bio = "Second-year fellow.";
  profile.prefer = {"m1"};  // ignored here: preferences have their own call
  const Participant saved = service::SaveProfile(*db_, actors_["f2"], ids_["f2"], profile);
  EXPECT_EQ(saved.interests, (std::vector<std::string>{"sickle cell disease", "thrombosis"}));
  EXPECT_EQ(saved.institution, "Brand New Institute");
  EXPECT_TRUE(saved.prefer.empty());
  EXPECT_TRUE(service::GetEnrollment(*db_, actors_["f2"], ids_["f2"]).profile_complete);
  const auto entries = Audit("profile.update");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_NE(entries[0].after_json.find("sickle cell disease"), std::string::npos);
  EXPECT_EQ(entries[0].before_json.find("sickle cell disease"), std::string::npos);
  // The record's text is what earlier builds wrote (a tree of the profile,
  // keys sorted, dumped): background in key order, whatever the profile's.
  Participant more = saved;
  more.background = {{"gender", "woman"}, {"first_generation", "yes"}};
  more.bio = "Fellow at H\u00f4pital \"Saint-Louis\" \\ Paris";
  more.years_experience = 4;
  more.languages = {"english", "french"};
  const Participant resaved = service::SaveProfile(*db_, actors_["f2"], ids_["f2"], more);
  const auto earlier_text = [](const Participant& p) {
    nlohmann::json background = nlohmann::json::object();
    for (const BackgroundTag& t : p.background) background[t.key] = t.value;
    nlohmann::json availability = nlohmann::json::array();
    for (const WeeklyWindow& w : p.availability) {
      availability.push_back({{"start_minute", w.start}, {"minutes", w.minutes}});
    }
    nlohmann::json j = {{"participant_id", p.id},
                        {"name", p.name},
                        {"role", RoleName(p.role)},
                        {"institution", p.institution},
                        {"career_stage", p.career_stage},
                        {"time_zone", p.time_zone},
                        {"capacity", p.capacity},
                        {"interests", p.interests},
                        {"specialties", p.specialties},
                        {"goals", p.goals},
                        {"background", background},
                        {"match_on", p.match_on},
                        {"languages", p.languages},
                        {"availability", availability},
                        {"prefer", p.prefer},
                        {"avoid", p.avoid},
                        {"bio", p.bio},
                        {"answers", p.answers}};
    j["years_experience"] =
        p.years_experience ? nlohmann::json(*p.years_experience) : nlohmann::json(nullptr);
    return j.dump();
  };
  const auto updates = Audit("profile.update");
  ASSERT_EQ(updates.size(), 2u);
  const auto& last = updates[0].id > updates[1].id ? updates[0] : updates[1];
  EXPECT_EQ(last.before_json, earlier_text(saved));
  EXPECT_EQ(last.after_json, earlier_text(resaved));
  EXPECT_NE(last.after_json.find("\"first generation\":\"yes\",\"gender\":\"woman\""),
            std::string::npos)
      << last.after_json;
  // Saved again as it is: nothing changes, nothing is audited.
  EXPECT_EQ(service::SaveProfile(*db_, actors_["f2"], ids_["f2"], resaved), resaved);
  EXPECT_EQ(Audit("profile.update").size(), 2u);
  // The import path sees the saved profile.
  for (const Participant& p : service::LoadParticipants(*db_, program_.id)) {
    if (p.id == "f2") {
      EXPECT_EQ(p.time_zone, "America/Chicago");
    }
  }

  const struct {
    void (*edit)(Participant&);
    const char* field;
  } bad[] = {
      {[](Participant& p) { p.time_zone = "Mars/Olympus"; }, "time_zone"},
      {[](Participant& p) {
         p.availability = {{10080, 30}};
       },
       "availability[0].start_minute"},
      {[](Participant& p) { p.capacity = 1001; }, "capacity"},
      {[](Participant& p) { p.match_on = {"urim"}; }, "match_on[0]"},
      {[](Participant& p) { p.interests = {"a;b"}; }, "interests[0]"},
      {[](Participant& p) { p.name = ""; }, "name"},
      {[](Participant& p) { p.years_experience = 99; }, "years_experience"},
  };
  for (const auto& c : bad) {
    Participant p = saved;
    c.edit(p);
    const Error e = Caught([&] { service::SaveProfile(*db_, actors_["f2"], ids_["f2"], p); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(e.field(), c.field) << e.message();
  }
  // Only the person or a coordinator changes a profile; a partner may only read it.
  EXPECT_EQ(Caught([&] { service::SaveProfile(*db_, actors_["m1"], ids_["f1"], saved); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_NO_THROW(service::SaveProfile(*db_, coordinator_, ids_["f1"],
                                       service::GetProfile(*db_, coordinator_, ids_["f1"])));
}

// A partner reads the profile without what is only for matching: whom the
// person preferred or avoided, and their background.
TEST_F(EnrollmentsTest, PartnersDoNotSeePreferencesOrBackground) {
  Participant p = service::GetProfile(*db_, actors_["f1"], ids_["f1"]);
  p.background = {{"gender", "woman"}};
  p.match_on = {"gender"};
  service::SaveProfile(*db_, actors_["f1"], ids_["f1"], p);
  service::SetPreferences(*db_, actors_["f1"], ids_["f1"], {"m2"}, {});
  for (const Actor& sees_all : {actors_["f1"], coordinator_}) {
    const Participant full = service::GetProfile(*db_, sees_all, ids_["f1"]);
    EXPECT_EQ(full.prefer, std::vector<std::string>{"m2"});
    EXPECT_EQ(full.background.size(), 1u);
    EXPECT_EQ(full.match_on.size(), 1u);
  }
  const Participant seen = service::GetProfile(*db_, actors_["m1"], ids_["f1"]);  // the partner
  EXPECT_EQ(seen.name, "Sam Lee");
  EXPECT_FALSE(seen.interests.empty());
  EXPECT_TRUE(seen.prefer.empty());
  EXPECT_TRUE(seen.background.empty());
  EXPECT_TRUE(seen.match_on.empty());
}

// A name is the person's account's, shown in every program: a coordinator may
// set it only on an account nobody has claimed and no other program uses.
TEST_F(EnrollmentsTest, NamesAreChangedByTheirPersonOnceSharedOrClaimed) {
  const auto rename = [&](const Actor& as, const char* who, const std::string& name) {
    Participant p = service::GetProfile(*db_, coordinator_, ids_[who]);
    p.name = name;
    return service::SaveProfile(*db_, as, ids_[who], p).name;
  };
  EXPECT_EQ(rename(coordinator_, "f2", "Kim J. Park"), "Kim J. Park");  // only here, unclaimed
  const Program other = NewProgram("Other");
  Enrol(other.id, UserId("m2@x.example"), Role::kMentor, "m2-other");
  const Error shared = Caught([&] { rename(coordinator_, "m2", "Renamed"); });
  EXPECT_EQ(shared.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(shared.field(), "name");
  EXPECT_EQ(rename(actors_["m2"], "m2", "Bo W. Chen"), "Bo W. Chen");  // the person may
  // Other fields stay the coordinator's to edit.
  Participant p = service::GetProfile(*db_, coordinator_, ids_["m2"]);
  p.capacity = 3;
  EXPECT_EQ(service::SaveProfile(*db_, coordinator_, ids_["m2"], p).capacity, 3);
}

// An import enrols people who can sign in only as invited: they join by
// accepting. Roster-only people (no password) are enrolled at once.
TEST_F(EnrollmentsTest, ImportsInviteEveryoneWhoCanSignIn) {
  const Program other = NewProgram("Second cohort", ProgramStatus::kEnrolling);
  std::istringstream csv(
      "role,id,name,email\n"
      "mentor,c1,Co Ord,coord@x.example\n"  // has a password
      "mentor,m1,Ana Ruiz,m1@x.example\n"   // imported into Fellows, never signed in
      "mentee,n1,New Person,n1@x.example\n");
  const service::ImportReport report =
      service::ImportParticipants(*db_, Actor::CommandLine(), other.id, csv);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.added, 3);
  EXPECT_EQ(report.invited, 1);
  std::map<std::string, EnrollmentStatus> status;
  for (const Enrollment& e :
       service::ListEnrollments(*db_, Actor::CommandLine(), other.id).enrollments) {
    status[e.participant_id] = e.status;
  }
  EXPECT_EQ(status["c1"], EnrollmentStatus::kInvited);
  EXPECT_EQ(status["m1"], EnrollmentStatus::kActive);
  EXPECT_EQ(status["n1"], EnrollmentStatus::kActive);
  const auto outbox = Outbox();
  ASSERT_FALSE(outbox.empty());
  EXPECT_EQ(outbox[0].to, "coord@x.example");
  EXPECT_EQ(outbox[0].kind, "invitation");
  // Accepting with their own password enrols them.
  service::AcceptInvitation(*db_, TokenFromNewestMessage("/invitations/"), kPassword, "10.0.0.2");
  for (const Enrollment& e :
       service::ListEnrollments(*db_, Actor::CommandLine(), other.id).enrollments) {
    if (e.participant_id == "c1") {
      EXPECT_EQ(e.status, EnrollmentStatus::kActive);
    }
  }
}

// Withdrawing is undone by inviting the person back: the same enrollment,
// invited until they accept.
TEST_F(EnrollmentsTest, AWithdrawnPersonIsInvitedBack) {
  service::Withdraw(*db_, coordinator_, ids_["f2"], "moved");
  const auto back = service::InviteToProgram(*db_, coordinator_, program_.id,
                                             {"f2@x.example", "Kim Park", Role::kMentee, 1, ""});
  EXPECT_EQ(back.enrollment.id, ids_["f2"]);
  EXPECT_EQ(back.enrollment.status, EnrollmentStatus::kInvited);
  EXPECT_EQ(Outbox()[0].to, "f2@x.example");
  service::AcceptInvitation(*db_, TokenFromNewestMessage("/invitations/"), kPassword, "10.0.0.3");
  EXPECT_EQ(service::GetEnrollment(*db_, coordinator_, ids_["f2"]).status,
            EnrollmentStatus::kActive);
  EXPECT_EQ(Audit("enrollment.reinvite").size(), 1u);
  // Someone still enrolled is not invited twice.
  EXPECT_EQ(Caught([&] {
              service::InviteToProgram(*db_, coordinator_, program_.id,
                                       {"f2@x.example", "Kim Park", Role::kMentee, 1, ""});
            }).code(),
            ErrorCode::kConflict);
}

// Only the newest invitation link of an enrollment works: withdrawing voids
// it, and inviting again voids the older one for good.
TEST_F(EnrollmentsTest, WithdrawingOrInvitingAgainVoidsOlderLinks) {
  const auto first = service::InviteToProgram(*db_, coordinator_, program_.id,
                                              {"new@x.example", "Noa New", Role::kMentee, 1, ""});
  const std::string old_link = TokenFromNewestMessage("/invitations/");
  EXPECT_NO_THROW(service::LookUpInvitation(*db_, old_link));
  service::Withdraw(*db_, coordinator_, first.enrollment.id, "wrong person");
  EXPECT_EQ(Caught([&] { service::LookUpInvitation(*db_, old_link); }).code(),
            ErrorCode::kNotFound);
  service::InviteToProgram(*db_, coordinator_, program_.id,
                           {"new@x.example", "Noa New", Role::kMentee, 1, ""});
  const std::string new_link = TokenFromNewestMessage("/invitations/");
  ASSERT_NE(new_link, old_link);
  EXPECT_EQ(
      Caught([&] { service::AcceptInvitation(*db_, old_link, kPassword, "10.0.0.3"); }).code(),
      ErrorCode::kNotFound)
      << "the withdrawn link came back to life";
  EXPECT_NO_THROW(service::AcceptInvitation(*db_, new_link, kPassword, "10.0.0.3"));
}

TEST_F(EnrollmentsTest, PreferencesNameTheOtherSide) {
  service::SetPreferences(*db_, actors_["f2"], ids_["f2"], {"m2", "m1"}, {});
  EXPECT_EQ(service::GetProfile(*db_, actors_["f2"], ids_["f2"]).prefer, (Ids{"m2", "m1"}));
  service::SetPreferences(*db_, coordinator_, ids_["f2"], {"m1"}, {"m2"});
  const Participant p = service::GetProfile(*db_, actors_["f2"], ids_["f2"]);
  EXPECT_EQ(p.prefer, Ids{"m1"});
  EXPECT_EQ(p.avoid, Ids{"m2"});
  const auto entries = Audit("preferences.update");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_NE(entries[0].before_json.find("m2"), std::string::npos);
  // The same lists again change nothing and are not audited; another order is a change.
  service::SetPreferences(*db_, actors_["f2"], ids_["f2"], {"m1"}, {"m2"});
  EXPECT_EQ(Audit("preferences.update").size(), 2u);
  service::SetPreferences(*db_, actors_["f2"], ids_["f2"], {"m1", "m2"}, {});
  service::SetPreferences(*db_, actors_["f2"], ids_["f2"], {"m2", "m1"}, {});
  EXPECT_EQ(Audit("preferences.update").size(), 4u);
  // Someone named who has withdrawn since is not shown, but still stored: a
  // save without them is a change (their row goes), and is audited.
  service::SetPreferences(*db_, actors_["f2"], ids_["f2"], {"m1"}, {"m2"});
  {
    store::Transaction tx = db_->Begin();
    store::SetTestEnrollmentStatus(tx, program_.id, "m2", "withdrawn");
    tx.Commit();
  }
  EXPECT_EQ(service::GetProfile(*db_, actors_["f2"], ids_["f2"]).avoid, Ids{});
  service::SetPreferences(*db_, actors_["f2"], ids_["f2"], {"m1"}, {});
  EXPECT_EQ(Audit("preferences.update").size(), 6u);
  {
    store::Transaction tx = db_->Begin();
    store::SetTestEnrollmentStatus(tx, program_.id, "m2", "active");
    tx.Commit();
  }
  EXPECT_EQ(service::GetProfile(*db_, actors_["f2"], ids_["f2"]).avoid, Ids{})
      << "a save without a withdrawn person must not leave them stored";

  const struct {
    Ids prefer, avoid;
    const char* field;
  } bad[] = {
      {{"zz"}, {}, "prefer[0]"},       {{"f1"}, {}, "prefer[0]"},  // same side
      {{}, {"f2"}, "avoid[0]"},                                    // themselves
      {{"m1", "m1"}, {}, "prefer[1]"}, {{"m1"}, {"m1"}, "avoid[0]"}, {{}, {"coord"}, "avoid[0]"},
  };
  for (const auto& c : bad) {
    const Error e = Caught(
        [&] { service::SetPreferences(*db_, actors_["f2"], ids_["f2"], c.prefer, c.avoid); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(e.field(), c.field) << e.message();
  }
  EXPECT_EQ(
      Caught([&] { service::SetPreferences(*db_, actors_["f1"], ids_["f2"], {}, {}); }).code(),
      ErrorCode::kPermissionDenied);
}

// ---- programs ---------------------------------------------------------------------

TEST_F(EnrollmentsTest, ProgramsAreListedByMembershipAndChangedByCoordinators) {
  const Program other = NewProgram("Other");
  const User admin = NewUser("admin@x.example", true);
  const auto names = [&](const Actor& actor) {
    std::vector<std::string> out;
    for (const Program& p : service::ListPrograms(*db_, actor)) out.push_back(p.name);
    return out;
  };
  EXPECT_EQ(names(Actor::User(admin.id, true)), (Ids{"Other", "Fellows"}));
  EXPECT_EQ(names(actors_["f1"]), Ids{"Fellows"});
  EXPECT_EQ(names(coordinator_), Ids{"Fellows"});
  EXPECT_TRUE(names(outsider_).empty());
  EXPECT_EQ(Caught([&] { names(Actor::Anonymous()); }).code(), ErrorCode::kUnauthenticated);

  EXPECT_EQ(service::GetProgram(*db_, evaluator_, program_.id).name, "Fellows");
  EXPECT_EQ(Caught([&] { service::GetProgram(*db_, actors_["f1"], other.id); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Caught([&] { service::GetProgram(*db_, actors_["f1"], 9999); }).code(),
            ErrorCode::kNotFound);
  EXPECT_FALSE(service::GetVocabulary(*db_, actors_["f1"], program_.id).taxonomy.topics.empty());
  EXPECT_EQ(Caught([&] { service::GetVocabulary(*db_, outsider_, program_.id); }).code(),
            ErrorCode::kPermissionDenied);

  service::ProgramPatch patch;
  patch.objectives = "Academic careers in classical hematology";
  patch.cadence_days = 21;
  patch.min_score = std::optional<double>(40);
  const Program updated = service::UpdateProgram(*db_, coordinator_, program_.id, patch);
  EXPECT_EQ(updated.cadence_days, 21);
  EXPECT_EQ(updated.min_score, 40);
  EXPECT_EQ(updated.name, "Fellows");
  auto entries = Audit("program.update");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_NE(entries[0].before_json.find("\"cadence_days\":30"), std::string::npos);
  EXPECT_NE(entries[0].after_json.find("\"cadence_days\":21"), std::string::npos);
  EXPECT_EQ(entries[0].actor, coordinator_.label);
  patch = {};
  patch.min_score = std::optional<double>();  // clear
  EXPECT_FALSE(service::UpdateProgram(*db_, coordinator_, program_.id, patch).min_score);

  const struct {
    service::ProgramPatch patch;
    ErrorCode code;
    const char* field;
  } bad[] = {
      {{.name = ""}, ErrorCode::kInvalidArgument, "name"},
      {{.name = "Other"}, ErrorCode::kConflict, "name"},
      {{.name = "OTHER"}, ErrorCode::kConflict, "name"},
      {{.starts_on = "2026-13-01"}, ErrorCode::kInvalidArgument, "starts_on"},
      {{.cadence_days = 0}, ErrorCode::kInvalidArgument, "cadence_days"},
      {{.max_time_zone_difference_hours = std::optional<double>(-1)},
       ErrorCode::kInvalidArgument,
       "max_time_zone_difference_hours"},
  };
  for (const auto& c : bad) {
    const Error e =
        Caught([&] { service::UpdateProgram(*db_, coordinator_, program_.id, c.patch); });
    EXPECT_EQ(e.code(), c.code) << c.field;
    EXPECT_EQ(e.field(), c.field) << e.message();
  }
  for (const Actor& denied : {actors_["m1"], evaluator_, outsider_}) {
    EXPECT_EQ(Caught([&] { service::UpdateProgram(*db_, denied, program_.id, {}); }).code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(Caught([&] {
                service::TransitionProgram(*db_, denied, program_.id, ProgramStatus::kMatching);
              }).code(),
              ErrorCode::kPermissionDenied);
  }

  // Transitions follow CanTransition and are audited.
  const struct {
    ProgramStatus to;
    bool allowed;
  } steps[] = {
      {ProgramStatus::kActive, false},   {ProgramStatus::kMatching, true},
      {ProgramStatus::kEnrolling, true}, {ProgramStatus::kDraft, false},
      {ProgramStatus::kMatching, true},  {ProgramStatus::kActive, true},
      {ProgramStatus::kClosed, true},    {ProgramStatus::kActive, false},
  };
  for (const auto& s : steps) {
    if (s.allowed) {
      EXPECT_EQ(service::TransitionProgram(*db_, coordinator_, program_.id, s.to).status, s.to);
    } else {
      EXPECT_EQ(
          Caught([&] { service::TransitionProgram(*db_, coordinator_, program_.id, s.to); }).code(),
          ErrorCode::kFailedPrecondition)
          << ProgramStatusName(s.to);
    }
  }
  entries = Audit("program.transition");
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_NE(entries[0].before_json.find("\"active\""), std::string::npos);
  EXPECT_NE(entries[0].after_json.find("\"closed\""), std::string::npos);
  EXPECT_EQ(Caught([&] { service::UpdateProgram(*db_, coordinator_, program_.id, {}); }).code(),
            ErrorCode::kFailedPrecondition);
}

TEST_F(EnrollmentsTest, ImportAndExportAreForCoordinators) {
  std::stringstream out;
  EXPECT_EQ(service::ExportParticipants(*db_, coordinator_, program_.id, out), 4);
  EXPECT_EQ(
      Caught([&] { service::ExportParticipants(*db_, actors_["m1"], program_.id, out); }).code(),
      ErrorCode::kPermissionDenied);
  std::istringstream csv("role,id,name\nmentee,f9,Late Joiner\n");
  EXPECT_EQ(Caught([&] { service::ImportParticipants(*db_, evaluator_, program_.id, csv); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service::ImportParticipants(*db_, coordinator_, program_.id, csv).added, 1);
}

// ---- the demo -----------------------------------------------------------------------

TEST_F(AccountsTest, DemoSignInsWork) {
  const auto out = std::filesystem::temp_directory_path() /
                   ("tandem-accounts-demo-" + std::to_string(::getpid()));
  // The demo replays last year's cohort on its own clock.
  const auto demo_clock = service::NewDemoClock();
  const auto demo_db = store::Database::Open(url_, 4, demo_clock);
  const auto loaded =
      service::LoadDemo(*demo_db, *demo_clock, Actor::CommandLine(), 7, out.string());
  ASSERT_EQ(loaded.size(), 5u);
  ASSERT_EQ(loaded[0].sign_ins.size(), 5u);
  ASSERT_EQ(loaded[1].sign_ins.size(), 2u);
  ASSERT_EQ(loaded[2].sign_ins.size(), 3u) << "administrator, coordinator, evaluator";
  ASSERT_EQ(loaded[3].sign_ins.size(), 5u) << "and the mentee-led program's mentor and mentee";
  ASSERT_EQ(loaded[4].sign_ins.size(), 3u) << "the nurses' program: administrator, coordinator, "
                                              "evaluator";
  std::map<std::string, service::SessionGrant> grants;
  for (const auto& s : loaded[0].sign_ins) {
    EXPECT_EQ(s.password, "tandem-demo-2026");
    EXPECT_FALSE(s.what.empty());
    grants[s.email] = service::SignIn(*db_, s.email, s.password, "127.0.0.1");
  }
  const auto actor = [&](const std::string& email) {
    return service::Authenticate(*db_, grants.at(email).token)->actor;
  };
  EXPECT_TRUE(grants.at("admin@tandem.example").user.is_admin);
  EXPECT_EQ(service::ListPrograms(*db_, actor("coordinator@tandem.example")).size(), 5u);
  EXPECT_EQ(service::ListPrograms(*db_, actor("evaluator@tandem.example")).size(), 4u)
      << "the cohort programs";
  EXPECT_EQ(service::ListEnrollments(*db_, actor("coordinator@tandem.example"),
                                     loaded[1].program.id, {.role = Role::kMentor})
                .counts.total,
            2000u);
  EXPECT_EQ(Caught([&] {
              service::ListEnrollments(*db_, actor("evaluator@tandem.example"),
                                       loaded[0].program.id);
            }).code(),
            ErrorCode::kPermissionDenied);
  const std::string mentee = loaded[0].sign_ins[4].email;
  // The demo publishes the fellows' pairs: the mentee sees themself and their mentor.
  const auto own = service::ListEnrollments(*db_, actor(mentee), loaded[0].program.id).enrollments;
  ASSERT_EQ(own.size(), 2u);
  EXPECT_EQ(own[0].role == Role::kMentee ? own[0].email : own[1].email, mentee);
  EXPECT_TRUE(own[0].role == Role::kMentor || own[1].role == Role::kMentor);
  EXPECT_EQ(service::ListPrograms(*db_, actor(mentee)).size(), 1u);
  // Idempotent: a second load changes nothing and gives the same sign-ins.
  const auto again =
      service::LoadDemo(*demo_db, *demo_clock, Actor::CommandLine(), 7, out.string());
  EXPECT_FALSE(again[0].created);
  EXPECT_EQ(again[0].sign_ins.size(), 5u);
  EXPECT_NO_THROW(service::SignIn(*db_, "coordinator@tandem.example", "tandem-demo-2026", "::1"));
  std::filesystem::remove_all(out);
}

// ---- the cost of Authenticate ---------------------------------------------------------

TEST_F(AccountsTest, AuthenticateFromTheCacheTakesMicrosecondsAndIsThreadSafe) {
  NewUser("ana@x.example");
  const auto grant = service::SignIn(*db_, "ana@x.example", kPassword, "10.0.0.1");
  ASSERT_TRUE(service::Authenticate(*db_, grant.token));
  constexpr int kCalls = 20000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kCalls; ++i) ASSERT_TRUE(service::Authenticate(*db_, grant.token));
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      kCalls;
  std::cout << "Authenticate, cached: " << us << " us per call\n";
  EXPECT_LT(us, 50.0);  // generous for a loaded machine; about 1 us when idle

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) {
        if (!service::Authenticate(*db_, grant.token)) ++failures;
      }
    });
  }
  service::SignOut(*db_, "x");  // unrelated sign-out while others read
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace tandem
