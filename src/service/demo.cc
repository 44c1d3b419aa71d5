#include "service/demo.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/participant_csv.h"
#include "core/taxonomy.h"
#include "service/accounts.h"
#include "service/demo_random.h"
#include "service/demo_year.h"
#include "service/journey.h"
#include "service/matching_runs.h"
#include "service/mentor_choice.h"
#include "service/participants.h"
#include "service/peer_support.h"
#include "service/programs.h"
#include "service/resources.h"
#include "service/vocabulary.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/pair_repository.h"
#include "store/peer_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

struct Institution {
  std::string name;
  std::string domain;
  std::string time_zone;
};

const std::vector<Institution>& Institutions() {
  static const std::vector<Institution> list = {
      {"Dana-Farber Cancer Institute", "dfci.example.org", "America/New_York"},
      {"Johns Hopkins University", "jhu.example.edu", "America/New_York"},
      {"Memorial Sloan Kettering", "mskcc.example.org", "America/New_York"},
      {"University of Pennsylvania", "upenn.example.edu", "America/New_York"},
      {"Duke University", "duke.example.edu", "America/New_York"},
      {"Emory University", "emory.example.edu", "America/New_York"},
      {"University of Miami", "miami.example.edu", "America/New_York"},
      {"Children's Hospital of Philadelphia", "chop.example.org", "America/New_York"},
      {"University of Michigan", "umich.example.edu", "America/Detroit"},
      {"Cleveland Clinic", "ccf.example.org", "America/New_York"},
      {"Princess Margaret Cancer Centre", "uhn.example.ca", "America/Toronto"},
      {"McGill University", "mcgill.example.ca", "America/Toronto"},
      {"Dalhousie University", "dal.example.ca", "America/Halifax"},
      {"Memorial University of Newfoundland", "mun.example.ca", "America/St_Johns"},
      {"Northwestern University", "northwestern.example.edu", "America/Chicago"},
      {"Washington University in St. Louis", "wustl.example.edu", "America/Chicago"},
      {"Mayo Clinic", "mayo.example.edu", "America/Chicago"},
      {"UT Southwestern", "utsw.example.edu", "America/Chicago"},
      {"MD Anderson Cancer Center", "mdanderson.example.org", "America/Chicago"},
      {"Vanderbilt University", "vumc.example.edu", "America/Chicago"},
      {"University of Minnesota", "umn.example.edu", "America/Chicago"},
      {"University of Manitoba", "umanitoba.example.ca", "America/Winnipeg"},
      {"University of Colorado", "cuanschutz.example.edu", "America/Denver"},
      {"Huntsman Cancer Institute", "utah.example.edu", "America/Denver"},
      {"University of Calgary", "ucalgary.example.ca", "America/Edmonton"},
      {"University of Arizona", "arizona.example.edu", "America/Phoenix"},
      {"UCSF", "ucsf.example.edu", "America/Los_Angeles"},
      {"Stanford University", "stanford.example.edu", "America/Los_Angeles"},
      {"UCLA", "ucla.example.edu", "America/Los_Angeles"},
      {"Fred Hutchinson Cancer Center", "fredhutch.example.org", "America/Los_Angeles"},
      {"Oregon Health & Science University", "ohsu.example.edu", "America/Los_Angeles"},
      {"University of British Columbia", "ubc.example.ca", "America/Vancouver"},
  };
  return list;
}

const std::vector<std::string> kFirstNames = {
    "Amara",   "Ben",    "Carmen",  "Daniel",  "Elena",  "Farah",  "Gabriel", "Hana",  "Isaac",
    "Jasmine", "Kofi",   "Laila",   "Marcus",  "Nadia",  "Omar",   "Priya",   "Quinn", "Rosa",
    "Samuel",  "Tanvi",  "Umar",    "Valeria", "Wei",    "Ximena", "Yusuf",   "Zoe",   "Aisha",
    "Brandon", "Chloe",  "Diego",   "Esther",  "Felix",  "Grace",  "Hiroshi", "Ines",  "Jamal",
    "Kira",    "Luis",   "Mei",     "Noah",    "Olivia", "Pedro",  "Rahul",   "Sofia", "Thomas",
    "Uma",     "Victor", "Whitney", "Yara",    "Zain"};
const std::vector<std::string> kLastNames = {
    "Adeyemi",  "Brooks",    "Chen",   "Dubois",   "Estrada",  "Fischer", "Garcia",   "Haddad",
    "Ibrahim",  "Johnson",   "Kim",    "Laurent",  "Mensah",   "Nguyen",  "Okafor",   "Patel",
    "Quispe",   "Rossi",     "Singh",  "Tremblay", "Usman",    "Vasquez", "Williams", "Xu",
    "Yamamoto", "Zhang",     "Abbott", "Bianchi",  "Castillo", "Desai",   "Edwards",  "Flores",
    "Gupta",    "Hernandez", "Iyer",   "Jones",    "Khan",     "Lopez",   "Martin",   "Novak",
    "Owusu",    "Park",      "Reyes",  "Silva",    "Thompson", "Walker"};

// A first and last name nobody in `used` has yet (added to it).
std::string NewName(DemoRng& rng, std::set<std::string>& used) {
  for (;;) {
    std::string name = rng.Pick(kFirstNames) + " " + rng.Pick(kLastNames);
    if (used.insert(name).second) return name;
  }
}

// Classical hematology topics, from the taxonomy the import validates against.
const std::vector<std::string>& HemeTopics() {
  static const std::vector<std::string> topics = [] {
    std::vector<std::string> out;
    for (const auto& [topic, parent] : DefaultTaxonomy().topics) {
      if (parent == "classical hematology") out.push_back(topic);
    }
    return out;
  }();
  return topics;
}
const std::vector<std::string> kPedsTopics = {
    "pediatric sickle cell disease", "pediatric thrombosis", "pediatric bone marrow failure"};
