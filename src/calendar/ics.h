// iCalendar text (RFC 5545) for meetings, with the scheduling methods of
// RFC 5546: REQUEST for a new or changed meeting, CANCEL for a cancelled
// one, PUBLISH for a calendar feed. Times are written in UTC ("...Z"), so no
// VTIMEZONE is needed and every client places them exactly; lines end in
// CRLF, are folded at 75 octets (never inside a UTF-8 character), and text is
// escaped. Pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"

namespace tandem::calendar {

enum class IcsMethod { kPublish, kRequest, kCancel };

struct IcsPerson {
  std::string name;
  std::string email;
  // For attendees: NEEDS-ACTION, ACCEPTED, DECLINED or TENTATIVE.
  std::string partstat = "NEEDS-ACTION";
};

struct IcsEvent {
  std::string uid;   // stable for the life of the meeting
  int sequence = 0;  // incremented on every change
  SysSeconds stamp;  // when this version was written
  SysSeconds start;
  SysSeconds end;
  std::string summary;
  std::string description;
  std::string location;
  std::string url;
  // CONFIRMED, TENTATIVE or CANCELLED.
  std::string status = "CONFIRMED";
  IcsPerson organizer;
  std::vector<IcsPerson> attendees;
};

// A VCALENDAR holding `events` (none is valid, for an empty feed). `name`
// becomes X-WR-CALNAME when not empty.
std::string WriteIcs(IcsMethod method, const std::vector<IcsEvent>& events,
                     const std::string& name = "");

// `text` escaped as an iCalendar TEXT value (backslash, semicolon, comma,
// newline).
std::string EscapeIcsText(const std::string& text);

}  // namespace tandem::calendar
