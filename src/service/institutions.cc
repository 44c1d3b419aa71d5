#include "service/institutions.h"

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "service/authorization.h"
#include "store/audit_log.h"
#include "store/institution_repository.h"
#include "store/membership.h"

namespace tandem::service {

std::vector<Institution> ListInstitutions(store::Database& db, const Actor& actor) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin(false);
  // The list tells where people work or are treated: for those who run
  // programs, not for every participant.
  bool coordinates = actor.is_admin || !actor.user_id;
  if (!coordinates) {
    for (const store::Membership& m : store::ActiveMemberships(tx, *actor.user_id)) {
      coordinates = coordinates || m.role == Role::kCoordinator;
    }
  }
  if (!coordinates) {
    throw Error(ErrorCode::kPermissionDenied,
                "only coordinators and admins see the list of institutions");
  }
  std::vector<Institution> out;
  for (store::InstitutionRecord& r : store::InstitutionRepository(tx).List()) {
    out.push_back({r.id, std::move(r.name), std::move(r.created_at)});
  }
  tx.Commit();
  return out;
}

Institution CreateInstitution(store::Database& db, const Actor& actor, const std::string& name) {
  RequireAdmin(actor, "add institutions");
  const std::string n(Trim(name));
  if (n.empty()) throw InvalidArgument("a name is required", "name");
  CheckText(n, "name", 200);
  store::Transaction tx = db.Begin();
  store::InstitutionRepository institutions(tx);
  if (institutions.FindByName(n)) {
    throw Error(ErrorCode::kConflict, "an institution named \"" + n + "\" already exists", "name");
  }
  const std::int64_t id = institutions.Insert(n);
  const store::InstitutionRecord stored = *institutions.Find(id);
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = "institution.create",
                              .entity = "institution",
                              .entity_id = id,
                              .after_json = nlohmann::json{{"id", id}, {"name", n}}.dump()});
  tx.Commit();
  return {stored.id, stored.name, stored.created_at};
}

}  // namespace tandem::service
