#include "service/notifications.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "calendar/local_time.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/notification.h"
#include "core/text.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/meetings.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

std::string ChoiceOf(const std::map<std::string, std::string>& prefs, std::string_view category) {
  auto it = prefs.find(std::string(category));
  return it == prefs.end() ? "immediately" : it->second;
}

std::int64_t RequireUser(const Actor& actor) {
  if (!actor.user_id) throw Error(ErrorCode::kUnauthenticated, "sign in first");
  return *actor.user_id;
}

// "daniel.quispe@ccf.example.org" as "d•••@ccf.example.org".
std::string Masked(const std::string& email) {
  const size_t at = email.find('@');
  if (at == std::string::npos || at == 0) return "•••";
  return email.substr(0, 1) + "\u2022\u2022\u2022" + email.substr(at);
}

void Audit(store::Transaction& tx, const Actor& actor, std::int64_t user_id,
           const std::string& action, const std::string& after) {
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = action,
                              .entity = "user",
                              .entity_id = user_id,
                              .after_json = after});
}

// The zone a person reads times in: the one they chose for digests, else
// their first profile's, else UTC.
std::string ZoneOfUser(store::Transaction& tx, std::int64_t user_id) {
  if (std::string zone = store::NotificationRepository(tx).TimeZone(user_id); !zone.empty()) {
    return zone;
  }
  for (const Enrollment& e : store::EnrollmentRepository(tx).ListByUser(user_id)) {
    if (auto p = store::ParticipantRepository(tx).LoadProfile(e.id); p && !p->time_zone.empty()) {
      return p->time_zone;
    }
  }
  return "UTC";
}

}  // namespace

void Notify(store::Transaction& tx, const Recipient& to, const std::string& kind,
            const notify::Message& text, const Attachment& attachment) {
  const std::optional<std::string_view> category = CategoryOfKind(kind);
  std::string choice = "immediately";
  store::NotificationRepository repo(tx);
  if (to.user_id && category) choice = ChoiceOf(repo.Preferences(*to.user_id), *category);
  if (to.user_id) {
    repo.Insert({.user_id = *to.user_id,
                 .kind = kind,
                 .subject = text.subject,
                 .body = text.body,
                 .delivery = choice == "immediately" ? "email"
                             : choice == "daily"     ? "digest"
                                                     : "app"});
  }
  if (choice != "immediately" || to.email.empty()) return;
  store::OutboxEntry entry{.to_address = to.email,
                           .subject = text.subject,
                           .body = text.body,
                           .kind = kind,
                           .attachment_name = attachment.name,
                           .attachment_type = attachment.type,
                           .attachment = attachment.content};
  if (to.user_id && category) {
    const std::string token =
        repo.UnsubscribeToken(*to.user_id, std::string(*category), internal::NewToken());
    entry.list_unsubscribe = PublicBaseUrl() + "/api/v1/unsubscribe/" + token;
    entry.body += "\n--\nNot wanted? Stop these e-mails (" + std::string(*category) +
                  "), or choose a daily digest: " + PublicBaseUrl() + "/unsubscribe/" + token +
                  "\n";
  }
  store::Outbox(tx).Add(entry);
}

NotificationList ListNotifications(store::Database& db, const Actor& actor, int limit) {
  const std::int64_t user = RequireUser(actor);
  if (limit < 1 || limit > 100) throw InvalidArgument("limit is 1 to 100", "limit");
  store::Transaction tx = db.Begin(false);
  store::NotificationRepository repo(tx);
  NotificationList out{repo.ListByUser(user, limit), repo.CountUnread(user)};
  tx.Commit();
  return out;
}

int MarkNotificationsRead(store::Database& db, const Actor& actor,
                          std::optional<std::int64_t> up_to_id) {
  const std::int64_t user = RequireUser(actor);
  store::Transaction tx = db.Begin();
  store::NotificationRepository repo(tx);
  repo.MarkRead(user, up_to_id);
  const int unread = repo.CountUnread(user);
  tx.Commit();
  return unread;
}

std::map<std::string, std::string> GetNotificationPreferences(store::Database& db,
                                                              const Actor& actor) {
  const std::int64_t user = RequireUser(actor);
  store::Transaction tx = db.Begin(false);
  const auto prefs = store::NotificationRepository(tx).Preferences(user);
  tx.Commit();
  std::map<std::string, std::string> out;
  for (std::string_view c : kNotificationCategories) out[std::string(c)] = ChoiceOf(prefs, c);
  return out;
}

