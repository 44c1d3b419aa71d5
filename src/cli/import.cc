// tandem import participants FILE.csv --program NAME_OR_ID
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "service/participants.h"
#include "service/programs.h"

namespace tandem::cli {

void AddImportCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("import", "Import data into a program");
  cmd->require_subcommand(1);
  struct Args {
    std::string file;
    std::string program;
  };
  auto args = std::make_shared<Args>();
  CLI::App* participants = cmd->add_subcommand(
      "participants",
      "Import a participant CSV (docs/import.md). All or nothing: on any error nothing is "
      "written and every problem is listed by row and column.");
  participants->add_option("FILE", args->file, "Participant CSV file")->required();
  participants->add_option("--program", args->program, "Program name or id")->required();
  participants->callback([&options, args] {
    std::ifstream in(args->file, std::ios::binary);
    if (!in) throw InvalidArgument("cannot open " + args->file, "FILE");
    auto db = OpenDatabase(options);
    const Program program = service::FindProgram(*db, args->program);
    const service::ImportReport report =
        service::ImportParticipants(*db, service::Actor::CommandLine(), program.id, in);
    for (const InputProblem& w : report.warnings) {
      std::cerr << args->file << ": warning: " << FormatProblem(w) << "\n";
    }
    if (!report.ok()) {
      for (const InputProblem& e : report.errors) {
        std::cerr << args->file << ": error: " << FormatProblem(e) << "\n";
      }
      throw InvalidArgument(fmt::format("{} problem(s) in {}; nothing was imported",
                                        report.errors.size(), args->file));
    }
    std::cout << fmt::format("Imported {} participants into \"{}\": {} added, {} updated.\n",
                             report.rows, program.name, report.added, report.updated);
    if (report.invited > 0) {
      std::cout << fmt::format(
          "{} of them already have an account used elsewhere: they are invited (see the outbox) "
          "and join when they accept.\n",
          report.invited);
    }
    if (report.welcomed > 0) {
      std::cout << fmt::format(
          "{} new people with an e-mail address get an invitation to choose their password "
          "(sent by the server's background jobs; see the outbox).\n",
          report.welcomed);
    }
  });
}

}  // namespace tandem::cli
