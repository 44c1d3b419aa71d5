// Invitation links: look one up, accept it (set a password, sign in).
#include "service/accounts.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"
#include "service/accounts_internal.h"
#include "service/authorization.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/program_repository.h"
#include "store/sign_in_repository.h"
#include "store/token_repository.h"
#include "store/user_repository.h"

namespace tandem::service {

namespace {

using std::chrono::seconds;

const char kBadInvitation[] =
    "this invitation link is not valid: it is unknown, used or expired (ask the coordinator for "
    "a new one)";

}  // namespace

InvitationInfo LookUpInvitation(store::Database& db, const std::string& token) {
  store::Transaction tx = db.Begin(false);
  const auto t = internal::LiveToken(tx, token, "invitation");
  if (!t || !t->enrollment_id) throw NotFound(kBadInvitation);
  const auto user = store::UserRepository(tx).Find(t->user_id);
  const auto enrollment = store::EnrollmentRepository(tx).Find(*t->enrollment_id);
  if (!user || !enrollment) throw NotFound(kBadInvitation);
  const auto program = store::ProgramRepository(tx).Find(enrollment->program_id);
  if (!program) throw NotFound(kBadInvitation);
  tx.Commit();
  InvitationInfo info;
  info.email = user->email;
  info.name = user->name;
  info.program_id = program->id;
  info.program_name = program->name;
  info.role = enrollment->role;
  info.needs_password = !user->has_password;
  info.expires_at = t->expires_at;
  return info;
}

SessionGrant AcceptInvitation(store::Database& db, const std::string& token,
                              const std::string& password, const std::string& remote_address) {
  // Read what the token is for, then hash or check the password outside the
  // write transaction, then use the token (once) and activate.
  std::optional<store::UserCredentials> account;
  {
    store::Transaction tx = db.Begin(false);
    const auto t = internal::LiveToken(tx, token, "invitation");
    if (!t) throw NotFound(kBadInvitation);
    store::UserRepository users(tx);
    account = users.FindCredentials(t->user_id);
    const auto enrollment =
        t->enrollment_id ? store::EnrollmentRepository(tx).Find(*t->enrollment_id) : std::nullopt;
    const auto program =
        enrollment ? store::ProgramRepository(tx).Find(enrollment->program_id) : std::nullopt;
    if (program) RequireOpen(*program);
    if (account && account->password_hash.empty() && enrollment) {
      // The inviter may have seen this link. It may choose the password only
      // while the account is theirs to give: used by no other program.
      if (enrollment && !CoordinatorMayEditAccount(tx, enrollment->program_id, account->user.id)) {
        throw Error(ErrorCode::kFailedPrecondition,
                    "this account is used by another program too, so an invitation link cannot "
                    "choose its password: choose it with \"Forgot your password?\" (the link goes "
                    "to " +
                        account->user.email + "), then open this invitation again",
                    "password");
      }
    }
    tx.Commit();
  }
  if (!account) throw NotFound(kBadInvitation);
  if (account->user.disabled) {
    throw Error(ErrorCode::kPermissionDenied,
                "this account is disabled; ask an administrator to enable it");
  }
  std::string new_hash;
  if (account->password_hash.empty()) {
    ValidatePassword(password, account->user.email);
    new_hash = HashPassword(password);
  } else {
    // An existing account proves it is theirs with the current password;
    // guesses count towards the account's sign-in throttling.
    const SignInLimits limits;
    const SysSeconds now = db.clock().Now();
    std::int64_t attempt = 0;
    {
      store::Transaction tx = db.Begin();
      store::SignInRepository sign_ins(tx);
      if (internal::LockedForMinutes(
              sign_ins.RecentFailuresForEmail(account->user.email,
                                              FormatUtc(now - seconds(limits.window_seconds)),
                                              limits.max_failures_per_account + 100),
              limits.max_failures_per_account, limits.window_seconds, now)) {
        throw Error(ErrorCode::kPermissionDenied,
                    "too many sign-in attempts; try again in a few minutes");
      }
      attempt = sign_ins.RecordAttempt(account->user.email, remote_address.substr(0, 100),
                                       FormatUtc(now), false, false);
      tx.Commit();
    }
    if (!internal::VerifyPassword(account->password_hash, password)) {
      throw InvalidArgument(
          "this e-mail address already has an account: enter its current password", "password");
    }
    store::Transaction tx = db.Begin();
    store::SignInRepository(tx).MarkAttemptSucceeded(attempt);
    tx.Commit();
  }
  store::Transaction tx = db.Begin();
  const auto t = internal::LiveToken(tx, token, "invitation");
  if (!t || !store::TokenRepository(tx).MarkUsed(t->id, tx.now_text())) {
    throw NotFound(kBadInvitation);
  }
  store::UserRepository users(tx);
  if (!new_hash.empty()) users.SetPasswordHash(account->user.id, new_hash);
  if (t->enrollment_id) {
    store::TokenRepository(tx).RevokeInvitationsTo(*t->enrollment_id, tx.now_text());
    store::EnrollmentRepository enrollments(tx);
    const auto before = enrollments.Find(*t->enrollment_id);
    if (before && before->status == EnrollmentStatus::kWithdrawn) {
      throw FailedPrecondition("this enrollment was withdrawn; ask the coordinator");
    }
    if (before && before->status != EnrollmentStatus::kActive) {
      enrollments.SetStatus(before->id, EnrollmentStatus::kActive);
      store::AuditLog(tx).Append(
          {.actor_user_id = account->user.id,
           .actor = "user:" + std::to_string(account->user.id),
           .action = "enrollment.accept",
           .entity = "enrollment",
           .entity_id = before->id,
           .program_id = before->program_id,
           .before_json = nlohmann::json{{"status", EnrollmentStatusName(before->status)}}.dump(),
           .after_json = nlohmann::json{{"status", "active"}}.dump()});
    }
  }
  const User user = *users.Find(account->user.id);
  SessionGrant grant = internal::OpenSession(tx, user, SignInLimits{}.session_seconds);
  tx.Commit();
  return grant;
}

}  // namespace tandem::service
