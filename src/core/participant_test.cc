#include "core/participant.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

TEST(Availability, ParsesAndFormats) {
  const struct {
    std::string text;
    std::vector<WeeklyWindow> want;
    std::string formatted;
  } cases[] = {
      {"Mon 18:00-20:00", {{18 * 60, 120}}, "Mon 18:00-20:00"},
      {"mon 18:00-20:00; SAT 09:00-11:30",
       {{18 * 60, 120}, {5 * 1440 + 9 * 60, 150}},
       "Mon 18:00-20:00;Sat 09:00-11:30"},
      {"Friday 22:00-01:00", {{4 * 1440 + 22 * 60, 180}}, "Fri 22:00-01:00"},
      {"Sun 23:00-24:00", {{6 * 1440 + 23 * 60, 60}}, "Sun 23:00-24:00"},
      {"Tue 7:30-8:00", {{1440 + 7 * 60 + 30, 30}}, "Tue 07:30-08:00"},
      {"", {}, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseAvailability(c.text), c.want) << c.text;
    EXPECT_EQ(FormatAvailability(c.want), c.formatted) << c.text;
  }
}

TEST(Availability, RejectsMalformed) {
  for (const char* text :
       {"Mon", "Xyz 10:00-11:00", "Mon 10:00", "Mon 25:00-26:00", "Mon 10:60-11:00",
        "Mon 10:00-10:00", "Mon 24:00-01:00", "Mon 10-11", "Mon ab:cd-11:00"}) {
    EXPECT_THROW(ParseAvailability(text), Error) << text;
  }
}

TEST(CanonicalTag, NormalisesCaseSpacesAndUnderscores) {
  EXPECT_EQ(CanonicalTag("  Sickle_Cell  Disease "), "sickle cell disease");
  EXPECT_EQ(CanonicalTag("Thrombosis"), "thrombosis");
  EXPECT_EQ(CanonicalTag(""), "");
}

TEST(Role, ParsesNames) {
  EXPECT_EQ(ParseRole("Mentor"), Role::kMentor);
  EXPECT_EQ(ParseRole(" mentee "), Role::kMentee);
  EXPECT_EQ(ParseRole("boss"), std::nullopt);
  EXPECT_EQ(RoleName(Role::kEvaluator), "evaluator");
}

}  // namespace
}  // namespace tandem
