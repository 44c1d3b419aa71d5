// Placeholder: `tandem stats` arrives with the statistics engine (issue 7).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace tandem::cli {
void AddStatsCommand(CLI::App&, GlobalOptions&) {}
}  // namespace tandem::cli
