// What the account use cases share (service/accounts_internal.h) and the
// public base URL of links. The use cases: users.cc, sign_in.cc,
// invitations.cc, password_reset.cc, outbox.cc; secrets in secrets.cc.
#include "service/accounts.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"
#include "service/accounts_internal.h"
#include "service/authorization.h"
#include "service/secrets.h"
#include "store/sign_in_repository.h"
#include "store/token_repository.h"

namespace tandem::service {

namespace {

std::string& BaseUrl() {
  static std::string url = "http://127.0.0.1:8080";
  return url;
}

}  // namespace

namespace internal {

SysSeconds StoredTime(const std::string& text) { return ParseUtc(text).value_or(SysSeconds{}); }

std::string CleanName(const std::string& name) {
  std::string n(Trim(name));
  if (n.empty()) throw InvalidArgument("a name is required", "name");
  CheckText(n, "name", 200);
  return n;
}

// Opens a session for `user` inside `tx`.
SessionGrant OpenSession(store::Transaction& tx, const User& user, int idle_seconds) {
  const SysSeconds now = tx.now();
  SessionGrant grant;
  grant.token = internal::NewToken();
  grant.csrf_token = internal::NewToken();
  grant.user = user;
  grant.expires_at = FormatUtc(now + seconds(idle_seconds));
  store::SignInRepository(tx).InsertSession({.token_hash = internal::HashToken(grant.token),
                                             .user_id = user.id,
                                             .csrf_token = grant.csrf_token,
                                             .idle_seconds = idle_seconds,
                                             .created_at = FormatUtc(now),
                                             .expires_at = grant.expires_at,
                                             .last_seen_at = FormatUtc(now)});
  return grant;
}

// A one-time token of `kind` that is unused and unexpired; nullopt otherwise.
std::optional<store::OneTimeToken> LiveToken(store::Transaction& tx, const std::string& token,
                                             const char* kind) {
  if (!internal::IsWellFormedToken(token)) return std::nullopt;
  auto t = store::TokenRepository(tx).FindByHash(internal::HashToken(token));
  if (!t || t->kind != kind || !t->used_at.empty() ||
      internal::StoredTime(t->expires_at) <= tx.now()) {
    return std::nullopt;
  }
  return t;
}

// Minutes (at least 1) until `failures` drop below `max` within the window.
std::optional<long long> LockedForMinutes(const std::vector<std::string>& failures, int max,
                                          int window_seconds, SysSeconds now) {
  if (max <= 0 || static_cast<int>(failures.size()) < max) return std::nullopt;
  const SysSeconds leaves =
      StoredTime(failures[failures.size() - static_cast<size_t>(max)]) + seconds(window_seconds);
  const long long wait = std::max<long long>(1, (leaves - now).count());
  return (wait + 59) / 60;
}

SessionCache& SessionCacheOf(store::Database& db) { return db.Attached<SessionCache>(); }

std::string UserJson(const User& u) {
  return nlohmann::json{{"id", u.id},
                        {"email", u.email},
                        {"name", u.name},
                        {"is_admin", u.is_admin},
                        {"disabled", u.disabled},
                        {"has_password", u.has_password}}
      .dump();
}

}  // namespace internal

void SetPublicBaseUrl(const std::string& url) {
  std::string u(Trim(url));
  while (!u.empty() && u.back() == '/') u.pop_back();
  BaseUrl() = u;
}

const std::string& PublicBaseUrl() { return BaseUrl(); }

}  // namespace tandem::service
