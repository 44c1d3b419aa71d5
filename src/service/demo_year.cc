#include "service/demo_year.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "core/error.h"
#include "core/journey.h"
#include "core/meeting.h"
#include "core/qualitative.h"
#include "core/survey.h"
#include "service/demo_random.h"
#include "service/journey.h"
#include "service/meetings.h"
#include "service/pairs.h"
#include "service/programs.h"
#include "service/qualitative.h"
#include "service/surveys.h"
#include "store/enrollment_repository.h"

// Time. The use cases take "now" from the Database's clock and stamp what
// they write with it: the day pairs start and end, signatures, goal and
// project changes, survey invitations and answers, the audit log. Dates the
// use cases take as input (a meeting's met_at, a position's start) could
// carry the past alone, but the rest would then say the day the demo was
// loaded: pairs "started" and "ended" on one day, agreements signed months
// after the meetings, and no survey invitations to count responses against.
// So the year is replayed in order on a MovableClock: the demo opens the
// database with one that starts before the program (NewDemoClock, used by
// `tandem demo`, which the browser journeys and tests/*.mjs run as its own
// process before any server starts), and each event below moves it forward
// to its time; it never goes back. The result is what Tandem would hold had
// the year happened in it.

namespace tandem::service {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// The reference program's end-of-program answers, examples/survey.csv coded
// 1 (strongly disagree) .. 5 (strongly agree), 0 missing: good_match,
// confidence, career_development, professional_identity of 33 respondents.
constexpr int kRespondents = 33;
constexpr std::array<std::array<int, 4>, kRespondents> kReferenceAnswers = {{
    {5, 4, 5, 4}, {4, 4, 4, 4}, {4, 5, 4, 4}, {4, 5, 4, 4}, {5, 0, 4, 4}, {4, 4, 4, 5},
    {4, 4, 5, 5}, {5, 5, 4, 4}, {5, 5, 5, 5}, {5, 4, 5, 4}, {4, 5, 5, 5}, {4, 4, 0, 5},
    {4, 4, 5, 5}, {5, 4, 5, 5}, {4, 4, 5, 4}, {5, 4, 4, 5}, {5, 5, 5, 5}, {4, 4, 4, 4},
    {4, 5, 5, 4}, {5, 4, 4, 5}, {5, 5, 4, 5}, {4, 4, 5, 4}, {4, 4, 4, 4}, {4, 5, 4, 5},
    {4, 4, 5, 5}, {4, 4, 5, 5}, {1, 4, 3, 2}, {3, 5, 4, 5}, {1, 5, 4, 3}, {1, 4, 5, 0},
    {1, 5, 5, 5}, {2, 3, 5, 5}, {2, 1, 2, 4},
}};

constexpr int kPairs = 35;
constexpr int kMonths = 12;           // the cadence asks for one meeting a month
constexpr int kProjects = 22;         // mentees with a scholarly project (63%)
constexpr int kRetained = 23;         // mentees in a faculty position (66%)
constexpr int kMentorResponses = 28;  // of 34 mentors
constexpr int kPublications = 7;      // of the finished projects
constexpr int kPresentations = 12;    // ASH abstracts
constexpr int kMonthsBeforeLeaving = 4;

// The months of the program year, in UTC (0: the program's first month).
class ProgramCalendar {
 public:
  explicit ProgramCalendar(const std::string& starts_on) {
    std::sscanf(starts_on.c_str(), "%d-%d", &year_, &month_);
  }
  // "YYYY-MM-DD" of day `day` (1..28) of month `month`.
  std::string Date(int month, int day) const {
    const int m = month_ - 1 + month;
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year_ + m / 12, m % 12 + 1, day);
    return text;
  }
  // `hour`:`minute` UTC on day `day` of month `month` (days past the month's
  // end run on into the next).
  SysSeconds At(int month, int day, int hour, int minute = 0) const {
    return *ParseUtc(Date(month, 1) + "T00:00:00Z") + days(day - 1) + hours(hour) + minutes(minute);
  }
  int Year(int month) const { return year_ + (month_ - 1 + month) / 12; }
  std::string MonthName(int month) const {
    static const char* kNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
    return std::string(kNames[(month_ - 1 + month) % 12]) + " " + std::to_string(Year(month));
  }

 private:
  int year_ = 2025;
  int month_ = 7;
};

std::string FirstName(const std::string& name) {
  const std::string rest = name.rfind("Dr. ", 0) == 0 ? name.substr(4) : name;
  return rest.substr(0, rest.find(' '));
}
// "Okafor A", as author lists cite.
std::string Cited(const std::string& name) {
  return name.substr(name.rfind(' ') + 1) + " " + FirstName(name).substr(0, 1);
}

std::string Fill(std::string text, const std::string& key, const std::string& value) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
    text.replace(at, key.size(), value);
    at += value.size();
  }
  return text;
}

int Clamp(int v) { return std::max(1, std::min(5, v)); }

struct GoalTemplate {
  const char* title;
  const char* category;
  const char* success;
  int target_month;
};
const std::vector<GoalTemplate> kGoals = {
    {"Submit a first-author abstract to the ASH annual meeting", "research",
     "Abstract submitted by the August deadline", 1},
    {"Decide between an academic and a community hematology career", "career",
     "A decision and a list of places to apply", 6},
    {"Draft a career development award application", "research",
     "Specific aims reviewed by the mentor", 9},
    {"Build a teaching portfolio", "education",
     "Teaching evaluations and two talks collected in one place", 10},
    {"Give a grand rounds talk at my home institution", "education", "Talk given, with feedback",
     8},
    {"Prepare for the faculty job search", "career",
     "CV, cover letter and job talk reviewed; applications sent", 7},
    {"Lead a quality improvement project on anticoagulation management", "leadership",
     "Baseline data, one change tested, results shared with the division", 10},
    {"Protect research time during a heavy clinical year", "well_being",
     "Half a day a week kept free for research", 11},
    {"Become confident with complex thrombosis consults", "clinical_skills",
     "Lead consults with the attending as back-up only", 8},
    {"Join an ASH committee or working group", "leadership", "Application sent", 5},
};

const std::vector<std::string> kSharedNotes = {
    "Went through the abstract draft line by line; figures next.",
    "Talked about how to choose between two job offers.",
    "Reviewed the specific aims page; tighten aim 2.",
    "Discussed a hard consult and how to say no to extra service weeks.",
    "Planned whom to meet at ASH.",
    "Looked at the data together; the cohort is big enough.",
    "Mock job talk: shorten the introduction, lead with the question.",
    "Caught up after a busy inpatient month; set two small goals.",
};

