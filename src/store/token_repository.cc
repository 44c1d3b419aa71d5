#include "store/token_repository.h"

#include "store/internal.h"

namespace tandem::store {

std::int64_t TokenRepository::Insert(const OneTimeToken& token) {
  return Guard("saving one-time token", [&] {
    OneTimeToken t = token;
    long long user = t.user_id, enrollment = t.enrollment_id.value_or(0);
    soci::indicator enrollment_ind = t.enrollment_id ? soci::i_ok : soci::i_null;
    long long id = 0;
    SessionOf(tx_) << "INSERT INTO one_time_tokens (token_hash, kind, user_id, enrollment_id, "
                      "created_at, expires_at) VALUES (:h, :k, :u, :e, :c, :x) RETURNING id",
        soci::use(t.token_hash), soci::use(t.kind), soci::use(user),
        soci::use(enrollment, enrollment_ind), soci::use(t.created_at), soci::use(t.expires_at),
        soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<OneTimeToken> TokenRepository::FindByHash(const std::string& token_hash) {
  return Guard("reading one-time token", [&]() -> std::optional<OneTimeToken> {
    OneTimeToken t;
    long long id = 0, user = 0, enrollment = 0;
    soci::indicator enrollment_ind{}, used_ind{};
    std::string hash = token_hash;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT id, kind, user_id, enrollment_id, created_at, "
                                   "expires_at, used_at FROM one_time_tokens WHERE token_hash = :h",
         soci::use(hash), soci::into(id), soci::into(t.kind), soci::into(user),
         soci::into(enrollment, enrollment_ind), soci::into(t.created_at), soci::into(t.expires_at),
         soci::into(t.used_at, used_ind));
    if (!st.execute(true)) return std::nullopt;
    t.id = id;
    t.token_hash = token_hash;
    t.user_id = user;
    if (enrollment_ind == soci::i_ok) t.enrollment_id = enrollment;
    if (used_ind != soci::i_ok) t.used_at.clear();
    return t;
  });
}

bool TokenRepository::MarkUsed(std::int64_t id, const std::string& at) {
  return Guard(
      "using one-time token", [&] {
        long long key = id;
        std::string t = at;
        soci::statement st =
            (SessionOf(tx_).prepare
                 << "UPDATE one_time_tokens SET used_at = :t WHERE id = :id AND used_at IS NULL",
             soci::use(t), soci::use(key));
        st.execute(true);
        return st.get_affected_rows() == 1;
      });
}

void TokenRepository::RevokeUnused(std::int64_t user_id, const std::string& kind,
                                   const std::string& at) {
  Guard("revoking one-time tokens", [&] {
    long long user = user_id;
    std::string k = kind, t = at;
    SessionOf(tx_) << "UPDATE one_time_tokens SET used_at = :t WHERE user_id = :u AND kind = :k "
                      "AND used_at IS NULL",
        soci::use(t), soci::use(user), soci::use(k);
  });
}

void TokenRepository::RevokeInvitationsTo(std::int64_t enrollment_id, const std::string& at) {
  Guard("revoking invitations", [&] {
    long long enrollment = enrollment_id;
    std::string t = at;
    SessionOf(tx_) << "UPDATE one_time_tokens SET used_at = :t WHERE enrollment_id = :e AND "
                      "kind = 'invitation' AND used_at IS NULL",
        soci::use(t), soci::use(enrollment);
  });
}

int TokenRepository::CountLive(std::int64_t user_id, const std::string& kind,
                               const std::string& now) {
  return Guard("counting one-time tokens", [&] {
    long long user = user_id;
    std::string k = kind, t = now;
    int count = 0;
    SessionOf(tx_) << "SELECT COUNT(*) FROM one_time_tokens WHERE user_id = :u AND kind = :k "
                      "AND used_at IS NULL AND expires_at > :t",
        soci::use(user), soci::use(k), soci::use(t), soci::into(count);
    return count;
  });
}

}  // namespace tandem::store