const std::vector<std::string> kCrossTopics = {
    "health equity",   "medical education",      "quality improvement", "health services research",
    "clinical trials", "translational research", "basic science",       "global health"};
const std::vector<std::string> kAcademicGoals = {"clinician educator",     "physician scientist",
                                                 "clinical investigator",  "quality improvement",
                                                 "health equity research", "academic leadership"};

std::string Slug(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (c == ' ' && !out.empty() && out.back() != '.') {
      out.push_back('.');
    }
  }
  return out;
}

// Evening and weekend windows, in the person's own time, as busy clinicians keep.
std::vector<WeeklyWindow> ClinicianAvailability(DemoRng& rng) {
  std::vector<WeeklyWindow> windows;
  const int evenings = 1 + rng.Below(3);
  std::vector<int> days = rng.Sample(std::vector<int>{0, 1, 2, 3, 4}, evenings);
  std::sort(days.begin(), days.end());
  for (int day : days) {
    const int start_hour = 17 + rng.Below(4);  // 17:00 .. 20:00
    windows.push_back({day * 1440 + start_hour * 60, 60 + 30 * rng.Below(3)});
  }
  if (rng.Chance(40)) windows.push_back({5 * 1440 + (8 + rng.Below(4)) * 60, 120});
  if (rng.Chance(25)) windows.push_back({(1 + rng.Below(3)) * 1440 + 12 * 60, 60});  // lunch
  std::sort(windows.begin(), windows.end(),
            [](const WeeklyWindow& a, const WeeklyWindow& b) { return a.start < b.start; });
  return windows;
}

std::vector<std::string> Languages(DemoRng& rng, const std::string& time_zone) {
  std::vector<std::string> langs = {"english"};
  const bool quebec = time_zone == "America/Toronto" && rng.Chance(30);
  if (quebec) langs.push_back("french");
  if (rng.Chance(18)) langs.push_back("spanish");
  if (rng.Chance(8))
    langs.push_back(rng.Pick(std::vector<std::string>{"mandarin", "hindi", "arabic", "portuguese",
                                                      "korean", "tagalog"}));
  return langs;
}

std::vector<BackgroundTag> Background(DemoRng& rng) {
  std::vector<BackgroundTag> tags;
  tags.push_back({"gender", rng.Chance(55) ? "woman" : (rng.Chance(95) ? "man" : "non-binary")});
  tags.push_back({"urim", rng.Chance(22) ? "yes" : "no"});  // under-represented in medicine
  tags.push_back({"first generation", rng.Chance(20) ? "yes" : "no"});
  if (rng.Chance(30)) tags.push_back({"parent", "yes"});
  if (rng.Chance(15)) tags.push_back({"international medical graduate", "yes"});
  return tags;
}

// One year's cohort of the fellows' program: its name, dates, CSV file and
// the prefix that keeps its participant ids apart from other years'.
struct FellowsCohort {
  const char* name;
  const char* starts_on;
  const char* ends_on;
  const char* file_name;
  const char* id_prefix;  // mentor ids "M" + prefix + "101", mentee ids "F" + prefix + "201"
  bool completed;         // DemoProgram::completed
};

// The running cohort, and last year's, which has finished (demo_year.h).
constexpr FellowsCohort kFellows2026 = {"Hematology Fellows Mentoring 2026-27",
                                        "2026-07-01",
                                        "2027-06-30",
                                        "fellows-2026.csv",
                                        "",
                                        false};
constexpr FellowsCohort kFellows2025 = {"Hematology Fellows Mentoring 2025-26",
                                        "2025-07-01",
                                        "2026-06-30",
                                        "fellows-2025.csv",
                                        "25-",
                                        true};

