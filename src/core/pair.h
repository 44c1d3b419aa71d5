// A mentor-mentee pair and its lifecycle.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

enum class PairStatus { kProposed, kActive, kCompleted, kDissolved };

std::string_view PairStatusName(PairStatus status);  // "proposed", "active", ...
std::optional<PairStatus> ParsePairStatus(std::string_view text);
// proposed -> active | dissolved; active -> completed | dissolved. Nothing leaves
// completed or dissolved.
bool CanTransition(PairStatus from, PairStatus to);

struct Pair {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string mentor;  // participant (external) ids
  std::string mentee;
  // Filled when loaded: the enrollments and the people's names.
  std::int64_t mentor_enrollment_id = 0;
  std::int64_t mentee_enrollment_id = 0;
  std::string mentor_name;
  std::string mentee_name;
  PairStatus status = PairStatus::kProposed;
  double score = 0;
  std::map<std::string, double> breakdown;  // facet -> contribution; sums to score
  std::optional<std::int64_t> matching_run_id;
  std::string started_on;  // ISO dates, empty until set
  std::string ended_on;
  std::string end_reason;
  std::string created_at;
};

}  // namespace tandem
