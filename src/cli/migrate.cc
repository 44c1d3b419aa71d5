// tandem migrate: create or upgrade the database schema.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace tandem::cli {

std::unique_ptr<store::Database> OpenDatabase(const GlobalOptions& options) {
  auto db = store::Database::Open(options.db);
  db->Migrate();
  return db;
}

void AddMigrateCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "migrate", "Create the database if needed and apply every pending schema migration");
  cmd->callback([&options] {
    auto db = store::Database::Open(options.db);
    const auto applied = db->Migrate();
    if (applied.empty()) {
      std::cout << "Database is up to date (" << db->AppliedMigrations().size()
                << " migrations applied).\n";
    }
    for (const auto& m : applied) std::cout << "Applied " << m.name << "\n";
  });
}

}  // namespace tandem::cli
