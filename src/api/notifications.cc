// The bell (a person's notifications), e-mail choices per category, and the
// one-click unsubscribe address of RFC 8058 (docs/email.md).
#include "service/notifications.h"

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "core/notification.h"

namespace tandem::api {
namespace {

Json EncodeList(const service::NotificationList& list) {
  Json items = Json::array();
  for (const store::Notification& n : list.notifications) items.push_back(Encode(n));
  return {{"notifications", std::move(items)}, {"unread", list.unread}};
}

Json Choices(const std::map<std::string, std::string>& choices, const service::DigestZone& zone) {
  Json out = Json::object();
  for (const auto& [category, choice] : choices) out[category] = choice;
  return {
      {"preferences", std::move(out)}, {"time_zone", zone.zone}, {"time_zone_chosen", zone.chosen}};
}

Json EncodeUnsubscribe(const service::UnsubscribeInfo& info) {
  return {{"category", info.category}, {"email", info.email}, {"choice", info.choice}};
}

}  // namespace

void AddNotificationRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/me/notifications", [](Call& call) {
    call.RequireSignedIn();
    const int limit = static_cast<int>(call.QueryInt("limit", 1, 100).value_or(20));
    http::Response r = http::Response::Json(
        Dump(EncodeList(service::ListNotifications(call.db, call.actor, limit))));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });
  routes.Add("POST", "/api/v1/me/notifications/read", [](Call& call) {
    call.RequireSignedIn();
    std::optional<std::int64_t> up_to;
    DecodeObject(
        call.request.body,
        [&](ObjectReader& r) {
          if (auto id = r.NullableInt("up_to_id", 1, INT64_MAX)) up_to = *id;
        },
        true);
    return http::Response::Json(
        Dump({{"unread", service::MarkNotificationsRead(call.db, call.actor, up_to)}}));
  });
  routes.Add("GET", "/api/v1/me/notification-preferences", [](Call& call) {
    call.RequireSignedIn();
    return http::Response::Json(
        Dump(Choices(service::GetNotificationPreferences(call.db, call.actor),
                     service::GetDigestZone(call.db, call.actor))));
  });
  routes.Add("PUT", "/api/v1/me/notification-preferences", [](Call& call) {
    call.RequireSignedIn();
    std::map<std::string, std::string> choices;
    std::optional<std::string> zone;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      r.Object("preferences", [&](ObjectReader& p) {
        for (std::string_view c : kNotificationCategories) {
          if (auto v = p.OptionalString(c)) choices[std::string(c)] = *v;
        }
      });
      zone = r.OptionalStringOrNull("time_zone");
    });
    // The zone first: a bad one changes nothing.
    const service::DigestZone z = zone ? service::SetDigestZone(call.db, call.actor, *zone)
                                       : service::GetDigestZone(call.db, call.actor);
    return http::Response::Json(
        Dump(Choices(service::SetNotificationPreferences(call.db, call.actor, choices), z)));
  });
  // No sign-in: the address itself is the permission, and it can only turn
  // one category of e-mail off.
  routes.Add("GET", "/api/v1/unsubscribe/{token}", [](Call& call) {
    return http::Response::Json(
        Dump(EncodeUnsubscribe(service::LookUpUnsubscribe(call.db, call.Param("token")))));
  });
  // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" as a form.
  routes.Add(
      "POST", "/api/v1/unsubscribe/{token}",
      [](Call& call) {
        return http::Response::Json(
            Dump(EncodeUnsubscribe(service::Unsubscribe(call.db, call.Param("token")))));
      },
      Csrf::kExempt, {}, Body::kAny);
}

}  // namespace tandem::api
