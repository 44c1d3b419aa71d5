// tandem export participants --program NAME_OR_ID [--out FILE.csv]
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "service/participants.h"
#include "service/programs.h"

namespace tandem::cli {

void AddExportCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("export", "Export data from a program");
  cmd->require_subcommand(1);
  struct Args {
    std::string program;
    std::string out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* participants = cmd->add_subcommand(
      "participants", "Write the program's participants as a CSV that `tandem import` reads back");
  participants->add_option("--program", args->program, "Program name or id")->required();
  participants->add_option("--out", args->out, "Output file (default: standard output)");
  participants->callback([&options, args] {
    auto db = OpenDatabase(options);
    const Program program = service::FindProgram(*db, args->program);
    if (args->out.empty()) {
      service::ExportParticipants(*db, service::Actor::CommandLine(), program.id, std::cout);
      return;
    }
    // Write beside the target and rename, so a failure never leaves half a file.
    const std::string tmp = args->out + ".tmp";
    int rows = 0;
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw InvalidArgument("cannot write " + args->out, "out");
      rows = service::ExportParticipants(*db, service::Actor::CommandLine(), program.id, out);
      out.close();
      if (!out) throw InvalidArgument("cannot write " + args->out, "out");
    }
    std::filesystem::rename(tmp, args->out);
    std::cerr << "Wrote " << rows << " participants to " << args->out << "\n";
  });
}

}  // namespace tandem::cli
