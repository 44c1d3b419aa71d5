// Password reset: request a link by e-mail, set a new password with it.
#include "service/accounts.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"
#include "notify/messages.h"
#include "service/accounts_internal.h"
#include "service/authorization.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/outbox.h"
#include "store/sign_in_repository.h"
#include "store/token_repository.h"
#include "store/user_repository.h"

namespace tandem::service {

namespace {

using std::chrono::seconds;

const char kBadReset[] =
    "this password-reset link is not valid: it is unknown, used or expired (request a new one)";
constexpr seconds kResetValidity{60 * 60};
constexpr int kMaxLiveResets = 3;  // per user: more requests within the hour write nothing

}  // namespace

void RequestPasswordReset(store::Database& db, const std::string& email) {
  std::string normalized;
  try {
    normalized = NormalizeEmail(email);
  } catch (const Error&) {
    return;  // same answer as for an unknown address
  }
  const SysSeconds now = db.clock().Now();
  store::Transaction tx = db.Begin();
  const auto account = store::UserRepository(tx).FindByEmail(normalized);
  if (!account || account->user.disabled) return;  // rolled back: nothing written
  store::TokenRepository tokens(tx);
  if (tokens.CountLive(account->user.id, "password_reset", FormatUtc(now)) >= kMaxLiveResets)
    return;
  const std::string token = internal::NewToken();
  tokens.Insert({.token_hash = internal::HashToken(token),
                 .kind = "password_reset",
                 .user_id = account->user.id,
                 .created_at = FormatUtc(now),
                 .expires_at = FormatUtc(now + kResetValidity)});
  const std::string link = PublicBaseUrl() + "/reset-password/" + token;
  const notify::Message message = notify::PasswordResetMessage(account->user.name, link);
  store::Outbox(tx).Add({.to_address = account->user.email,
                         .subject = message.subject,
                         .body = message.body,
                         .kind = "password_reset"});
  tx.Commit();
}

void ResetPassword(store::Database& db, const std::string& token, const std::string& password) {
  std::optional<User> user;
  {
    store::Transaction tx = db.Begin(false);
    const auto t = internal::LiveToken(tx, token, "password_reset");
    if (!t) throw NotFound(kBadReset);
    user = store::UserRepository(tx).Find(t->user_id);
    tx.Commit();
  }
  if (!user) throw NotFound(kBadReset);
  ValidatePassword(password, user->email);
  const std::string hash = HashPassword(password);
  store::Transaction tx = db.Begin();
  const auto t = internal::LiveToken(tx, token, "password_reset");
  const std::string now = tx.now_text();
  if (!t || !store::TokenRepository(tx).MarkUsed(t->id, now)) throw NotFound(kBadReset);
  store::UserRepository(tx).SetPasswordHash(user->id, hash);
  store::TokenRepository(tx).RevokeUnused(user->id, "password_reset", now);
  store::SignInRepository sign_ins(tx);
  // The link proved the mailbox: earlier failed guesses no longer lock the
  // account (someone could otherwise keep its owner out for good).
  sign_ins.RecordAttempt(user->email, "password-reset", now, true, false);
  const std::vector<std::string> ended = sign_ins.DeleteSessionsOf(user->id);
  store::AuditLog(tx).Append(
      {.actor_user_id = user->id,
       .actor = "user:" + std::to_string(user->id),
       .action = "user.password_reset",
       .entity = "user",
       .entity_id = user->id,
       .after_json = nlohmann::json{{"sessions_ended", ended.size()}}.dump()});
  tx.Commit();
  internal::SessionCacheOf(db).EraseUser(user->id);
}

}  // namespace tandem::service
