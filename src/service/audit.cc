#include "service/audit.h"

#include <map>

#include "core/error.h"
#include "service/authorization.h"
#include "service/programs.h"
#include "store/enrollment_repository.h"
#include "store/institution_repository.h"
#include "store/pair_repository.h"
#include "store/program_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

// Looks names up once per id while a page is put into words.
class Names {
 public:
  explicit Names(store::Transaction& tx) : tx_(tx) {}

  const std::optional<User>& UserOf(std::int64_t id) {
    auto it = users_.find(id);
    if (it == users_.end()) it = users_.emplace(id, store::UserRepository(tx_).Find(id)).first;
    return it->second;
  }

  std::string Program(std::int64_t id) {
    return Cached(programs_, id, [&] {
      auto p = store::ProgramRepository(tx_).Find(id);
      return p ? p->name : std::string();
    });
  }

  std::string Entity(const std::string& entity, std::int64_t id) {
    return Cached(entities_[entity], id, [&]() -> std::string {
      if (entity == "user") {
        const auto& u = UserOf(id);
        return u ? u->name : std::string();
      }
      if (entity == "enrollment") {
        auto e = store::EnrollmentRepository(tx_).Find(id);
        return e ? e->name + " (" + std::string(RoleName(e->role)) + ")" : std::string();
      }
      if (entity == "pair") {
        auto p = store::PairRepository(tx_).Find(id);
        return p ? p->mentee_name + " and " + p->mentor_name : std::string();
      }
      if (entity == "program") return Program(id);
      if (entity == "institution") {
        auto i = store::InstitutionRepository(tx_).Find(id);
        return i ? i->name : std::string();
      }
      if (entity == "matching_run") return "run " + std::to_string(id);
      return std::string();
    });
  }

 private:
  template <typename F>
  static std::string Cached(std::map<std::int64_t, std::string>& cache, std::int64_t id, F load) {
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, load()).first;
    return it->second;
  }

  store::Transaction& tx_;
  std::map<std::int64_t, std::optional<User>> users_;
  std::map<std::int64_t, std::string> programs_;
  std::map<std::string, std::map<std::int64_t, std::string>> entities_;
};

}  // namespace

std::vector<AuditRecord> ListAudit(store::Database& db, const Actor& actor,
                                   std::optional<std::int64_t> program_id,
                                   store::AuditFilter filter) {
  store::Transaction tx = db.Begin(false);
  if (program_id) {
    RequireProgram(tx, *program_id);
    RequireCoordinator(AccessTo(tx, actor, *program_id), "read the audit log");
  } else {
    RequireAdmin(actor, "read the audit log of every program");
  }
  if (filter.limit < 1 || filter.limit > 500) {
    throw InvalidArgument("limit must be between 1 and 500", "limit");
  }
  filter.program_id = program_id;
  Names names(tx);
  std::vector<AuditRecord> out;
  for (store::AuditEntry& e : store::AuditLog(tx).List(filter)) {
    AuditRecord r;
    static_cast<store::AuditEntry&>(r) = std::move(e);
    if (r.actor_user_id) {
      if (const auto& u = names.UserOf(*r.actor_user_id)) {
        r.actor_name = u->name;
        if (actor.is_admin) r.actor_email = u->email;
      }
    }
    if (r.entity_id) r.entity_name = names.Entity(r.entity, *r.entity_id);
    if (r.program_id) r.program_name = names.Program(*r.program_id);
    out.push_back(std::move(r));
  }
  tx.Commit();
  return out;
}

std::optional<std::int64_t> NextAuditBefore(const std::vector<AuditRecord>& entries, int limit) {
  if (entries.empty() || static_cast<int>(entries.size()) < limit) return std::nullopt;
  return entries.back().id;
}

}  // namespace tandem::service
