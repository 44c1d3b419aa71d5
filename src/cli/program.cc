// tandem program create|list
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "service/participants.h"
#include "service/programs.h"
#include "store/participant_repository.h"

namespace tandem::cli {

void AddProgramCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("program", "Create and list programs");
  cmd->require_subcommand(1);

  struct CreateArgs {
    Program program;
    std::string kind = "cohort";
    std::string mode = "virtual";
  };
  auto args = std::make_shared<CreateArgs>();
  CLI::App* create = cmd->add_subcommand("create", "Create a program (status draft)");
  create->add_option("--name", args->program.name, "Program name (unique)")->required();
  create->add_option("--field", args->program.field, "Field, e.g. hematology")->required();
  create->add_option("--kind", args->kind, "cohort or peer_support")
      ->check(CLI::IsMember({"cohort", "peer_support"}))
      ->capture_default_str();
  create->add_flag("--cross-institution", args->program.cross_institution,
                   "Mentor and mentee must be at different institutions");
  create->add_option("--starts", args->program.starts_on, "First day, YYYY-MM-DD");
  create->add_option("--ends", args->program.ends_on, "Last day, YYYY-MM-DD");
  create->add_option("--cadence-days", args->program.cadence_days, "Expected days between meetings")
      ->capture_default_str();
  create->add_option("--mode", args->mode, "Meeting mode: virtual, in_person or hybrid")
      ->check(CLI::IsMember({"virtual", "in_person", "hybrid"}))
      ->capture_default_str();
  create->add_option("--objectives", args->program.objectives, "What the program aims at");
  create->callback([&options, args] {
    args->program.kind = *ParseProgramKind(args->kind);
    args->program.meeting_mode = *ParseMeetingMode(args->mode);
    auto db = OpenDatabase(options);
    const Program p = service::CreateProgram(*db, service::Actor::CommandLine(), args->program);
    std::cout << fmt::format("Created program {} \"{}\" ({}, {}).\n", p.id, p.name,
                             ProgramKindName(p.kind), ProgramStatusName(p.status));
  });

  CLI::App* list = cmd->add_subcommand("list", "List programs with their participants");
  list->callback([&options] {
    auto db = OpenDatabase(options);
    const auto programs = service::ListPrograms(*db, service::Actor::CommandLine());
    if (programs.empty()) {
      std::cout << "No programs yet. Create one with `tandem program create` or load the demo "
                   "with `tandem demo`.\n";
      return;
    }
    std::cout << fmt::format("{:>4}  {:<40} {:<12} {:<9} {:>7} {:>7}  {}\n", "id", "name", "kind",
                             "status", "mentors", "mentees", "dates");
    for (const Program& p : programs) {
      store::Transaction tx = db->Begin(false);
      const auto [mentors, mentees] = store::ParticipantRepository(tx).Count(p.id);
      tx.Commit();
      std::cout << fmt::format("{:>4}  {:<40} {:<12} {:<9} {:>7} {:>7}  {}..{}\n", p.id, p.name,
                               ProgramKindName(p.kind), ProgramStatusName(p.status), mentors,
                               mentees, p.starts_on, p.ends_on);
    }
  });
}

}  // namespace tandem::cli
