// Program events (docs/journey.md): orientation, webinars, a kick-off, a
// closing session — with RSVPs and attendance. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

inline constexpr std::string_view kEventKinds[] = {"orientation", "webinar", "kickoff", "closing",
                                                   "other"};
inline constexpr std::string_view kRsvpAnswers[] = {"yes", "no", "maybe"};

struct ProgramEvent {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string kind = "orientation";
  std::string title;
  std::string starts_at;  // UTC
  int minutes = 60;
  std::string location;  // a video link or a place
  std::string description;
  std::string audience = "everyone";  // everyone, mentors, mentees
  bool required = false;
  std::string recording_url;            // after the event
  std::vector<std::int64_t> materials;  // resources (core/resource.h) to read or bring
  std::string uid;                      // iCalendar UID
  int sequence = 0;                     // grows with every change
  bool cancelled = false;
  std::string created_at;
  std::string updated_at;
};

// One invitee's answer and attendance.
struct EventAttendance {
  std::int64_t event_id = 0;
  std::int64_t enrollment_id = 0;
  std::string rsvp;              // yes, no, maybe; empty: no answer
  std::optional<bool> attended;  // none: not recorded
  std::optional<int> minutes;    // minutes attended, from a report
};

}  // namespace tandem