// 34 faculty and 35 fellows of `cohort`, none named as anyone in `used_names`
// (which gains this cohort's names: each year has different people).
DemoProgram FellowsProgram(DemoRng& rng, const FellowsCohort& cohort,
                           std::set<std::string>& used_names) {
  DemoProgram demo;
  demo.completed = cohort.completed;
  Program& p = demo.program;
  p.name = cohort.name;
  p.field = "hematology";
  p.kind = ProgramKind::kCohort;
  p.objectives =
      "Support fellows considering a career in classical hematology: career guidance, "
      "professional identity, an optional scholarly project, and a mentor at another "
      "institution for an outside view.";
  p.starts_on = cohort.starts_on;
  p.ends_on = cohort.ends_on;
  p.cadence_days = 30;
  p.meeting_mode = MeetingMode::kVirtual;
  p.cross_institution = true;
  p.status = ProgramStatus::kMatching;
  demo.file_name = cohort.file_name;

  const auto& institutions = Institutions();
  // Mentors: 34 faculty; the first takes two mentees (35 fellows in all).
  const std::vector<std::string> ranks = {"assistant professor", "associate professor",
                                          "professor"};
  for (int i = 0; i < 34; ++i) {
    Participant m;
    m.role = Role::kMentor;
    m.id = "M" + std::string(cohort.id_prefix) + std::to_string(101 + i);
    const std::string name = NewName(rng, used_names);
    m.name = "Dr. " + name;
    const Institution& inst = institutions[i % institutions.size()];
    m.institution = inst.name;
    m.time_zone = inst.time_zone;
    m.email = Slug(name) + "@" + inst.domain;
    const int rank = rng.Below(3);
    m.career_stage = ranks[rank];
    m.years_experience = 4 + rank * 6 + rng.Below(8);
    m.capacity = i == 0 ? 2 : 1;
    const bool pediatric = i % 5 == 4;
    m.interests = rng.Sample(HemeTopics(), 2 + rng.Below(3));
    if (pediatric) m.interests.push_back(rng.Pick(kPedsTopics));
    m.specialties = {pediatric ? "pediatric hematology oncology" : "classical hematology"};
    m.specialties.push_back(rng.Pick(kCrossTopics));
    m.goals = rng.Sample(kAcademicGoals, 1 + rng.Below(2));
    m.background = Background(rng);
    m.languages = Languages(rng, m.time_zone);
    m.availability = ClinicianAvailability(rng);
    m.bio = (pediatric ? "Pediatric hematologist" : "Hematologist") + std::string(" at ") +
            inst.name + ", " + std::to_string(*m.years_experience) + " years in practice; " +
            m.goals[0] + ".";
    demo.participants.push_back(std::move(m));
  }
  const std::vector<std::string> stages = {"fellow pgy4", "fellow pgy5", "fellow pgy6"};
  for (int i = 0; i < 35; ++i) {
    Participant f;
    f.role = Role::kMentee;
    f.id = "F" + std::string(cohort.id_prefix) + std::to_string(201 + i);
    const std::string name = NewName(rng, used_names);
    f.name = name;
    const Institution& inst = institutions[(i * 7 + 3) % institutions.size()];
    f.institution = inst.name;
    f.time_zone = inst.time_zone;
    f.email = Slug(name) + "@" + inst.domain;
    f.career_stage = rng.Pick(stages);
    f.years_experience = rng.Below(3);
    const bool pediatric = i % 4 == 3;
    f.interests = rng.Sample(HemeTopics(), 2 + rng.Below(3));
    if (pediatric) f.interests.push_back(rng.Pick(kPedsTopics));
    f.specialties = {pediatric ? "pediatric hematology oncology" : "classical hematology"};
    if (rng.Chance(50)) f.specialties.push_back(rng.Pick(kCrossTopics));
    f.goals = rng.Sample(kAcademicGoals, 1 + rng.Below(2));
    f.background = Background(rng);
    for (const BackgroundTag& tag : f.background) {
      if ((tag.key == "gender" && tag.value == "woman" && rng.Chance(40)) ||
          (tag.key == "urim" && tag.value == "yes" && rng.Chance(60)) ||
          (tag.key == "first generation" && tag.value == "yes" && rng.Chance(40))) {
        f.match_on.push_back(tag.key);
      }
    }
    f.languages = Languages(rng, f.time_zone);
    f.availability = ClinicianAvailability(rng);
    f.bio = std::string(pediatric ? "Pediatric" : "Adult") + " hematology/oncology fellow at " +
            inst.name + ", interested in " + f.interests[0] + ".";
    demo.participants.push_back(std::move(f));
  }
  // A few explicit preferences and conflicts of interest, as applications carry.
  for (int i = 0; i < 35; ++i) {
    Participant& f = demo.participants[34 + i];
    if (i % 6 == 0) {
      for (int k = 0; k < 2; ++k) {
        const Participant& m = demo.participants[rng.Below(34)];
        if (m.institution != f.institution &&
            std::find(f.prefer.begin(), f.prefer.end(), m.id) == f.prefer.end()) {
          f.prefer.push_back(m.id);
        }
      }
    }
    if (i % 11 == 5) {
      const Participant& m = demo.participants[rng.Below(34)];
      if (std::find(f.prefer.begin(), f.prefer.end(), m.id) == f.prefer.end()) {
        f.avoid.push_back(m.id);  // e.g. a former supervisor or a co-author
      }
    }
  }
  return demo;
}

// Early-career investigators choosing their research mentors: 40 senior
// investigators (room for one to three mentees each) and 60 instructors and
// assistant professors across the demo's institutions, mentee-led.
DemoProgram InvestigatorsProgram(DemoRng& rng, std::set<std::string>& used_names) {
  DemoProgram demo;
  Program& p = demo.program;
  p.name = "Early-Career Investigators Mentoring 2027";
  p.field = "hematology/oncology research";
  p.kind = ProgramKind::kCohort;
  p.objectives =
      "Help early-career investigators find a senior research mentor for a first grant, a "
      "research program and a career in academic hematology/oncology. Mentees choose: each "
      "asks up to three mentors from a shortlist, and a mentor's acceptance makes the pair.";
  p.starts_on = "2027-01-15";
  p.ends_on = "2027-12-31";
  p.cadence_days = 30;
  p.meeting_mode = MeetingMode::kVirtual;
  p.status = ProgramStatus::kMatching;
  demo.file_name = "investigators-2027.csv";
  demo.choice.mode = MatchingMode::kMenteeLed;
  const auto& institutions = Institutions();
  std::vector<std::string> topics = HemeTopics();
  topics.insert(topics.end(), kCrossTopics.begin(), kCrossTopics.end());
  const std::vector<std::string> research_goals = {"physician scientist", "clinical investigator",
                                                   "health equity research", "academic leadership"};
  for (int i = 0; i < 100; ++i) {
    const bool mentor = i < 40;
    Participant x;
    x.role = mentor ? Role::kMentor : Role::kMentee;
    x.id = (mentor ? "R" : "I") + std::to_string(mentor ? 301 + i : 401 + i - 40);
    const std::string name = NewName(rng, used_names);
    x.name = mentor ? "Dr. " + name : name;
    const Institution& inst = institutions[(mentor ? i * 3 : i * 5 + 1) % institutions.size()];
    x.institution = inst.name;
    x.time_zone = inst.time_zone;
    x.email = Slug(name) + "@" + inst.domain;
    x.career_stage = mentor ? (rng.Chance(60) ? "professor" : "associate professor")
                            : (rng.Chance(40) ? "instructor" : "assistant professor");
    x.years_experience = mentor ? 12 + rng.Below(20) : 1 + rng.Below(5);
    x.capacity = mentor ? 1 + rng.Below(3) : 1;
    x.interests = rng.Sample(topics, 2 + rng.Below(3));
    x.specialties = {"classical hematology"};
    x.goals = rng.Sample(research_goals, 1 + rng.Below(2));
    x.background = Background(rng);
    x.languages = Languages(rng, x.time_zone);
    x.availability = ClinicianAvailability(rng);
    x.bio =
        mentor
            ? "Principal investigator at " + inst.name + " (" + x.interests[0] +
                  "); has mentored K and R01 applicants."
            : std::string(x.career_stage == "instructor" ? "Instructor" : "Assistant professor") +
                  " at " + inst.name + ", building a research program in " + x.interests[0] + ".";
    demo.participants.push_back(std::move(x));
  }
  return demo;
}

