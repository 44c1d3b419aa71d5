// Placeholder: `tandem match` arrives with the matching engine (issue 4).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace tandem::cli {
void AddMatchCommand(CLI::App&, GlobalOptions&) {}
}  // namespace tandem::cli