// Free text a mentee might write; {m} is the mentor's first name.
const std::vector<std::string> kMostValuableGood = {
    "{m}'s honest advice on the faculty job search and how to ask for protected time.",
    "Having someone outside my own institution to talk through career decisions with.",
    "Working through the abstract with {m}. I would not have submitted to ASH without the push.",
    "Hearing how {m} built a classical hematology practice made the path feel possible.",
    "The monthly calls kept me accountable for my research goals.",
    "Introductions to people in the thrombosis community at ASH.",
    "Detailed feedback on my CV and my job talk.",
    "Someone who listened during a hard inpatient rotation and helped me keep perspective.",
};
const std::vector<std::string> kMostValuablePoor = {
    "Less than I hoped; our interests did not overlap much.",
    "A few useful conversations about jobs, but we rarely found a time to meet.",
};
const std::vector<std::string> kImproveGood = {
    "More structure in the first two months: a list of topics to cover would have helped us "
    "start faster.",
    "A mid-year check-in with the coordinator, so that problems come up before spring.",
    "An in-person session at ASH for all pairs; meeting {m} face to face made a real difference.",
    "Protected time. Some months clinical service made evening calls hard.",
    "Nothing major. Maybe a shared calendar of deadlines (ASH abstracts, award cycles).",
    "Examples of what other pairs did for their projects.",
    "Make it longer than a year: {m} and I were just getting going on the project.",
};
const std::vector<std::string> kImprovePoor = {
    "Match on research interests more strictly; we spent the first meetings looking for common "
    "ground.",
    "Let us ask for a different mentor after the first months without it feeling like a failure.",
};
// Free text a mentor might write; {f} is the mentee's first name.
const std::vector<std::string> kMentorReflection = {
    "How much fellows value hearing about failures, not only successes.",
    "That a monthly call is enough when both of us keep it.",
    "Mentoring {f} across institutions showed me how differently programs train fellows.",
    "I learned as much about the new grant mechanisms as {f} did.",
    "To listen first; {f} usually knew the answer already.",
    "Career advice has changed since I trained; I had to check my assumptions.",
};
const std::vector<std::string> kMentorImprove = {
    "A short orientation for mentors on what the program expects of us.",
    "Reminders of abstract and award deadlines sent to both of us.",
    "A way to meet the other mentors once during the year.",
    "",
};

// The evaluation's qualitative part, after the year: an end-of-year
// interview with a fellow and a focus group, synthetic and de-identified as
// the uploader confirms ([name], [institution]); a small codebook; both
// transcripts coded line by line by the evaluator and by the coordinator,
// who mostly agree (pooled kappa about 0.73); the
// agreed coding of a few passages after their consensus meeting; one theme.
struct Transcript {
  const char* title;
  std::vector<const char*> lines;  // speaker turns, one a line
};
const std::vector<Transcript> kTranscripts = {
    {"End-of-year interview with a fellow",
     {
         "Interviewer: Thank you for joining. To start, how would you describe your year in the "
         "mentoring program?",
         "Fellow: It was one of the better parts of fellowship, honestly. Having a mentor at "
         "another institution meant I could ask questions I would never ask at home. We met in "
         "person only once, at a café near the poster hall at ASH.",
         "Interviewer: What kinds of questions?",
         "Fellow: Mostly about jobs. [name] walked me through how to read an offer letter and "
         "what to ask for in protected time. I had no idea you could negotiate that.",
         "Interviewer: Did that change how you approached the job search?",
         "Fellow: Completely. I applied to fewer places but the right ones, and I went into "
         "interviews with a list of questions instead of just hoping.",
         "Interviewer: And your scholarly work?",
         "Fellow: We worked on my ASH abstract together. [name] reviewed every draft of the "
         "figures, and the abstract was accepted as a poster.",
         "Fellow: I also started a small retrospective cohort on thrombosis outcomes; we met "
         "every month to look at the data.",
         "Interviewer: Were there times the relationship helped outside of career and research?",
         "Fellow: Yes. In January I had a terrible inpatient month and a patient death that "
         "stayed with me. [name] just listened, and then shared a similar story from their own "
         "training. That mattered more than any advice.",
         "Interviewer: What was it like to be mentored by someone from a different program?",
         "Fellow: It showed me how differently places run clinics and fellowships. At "
         "[institution] they have a dedicated thrombosis service, and hearing how it works gave "
         "me ideas for our own.",
         "Interviewer: What got in the way?",
         "Fellow: Scheduling, mostly. My night float weeks and clinic days never lined up with "
         "[name]'s evenings, so we moved calls three or four times.",
         "Fellow: We ended up booking the next call at the end of each one, which helped.",
         "Interviewer: Anything you would change about the program?",
         "Fellow: A shared list of deadlines, abstract dates and award cycles, would have saved "
         "us a lot of scrambling in the fall.",
         "Interviewer: Thank you. Is there anything else you want to add?",
         "Fellow: Only that I would do it again, and I have already told two of our first-years "
         "to apply.",
     }},
    {"Focus group with five fellows",
     {
         "Moderator: Welcome, everyone. Let's start with what you got out of being paired with a "
         "mentor outside your own institution.",
         "P1: For me it was perspective. My mentor's division runs its hemophilia treatment "
         "centre very differently from ours, and I brought two of their clinic templates back "
         "home.",
         "P2: Same. It was useful to hear how another program handles the move from fellow to "
         "faculty.",
         "P3: I think the biggest thing was having someone with no stake in my evaluations. I "
         "could say I was struggling without worrying about my file.",
         "Moderator: Can you say more about that?",
         "P3: In the spring I was close to burning out. My mentor noticed before I did and helped "
         "me plan a lighter block.",
         "P4: Mine was more practical. We spent most calls on my CV and job talk, and I had three "
         "interviews by March.",
         "P5: I used the time for research. My mentor connected me with a statistician at their "
         "centre, and my cohort paper is now under review.",
         "Moderator: What made the relationship harder?",
         "P2: Time zones and schedules. I'm on the West Coast and my mentor is on the East Coast, "
         "so evening for me was late night for them.",
         "P4: Clinic weeks. I cancelled twice in the fall because of the consult service, and I "
         "felt bad about it.",
         "P1: We had the same issue. Once we set a fixed monthly slot it mostly went away.",
         "P5: For me the harder part was knowing what to ask. The first two meetings felt "
         "unfocused.",
         "Moderator: Did the program's structure help with that?",
         "P5: The agreement form helped a bit. A list of suggested topics for the first months "
         "would have helped more.",
         "P3: I'd agree with that. I also would have liked one more in-person meeting; we only "
         "met at ASH.",
         "Moderator: How did the mentoring affect your career plans?",
         "P1: It made me more confident about staying in classical hematology. Seeing someone "
         "build a career in it made it feel realistic.",
         "P4: I negotiated protected research time in my offer because my mentor told me exactly "
         "what to ask for.",
         "P2: I'm still undecided between academic and community practice, but I know what "
         "questions to ask now.",
         "Moderator: Anything else?",
         "P5: Just that it should run longer than one year. We were only getting going with the "
         "project in the spring.",
         "P3: And that the mentors should hear from us how much it mattered. Mine probably "
         "doesn't know.",
         "Moderator: Thank you all.",
     }},
};

