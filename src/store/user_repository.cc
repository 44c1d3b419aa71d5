#include "store/user_repository.h"

#include <functional>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

constexpr const char* kSelect =
    "SELECT id, email, name, is_admin, disabled, password_hash, created_at FROM users ";

struct Row {
  long long id = 0;
  std::string email, name, hash, created_at;
  int is_admin = 0, disabled = 0;
  soci::indicator email_ind{}, hash_ind{};

  UserCredentials ToCredentials() const {
    UserCredentials c;
    c.user.id = id;
    c.user.email = email_ind == soci::i_ok ? email : "";
    c.user.name = name;
    c.user.is_admin = is_admin != 0;
    c.user.disabled = disabled != 0;
    c.password_hash = hash_ind == soci::i_ok ? hash : "";
    c.user.has_password = !c.password_hash.empty();
    c.user.created_at = created_at;
    return c;
  }
};

template <typename... Uses>
soci::statement& SelectInto(Transaction& tx, Row& r, const std::string& rest, Uses&&... uses) {
  return Reuse(tx, std::string(kSelect) + rest, soci::into(r.id), soci::into(r.email, r.email_ind),
               soci::into(r.name), soci::into(r.is_admin), soci::into(r.disabled),
               soci::into(r.hash, r.hash_ind), soci::into(r.created_at),
               std::forward<Uses>(uses)...);
}

template <typename Key>
std::optional<UserCredentials> FindOne(Transaction& tx, const std::string& where, Key key) {
  return Guard("reading user", [&]() -> std::optional<UserCredentials> {
    Row r;
    soci::statement& st = SelectInto(tx, r, where, soci::use(key));
    if (!st.execute(true)) return std::nullopt;
    return r.ToCredentials();
  });
}

void UpdateOne(Transaction& tx, const std::string& what, const std::string& sql,
               std::int64_t user_id, const std::function<void(soci::statement&)>& bind) {
  Guard(what, [&] {
    long long id = user_id;
    soci::statement st(SessionOf(tx));
    bind(st);
    st.exchange(soci::use(id));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("user " + std::to_string(user_id) + " does not exist");
    }
  });
}

}  // namespace

std::int64_t UserRepository::Insert(const User& user, const std::string& password_hash) {
  return Guard("saving user", [&] {
    soci::session& s = SessionOf(tx_);
    std::string email = user.email, name = user.name, hash = password_hash;
    soci::indicator email_ind = email.empty() ? soci::i_null : soci::i_ok;
    soci::indicator hash_ind = hash.empty() ? soci::i_null : soci::i_ok;
    int admin = user.is_admin ? 1 : 0, disabled = user.disabled ? 1 : 0;
    const std::string now = tx_.now_text();
    long long id = 0;
    s << "INSERT INTO users (email, name, password_hash, is_admin, disabled, created_at) "
         "VALUES (:e, :n, :h, :a, :d, :t) RETURNING id",
        soci::use(email, email_ind), soci::use(name), soci::use(hash, hash_ind), soci::use(admin),
        soci::use(disabled), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<User> UserRepository::Find(std::int64_t id) {
  auto c = FindCredentials(id);
  if (!c) return std::nullopt;
  return c->user;
}

std::optional<UserCredentials> UserRepository::FindCredentials(std::int64_t id) {
  return FindOne(tx_, "WHERE id = :id", static_cast<long long>(id));
}

std::optional<UserCredentials> UserRepository::FindByEmail(const std::string& email) {
  return FindOne(tx_, "WHERE email = :e", email);
}

std::optional<User> UserRepository::FindByCalendarTokenHash(const std::string& token_hash) {
  auto c = FindOne(tx_, "WHERE calendar_token_hash = :h", token_hash);
  if (!c) return std::nullopt;
  return c->user;
}

void UserRepository::SetCalendarTokenHash(std::int64_t user_id, const std::string& token_hash) {
  std::string value = token_hash;
  UpdateOne(tx_, "saving calendar feed", "UPDATE users SET calendar_token_hash = :h WHERE id = :id",
            user_id, [&](soci::statement& st) { st.exchange(soci::use(value)); });
}

std::vector<User> UserRepository::List() {
  return Guard("listing users", [&] {
    Row r;
    std::vector<User> out;
    soci::statement& st = SelectInto(tx_, r, "ORDER BY id");
    st.execute();
    while (st.fetch()) out.push_back(r.ToCredentials().user);
    return out;
  });
}

void UserRepository::SetPasswordHash(std::int64_t user_id, const std::string& password_hash) {
  std::string hash = password_hash;
  soci::indicator ind = hash.empty() ? soci::i_null : soci::i_ok;
  UpdateOne(tx_, "saving password", "UPDATE users SET password_hash = :h WHERE id = :id", user_id,
            [&](soci::statement& st) { st.exchange(soci::use(hash, ind)); });
}

void UserRepository::SetName(std::int64_t user_id, const std::string& name) {
  std::string value = name;
  UpdateOne(tx_, "saving user name", "UPDATE users SET name = :n WHERE id = :id", user_id,
            [&](soci::statement& st) { st.exchange(soci::use(value)); });
}

void UserRepository::SetDisabled(std::int64_t user_id, bool disabled) {
  int value = disabled ? 1 : 0;
  UpdateOne(tx_, "saving user", "UPDATE users SET disabled = :d WHERE id = :id", user_id,
            [&](soci::statement& st) { st.exchange(soci::use(value)); });
}

void UserRepository::SetAdmin(std::int64_t user_id, bool is_admin) {
  int value = is_admin ? 1 : 0;
  UpdateOne(tx_, "saving user", "UPDATE users SET is_admin = :a WHERE id = :id", user_id,
            [&](soci::statement& st) { st.exchange(soci::use(value)); });
}

std::map<std::int64_t, AccountStanding> UserRepository::Standing(
    std::int64_t program_id, const std::vector<std::int64_t>& user_ids) {
  return Guard("reading users", [&] {
    std::map<std::int64_t, AccountStanding> out;
    long long user = 0, program = program_id;
    int claimed = 0, elsewhere = 0;
    soci::statement& st =
        Reuse(tx_,
              "SELECT CASE WHEN u.password_hash IS NOT NULL OR u.is_admin <> 0 THEN 1 ELSE 0 END, "
              "CASE WHEN EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = u.id "
              "AND e.program_id <> :p) THEN 1 ELSE 0 END FROM users u WHERE u.id = :u",
              soci::use(program), soci::use(user), soci::into(claimed), soci::into(elsewhere));
    for (std::int64_t id : user_ids) {
      user = id;
      if (st.execute(true))
        out[id] = {.claimed = claimed == 1, .enrolled_elsewhere = elsewhere == 1};
    }
    return out;
  });
}

}  // namespace tandem::store
