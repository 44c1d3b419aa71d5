// tandem demo [--seed N] [--out-dir DIR]
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <vector>

#include "cli/commands.h"
#include "service/demo.h"

namespace tandem::cli {

void AddDemoCommand(CLI::App& app, GlobalOptions& options) {
  struct Args {
    std::uint64_t seed = 2026;
    std::string out_dir = "var/demo";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Generate realistic synthetic programs (a hematology fellows' cohort, a peer-support "
      "pool, and last year's fellows' cohort with its whole year), write their participant CSVs "
      "and load them. Same seed, same data.");
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->add_option("--out-dir", args->out_dir, "Where to write the CSV files")
      ->capture_default_str();
  cmd->callback([&options, args] {
    OpenDatabase(options);  // created and migrated on the wall clock
    // Last year's cohort is replayed in order: the demo moves this clock
    // from before that year to now (service/demo_year.cc says why).
    const auto clock = service::NewDemoClock();
    const auto db = store::Database::Open(options.db, 4, clock);
    const auto loaded =
        service::LoadDemo(*db, *clock, service::Actor::CommandLine(), args->seed, args->out_dir);
    std::vector<service::DemoSignIn> sign_ins;
    for (const auto& l : loaded) {
      std::cout << fmt::format("{} program {} \"{}\": {} mentors, {} mentees ({})\n",
                               l.created ? "Loaded" : "Already present:", l.program.id,
                               l.program.name, l.mentors, l.mentees, l.csv_path);
      for (const auto& s : l.sign_ins) {
        const bool seen = std::any_of(sign_ins.begin(), sign_ins.end(),
                                      [&](const auto& o) { return o.email == s.email; });
        if (!seen) sign_ins.push_back(s);
      }
    }
    if (!sign_ins.empty()) {
      std::cout << "\nDemo sign-ins (password " << sign_ins.front().password << "):\n";
      for (const auto& s : sign_ins) {
        std::cout << fmt::format("  {:<44} {}\n", s.email, s.what);
      }
    }
  });
}

}  // namespace tandem::cli
