// Deployment-wide routes: users, the outbox, institutions, and the audit log
// (of one program or of everything).
#include <limits>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/institutions.h"
#include "service/jobs.h"
#include "service/mail.h"
#include "service/pairs.h"

namespace tandem::api {
namespace {

// GET .../audit?entity=&action=&before=&limit= for one program or all.
http::Response Audit(Call& call, std::optional<std::int64_t> program_id) {
  store::AuditFilter filter;
  filter.entity = call.Query("entity").value_or("");
  filter.action = call.Query("action").value_or("");
  filter.before_id = call.QueryInt("before", 1, std::numeric_limits<std::int64_t>::max());
  filter.limit = static_cast<int>(call.QueryInt("limit", 1, 500).value_or(50));
  std::vector<service::AuditRecord> entries =
      service::ListAudit(call.db, call.actor, program_id, filter);
  Json list = Json::array();
  for (const auto& e : entries) list.push_back(Encode(e));
  // A full page may have more behind it: pass next_before as ?before=.
  Json next = nullptr;
  if (auto before = service::NextAuditBefore(entries, filter.limit)) next = *before;
  return http::Response::Json(Dump({{"entries", list}, {"next_before", next}}));
}

}  // namespace

void AddAdminRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/jobs", [](Call& call) {
    store::JobFilter filter;
    if (auto status = call.Query("status")) {
      filter.status = store::ParseJobStatus(*status);
      if (!filter.status) {
        throw InvalidArgument("status must be queued, running, done or failed", "status");
      }
    }
    filter.kind = call.Query("kind").value_or("");
    filter.limit = static_cast<int>(call.QueryInt("limit", 1, 1000).value_or(100));
    Json jobs = Json::array();
    for (const store::Job& j : service::ListJobs(call.db, call.actor, filter)) {
      jobs.push_back(Encode(j));
    }
    return http::Response::Json(Dump({{"jobs", jobs}}));
  });

  if (routes.options().test_clock != nullptr) {
    routes.Add("POST", "/api/v1/test/clock", [](Call& call) {
      std::int64_t by = 0;
      DecodeObject(call.request.body, [&](ObjectReader& r) {
        by = r.Int("advance_seconds", 1, 400LL * 24 * 60 * 60);
      });
      const SysSeconds now =
          service::AdvanceTestClock(call.actor, *call.options.test_clock, std::chrono::seconds(by));
      if (call.options.job_queued) call.options.job_queued();  // plan what is now due
      return http::Response::Json(Dump({{"now", FormatUtc(now)}}));
    });
  }

  routes.Add("GET", "/api/v1/users", [](Call& call) {
    Json users = Json::array();
    const std::string search = call.Query("q").value_or("");
    if (search.size() > 200) throw InvalidArgument("the search is longer than 200 characters", "q");
    for (const User& u : service::ListUsers(call.db, call.actor, search)) {
      users.push_back(Encode(u));
    }
    return http::Response::Json(Dump({{"users", users}}));
  });

  routes.Add("POST", "/api/v1/users", [](Call& call) {
    service::NewUser user;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      user.email = r.String("email");
      user.name = r.String("name");
      user.password = r.String("password");
      user.is_admin = r.OptionalBool("is_admin").value_or(false);
    });
    return http::Response::Json(Dump(Encode(service::CreateUser(call.db, call.actor, user))), 201);
  });

  routes.Add("PATCH", "/api/v1/users/{id}", [](Call& call) {
    service::UserChange change;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      change.disabled = r.OptionalBool("disabled");
      change.is_admin = r.OptionalBool("is_admin");
    });
    return http::Response::Json(
        Dump(Encode(service::UpdateUser(call.db, call.actor, call.Id(), change))));
  });

  routes.Add("DELETE", "/api/v1/users/{id}/sessions", [](Call& call) {
    RequireEmptyBody(call.request.body);
    const int ended = service::SignOutUserEverywhere(call.db, call.actor, call.Id());
    return http::Response::Json(Dump({{"sessions_ended", ended}}));
  });

  routes.Add("GET", "/api/v1/outbox", [](Call& call) {
    auto limit = call.QueryInt("limit", 1, 1000).value_or(100);
    Json messages = Json::array();
    for (const auto& m : service::ListOutbox(call.db, call.actor, static_cast<int>(limit))) {
      messages.push_back(Encode(m));
    }
    return http::Response::Json(
        Dump({{"messages", messages}, {"delivery", call.options.mail_delivery ? "smtp" : "off"}}));
  });

  routes.Add("POST", "/api/v1/outbox/{id}/resend", [](Call& call) {
    const std::int64_t id = call.Id();
    RequireEmptyBody(call.request.body);
    service::ResendOutboxMessage(call.db, call.actor, id);
    if (call.options.job_queued) call.options.job_queued();
    return http::Response::NoContent();
  });

  routes.Add("GET", "/api/v1/institutions", [](Call& call) {
    Json list = Json::array();
    for (const auto& i : service::ListInstitutions(call.db, call.actor)) list.push_back(Encode(i));
    return http::Response::Json(Dump({{"institutions", list}}));
  });

  routes.Add("POST", "/api/v1/institutions", [](Call& call) {
    std::string name;
    DecodeObject(call.request.body, [&](ObjectReader& r) { name = r.String("name"); });
    return http::Response::Json(Dump(Encode(service::CreateInstitution(call.db, call.actor, name))),
                                201);
  });

  routes.Add("PATCH", "/api/v1/institutions/{id}", [](Call& call) {
    std::string name;
    DecodeObject(call.request.body, [&](ObjectReader& r) { name = r.String("name"); });
    return http::Response::Json(
        Dump(Encode(service::RenameInstitution(call.db, call.actor, call.Id(), name))));
  });

  routes.Add("POST", "/api/v1/institutions/{id}/merge", [](Call& call) {
    std::int64_t into = 0;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      into = r.Int("into", 1, std::numeric_limits<std::int64_t>::max());
    });
    const service::InstitutionMerge merged =
        service::MergeInstitutions(call.db, call.actor, call.Id(), into);
    return http::Response::Json(
        Dump({{"institution", Encode(merged.into)}, {"moved", merged.moved}}));
  });

  routes.Add("GET", "/api/v1/programs/{id}/audit",
             [](Call& call) { return Audit(call, call.Id()); });
  routes.Add("GET", "/api/v1/audit", [](Call& call) { return Audit(call, std::nullopt); });
}

}  // namespace tandem::api
