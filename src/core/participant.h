// A person taking part in a program as mentor or mentee, as read from the
// participant CSV (docs/import.md) and as the matching engine sees them. Plain
// values: no ids from the database, no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem {

enum class Role { kMentor, kMentee, kCoordinator, kEvaluator };

// "mentor", "mentee", "coordinator", "evaluator".
std::string_view RoleName(Role role);
// Parses a role name (case-insensitive); nullopt when unknown.
std::optional<Role> ParseRole(std::string_view text);

// A weekly availability window in the person's own time zone. Starts at
// `start` minutes after Monday 00:00 (0..10079) and lasts `minutes` (1..1440);
// it may run past midnight (and past Sunday into Monday).
struct WeeklyWindow {
  int start = 0;
  int minutes = 0;
  friend bool operator==(const WeeklyWindow&, const WeeklyWindow&) = default;
};

// A background attribute such as "gender:woman" or "first_generation:yes".
struct BackgroundTag {
  std::string key;
  std::string value;
  friend bool operator==(const BackgroundTag&, const BackgroundTag&) = default;
};

// The largest capacity anywhere (profile, invitation, import): a peer-support
// volunteer may take many people; a cohort mentor usually 1-3.
inline constexpr int kMaxCapacity = 1000;

struct Participant {
  Role role = Role::kMentee;
  std::string id;  // unique within the program's file; the key used by prefer/avoid/lock
  std::string name;
  std::string email;
  std::string institution;
  std::string career_stage;  // e.g. "fellow_pgy5", "associate_professor" (taxonomy or free)
  std::string time_zone;     // IANA name, e.g. "America/Chicago"
  std::optional<int> years_experience;
  int capacity =
      1;  // mentor: mentees they can take; mentee: mentors they may have, 1..kMaxCapacity
  std::vector<std::string> interests;
  std::vector<std::string> specialties;
  std::vector<std::string> goals;
  std::vector<BackgroundTag> background;
  std::vector<std::string> match_on;  // background keys the mentee asks to be matched on
  std::vector<std::string> languages;
  std::vector<WeeklyWindow> availability;
  std::vector<std::string> prefer;  // ids of the other side, most preferred first
  std::vector<std::string> avoid;   // ids never to be paired with
  std::string bio;
  // Answers to the program's intake questions (core/intake.h) by question
  // code: one value, or several option codes for a multiple-choice question.
  std::map<std::string, std::vector<std::string>> answers;
  friend bool operator==(const Participant&, const Participant&) = default;
};

// Parses "Mon 18:00-20:00;Sat 09:00-11:00" (days Mon..Sun or full names, any
// case; 24-hour times; an end before the start runs past midnight). Throws
// tandem::Error(kInvalidArgument) naming the bad part.
std::vector<WeeklyWindow> ParseAvailability(std::string_view text);
// The inverse of ParseAvailability: "Mon 18:00-20:00;Sat 09:00-11:00".
std::string FormatAvailability(const std::vector<WeeklyWindow>& windows);

// Canonical form of a tag: trimmed, lower case, inner runs of white space and
// underscores collapsed to one space ("Sickle_Cell  Disease" -> "sickle cell disease").
std::string CanonicalTag(std::string_view text);

}  // namespace tandem
