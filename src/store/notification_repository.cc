#include "store/notification_repository.h"

#include "store/internal.h"

namespace tandem::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, user_id, kind, subject, body, delivery, created_at, read_at FROM notifications ";

std::vector<Notification> Select(Transaction& tx, const std::string& where, long long key,
                                 int limit) {
  Notification n;
  long long id = 0, user = 0;
  std::string read_at;
  soci::indicator read_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << kColumns + where, soci::use(key), soci::use(limit), soci::into(id),
       soci::into(user), soci::into(n.kind), soci::into(n.subject), soci::into(n.body),
       soci::into(n.delivery), soci::into(n.created_at), soci::into(read_at, read_ind));
  st.execute();
  std::vector<Notification> out;
  while (st.fetch()) {
    Notification row = n;
    row.id = id;
    row.user_id = user;
    row.read_at = read_ind == soci::i_ok ? read_at : "";
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::int64_t NotificationRepository::Insert(const Notification& notification) {
  return Guard("saving notification", [&] {
    Notification n = notification;
    long long user = n.user_id, id = 0;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO notifications (user_id, kind, subject, body, delivery, "
                      "created_at) VALUES (:u, :k, :s, :b, :d, :c) RETURNING id",
        soci::use(user), soci::use(n.kind), soci::use(n.subject), soci::use(n.body),
        soci::use(n.delivery), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<Notification> NotificationRepository::ListByUser(std::int64_t user_id, int limit) {
  return Guard("reading notifications", [&] {
    return Select(tx_, "WHERE user_id = :u ORDER BY id DESC LIMIT :l", user_id, limit);
  });
}

int NotificationRepository::CountUnread(std::int64_t user_id) {
  return Guard("reading notifications", [&] {
    long long key = user_id;
    int count = 0;
    SessionOf(tx_) << "SELECT COUNT(*) FROM notifications WHERE user_id = :u AND read_at IS NULL",
        soci::use(key), soci::into(count);
    return count;
  });
}

int NotificationRepository::MarkRead(std::int64_t user_id, std::optional<std::int64_t> up_to_id) {
  return Guard("saving notifications", [&] {
    long long key = user_id, up_to = up_to_id.value_or(INT64_MAX);
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE notifications SET read_at = :n WHERE user_id = :u AND "
                                   "id <= :i AND read_at IS NULL",
         soci::use(now), soci::use(key), soci::use(up_to));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

std::vector<Notification> NotificationRepository::PendingDigest() {
  return Guard("reading notifications", [&] {
    return Select(tx_, "WHERE delivery = 'digest' AND :k = 0 ORDER BY user_id, id LIMIT :l", 0,
                  100000);
  });
}

void NotificationRepository::MarkDigested(std::int64_t id) {
  Guard("saving notifications", [&] {
    long long key = id;
    SessionOf(tx_) << "UPDATE notifications SET delivery = 'digested' WHERE id = :i",
        soci::use(key);
  });
}

std::map<std::string, std::string> NotificationRepository::Preferences(std::int64_t user_id) {
  return Guard("reading preferences", [&] {
    long long key = user_id;
    std::string category, choice;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT category, choice FROM notification_preferences WHERE "
                                   "user_id = :u",
         soci::use(key), soci::into(category), soci::into(choice));
    st.execute();
    std::map<std::string, std::string> out;
    while (st.fetch()) out[category] = choice;
    return out;
  });
}

void NotificationRepository::SetPreference(std::int64_t user_id, const std::string& category,
                                           const std::string& choice) {
  Guard("saving preferences", [&] {
    long long key = user_id;
    std::string c = category, v = choice;
    SessionOf(tx_) << "DELETE FROM notification_preferences WHERE user_id = :u AND category = :c",
        soci::use(key), soci::use(c);
    SessionOf(tx_) << "INSERT INTO notification_preferences (user_id, category, choice) VALUES "
                      "(:u, :c, :v)",
        soci::use(key), soci::use(c), soci::use(v);
  });
}

std::string NotificationRepository::UnsubscribeToken(std::int64_t user_id,
                                                     const std::string& category,
                                                     const std::string& fresh) {
  return Guard("saving unsubscribe token", [&] {
    long long key = user_id;
    std::string c = category, token;
    soci::indicator ind{};
    SessionOf(tx_) << "SELECT token FROM unsubscribe_tokens WHERE user_id = :u AND category = :c",
        soci::use(key), soci::use(c), soci::into(token, ind);
    if (ind == soci::i_ok) return token;
    token = fresh;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO unsubscribe_tokens (token, user_id, category, created_at) "
                      "VALUES (:t, :u, :c, :n)",
        soci::use(token), soci::use(key), soci::use(c), soci::use(now);
    return token;
  });
}

std::string NotificationRepository::TimeZone(std::int64_t user_id) {
  return Guard("reading settings", [&] {
    long long key = user_id;
    std::string zone;
    soci::indicator ind{};
    SessionOf(tx_) << "SELECT time_zone FROM user_settings WHERE user_id = :u", soci::use(key),
        soci::into(zone, ind);
    return ind == soci::i_ok ? zone : std::string();
  });
}

void NotificationRepository::SetTimeZone(std::int64_t user_id, const std::string& zone) {
  Guard("saving settings", [&] {
    long long key = user_id;
    std::string z = zone;
    soci::indicator ind = z.empty() ? soci::i_null : soci::i_ok;
    SessionOf(tx_) << "DELETE FROM user_settings WHERE user_id = :u", soci::use(key);
    SessionOf(tx_) << "INSERT INTO user_settings (user_id, time_zone) VALUES (:u, :z)",
        soci::use(key), soci::use(z, ind);
  });
}

bool NotificationRepository::MarkDigestSent(std::int64_t user_id, const std::string& kind,
                                            const std::string& period) {
  return Guard("saving digest", [&] {
    long long key = user_id;
    std::string k = kind, p = period;
    int seen = 0;
    SessionOf(tx_) << "SELECT COUNT(*) FROM digests_sent WHERE user_id = :u AND kind = :k AND "
                      "period = :p",
        soci::use(key), soci::use(k), soci::use(p), soci::into(seen);
    if (seen > 0) return false;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO digests_sent (user_id, kind, period, created_at) VALUES (:u, "
                      ":k, :p, :n)",
        soci::use(key), soci::use(k), soci::use(p), soci::use(now);
    return true;
  });
}

std::optional<std::pair<std::int64_t, std::string>> NotificationRepository::FindUnsubscribe(
    const std::string& token) {
  return Guard("reading unsubscribe token",
               [&]() -> std::optional<std::pair<std::int64_t, std::string>> {
                 std::string t = token, category;
                 long long user = 0;
                 soci::indicator ind{};
                 SessionOf(tx_) << "SELECT user_id, category FROM unsubscribe_tokens WHERE "
                                   "token = :t",
                     soci::use(t), soci::into(user, ind), soci::into(category);
                 if (ind != soci::i_ok) return std::nullopt;
                 return std::pair{static_cast<std::int64_t>(user), category};
               });
}

}  // namespace tandem::store
