// Users: the accounts behind enrollments. Runs inside the caller's transaction.
// Password hashes are opaque strings here (service/accounts.cc makes them).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/account.h"
#include "store/database.h"

namespace tandem::store {

// A user with their password hash ("" when they have none).
struct UserCredentials {
  User user;
  std::string password_hash;
};

class UserRepository {
 public:
  // `tx` must outlive the repository.
  explicit UserRepository(Transaction& tx) : tx_(tx) {}

  // Inserts `user` (id, created_at and has_password are ignored) with
  // `password_hash` ("" for none) and returns the new id. `user.email` must be
  // normalised or empty. Throws tandem::Error(kConflict) when the e-mail is taken.
  std::int64_t Insert(const User& user, const std::string& password_hash);
  std::optional<User> Find(std::int64_t id);
  std::optional<UserCredentials> FindCredentials(std::int64_t id);
  // By normalised e-mail.
  std::optional<UserCredentials> FindByEmail(const std::string& email);
  // Every user, by id.
  std::vector<User> List();
  // Of `user_ids`, those whose account a coordinator of `program_id` may
  // still edit (name, e-mail): accounts nobody has claimed (no password, not
  // an admin) and enrolled in no other program. Every other account belongs
  // to its person; only they change it.
  std::set<std::int64_t> EditableBy(std::int64_t program_id,
                                    const std::vector<std::int64_t>& user_ids);
  // Of `user_ids`, the accounts someone has claimed: with a password, or an
  // admin. Such a person joins a program only by accepting an invitation.
  std::set<std::int64_t> Claimed(const std::vector<std::int64_t>& user_ids);

  // Sets (or, with "", clears) the password hash. Throws kNotFound.
  void SetPasswordHash(std::int64_t user_id, const std::string& password_hash);
  void SetName(std::int64_t user_id, const std::string& name);
  void SetDisabled(std::int64_t user_id, bool disabled);
  // Grants (true) or removes (false) admin rights. Throws kNotFound.
  void SetAdmin(std::int64_t user_id, bool is_admin);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
