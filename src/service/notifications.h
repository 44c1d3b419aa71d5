// How Tandem tells people things (docs/email.md). Every message to a person
// lands in their notifications (the bell in the app); its e-mail goes at
// once, in the next daily digest, or not at all, as the person chose for its
// category (core/notification.h) — essential kinds always go at once. A
// non-essential e-mail carries a one-click unsubscribe address (RFC 8058)
// that turns off that category only, without signing in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "notify/messages.h"
#include "service/actor.h"
#include "store/database.h"
#include "store/notification_repository.h"

namespace tandem::service {

// Whom a message is for: a user (for the bell and their choices) and the
// address to send to ("" for none).
struct Recipient {
  std::optional<std::int64_t> user_id;
  std::string email;
};

// An optional attachment (a meeting's invitation.ics).
struct Attachment {
  std::string name;
  std::string type;
  std::string content;
};

// Notifies `to` of `text` of `kind` inside the caller's transaction.
void Notify(store::Transaction& tx, const Recipient& to, const std::string& kind,
            const notify::Message& text, const Attachment& attachment = {});

// The signed-in user's newest notifications (limit 1..100) and unread count.
struct NotificationList {
  std::vector<store::Notification> notifications;
  int unread = 0;
};
NotificationList ListNotifications(store::Database& db, const Actor& actor, int limit = 20);
// Marks the user's notifications up to `up_to_id` (all when none) read;
// returns the unread count left.
int MarkNotificationsRead(store::Database& db, const Actor& actor,
                          std::optional<std::int64_t> up_to_id);

// The signed-in user's choice for every category ("immediately" when never set).
std::map<std::string, std::string> GetNotificationPreferences(store::Database& db,
                                                              const Actor& actor);
// Sets the categories named; throws kInvalidArgument naming an unknown
// category or choice. Audited.
std::map<std::string, std::string> SetNotificationPreferences(
    store::Database& db, const Actor& actor, const std::map<std::string, std::string>& choices);

// The zone the user's digests follow: the one they chose, else their
// profile's, else UTC; `chosen` says whether they chose it.
struct DigestZone {
  std::string zone;
  bool chosen = false;
};
DigestZone GetDigestZone(store::Database& db, const Actor& actor);
// Chooses the zone ("" to follow the profile again). kInvalidArgument
// naming "time_zone" for an unknown zone.
DigestZone SetDigestZone(store::Database& db, const Actor& actor, const std::string& zone);

// What an unsubscribe address is for, without using it. kNotFound for an
// unknown token.
struct UnsubscribeInfo {
  std::string category;
  std::string email;  // shown partly: "d•••@ccf.example.org"
  std::string choice;
};
UnsubscribeInfo LookUpUnsubscribe(store::Database& db, const std::string& token);
// Turns the token's category off for its user (anyone holding the address;
// a mail client's one-click POST). Audited. kNotFound for an unknown token.
UnsubscribeInfo Unsubscribe(store::Database& db, const std::string& token);

inline constexpr const char* kDailyDigestJob = "notification_digest";

// The hourly job: every person with notifications waiting for their daily
// digest whose local time (their profile's zone, else UTC) is 08:00–08:59,
// or whose oldest waiting one is over 25 hours old, gets one e-mail listing
// them. Returns how many digests were written.
int SendDailyDigests(store::Database& db);

// The coordinators' weekly digest, from the same hourly job: on Monday
// 08:00–08:59 in each coordinator's zone, once per week, for every program
// they coordinate that is not closed — pairs at risk and stalled,
// invitations not answered, applications waiting, and messages to the
// program's people that failed in the last 7 days. Kind "coordinator_digest"
// (category coordinator). Returns how many were written.
int SendWeeklyDigests(store::Database& db);

}  // namespace tandem::service
