#include "store/sign_in_repository.h"

#include "store/internal.h"

namespace tandem::store {

void SignInRepository::InsertSession(const StoredSession& session) {
  Guard("saving session", [&] {
    StoredSession v = session;
    long long user = v.user_id;
    SessionOf(tx_)
        << "INSERT INTO sessions (token_hash, user_id, csrf_token, idle_seconds, "
           "created_at, expires_at, last_seen_at) VALUES (:h, :u, :c, :i, :cr, :ex, :ls)",
        soci::use(v.token_hash), soci::use(user), soci::use(v.csrf_token),
        soci::use(v.idle_seconds), soci::use(v.created_at), soci::use(v.expires_at),
        soci::use(v.last_seen_at);
  });
}

std::optional<std::pair<StoredSession, User>> SignInRepository::FindSession(
    const std::string& token_hash) {
  return Guard(
      "reading session", [&]() -> std::optional<std::pair<StoredSession, User>> {
        StoredSession s;
        User u;
        long long user_id = 0;
        int admin = 0, disabled = 0, has_password = 0;
        soci::indicator email_ind{};
        std::string hash = token_hash;
        soci::statement st =
            (SessionOf(tx_).prepare
                 << "SELECT s.user_id, s.csrf_token, s.idle_seconds, s.created_at, s.expires_at, "
                    "s.last_seen_at, u.email, u.name, u.is_admin, u.disabled, "
                    "CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, u.created_at "
                    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :h",
             soci::use(hash), soci::into(user_id), soci::into(s.csrf_token),
             soci::into(s.idle_seconds), soci::into(s.created_at), soci::into(s.expires_at),
             soci::into(s.last_seen_at), soci::into(u.email, email_ind), soci::into(u.name),
             soci::into(admin), soci::into(disabled), soci::into(has_password),
             soci::into(u.created_at));
        if (!st.execute(true)) return std::nullopt;
        s.token_hash = token_hash;
        s.user_id = user_id;
        u.id = user_id;
        if (email_ind != soci::i_ok) u.email.clear();
        u.is_admin = admin != 0;
        u.disabled = disabled != 0;
        u.has_password = has_password != 0;
        return std::pair{std::move(s), std::move(u)};
      });
}

void SignInRepository::ExtendSession(const std::string& token_hash, const std::string& expires_at,
                                     const std::string& last_seen_at) {
  Guard("extending session", [&] {
    std::string hash = token_hash, expires = expires_at, seen = last_seen_at;
    SessionOf(tx_)
        << "UPDATE sessions SET expires_at = :e, last_seen_at = :l WHERE token_hash = :h",
        soci::use(expires), soci::use(seen), soci::use(hash);
  });
}

void SignInRepository::DeleteSession(const std::string& token_hash) {
  Guard("ending session", [&] {
    std::string hash = token_hash;
    SessionOf(tx_) << "DELETE FROM sessions WHERE token_hash = :h", soci::use(hash);
  });
}

std::vector<std::string> SignInRepository::DeleteSessionsOf(std::int64_t user_id) {
  return Guard("ending sessions", [&] {
    soci::session& s = SessionOf(tx_);
    long long user = user_id;
    std::string hash;
    std::vector<std::string> hashes;
    soci::statement st = (s.prepare << "SELECT token_hash FROM sessions WHERE user_id = :u",
                          soci::use(user), soci::into(hash));
    st.execute();
    while (st.fetch()) hashes.push_back(hash);
    s << "DELETE FROM sessions WHERE user_id = :u", soci::use(user);
    return hashes;
  });
}

int SignInRepository::DeleteExpiredSessions(const std::string& now) {
  return Guard("removing expired sessions", [&] {
    std::string t = now;
    soci::statement st =
        (SessionOf(tx_).prepare << "DELETE FROM sessions WHERE expires_at < :t", soci::use(t));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

std::int64_t SignInRepository::RecordAttempt(const std::string& email,
                                             const std::string& remote_address,
                                             const std::string& at, bool succeeded,
                                             bool throttled) {
  return Guard("recording sign-in attempt", [&] {
    std::string e = email, a = remote_address, t = at;
    int ok = succeeded ? 1 : 0, th = throttled ? 1 : 0;
    long long id = 0;
    SessionOf(tx_) << "INSERT INTO login_attempts (email, remote_address, at, succeeded, "
                      "throttled) VALUES (:e, :a, :t, :s, :th) RETURNING id",
        soci::use(e), soci::use(a), soci::use(t), soci::use(ok), soci::use(th), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void SignInRepository::MarkAttemptSucceeded(std::int64_t attempt_id) {
  Guard("recording sign-in attempt", [&] {
    long long id = attempt_id;
    SessionOf(tx_) << "UPDATE login_attempts SET succeeded = 1 WHERE id = :id", soci::use(id);
  });
}

std::vector<std::string> SignInRepository::RecentFailuresForEmail(const std::string& email,
                                                                  const std::string& since,
                                                                  int limit) {
  return Guard(
      "counting sign-in attempts", [&] {
        std::string e = email, t = since, at;
        std::vector<std::string> out;
        soci::statement st =
            (SessionOf(tx_).prepare
                 << "SELECT at FROM login_attempts WHERE email = :e AND at >= :t AND succeeded = 0 "
                    "AND throttled = 0 AND id > (SELECT COALESCE(MAX(id), 0) FROM login_attempts "
                    "WHERE email = :e2 AND at >= :t2 AND succeeded = 1) ORDER BY id LIMIT :l",
             soci::use(e), soci::use(t), soci::use(e), soci::use(t), soci::use(limit),
             soci::into(at));
        st.execute();
        while (st.fetch()) out.push_back(at);
        return out;
      });
}

std::vector<std::string> SignInRepository::RecentFailuresFromAddress(
    const std::string& remote_address, const std::string& since, int limit) {
  return Guard("counting sign-in attempts",
               [&] {
                 std::string a = remote_address, t = since, at;
                 std::vector<std::string> out;
                 soci::statement st =
                     (SessionOf(tx_).prepare
                          << "SELECT at FROM login_attempts WHERE remote_address = :a AND at >= :t "
                             "AND succeeded = 0 AND throttled = 0 ORDER BY id LIMIT :l",
                      soci::use(a), soci::use(t), soci::use(limit), soci::into(at));
                 st.execute();
                 while (st.fetch()) out.push_back(at);
                 return out;
               });
}

int SignInRepository::DeleteAttemptsBefore(const std::string& before) {
  return Guard("removing old sign-in attempts", [&] {
    std::string t = before;
    soci::statement st =
        (SessionOf(tx_).prepare << "DELETE FROM login_attempts WHERE at < :t", soci::use(t));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

}  // namespace tandem::store
