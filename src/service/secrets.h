// Internal to service/: the random tokens of sessions and one-time links, the
// hashes the database stores instead, and checking passwords (argon2id,
// libsodium; HashPassword is public, in service/accounts.h). secrets.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem::service::internal {

// 32 random bytes (libsodium), base64url without padding: 43 characters.
std::string NewToken();
// Lower-case hex SHA-256 of a token (OpenSSL): what the database stores and
// looks up. Thread-safe; Error(kInternal) when OpenSSL offers no SHA-256.
std::string HashToken(const std::string& token);
// True when `token` has NewToken's shape (checked before any database lookup).
bool IsWellFormedToken(const std::string& token);
// True when `password` matches argon2id `hash`. At most a few hashes are
// computed at once (each takes 64 MiB); others wait.
bool VerifyPassword(const std::string& hash, const std::string& password);
// The hash of a random password: checked against when an e-mail is unknown
// or its user has no password, so that those answers take as long as a
// wrong password.
const std::string& DummyHash();

// Standard base64 with padding (what the database keeps of stored files).
std::string ToBase64(std::string_view bytes);
// The bytes of standard base64 (line breaks ignored); nullopt when it is not.
std::optional<std::string> FromBase64(std::string_view text);

}  // namespace tandem::service::internal
