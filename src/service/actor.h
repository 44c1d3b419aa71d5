// Who is asking: every service function takes an Actor, checks what it may do
// (service/authorization.h), and names it in the audit log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tandem::service {

struct Actor {
  std::optional<std::int64_t> user_id;  // none for the command line, the system, anonymous
  std::string label;                    // "cli", "system", "user:42", "anonymous"
  bool is_admin = false;

  // The command line, run by whoever may open the database: acts as an admin.
  static Actor CommandLine() { return {std::nullopt, "cli", true}; }
  // Background work (jobs) acting on a request made earlier.
  static Actor System() { return {std::nullopt, "system", true}; }
  // A visitor who has not signed in.
  static Actor Anonymous() { return {std::nullopt, "anonymous", false}; }
  // A signed-in user.
  static Actor User(std::int64_t id, bool admin) {
    return {id, "user:" + std::to_string(id), admin};
  }
  bool signed_in() const { return user_id.has_value() || is_admin; }
};

}  // namespace tandem::service
