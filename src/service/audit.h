// Reading the audit log: entries of one program (its coordinators) or of
// every program (admins), with the people and things they name put into
// words, so that a reader sees "Nadia Vasquez" rather than "user:431".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/actor.h"
#include "store/audit_log.h"
#include "store/database.h"

namespace tandem::service {

// An audit entry with names resolved when it was read.
struct AuditRecord : store::AuditEntry {
  std::string actor_name;   // the acting user's name; empty for cli, system, anonymous
  std::string actor_email;  // the acting user's e-mail, for admin readers only
  // What the entry is about, in words: a person's name and role, "Ana Diaz
  // and Ben Cole" for a pair, a program's or institution's name, "run 12";
  // empty when it no longer exists.
  std::string entity_name;
  std::string program_name;  // empty for entries outside a program
};

// The audit log of a program (coordinator) or, with no program, of
// everything (admin), newest first; `filter.program_id` is set from
// `program_id`. Pages: pass the previous page's NextAuditBefore as
// `filter.before_id`. kPermissionDenied otherwise, kInvalidArgument (field
// "limit") for a limit outside 1..500, kNotFound for an unknown program.
std::vector<AuditRecord> ListAudit(store::Database& db, const Actor& actor,
                                   std::optional<std::int64_t> program_id,
                                   store::AuditFilter filter);

// The `before` of the page after `entries`, a page asked for with `limit`:
// the last entry's id when the page is full (the next page may then be
// empty), nullopt when there is nothing more (the API's `next_before`).
std::optional<std::int64_t> NextAuditBefore(const std::vector<AuditRecord>& entries, int limit);

}  // namespace tandem::service
