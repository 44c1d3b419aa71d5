// Use cases on programs.
#pragma once

#include <string>
#include <vector>

#include "core/program.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// Validates and creates a program (status draft unless set), writing the audit
// log. Only admins create programs. Returns the stored program. Throws
// tandem::Error: kInvalidArgument naming the field, kConflict when the name is
// taken, kPermissionDenied.
Program CreateProgram(store::Database& db, const Actor& actor, Program program);

// Every program, newest first.
std::vector<Program> ListPrograms(store::Database& db, const Actor& actor);

// The program whose id or exact name is `name_or_id`. Throws kNotFound.
Program FindProgram(store::Database& db, const std::string& name_or_id);

}  // namespace tandem::service
