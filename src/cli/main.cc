// tandem: the command-line entry point. Each subcommand lives in its own file.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Tandem runs mentorship programs in cancer care: enrollment, matching, "
      "meetings and evaluation."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tandem 0.1.0");

  tandem::cli::GlobalOptions options;
  const char* env_db = std::getenv("TANDEM_DB");
  options.db = env_db != nullptr && *env_db != '\0' ? env_db : "sqlite:var/tandem.db";
  app.add_option("--db", options.db,
                 "Database: sqlite:PATH or postgresql://USER@HOST:PORT/DB (env TANDEM_DB)")
      ->capture_default_str();

  tandem::cli::AddMigrateCommand(app, options);
  tandem::cli::AddProgramCommand(app, options);
  tandem::cli::AddImportCommand(app, options);
  tandem::cli::AddExportCommand(app, options);
  tandem::cli::AddDemoCommand(app, options);
  tandem::cli::AddMatchCommand(app, options);
  tandem::cli::AddStatsCommand(app, options);
  tandem::cli::AddUserCommand(app, options);
  tandem::cli::AddServeCommand(app, options);
  tandem::cli::AddJobsCommand(app, options);
  tandem::cli::AddMeetingsCommand(app, options);
  tandem::cli::AddMailCommand(app, options);
  tandem::cli::AddEvaluateCommand(app, options);
  tandem::cli::AddReportCommand(app, options);
  tandem::cli::AddPeerCommand(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const tandem::Error& e) {
    std::cerr << "tandem: " << e.message() << "\n";
    return 1;
  }
  return 0;
}
