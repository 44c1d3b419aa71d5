#include "service/programs.h"

#include <charconv>

#include "core/error.h"
#include "store/audit_log.h"
#include "store/program_repository.h"

namespace tandem::service {
namespace {

Program FindIn(store::Transaction& tx, const std::string& name_or_id) {
  store::ProgramRepository programs(tx);
  std::int64_t id = 0;
  const char* end = name_or_id.data() + name_or_id.size();
  auto [ptr, ec] = std::from_chars(name_or_id.data(), end, id);
  if (ec == std::errc() && ptr == end) {
    if (auto p = programs.Find(id)) return *p;
  }
  if (auto p = programs.FindByName(name_or_id)) return *p;
  throw NotFound("no program named or numbered \"" + name_or_id + "\" (see `tandem program list`)");
}

}  // namespace

Program CreateProgram(store::Database& db, const Actor& actor, Program program) {
  if (!actor.is_admin) {
    throw Error(ErrorCode::kPermissionDenied, "only an administrator can create programs");
  }
  ValidateProgram(program);
  store::Transaction tx = db.Begin();
  store::ProgramRepository programs(tx);
  if (programs.FindByName(program.name)) {
    throw Error(ErrorCode::kConflict, "a program named \"" + program.name + "\" already exists",
                "name");
  }
  program.id = programs.Insert(program);
  Program stored = *programs.Find(program.id);
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = "program.create",
                              .entity = "program",
                              .entity_id = stored.id,
                              .program_id = stored.id,
                              .after_json = store::ProgramJson(stored)});
  tx.Commit();
  return stored;
}

std::vector<Program> ListPrograms(store::Database& db, const Actor&) {
  store::Transaction tx = db.Begin(false);
  std::vector<Program> out = store::ProgramRepository(tx).List();
  tx.Commit();
  return out;
}

Program FindProgram(store::Database& db, const std::string& name_or_id) {
  store::Transaction tx = db.Begin(false);
  Program p = FindIn(tx, name_or_id);
  tx.Commit();
  return p;
}

}  // namespace tandem::service
