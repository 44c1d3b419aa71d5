// Accounts: create, list, change, disable and sign out users (admin).
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
#include "store/token_repository.h"
#include "store/user_repository.h"

namespace tandem::service {

User CreateUser(store::Database& db, const Actor& actor, const NewUser& user) {
  RequireAdmin(actor, "create users");
  User u;
  u.email = NormalizeEmail(user.email);
  u.name = internal::CleanName(user.name);
  u.is_admin = user.is_admin;
  ValidatePassword(user.password, u.email);
  const std::string hash = HashPassword(user.password);
  store::Transaction tx = db.Begin();
  store::UserRepository users(tx);
  if (users.FindByEmail(u.email)) {
    throw Error(ErrorCode::kConflict, "a user with the e-mail " + u.email + " already exists",
                "email");
  }
  u.id = users.Insert(u, hash);
  User stored = *users.Find(u.id);
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = "user.create",
                              .entity = "user",
                              .entity_id = stored.id,
                              .after_json = internal::UserJson(stored)});
  tx.Commit();
  return stored;
}

std::vector<User> ListUsers(store::Database& db, const Actor& actor, const std::string& search) {
  RequireAdmin(actor, "list users");
  store::Transaction tx = db.Begin(false);
  std::vector<User> users = store::UserRepository(tx).List();
  tx.Commit();
  const std::string needle = ToLower(Trim(search));
  if (!needle.empty()) {
    std::erase_if(users, [&](const User& u) {
      return ToLower(u.name).find(needle) == std::string::npos &&
             u.email.find(needle) == std::string::npos;
    });
  }
  return users;
}

User SetUserDisabled(store::Database& db, const Actor& actor, std::int64_t user_id, bool disabled) {
  return UpdateUser(db, actor, user_id, {.disabled = disabled});
}

User UpdateUser(store::Database& db, const Actor& actor, std::int64_t user_id,
                const UserChange& change) {
  RequireAdmin(actor, "change accounts");
  if (!change.disabled && !change.is_admin) {
    throw InvalidArgument("say what to change: disabled or is_admin", "disabled");
  }
  if (change.disabled.value_or(false) && actor.user_id == user_id) {
    throw FailedPrecondition("you cannot disable your own account; ask another administrator");
  }
  if (change.is_admin && !*change.is_admin && actor.user_id == user_id) {
    throw FailedPrecondition("you cannot remove your own admin rights; ask another administrator");
  }
  store::Transaction tx = db.Begin();
  store::UserRepository users(tx);
  const auto before = users.Find(user_id);
  if (!before) throw NotFound("user " + std::to_string(user_id) + " does not exist");
  store::AuditLog audit(tx);
  const auto append = [&](const char* action, const User& from, const User& to) {
    audit.Append({.actor_user_id = actor.user_id,
                  .actor = actor.label,
                  .action = action,
                  .entity = "user",
                  .entity_id = user_id,
                  .before_json = internal::UserJson(from),
                  .after_json = internal::UserJson(to)});
  };
  bool changed = false;
  User current = *before;
  if (change.disabled && *change.disabled != current.disabled) {
    const bool disabled = *change.disabled;
    users.SetDisabled(user_id, disabled);
    if (disabled) {
      store::SignInRepository(tx).DeleteSessionsOf(user_id);
      store::TokenRepository tokens(tx);
      for (const char* kind : {"invitation", "password_reset"}) {
        tokens.RevokeUnused(user_id, kind, tx.now_text());
      }
    }
    const User after = *users.Find(user_id);
    append(disabled ? "user.disable" : "user.enable", current, after);
    current = after;
    changed = true;
  }
  if (change.is_admin && *change.is_admin != current.is_admin) {
    users.SetAdmin(user_id, *change.is_admin);
    const User after = *users.Find(user_id);
    append(*change.is_admin ? "user.grant_admin" : "user.revoke_admin", current, after);
    current = after;
    changed = true;
  }
  if (!changed) return current;  // rolled back: nothing changed
  tx.Commit();
  internal::SessionCacheOf(db).EraseUser(user_id);
  return current;
}

int SignOutUserEverywhere(store::Database& db, const Actor& actor, std::int64_t user_id) {
  RequireAdmin(actor, "sign other people out");
  store::Transaction tx = db.Begin();
  if (!store::UserRepository(tx).Find(user_id)) {
    throw NotFound("user " + std::to_string(user_id) + " does not exist");
  }
  const std::vector<std::string> ended = store::SignInRepository(tx).DeleteSessionsOf(user_id);
  store::AuditLog(tx).Append(
      {.actor_user_id = actor.user_id,
       .actor = actor.label,
       .action = "user.sign_out_everywhere",
       .entity = "user",
       .entity_id = user_id,
       .after_json = nlohmann::json{{"sessions_ended", ended.size()}}.dump()});
  tx.Commit();
  internal::SessionCacheOf(db).EraseUser(user_id);
  return static_cast<int>(ended.size());
}

}  // namespace tandem::service