// A cancer centre's oncology nurse mentoring program: 15 experienced nurses
// (charge nurses, navigators, educators, advanced practice) and 40 nurses in
// their first years, one institution, described in the oncology nursing
// vocabulary and asked two questions of their own: the shift they work
// (must match: a night nurse's mentor works nights) and where they want help
// (compared with where each mentor can help).
DemoProgram NursingProgram(DemoRng& rng, std::set<std::string>& used_names) {
  DemoProgram demo;
  Program& p = demo.program;
  p.name = "Lakeshore Cancer Center Oncology Nurse Mentoring 2027";
  p.field = "oncology nursing";
  p.kind = ProgramKind::kCohort;
  p.objectives =
      "Support nurses in their first two years on the oncology units: safe chemotherapy and "
      "immunotherapy administration, symptom management, hard conversations, resilience, and a "
      "path to OCN certification. Each new nurse is paired with an experienced nurse on the "
      "same shift for a year of monthly meetings.";
  p.starts_on = "2027-02-01";
  p.ends_on = "2028-01-31";
  p.cadence_days = 30;
  p.meeting_mode = MeetingMode::kHybrid;
  p.status = ProgramStatus::kMatching;
  demo.file_name = "nurses-2027.csv";
  demo.vocabulary_from = "template:oncology_nursing";
  const std::vector<QuestionOption> help = {
      {"ocn_prep", "Preparing for OCN certification"},
      {"chemo_competency", "Chemotherapy and immunotherapy competency"},
      {"hard_conversations", "Hard conversations with patients and families"},
      {"time_management", "Time management on the unit"},
      {"resilience", "Coping with grief and burnout"},
      {"career_path", "Choosing a career path in oncology nursing"}};
  IntakeQuestion shift;
  shift.code = "shift";
  shift.text = "Which shift do you usually work?";
  shift.help = "Mentors and mentees on the same shift can meet on the unit.";
  shift.options = {{"days", "Days"}, {"nights", "Nights"}, {"rotating", "Rotating"}};
  shift.required = true;
  shift.match = QuestionMatch::kMustMatch;
  shift.weight = 5;
  IntakeQuestion wanted;
  wanted.code = "help_wanted";
  wanted.text = "Where would you most like a mentor's help?";
  wanted.kind = QuestionKind::kMultiple;
  wanted.options = help;
  wanted.audience = QuestionAudience::kMentees;
  wanted.match = QuestionMatch::kOverlap;
  wanted.compare_with = "help_offered";
  wanted.weight = 25;
  IntakeQuestion offered;
  offered.code = "help_offered";
  offered.text = "Where can you help a newer nurse?";
  offered.kind = QuestionKind::kMultiple;
  offered.options = help;
  offered.audience = QuestionAudience::kMentors;
  demo.questions = {shift, wanted, offered};
  // The program's own weights: the questions carry much of the match.
  p.weights.interests = 25;
  p.weights.specialties = 10;
  p.weights.goals = 10;
  p.weights.background = 0;

  const Taxonomy& nursing = FindTaxonomyTemplate("oncology_nursing")->taxonomy;
  std::vector<std::string> topics;
  for (const auto& [topic, parent] : nursing.topics) {
    if (!parent.empty()) topics.push_back(topic);
  }
  const std::vector<std::string> settings = {"ambulatory infusion", "inpatient oncology",
                                             "blood and marrow transplant nursing",
                                             "radiation oncology nursing"};
  const std::vector<std::string> mentor_stages = {"charge nurse",       "nurse navigator",
                                                  "nurse educator",     "clinical nurse specialist",
                                                  "nurse practitioner", "experienced staff nurse"};
  std::vector<std::string> codes;
  for (const QuestionOption& o : help) codes.push_back(o.code);
  for (int i = 0; i < 55; ++i) {
    const bool mentor = i < 15;
    Participant x;
    x.role = mentor ? Role::kMentor : Role::kMentee;
    x.id = (mentor ? "N" : "G") + std::to_string(mentor ? 501 + i : 601 + i - 15);
    const std::string name = NewName(rng, used_names);
    x.name = name + (mentor ? ", RN, OCN" : ", RN");
    x.institution = "Lakeshore Cancer Center";
    x.time_zone = "America/Chicago";
    x.email = Slug(name) + "@lakeshorecancer.example";
    // Mentors: 7 on days, 6 on nights, 2 rotating; mentees 20, 16, 4.
    const int k = mentor ? i : i - 15;
    const std::string on = mentor ? (k < 7    ? "days"
                                     : k < 13 ? "nights"
                                              : "rotating")
                                  : (k % 10 < 5   ? "days"
                                     : k % 10 < 9 ? "nights"
                                                  : "rotating");
    x.capacity = mentor ? (on == "rotating" ? 2 : 3) : 1;
    x.career_stage = mentor ? mentor_stages[k % mentor_stages.size()]
                            : (rng.Chance(60) ? "new graduate nurse" : "staff nurse");
    x.years_experience = mentor ? 8 + rng.Below(18) : rng.Below(3);
    x.interests = rng.Sample(topics, 3 + rng.Below(3));
    x.specialties = {settings[(mentor ? k : k * 7) % settings.size()]};
    x.goals = mentor ? std::vector<std::string>{"precepting and mentoring others"}
                     : rng.Sample(nursing.goals, 1 + rng.Below(2));
    x.languages = {"english"};
    if (rng.Chance(15)) x.languages.push_back(rng.Chance(60) ? "spanish" : "tagalog");
    x.answers["shift"] = {on};
    // Free around their shifts: after a day shift, before sleep after a night.
    const std::vector<std::string> days = {"Mon", "Tue", "Wed", "Thu", "Fri"};
    const std::string window = on == "days"     ? " 15:30-17:00"
                               : on == "nights" ? " 07:30-09:00"
                                                : " 12:00-13:30";
    std::string free;
    for (const std::string& day : rng.Sample(days, 2))
      free += (free.empty() ? "" : ";") + day + window;
    x.availability = ParseAvailability(free);
    x.answers[mentor ? "help_offered" : "help_wanted"] =
        rng.Sample(codes, mentor ? 3 + rng.Below(3) : 1 + rng.Below(3));
    x.bio = mentor ? "Oncology nurse for " + std::to_string(*x.years_experience) + " years, now " +
                         x.career_stage + " (" + x.specialties[0] + ")."
                   : "Joined the " + x.specialties[0] + " team " +
                         (*x.years_experience == 0
                              ? std::string("this year")
                              : std::to_string(*x.years_experience) + " year(s) ago") +
                         ".";
    demo.participants.push_back(std::move(x));
  }
  return demo;
}

