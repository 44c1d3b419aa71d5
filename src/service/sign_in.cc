// Signing in (with throttling), sessions and signing out.
#include "service/accounts.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"
#include "service/accounts_internal.h"
#include "service/authorization.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/sign_in_repository.h"
#include "store/user_repository.h"

namespace tandem::service {

namespace {

using std::chrono::seconds;

const char kWrongCredentials[] = "wrong e-mail address or password";
constexpr seconds kAttemptRetention{7 * 24 * 60 * 60};
// However often it is used, a session ends this long after sign-in.
constexpr seconds kMaxSessionAge{30 * 24 * 60 * 60};

// The e-mail an attempt is recorded and throttled under: normalised when
// plausible, otherwise trimmed, lower-cased and cut to 254 bytes.
std::string AttemptEmail(const std::string& email) {
  try {
    return NormalizeEmail(email);
  } catch (const Error&) {
    return ToLower(Trim(email)).substr(0, 254);
  }
}

// Appends a sign-in event for `user_id` to the audit log (no program).
void AuditSignIn(store::Transaction& tx, const std::string& action, std::int64_t user_id,
                 const std::string& address, bool locked) {
  nlohmann::json after = nlohmann::json::object();
  if (!address.empty()) after["address"] = address;
  if (locked) after["locked"] = true;
  const bool by_user = action != "user.sign_in_failed";
  store::AuditLog(tx).Append(
      {.actor_user_id = by_user ? std::optional<std::int64_t>(user_id) : std::nullopt,
       .actor = by_user ? "user:" + std::to_string(user_id) : "anonymous",
       .action = action,
       .entity = "user",
       .entity_id = user_id,
       .after_json = after.dump()});
}

}  // namespace

int SignOutEverywhere(store::Database& db, const Actor& actor) {
  if (!actor.user_id) throw Error(ErrorCode::kUnauthenticated, "sign in first");
  store::Transaction tx = db.Begin();
  const std::vector<std::string> ended =
      store::SignInRepository(tx).DeleteSessionsOf(*actor.user_id);
  store::AuditLog(tx).Append(
      {.actor_user_id = actor.user_id,
       .actor = actor.label,
       .action = "user.sign_out_everywhere",
       .entity = "user",
       .entity_id = actor.user_id,
       .after_json = nlohmann::json{{"sessions_ended", ended.size()}}.dump()});
  tx.Commit();
  internal::SessionCacheOf(db).EraseUser(*actor.user_id);
  return static_cast<int>(ended.size());
}

SessionGrant SignIn(store::Database& db, const std::string& email, const std::string& password,
                    const std::string& remote_address, const SignInLimits& limits) {
  const std::string who = AttemptEmail(email);
  const std::string address = remote_address.substr(0, 100);
  const SysSeconds now = db.clock().Now();
  const std::string since = FormatUtc(now - seconds(limits.window_seconds));
  // 1. Throttle, and record the attempt as a failure before the (slow) check,
  //    so that concurrent guesses all count.
  std::int64_t attempt = 0;
  std::size_t failures_before = 0;
  std::optional<store::UserCredentials> account;
  {
    store::Transaction tx = db.Begin();
    store::SignInRepository sign_ins(tx);
    const auto per_account = internal::LockedForMinutes(
        sign_ins.RecentFailuresForEmail(who, since, limits.max_failures_per_account + 100),
        limits.max_failures_per_account, limits.window_seconds, now);
    const auto per_address = internal::LockedForMinutes(
        sign_ins.RecentFailuresFromAddress(address, since, limits.max_failures_per_address + 100),
        limits.max_failures_per_address, limits.window_seconds, now);
    if (per_account || per_address) {
      tx.Commit();
      const long long minutes = std::max(per_account.value_or(0), per_address.value_or(0));
      throw Error(ErrorCode::kPermissionDenied, "too many sign-in attempts; try again in " +
                                                    std::to_string(minutes) +
                                                    (minutes == 1 ? " minute" : " minutes"));
    }
    failures_before =
        sign_ins.RecentFailuresForEmail(who, since, limits.max_failures_per_account + 100).size();
    attempt = sign_ins.RecordAttempt(who, address, FormatUtc(now), false, false);
    if (password.size() <= 4096) account = store::UserRepository(tx).FindByEmail(who);
    tx.Commit();
  }
  // 2. Check the password outside any transaction (it takes tens of milliseconds).
  const bool has_password = account && !account->password_hash.empty();
  const bool ok = internal::VerifyPassword(
      has_password ? account->password_hash : internal::DummyHash(), password);
  if (!ok || !has_password) {
    if (account) {  // unknown addresses stay in login_attempts only
      store::Transaction tx = db.Begin();
      AuditSignIn(tx, "user.sign_in_failed", account->user.id, address,
                  static_cast<int>(failures_before) + 1 >= limits.max_failures_per_account);
      tx.Commit();
    }
    throw Error(ErrorCode::kUnauthenticated, kWrongCredentials);
  }
  if (account->user.disabled) {
    throw Error(ErrorCode::kPermissionDenied,
                "this account is disabled; ask an administrator to enable it");
  }
  // 3. Open the session.
  store::Transaction tx = db.Begin();
  store::SignInRepository sign_ins(tx);
  sign_ins.MarkAttemptSucceeded(attempt);
  SessionGrant grant = internal::OpenSession(tx, account->user, limits.session_seconds);
  AuditSignIn(tx, "user.sign_in", account->user.id, address, false);
  tx.Commit();
  return grant;
}

PurgedSignIns PurgeExpiredSignIns(store::Database& db) {
  store::Transaction tx = db.Begin();
  store::SignInRepository sign_ins(tx);
  PurgedSignIns purged;
  purged.sessions = sign_ins.DeleteExpiredSessions(tx.now_text());
  purged.attempts = sign_ins.DeleteAttemptsBefore(FormatUtc(tx.now() - kAttemptRetention));
  tx.Commit();
  return purged;
}

void SignOut(store::Database& db, const std::string& token) {
  if (!internal::IsWellFormedToken(token)) return;
  const std::string hash = internal::HashToken(token);
  internal::SessionCacheOf(db).Erase(hash);
  store::Transaction tx = db.Begin();
  store::SignInRepository sign_ins(tx);
  if (const auto found = sign_ins.FindSession(hash)) {
    sign_ins.DeleteSession(hash);
    AuditSignIn(tx, "user.sign_out", found->second.id, "", false);
  }
  tx.Commit();
}

std::optional<SessionInfo> Authenticate(store::Database& db, const std::string& token) {
  if (!internal::IsWellFormedToken(token)) return std::nullopt;
  const std::string hash = internal::HashToken(token);
  const std::string& key = hash;
  const SysSeconds now = db.clock().Now();
  if (auto hit = internal::SessionCacheOf(db).Get(key, now)) {
    if (!hit->info) return std::nullopt;
    if (now < hit->expires && now < hit->extend_at) return hit->info;
  }
  internal::SessionCache::Entry entry;
  entry.stale_at = now + internal::SessionCache::kTtl;
  const std::uint64_t epoch = internal::SessionCacheOf(db).Epoch();
  std::optional<std::pair<store::StoredSession, User>> found;
  {
    store::Transaction tx = db.Begin(false);
    found = store::SignInRepository(tx).FindSession(hash);
    tx.Commit();
  }
  const seconds max_age = kMaxSessionAge;
  if (found && !found->second.disabled && now < internal::StoredTime(found->first.expires_at) &&
      now < internal::StoredTime(found->first.created_at) + max_age) {
    auto& [session, user] = *found;
    SysSeconds expires = internal::StoredTime(session.expires_at);
    const seconds idle(session.idle_seconds);
    const SysSeconds end_of_life = internal::StoredTime(session.created_at) + max_age;
    if (expires - now < idle / 2 && expires < end_of_life) {  // more than half used: slide it
      expires = std::min(now + idle, end_of_life);
      session.expires_at = FormatUtc(expires);
      store::Transaction tx = db.Begin();
      store::SignInRepository(tx).ExtendSession(hash, session.expires_at, FormatUtc(now));
      tx.Commit();
    }
    entry.info = SessionInfo{Actor::User(user.id, user.is_admin), user, session.csrf_token,
                             session.expires_at};
    entry.expires = expires;
    // At the end of its life a session slides no more: no need to re-read.
    entry.extend_at = expires >= end_of_life ? expires : expires - idle / 2;
  }
  internal::SessionCacheOf(db).Put(key, entry, now, epoch);
  return entry.info;
}

}  // namespace tandem::service
