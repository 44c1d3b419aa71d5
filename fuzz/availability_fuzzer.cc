// Weekly availability text (ParseAvailability, core/participant.h, as in the
// participant file's availability column) and the calendar engine after it
// (calendar/weekly.h): parse errors are tandem::Error; FormatAvailability
// reads back to the same windows; ToUtcWeek's result is normalized for every
// offset, and OverlapMinutes agrees with it. The same bytes are also tried as
// an ISO date and as a time-zone name (the profile's time_zone).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/weekly.h"
#include "core/error.h"
#include "core/participant.h"
#include "fuzz_check.h"

using tandem::fuzz::Check;
namespace calendar = tandem::calendar;

namespace {

// Sorted, non-overlapping, non-adjacent, inside [0, kMinutesPerWeek).
void CheckNormalized(const std::vector<tandem::WeeklyWindow>& windows) {
  int end = -1;
  for (const tandem::WeeklyWindow& w : windows) {
    Check(w.minutes > 0, "normalized windows are not empty");
    Check(w.start > end, "normalized windows are sorted, apart and not adjacent");
    Check(w.start >= 0 && w.start + w.minutes <= calendar::kMinutesPerWeek,
          "normalized windows lie in one week");
    end = w.start + w.minutes;
  }
}

int Total(const std::vector<tandem::WeeklyWindow>& windows) {
  int total = 0;
  for (const tandem::WeeklyWindow& w : windows) total += w.minutes;
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  try {
    (void)calendar::ParseDate(text);
  } catch (const tandem::Error& e) {
    Check(e.code() == tandem::ErrorCode::kInvalidArgument, "date errors are invalid_argument");
  }
  if (size <= 64) {
    try {
      const int offset = calendar::UtcOffsetMinutes(text, calendar::Date{19000});
      Check(offset > -24 * 60 && offset < 24 * 60, "a zone's offset is under a day");
    } catch (const tandem::Error& e) {
      Check(e.code() == tandem::ErrorCode::kInvalidArgument, "zone errors are invalid_argument");
    }
  }

  std::vector<tandem::WeeklyWindow> local;
  try {
    local = tandem::ParseAvailability(text);
  } catch (const tandem::Error& e) {
    Check(e.code() == tandem::ErrorCode::kInvalidArgument,
          "availability errors are invalid_argument");
    return 0;
  }
  for (const tandem::WeeklyWindow& w : local) {
    Check(w.start >= 0 && w.start < calendar::kMinutesPerWeek, "a window starts inside the week");
    Check(w.minutes >= 1 && w.minutes <= calendar::kMinutesPerDay,
          "a window lasts 1..1440 minutes");
  }
  const std::string formatted = tandem::FormatAvailability(local);
  Check(tandem::ParseAvailability(formatted) == local,
        "ParseAvailability(FormatAvailability(w)) == w");

  const std::vector<tandem::WeeklyWindow> utc = calendar::ToUtcWeek(local, 0);
  CheckNormalized(utc);
  Check(calendar::OverlapMinutes(utc, utc) == Total(utc), "a week overlaps itself fully");
  for (int offset : {-720, -300, 330, 345, 840}) {
    const std::vector<tandem::WeeklyWindow> shifted = calendar::ToUtcWeek(local, offset);
    CheckNormalized(shifted);
    Check(Total(shifted) == Total(utc), "shifting a week keeps its minutes");
    const int overlap = calendar::OverlapMinutes(utc, shifted);
    Check(overlap == calendar::OverlapMinutes(shifted, utc), "overlap is symmetric");
    Check(overlap >= 0 && overlap <= Total(utc), "overlap is at most either week");
  }
  return 0;
}
