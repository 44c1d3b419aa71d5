#include "calendar/ics.h"

#include <date/date.h>

namespace tandem::calendar {
namespace {

std::string IcsTime(SysSeconds t) { return date::format("%Y%m%dT%H%M%SZ", t); }

// Appends one content line, folded at 75 octets with CRLF + space, never
// splitting a UTF-8 sequence.
void Line(std::string& out, const std::string& line) {
  size_t at = 0, limit = 75;
  while (line.size() - at > limit) {
    size_t cut = at + limit;
    while (cut > at && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, at, cut - at);
    out += "\r\n ";
    at = cut;
    limit = 74;  // the leading space counts
  }
  out.append(line, at, std::string::npos);
  out += "\r\n";
}

// A quoted parameter value (CN="..."): DQUOTE is not allowed inside.
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c != '"' && c != '\r' && c != '\n') out += c;
  }
  return out + "\"";
}

const char* MethodName(IcsMethod method) {
  switch (method) {
    case IcsMethod::kRequest:
      return "REQUEST";
    case IcsMethod::kCancel:
      return "CANCEL";
    case IcsMethod::kPublish:
      break;
  }
  return "PUBLISH";
}

}  // namespace

std::string EscapeIcsText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
      out += c;
    }
  }
  return out;
}

std::string WriteIcs(IcsMethod method, const std::vector<IcsEvent>& events,
                     const std::string& name) {
  std::string out;
  Line(out, "BEGIN:VCALENDAR");
  Line(out, "VERSION:2.0");
  Line(out, "PRODID:-//Tandem//Mentorship in cancer care//EN");
  Line(out, "CALSCALE:GREGORIAN");
  Line(out, std::string("METHOD:") + MethodName(method));
  if (!name.empty()) Line(out, "X-WR-CALNAME:" + EscapeIcsText(name));
  for (const IcsEvent& e : events) {
    Line(out, "BEGIN:VEVENT");
    Line(out, "UID:" + e.uid);
    Line(out, "SEQUENCE:" + std::to_string(e.sequence));
    Line(out, "DTSTAMP:" + IcsTime(e.stamp));
    Line(out, "DTSTART:" + IcsTime(e.start));
    Line(out, "DTEND:" + IcsTime(e.end));
    Line(out, "SUMMARY:" + EscapeIcsText(e.summary));
    if (!e.description.empty()) Line(out, "DESCRIPTION:" + EscapeIcsText(e.description));
    if (!e.location.empty()) Line(out, "LOCATION:" + EscapeIcsText(e.location));
    if (!e.url.empty()) Line(out, "URL:" + e.url);
    Line(out, "STATUS:" + e.status);
    if (!e.organizer.email.empty()) {
      Line(out, "ORGANIZER;CN=" + Quoted(e.organizer.name) + ":mailto:" + e.organizer.email);
    }
    for (const IcsPerson& a : e.attendees) {
      if (a.email.empty()) continue;
      Line(out, "ATTENDEE;CN=" + Quoted(a.name) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=" + a.partstat +
                    ":mailto:" + a.email);
    }
    Line(out, "END:VEVENT");
  }
  Line(out, "END:VCALENDAR");
  return out;
}

}  // namespace tandem::calendar
