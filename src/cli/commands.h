// The `tandem` command line: each subcommand lives in its own file and adds
// itself to the application here. Only src/cli/ includes CLI11.
#pragma once

#include <memory>
#include <string>

#include "notify/smtp.h"
#include "store/database.h"

namespace CLI {
class App;
}

namespace tandem::stats {
struct AssociationReport;
}  // namespace tandem::stats

namespace tandem::cli {

// Options shared by every subcommand.
struct GlobalOptions {
  // Database URL: "sqlite:PATH" or "postgresql://...". Default from TANDEM_DB,
  // else "sqlite:var/tandem.db".
  std::string db;
};

// Opens the database named by `options` and applies pending migrations (so
// every command works on a fresh database). Throws tandem::Error.
std::unique_ptr<store::Database> OpenDatabase(const GlobalOptions& options);

void AddMigrateCommand(CLI::App& app, GlobalOptions& options);
void AddProgramCommand(CLI::App& app, GlobalOptions& options);
void AddImportCommand(CLI::App& app, GlobalOptions& options);
void AddExportCommand(CLI::App& app, GlobalOptions& options);
void AddDemoCommand(CLI::App& app, GlobalOptions& options);
void AddMatchCommand(CLI::App& app, GlobalOptions& options);
void AddStatsCommand(CLI::App& app, GlobalOptions& options);
void AddUserCommand(CLI::App& app, GlobalOptions& options);
void AddServeCommand(CLI::App& app, GlobalOptions& options);
void AddJobsCommand(CLI::App& app, GlobalOptions& options);
void AddMeetingsCommand(CLI::App& app, GlobalOptions& options);
void AddMailCommand(CLI::App& app, GlobalOptions& options);
void AddEvaluateCommand(CLI::App& app, GlobalOptions& options);
void AddReportCommand(CLI::App& app, GlobalOptions& options);
void AddPeerCommand(CLI::App& app, GlobalOptions& options);

// Prints an association analysis as a table, or as JSON (stats.cc).
void PrintAssociation(const stats::AssociationReport& report, bool as_json);

// The e-mail settings of `tandem serve` and `tandem mail test` (mail.cc).
struct MailArgs {
  std::string url, user, password_file, ca_file, from, reply_to;
  bool insecure = false;
};
void AddMailOptions(CLI::App* cmd, MailArgs& args);
// The settings, with the password read from its file or TANDEM_SMTP_PASSWORD.
// No URL: delivery off (an empty SmtpSettings). Throws tandem::Error
// (kInvalidArgument) naming the option for anything incomplete.
notify::SmtpSettings MailSettings(const MailArgs& args);

}  // namespace tandem::cli
