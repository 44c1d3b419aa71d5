#include "core/pair.h"

#include "core/text.h"

namespace tandem {

std::string_view PairStatusName(PairStatus status) {
  switch (status) {
    case PairStatus::kProposed:
      return "proposed";
    case PairStatus::kActive:
      return "active";
    case PairStatus::kCompleted:
      return "completed";
    case PairStatus::kDissolved:
      return "dissolved";
  }
  return "proposed";
}

std::optional<PairStatus> ParsePairStatus(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (auto s : {PairStatus::kProposed, PairStatus::kActive, PairStatus::kCompleted,
                 PairStatus::kDissolved}) {
    if (lower == PairStatusName(s)) return s;
  }
  return std::nullopt;
}

bool CanTransition(PairStatus from, PairStatus to) {
  switch (from) {
    case PairStatus::kProposed:
      return to == PairStatus::kActive || to == PairStatus::kDissolved;
    case PairStatus::kActive:
      return to == PairStatus::kCompleted || to == PairStatus::kDissolved;
    default:
      return false;
  }
}

}  // namespace tandem
