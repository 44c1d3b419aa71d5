// `tandem peer`: peer support on the command line (docs/peer-support.md) —
// the specialists' queue and the suggestions for one request, as the
// command line (an administrator) sees them.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "api/json.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/peer_support.h"
#include "core/text.h"
#include "service/peer_support.h"
#include "service/programs.h"

namespace tandem::cli {

void AddPeerCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("peer", "Peer support: the queue and suggestions");
  cmd->require_subcommand(1);
  struct Args {
    std::string program;
    std::int64_t request = 0;
    int limit = 10;
    bool waiting = false;
    bool json = false;
  };
  auto args = std::make_shared<Args>();

  CLI::App* suggest = cmd->add_subcommand(
      "suggest",
      "The best volunteers for one request, best first, with why (the hard rules: "
      "active, trained, cleared, under their limit, a shared language, the gender "
      "asked for, not offered this request before)");
  suggest->add_option("--program", args->program, "Program name or id")->required();
  suggest->add_option("--request", args->request, "Request id")->required();
  suggest->add_option("--limit", args->limit, "How many (1-50)")->check(CLI::Range(1, 50));
  suggest->add_flag("--json", args->json, "Print JSON");
  suggest->callback([&options, args] {
    auto db = OpenDatabase(options);
    const Program program = service::FindProgram(*db, args->program);
    const service::Actor cli = service::Actor::CommandLine();
    const service::PeerRequestView request = service::GetPeerRequest(*db, cli, args->request);
    if (request.entry.request.program_id != program.id) {
      throw InvalidArgument(
          "request " + std::to_string(args->request) + " is not in \"" + program.name + "\"",
          "request");
    }
    const auto suggestions = service::SuggestVolunteers(*db, cli, args->request, args->limit);
    if (args->json) {
      api::Json list = api::Json::array();
      for (const auto& s : suggestions) list.push_back(api::Encode(s));
      std::cout << api::Dump({{"request", args->request}, {"suggestions", list}}) << "\n";
      return;
    }
    std::cout << fmt::format(
        "Request {} ({}, {}), {} suggestion(s):\n", args->request, request.entry.person,
        PeerLabel(PeerCancerTypes(), request.profile.cancer_type), suggestions.size());
    int rank = 0;
    for (const auto& s : suggestions) {
      std::cout << fmt::format("{:>3}. {:<28} {:>6.1f}  {}\n", ++rank,
                               s.name + " (" + s.participant_id + ")", s.score,
                               JoinList(s.reasons, "; "));
    }
  });

  CLI::App* queue = cmd->add_subcommand("queue", "The requests of a peer-support program");
  queue->add_option("--program", args->program, "Program name or id")->required();
  queue->add_flag("--waiting", args->waiting, "Only new, suggested, offered and waitlisted");
  queue->add_flag("--json", args->json, "Print JSON");
  queue->callback([&options, args] {
    auto db = OpenDatabase(options);
    const Program program = service::FindProgram(*db, args->program);
    const auto entries = service::ListPeerQueue(*db, service::Actor::CommandLine(), program.id,
                                                {.waiting_only = args->waiting});
    if (args->json) {
      api::Json list = api::Json::array();
      for (const auto& e : entries) list.push_back(api::Encode(e));
      std::cout << api::Dump({{"requests", list}}) << "\n";
      return;
    }
    for (const auto& e : entries) {
      std::cout << fmt::format("{:>5}  {:<11} {:<10} {:>2} working day(s){}{}\n", e.request.id,
                               PeerRequestStatusName(e.request.status), e.person,
                               e.waiting_working_days, e.overdue ? "  OVERDUE" : "",
                               e.request.urgent ? "  URGENT" : "");
    }
  });
}

}  // namespace tandem::cli
