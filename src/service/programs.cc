#include "service/programs.h"

#include <charconv>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "service/authorization.h"
#include "service/vocabulary.h"
#include "store/audit_log.h"
#include "store/membership.h"
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

// The program, when the actor is a member of it (or an admin).
Program RequireMember(store::Transaction& tx, const Actor& actor, std::int64_t program_id) {
  Program program = RequireProgram(tx, program_id);
  if (!AccessTo(tx, actor, program_id).member()) {
    throw Error(ErrorCode::kPermissionDenied, "you are not a member of this program");
  }
  return program;
}

void Audit(store::Transaction& tx, const Actor& actor, const char* action, const Program& before,
           const Program& after) {
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = action,
                              .entity = "program",
                              .entity_id = after.id,
                              .program_id = after.id,
                              .before_json = store::ProgramJson(before),
                              .after_json = store::ProgramJson(after)});
}

}  // namespace

Program CreateProgram(store::Database& db, const Actor& actor, Program program,
                      const std::string& vocabulary_from) {
  RequireAdmin(actor, "create programs");
  // A program may start in any open status (e.g. active, to bring in one
  // already running); a closed one could never be used.
  if (program.status == ProgramStatus::kClosed) {
    throw InvalidArgument("a new program cannot be closed", "status");
  }
  program.name = Trim(program.name);  // " Fellows " and "Fellows" are one name
  program.field = Trim(program.field);
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
  if (!vocabulary_from.empty()) {
    StartVocabularyIn(tx, actor, stored.id, vocabulary_from, "vocabulary_from");
  }
  tx.Commit();
  return stored;
}

std::vector<Program> ListPrograms(store::Database& db, const Actor& actor) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin(false);
  std::vector<Program> out = store::ProgramRepository(tx).List();
  if (!actor.is_admin) {
    std::set<std::int64_t> mine;
    if (actor.user_id) {
      for (const store::Membership& m : store::ActiveMemberships(tx, *actor.user_id)) {
        mine.insert(m.program_id);
      }
    }
    std::erase_if(out, [&](const Program& p) { return mine.count(p.id) == 0; });
  }
  tx.Commit();
  return out;
}

Program FindProgram(store::Database& db, const std::string& name_or_id) {
  store::Transaction tx = db.Begin(false);
  Program p = FindIn(tx, name_or_id);
  tx.Commit();
  return p;
}

Program RequireProgram(store::Transaction& tx, std::int64_t program_id, store::RowLock lock) {
  auto program = store::ProgramRepository(tx).Find(program_id, lock);
  if (!program) throw NotFound("program " + std::to_string(program_id) + " does not exist");
  return *program;
}

void RequireOpen(const Program& program) {
  if (program.status == ProgramStatus::kClosed) {
    throw FailedPrecondition("program \"" + program.name + "\" is closed");
  }
}

Program GetProgram(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  Program p = RequireMember(tx, actor, program_id);
  tx.Commit();
  return p;
}

Program UpdateProgram(store::Database& db, const Actor& actor, std::int64_t program_id,
                      const ProgramPatch& patch) {
  store::Transaction tx = db.Begin();
  const Program before = RequireProgram(tx, program_id, store::RowLock::kForUpdate);
  RequireCoordinator(AccessTo(tx, actor, program_id), "change the program");
  if (before.status == ProgramStatus::kClosed) {
    throw FailedPrecondition("program \"" + before.name + "\" is closed and cannot be changed");
  }
  Program p = before;
  if (patch.name) p.name = Trim(*patch.name);
  if (patch.field) p.field = Trim(*patch.field);
  if (patch.objectives) p.objectives = *patch.objectives;
  if (patch.starts_on) p.starts_on = *patch.starts_on;
  if (patch.ends_on) p.ends_on = *patch.ends_on;
  if (patch.cadence_days) p.cadence_days = *patch.cadence_days;
  if (patch.meeting_mode) p.meeting_mode = *patch.meeting_mode;
  if (patch.cross_institution) p.cross_institution = *patch.cross_institution;
  if (patch.weights) p.weights = patch.weights->AppliedTo(p.weights);
  if (patch.max_time_zone_difference_hours) {
    p.max_time_zone_difference_hours = *patch.max_time_zone_difference_hours;
  }
  if (patch.min_score) p.min_score = *patch.min_score;
  if (patch.health_due_days) p.health_due_days = *patch.health_due_days;
  if (patch.health_at_risk_days) p.health_at_risk_days = *patch.health_at_risk_days;
  if (patch.health_stalled_days) p.health_stalled_days = *patch.health_stalled_days;
  ValidateProgram(p);
  store::ProgramRepository programs(tx);
  if (p.name != before.name) {
    if (auto other = programs.FindByName(p.name); other && other->id != p.id) {
      throw Error(ErrorCode::kConflict, "a program named \"" + p.name + "\" already exists",
                  "name");
    }
  }
  if (store::ProgramJson(p) == store::ProgramJson(before)) {  // nothing changes: nothing to record
    tx.Commit();
    return before;
  }
  programs.Update(p);
  const Program after = *programs.Find(p.id);
  Audit(tx, actor, "program.update", before, after);
  tx.Commit();
  return after;
}

Program TransitionProgram(store::Database& db, const Actor& actor, std::int64_t program_id,
                          ProgramStatus to) {
  store::Transaction tx = db.Begin();
  const Program before = RequireProgram(tx, program_id, store::RowLock::kForUpdate);
  RequireCoordinator(AccessTo(tx, actor, program_id), "change the program's status");
  if (!CanTransition(before.status, to)) {
    throw Error(ErrorCode::kFailedPrecondition,
                "a program cannot move from " + std::string(ProgramStatusName(before.status)) +
                    " to " + std::string(ProgramStatusName(to)),
                "status");
  }
  Program p = before;
  p.status = to;
  store::ProgramRepository programs(tx);
  programs.Update(p);
  const Program after = *programs.Find(p.id);
  Audit(tx, actor, "program.transition", before, after);
  tx.Commit();
  return after;
}

}  // namespace tandem::service
