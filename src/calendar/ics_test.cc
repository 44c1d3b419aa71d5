#include "calendar/ics.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tandem::calendar {
namespace {

IcsEvent Meeting() {
  IcsEvent e;
  e.uid = "meeting-7@tandem.test";
  e.sequence = 2;
  e.stamp = *ParseUtc("2027-01-05T10:00:00Z");
  e.start = *ParseUtc("2027-01-12T15:00:00Z");
  e.end = *ParseUtc("2027-01-12T15:45:00Z");
  e.summary = "Mentoring: Ana Ruiz and Sam Lee";
  e.description = "Agenda; career plan, grant\nLine two \\ done";
  e.location = "https://meet.example/abc";
  e.organizer = {"Sam Lee", "sam@x.test", ""};
  e.attendees = {{"Ana \"Ann\" Ruiz", "ana@x.test", "ACCEPTED"},
                 {"Sam Lee", "sam@x.test", "ACCEPTED"}};
  return e;
}

TEST(WriteIcs, WritesARequestInUtcWithCrlfAndEscapes) {
  const std::string ics = WriteIcs(IcsMethod::kRequest, {Meeting()});
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  for (const char* line :
       {"METHOD:REQUEST\r\n", "UID:meeting-7@tandem.test\r\n", "SEQUENCE:2\r\n",
        "DTSTAMP:20270105T100000Z\r\n", "DTSTART:20270112T150000Z\r\n",
        "DTEND:20270112T154500Z\r\n",
        "DESCRIPTION:Agenda\\; career plan\\, grant\\nLine two \\\\ done\r\n",
        "ORGANIZER;CN=\"Sam Lee\":mailto:sam@x.test\r\n", "STATUS:CONFIRMED\r\n"}) {
    EXPECT_NE(ics.find(line), std::string::npos) << line << "\n" << ics;
  }
  // The quote in a name cannot end the parameter value (the line is folded).
  std::string unfolded = ics;
  for (size_t at; (at = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(at, 3);
  EXPECT_NE(
      unfolded.find(
          "ATTENDEE;CN=\"Ana Ann Ruiz\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:ana@x.test"),
      std::string::npos);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  // Every line ends in CRLF; no bare LF.
  for (size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      EXPECT_EQ(ics[i - 1], '\r') << i;
    }
  }
}

TEST(WriteIcs, FoldsLongLinesAt75OctetsWithoutSplittingCharacters) {
  IcsEvent e = Meeting();
  e.description.clear();
  for (int i = 0; i < 40; ++i) e.description += "é résumé ";  // 2-byte characters
  const std::string ics = WriteIcs(IcsMethod::kPublish, {e}, "Sam's meetings");
  std::istringstream in(ics);
  std::string unfolded, line;
  while (std::getline(in, line)) {
    ASSERT_FALSE(line.empty());
    ASSERT_EQ(line.back(), '\r');
    line.pop_back();
    EXPECT_LE(line.size(), 75u) << line;
    // A continuation never starts in the middle of a UTF-8 character.
    const unsigned char first = static_cast<unsigned char>(line[line[0] == ' ' ? 1 : 0]);
    EXPECT_NE(first & 0xC0, 0x80) << line;
    if (line[0] == ' ') {
      unfolded += line.substr(1);
    } else {
      unfolded += "\n" + line;
    }
  }
  std::string description = "\nDESCRIPTION:";
  for (int i = 0; i < 40; ++i) description += "é résumé ";
  EXPECT_NE(unfolded.find(description + "\n"), std::string::npos);
  EXPECT_NE(ics.find("X-WR-CALNAME:Sam's meetings\r\n"), std::string::npos);
  EXPECT_NE(ics.find("METHOD:PUBLISH\r\n"), std::string::npos);
}

}  // namespace
}  // namespace tandem::calendar
