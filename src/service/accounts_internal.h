// Internal to service/: what the account use cases (users.cc, sign_in.cc,
// invitations.cc, password_reset.cc, outbox.cc) share.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/clock.h"
#include "service/accounts.h"
#include "service/session_cache.h"
#include "store/database.h"
#include "store/token_repository.h"

namespace tandem::service::internal {

// A stored UTC time; the epoch when malformed (so it has always expired).
SysSeconds StoredTime(const std::string& text);
// A person's name as given: trimmed, required, at most 200 characters of
// text (kInvalidArgument naming "name").
std::string CleanName(const std::string& name);
// Opens a session for `user` inside `tx`: new session and CSRF tokens.
SessionGrant OpenSession(store::Transaction& tx, const User& user, int idle_seconds);
// A one-time token of `kind` that is unused and unexpired; nullopt otherwise.
std::optional<store::OneTimeToken> LiveToken(store::Transaction& tx, const std::string& token,
                                             const char* kind);
// Minutes (at least 1) until `failures` (stored times, oldest first) drop
// below `max` within `window_seconds` of `now`; nullopt when not locked.
std::optional<long long> LockedForMinutes(const std::vector<std::string>& failures, int max,
                                          int window_seconds, SysSeconds now);
// The session cache of `db` (owned by the Database: store::Database::Attached).
SessionCache& SessionCacheOf(store::Database& db);
// A user as the audit log records it (no password hash).
std::string UserJson(const User& user);

}  // namespace tandem::service::internal
