// tandem program create|list|templates|taxonomy-export|taxonomy-import
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "service/participants.h"
#include "service/programs.h"
#include "service/vocabulary.h"
#include "store/participant_repository.h"

namespace tandem::cli {

void AddProgramCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("program", "Create and list programs");
  cmd->require_subcommand(1);

  struct CreateArgs {
    Program program;
    std::string kind = "cohort";
    std::string mode = "virtual";
    std::string vocabulary;
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
  create->add_option("--vocabulary", args->vocabulary,
                     "Where its vocabulary starts: template:<code> (see `tandem program "
                     "templates`), program:<id> or empty; default: the built-in one");
  create->callback([&options, args] {
    args->program.kind = *ParseProgramKind(args->kind);
    args->program.meeting_mode = *ParseMeetingMode(args->mode);
    auto db = OpenDatabase(options);
    const Program p =
        service::CreateProgram(*db, service::Actor::CommandLine(), args->program, args->vocabulary);
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

  CLI::App* templates =
      cmd->add_subcommand("templates", "List the built-in vocabularies a program can start from");
  templates->callback([] {
    for (const TaxonomyTemplate& t : TaxonomyTemplates()) {
      std::cout << fmt::format("template:{:<22} {} ({} topics, {} career stages, {} goals)\n  {}\n",
                               t.code, t.title, t.taxonomy.topics.size(),
                               t.taxonomy.career_stages.size(), t.taxonomy.goals.size(),
                               t.description);
    }
  });

  struct TaxonomyArgs {
    std::string program;
    std::string file;
  };
  auto tax = std::make_shared<TaxonomyArgs>();
  CLI::App* exporter = cmd->add_subcommand(
      "taxonomy-export", "Write a program's taxonomy file (list,value,parent; docs/programs.md)");
  exporter->add_option("--program", tax->program, "Program name or id")->required();
  exporter->add_option("--out", tax->file, "File to write (default: standard output)");
  exporter->callback([&options, tax] {
    auto db = OpenDatabase(options);
    const Program p = service::FindProgram(*db, tax->program);
    const std::string csv = service::ExportTaxonomy(*db, service::Actor::CommandLine(), p.id);
    if (tax->file.empty()) {
      std::cout << csv;
      return;
    }
    std::ofstream out(tax->file, std::ios::binary | std::ios::trunc);
    out << csv;
    if (!out) throw InvalidArgument("cannot write " + tax->file, "out");
    std::cerr << fmt::format("Wrote the taxonomy of \"{}\" to {}.\n", p.name, tax->file);
  });
  CLI::App* importer = cmd->add_subcommand(
      "taxonomy-import",
      "Replace a program's taxonomy from a file, all or nothing (people keep their tags)");
  importer->add_option("--program", tax->program, "Program name or id")->required();
  importer->add_option("file", tax->file, "The taxonomy file (CSV)")
      ->required()
      ->check(CLI::ExistingFile);
  importer->callback([&options, tax] {
    auto db = OpenDatabase(options);
    const Program p = service::FindProgram(*db, tax->program);
    std::ifstream in(tax->file, std::ios::binary);
    const service::TaxonomyImport result =
        service::ImportTaxonomy(*db, service::Actor::CommandLine(), p.id, in);
    if (!result.ok()) {
      std::string message =
          fmt::format("{} problem(s) in {}; nothing changed:", result.errors.size(), tax->file);
      for (const InputProblem& e : result.errors) {
        message += "\n  " + tax->file + ": " + FormatProblem(e);
      }
      throw InvalidArgument(message, "file");
    }
    const Taxonomy& t = result.vocabulary.taxonomy;
    std::cout << fmt::format(
        "Replaced the taxonomy of \"{}\": {} topics, {} career stages, {} goals, {} languages "
        "(revision {}).\n",
        p.name, t.topics.size(), t.career_stages.size(), t.goals.size(), t.languages.size(),
        result.vocabulary.revision);
  });
}

}  // namespace tandem::cli
