// Programs: their kind, lifecycle and matching settings. Plain values and the
// rules about them that need no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem {

enum class ProgramKind { kCohort, kPeerSupport };
enum class ProgramStatus { kDraft, kEnrolling, kMatching, kActive, kClosed };
enum class MeetingMode { kVirtual, kInPerson, kHybrid };

std::string_view ProgramKindName(ProgramKind kind);        // "cohort", "peer_support"
std::string_view ProgramStatusName(ProgramStatus status);  // "draft", ...
std::string_view MeetingModeName(MeetingMode mode);        // "virtual", "in_person", "hybrid"
// Parsers accept the names above in any case; nullopt when unknown.
std::optional<ProgramKind> ParseProgramKind(std::string_view text);
std::optional<ProgramStatus> ParseProgramStatus(std::string_view text);
std::optional<MeetingMode> ParseMeetingMode(std::string_view text);

// True when a program may move from `from` to `to`: forward along
// draft -> enrolling -> matching -> active -> closed, back from matching to
// enrolling (to enrol more people), and to closed from any state.
bool CanTransition(ProgramStatus from, ProgramStatus to);

// Weight of each facet in a pair's score (docs/matching.md). A pair's score is
// the sum over facets of weight x similarity, similarity in [0, 1]; with the
// defaults a perfect pair scores 100. Weights are non-negative.
struct MatchingWeights {
  double interests = 30;
  double specialties = 15;
  double goals = 15;
  double experience = 10;
  double background = 10;
  double language = 5;
  double availability = 10;
  double preference = 5;
  friend bool operator==(const MatchingWeights&, const MatchingWeights&) = default;
};

// Every weight with its facet name ("interests", "specialties", ..., as the
// API, the database and the engine's breakdown name them), in the order of
// MatchingWeights: the one list that encoders, decoders and checks walk.
struct WeightField {
  const char* name;
  double MatchingWeights::*member;
};
const std::array<WeightField, 8>& WeightFields();

// A partial change of weights (a PATCH): the facets named take the values
// given, the others keep theirs.
struct WeightChanges {
  std::vector<std::pair<double MatchingWeights::*, double>> values;
  MatchingWeights AppliedTo(MatchingWeights base) const;
};

struct Program {
  std::int64_t id = 0;
  std::string name;
  std::string field;  // e.g. "hematology"
  ProgramKind kind = ProgramKind::kCohort;
  std::string objectives;
  std::string starts_on;  // ISO date "YYYY-MM-DD", or empty
  std::string ends_on;    // ISO date, or empty
  int cadence_days = 30;  // expected days between meetings
  MeetingMode meeting_mode = MeetingMode::kVirtual;
  bool cross_institution = false;  // mentor and mentee must be at different institutions
  ProgramStatus status = ProgramStatus::kDraft;
  MatchingWeights weights;
  std::optional<double> max_time_zone_difference_hours;
  std::optional<double> min_score;
  // Days without a held meeting at which a pair is due, at risk, stalled
  // (docs/meetings.md); none: from the cadence (3/4, 1.5x, 2x).
  std::optional<int> health_due_days;
  std::optional<int> health_at_risk_days;
  std::optional<int> health_stalled_days;
  std::string created_at;  // UTC, ISO 8601
};

// Days without a held meeting (since the last one, or since the pair
// started) at which a pair becomes due, at risk and stalled.
struct HealthThresholds {
  int due_days = 23;
  int at_risk_days = 45;
  int stalled_days = 60;
  // Due at 3/4 of the cadence (a meeting falls due before the cadence ends),
  // at risk at 1.5x, stalled at 2x: for a monthly program, 23, 45 and 60.
  static HealthThresholds FromCadence(int cadence_days);
};

// The program's own thresholds where it set them, the cadence's elsewhere.
HealthThresholds HealthThresholdsOf(const Program& program);

// Checks a program's own fields (name present, dates valid and ordered,
// cadence 1..366, objectives at most 10,000 bytes, weights 0..1000, maximum
// time-zone difference 0..26 hours, minimum score 0..1000, health days
// 1..1000 with due before at risk before stalled once the cadence's
// defaults fill the ones not set). Throws
// tandem::Error(kInvalidArgument) naming the field.
void ValidateProgram(const Program& program);

// True for a valid ISO calendar date "YYYY-MM-DD".
bool IsIsoDate(std::string_view text);

// Throws InvalidArgument naming `field` ("target_on is a date YYYY-MM-DD")
// unless `value` is empty or IsIsoDate.
void CheckOptionalDate(const std::string& value, const std::string& field);

}  // namespace tandem
