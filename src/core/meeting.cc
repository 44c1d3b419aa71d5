#include "core/meeting.h"

#include "core/text.h"

namespace tandem {
namespace {

template <typename E, size_t N>
std::optional<E> ParseName(std::string_view text, const E (&all)[N], std::string_view (*name)(E)) {
  const std::string lower = ToLower(Trim(text));
  for (E e : all) {
    if (lower == name(e)) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view MeetingStatusName(MeetingStatus status) {
  switch (status) {
    case MeetingStatus::kProposed:
      return "proposed";
    case MeetingStatus::kScheduled:
      return "scheduled";
    case MeetingStatus::kDeclined:
      return "declined";
    case MeetingStatus::kCancelled:
      return "cancelled";
  }
  return "proposed";
}

std::string_view MeetingFormatName(MeetingFormat mode) {
  switch (mode) {
    case MeetingFormat::kVideo:
      return "video";
    case MeetingFormat::kPhone:
      return "phone";
    case MeetingFormat::kInPerson:
      return "in_person";
  }
  return "video";
}

std::string_view MeetingAnswerName(MeetingAnswer answer) {
  switch (answer) {
    case MeetingAnswer::kNeedsAction:
      return "needs-action";
    case MeetingAnswer::kAccepted:
      return "accepted";
    case MeetingAnswer::kDeclined:
      return "declined";
  }
  return "needs-action";
}

std::optional<MeetingStatus> ParseMeetingStatus(std::string_view text) {
  constexpr MeetingStatus all[] = {MeetingStatus::kProposed, MeetingStatus::kScheduled,
                                   MeetingStatus::kDeclined, MeetingStatus::kCancelled};
  return ParseName(text, all, MeetingStatusName);
}

std::optional<MeetingFormat> ParseMeetingFormat(std::string_view text) {
  constexpr MeetingFormat all[] = {MeetingFormat::kVideo, MeetingFormat::kPhone,
                                   MeetingFormat::kInPerson};
  return ParseName(text, all, MeetingFormatName);
}

std::optional<MeetingAnswer> ParseMeetingAnswer(std::string_view text) {
  constexpr MeetingAnswer all[] = {MeetingAnswer::kNeedsAction, MeetingAnswer::kAccepted,
                                   MeetingAnswer::kDeclined};
  return ParseName(text, all, MeetingAnswerName);
}

}  // namespace tandem