struct DemoCode {
  const char* name;
  const char* parent;  // "": top level
  const char* definition;
  const char* example;
};
const std::vector<DemoCode> kCodebook = {
    {"Career guidance", "",
     "The mentor's advice or the pair's talk about the fellow's career path and choices.",
     "It made me more confident about staying in classical hematology."},
    {"Job search", "Career guidance",
     "Finding, applying for, interviewing for or negotiating a position.",
     "We spent most calls on my CV and job talk."},
    {"Scholarly work", "Career guidance",
     "Research, abstracts, papers and grants the pair worked on or talked about.",
     "We worked on my ASH abstract together."},
    {"Emotional support", "",
     "Listening, encouragement or help with stress, burnout or hard clinical experiences.",
     "My mentor noticed before I did and helped me plan a lighter block."},
    {"Cross-institution perspective", "",
     "What the fellow learned or felt because the mentor works at another institution.",
     "I brought two of their clinic templates back home."},
    {"Barriers", "", "Anything that made the mentoring harder or that the program lacked.",
     "The first two meetings felt unfocused."},
    {"Scheduling", "Barriers",
     "Finding or keeping times to meet: service, time zones, cancelled calls.",
     "We moved calls three or four times."},
};

// A passage of `line` (of transcript `document`) that the evaluator (E:
// these words), the coordinator (C: the whole turn) or both gave `code`;
// `agreed`: also in the agreed coding (these words).
struct DemoCoding {
  int document;
  int line;
  const char* code;
  const char* words;
  const char* coders;  // "EC", "E" or "C"
  bool agreed = false;
};
const std::vector<DemoCoding> kCoding = {
    {0, 1, "Cross-institution perspective",
     "Having a mentor at another institution meant I could ask questions I would never ask at "
     "home.",
     "EC"},
    {0, 1, "Emotional support", "I could ask questions I would never ask at home.", "C"},
    {0, 3, "Job search",
     "walked me through how to read an offer letter and what to ask for in "
     "protected time.",
     "EC", true},
    {0, 3, "Career guidance", "I had no idea you could negotiate that.", "E"},
    {0, 5, "Job search", "I applied to fewer places but the right ones", "EC"},
    {0, 7, "Scholarly work", "We worked on my ASH abstract together.", "EC"},
    {0, 8, "Scholarly work", "I also started a small retrospective cohort on thrombosis outcomes",
     "EC"},
    {0, 10, "Emotional support",
     "[name] just listened, and then shared a similar story from their own training. That "
     "mattered more than any advice.",
     "EC", true},
    {0, 12, "Cross-institution perspective", "hearing how it works gave me ideas for our own.",
     "EC"},
    {0, 12, "Career guidance", "It showed me how differently places run clinics and fellowships.",
     "C"},
    {0, 14, "Scheduling", "My night float weeks and clinic days never lined up", "EC", true},
    {0, 15, "Scheduling", "We ended up booking the next call at the end of each one", "E"},
    {0, 17, "Barriers", "A shared list of deadlines", "C"},
    {1, 1, "Cross-institution perspective",
     "My mentor's division runs its hemophilia treatment centre very differently from ours", "EC",
     true},
    {1, 2, "Career guidance", "how another program handles the move from fellow to faculty", "EC"},
    {1, 2, "Cross-institution perspective", "how another program handles", "E"},
    {1, 3, "Emotional support",
     "having someone with no stake in my evaluations. I could say I was struggling without "
     "worrying about my file.",
     "EC", true},
    {1, 3, "Cross-institution perspective", "someone with no stake in my evaluations", "C"},
    {1, 5, "Emotional support",
     "My mentor noticed before I did and helped me plan a lighter block.", "EC"},
    {1, 5, "Scheduling", "helped me plan a lighter block", "C"},
    {1, 6, "Job search", "We spent most calls on my CV and job talk", "EC"},
    {1, 7, "Scholarly work", "my cohort paper is now under review", "EC"},
    {1, 7, "Cross-institution perspective", "a statistician at their centre", "E"},
    {1, 9, "Scheduling", "Time zones and schedules.", "EC", true},
    {1, 10, "Scheduling", "I cancelled twice in the fall because of the consult service", "EC"},
    {1, 11, "Scheduling", "Once we set a fixed monthly slot it mostly went away.", "EC"},
    {1, 12, "Barriers", "the harder part was knowing what to ask", "E"},
    {1, 15, "Barriers", "I also would have liked one more in-person meeting", "C"},
    {1, 17, "Career guidance", "It made me more confident about staying in classical hematology.",
     "EC"},
    {1, 18, "Job search", "I negotiated protected research time in my offer", "EC"},
    {1, 18, "Career guidance", "my mentor told me exactly what to ask for", "E"},
    {1, 19, "Career guidance", "I know what questions to ask now", "EC"},
    {1, 21, "Barriers", "it should run longer than one year", "E"},
};

// The library's items of `constructs`, in that order, none required (the
// reference program's answers have blanks).
std::vector<SurveyItem> LibraryItems(const std::vector<std::string>& constructs) {
  std::vector<SurveyItem> items;
  for (const std::string& code : constructs) {
    for (const SurveyConstruct& c : SurveyLibrary()) {
      if (c.code == code) items.insert(items.end(), c.items.begin(), c.items.end());
    }
  }
  for (SurveyItem& item : items) item.required = false;
  return items;
}

SurveyItem FreeText(const char* code, const char* text, const char* section) {
  SurveyItem item;
  item.code = code;
  item.kind = "long_text";
  item.text = text;
  item.section = section;
  return item;
}

// One pair's year as the generator plans it.
struct PairYear {
  Pair pair;
  const Participant* mentor = nullptr;
  const Participant* mentee = nullptr;
  Actor mentor_actor;
  Actor mentee_actor;
  int months = kMonths;  // months the pair ran (fewer when dissolved)
  std::string dissolve_reason;
  int respondent = -1;  // row of kReferenceAnswers; -1: no survey response
  int held = 0;         // meetings held
  bool signs = true;    // signs the agreement in the first month
  std::vector<const GoalTemplate*> goals;
  std::optional<Project> project;
  bool ends_early() const { return !dissolve_reason.empty(); }
  bool good_match() const { return respondent < 0 || kReferenceAnswers[respondent][0] >= 4; }
};

