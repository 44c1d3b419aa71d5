#include "core/program.h"

#include <algorithm>
#include <cmath>

#include <date/date.h>

#include <sstream>
#include <tuple>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"

namespace tandem {

std::string_view ProgramKindName(ProgramKind kind) {
  return kind == ProgramKind::kCohort ? "cohort" : "peer_support";
}

std::string_view ProgramStatusName(ProgramStatus status) {
  switch (status) {
    case ProgramStatus::kDraft:
      return "draft";
    case ProgramStatus::kEnrolling:
      return "enrolling";
    case ProgramStatus::kMatching:
      return "matching";
    case ProgramStatus::kActive:
      return "active";
    case ProgramStatus::kClosed:
      return "closed";
  }
  return "draft";
}

std::string_view MeetingModeName(MeetingMode mode) {
  switch (mode) {
    case MeetingMode::kVirtual:
      return "virtual";
    case MeetingMode::kInPerson:
      return "in_person";
    case MeetingMode::kHybrid:
      return "hybrid";
  }
  return "virtual";
}

std::optional<ProgramKind> ParseProgramKind(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  if (lower == "cohort") return ProgramKind::kCohort;
  if (lower == "peer_support") return ProgramKind::kPeerSupport;
  return std::nullopt;
}

std::optional<ProgramStatus> ParseProgramStatus(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (auto s : {ProgramStatus::kDraft, ProgramStatus::kEnrolling, ProgramStatus::kMatching,
                 ProgramStatus::kActive, ProgramStatus::kClosed}) {
    if (lower == ProgramStatusName(s)) return s;
  }
  return std::nullopt;
}

std::optional<MeetingMode> ParseMeetingMode(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (auto m : {MeetingMode::kVirtual, MeetingMode::kInPerson, MeetingMode::kHybrid}) {
    if (lower == MeetingModeName(m)) return m;
  }
  return std::nullopt;
}

bool CanTransition(ProgramStatus from, ProgramStatus to) {
  if (from == to) return false;
  if (to == ProgramStatus::kClosed) return true;
  if (from == ProgramStatus::kMatching && to == ProgramStatus::kEnrolling) return true;
  return static_cast<int>(to) == static_cast<int>(from) + 1;
}

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  std::istringstream in{std::string(text)};
  date::year_month_day ymd{};
  in >> date::parse("%Y-%m-%d", ymd);
  return !in.fail() && ymd.ok();
}

void CheckOptionalDate(const std::string& value, const std::string& field) {
  if (!value.empty() && !IsIsoDate(value)) {
    throw InvalidArgument(field + " is a date YYYY-MM-DD", field);
  }
}

void ValidateProgram(const Program& program) {
  if (Trim(program.name).empty()) throw InvalidArgument("a program needs a name", "name");
  if (Trim(program.field).empty()) throw InvalidArgument("a program needs a field", "field");
  // A year outside 1900-2199 is a typo ("0226-07-01"), not a program.
  for (const auto& [date, field] :
       {std::pair{&program.starts_on, "starts_on"}, std::pair{&program.ends_on, "ends_on"}}) {
    if (!date->empty() && (!IsIsoDate(*date) || *date < "1900" || *date >= "2200")) {
      throw InvalidArgument(std::string(field) + " must be a date YYYY-MM-DD from 1900 to 2199",
                            field);
    }
  }
  if (!program.starts_on.empty() && !program.ends_on.empty() &&
      program.ends_on <= program.starts_on) {
    throw InvalidArgument("the program must end after it starts", "ends_on");
  }
  if (program.cadence_days < 1 || program.cadence_days > 366) {
    throw InvalidArgument("meeting cadence must be between 1 and 366 days", "cadence_days");
  }
  CheckText(program.name, "name", 200);
  CheckText(program.field, "field", 200);
  CheckText(program.objectives, "objectives", 10000, true);
  for (const WeightField& f : WeightFields()) {
    const double v = program.weights.*f.member;
    if (!(v >= 0 && v <= 1000)) {
      throw InvalidArgument("matching weights must be between 0 and 1000",
                            std::string("weights.") + f.name);
    }
  }
  // Time zones on Earth are at most 26 hours apart (UTC-12 to UTC+14).
  if (const auto& tz = program.max_time_zone_difference_hours; tz && !(*tz >= 0 && *tz <= 26)) {
    throw InvalidArgument("must be from 0 to 26 hours", "max_time_zone_difference_hours");
  }
  if (program.min_score && !(*program.min_score >= 0 && *program.min_score <= 1000)) {
    throw InvalidArgument("must be from 0 to 1000", "min_score");
  }
  for (const auto& [days, field] :
       {std::pair{program.health_due_days, "health_due_days"},
        std::pair{program.health_at_risk_days, "health_at_risk_days"},
        std::pair{program.health_stalled_days, "health_stalled_days"}}) {
    if (days && (*days < 1 || *days > 1000))
      throw InvalidArgument("must be from 1 to 1000 days", field);
  }
  const HealthThresholds t = HealthThresholdsOf(program);
  if (t.at_risk_days <= t.due_days) {
    throw InvalidArgument(
        "at risk must come after due (" + std::to_string(t.due_days) + " days): set it above that",
        program.health_at_risk_days ? "health_at_risk_days" : "health_due_days");
  }
  if (t.stalled_days <= t.at_risk_days) {
    throw InvalidArgument(
        "stalled must come after at risk (" + std::to_string(t.at_risk_days) +
            " days): set it above that",
        program.health_stalled_days ? "health_stalled_days" : "health_at_risk_days");
  }
}

HealthThresholds HealthThresholds::FromCadence(int cadence_days) {
  const int c = std::max(cadence_days, 1);
  return {.due_days = static_cast<int>(std::lround(c * 0.75)),
          .at_risk_days = static_cast<int>(std::lround(c * 1.5)),
          .stalled_days = 2 * c};
}

HealthThresholds HealthThresholdsOf(const Program& program) {
  HealthThresholds t = HealthThresholds::FromCadence(program.cadence_days);
  if (program.health_due_days) t.due_days = *program.health_due_days;
  if (program.health_at_risk_days) t.at_risk_days = *program.health_at_risk_days;
  if (program.health_stalled_days) t.stalled_days = *program.health_stalled_days;
  return t;
}

const std::array<WeightField, 8>& WeightFields() {
  static constexpr std::array<WeightField, 8> kFields = {{
      {"interests", &MatchingWeights::interests},
      {"specialties", &MatchingWeights::specialties},
      {"goals", &MatchingWeights::goals},
      {"experience", &MatchingWeights::experience},
      {"background", &MatchingWeights::background},
      {"language", &MatchingWeights::language},
      {"availability", &MatchingWeights::availability},
      {"preference", &MatchingWeights::preference},
  }};
  return kFields;
}

MatchingWeights WeightChanges::AppliedTo(MatchingWeights base) const {
  for (const auto& [member, value] : values) base.*member = value;
  return base;
}

}  // namespace tandem