std::map<std::string, std::string> SetNotificationPreferences(
    store::Database& db, const Actor& actor, const std::map<std::string, std::string>& choices) {
  const std::int64_t user = RequireUser(actor);
  for (const auto& [category, choice] : choices) {
    CheckOneOf(category, kNotificationCategories, "category");
    CheckOneOf(choice, kNotificationChoices, category);
  }
  store::Transaction tx = db.Begin();
  store::NotificationRepository repo(tx);
  for (const auto& [category, choice] : choices) repo.SetPreference(user, category, choice);
  Audit(tx, actor, user, "notifications.preferences", nlohmann::json(choices).dump());
  tx.Commit();
  return GetNotificationPreferences(db, actor);
}

DigestZone GetDigestZone(store::Database& db, const Actor& actor) {
  const std::int64_t user = RequireUser(actor);
  store::Transaction tx = db.Begin(false);
  DigestZone z{ZoneOfUser(tx, user), !store::NotificationRepository(tx).TimeZone(user).empty()};
  tx.Commit();
  return z;
}

DigestZone SetDigestZone(store::Database& db, const Actor& actor, const std::string& zone) {
  const std::int64_t user = RequireUser(actor);
  const std::string z(Trim(zone));
  if (!z.empty()) calendar::CheckZone(z, "time_zone");
  store::Transaction tx = db.Begin();
  store::NotificationRepository(tx).SetTimeZone(user, z);
  tx.Commit();
  return GetDigestZone(db, actor);
}

UnsubscribeInfo LookUpUnsubscribe(store::Database& db, const std::string& token) {
  if (!internal::IsWellFormedToken(token)) throw NotFound("this unsubscribe link is not valid");
  store::Transaction tx = db.Begin(false);
  const auto found = store::NotificationRepository(tx).FindUnsubscribe(token);
  if (!found) throw NotFound("this unsubscribe link is not valid");
  const auto user = store::UserRepository(tx).Find(found->first);
  UnsubscribeInfo info{
      found->second, user ? Masked(user->email) : "",
      ChoiceOf(store::NotificationRepository(tx).Preferences(found->first), found->second)};
  tx.Commit();
  return info;
}

UnsubscribeInfo Unsubscribe(store::Database& db, const std::string& token) {
  if (!internal::IsWellFormedToken(token)) throw NotFound("this unsubscribe link is not valid");
  store::Transaction tx = db.Begin();
  store::NotificationRepository repo(tx);
  const auto found = repo.FindUnsubscribe(token);
  if (!found) throw NotFound("this unsubscribe link is not valid");
  repo.SetPreference(found->first, found->second, "off");
  Audit(tx, Actor::Anonymous(), found->first, "notifications.unsubscribe",
        nlohmann::json{{"category", found->second}}.dump());
  const auto user = store::UserRepository(tx).Find(found->first);
  tx.Commit();
  return {found->second, user ? Masked(user->email) : "", "off"};
}

int SendDailyDigests(store::Database& db) {
  store::Transaction tx = db.Begin();
  store::NotificationRepository repo(tx);
  std::map<std::int64_t, std::vector<store::Notification>> by_user;
  for (store::Notification& n : repo.PendingDigest()) by_user[n.user_id].push_back(std::move(n));
  int written = 0;
  for (const auto& [user_id, items] : by_user) {
    const auto user = store::UserRepository(tx).Find(user_id);
    if (!user) continue;
    const std::string zone = ZoneOfUser(tx, user_id);
    const auto local = calendar::UtcToLocal(zone, tx.now());
    const auto hour =
        std::chrono::duration_cast<std::chrono::hours>(local - date::floor<date::days>(local))
            .count();
    const bool overdue = *ParseUtc(items.front().created_at) + std::chrono::hours(25) < tx.now();
    if (hour != 8 && !overdue) continue;
    if (!user->disabled && !user->email.empty()) {
      std::string body =
          "Hello " + user->name + ",\n\nWhat Tandem told you since your last digest:\n";
      for (const store::Notification& n : items) body += "\n* " + n.subject;
      body +=
          "\n\nThe details are in Tandem (the bell at the top of every page): " + PublicBaseUrl() +
          "/\nYou chose this daily digest on your profile; you can change it there.\n";
      store::Outbox(tx).Add({.to_address = user->email,
                             .subject = "Your Tandem digest: " + std::to_string(items.size()) +
                                        (items.size() == 1 ? " update" : " updates"),
                             .body = body,
                             .kind = "daily_digest"});
      ++written;
    }
    for (const store::Notification& n : items) repo.MarkDigested(n.id);
  }
  tx.Commit();
  return written;
}

