#include "core/matching_run.h"

#include "core/text.h"

namespace tandem {

std::string_view MatchingRunStatusName(MatchingRunStatus status) {
  switch (status) {
    case MatchingRunStatus::kQueued:
      return "queued";
    case MatchingRunStatus::kRunning:
      return "running";
    case MatchingRunStatus::kDone:
      return "done";
    case MatchingRunStatus::kFailed:
      return "failed";
    case MatchingRunStatus::kPublished:
      return "published";
  }
  return "queued";
}

std::optional<MatchingRunStatus> ParseMatchingRunStatus(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (auto s : {MatchingRunStatus::kQueued, MatchingRunStatus::kRunning, MatchingRunStatus::kDone,
                 MatchingRunStatus::kFailed, MatchingRunStatus::kPublished}) {
    if (lower == MatchingRunStatusName(s)) return s;
  }
  return std::nullopt;
}

}  // namespace tandem