DemoProgram PeerSupportProgram(DemoRng& rng, std::uint64_t seed) {
  DemoProgram demo;
  Program& p = demo.program;
  p.name = "Survivor Peer Connect";
  p.field = "oncology";
  p.kind = ProgramKind::kPeerSupport;
  p.objectives =
      "Connect patients and caregivers with trained survivor and caregiver volunteers who "
      "have been through a similar diagnosis and treatment.";
  p.starts_on = "2026-01-01";
  p.ends_on = "2026-12-31";
  p.cadence_days = 14;
  p.meeting_mode = MeetingMode::kHybrid;
  p.cross_institution = false;
  p.status = ProgramStatus::kActive;
  p.max_time_zone_difference_hours = 3;
  demo.file_name = "peer-support.csv";

  const std::vector<std::string> cancers = {"breast cancer",
                                            "lung cancer",
                                            "lymphoma",
                                            "multiple myeloma",
                                            "acute myeloid leukemia",
                                            "chronic lymphocytic leukemia",
                                            "gastrointestinal cancers",
                                            "gynecologic cancers",
                                            "melanoma",
                                            "stem cell transplantation"};
  const std::vector<std::string> support = {"newly diagnosed",
                                            "treatment side effects",
                                            "fatigue",
                                            "returning to work",
                                            "caregiving",
                                            "fertility",
                                            "fear of recurrence",
                                            "body image",
                                            "financial toxicity",
                                            "relationships"};
  const auto& institutions = Institutions();
  const auto make = [&](Role role, int index) {
    Participant v;
    v.role = role;
    v.id = (role == Role::kMentor ? "V" : "P") + std::to_string(1001 + index);
    const std::string name = rng.Pick(kFirstNames) + " " + rng.Pick(kLastNames);
    v.name = name;
    v.email = Slug(name) + "." + std::to_string(index) + "@mail.example.net";
    const Institution& inst = rng.Pick(institutions);
    v.time_zone = inst.time_zone;
    const bool caregiver = rng.Chance(25);
    v.career_stage = role == Role::kMentor ? (caregiver ? "caregiver" : "survivor")
                                           : (caregiver ? "caregiver" : "patient");
    v.years_experience = role == Role::kMentor ? 1 + rng.Below(15) : 0;
    v.capacity = role == Role::kMentor ? 1 + rng.Below(3) : 1;
    v.interests = {rng.Pick(cancers)};
    for (const std::string& s : rng.Sample(support, 1 + rng.Below(3))) v.interests.push_back(s);
    if (role == Role::kMentor) v.goals = {"peer support"};
    v.background = {{"age group", rng.Pick(std::vector<std::string>{"18-39", "40-64", "65+"})},
                    {"gender", rng.Chance(60) ? "woman" : "man"}};
    if (role == Role::kMentee && rng.Chance(50)) v.match_on = {"age group"};
    if (role == Role::kMentee && rng.Chance(30)) v.match_on.push_back("gender");
    v.languages = {"english"};
    if (rng.Chance(15)) v.languages.push_back("spanish");
    if (rng.Chance(5)) v.languages = {"spanish"};
    v.availability = ClinicianAvailability(rng);
    v.bio = role == Role::kMentor
                ? "Trained peer volunteer; " + v.interests[0] + "."
                : "Looking for someone who has been through " + v.interests[0] + ".";
    return v;
  };
  for (int i = 0; i < 300; ++i) demo.participants.push_back(make(Role::kMentor, i));
  for (int i = 0; i < 60; ++i) demo.participants.push_back(make(Role::kMentee, i));
  // The draws above are kept, and their people replaced, so that the
  // programs generated after this one stay exactly as they were: 2,000
  // volunteers with peer profiles (service/demo_peer.h), and 40 people whose
  // requests fill the specialists' queue.
  DemoRng pool(seed * 31 + 7);
  demo.volunteers = GeneratePeerVolunteers(pool, 2000, 1001);
  demo.seekers = GeneratePeerSeekers(pool, 40, 5001);
  demo.participants.clear();
  for (const DemoPeerPerson& v : demo.volunteers) {
    Participant p = v.person;
    p.career_stage = v.profile.person;
    p.interests = {CanonicalTag(PeerLabel(PeerCancerTypes(), v.profile.cancer_type))};
    for (const std::string& t : v.profile.topics) {
      p.interests.push_back(CanonicalTag(PeerLabel(PeerTopics(), t)));
    }
    p.background = {{"gender", v.profile.gender}, {"age group", v.profile.age_group}};
    p.bio = "Trained peer volunteer (" + v.profile.person + ").";
    demo.participants.push_back(std::move(p));
  }
  return demo;
}

}  // namespace

