// A pair's meetings: proposed, answered, rescheduled or cancelled; and what
// each partner logged afterwards. Times are UTC text (core/clock.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

// proposed: waiting for the other side; scheduled: both accepted; declined:
// the other side said no; cancelled: called off by either, or a coordinator.
enum class MeetingStatus { kProposed, kScheduled, kDeclined, kCancelled };
enum class MeetingFormat { kVideo, kPhone, kInPerson };
// Each side's answer, as iCalendar's PARTSTAT.
enum class MeetingAnswer { kNeedsAction, kAccepted, kDeclined };

std::string_view MeetingStatusName(MeetingStatus status);  // "proposed", ...
std::string_view MeetingFormatName(MeetingFormat mode);    // "video", "phone", "in_person"
std::optional<MeetingFormat> ParseMeetingFormat(std::string_view text);
std::string_view MeetingAnswerName(MeetingAnswer answer);  // "needs-action", "accepted", ...
std::optional<MeetingAnswer> ParseMeetingAnswer(std::string_view text);
std::optional<MeetingStatus> ParseMeetingStatus(std::string_view text);

struct Meeting {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  std::int64_t program_id = 0;
  std::string uid;        // iCalendar UID, stable for the meeting's life
  int sequence = 0;       // grows with every change
  std::string starts_at;  // UTC
  int minutes = 45;
  MeetingFormat mode = MeetingFormat::kVideo;
  std::string location;  // the video link, phone number or place
  std::string agenda;
  MeetingStatus status = MeetingStatus::kProposed;
  MeetingAnswer mentor_answer = MeetingAnswer::kNeedsAction;
  MeetingAnswer mentee_answer = MeetingAnswer::kNeedsAction;
  std::optional<std::int64_t> proposed_by;  // user who proposed this time
  std::string note;  // the note of the latest change ("running late at clinic")
  std::string created_at;
  std::string updated_at;
};

// Why a meeting was not held.
inline constexpr std::string_view kNotHeldReasons[] = {"rescheduled", "no_show", "cancelled"};

// The topics a meeting log offers (free tags are allowed besides).
inline constexpr std::string_view kMeetingTopics[] = {
    "career planning",   "research project", "clinical question",
    "work-life balance", "networking",       "grant or paper writing"};

struct MeetingLog {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  std::optional<std::int64_t> meeting_id;  // none: a meeting never scheduled here
  std::int64_t author_enrollment_id = 0;
  std::string met_at;  // UTC
  bool held = true;
  std::string not_held_reason;  // one of kNotHeldReasons when not held
  std::optional<int> minutes;   // actual duration
  std::vector<std::string> topics;
  std::string shared_notes;   // the partner and the coordinator read them
  std::string private_notes;  // only the author reads them
  std::string created_at;
  std::string updated_at;
};

}  // namespace tandem