int SendWeeklyDigests(store::Database& db) {
  // Who is due: coordinators whose local time is Monday 08:xx.
  struct Due {
    std::int64_t user_id;
    std::string period;  // the Monday, local
    std::vector<Program> programs;
  };
  std::vector<Due> due;
  {
    store::Transaction tx = db.Begin(false);
    std::map<std::int64_t, std::vector<Program>> by_user;
    for (const Program& p : store::ProgramRepository(tx).List()) {
      if (p.status == ProgramStatus::kClosed) continue;
      for (const Enrollment& e : store::EnrollmentRepository(tx).List(
               p.id, {.role = Role::kCoordinator, .status = EnrollmentStatus::kActive})) {
        by_user[e.user_id].push_back(p);
      }
    }
    for (auto& [user_id, programs] : by_user) {
      const auto local = calendar::UtcToLocal(ZoneOfUser(tx, user_id), tx.now());
      const auto day = date::floor<date::days>(local);
      const auto hour = std::chrono::duration_cast<std::chrono::hours>(local - day).count();
      if (date::weekday(day) != date::Monday || hour != 8) continue;
      due.push_back({user_id, date::format("%F", day), std::move(programs)});
    }
    tx.Commit();
  }
  // What each program's coordinators are told, written once per program.
  struct Section {
    std::string text;
    int items = 0;
  };
  std::map<std::int64_t, Section> sections;
  std::vector<store::OutboxEntry> failed;
  if (!due.empty()) {
    store::Transaction tx = db.Begin(false);
    const std::string week_ago = FormatUtc(tx.now() - std::chrono::days(7));
    for (store::OutboxEntry& m : store::Outbox(tx).ListFailed(500)) {
      if (m.created_at >= week_ago) failed.push_back(std::move(m));
    }
    tx.Commit();
  }
  for (const Due& d : due) {
    for (const Program& p : d.programs) {
      if (sections.count(p.id)) continue;
      Section& section = sections[p.id];
      for (const PairHealthRow& row : ListPairHealth(db, Actor::User(d.user_id, false), p.id)) {
        const calendar::HealthStatus s = row.health.status;
        if (s != calendar::HealthStatus::kAtRisk && s != calendar::HealthStatus::kStalled) continue;
        section.text += "- " + row.pair.mentee_name + " and " + row.pair.mentor_name + ": " +
                        (s == calendar::HealthStatus::kStalled ? "stalled" : "at risk") + ", " +
                        std::to_string(row.health.days_without_meeting) + " days without meeting\n";
        ++section.items;
      }
      store::Transaction tx = db.Begin(false);
      std::set<std::string> addresses;
      for (const Enrollment& e : store::EnrollmentRepository(tx).List(p.id)) {
        if (e.status == EnrollmentStatus::kInvited) {
          section.text += "- " + e.name + " has not answered the invitation yet\n";
          ++section.items;
        } else if (e.status == EnrollmentStatus::kApplied) {
          section.text += "- " + e.name + " applied as " + std::string(RoleName(e.role)) +
                          " and waits for your answer\n";
          ++section.items;
        }
        if (!e.email.empty()) addresses.insert(ToLower(e.email));
      }
      tx.Commit();
      for (const store::OutboxEntry& m : failed) {
        if (!addresses.count(ToLower(m.to_address))) continue;
        section.text += "- the message \"" + m.subject + "\" to " + m.to_address +
                        " failed: " + m.last_error + "\n";
        ++section.items;
      }
    }
  }
  int written = 0;
  for (const Due& d : due) {
    std::string body;
    int items = 0;
    for (const Program& p : d.programs) {
      const Section& section = sections.at(p.id);
      if (section.text.empty()) continue;
      body += "\n" + p.name + " (" + PublicBaseUrl() + "/programs/" + std::to_string(p.id) +
              "/pairs)\n" + section.text;
      items += section.items;
    }
    store::Transaction tx = db.Begin();
    const auto user = store::UserRepository(tx).Find(d.user_id);
    if (!user || user->disabled ||
        !store::NotificationRepository(tx).MarkDigestSent(d.user_id, "coordinator_weekly",
                                                          d.period)) {
      tx.Commit();
      continue;
    }
    notify::Message m;
    m.subject = items == 0 ? "Your week in Tandem: nothing needs you"
                           : "Your week in Tandem: " + std::to_string(items) +
                                 (items == 1 ? " thing needs" : " things need") + " you";
    m.body =
        "Hello " + user->name + ",\n" +
        (items == 0 ? "\nNo pair is at risk or stalled, and nobody waits for an answer.\n" : body) +
        "\nThis digest comes every Monday at 08:00 in your time zone.\n";
    Notify(tx, {d.user_id, user->email}, "coordinator_digest", m);
    tx.Commit();
    ++written;
  }
  return written;
}

}  // namespace tandem::service