std::vector<DemoProgram> GenerateDemoPrograms(std::uint64_t seed) {
  DemoRng rng(seed);
  std::set<std::string> fellows_names;
  std::vector<DemoProgram> programs;
  programs.push_back(FellowsProgram(rng, kFellows2026, fellows_names));
  programs.push_back(PeerSupportProgram(rng, seed));
  // Last: the programs above stay what they were before this one existed.
  programs.push_back(FellowsProgram(rng, kFellows2025, fellows_names));
  programs.push_back(InvestigatorsProgram(rng, fellows_names));
  programs.push_back(NursingProgram(rng, fellows_names));
  return programs;
}

namespace {

// The user with `email`, created when missing; given the demo password when it has none.
std::int64_t EnsureDemoUser(store::Transaction& tx, const std::string& email,
                            const std::string& name, bool admin) {
  store::UserRepository users(tx);
  if (auto found = users.FindByEmail(email)) {
    if (found->password_hash.empty()) {
      users.SetPasswordHash(found->user.id, HashPassword(kDemoPassword));
    }
    return found->user.id;
  }
  User user;
  user.email = email;
  user.name = name;
  user.is_admin = admin;
  return users.Insert(user, HashPassword(kDemoPassword));
}

// An active enrollment of the user in `role`, added when missing.
void EnsureDemoEnrollment(store::Transaction& tx, std::int64_t program_id, std::int64_t user_id,
                          Role role, const std::string& participant_id) {
  store::EnrollmentRepository enrollments(tx);
  if (enrollments.FindByUser(program_id, user_id, role)) return;
  Enrollment e;
  e.program_id = program_id;
  e.user_id = user_id;
  e.role = role;
  e.participant_id = participant_id;
  e.status = EnrollmentStatus::kActive;
  enrollments.Insert(e);
}

// Matches a new cohort program (optimal, its own rules) and publishes the
// pairs, so that mentors and mentees see their partner at once; the program
// then runs (status active).
void PublishDemoPairs(store::Database& db, const Actor& actor, DemoLoaded& loaded) {
  MatchingRunSettings settings;
  settings.weights = loaded.program.weights;
  const MatchingRun run = StartMatchingRun(db, actor, loaded.program.id, settings);
  ExecuteMatchingRun(db, run.id);
  PublishMatchingRun(db, actor, run.id);
  if (CanTransition(loaded.program.status, ProgramStatus::kActive)) {
    loaded.program = TransitionProgram(db, actor, loaded.program.id, ProgramStatus::kActive);
  }
}

// Makes the demo sign-ins work and lists them on each program they belong to:
// the coordinator coordinates every demo program, the evaluator evaluates
// the fellows' programs (this year's and last year's), the demo mentor and
// mentee are of this year's fellows' program (loaded[0]).
void AddDemoSignIns(store::Database& db, std::vector<DemoLoaded>& loaded,
                    const std::vector<DemoProgram>& demos) {
  if (loaded.size() < 2 || demos.empty()) return;
  const Program& fellows = loaded[0].program;
  const auto first = [&](Role role) -> const Participant* {
    for (const Participant& p : demos[0].participants) {
      if (p.role == role && !p.email.empty()) return &p;
    }
    return nullptr;
  };
  const Participant* mentor = first(Role::kMentor);
  const Participant* mentee = first(Role::kMentee);

  store::Transaction tx = db.Begin();
  // The demo mentee is the demo mentor's first mentee, so that the two can
  // plan a meeting together.
  if (mentor != nullptr) {
    for (const Pair& pair : store::PairRepository(tx).ListByProgram(fellows.id)) {
      if (pair.mentor != mentor->id || pair.status != PairStatus::kActive) continue;
      for (const Participant& p : demos[0].participants) {
        if (p.role == Role::kMentee && p.id == pair.mentee && !p.email.empty()) mentee = &p;
      }
      break;
    }
  }
  EnsureDemoUser(tx, "admin@tandem.example", "Demo Administrator", true);
  const std::int64_t coordinator =
      EnsureDemoUser(tx, "coordinator@tandem.example", "Demo Coordinator", false);
  const std::int64_t evaluator =
      EnsureDemoUser(tx, "evaluator@tandem.example", "Demo Evaluator", false);
  for (const DemoLoaded& l : loaded) {
    EnsureDemoEnrollment(tx, l.program.id, coordinator, Role::kCoordinator, "coordinator");
    if (l.program.kind == ProgramKind::kCohort) {
      EnsureDemoEnrollment(tx, l.program.id, evaluator, Role::kEvaluator, "evaluator");
    }
  }
  for (const Participant* p : {mentor, mentee}) {
    if (p != nullptr) EnsureDemoUser(tx, p->email, p->name, false);
  }
  // In the mentee-led programs, their first mentor and first mentee, to
  // try a request and its answer.
  std::vector<std::pair<size_t, const Participant*>> choosers;
  for (size_t i = 0; i < demos.size() && i < loaded.size(); ++i) {
    if (demos[i].choice.mode != MatchingMode::kMenteeLed) continue;
    for (Role role : {Role::kMentor, Role::kMentee}) {
      for (const Participant& p : demos[i].participants) {
        if (p.role != role || p.email.empty()) continue;
        EnsureDemoUser(tx, p.email, p.name, false);
        choosers.push_back({i, &p});
        break;
      }
    }
  }
  tx.Commit();

  const DemoSignIn admin{"admin@tandem.example", kDemoPassword,
                         "administrator: every program, users, outbox"};
  const DemoSignIn coord{"coordinator@tandem.example", kDemoPassword,
                         "coordinator of every demo program"};
  const DemoSignIn eval{"evaluator@tandem.example", kDemoPassword,
                        "evaluator of the cohort programs (de-identified figures)"};
  for (DemoLoaded& l : loaded) {
    l.sign_ins = {admin, coord};
    if (l.program.kind == ProgramKind::kCohort) l.sign_ins.push_back(eval);
  }
  for (const Participant* p : {mentor, mentee}) {
    if (p == nullptr) continue;
    loaded[0].sign_ins.push_back(
        {p->email, kDemoPassword,
         std::string(RoleName(p->role)) + " " + p->id + " (" + p->name + ") in " + fellows.name});
  }
  for (const auto& [i, p] : choosers) {
    loaded[i].sign_ins.push_back({p->email, kDemoPassword,
                                  std::string(RoleName(p->role)) + " " + p->id + " (" + p->name +
                                      ") in " + loaded[i].program.name});
  }
}

}  // namespace