// Plans the year, then replays it in order. One object per LoadDemoYear call.
class DemoYear {
 public:
  DemoYear(store::Database& db, MovableClock& clock, const Actor& coordinator,
           const Program& program, const std::vector<Participant>& people, std::uint64_t seed)
      : db_(db),
        clock_(clock),
        coordinator_(coordinator),
        program_(program),
        calendar_(program.starts_on),
        rng_(seed * 0x9E3779B97F4A7C15ULL + 2025) {
    for (const Participant& p : people) people_[p.id] = &p;
  }

  Program Load() {
    Plan();
    for (PairYear& y : pairs_) {
      PlanAgreementAndGoals(y);
      PlanMeetings(y);
      if (y.ends_early()) {
        At(calendar_.At(y.months, 10, 14),
           [this, &y] { DissolvePair(db_, coordinator_, y.pair.id, y.dissolve_reason); });
      }
    }
    PlanProjects();
    PlanOutputs();
    PlanSurveys();
    int i = 0;
    for (PairYear& y : pairs_) {
      if (y.ends_early()) continue;
      At(calendar_.At(kMonths - 1, 30, 16, i++),
         [this, &y] { CompletePair(db_, coordinator_, y.pair.id); });
    }
    PlanPositions();
    PlanQualitative();
    At(calendar_.At(kMonths + 4, 20, 10), [this] {
      program_ = TransitionProgram(db_, coordinator_, program_.id, ProgramStatus::kClosed);
    });
    Replay();
    return program_;
  }

 private:
  struct Event {
    SysSeconds at;
    int order = 0;  // events at the same time keep the order they were planned in
    std::function<void()> run;
  };

  void At(SysSeconds at, std::function<void()> run) {
    events_.push_back({at, static_cast<int>(events_.size()), std::move(run)});
  }

  // Runs the events in time order, each at its time; what lies after the
  // wall clock's time has not happened yet.
  void Replay() {
    std::sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
      return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    const SysSeconds wall = clock_.Now() - clock_.offset();
    for (const Event& e : events_) {
      if (e.at > wall) break;
      clock_.AdvanceTo(e.at);
      e.run();
    }
  }

