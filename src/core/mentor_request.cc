#include "core/mentor_request.h"

#include <array>

#include "core/error.h"
#include "core/program.h"
#include "core/text.h"

namespace tandem {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> ParseByName(std::string_view text, const std::array<Enum, N>& all,
                                std::string_view (*name)(Enum)) {
  const std::string lower = ToLower(Trim(text));
  for (Enum e : all) {
    if (lower == name(e)) return e;
  }
  return std::nullopt;
}

void CheckRange(int value, int low, int high, const char* field) {
  if (value < low || value > high) {
    throw InvalidArgument(std::string(field) + " must be between " + std::to_string(low) + " and " +
                              std::to_string(high),
                          field);
  }
}

}  // namespace

std::string_view MatchingModeName(MatchingMode mode) {
  switch (mode) {
    case MatchingMode::kCoordinator:
      return "coordinator";
    case MatchingMode::kMenteeLed:
      return "mentee_led";
    case MatchingMode::kBoth:
      return "both";
  }
  return "coordinator";
}

std::optional<MatchingMode> ParseMatchingMode(std::string_view text) {
  return ParseByName(
      text, std::array{MatchingMode::kCoordinator, MatchingMode::kMenteeLed, MatchingMode::kBoth},
      &MatchingModeName);
}

void ValidateChoiceSettings(const ChoiceSettings& s) {
  CheckRange(s.shortlist_size, 1, 50, "shortlist_size");
  CheckRange(s.max_open_requests, 1, 10, "max_open_requests");
  CheckRange(s.answer_days, 1, 60, "answer_days");
  CheckOptionalDate(s.opens_on, "opens_on");
  CheckOptionalDate(s.closes_on, "closes_on");
  if (!s.opens_on.empty() && !s.closes_on.empty() && s.closes_on < s.opens_on) {
    throw InvalidArgument("closes_on must not be before opens_on", "closes_on");
  }
}

bool ChoosingOpen(const ChoiceSettings& s, const std::string& today) {
  if (s.mode == MatchingMode::kCoordinator) return false;
  if (!s.opens_on.empty() && today < s.opens_on) return false;
  if (!s.closes_on.empty() && today > s.closes_on) return false;
  return true;
}

std::string_view RequestStatusName(RequestStatus status) {
  switch (status) {
    case RequestStatus::kPending:
      return "pending";
    case RequestStatus::kAccepted:
      return "accepted";
    case RequestStatus::kDeclined:
      return "declined";
    case RequestStatus::kWithdrawn:
      return "withdrawn";
    case RequestStatus::kExpired:
      return "expired";
  }
  return "pending";
}

std::optional<RequestStatus> ParseRequestStatus(std::string_view text) {
  return ParseByName(
      text,
      std::array{RequestStatus::kPending, RequestStatus::kAccepted, RequestStatus::kDeclined,
                 RequestStatus::kWithdrawn, RequestStatus::kExpired},
      &RequestStatusName);
}

std::string_view DeclineReasonName(DeclineReason reason) {
  switch (reason) {
    case DeclineReason::kNoRoom:
      return "no_room";
    case DeclineReason::kNotAFit:
      return "not_a_fit";
    case DeclineReason::kTiming:
      return "timing";
    case DeclineReason::kOther:
      return "other";
  }
  return "other";
}

std::optional<DeclineReason> ParseDeclineReason(std::string_view text) {
  return ParseByName(text,
                     std::array{DeclineReason::kNoRoom, DeclineReason::kNotAFit,
                                DeclineReason::kTiming, DeclineReason::kOther},
                     &DeclineReasonName);
}

std::string_view DeclineReasonText(DeclineReason reason) {
  switch (reason) {
    case DeclineReason::kNoRoom:
      return "They have no room for another mentee this year.";
    case DeclineReason::kNotAFit:
      return "They think another mentor could help you more with what you are looking for.";
    case DeclineReason::kTiming:
      return "The timing does not work for them right now.";
    case DeclineReason::kOther:
      return "They cannot take this on, and wish you well in finding a mentor.";
  }
  return "";
}

}  // namespace tandem
