// One-time tokens: invitation and password-reset links, stored as hashes.
// Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"

namespace tandem::store {

struct OneTimeToken {
  std::int64_t id = 0;
  std::string token_hash;  // hex SHA-256 of the token in the link
  std::string kind;        // "invitation" or "password_reset"
  std::int64_t user_id = 0;
  std::optional<std::int64_t> enrollment_id;  // the enrollment an invitation activates
  std::string created_at;
  std::string expires_at;
  std::string used_at;  // empty while unused
};

class TokenRepository {
 public:
  // `tx` must outlive the repository.
  explicit TokenRepository(Transaction& tx) : tx_(tx) {}

  // Inserts `token` (id ignored; used_at must be empty) and returns its id.
  std::int64_t Insert(const OneTimeToken& token);
  std::optional<OneTimeToken> FindByHash(const std::string& token_hash);
  // Marks the token used at `at` unless it already is. Returns false when it
  // was used already (so two concurrent uses cannot both succeed).
  bool MarkUsed(std::int64_t id, const std::string& at);
  // Marks every unused token of `kind` for the user used at `at`.
  void RevokeUnused(std::int64_t user_id, const std::string& kind, const std::string& at);
  // Marks every unused invitation to the enrollment used at `at` (a newer
  // invitation, a withdrawal or an accepted one makes older links void).
  void RevokeInvitationsTo(std::int64_t enrollment_id, const std::string& at);
  // Unused tokens of `kind` for the user that expire after `now`.
  int CountLive(std::int64_t user_id, const std::string& kind, const std::string& now);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
