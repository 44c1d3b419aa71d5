// tandem meetings export --program NAME_OR_ID [--out FILE.csv]
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "service/meetings.h"
#include "service/programs.h"

namespace tandem::cli {

void AddMeetingsCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("meetings", "A program's meetings");
  cmd->require_subcommand(1);
  struct Args {
    std::string program;
    std::string out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* exporter = cmd->add_subcommand(
      "export",
      "Write every meeting of the program as CSV: pair, time (UTC), status, answers, and what "
      "the logs say (held, reasons, minutes, topics; no notes). See docs/meetings.md");
  exporter->add_option("--program", args->program, "Program name or id")->required();
  exporter->add_option("--out", args->out, "Output file (default: standard output)");
  exporter->callback([&options, args] {
    auto db = OpenDatabase(options);
    const Program program = service::FindProgram(*db, args->program);
    if (args->out.empty()) {
      service::ExportMeetings(*db, service::Actor::CommandLine(), program.id, std::cout);
      return;
    }
    // Write beside the target and rename, so a failure never leaves half a file.
    const std::string tmp = args->out + ".tmp";
    int rows = 0;
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw InvalidArgument("cannot write " + args->out, "out");
      rows = service::ExportMeetings(*db, service::Actor::CommandLine(), program.id, out);
      out.close();
      if (!out) throw InvalidArgument("cannot write " + args->out, "out");
    }
    std::filesystem::rename(tmp, args->out);
    std::cerr << "Wrote " << rows << " meetings to " << args->out << "\n";
  });
}

}  // namespace tandem::cli
