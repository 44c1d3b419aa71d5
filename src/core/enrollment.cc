#include "core/enrollment.h"

#include <date/tz.h>

#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"

namespace tandem {
namespace {

constexpr EnrollmentStatus kStatuses[] = {EnrollmentStatus::kInvited, EnrollmentStatus::kApplied,
                                          EnrollmentStatus::kActive, EnrollmentStatus::kWithdrawn};

constexpr size_t kMaxTag = 100;
constexpr size_t kMaxTags = 50;
constexpr size_t kMaxLine = 200;  // name, institution, career stage
constexpr size_t kMaxBio = 4000;

bool IsKnownTimeZone(const std::string& name) {
  try {
    date::locate_zone(name);  // reads the shared, immutable tz database
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Canonical, de-duplicated tags of one list; throws naming `field` (the
// list) or `field[i]` (one entry).
std::vector<std::string> CanonicalTags(const std::vector<std::string>& tags, const char* field) {
  if (tags.size() > kMaxTags) {
    throw InvalidArgument("at most " + std::to_string(kMaxTags) + " entries", field);
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < tags.size(); ++i) {
    const std::string& raw = tags[i];
    const std::string entry = std::string(field) + "[" + std::to_string(i) + "]";
    CheckText(raw, entry.c_str(), kMaxTag);
    if (raw.find(';') != std::string::npos) {
      throw InvalidArgument("\"" + raw + "\" must not contain ';' (give each entry separately)",
                            entry);
    }
    std::string tag = CanonicalTag(raw);
    if (tag.empty()) throw InvalidArgument("empty entry", entry);
    if (seen.insert(tag).second) out.push_back(std::move(tag));
  }
  return out;
}

}  // namespace

std::string_view EnrollmentStatusName(EnrollmentStatus status) {
  switch (status) {
    case EnrollmentStatus::kInvited:
      return "invited";
    case EnrollmentStatus::kApplied:
      return "applied";
    case EnrollmentStatus::kActive:
      return "active";
    case EnrollmentStatus::kWithdrawn:
      return "withdrawn";
  }
  return "active";
}

std::optional<EnrollmentStatus> ParseEnrollmentStatus(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (EnrollmentStatus s : kStatuses) {
    if (lower == EnrollmentStatusName(s)) return s;
  }
  return std::nullopt;
}

bool CanTransition(EnrollmentStatus from, EnrollmentStatus to) {
  using S = EnrollmentStatus;
  switch (from) {
    case S::kInvited:
    case S::kApplied:
      return to == S::kActive || to == S::kWithdrawn;
    case S::kActive:
      return to == S::kWithdrawn;
    case S::kWithdrawn:
      return false;
  }
  return false;
}

bool IsProfileComplete(const Participant& profile) {
  return !profile.time_zone.empty() && !profile.interests.empty() && !profile.availability.empty();
}

EnrollmentPage PageOf(std::vector<Enrollment> all, const EnrollmentQuery& query) {
  const std::string text = FoldCase(query.text);
  const auto keeps = [&](const Enrollment& e) {
    if (query.role && e.role != *query.role) return false;
    if (query.status && e.status != *query.status) return false;
    if (text.empty()) return true;
    for (const std::string* field : {&e.name, &e.email, &e.participant_id}) {
      if (FoldCase(*field).find(text) != std::string::npos) return true;
    }
    return false;
  };
  EnrollmentPage page;
  for (Enrollment& e : all) {
    if (!keeps(e)) continue;
    const std::size_t index = page.counts.total++;
    if (e.role == Role::kMentor || e.role == Role::kMentee) {
      ++page.counts.participants;
      if (e.profile_complete) ++page.counts.profiles_complete;
    }
    if (index >= query.offset && (!query.limit || index - query.offset < *query.limit)) {
      page.enrollments.push_back(std::move(e));
    }
  }
  return page;
}

void CheckParticipantId(const std::string& id) {
  if (id.empty()) throw InvalidArgument("a participant id is required", "participant_id");
  if (id.size() > kMaxParticipantId || !IsValidUtf8(id) || HasControlCharacters(id) ||
      id.find_first_of(";,: \t") != std::string::npos) {
    throw InvalidArgument(
        "a participant id has at most 64 characters and no spaces, line breaks, ';', ',' or ':'",
        "participant_id");
  }
}

Participant CheckProfile(const Participant& profile, std::vector<FieldProblem>& problems) {
  Participant p = profile;
  // Each rule runs alone, so that one problem does not hide the next.
  const auto rule = [&problems](const auto& check) {
    try {
      check();
    } catch (const Error& e) {
      problems.push_back({e.field(), e.message()});
    }
  };
  rule([&] {
    p.name = std::string(Trim(p.name));
    if (p.name.empty()) throw InvalidArgument("a name is required", "name");
    CheckText(p.name, "name", kMaxLine);
  });
  rule([&] {
    p.institution = std::string(Trim(p.institution));
    CheckText(p.institution, "institution", kMaxLine);
  });
  rule([&] {
    CheckText(p.career_stage, "career_stage", kMaxLine);
    p.career_stage = CanonicalTag(p.career_stage);
  });
  rule([&] {
    p.time_zone = std::string(Trim(p.time_zone));
    if (!p.time_zone.empty() && (!IsValidUtf8(p.time_zone) || !IsKnownTimeZone(p.time_zone))) {
      throw InvalidArgument(
          "unknown time zone \"" + p.time_zone + "\" (use an IANA name such as America/Chicago)",
          "time_zone");
    }
  });
  rule([&] {
    if (p.years_experience && (*p.years_experience < 0 || *p.years_experience > 80)) {
      throw InvalidArgument("a whole number of years from 0 to 80", "years_experience");
    }
  });
  rule([&] {
    if (p.capacity < 1 || p.capacity > kMaxCapacity) {
      throw InvalidArgument("capacity must be from 1 to " + std::to_string(kMaxCapacity),
                            "capacity");
    }
  });
  rule([&] { p.interests = CanonicalTags(p.interests, "interests"); });
  rule([&] { p.specialties = CanonicalTags(p.specialties, "specialties"); });
  rule([&] { p.goals = CanonicalTags(p.goals, "goals"); });
  rule([&] { p.languages = CanonicalTags(p.languages, "languages"); });
  std::set<std::string> keys;
  rule([&] {
    if (p.background.size() > kMaxTags) {
      throw InvalidArgument("at most " + std::to_string(kMaxTags) + " entries", "background");
    }
    for (BackgroundTag& tag : p.background) {
      const std::string entry = "background." + tag.key;  // as the API names it
      CheckText(tag.key, "background", kMaxTag);
      CheckText(tag.value, entry.c_str(), kMaxTag);
      if (tag.key.find_first_of(";:") != std::string::npos ||
          tag.value.find(';') != std::string::npos) {
        throw InvalidArgument("\"" + tag.key + ":" + tag.value +
                                  "\": keys must not contain ':' or ';', values not ';'",
                              entry);
      }
      tag.key = CanonicalTag(tag.key);
      tag.value = std::string(Trim(tag.value));
      if (tag.key.empty() || tag.value.empty()) {
        throw InvalidArgument("each entry needs both a key and a value", entry);
      }
      if (!keys.insert(tag.key).second) {
        throw InvalidArgument("background key \"" + tag.key + "\" given twice", entry);
      }
    }
  });
  rule([&] {
    p.match_on = CanonicalTags(p.match_on, "match_on");
    for (size_t i = 0; i < p.match_on.size(); ++i) {
      if (keys.count(p.match_on[i]) == 0) {
        throw InvalidArgument(
            "\"" + p.match_on[i] + "\" is not one of this person's background keys",
            "match_on[" + std::to_string(i) + "]");
      }
    }
  });
  rule([&] {
    if (p.availability.size() > 7 * 24) {
      throw InvalidArgument("at most 168 windows", "availability");
    }
    for (size_t i = 0; i < p.availability.size(); ++i) {
      const WeeklyWindow& w = p.availability[i];
      const std::string entry = "availability[" + std::to_string(i) + "].";
      if (w.start < 0 || w.start >= 7 * 24 * 60) {
        throw InvalidArgument("a window must start from 0 to 10079 minutes after Monday 00:00",
                              entry + "start_minute");
      }
      if (w.minutes < 1 || w.minutes > 24 * 60) {
        throw InvalidArgument("a window must last from 1 to 1440 minutes", entry + "minutes");
      }
    }
  });
  rule([&] {
    if (!p.availability.empty() && p.time_zone.empty()) {
      throw InvalidArgument("a time zone is needed to place the availability", "time_zone");
    }
  });
  rule([&] { CheckText(p.bio, "bio", kMaxBio, true); });
  return p;
}

Participant ValidateProfile(const Participant& profile) {
  std::vector<FieldProblem> problems;
  Participant p = CheckProfile(profile, problems);
  if (!problems.empty()) throw InvalidArgument(problems.front().message, problems.front().field);
  return p;
}

}  // namespace tandem
