#include "service/demo_peer.h"

#include <algorithm>

namespace tandem::service {
namespace {

// Cancer types with weights close to the shares of US cancer survivors
// (breast and prostate first, then melanoma, colorectal, uterine, ...).
struct Weighted {
  const char* code;
  int weight;
};
constexpr Weighted kTypes[] = {
    {"breast", 230},  {"prostate", 200},        {"colorectal", 90},
    {"melanoma", 90}, {"uterine_cervical", 60}, {"lymphoma", 55},
    {"lung", 45},     {"bladder", 45},          {"thyroid", 60},
    {"kidney", 35},   {"leukemia", 30},         {"head_neck", 30},
    {"myeloma", 12},  {"ovarian", 15},          {"testicular", 20},
    {"brain", 8},     {"pancreatic", 5},        {"stomach_esophageal", 10},
    {"liver", 5},     {"sarcoma", 8},           {"other", 20},
};

const char* PickWeighted(DemoRng& rng) {
  int total = 0;
  for (const Weighted& w : kTypes) total += w.weight;
  int x = rng.Below(total);
  for (const Weighted& w : kTypes) {
    if ((x -= w.weight) < 0) return w.code;
  }
  return "other";
}

const std::vector<std::string> kFirst = {
    "Maria",  "James",  "Linda",   "Robert", "Patricia", "John",  "Jennifer", "Michael", "Susan",
    "David",  "Karen",  "William", "Nancy",  "Carlos",   "Lisa",  "Daniel",   "Betty",   "Ahmed",
    "Sandra", "Thomas", "Ashley",  "Kevin",  "Mei",      "Priya", "Jamal",    "Sofia",   "Hiroshi",
    "Fatima", "Olivia", "Diego",   "Grace",  "Samuel",   "Aisha", "Elena",    "Noah",    "Chloe"};
const std::vector<std::string> kLast = {
    "Garcia",   "Smith", "Nguyen",  "Johnson", "Brown",     "Martinez", "Lee",   "Patel",
    "Williams", "Jones", "Davis",   "Lopez",   "Wilson",    "Kim",      "Chen",  "Taylor",
    "Thomas",   "Moore", "Jackson", "Martin",  "Hernandez", "Clark",    "Lewis", "Walker",
    "Young",    "Allen", "King",    "Wright",  "Scott",     "Green",    "Baker", "Adams",
    "Nelson",   "Hill",  "Ramirez", "Campbell"};
const std::vector<std::string> kZones = {
    "America/New_York", "America/New_York", "America/New_York",    "America/Chicago",
    "America/Chicago",  "America/Denver",   "America/Los_Angeles", "America/Los_Angeles",
    "America/Phoenix",  "America/Toronto",  "America/Vancouver",   "America/Halifax"};

std::string Code(DemoRng& rng, std::span<const PeerTerm> list) {
  return std::string(list[rng.Below(static_cast<int>(list.size()))].code);
}

// What treatments a type usually brings.
std::vector<std::string> Treatments(DemoRng& rng, const std::string& type) {
  std::vector<std::string> out;
  const bool blood = type == "lymphoma" || type == "leukemia" || type == "myeloma";
  if (!blood && rng.Chance(80)) out.push_back("surgery");
  if (rng.Chance(blood ? 90 : 55)) out.push_back("chemotherapy");
  if (!blood && rng.Chance(45)) out.push_back("radiation");
  if ((type == "breast" || type == "prostate") && rng.Chance(60)) out.push_back("hormone_therapy");
  if ((type == "melanoma" || type == "lung" || type == "kidney") && rng.Chance(50)) {
    out.push_back("immunotherapy");
  }
  if (rng.Chance(20)) out.push_back("targeted_therapy");
  if (blood && rng.Chance(35)) out.push_back("stem_cell_transplant");
  if (blood && rng.Chance(8)) out.push_back("car_t");
  if (rng.Chance(10)) out.push_back("clinical_trial");
  return out;
}

std::string AgeGroup(DemoRng& rng, const std::string& type) {
  // Testicular and some blood cancers are of the young; prostate of the old.
  static const std::vector<std::string> young = {"18_29", "30_39", "30_39", "40_49"};
  static const std::vector<std::string> old = {"50_59", "60_69", "60_69", "70_plus"};
  static const std::vector<std::string> any = {"30_39", "40_49", "50_59",
                                               "50_59", "60_69", "70_plus"};
  if (type == "testicular") return rng.Pick(young);
  if (type == "prostate") return rng.Pick(old);
  return rng.Pick(any);
}

DemoPeerPerson Make(DemoRng& rng, bool volunteer, int number) {
  DemoPeerPerson x;
  PeerProfile& p = x.profile;
  const std::string first = rng.Pick(kFirst), last = rng.Pick(kLast);
  Participant& person = x.person;
  person.role = volunteer ? Role::kMentor : Role::kMentee;
  person.id = (volunteer ? "V" : "P") + std::to_string(number);
  person.name = first + " " + last;
  std::string slug;
  for (char c : first + "." + last)
    slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  person.email = slug + "." + std::to_string(number) + "@mail.example.net";
  p.cancer_type = PickWeighted(rng);
  const bool caregiver = rng.Chance(volunteer ? 20 : 25);
  p.person = caregiver ? "caregiver"
                       : (volunteer ? "survivor" : (rng.Chance(70) ? "patient" : "survivor"));
  if (caregiver)
    p.relationship = rng.Pick(
        std::vector<std::string>{"partner", "partner", "parent", "child", "sibling", "friend"});
  if (p.cancer_type == "breast" && rng.Chance(30)) {
    p.cancer_subtype = rng.Pick(
        std::vector<std::string>{"triple negative", "her2 positive", "hormone receptor positive"});
  }
  if (rng.Chance(70)) p.stage = Code(rng, PeerStages().subspan(1, 4));
  p.treatments = Treatments(rng, p.cancer_type);
  p.time_since_diagnosis = volunteer ? Code(rng, PeerTimesSinceDiagnosis().subspan(2, 3))
                                     : Code(rng, PeerTimesSinceDiagnosis().subspan(0, 3));
  p.age_group = AgeGroup(rng, p.cancer_type);
  p.gender = p.cancer_type == "prostate" || p.cancer_type == "testicular"
                 ? "man"
                 : (p.cancer_type == "breast" || p.cancer_type == "ovarian" ||
                            p.cancer_type == "uterine_cervical"
                        ? "woman"
                        : (rng.Chance(52) ? "woman" : "man"));
  if (caregiver) p.gender = rng.Chance(65) ? "woman" : "man";
  if (rng.Chance(2)) p.gender = "nonbinary";
  p.same_gender = !volunteer && p.gender != "nonbinary" && rng.Chance(20);
  std::vector<std::string> topics;
  for (const PeerTerm& t : PeerTopics()) topics.emplace_back(t.code);
  p.topics = rng.Sample(topics, 1 + rng.Below(volunteer ? 5 : 3));
  if (caregiver && std::find(p.topics.begin(), p.topics.end(), "caregiving") == p.topics.end()) {
    p.topics.push_back("caregiving");
  }
  p.languages = {"english"};
  if (rng.Chance(13)) p.languages.push_back("spanish");
  if (rng.Chance(3)) p.languages.push_back("french");
  if (rng.Chance(2)) p.languages.push_back("chinese");
  if (rng.Chance(4)) p.languages = {"spanish"};
  p.contact = rng.Sample(std::vector<std::string>{"phone", "video", "messaging"}, 1 + rng.Below(3));
  p.time_zone = rng.Pick(kZones);
  const int day = rng.Below(7);
  p.availability = {{day * 1440 + (rng.Chance(60) ? 18 : 10) * 60, 60 + 30 * rng.Below(4)}};
  if (rng.Chance(50)) p.availability.push_back({((day + 3) % 7) * 1440 + 19 * 60, 90});
  person.time_zone = p.time_zone;
  person.languages = p.languages;
  person.availability = p.availability;
  person.interests = {p.cancer_type};
  if (volunteer) {
    VolunteerStanding& s = x.standing;
    s.capacity = 1 + rng.Below(3);
    s.trained_on =
        rng.Chance(94) ? "2026-0" + std::to_string(1 + rng.Below(9)) + "-15" : "";  // Jan..Sep
    s.screening = rng.Chance(92) ? Screening::kCleared
                                 : (rng.Chance(50) ? Screening::kPending : Screening::kExpired);
    if (s.screening == Screening::kCleared && rng.Chance(20)) {
      s.screening_expires_on = rng.Chance(20) ? "2026-10-31" : "2027-09-30";
    }
    s.paused = rng.Chance(5);
    s.load = rng.Below(s.capacity + 1) - (rng.Chance(40) ? 1 : 0);
    if (s.load < 0) s.load = 0;
    if (s.load > 0 || rng.Chance(50)) {
      const int month = 1 + rng.Below(11);
      s.last_matched_at =
          std::string("2026-") + (month < 10 ? "0" : "") + std::to_string(month) + "-10T15:00:00Z";
    }
    person.capacity = s.capacity;
  }
  return x;
}

}  // namespace

std::vector<DemoPeerPerson> GeneratePeerVolunteers(DemoRng& rng, int count, int first) {
  std::vector<DemoPeerPerson> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) out.push_back(Make(rng, true, first + i));
  return out;
}

std::vector<DemoPeerPerson> GeneratePeerSeekers(DemoRng& rng, int count, int first) {
  std::vector<DemoPeerPerson> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) out.push_back(Make(rng, false, first + i));
  return out;
}

}  // namespace tandem::service
