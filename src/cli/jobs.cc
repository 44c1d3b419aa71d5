// tandem jobs list [--status S] [--kind K] [--limit N]
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "core/error.h"
#include "service/jobs.h"

namespace tandem::cli {

void AddJobsCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand(
      "jobs", "Background work: matching runs and recurring jobs, with their attempts and errors");
  cmd->require_subcommand(1);
  struct ListArgs {
    std::string status;
    std::string kind;
    int limit = 50;
  };
  auto args = std::make_shared<ListArgs>();
  CLI::App* list = cmd->add_subcommand("list", "List jobs, newest first");
  list->add_option("--status", args->status, "Only jobs in this status")
      ->check(CLI::IsMember({"queued", "running", "done", "failed"}));
  list->add_option("--kind", args->kind, "Only jobs of this kind (e.g. purge_sign_ins)");
  list->add_option("--limit", args->limit, "At most this many")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  list->callback([&options, args] {
    auto db = OpenDatabase(options);
    store::JobFilter filter;
    if (!args->status.empty()) filter.status = store::ParseJobStatus(args->status);
    filter.kind = args->kind;
    filter.limit = args->limit;
    const auto jobs = service::ListJobs(*db, service::Actor::CommandLine(), filter);
    std::cout << fmt::format("{:>6}  {:<16} {:<8} {:<20} {:>8}  {}\n", "id", "kind", "status",
                             "due (UTC)", "attempts", "last error");
    for (const store::Job& j : jobs) {
      std::cout << fmt::format("{:>6}  {:<16} {:<8} {:<20} {:>5}/{:<2}  {}\n", j.id, j.kind,
                               store::JobStatusName(j.status), j.available_at, j.attempts,
                               j.max_attempts, j.last_error);
    }
    if (jobs.empty()) std::cout << "No jobs.\n";
  });
}

}  // namespace tandem::cli
