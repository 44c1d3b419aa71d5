// A matching run: a coordinator's request to match a program's participants
// (objective, weights, locks, forbids), worked in the background, and its
// result: proposed pairs with their score breakdowns and the unmatched with
// reasons. Plain values; the engine is src/matching/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/program.h"

namespace tandem {

enum class MatchingRunStatus { kQueued, kRunning, kDone, kFailed, kPublished };
std::string_view MatchingRunStatusName(MatchingRunStatus status);  // "queued", ...
std::optional<MatchingRunStatus> ParseMatchingRunStatus(std::string_view text);

// A pair by participant ids (the program's own ids).
struct ParticipantPair {
  std::string mentee;
  std::string mentor;
  friend bool operator==(const ParticipantPair&, const ParticipantPair&) = default;
};

struct MatchingRunSettings {
  std::string objective = "optimal";  // optimal | fair | stable-mentee | stable-mentor
  // Unset: the program's weights. A stored run always has the weights it used.
  std::optional<MatchingWeights> weights;
  std::vector<ParticipantPair> locks;
  std::vector<ParticipantPair> forbids;
  std::optional<double> min_score;  // default: the program's
  int top_k = 50;
  // On a running program: match every active person anew as if no pair
  // existed, to compare objectives. Never published over the live pairs.
  bool what_if = false;
};

struct Proposal {
  std::string mentee;  // participant ids
  std::string mentor;
  std::string mentee_name;
  std::string mentor_name;
  double score = 0;
  std::map<std::string, double> breakdown;  // facet -> contribution; sums to score
  bool locked = false;
};

struct UnmatchedParticipant {
  std::string id;  // participant id
  std::string name;
  std::string role;  // "mentor" or "mentee"
  std::string reason;
};

struct MatchingRunResult {
  std::vector<Proposal> proposals;
  std::vector<UnmatchedParticipant> unmatched;
  int matched = 0;  // mentees with a mentor
  double total_score = 0;
  double min_score = 0;
  double mean_score = 0;
  int blocking_pairs = 0;
  double seconds = 0;
};

// Which part of a run's result to read: a page of the proposals and a page
// of the unmatched (GET /matching-runs/{id}?offset=&limit=&q=). Each list is
// filtered by `text`, then paged alone with the same offset and limit.
struct RunResultQuery {
  // Kept: proposals whose mentee or mentor id or name, and unmatched people
  // whose id or name, contain `text` compared case-insensitively (FoldCase).
  // Empty: everyone.
  std::string text;
  std::size_t offset = 0;            // entries of each list skipped
  std::optional<std::size_t> limit;  // entries of each list kept; nullopt: the rest
};

// The whole result beside a page of it.
struct RunResultTotals {
  std::size_t proposals = 0;          // proposals containing the query's text
  std::size_t unmatched = 0;          // unmatched people containing the query's text
  std::size_t unmatched_mentees = 0;  // every unmatched mentee, whatever the text
  std::size_t unmatched_mentors = 0;
  std::vector<std::string> facets;  // every breakdown key of every proposal, sorted
};

struct MatchingRun {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  MatchingRunStatus status = MatchingRunStatus::kQueued;
  MatchingRunSettings settings;
  double progress = 0;                      // 0..1 while running
  std::optional<MatchingRunResult> result;  // when done or published
  std::string error;                        // when failed: what to fix
  std::optional<std::int64_t> created_by;   // user id
  std::string created_at;
  std::string finished_at;
  std::string published_at;
};

}  // namespace tandem
