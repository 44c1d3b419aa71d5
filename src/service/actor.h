// Who is asking: every service function takes an Actor, checks what it may do,
// and names it in the audit log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tandem::service {

struct Actor {
  std::optional<std::int64_t> user_id;  // none for the command line and the system
  std::string label;                    // "cli", "system", "user:42"
  bool is_admin = false;

  // The command line, run by whoever may open the database: acts as an admin.
  static Actor CommandLine() { return {std::nullopt, "cli", true}; }
};

}  // namespace tandem::service
