// Notifications (the bell), e-mail choices per category and one-click
// unsubscribe tokens (core/notification.h). Runs inside the caller's
// transaction; what is sent when is decided in service/notifications.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

struct Notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;
  std::string subject;
  std::string body;
  std::string delivery;  // email, digest, digested, app
  std::string created_at;
  std::string read_at;  // empty: unread
};

class NotificationRepository {
 public:
  // `tx` must outlive the repository.
  explicit NotificationRepository(Transaction& tx) : tx_(tx) {}

  // Adds `n` (id and created_at assigned) and returns its id.
  std::int64_t Insert(const Notification& n);
  // The user's newest `limit` notifications, newest first.
  std::vector<Notification> ListByUser(std::int64_t user_id, int limit);
  int CountUnread(std::int64_t user_id);
  // Marks the user's notifications up to `up_to_id` (all when none) read;
  // returns how many changed.
  int MarkRead(std::int64_t user_id, std::optional<std::int64_t> up_to_id);
  // Every notification waiting for its daily digest, by user then id.
  std::vector<Notification> PendingDigest();
  void MarkDigested(std::int64_t id);

  // The user's choice per category (categories without one are absent).
  std::map<std::string, std::string> Preferences(std::int64_t user_id);
  void SetPreference(std::int64_t user_id, const std::string& category, const std::string& choice);

  // The user's unsubscribe token for `category`, stored with `fresh` when
  // there is none yet.
  std::string UnsubscribeToken(std::int64_t user_id, const std::string& category,
                               const std::string& fresh);
  // The zone the user chose for their digests ("" when none).
  std::string TimeZone(std::int64_t user_id);
  void SetTimeZone(std::int64_t user_id, const std::string& zone);
  // Records that digest `kind` for `period` went to the user; false when it
  // had been recorded before (then nothing is sent).
  bool MarkDigestSent(std::int64_t user_id, const std::string& kind, const std::string& period);

  // The user and category of `token`.
  std::optional<std::pair<std::int64_t, std::string>> FindUnsubscribe(const std::string& token);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
