#include "core/notification.h"

namespace tandem {

std::optional<std::string_view> CategoryOfKind(std::string_view kind) {
  struct Entry {
    std::string_view kind;
    std::string_view category;
  };
  static constexpr Entry kinds[] = {
      {"meeting", "meetings"},
      {"meeting_reminder", "meetings"},
      {"meeting_log_prompt", "meetings"},
      {"pair_nudge", "nudges"},
      {"agreement_nudge", "nudges"},
      {"agreement_signed", "program"},
      {"program_event", "program"},
      {"event_recording", "program"},
      {"survey_invitation", "program"},
      {"survey_reminder", "program"},
      {"stalled_pair", "coordinator"},
      {"coordinator_digest", "coordinator"},
  };
  for (const Entry& e : kinds) {
    if (e.kind == kind) return e.category;
  }
  return std::nullopt;
}

}  // namespace tandem
