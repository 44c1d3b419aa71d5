// Sign-in state: sessions (one per signed-in browser, keyed by the hash of
// the cookie token) and the record of login attempts that throttling counts.
// Runs inside the caller's transaction. Times are UTC text (FormatUtc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "store/database.h"

namespace tandem::store {

struct StoredSession {
  std::string token_hash;  // hex SHA-256 of the cookie token; never the token
  std::int64_t user_id = 0;
  std::string csrf_token;
  int idle_seconds = 0;  // how far each extension moves expires_at
  std::string created_at;
  std::string expires_at;
  std::string last_seen_at;
};

class SignInRepository {
 public:
  // `tx` must outlive the repository.
  explicit SignInRepository(Transaction& tx) : tx_(tx) {}

  void InsertSession(const StoredSession& session);
  // The session with this hash and its user; nullopt when there is none
  // (expiry is the caller's check).
  std::optional<std::pair<StoredSession, User>> FindSession(const std::string& token_hash);
  void ExtendSession(const std::string& token_hash, const std::string& expires_at,
                     const std::string& last_seen_at);
  void DeleteSession(const std::string& token_hash);
  // Deletes every session of the user and returns their token hashes.
  std::vector<std::string> DeleteSessionsOf(std::int64_t user_id);
  // Deletes sessions that expired before `now`; returns how many.
  int DeleteExpiredSessions(const std::string& now);

  // Records an attempt and returns its id. `succeeded` may be changed later
  // with MarkAttemptSucceeded (an attempt is written before the password is
  // checked, so concurrent guesses are all counted).
  std::int64_t RecordAttempt(const std::string& email, const std::string& remote_address,
                             const std::string& at, bool succeeded, bool throttled);
  void MarkAttemptSucceeded(std::int64_t attempt_id);
  // Times of failed, unthrottled attempts for `email` at or after `since`
  // and after its last successful sign-in, oldest first (at most `limit`).
  std::vector<std::string> RecentFailuresForEmail(const std::string& email,
                                                  const std::string& since, int limit);
  // Times of failed, unthrottled attempts from `remote_address` at or after
  // `since`, oldest first (at most `limit`).
  std::vector<std::string> RecentFailuresFromAddress(const std::string& remote_address,
                                                     const std::string& since, int limit);
  // Deletes attempts older than `before`; returns how many.
  int DeleteAttemptsBefore(const std::string& before);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
