// The audit log: an append-only record of every change, who made it and the
// entity before and after. Runs inside the caller's transaction, so a change
// and its audit record commit or roll back together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;                             // UTC; set by Append
  std::optional<std::int64_t> actor_user_id;  // none for the command line or the system
  std::string actor;                          // "cli", "system", or "user:42"
  std::string action;                         // "program.create", "participants.import", ...
  std::string entity;                         // "program", "enrollment", "pair", ...
  std::optional<std::int64_t> entity_id;
  std::optional<std::int64_t> program_id;
  std::string before_json;  // empty when not applicable
  std::string after_json;
};

struct AuditFilter {
  std::optional<std::int64_t> program_id;
  std::string entity;                     // empty: any
  std::string action;                     // empty: any
  std::optional<std::int64_t> before_id;  // page: entries with a smaller id
  int limit = 50;                         // 1..500
};

class AuditLog {
 public:
  explicit AuditLog(Transaction& tx) : tx_(tx) {}

  // Appends `entry` (id and at are assigned) and returns its id.
  std::int64_t Append(const AuditEntry& entry);
  // Entries matching `filter`, newest first.
  std::vector<AuditEntry> List(const AuditFilter& filter);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
