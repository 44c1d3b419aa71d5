#include "core/peer_support.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <map>

#include "core/csv.h"
#include "core/error.h"
#include "core/program.h"
#include "core/text.h"

namespace tandem {
namespace {

constexpr PeerTerm kCancerTypes[] = {
    {"breast", "Breast cancer"},
    {"prostate", "Prostate cancer"},
    {"lung", "Lung cancer"},
    {"colorectal", "Colorectal cancer"},
    {"melanoma", "Melanoma"},
    {"lymphoma", "Lymphoma"},
    {"leukemia", "Leukemia"},
    {"myeloma", "Multiple myeloma"},
    {"ovarian", "Ovarian cancer"},
    {"uterine_cervical", "Uterine or cervical cancer"},
    {"pancreatic", "Pancreatic cancer"},
    {"head_neck", "Head and neck cancer"},
    {"brain", "Brain tumour"},
    {"thyroid", "Thyroid cancer"},
    {"kidney", "Kidney cancer"},
    {"bladder", "Bladder cancer"},
    {"stomach_esophageal", "Stomach or esophageal cancer"},
    {"liver", "Liver cancer"},
    {"testicular", "Testicular cancer"},
    {"sarcoma", "Sarcoma"},
    {"other", "Another cancer"},
};
constexpr PeerTerm kStages[] = {{"0", "Stage 0"},   {"1", "Stage I"},  {"2", "Stage II"},
                                {"3", "Stage III"}, {"4", "Stage IV"}, {"unknown", "Not known"}};
constexpr PeerTerm kTreatments[] = {
    {"surgery", "Surgery"},
    {"chemotherapy", "Chemotherapy"},
    {"radiation", "Radiation"},
    {"immunotherapy", "Immunotherapy"},
    {"targeted_therapy", "Targeted therapy"},
    {"hormone_therapy", "Hormone therapy"},
    {"stem_cell_transplant", "Stem cell transplant"},
    {"car_t", "CAR-T cell therapy"},
    {"clinical_trial", "A clinical trial"},
};
constexpr PeerTerm kTimes[] = {
    {"under_6_months", "Less than 6 months ago"}, {"6_to_12_months", "6 to 12 months ago"},
    {"1_to_2_years", "1 to 2 years ago"},         {"2_to_5_years", "2 to 5 years ago"},
    {"over_5_years", "More than 5 years ago"},
};
constexpr PeerTerm kAgeGroups[] = {{"18_29", "18 to 29"}, {"30_39", "30 to 39"},
                                   {"40_49", "40 to 49"}, {"50_59", "50 to 59"},
                                   {"60_69", "60 to 69"}, {"70_plus", "70 or older"}};
constexpr PeerTerm kGenders[] = {{"woman", "Woman"},
                                 {"man", "Man"},
                                 {"nonbinary", "Non-binary"},
                                 {"undisclosed", "Prefer not to say"}};
constexpr PeerTerm kPersonKinds[] = {{"patient", "Patient (in treatment or newly diagnosed)"},
                                     {"survivor", "Survivor (after treatment)"},
                                     {"caregiver", "Caregiver (of someone with cancer)"}};
constexpr PeerTerm kRelationships[] = {{"partner", "Partner or spouse"},
                                       {"parent", "Parent"},
                                       {"child", "Son or daughter"},
                                       {"sibling", "Brother or sister"},
                                       {"friend", "Friend"}};
constexpr PeerTerm kTopics[] = {
    {"newly_diagnosed", "Being newly diagnosed"},
    {"treatment_side_effects", "Treatment side effects"},
    {"fertility", "Fertility"},
    {"body_image", "Body image"},
    {"returning_to_work", "Returning to work"},
    {"fear_of_recurrence", "Fear of recurrence"},
    {"finances", "Finances"},
    {"parenting", "Parenting through cancer"},
    {"end_of_treatment", "End of treatment"},
    {"relationships", "Relationships and intimacy"},
    {"caregiving", "Caring for someone"},
    {"advanced_cancer", "Living with advanced cancer"},
};
constexpr PeerTerm kContactModes[] = {
    {"phone", "Phone"}, {"video", "Video call"}, {"messaging", "Messages"}};

bool KnownZone(const std::string& name) {
  try {
    date::locate_zone(name);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// `code` lower-cased and trimmed; throws naming `field` unless in `list`
// (empty allowed when `optional`).
std::string Code(std::span<const PeerTerm> list, const std::string& code, const std::string& field,
                 bool optional) {
  const std::string c = ToLower(Trim(code));
  if (c.empty()) {
    if (optional) return c;
    throw InvalidArgument(field + " is required", field);
  }
  if (PeerIndexOf(list, c) < 0) {
    std::string known;
    for (const PeerTerm& t : list) known += (known.empty() ? "" : ", ") + std::string(t.code);
    throw InvalidArgument(field + " \"" + c + "\" is not one of: " + known, field);
  }
  return c;
}

std::vector<std::string> Codes(std::span<const PeerTerm> list, const std::vector<std::string>& in,
                               const std::string& field) {
  std::vector<std::string> out;
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string c = Code(list, in[i], field + "[" + std::to_string(i) + "]", false);
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

}  // namespace

std::span<const PeerTerm> PeerCancerTypes() { return kCancerTypes; }
std::span<const PeerTerm> PeerStages() { return kStages; }
std::span<const PeerTerm> PeerTreatments() { return kTreatments; }
std::span<const PeerTerm> PeerTimesSinceDiagnosis() { return kTimes; }
std::span<const PeerTerm> PeerAgeGroups() { return kAgeGroups; }
std::span<const PeerTerm> PeerGenders() { return kGenders; }
std::span<const PeerTerm> PeerPersonKinds() { return kPersonKinds; }
std::span<const PeerTerm> PeerRelationships() { return kRelationships; }
std::span<const PeerTerm> PeerTopics() { return kTopics; }
std::span<const PeerTerm> PeerContactModes() { return kContactModes; }

std::string_view PeerLabel(std::span<const PeerTerm> list, std::string_view code) {
  for (const PeerTerm& t : list) {
    if (t.code == code) return t.label;
  }
  return {};
}

int PeerIndexOf(std::span<const PeerTerm> list, std::string_view code) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

PeerProfile ValidatePeerProfile(PeerProfile p) {
  p.person = Code(kPersonKinds, p.person, "person", false);
  p.cancer_type = Code(kCancerTypes, p.cancer_type, "cancer_type", false);
  p.cancer_subtype = std::string(Trim(p.cancer_subtype));
  if (p.cancer_subtype.size() > 200 || !IsValidUtf8(p.cancer_subtype)) {
    throw InvalidArgument("cancer_subtype is text of at most 200 bytes", "cancer_subtype");
  }
  p.cancer_subtype = CanonicalTag(p.cancer_subtype);
  p.stage = Code(kStages, p.stage, "stage", true);
  p.treatments = Codes(kTreatments, p.treatments, "treatments");
  p.time_since_diagnosis = Code(kTimes, p.time_since_diagnosis, "time_since_diagnosis", true);
  p.age_group = Code(kAgeGroups, p.age_group, "age_group", true);
  p.gender = Code(kGenders, p.gender, "gender", true);
  if (p.same_gender && (p.gender.empty() || p.gender == "undisclosed")) {
    throw InvalidArgument("to ask for someone of the same gender, say your gender", "gender");
  }
  p.relationship = Code(kRelationships, p.relationship, "relationship", true);
  if (!p.relationship.empty() && p.person != "caregiver") {
    throw InvalidArgument("a relationship is given by caregivers only", "relationship");
  }
  p.topics = Codes(kTopics, p.topics, "topics");
  p.contact = Codes(kContactModes, p.contact, "contact");
  std::vector<std::string> languages;
  for (size_t i = 0; i < p.languages.size(); ++i) {
    const std::string tag = CanonicalTag(p.languages[i]);
    const std::string field = "languages[" + std::to_string(i) + "]";
    if (tag.empty() || tag.size() > 60 || !IsValidUtf8(tag)) {
      throw InvalidArgument("a language is a name of at most 60 bytes", field);
    }
    if (std::find(languages.begin(), languages.end(), tag) == languages.end()) {
      languages.push_back(tag);
    }
  }
  if (languages.empty()) throw InvalidArgument("name at least one language", "languages");
  p.languages = std::move(languages);
  p.time_zone = std::string(Trim(p.time_zone));
  if (!p.time_zone.empty() && (!IsValidUtf8(p.time_zone) || !KnownZone(p.time_zone))) {
    throw InvalidArgument("unknown time zone \"" + p.time_zone + "\"", "time_zone");
  }
  for (size_t i = 0; i < p.availability.size(); ++i) {
    const WeeklyWindow& w = p.availability[i];
    if (w.start < 0 || w.start >= 7 * 1440 || w.minutes < 1 || w.minutes > 1440) {
      throw InvalidArgument("a window starts within the week and lasts 1 minute to a day",
                            "availability[" + std::to_string(i) + "]");
    }
  }
  return p;
}

std::string_view ScreeningName(Screening s) {
  switch (s) {
    case Screening::kPending:
      return "pending";
    case Screening::kCleared:
      return "cleared";
    case Screening::kExpired:
      return "expired";
  }
  return "pending";
}

std::optional<Screening> ParseScreening(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  for (Screening s : {Screening::kPending, Screening::kCleared, Screening::kExpired}) {
    if (t == ScreeningName(s)) return s;
  }
  return std::nullopt;
}

std::string VolunteerUnavailableReason(const VolunteerStanding& v, const std::string& today) {
  if (v.trained_on.empty()) return "has not completed training";
  if (v.screening == Screening::kPending) return "screening is pending";
  if (v.screening == Screening::kExpired ||
      (!v.screening_expires_on.empty() && v.screening_expires_on < today)) {
    return "screening has expired";
  }
  if (v.paused) return "is paused";
  if (v.load >= v.capacity) return "is supporting as many people as they can";
  return "";
}

void ValidatePeerSettings(const PeerSettings& s) {
  if (s.target_working_days < 1 || s.target_working_days > 30) {
    throw InvalidArgument("target_working_days must be between 1 and 30", "target_working_days");
  }
  if (s.offer_hours < 1 || s.offer_hours > 336) {
    throw InvalidArgument("offer_hours must be between 1 and 336", "offer_hours");
  }
}

namespace {
constexpr std::array<std::string_view, 9> kRequestStatuses = {"new",        "suggested",  "offered",
                                                              "accepted",   "introduced", "active",
                                                              "waitlisted", "withdrawn",  "closed"};
constexpr std::array<std::string_view, 5> kOfferStatuses = {"pending", "accepted", "declined",
                                                            "expired", "withdrawn"};

// Days since 1970-01-01 of an ISO date (civil from days, H. Hinnant).
int DaysOf(const std::string& iso) {
  if (iso.size() < 10) throw InvalidArgument("not a date: " + iso, "date");
  int y = std::stoi(iso.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}
}  // namespace

std::string_view PeerRequestStatusName(PeerRequestStatus s) {
  return kRequestStatuses[static_cast<int>(s)];
}

std::optional<PeerRequestStatus> ParsePeerRequestStatus(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  for (size_t i = 0; i < kRequestStatuses.size(); ++i) {
    if (t == kRequestStatuses[i]) return static_cast<PeerRequestStatus>(i);
  }
  return std::nullopt;
}

bool IsWaiting(PeerRequestStatus s) {
  return s == PeerRequestStatus::kNew || s == PeerRequestStatus::kSuggested ||
         s == PeerRequestStatus::kOffered || s == PeerRequestStatus::kWaitlisted;
}

std::string_view OfferStatusName(OfferStatus s) { return kOfferStatuses[static_cast<int>(s)]; }

std::optional<OfferStatus> ParseOfferStatus(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  for (size_t i = 0; i < kOfferStatuses.size(); ++i) {
    if (t == kOfferStatuses[i]) return static_cast<OfferStatus>(i);
  }
  return std::nullopt;
}

int WorkingDaysBetween(const std::string& from_date, const std::string& to_date) {
  const int from = DaysOf(from_date), to = DaysOf(to_date);
  int n = 0;
  for (int d = from + 1; d <= to; ++d) {
    const int weekday = ((d % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday: 0 = Monday
    if (weekday < 5) ++n;
  }
  return n;
}

namespace {

std::vector<std::string> SplitCodes(const std::string& text) {
  std::vector<std::string> out;
  std::string part;
  for (char c : text + ";") {
    if (c == ';') {
      const std::string t(Trim(part));
      if (!t.empty()) out.push_back(t);
      part.clear();
    } else {
      part += c;
    }
  }
  return out;
}

}  // namespace

PeerVolunteerFile ReadPeerVolunteerCsv(std::istream& in) {
  static const std::vector<std::string> known = {"id",
                                                 "person",
                                                 "cancer_type",
                                                 "cancer_subtype",
                                                 "stage",
                                                 "treatments",
                                                 "time_since_diagnosis",
                                                 "age_group",
                                                 "gender",
                                                 "relationship",
                                                 "topics",
                                                 "languages",
                                                 "contact",
                                                 "time_zone",
                                                 "trained_on",
                                                 "screening",
                                                 "screening_expires_on",
                                                 "paused"};
  PeerVolunteerFile file;
  CsvReader reader(in);
  std::vector<std::string> header, fields;
  try {
    if (!reader.Next(header)) {
      file.errors.push_back(
          {1, "", "the file is empty: a header row naming the columns is required"});
      return file;
    }
    std::map<std::string, size_t> at;
    for (size_t i = 0; i < header.size(); ++i) {
      const std::string name = ToLower(Trim(header[i]));
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        file.errors.push_back({1, name, "unknown column"});
      } else if (!at.emplace(name, i).second) {
        file.errors.push_back({1, name, "the column is given twice"});
      }
    }
    if (!at.count("id")) file.errors.push_back({1, "id", "the id column is required"});
    if (!file.errors.empty()) return file;
    std::map<std::string, int> seen;
    while (reader.Next(fields)) {
      const int row = reader.record();
      const auto get = [&](const char* column) {
        auto it = at.find(column);
        return it == at.end() || it->second >= fields.size()
                   ? std::string()
                   : std::string(Trim(fields[it->second]));
      };
      PeerVolunteerRow r;
      r.row = row;
      r.id = get("id");
      if (r.id.empty()) {
        file.errors.push_back({row, "id", "the volunteer's participant id is required"});
        continue;
      }
      if (auto [it, fresh] = seen.emplace(r.id, row); !fresh) {
        file.errors.push_back(
            {row, "id", "\"" + r.id + "\" is already on row " + std::to_string(it->second)});
        continue;
      }
      PeerProfile& p = r.profile;
      p.person = get("person");
      p.cancer_type = get("cancer_type");
      p.cancer_subtype = get("cancer_subtype");
      p.stage = get("stage");
      p.treatments = SplitCodes(get("treatments"));
      p.time_since_diagnosis = get("time_since_diagnosis");
      p.age_group = get("age_group");
      p.gender = get("gender");
      p.relationship = get("relationship");
      p.topics = SplitCodes(get("topics"));
      p.languages = SplitCodes(get("languages"));
      p.contact = SplitCodes(get("contact"));
      p.time_zone = get("time_zone");
      try {
        p = ValidatePeerProfile(p);
      } catch (const Error& e) {
        const std::string field = e.field().substr(0, e.field().find('['));
        file.errors.push_back({row, field, e.message()});
        continue;
      }
      VolunteerStanding& s = r.standing;
      s.trained_on = get("trained_on");
      s.screening_expires_on = get("screening_expires_on");
      bool bad = false;
      for (const auto& [column, value] :
           {std::pair{"trained_on", s.trained_on},
            std::pair{"screening_expires_on", s.screening_expires_on}}) {
        if (!value.empty() && !IsIsoDate(value)) {
          file.errors.push_back({row, column, "a date is YYYY-MM-DD"});
          bad = true;
        }
      }
      const std::string screening = get("screening");
      if (auto parsed = ParseScreening(screening.empty() ? "pending" : screening)) {
        s.screening = *parsed;
      } else {
        file.errors.push_back({row, "screening", "screening is pending, cleared or expired"});
        bad = true;
      }
      const std::string paused = ToLower(get("paused"));
      if (paused == "yes" || paused == "true" || paused == "1") {
        s.paused = true;
      } else if (!(paused.empty() || paused == "no" || paused == "false" || paused == "0")) {
        file.errors.push_back({row, "paused", "paused is yes or no"});
        bad = true;
      }
      if (!bad) file.rows.push_back(std::move(r));
    }
  } catch (const Error& e) {
    file.errors.push_back({e.row() ? e.row() : reader.record(), "", e.message()});
  }
  return file;
}

}  // namespace tandem
