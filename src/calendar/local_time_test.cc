#include "calendar/local_time.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem::calendar {
namespace {

// Wall times read in their zone, to the minute, across the clock changes of
// both sides of the Atlantic, the southern hemisphere, a zone without DST and
// half-hour zones; skipped and repeated hours are errors that say which and
// offer the valid times.
TEST(ReadWallTime, ZonesAndClockChangesToTheMinute) {
  const struct {
    const char* zone;
    const char* text;
    const char* utc;      // expected instant, or nullptr for an error
    const char* message;  // part of the error
  } cases[] = {
      {"America/New_York", "2027-01-12T09:00", "2027-01-12T14:00:00Z", nullptr},
      {"America/New_York", "2027-07-12T09:00", "2027-07-12T13:00:00Z", nullptr},
      {"America/New_York", "2027-03-14T01:59", "2027-03-14T06:59:00Z", nullptr},
      {"America/New_York", "2027-03-14T03:00", "2027-03-14T07:00:00Z", nullptr},
      {"America/New_York", "2027-03-14T02:30", nullptr,
       "02:30 on 2027-03-14 does not exist in America/New_York: clocks go from 02:00 to 03:00 "
       "that night; choose a time before 02:00 or from 03:00"},
      {"America/New_York", "2027-11-07T01:30", nullptr,
       "01:30 on 2027-11-07 happens twice in America/New_York (clocks go back that night): say "
       "which with its offset, 2027-11-07T01:30-04:00 (EDT, the first) or "
       "2027-11-07T01:30-05:00 (EST, the second)"},
      {"America/New_York", "2027-11-07T01:30-04:00", "2027-11-07T05:30:00Z", nullptr},
      {"America/New_York", "2027-11-07T01:30-05:00", "2027-11-07T06:30:00Z", nullptr},
      {"America/New_York", "2027-11-07T01:30-06:00", nullptr, "is at -05:00 then, not -06:00"},
      {"Europe/London", "2027-03-28T01:30", nullptr, "clocks go from 01:00 to 02:00"},
      {"Europe/London", "2027-10-31T01:30", nullptr, "happens twice in Europe/London"},
      {"Europe/London", "2027-07-01T12:00", "2027-07-01T11:00:00Z", nullptr},
      {"Australia/Sydney", "2027-01-12T09:00", "2027-01-11T22:00:00Z", nullptr},
      {"Australia/Sydney", "2027-07-12T09:00", "2027-07-11T23:00:00Z", nullptr},
      {"Australia/Sydney", "2027-04-04T02:30", nullptr, "2027-04-04T02:30+11:00 (AEDT, the first)"},
      {"Australia/Sydney", "2027-10-03T02:30", nullptr, "clocks go from 02:00 to 03:00"},
      {"America/Phoenix", "2027-01-12T09:00", "2027-01-12T16:00:00Z", nullptr},
      {"America/Phoenix", "2027-07-12T09:00", "2027-07-12T16:00:00Z", nullptr},
      {"Asia/Kolkata", "2027-03-14T09:00", "2027-03-14T03:30:00Z", nullptr},
      {"America/St_Johns", "2027-01-12T09:00", "2027-01-12T12:30:00Z", nullptr},
      {"America/St_Johns", "2027-07-12T09:00", "2027-07-12T11:30:00Z", nullptr},
      {"America/St_Johns", "2027-03-14T02:15", nullptr, "clocks go from 02:00 to 03:00"},
      {"UTC", "2027-01-12T09:00Z", "2027-01-12T09:00:00Z", nullptr},
      {"America/Chicago", "2027-02-30T09:00", nullptr, "is not a time of the form"},
      {"America/Chicago", "2027-01-12 9:00", nullptr, "is not a time of the form"},
      {"America/Chicago", "2027-01-12T24:00", nullptr, "is not a time of the form"},
      {"Mars/Olympus", "2027-01-12T09:00", nullptr, "unknown time zone \"Mars/Olympus\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.zone) + " " + c.text);
    if (c.utc) {
      EXPECT_EQ(FormatUtc(ReadWallTime(c.text, c.zone, "start")), c.utc);
      continue;
    }
    try {
      ReadWallTime(c.text, c.zone, "start");
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(LocalToUtc, LenientAtClockChanges) {
  const auto local = [](const char* utc_form) {
    return LocalSeconds{ParseUtc(utc_form)->time_since_epoch()};
  };
  // Skipped: the end of the gap; repeated: the first occurrence.
  EXPECT_EQ(FormatUtc(LocalToUtc("America/New_York", local("2027-03-14T02:30:00Z"))),
            "2027-03-14T07:00:00Z");
  EXPECT_EQ(FormatUtc(LocalToUtc("America/New_York", local("2027-11-07T01:30:00Z"))),
            "2027-11-07T05:30:00Z");
  EXPECT_EQ(FormatWallTime(*ParseUtc("2027-01-12T15:00:00Z"), "America/Chicago"),
            "2027-01-12T09:00-06:00");
  EXPECT_EQ(FormatWallTime(*ParseUtc("2027-01-12T03:30:00Z"), "Asia/Kolkata"),
            "2027-01-12T09:00+05:30");
  EXPECT_EQ(ZoneAbbreviation(*ParseUtc("2027-07-12T12:00:00Z"), "America/Chicago"), "CDT");
}

}  // namespace
}  // namespace tandem::calendar
