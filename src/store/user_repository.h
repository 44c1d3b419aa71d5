// Users: the accounts behind enrollments. Runs inside the caller's transaction.
// Password hashes are opaque strings here (service/accounts.cc makes them).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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

// One account as seen from a program.
struct AccountStanding {
  bool claimed = false;             // it has a password, or is an admin
  bool enrolled_elsewhere = false;  // it has an enrollment in another program
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
  // How each of `user_ids` stands towards program `program_id` (ids that do
  // not exist are left out): whether someone has claimed the account and
  // whether another program uses it. service/ decides from this who may edit
  // an account (service::CoordinatorMayEditAccount).
  std::map<std::int64_t, AccountStanding> Standing(std::int64_t program_id,
                                                   const std::vector<std::int64_t>& user_ids);

  // Sets the hash of the secret in the user's calendar-feed address
  // (replacing any earlier one, whose address then finds nobody).
  void SetCalendarTokenHash(std::int64_t user_id, const std::string& token_hash);
  // The user whose calendar-feed secret hashes to `token_hash`.
  std::optional<User> FindByCalendarTokenHash(const std::string& token_hash);

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
