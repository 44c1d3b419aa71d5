// Internal to service/ (accounts.cc, enrollments.cc): the random tokens of
// sessions and one-time links, and the hashes the database stores instead.
#pragma once

#include <string>

#include "core/account.h"
#include "core/clock.h"

namespace tandem::service::internal {

// 32 random bytes (libsodium), base64url without padding: 43 characters.
std::string NewToken();
// Hex SHA-256 of a token: what the database stores and looks up.
std::string HashToken(const std::string& token);
// True when `token` has NewToken's shape (checked before any database lookup).
bool IsWellFormedToken(const std::string& token);
// A user as the audit log records it (no password hash).
std::string UserJson(const User& user);

}  // namespace tandem::service::internal