// A few resources for the program, and for the fellowship program the
// reference program's retention indicator (docs/journey.md).
void AddDemoJourney(store::Database& db, const Actor& actor, const Program& program) {
  auto link = [&](const char* title, const char* category, const char* url, const char* text) {
    ResourceInput in;
    in.program_id = program.id;
    in.title = title;
    in.category = category;
    in.url = url;
    in.description = text;
    CreateResource(db, actor, in);
  };
  if (program.kind == ProgramKind::kPeerSupport) {
    link("Cancer Support Community helpline", "emotional_support",
         "https://www.cancersupportcommunity.org/helpline",
         "Free support by phone and chat from licensed counselors, for anyone affected by cancer.");
    link("988 Suicide & Crisis Lifeline (US)", "emotional_support", "https://988lifeline.org",
         "Call or text 988 any time if you are in crisis or worried about someone.");
    return;
  }
  link("ASH clinical practice guidelines", "clinical_guidelines",
       "https://www.hematology.org/education/clinicians/guidelines-and-quality-care/"
       "clinical-practice-guidelines",
       "Evidence-based guidelines of the American Society of Hematology.");
  link("Clinician well-being and resilience", "emotional_support",
       "https://nam.edu/initiatives/clinician-resilience-and-well-being/",
       "The National Academy of Medicine's resources on burnout and well-being.");
  ResourceInput handbook;
  handbook.program_id = program.id;
  handbook.title = "Program handbook";
  handbook.category = "program_documents";
  handbook.file_name = "program-handbook.md";
  // "# Program handbook\n\nMeet monthly; sign your agreement in the first month; ..."
  handbook.file_base64 =
      "IyBQcm9ncmFtIGhhbmRib29rCgpNZWV0IG1vbnRobHk7IHNpZ24geW91ciBhZ3JlZW1lbnQgaW4gdGhlIGZpcnN0IG"
      "1vbnRoOyBzZXQgZ29hbHMgaW4geW91ciBmaXJzdCB0d28gbWVldGluZ3MuCg==";
  CreateResource(db, actor, handbook);
  RetentionIndicator faculty;
  faculty.label = "Faculty in classical hematology";
  faculty.fields = {"classical hematology"};
  faculty.settings = {"academic"};
  faculty.title_words = {"professor", "instructor"};
  faculty.months_after_end = 12;
  JourneySettingsChange change;
  change.retention = faculty;
  UpdateJourneySettings(db, actor, program.id, change);
}

