// tandem import participants FILE.csv --program NAME_OR_ID
// tandem import responses FILE.csv --program NAME_OR_ID (--survey ID_OR_TITLE | --create TITLE)
// [--wave ID]
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "service/participants.h"
#include "service/programs.h"
#include "service/surveys.h"

namespace tandem::cli {

void AddImportCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("import", "Import data into a program");
  cmd->require_subcommand(1);
  struct Args {
    std::string file;
    std::string program;
    std::string survey;
    std::string create;
    std::int64_t wave = 0;
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

  CLI::App* responses = cmd->add_subcommand(
      "responses",
      "Import survey responses collected elsewhere (REDCap, paper; docs/surveys.md): one row per "
      "respondent, an optional participant_id column, one column per item code. All or "
      "nothing, every problem listed by row and column.");
  responses->add_option("FILE", args->file, "Responses CSV file")->required();
  responses->add_option("--program", args->program, "Program name or id")->required();
  CLI::Option* survey =
      responses->add_option("--survey", args->survey, "The survey the rows answer: id or title");
  responses
      ->add_option("--create", args->create,
                   "Make a new survey with this title from the file's header instead (Likert "
                   "columns become 5-point items, the rest text)")
      ->excludes(survey);
  responses->add_option("--wave", args->wave, "The wave the rows belong to (id)");
  responses->callback([&options, args] {
    if (args->survey.empty() && args->create.empty()) {
      throw InvalidArgument("give --survey ID_OR_TITLE, or --create TITLE", "--survey");
    }
    std::ifstream in(args->file, std::ios::binary);
    if (!in) throw InvalidArgument("cannot open " + args->file, "FILE");
    auto db = OpenDatabase(options);
    const service::Actor actor = service::Actor::CommandLine();
    const Program program = service::FindProgram(*db, args->program);
    service::ResponseImport what;
    what.create_title = args->create;
    if (args->wave > 0) what.wave_id = args->wave;
    if (!args->survey.empty()) {
      what.survey_id = service::FindSurvey(*db, actor, program.id, args->survey).id;
    }
    const service::ResponseImportReport report =
        service::ImportResponses(*db, actor, program.id, what, in);
    if (!report.errors.empty()) {
      for (const InputProblem& e : report.errors) {
        std::cerr << args->file << ": error: " << FormatProblem(e) << "\n";
      }
      throw InvalidArgument(fmt::format("{} problem(s) in {}; nothing was imported",
                                        report.errors.size(), args->file));
    }
    const Survey s = service::GetSurvey(*db, actor, report.survey_id);
    std::cout << fmt::format(
        "Imported {} responses into survey {} \"{}\" (version {}, {}) of "
        "\"{}\".\n",
        report.imported, s.series_id, s.title, s.version, s.anonymity, program.name);
  });
}

}  // namespace tandem::cli
