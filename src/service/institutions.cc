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
namespace {

std::string CleanName(const std::string& name) {
  std::string n(Trim(name));
  if (n.empty()) throw InvalidArgument("a name is required", "name");
  CheckText(n, "name", 200);
  return n;
}

nlohmann::json InstitutionJson(const store::InstitutionRecord& r) {
  return {{"id", r.id}, {"name", r.name}};
}

// Appends an institution's audit entry (no program); `before` may be null.
void Audit(store::Transaction& tx, const Actor& actor, const char* action, std::int64_t id,
           const nlohmann::json& before, const nlohmann::json& after) {
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = action,
                              .entity = "institution",
                              .entity_id = id,
                              .before_json = before.is_null() ? "" : before.dump(),
                              .after_json = after.dump()});
}

}  // namespace

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
    out.push_back({r.id, std::move(r.name), std::move(r.created_at), r.people});
  }
  tx.Commit();
  return out;
}

Institution CreateInstitution(store::Database& db, const Actor& actor, const std::string& name) {
  RequireAdmin(actor, "add institutions");
  const std::string n = CleanName(name);
  store::Transaction tx = db.Begin();
  store::InstitutionRepository institutions(tx);
  if (institutions.FindByName(n)) {
    throw Error(ErrorCode::kConflict, "an institution named \"" + n + "\" already exists", "name");
  }
  const std::int64_t id = institutions.Insert(n);
  const store::InstitutionRecord stored = *institutions.Find(id);
  Audit(tx, actor, "institution.create", id, nullptr, InstitutionJson(stored));
  tx.Commit();
  return {stored.id, stored.name, stored.created_at};
}

Institution RenameInstitution(store::Database& db, const Actor& actor, std::int64_t id,
                              const std::string& name) {
  RequireAdmin(actor, "rename institutions");
  const std::string n = CleanName(name);
  store::Transaction tx = db.Begin();
  store::InstitutionRepository institutions(tx);
  const auto before = institutions.Find(id);
  if (!before) throw NotFound("institution " + std::to_string(id) + " does not exist");
  if (before->name == n) return {before->id, before->name, before->created_at};
  if (institutions.FindByName(n)) {
    throw Error(ErrorCode::kConflict,
                "another institution is already named \"" + n +
                    "\"; if they are the same place, merge them instead",
                "name");
  }
  institutions.Rename(id, n);
  const store::InstitutionRecord after = *institutions.Find(id);
  Audit(tx, actor, "institution.rename", id, InstitutionJson(*before), InstitutionJson(after));
  tx.Commit();
  return {after.id, after.name, after.created_at};
}

InstitutionMerge MergeInstitutions(store::Database& db, const Actor& actor, std::int64_t from,
                                   std::int64_t into) {
  RequireAdmin(actor, "merge institutions");
  if (from == into) throw InvalidArgument("an institution cannot be merged into itself", "into");
  store::Transaction tx = db.Begin();
  store::InstitutionRepository institutions(tx);
  const auto gone = institutions.Find(from);
  if (!gone) throw NotFound("institution " + std::to_string(from) + " does not exist");
  const auto kept = institutions.Find(into);
  if (!kept) {
    throw Error(ErrorCode::kNotFound, "institution " + std::to_string(into) + " does not exist",
                "into");
  }
  InstitutionMerge out;
  out.moved = institutions.MoveProfiles(from, into);
  institutions.Delete(from);
  nlohmann::json after = InstitutionJson(*kept);
  after["merged"] = gone->name;
  after["people_moved"] = out.moved;
  Audit(tx, actor, "institution.merge", into, InstitutionJson(*gone), after);
  tx.Commit();
  out.into = {kept->id, kept->name, kept->created_at};
  return out;
}

}  // namespace tandem::service