namespace {

// The newest offer-answer token written to `email`.
std::string NewestOfferToken(store::Database& db, const std::string& email) {
  store::Transaction tx = db.Begin(false);
  for (const store::OutboxEntry& e : store::Outbox(tx).List(50)) {
    const auto at = e.body.find("/peer/offers/");
    if (e.to_address == email && at != std::string::npos) return e.body.substr(at + 13, 43);
  }
  return "";
}

// The volunteers' profiles and a queue of 40 requests in every state:
// new (some waiting past the target, two urgent), suggested, offered,
// declined and back in the queue, introduced, waitlisted and withdrawn;
// each made through the use cases a person and a specialist would use.
void LoadDemoPeerQueue(store::Database& db, const Actor& specialist, const Program& program,
                       const DemoProgram& demo) {
  std::vector<VolunteerProfileRow> rows;
  for (const DemoPeerPerson& v : demo.volunteers) {
    rows.push_back({v.person.id, v.profile, v.standing});
  }
  SaveVolunteerProfiles(db, specialist, program.id, rows);
  static const std::vector<std::string> notes = {
      "I was just diagnosed and I don't know anyone who has been through this.",
      "My wife starts chemotherapy next week and I want to help her without falling apart.",
      "Treatment ends next month and I am scared of what comes after.",
      "I would like to talk with someone my age about going back to work.",
      "Worried about fertility before treatment starts.",
      ""};
  const SysSeconds now = db.clock().Now();
  for (size_t i = 0; i < demo.seekers.size(); ++i) {
    const DemoPeerPerson& s = demo.seekers[i];
    PeerRequestInput in;
    in.name = s.person.name;
    in.email = s.person.email;
    in.phone = i % 3 == 0 ? "+1 617 555 01" + std::to_string(10 + i) : "";
    in.consent_contact = in.consent_share = true;
    in.note = notes[i % notes.size()];
    in.profile = s.profile;
    const bool by_phone = i % 5 == 0;  // a specialist entered it after a call
    in.urgent = by_phone && i % 10 == 0;
    const SubmittedPeerRequest r =
        SubmitPeerRequest(db, by_phone ? specialist : Actor::Anonymous(), program.id, in,
                          "192.0.2." + std::to_string(i));
    {
      store::Transaction tx = db.Begin();
      store::PeerRepository(tx).SetCreatedAt(
          r.request.id,
          FormatUtc(now - std::chrono::days(i % 9) - std::chrono::hours(static_cast<int>(i))));
      tx.Commit();
    }
    const std::int64_t id = r.request.id;
    const size_t k = i % 20;
    if (k < 6) continue;  // new
    if (k == 6 || k == 7) {
      UpdatePeerRequest(db, specialist, id, {.status = PeerRequestStatus::kWaitlisted});
      continue;
    }
    if (k == 8) {
      UpdatePeerRequest(db, specialist, id, {.status = PeerRequestStatus::kWithdrawn});
      continue;
    }
    const std::vector<VolunteerSuggestion> suggestions = SuggestVolunteers(db, specialist, id, 3);
    if (k < 11 || suggestions.empty()) continue;  // suggested
    const VolunteerSuggestion& first = suggestions.front();
    OfferPeerRequest(db, specialist, id, first.participant_id);
    if (k < 14) continue;  // offered, waiting for the volunteer
    std::string email;
    for (const DemoPeerPerson& v : demo.volunteers) {
      if (v.person.id == first.participant_id) email = v.person.email;
    }
    const std::string token = NewestOfferToken(db, email);
    if (token.empty()) continue;
    if (k == 14) {
      DeclinePeerOffer(db, token, "I am not ready to talk about a recurrence yet.");
      continue;  // back in the queue with the next suggestion
    }
    AcceptPeerOffer(db, token);  // introduced
  }
}

// When the demo's past begins: two months before last year's cohort started
// (its program is created then).
SysSeconds HistoryStart() {
  return *ParseUtc(std::string(kFellows2025.starts_on) + "T09:00:00Z") - std::chrono::days(61);
}

// The demo coordinator coordinates `program` and, for a cohort, the demo
// evaluator evaluates it (accounts made when missing); returns the
// coordinator, signed in.
Actor EnrolDemoStaff(store::Database& db, const Program& program) {
  store::Transaction tx = db.Begin();
  const std::int64_t coordinator =
      EnsureDemoUser(tx, "coordinator@tandem.example", "Demo Coordinator", false);
  EnsureDemoEnrollment(tx, program.id, coordinator, Role::kCoordinator, "coordinator");
  if (program.kind == ProgramKind::kCohort) {
    const std::int64_t evaluator =
        EnsureDemoUser(tx, "evaluator@tandem.example", "Demo Evaluator", false);
    EnsureDemoEnrollment(tx, program.id, evaluator, Role::kEvaluator, "evaluator");
  }
  tx.Commit();
  return Actor::User(coordinator, false);
}

// Writes `demo`'s CSV and, unless a program of its name exists, creates the
// program and imports the CSV; a cohort is matched and published, a
// completed one replays its year (from HistoryStart(), on `clock`).
DemoLoaded LoadDemoProgram(store::Database& db, MovableClock& clock, const Actor& actor,
                           const DemoProgram& demo, std::uint64_t seed,
                           const std::string& out_dir) {
  DemoLoaded result;
  result.csv_path = (std::filesystem::path(out_dir) / demo.file_name).string();
  std::stringstream csv;
  WriteParticipantCsv(csv, demo.participants, demo.questions);
  {
    std::ofstream file(result.csv_path, std::ios::binary | std::ios::trunc);
    file << csv.str();
    if (!file) throw InvalidArgument("cannot write " + result.csv_path, "out-dir");
  }
  for (const Participant& p : demo.participants) {
    (p.role == Role::kMentor ? result.mentors : result.mentees)++;
  }
  try {
    result.program = FindProgram(db, demo.program.name);
    return result;  // left as it is
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kNotFound) throw;
  }
  const SysSeconds first_day = *ParseUtc(demo.program.starts_on + "T00:00:00Z");
  if (demo.completed) {
    if (clock.Now() >= first_day) {
      throw FailedPrecondition("the demo replays \"" + demo.program.name +
                               "\" from before it started: open the database with NewDemoClock()");
    }
    clock.AdvanceTo(HistoryStart());
  }
  result.program = CreateProgram(db, actor, demo.program, demo.vocabulary_from);
  if (!demo.questions.empty()) SaveQuestions(db, actor, result.program.id, demo.questions);
  ImportReport report = ImportParticipants(db, actor, result.program.id, csv);
  if (!report.ok()) {
    throw Error(ErrorCode::kInternal,
                "demo data failed its own validation: " + FormatProblem(report.errors[0]));
  }
  result.created = true;
  const Actor coordinator = EnrolDemoStaff(db, result.program);
  AddDemoJourney(db, actor, result.program);
  if (demo.completed) clock.AdvanceTo(first_day + std::chrono::hours(13));  // pairs start day one
  if (demo.choice.mode != MatchingMode::kCoordinator) {
    UpdateChoiceSettings(db, actor, result.program.id, demo.choice);
  } else if (result.program.kind == ProgramKind::kCohort) {
    PublishDemoPairs(db, actor, result);
  }
  if (!demo.volunteers.empty()) LoadDemoPeerQueue(db, coordinator, result.program, demo);
  if (demo.completed) {
    result.program = LoadDemoYear(db, clock, coordinator, result.program, demo.participants, seed);
  }
  return result;
}

}  // namespace

std::shared_ptr<MovableClock> NewDemoClock() {
  return std::make_shared<MovableClock>(HistoryStart());
}

std::vector<DemoLoaded> LoadDemo(store::Database& db, MovableClock& clock, const Actor& actor,
                                 std::uint64_t seed, const std::string& out_dir) {
  if (&db.clock() != &clock) {
    throw InvalidArgument("LoadDemo moves the database's own clock: pass that one", "clock");
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) throw InvalidArgument("cannot create " + out_dir + ": " + ec.message(), "out-dir");
  const std::vector<DemoProgram> demos = GenerateDemoPrograms(seed);
  std::vector<DemoLoaded> loaded(demos.size());
  // Past years first, each replayed in its own time, then the present: the
  // clock only moves forward.
  for (const bool past : {true, false}) {
    for (size_t i = 0; i < demos.size(); ++i) {
      if (demos[i].completed == past) {
        loaded[i] = LoadDemoProgram(db, clock, actor, demos[i], seed, out_dir);
      }
    }
    clock.CatchUp();
  }
  AddDemoSignIns(db, loaded, demos);
  return loaded;
}

}  // namespace tandem::service
