// Use cases on programs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/program.h"
#include "core/taxonomy.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// Validates and creates a program (status draft unless set), writing the audit
// log. Only admins create programs. Returns the stored program. Throws
// tandem::Error: kInvalidArgument naming the field, kConflict when the name is
// taken, kPermissionDenied. `vocabulary_from`, when given, starts the
// program's own vocabulary in the same transaction ("template:<code>",
// "program:<id>", "empty": StartVocabularyIn; errors name
// "vocabulary_from"); otherwise the program uses the built-in one.
Program CreateProgram(store::Database& db, const Actor& actor, Program program,
                      const std::string& vocabulary_from = "");

// The programs the actor may see, newest first: every program for an admin
// (and the command line); otherwise those where the actor has an active
// enrollment in any role. kUnauthenticated for an anonymous actor.
std::vector<Program> ListPrograms(store::Database& db, const Actor& actor);

// The program whose id or exact name is `name_or_id`. Throws kNotFound. For
// the command line (no authorization).
Program FindProgram(store::Database& db, const std::string& name_or_id);

// One program, for anyone with an active enrollment in it (or an admin).
// Throws kNotFound, kPermissionDenied.
Program GetProgram(store::Database& db, const Actor& actor, std::int64_t program_id);

// A change to some of a program's fields; unset fields stay as they are.
// Status changes go through TransitionProgram.
struct ProgramPatch {
  std::optional<std::string> name;
  std::optional<std::string> field;
  std::optional<std::string> objectives;
  std::optional<std::string> starts_on;  // "" clears
  std::optional<std::string> ends_on;
  std::optional<int> cadence_days;
  std::optional<MeetingMode> meeting_mode;
  std::optional<bool> cross_institution;
  std::optional<WeightChanges> weights;  // applied to the stored weights
  // Outer optional: whether to change; inner: the new value or none.
  std::optional<std::optional<double>> max_time_zone_difference_hours;
  std::optional<std::optional<double>> min_score;
  std::optional<std::optional<int>> health_due_days;
  std::optional<std::optional<int>> health_at_risk_days;
  std::optional<std::optional<int>> health_stalled_days;
};

// Applies `patch` (coordinator or admin), validates the result
// (ValidateProgram), audits before/after. Throws kInvalidArgument naming the
// field, kConflict for a taken name, kFailedPrecondition for a closed program,
// kPermissionDenied, kNotFound.
Program UpdateProgram(store::Database& db, const Actor& actor, std::int64_t program_id,
                      const ProgramPatch& patch);

// Moves the program to `to` along CanTransition (coordinator or admin).
// Throws kFailedPrecondition naming both states when not allowed.
Program TransitionProgram(store::Database& db, const Actor& actor, std::int64_t program_id,
                          ProgramStatus to);

// For other use cases, inside their transaction: the program, or kNotFound.
// `lock` (store::RowLock) when the program is read in order to change it.
Program RequireProgram(store::Transaction& tx, std::int64_t program_id,
                       store::RowLock lock = store::RowLock::kNone);

// Throws kFailedPrecondition ("program \"N\" is closed") for a closed
// program: nothing in it changes any more but its pairs' endings.
void RequireOpen(const Program& program);

}  // namespace tandem::service