  // Who is in which pair, which pairs end early, who answers which survey
  // row, and how many meetings each pair holds.
  void Plan() {
    std::map<std::int64_t, Actor> actors;  // enrollment -> the person signed in
    {
      store::Transaction tx = db_.Begin(false);
      for (const Enrollment& e : store::EnrollmentRepository(tx).List(program_.id)) {
        actors[e.id] = Actor::User(e.user_id, false);
        if (e.role == Role::kEvaluator && !evaluator_) evaluator_ = Actor::User(e.user_id, false);
      }
      tx.Commit();
    }
    for (const Pair& p : ListPairs(db_, coordinator_, program_.id, PairStatus::kActive)) {
      PairYear y;
      y.pair = p;
      y.mentor = people_.at(p.mentor);
      y.mentee = people_.at(p.mentee);
      y.mentor_actor = actors.at(p.mentor_enrollment_id);
      y.mentee_actor = actors.at(p.mentee_enrollment_id);
      pairs_.push_back(std::move(y));
    }
    if (pairs_.size() != kPairs) {
      throw Error(ErrorCode::kInternal, "the demo cohort has " + std::to_string(pairs_.size()) +
                                            " pairs instead of " + std::to_string(kPairs));
    }
    // By mentee id: the same order whatever ids the database gave the pairs.
    std::sort(pairs_.begin(), pairs_.end(),
              [](const PairYear& a, const PairYear& b) { return a.pair.mentee < b.pair.mentee; });
    std::vector<int> order(pairs_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    order = rng_.Sample(order, static_cast<int>(order.size()));
    // Two pairs end early: a fellow who left the fellowship in the fifth
    // month, and a pair whose schedules stopped meeting in the seventh.
    PairYear& left = pairs_[order[0]];
    left.months = kMonthsBeforeLeaving;
    left.held = 3;
    left.dissolve_reason = "The fellow left the fellowship in " + calendar_.MonthName(left.months) +
                           " to take a hospitalist position near family; ended by agreement.";
    PairYear& conflict = pairs_[order[1]];
    conflict.months = 6;
    conflict.held = 3;
    conflict.signs = false;
    conflict.dissolve_reason =
        "Schedule conflict: once the fellow's inpatient and night blocks began, their free "
        "evenings no longer overlapped with the mentor's; both asked to end the pairing in " +
        calendar_.MonthName(conflict.months) + ".";
    // The other 33 complete and answer the survey, one reference row each;
    // the pairs that felt badly matched met less.
    for (int r = 0; r < kRespondents; ++r) {
      PairYear& y = pairs_[order[2 + r]];
      y.respondent = r;
      y.held = y.good_match() ? rng_.Pick(std::vector<int>{12, 12, 11, 11, 11, 10, 10, 9})
                              : rng_.Pick(std::vector<int>{9, 8, 8, 7, 6});
      // The least happy pair never signed its agreement.
      if (r == kRespondents - 1) y.signs = false;
    }
  }

  // In the first month the mentee writes the agreement's specifics (the
  // goals they start with among them) and both sign; the goals are set as
  // work in progress, and marked achieved or dropped when that happens.
  void PlanAgreementAndGoals(PairYear& y) {
    std::vector<const GoalTemplate*> all;
    for (const GoalTemplate& g : kGoals) all.push_back(&g);
    y.goals = rng_.Sample(all, y.ends_early() ? 1 + rng_.Below(2) : 2 + rng_.Below(2));
    const int day = 2 + rng_.Below(8);
    SysSeconds goals_at = calendar_.At(0, day, 22);
    if (y.signs) {
      AgreementSpecifics specifics;
      specifics.cadence = rng_.Pick(std::vector<std::string>{
          "Monthly, second week of the month, 45 minutes",
          "Once a month on a weekday evening, an hour", "Monthly; more often before deadlines"});
      specifics.mode = "Video; in person at the ASH annual meeting in December";
      specifics.contact = "E-mail; text for anything time-sensitive";
      for (const GoalTemplate* g : y.goals) {
        specifics.first_goals +=
            (specifics.first_goals.empty() ? "" : "; ") + std::string(g->title);
      }
      const int mentor_day = day + 1 + rng_.Below(3);
      const int mentee_day = mentor_day + rng_.Below(3);
      At(calendar_.At(0, day, 21),
         [this, &y, specifics] { SaveAgreement(db_, y.mentee_actor, y.pair.id, specifics, 0); });
      At(calendar_.At(0, mentor_day, 14),
         [this, &y] { SignAgreement(db_, y.mentor_actor, y.pair.id, y.pair.mentor_name, 1); });
      At(calendar_.At(0, mentee_day, 23),
         [this, &y] { SignAgreement(db_, y.mentee_actor, y.pair.id, y.pair.mentee_name, 1); });
    } else {
      goals_at += days(7);
    }
    for (const GoalTemplate* t : y.goals) {
      GoalInput in;
      in.title = t->title;
      in.category = t->category;
      in.success = t->success;
      in.target_on = calendar_.Date(t->target_month, 28);
      in.status = "in_progress";
      std::string ending;
      int month = t->target_month;
      if (!y.ends_early()) {
        if (rng_.Chance(y.good_match() ? 80 : 45)) {
          ending = "achieved";
        } else if (rng_.Chance(40)) {
          ending = "dropped";
          month = std::min(t->target_month + 1, kMonths - 1);
        }
      }
      auto goal = std::make_shared<std::int64_t>(0);
      At(goals_at,
         [this, &y, in, goal] { *goal = CreateGoal(db_, y.mentee_actor, y.pair.id, in).id; });
      if (ending.empty()) continue;
      At(calendar_.At(month, 20 + rng_.Below(8), 20), [this, &y, ending, goal] {
        GoalInput change;
        change.status = ending;
        UpdateGoal(db_, y.mentee_actor, *goal, change);
      });
    }
  }

  // One log a month: held in `held` of the months (always the first), and
  // in about half of the others a log saying why not; each written a day or
  // three after the meeting, mostly by the mentee.
  void PlanMeetings(const PairYear& y) {
    std::vector<int> later;
    for (int m = 1; m < y.months; ++m) later.push_back(m);
    std::set<int> held = {0};
    for (int m : rng_.Sample(later, y.held - 1)) held.insert(m);
    for (int m = 0; m < y.months; ++m) {
      const bool was_held = held.count(m) > 0;
      if (!was_held && !rng_.Chance(55)) continue;
      const bool by_mentee = rng_.Chance(75);
      const Participant& author = by_mentee ? *y.mentee : *y.mentor;
      // A local evening on day 3..24 (the first meeting after the
      // agreement's first days), logged a day or more later.
      const int day = m == 0 ? 14 + rng_.Below(11) : 3 + rng_.Below(22);
      char time[8];
      std::snprintf(time, sizeof time, "T%02d:%02d", 17 + rng_.Below(3), 30 * rng_.Below(2));
      MeetingLogInput in;
      in.met_at = calendar_.Date(m, day) + time;
      in.time_zone = author.time_zone;
      in.held = was_held;
      if (was_held) {
        in.minutes = 30 + 15 * rng_.Below(3);
        in.topics.push_back(
            m == 0 ? "career planning"
                   : std::string(
                         kMeetingTopics[rng_.Below(static_cast<int>(std::size(kMeetingTopics)))]));
        if (rng_.Chance(25)) in.shared_notes = rng_.Pick(kSharedNotes);
      } else {
        in.not_held_reason = rng_.Pick(
            std::vector<std::string>{"rescheduled", "rescheduled", "cancelled", "no_show"});
      }
      const Actor& who = by_mentee ? y.mentee_actor : y.mentor_actor;
      At(calendar_.At(m, day + 1 + rng_.Below(3), 15),
         [this, &y, &who, in] { LogMeeting(db_, who, y.pair.id, in); });
    }
  }

  // Scholarly projects of 22 mentees whose pairs complete, started in the
  // second to fourth month; most finished before the end.
  void PlanProjects() {
    std::vector<PairYear*> completing;
    for (PairYear& y : pairs_) {
      if (!y.ends_early()) completing.push_back(&y);
    }
    for (PairYear* y : rng_.Sample(completing, kProjects)) {
      const std::string topic = rng_.Pick(y->mentee->interests);
      const std::string type = rng_.Pick(std::vector<std::string>{
          "research", "research", "research", "research", "quality_improvement",
          "quality_improvement", "review", "case_report", "education"});
      Project p;  // what it will be, filled as planned
      p.type = type;
      if (type == "research") {
        p.title =
            "Outcomes in " + topic + " at " + y->mentee->institution + ": a retrospective cohort";
        p.description = "Chart review of adult patients seen over ten years.";
      } else if (type == "quality_improvement") {
        p.title = "Improving care in " + topic + ": a quality improvement project";
        p.description = "Plan-do-study-act cycles in the fellow's clinic.";
      } else if (type == "review") {
        p.title = "Management of " + topic + ": a review for the practising hematologist";
        p.description = "Narrative review with the mentor as senior author.";
      } else if (type == "case_report") {
        p.title = "An unusual presentation of " + topic + ": case report";
        p.description = "A case from the fellow's consult service, with a short review.";
      } else {
        p.title = "A case-based curriculum on " + topic + " for internal medicine residents";
        p.description = "Four sessions taught and evaluated at the fellow's institution.";
      }
      const int start_month = 1 + rng_.Below(3);
      p.starts_on = calendar_.Date(start_month, 1);
      p.status = rng_.Chance(70) ? "completed" : "active";
      const int end_month = 9 + rng_.Below(3);
      if (p.status == "completed") p.ends_on = calendar_.Date(end_month, 15);
      y->project = p;
      ProjectInput in;
      in.title = p.title;
      in.type = p.type;
      in.status = "active";
      in.starts_on = p.starts_on;
      in.lead = "mentee";
      in.description = p.description;
      // The stored project replaces the plan when it is created; the plan
      // above is what PlanOutputs reads.
      At(calendar_.At(start_month, 1, 15),
         [this, y, in] { y->project = CreateProject(db_, y->mentee_actor, y->pair.id, in); });
      if (p.status != "completed") continue;
      ProjectInput done;
      done.status = "completed";
      done.ends_on = p.ends_on;
      At(calendar_.At(end_month, 15, 15), [this, y, done] {
        y->project = UpdateProject(db_, y->mentee_actor, y->project->id, done);
      });
    }
  }

  // An output of `y`'s mentee from their project, recorded at `at`.
  void Record(SysSeconds at, const PairYear* y, Output o) {
    o.enrollment_id = y->pair.mentee_enrollment_id;
    o.pair_id = y->pair.id;
    if (o.title.empty()) o.title = y->project->title;
    At(at, [this, y, o]() mutable {
      o.project_id = y->project->id;
      CreateOutput(db_, y->mentee_actor, program_.id, o);
    });
  }

  // What the projects produced: ASH abstracts (after the December meeting),
  // publications of finished projects, grants and awards.
  void PlanOutputs() {
    std::vector<const PairYear*> projects, presentable, publishable;
    for (const PairYear& y : pairs_) {
      if (!y.project) continue;
      projects.push_back(&y);
      if (y.project->type != "education" && y.project->type != "review") {
        presentable.push_back(&y);
      }
      if (y.project->status == "completed" && y.project->type != "education" &&
          y.project->type != "quality_improvement") {
        publishable.push_back(&y);
      }
    }
    const int ash = 5;  // December: the ASH annual meeting
    const std::vector<const PairYear*> presenters = rng_.Sample(presentable, kPresentations);
    for (const PairYear* y : presenters) {
      Output o;
      o.kind = "presentation";
      o.meeting = "ASH Annual Meeting " + std::to_string(calendar_.Year(ash));
      o.format = rng_.Chance(20) ? "oral" : "poster";
      o.year = calendar_.Year(ash);
      o.authors = Cited(y->mentee->name) + ", " + Cited(y->mentor->name);
      Record(calendar_.At(ash, 12 + rng_.Below(8), 18), y, o);
    }
    static const std::vector<std::string> kJournals = {
        "Blood Advances", "American Journal of Hematology", "Journal of Thrombosis and Haemostasis",
        "Research and Practice in Thrombosis and Haemostasis", "British Journal of Haematology"};
    int doi = 0;
    for (const PairYear* y : rng_.Sample(publishable, kPublications)) {
      Output o;
      o.kind = "publication";
      o.journal = rng_.Pick(kJournals);
      o.year = calendar_.Year(kMonths - 1);
      o.authors = Cited(y->mentee->name) + ", " + Cited(y->mentor->name);
      // 10.5555 is the DOI prefix kept for examples: nothing real has it.
      o.doi = "10.5555/demo." + std::to_string(++doi);
      const int ended = std::stoi(y->project->ends_on.substr(5, 2));
      const int month = (ended + 12 - std::stoi(program_.starts_on.substr(5, 2))) % 12;
      Record(calendar_.At(month, 22 + rng_.Below(6), 17), y, o);
    }
    struct Grant {
      const char* funder;
      const char* mechanism;
      double amount;
      const char* currency;
      const char* status;
    };
    static const Grant kGrants[] = {
        {"American Society of Hematology", "Research Training Award for Fellows", 50000, "USD",
         "awarded"},
        {"Hemostasis and Thrombosis Research Society", "Mentored Research Award", 50000, "USD",
         "awarded"},
        {"National Heart, Lung, and Blood Institute", "K08", 750000, "USD", "submitted"},
        {"Canadian Institutes of Health Research", "Fellowship", 150000, "CAD", "submitted"},
    };
    const std::vector<const PairYear*> applicants = rng_.Sample(projects, 4);
    for (size_t i = 0; i < applicants.size(); ++i) {
      const Grant& g = kGrants[i];
      Output o;
      o.kind = "grant";
      o.funder = g.funder;
      o.mechanism = g.mechanism;
      o.amount = g.amount;
      o.currency = g.currency;
      o.grant_status = g.status;
      o.year = calendar_.Year(kMonths - 1);
      o.starts_on = calendar_.Date(kMonths + 3 * static_cast<int>(i / 2), 1);
      // Awards are announced in spring; applications go in over the winter.
      const bool awarded = std::string(g.status) == "awarded";
      Record(calendar_.At(awarded ? 10 : 8, 10 + 5 * static_cast<int>(i), 16), applicants[i], o);
    }
    // Two awards: one for an ASH abstract, one for teaching (an education
    // project's fellow when there is one).
    const PairYear* abstract = presenters.empty() ? projects.front() : presenters.front();
    const PairYear* teacher = nullptr;
    for (const PairYear* y : projects) {
      if (y != abstract && (!teacher || y->project->type == "education")) teacher = y;
    }
    Output prize;
    prize.kind = "award";
    prize.title = "ASH Abstract Achievement Award";
    prize.awarding_body = "American Society of Hematology";
    prize.year = calendar_.Year(ash);
    Record(calendar_.At(ash, 22, 15), abstract, prize);
    Output teaching;
    teaching.kind = "award";
    teaching.title = "Fellow Teaching Award";
    teaching.awarding_body = teacher->mentee->institution;
    teaching.year = calendar_.Year(kMonths - 1);
    Record(calendar_.At(kMonths - 1, 5, 15), teacher, teaching);
  }

  // The end-of-program surveys: built in May, the waves open on the last
  // month's first day (the hourly schedule job's run: invitations), remind
  // after 7 and 14 days, and are closed after the month; 33 mentees and 28
  // mentors answer on the days they choose.
  void PlanSurveys() {
    const int last = kMonths - 1;
    auto mentee_wave = std::make_shared<std::int64_t>(0);
    auto mentor_wave = std::make_shared<std::int64_t>(0);
    At(calendar_.At(last - 1, 18, 14), [this, mentee_wave, mentor_wave] {
      std::vector<SurveyItem> items =
          LibraryItems({"match_quality", "confidence", "career_development",
                        "professional_identity", "program_satisfaction"});
      items.push_back(FreeText("most_valuable",
                               "What was the most valuable part of your mentoring relationship?",
                               "The program"));
      *mentee_wave = Wave(CreateSurvey(db_, coordinator_, program_.id,
                                       {.title = "End-of-program survey (mentees)",
                                        .intro = "Your answers help us improve the program for "
                                                 "next year's fellows. Coordinators see only how "
                                                 "many answered; evaluators read the answers "
                                                 "without your name.",
                                        .anonymity = "confidential",
                                        .items = items}),
                          "mentees", "End of program, mentees");
      items = LibraryItems({"program_satisfaction"});
      items.push_back(FreeText("mentor_reflection", "What did you learn as a mentor this year?",
                               "The program"));
      *mentor_wave = Wave(CreateSurvey(db_, coordinator_, program_.id,
                                       {.title = "End-of-program survey (mentors)",
                                        .intro = "A few questions about your year as a mentor.",
                                        .anonymity = "confidential",
                                        .items = items}),
                          "mentors", "End of program, mentors");
    });
    for (int day : {1, 8, 15}) {
      At(calendar_.At(last, day, 8), [this, mentee_wave, mentor_wave] {
        RunSurveySchedule(db_, *mentee_wave);
        RunSurveySchedule(db_, *mentor_wave);
      });
    }
    for (const PairYear& y : pairs_) {
      if (y.respondent >= 0) Answer(y.mentee_actor, mentee_wave, MenteeAnswers(y));
    }
    // Each mentor with their (last) mentee; 28 of them answer.
    std::map<std::string, const PairYear*> mentors;
    for (const PairYear& y : pairs_) mentors[y.mentor->id] = &y;
    std::vector<const PairYear*> list;
    for (const auto& [id, y] : mentors) list.push_back(y);
    for (const PairYear* y : rng_.Sample(list, kMentorResponses)) {
      Answer(y->mentor_actor, mentor_wave, MentorAnswers(*y));
    }
    At(calendar_.At(last + 1, 1, 9), [this, mentee_wave, mentor_wave] {
      for (std::int64_t wave : {*mentee_wave, *mentor_wave}) {
        UpdateWave(db_, coordinator_, wave, {.status = "closed"});
      }
    });
  }

  // The wave that asks `audience` in the program's last month.
  std::int64_t Wave(const Survey& survey, const std::string& audience, const std::string& title) {
    WaveInput in;
    in.survey_id = survey.id;
    in.title = title;
    in.audience = audience;
    in.pair_status = "any";
    in.timing = "dates";
    in.opens_on = calendar_.Date(kMonths - 1, 1);
    in.length_days = 30;
    in.reminder_days = std::vector<int>{7, 14};
    in.status = "open";
    return CreateWave(db_, coordinator_, program_.id, in).wave.id;
  }

  // `person` answers their invitation of `wave` on a day of its month.
  void Answer(const Actor& person, std::shared_ptr<std::int64_t> wave, SurveyAnswers answers) {
    At(calendar_.At(kMonths - 1, 1 + rng_.Below(27), 12 + rng_.Below(10)),
       [this, &person, wave, answers] {
         for (const MySurvey& s : ListMySurveys(db_, person)) {
           if (s.invitation.wave_id != *wave) continue;
           SaveMyAnswers(db_, person, s.invitation.id, answers, true);
           return;
         }
         throw Error(ErrorCode::kInternal, "a demo respondent was not invited");
       });
  }

  // The reference row's four answers, and the rest of the survey answered
  // in keeping with them.
  SurveyAnswers MenteeAnswers(const PairYear& y) {
    const auto& ref = kReferenceAnswers[y.respondent];
    const auto near = [&](int v) {
      return std::to_string(Clamp(v + rng_.Pick(std::vector<int>{-1, 0, 0, 0, 1})));
    };
    SurveyAnswers a;
    const char* codes[] = {"good_match", "confidence", "career_development",
                           "professional_identity"};
    for (int i = 0; i < 4; ++i) {
      if (ref[i] != 0) a[codes[i]] = std::to_string(ref[i]);
    }
    const int match = ref[0], confidence = ref[1] ? ref[1] : 4, career = ref[2] ? ref[2] : 4;
    a["shared_interests"] = near(match);
    a["would_choose_again"] = std::to_string(Clamp(match - rng_.Below(2)));
    a["confidence_research"] = near(confidence);
    a["career_clarity"] = near(career);
    std::vector<int> helped = rng_.Sample(std::vector<int>{1, 2, 3, 4, 5, 6}, 1 + rng_.Below(3));
    std::sort(helped.begin(), helped.end());
    for (int option : helped) {
      a["helped_most"] += (a["helped_most"].empty() ? "" : ",") + std::to_string(option);
    }
    const int satisfied =
        Clamp((match + confidence + career + 1) / 3 + rng_.Pick(std::vector<int>{-1, 0, 0, 0, 1}));
    a["satisfied"] = std::to_string(satisfied);
    a["recommend"] = std::to_string(Clamp(satisfied + rng_.Pick(std::vector<int>{0, 0, 1, -1})));
    const std::string mentor = FirstName(y.mentor->name);
    const bool good = match >= 4;
    if (rng_.Chance(55))
      a["improve"] = Fill(rng_.Pick(good ? kImproveGood : kImprovePoor), "{m}", mentor);
    if (rng_.Chance(80)) {
      a["most_valuable"] =
          Fill(rng_.Pick(good ? kMostValuableGood : kMostValuablePoor), "{m}", mentor);
    }
    return a;
  }

  SurveyAnswers MentorAnswers(const PairYear& y) {
    const int satisfied = y.ends_early() ? rng_.Pick(std::vector<int>{4, 3, 2})
                                         : rng_.Pick(std::vector<int>{5, 5, 5, 4, 4, 4, 4, 3});
    SurveyAnswers a;
    a["satisfied"] = std::to_string(satisfied);
    a["recommend"] = std::to_string(Clamp(satisfied + rng_.Pick(std::vector<int>{0, 0, 1})));
    const std::string improve = rng_.Pick(kMentorImprove);
    if (!improve.empty()) a["improve"] = improve;
    if (rng_.Chance(75)) {
      a["mentor_reflection"] = Fill(rng_.Pick(kMentorReflection), "{f}", FirstName(y.mentee->name));
    }
    return a;
  }

  // Where the mentees went, from the coordinator's follow-up in the autumn
  // after the program: 23 to a faculty position in classical hematology
  // within the year after it, 10 elsewhere, 2 unknown (the fellow who left
  // among them).
  void PlanPositions() {
    std::vector<const PairYear*> mentees;
    for (const PairYear& y : pairs_) {
      if (y.months != kMonthsBeforeLeaving) mentees.push_back(&y);
    }
    mentees = rng_.Sample(mentees, static_cast<int>(mentees.size()));
    struct Elsewhere {
      const char* title;
      const char* institution;  // "": their own
      const char* field;
      const char* setting;
    };
    static const Elsewhere kElsewhere[] = {
        {"Assistant Professor of Medicine", "", "malignant hematology/oncology", "academic"},
        {"Assistant Professor of Medicine", "", "malignant hematology/oncology", "academic"},
        {"Clinical Assistant Professor", "", "malignant hematology/oncology", "academic"},
        {"Hematologist", "Lakeside Hematology Associates", "classical hematology", "community"},
        {"Hematologist-Oncologist", "Riverbend Cancer Care", "classical hematology", "community"},
        {"Hematologist-Oncologist", "Prairie Oncology Group", "malignant hematology/oncology",
         "community"},
        {"Hematologist-Oncologist", "Harbor Cancer Center", "malignant hematology/oncology",
         "community"},
        {"Associate Medical Director", "Northbridge Therapeutics", "other", "industry"},
        {"Advanced Fellow in Hemostasis and Thrombosis", "", "classical hematology", "academic"},
        {"Hospitalist", "Valley General Hospital", "other", "community"},
    };
    std::vector<std::string> institutions;
    for (const auto& [id, person] : people_) institutions.push_back(person->institution);
    for (size_t i = 0; i < mentees.size(); ++i) {
      const PairYear& y = *mentees[i];
      Position p;
      p.enrollment_id = y.pair.mentee_enrollment_id;
      if (static_cast<int>(i) < kRetained) {
        const bool pediatric = y.mentee->specialties.front().rfind("pediatric", 0) == 0;
        p.title = pediatric ? "Assistant Professor of Pediatrics"
                            : rng_.Pick(std::vector<std::string>{
                                  "Assistant Professor of Medicine, Division of Hematology",
                                  "Assistant Professor of Medicine, Division of Hematology",
                                  "Instructor in Medicine"});
        p.institution = rng_.Chance(40) ? y.mentee->institution : rng_.Pick(institutions);
        p.field = "classical hematology";
        p.setting = "academic";
      } else if (i - kRetained < std::size(kElsewhere)) {
        const Elsewhere& e = kElsewhere[i - kRetained];
        p.title = e.title;
        p.institution = *e.institution ? e.institution : y.mentee->institution;
        p.field = e.field;
        p.setting = e.setting;
      } else {
        continue;  // not known
      }
      p.starts_on = calendar_.Date(kMonths + rng_.Pick(std::vector<int>{0, 0, 0, 1, 2, 3}), 1);
      At(calendar_.At(kMonths + 4, 16, 10, static_cast<int>(i)),
         [this, p] { AddPosition(db_, coordinator_, program_.id, p); });
    }
  }

  // The qualitative part of the evaluation (kTranscripts, kCodebook,
  // kCoding): in the month after the program the evaluator writes the
  // codebook and adds the two transcripts; in the next month both coders
  // code them independently, then the evaluator records the passages they
  // agreed on and a theme quoting two of them. Without an evaluator (none
  // enrolled) there is nothing to do.
  void PlanQualitative() {
    if (!evaluator_) return;
    const int after = kMonths;  // the month after the program
    auto codes = std::make_shared<std::map<std::string, std::int64_t>>();
    auto documents = std::make_shared<std::vector<QualDocument>>();
    auto quotes = std::make_shared<std::vector<std::int64_t>>();
    At(calendar_.At(after, 6, 14), [this, codes] {
      for (const DemoCode& c : kCodebook) {
        QualCode code;
        code.name = c.name;
        code.definition = c.definition;
        code.example = c.example;
        if (*c.parent) code.parent_id = codes->at(c.parent);
        (*codes)[c.name] = CreateCode(db_, *evaluator_, program_.id, code).id;
      }
    });
    for (size_t d = 0; d < kTranscripts.size(); ++d) {
      At(calendar_.At(after, 8 + 7 * static_cast<int>(d), 15), [this, documents, d] {
        std::string text;
        for (const char* line : kTranscripts[d].lines) text += std::string(line) + "\n";
        documents->push_back(CreateDocument(
            db_, *evaluator_, program_.id,
            std::string(kTranscripts[d].title) + " (" + calendar_.MonthName(kMonths) + ")", text,
            true));
      });
    }
    // [start, end) in code points of `words` in line `line` of `d` (the
    // whole turn after the speaker when `words` is empty).
    const auto span = [](const QualDocument& d, int line, const std::string& words) {
      size_t at = 0;
      for (int i = 0; i < line; ++i) at = d.text.find('\n', at) + 1;
      const std::string turn = d.text.substr(at, d.text.find('\n', at) - at);
      size_t from = turn.find(": ") + 2, length = turn.size() - from;
      if (!words.empty()) {
        from = turn.find(words);
        length = words.size();
        if (from == std::string::npos) {
          throw Error(ErrorCode::kInternal, "the demo coding quotes words not in line " +
                                                std::to_string(line) + ": " + words);
        }
      }
      const int start = CodePointCount(std::string_view(d.text).substr(0, at + from));
      return std::make_pair(start, start + CodePointCount(turn.substr(from, length)));
    };
    // The evaluator marks the words, the coordinator the whole turn.
    for (const char coder : {'E', 'C'}) {
      for (size_t d = 0; d < kTranscripts.size(); ++d) {
        const int day = (coder == 'E' ? 3 : 10) + 2 * static_cast<int>(d);
        At(calendar_.At(after + 1, day, 16), [this, codes, documents, span, coder, d] {
          const Actor& who = coder == 'E' ? *evaluator_ : coordinator_;
          for (const DemoCoding& c : kCoding) {
            if (c.document != static_cast<int>(d) || !std::strchr(c.coders, coder)) continue;
            const auto [start, end] =
                span(documents->at(d), c.line, coder == 'E' ? c.words : std::string());
            AddSegment(db_, who, documents->at(d).id, codes->at(c.code), start, end, false);
          }
        });
      }
    }
    // After the two met over the disagreements: the agreed coding.
    At(calendar_.At(after + 1, 24, 15), [this, codes, documents, quotes, span] {
      for (const DemoCoding& c : kCoding) {
        if (!c.agreed) continue;
        const auto [start, end] = span(documents->at(c.document), c.line, c.words);
        const QualSegment s = AddSegment(db_, *evaluator_, documents->at(c.document).id,
                                         codes->at(c.code), start, end, true);
        if (std::string(c.code) == "Emotional support") quotes->push_back(s.id);
      }
    });
    At(calendar_.At(after + 1, 26, 16), [this, codes, quotes] {
      QualTheme theme;
      theme.name = "A safe outside voice";
      theme.description =
          "A mentor at another institution, with no part in the fellow's evaluations, was "
          "someone fellows could tell about struggles as well as plans; several said this "
          "mattered more than any advice.";
      theme.code_ids = {codes->at("Emotional support"), codes->at("Cross-institution perspective")};
      theme.quote_ids = *quotes;
      CreateTheme(db_, *evaluator_, program_.id, theme);
    });
  }

  store::Database& db_;
  MovableClock& clock_;
  const Actor coordinator_;
  std::optional<Actor> evaluator_;  // the program's evaluator, when it has one
  Program program_;
  const ProgramCalendar calendar_;
  DemoRng rng_;
  std::map<std::string, const Participant*> people_;
  std::vector<PairYear> pairs_;  // not resized once planned: events point into it
  std::vector<Event> events_;
};

}  // namespace

Program LoadDemoYear(store::Database& db, MovableClock& clock, const Actor& coordinator,
                     const Program& program, const std::vector<Participant>& people,
                     std::uint64_t seed) {
  return DemoYear(db, clock, coordinator, program, people, seed).Load();
}

}  // namespace tandem::service
