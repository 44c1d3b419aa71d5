#include "service/mentor_choice.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "calendar/weekly.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "matching/match.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/notifications.h"
#include "service/pairs.h"
#include "service/programs.h"
#include "store/enrollment_repository.h"
#include "store/mentor_request_repository.h"
#include "store/pair_repository.h"

namespace tandem::service {
namespace {

using nlohmann::json;

std::string SettingsJson(const ChoiceSettings& s) {
  return json{{"mode", MatchingModeName(s.mode)},
              {"shortlist_size", s.shortlist_size},
              {"max_open_requests", s.max_open_requests},
              {"answer_days", s.answer_days},
              {"opens_on", s.opens_on},
              {"closes_on", s.closes_on}}
      .dump();
}

std::string RequestJson(const MentorRequest& r) {
  json j{{"id", r.id},
         {"mentee", r.mentee},
         {"mentor", r.mentor},
         {"status", RequestStatusName(r.status)},
         {"reason", r.reason}};
  if (r.pair_id) j["pair_id"] = *r.pair_id;
  return j.dump();
}

std::string RequestsLink(std::int64_t program_id) {
  return PublicBaseUrl() + "/programs/" + std::to_string(program_id) + "/requests";
}

std::string ShortlistLink(std::int64_t program_id) {
  return PublicBaseUrl() + "/programs/" + std::to_string(program_id) + "/shortlist";
}

// Tells the user behind enrollment `enrollment_id` (when active, with an
// address or not: the bell still shows it).
void NotifyEnrollment(store::Transaction& tx, std::int64_t enrollment_id, const std::string& kind,
                      const notify::Message& message) {
  const auto e = store::EnrollmentRepository(tx).Find(enrollment_id);
  if (!e || e->status != EnrollmentStatus::kActive) return;
  Notify(tx, {e->user_id, e->email}, kind, message);
}

MentorRequest RequireRequest(store::Transaction& tx, std::int64_t id,
                             store::RowLock lock = store::RowLock::kNone) {
  auto r = store::MentorRequestRepository(tx).Find(id, lock);
  if (!r) throw NotFound("request " + std::to_string(id) + " does not exist");
  return *r;
}

// Marks `r` withdrawn for `why` and tells the person the reason concerns.
void Withdraw(store::Transaction& tx, const Actor& actor, const Program& program, MentorRequest r,
              std::string_view why) {
  const std::string before = RequestJson(r);
  r.status = RequestStatus::kWithdrawn;
  r.reason = std::string(why);
  r.answered_at = tx.now_text();
  store::MentorRequestRepository(tx).Update(r);
  AppendAudit(tx, actor, "request.withdraw", "mentor_request", r.id, program.id, before,
              RequestJson(r));
  const bool to_mentee = why == kWithdrawnMentorFull;
  notify::RequestOutcomeText text{
      .name = to_mentee ? r.mentee_name : r.mentor_name,
      .other = to_mentee ? r.mentor_name : r.mentee_name,
      .program_name = program.name,
      .link = to_mentee ? ShortlistLink(program.id) : RequestsLink(program.id)};
  NotifyEnrollment(tx, to_mentee ? r.mentee_enrollment_id : r.mentor_enrollment_id,
                   "mentor_request", notify::RequestWithdrawnMessage(text, why));
}

// A deterministic number in [0, 1) for a (program, mentee, mentor): the
// rotation of near-ties, the same on every reload of one mentee's list.
double Jitter(std::int64_t program_id, const std::string& mentee, const std::string& mentor) {
  std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint64_t>(program_id);
  for (const std::string* s : {&mentee, &mentor}) {
    for (unsigned char c : *s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return static_cast<double>(h >> 11) / static_cast<double>(1ULL << 53);
}

// Tags the two have in common, in the mentee's order.
std::vector<std::string> Shared(const std::vector<std::string>& mine,
                                const std::vector<std::vector<std::string>>& theirs) {
  std::set<std::string> other;
  for (const auto& list : theirs) {
    for (const std::string& t : list) other.insert(CanonicalTag(t));
  }
  std::vector<std::string> out;
  for (const std::string& t : mine) {
    if (other.count(CanonicalTag(t)) &&
        std::find(out.begin(), out.end(), CanonicalTag(t)) == out.end()) {
      out.push_back(CanonicalTag(t));
    }
  }
  return out;
}

std::string ListWords(const std::vector<std::string>& items, size_t at_most = 3) {
  std::string out;
  for (size_t k = 0; k < items.size() && k < at_most; ++k) out += (k ? ", " : "") + items[k];
  if (items.size() > at_most) out += ", …";
  return out;
}

// "Tue 18:00-19:30" for a window in the mentee's week.
std::string WindowWords(const WeeklyWindow& w) {
  static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const auto hm = [](int minutes) {
    minutes = ((minutes % calendar::kMinutesPerDay) + calendar::kMinutesPerDay) %
              calendar::kMinutesPerDay;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return std::string(buf);
  };
  const int start = ((w.start % calendar::kMinutesPerWeek) + calendar::kMinutesPerWeek) %
                    calendar::kMinutesPerWeek;
  return std::string(days[start / calendar::kMinutesPerDay]) + " " + hm(start) + "–" +
         hm(start + w.minutes);
}

// The weekly times both are free, in the mentee's own week, longest first.
std::vector<WeeklyWindow> CommonTimes(const Participant& mentee, const Participant& mentor,
                                      calendar::Date reference) {
  int e_offset = 0, r_offset = 0;
  try {
    e_offset = calendar::UtcOffsetMinutes(mentee.time_zone, reference);
    r_offset = calendar::UtcOffsetMinutes(mentor.time_zone, reference);
  } catch (const Error&) {
    return {};
  }
  const auto a = calendar::ToUtcWeek(mentee.availability, e_offset);
  const auto b = calendar::ToUtcWeek(mentor.availability, r_offset);
  std::vector<WeeklyWindow> out;
  for (const WeeklyWindow& x : a) {
    for (const WeeklyWindow& y : b) {
      const int start = std::max(x.start, y.start);
      const int end = std::min(x.start + x.minutes, y.start + y.minutes);
      if (end > start) out.push_back({start + e_offset, end - start});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const WeeklyWindow& p, const WeeklyWindow& q) {
    return p.minutes > q.minutes;
  });
  return out;
}

// The parts of the score a mentee may read, in words.
// What two people answered alike to the program's questions that count,
// in words: "Which shift do you usually work? Nights", one per question
// that earned points.
void QuestionReasons(const Participant& mentee, const Participant& mentor,
                     const std::vector<IntakeQuestion>& questions,
                     const std::map<std::string, double>& breakdown,
                     std::vector<std::string>& out) {
  for (const IntakeQuestion& q : MatchingQuestions(questions)) {
    const auto earned = breakdown.find("question:" + q.code);
    if (earned == breakdown.end() || earned->second <= 0) continue;
    const auto mine = mentee.answers.find(q.code);
    const auto theirs = mentor.answers.find(q.compare_with.empty() ? q.code : q.compare_with);
    if (mine == mentee.answers.end() || theirs == mentor.answers.end()) continue;
    if (q.kind == QuestionKind::kScale) {
      out.push_back(q.text + " you " + FormatAnswerCell(mine->second) + ", they " +
                    FormatAnswerCell(theirs->second));
      continue;
    }
    std::vector<std::string> common;
    for (const std::string& v : mine->second) {
      if (std::find(theirs->second.begin(), theirs->second.end(), v) == theirs->second.end()) {
        continue;
      }
      const auto option = std::find_if(q.options.begin(), q.options.end(),
                                       [&](const QuestionOption& o) { return o.code == v; });
      common.push_back(option == q.options.end() ? v : option->label);
    }
    if (!common.empty()) out.push_back(q.text + " " + ListWords(common));
  }
}

std::vector<std::string> Reasons(const Participant& mentee, const Participant& mentor,
                                 const std::vector<IntakeQuestion>& questions,
                                 const std::map<std::string, double>& breakdown,
                                 calendar::Date reference) {
  std::vector<std::string> out;
  const auto points = [&](const char* facet) {
    auto it = breakdown.find(facet);
    return it == breakdown.end() ? 0.0 : it->second;
  };
  const std::vector<std::string> interests =
      Shared(mentee.interests, {mentor.interests, mentor.specialties});
  if (!interests.empty()) {
    out.push_back(std::to_string(interests.size()) + " shared interest" +
                  (interests.size() == 1 ? "" : "s") + ": " + ListWords(interests));
  } else if (points("interests") > 0) {
    out.push_back("related interests");
  }
  const std::vector<std::string> specialties = Shared(mentee.specialties, {mentor.specialties});
  if (!specialties.empty()) out.push_back("same specialty: " + ListWords(specialties));
  const std::vector<std::string> goals = Shared(mentee.goals, {mentor.goals});
  if (!goals.empty()) out.push_back("has followed your goal: " + ListWords(goals));
  if (points("experience") > 0 && !mentor.career_stage.empty()) {
    out.push_back("more senior: " + mentor.career_stage);
  }
  const std::vector<WeeklyWindow> common = CommonTimes(mentee, mentor, reference);
  if (!common.empty()) {
    int minutes = 0;
    for (const WeeklyWindow& w : common) minutes += w.minutes;
    const int hours = minutes / 60, rest = minutes % 60;
    out.push_back("both free " + WindowWords(common.front()) + " your time (" +
                  (hours ? std::to_string(hours) + " h" : "") + (hours && rest ? " " : "") +
                  (rest ? std::to_string(rest) + " min" : "") + " a week in all)");
  }
  const std::vector<std::string> languages = Shared(mentee.languages, {mentor.languages});
  if (!languages.empty()) out.push_back("speaks " + ListWords(languages));
  QuestionReasons(mentee, mentor, questions, breakdown, out);
  if (!mentee.institution.empty() && !mentor.institution.empty()) {
    out.push_back(CanonicalTag(mentee.institution) == CanonicalTag(mentor.institution)
                      ? "at your institution"
                      : "at another institution");
  }
  return out;
}

// True when `text`'s words all appear in the mentor's name, institution,
// tags or bio (case-insensitive).
bool MatchesText(const Participant& p, const std::string& text) {
  std::string hay = ToLower(p.name + " " + p.institution + " " + p.bio + " " + p.career_stage);
  for (const auto* list : {&p.interests, &p.specialties, &p.goals}) {
    for (const std::string& t : *list) hay += " " + CanonicalTag(t);
  }
  std::string word;
  const std::string needle = ToLower(text) + " ";
  for (char c : needle) {
    if (c == ' ' || c == '\t') {
      if (!word.empty() && hay.find(word) == std::string::npos) return false;
      word.clear();
    } else {
      word += c;
    }
  }
  return true;
}

struct ShortlistContext {
  Program program;
  ChoiceSettings settings;
  MatchingInput input;
  const Participant* mentee = nullptr;
  store::PairCandidate mentee_candidate;
  std::vector<MentorRequest> mentee_requests;
  std::map<std::int64_t, int> pending_by_mentor;  // mentor enrollment -> pending requests
};

// Every mentor eligible for the context's mentee, ranked (before filters
// and limit), with the mentor's profile.
struct Eligible {
  matching::MatchedPair pair;
  const Participant* mentor = nullptr;
  double key = 0;
};

std::vector<Eligible> RankEligible(const ShortlistContext& c, bool balance,
                                   std::vector<std::string>* facets) {
  const std::string& mentee = c.mentee->id;
  std::map<std::string, int> used;
  std::vector<matching::PairId> own;
  for (const matching::PairId& p : c.input.existing) {
    if (p.mentee == mentee) {
      own.push_back(p);
    } else {
      ++used[p.mentor];
    }
  }
  std::vector<Participant> people;
  std::map<std::string, const Participant*> mentors;
  for (const Participant& p : c.input.people) {
    if (p.role == Role::kMentee && p.id != mentee) continue;
    Participant copy = p;
    if (p.role == Role::kMentor) {
      copy.capacity -= used[p.id];
      if (copy.capacity <= 0) continue;
      mentors[p.id] = &p;
    } else {
      copy.capacity = 1;  // the list shows who would fit one more pair
    }
    people.push_back(std::move(copy));
  }
  matching::MatchSettings settings =
      ProgramMatchSettings(c.program, c.input.today, c.input.vocabulary);
  settings.top_k = 0;
  settings.threads = 1;
  for (const matching::PairId& p : c.input.never) {
    if (p.mentee == mentee && mentors.count(p.mentor)) settings.forbids.push_back(p);
  }
  for (const matching::PairId& p : own) {
    if (mentors.count(p.mentor)) settings.forbids.push_back(p);  // already their mentor
  }
  const matching::MatchProblem problem = matching::MatchProblem::FromParticipants(people, settings);
  *facets = matching::FacetNames(problem);
  double total_weight = 0;
  for (const WeightField& f : WeightFields()) total_weight += c.program.weights.*f.member;
  const double band = 0.03 * total_weight, per_request = 0.02 * total_weight;
  std::vector<Eligible> out;
  for (matching::MatchedPair& pair : matching::RankMentors(problem, mentee)) {
    Eligible e;
    e.mentor = mentors.at(pair.mentor);
    e.key = pair.score;
    if (balance) {
      const auto candidate = c.input.candidates.find(pair.mentor);
      const std::int64_t enrollment =
          candidate == c.input.candidates.end() ? 0 : candidate->second.enrollment_id;
      const auto pending = c.pending_by_mentor.find(enrollment);
      e.key += band * Jitter(c.program.id, mentee, pair.mentor) -
               per_request * (pending == c.pending_by_mentor.end() ? 0 : pending->second);
    }
    e.pair = std::move(pair);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Eligible& a, const Eligible& b) { return a.key > b.key; });
  return out;
}

// Loads what a shortlist needs for mentee `mentee_id` inside `tx`.
ShortlistContext LoadContext(store::Transaction& tx, const Program& program,
                             const std::string& mentee_id) {
  ShortlistContext c;
  c.program = program;
  c.settings = store::MentorRequestRepository(tx).LoadSettings(program.id);
  c.input = LoadMatchingInput(tx, program);
  const auto candidate = c.input.candidates.find(mentee_id);
  if (candidate == c.input.candidates.end() || candidate->second.role != Role::kMentee) {
    throw Error(ErrorCode::kNotFound, "no mentee \"" + mentee_id + "\" in this program", "mentee");
  }
  c.mentee_candidate = candidate->second;
  for (const Participant& p : c.input.people) {
    if (p.role == Role::kMentee && p.id == mentee_id) c.mentee = &p;
  }
  store::MentorRequestRepository requests(tx);
  c.mentee_requests =
      requests.List(program.id, {.mentee_enrollment_id = c.mentee_candidate.enrollment_id});
  for (const MentorRequest& r : requests.List(program.id, {.status = RequestStatus::kPending})) {
    ++c.pending_by_mentor[r.mentor_enrollment_id];
  }
  return c;
}

int PendingOf(const ShortlistContext& c) {
  return static_cast<int>(
      std::count_if(c.mentee_requests.begin(), c.mentee_requests.end(),
                    [](const MentorRequest& r) { return r.status == RequestStatus::kPending; }));
}

// The mentee enrollment the actor acts as in `program_id`; kPermissionDenied
// for anyone else.
std::int64_t OwnMenteeEnrollment(const ProgramAccess& access, const char* what) {
  if (access.mentee_enrollments.empty()) {
    throw Error(ErrorCode::kPermissionDenied,
                std::string("only the program's mentees can ") + what);
  }
  return access.mentee_enrollments.front();
}

}  // namespace

ChoiceSettings GetChoiceSettings(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  if (!AccessTo(tx, actor, program_id).member()) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the program's members can see how it matches people");
  }
  ChoiceSettings s = store::MentorRequestRepository(tx).LoadSettings(program_id);
  tx.Commit();
  return s;
}

ChoiceSettings UpdateChoiceSettings(store::Database& db, const Actor& actor,
                                    std::int64_t program_id, const ChoiceSettings& settings) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id, store::RowLock::kForUpdate);
  RequireCoordinator(AccessTo(tx, actor, program_id), "change how the program matches people");
  ValidateChoiceSettings(settings);
  RequireOpen(program);
  store::MentorRequestRepository repository(tx);
  const ChoiceSettings before = repository.LoadSettings(program_id);
  repository.SaveSettings(program_id, settings);
  if (settings.mode != MatchingMode::kMenteeLed) {
    for (MentorRequest& r : repository.List(program_id, {.status = RequestStatus::kPending})) {
      Withdraw(tx, actor, program, std::move(r), kWithdrawnClosed);
    }
  }
  AppendAudit(tx, actor, "program.matching_mode", "program", program_id, program_id,
              SettingsJson(before), SettingsJson(settings));
  tx.Commit();
  return settings;
}

Shortlist GetShortlist(store::Database& db, const Actor& actor, std::int64_t program_id,
                       const ShortlistQuery& query) {
  ShortlistContext c;
  {
    store::Transaction tx = db.Begin(false);
    const Program program = RequireProgram(tx, program_id);
    const ProgramAccess access = AccessTo(tx, actor, program_id);
    std::string mentee = query.mentee;
    if (access.coordinator) {
      if (mentee.empty())
        throw InvalidArgument("name the mentee whose shortlist to show", "mentee");
    } else {
      const std::int64_t own = OwnMenteeEnrollment(access, "see a shortlist of mentors");
      const auto e = store::EnrollmentRepository(tx).Find(own);
      if (!mentee.empty() && mentee != e->participant_id) {
        throw Error(ErrorCode::kPermissionDenied, "a mentee sees only their own shortlist",
                    "mentee");
      }
      mentee = e->participant_id;
    }
    if (query.limit < 0 || query.limit > 50) {
      throw InvalidArgument("limit must be between 1 and 50", "limit");
    }
    if (query.institution != "" && query.institution != "other" && query.institution != "same") {
      throw InvalidArgument("institution is \"other\", \"same\" or empty", "institution");
    }
    if (!query.time_zone.empty()) {
      try {
        calendar::UtcOffsetMinutes(query.time_zone, calendar::Date{});
      } catch (const Error&) {
        throw InvalidArgument("unknown time zone \"" + query.time_zone + "\"", "time_zone");
      }
    }
    c = LoadContext(tx, program, mentee);
    if (!access.coordinator) {
      if (c.settings.mode == MatchingMode::kCoordinator) {
        throw FailedPrecondition("in " + program.name +
                                 " the coordinator matches people; there is no shortlist");
      }
      if (!ChoosingOpen(c.settings, c.input.today)) {
        throw FailedPrecondition(!c.settings.opens_on.empty() && c.input.today < c.settings.opens_on
                                     ? "shortlists open on " + c.settings.opens_on
                                     : "choosing mentors closed on " + c.settings.closes_on);
      }
    }
    tx.Commit();
  }
  Shortlist out;
  out.mode = c.settings.mode;
  out.open = ChoosingOpen(c.settings, c.input.today) && c.program.status != ProgramStatus::kClosed;
  out.pending_requests = PendingOf(c);
  out.max_open_requests = c.settings.max_open_requests;
  // A mentee with as many mentors as they may have has nobody left to choose.
  if (c.mentee == nullptr ||
      std::find(c.input.mentees_to_match.begin(), c.input.mentees_to_match.end(), c.mentee->id) ==
          c.input.mentees_to_match.end()) {
    return out;
  }
  const int limit = query.limit ? query.limit : c.settings.shortlist_size;
  std::vector<std::string> facets;
  const std::vector<Eligible> ranked = RankEligible(c, query.balance, &facets);
  const calendar::Date reference =
      calendar::ParseDate(c.program.starts_on.empty() ? c.input.today : c.program.starts_on);
  std::map<std::int64_t, const MentorRequest*> latest;
  for (const MentorRequest& r : c.mentee_requests) latest[r.mentor_enrollment_id] = &r;
  const std::string interest = CanonicalTag(query.interest);
  for (const Eligible& e : ranked) {
    const Participant& m = *e.mentor;
    if (!query.text.empty() && !MatchesText(m, query.text)) continue;
    if (!interest.empty() && Shared({interest}, {m.interests, m.specialties}).empty()) {
      continue;
    }
    if (!query.institution.empty()) {
      const bool same = !m.institution.empty() &&
                        CanonicalTag(m.institution) == CanonicalTag(c.mentee->institution);
      if (same != (query.institution == "same")) continue;
    }
    if (!query.time_zone.empty() && m.time_zone != query.time_zone) continue;
    ++out.eligible;
    if (static_cast<int>(out.mentors.size()) >= limit) continue;
    const store::PairCandidate& candidate = c.input.candidates.at(m.id);
    ShortlistEntry s;
    s.rank = static_cast<int>(out.mentors.size()) + 1;
    s.enrollment_id = candidate.enrollment_id;
    s.mentor = m.id;
    s.name = m.name;
    s.institution = m.institution;
    s.career_stage = m.career_stage;
    s.time_zone = m.time_zone;
    s.interests = m.interests;
    s.specialties = m.specialties;
    s.goals = m.goals;
    s.languages = m.languages;
    s.bio = m.bio;
    s.capacity = candidate.capacity;
    s.mentees = candidate.open_pairs;
    double shown = 0;
    for (size_t f = 0; f < facets.size() && f < e.pair.contributions.size(); ++f) {
      if (facets[f] == "background" || facets[f] == "preference") continue;
      s.breakdown[facets[f]] = e.pair.contributions[f];
      shown += e.pair.contributions[f];
    }
    s.score = std::round(shown * 1e6) / 1e6;
    s.reasons = Reasons(*c.mentee, m, c.input.vocabulary.questions, s.breakdown, reference);
    if (auto it = latest.find(candidate.enrollment_id); it != latest.end()) {
      s.request_status = it->second->status;
      s.request_id = it->second->id;
    }
    out.mentors.push_back(std::move(s));
  }
  return out;
}

MentorRequest SendRequest(store::Database& db, const Actor& actor, std::int64_t program_id,
                          const std::string& mentor, const std::string& note) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  const std::int64_t own = OwnMenteeEnrollment(access, "ask mentors");
  // One mentee's requests at a time: their enrollment row is the lock.
  const auto enrollment = store::EnrollmentRepository(tx).Find(own, store::RowLock::kForUpdate);
  RequireOpen(program);
  if (note.size() > kMaxRequestNote || !IsValidUtf8(note)) {
    throw InvalidArgument("the note is text of at most 2000 bytes", "note");
  }
  if (mentor.empty()) throw InvalidArgument("name the mentor to ask", "mentor");
  const ShortlistContext c = LoadContext(tx, program, enrollment->participant_id);
  if (c.settings.mode != MatchingMode::kMenteeLed) {
    throw FailedPrecondition(c.settings.mode == MatchingMode::kBoth
                                 ? "in " + program.name +
                                       " mentees rank their shortlist and the coordinator matches"
                                 : "in " + program.name + " the coordinator matches people");
  }
  if (!ChoosingOpen(c.settings, c.input.today)) {
    throw FailedPrecondition("choosing mentors is not open in " + program.name + " today");
  }
  if (c.mentee == nullptr ||
      std::find(c.input.mentees_to_match.begin(), c.input.mentees_to_match.end(),
                enrollment->participant_id) == c.input.mentees_to_match.end()) {
    throw FailedPrecondition("you already have as many mentors as the program allows");
  }
  const auto target = c.input.candidates.find(mentor);
  if (target == c.input.candidates.end() || target->second.role != Role::kMentor) {
    throw Error(ErrorCode::kNotFound, "no mentor \"" + mentor + "\" in this program", "mentor");
  }
  for (const MentorRequest& r : c.mentee_requests) {
    if (r.status == RequestStatus::kPending &&
        r.mentor_enrollment_id == target->second.enrollment_id) {
      throw Error(ErrorCode::kConflict, "you have already asked " + r.mentor_name, "mentor");
    }
  }
  if (PendingOf(c) >= c.settings.max_open_requests) {
    throw Error(ErrorCode::kFailedPrecondition,
                "you may have " + std::to_string(c.settings.max_open_requests) +
                    " requests waiting at once; withdraw one or wait for an answer",
                "mentor");
  }
  std::vector<std::string> facets;
  bool eligible = false;
  for (const Eligible& e : RankEligible(c, false, &facets)) eligible |= e.pair.mentor == mentor;
  if (!eligible) {
    throw Error(ErrorCode::kFailedPrecondition,
                target->second.open_pairs >= target->second.capacity
                    ? target->second.name + " has no room for another mentee"
                    : target->second.name + " is not on your shortlist's rules (" +
                          "the program's matching rules keep this pair apart)",
                "mentor");
  }
  MentorRequest r;
  r.program_id = program_id;
  r.mentee_enrollment_id = own;
  r.mentor_enrollment_id = target->second.enrollment_id;
  r.note = std::string(Trim(note));
  r.answer_by = FormatUtc(tx.now() + std::chrono::days(c.settings.answer_days));
  store::MentorRequestRepository requests(tx);
  r.id = requests.Insert(r);
  r = *requests.Find(r.id);
  AppendAudit(tx, actor, "request.send", "mentor_request", r.id, program_id, "", RequestJson(r));
  NotifyEnrollment(tx, r.mentor_enrollment_id, "mentor_request",
                   notify::MentorRequestMessage({.name = r.mentor_name,
                                                 .mentee_name = r.mentee_name,
                                                 .program_name = program.name,
                                                 .note = r.note,
                                                 .answer_by = notify::ReadableUtc(r.answer_by),
                                                 .link = RequestsLink(program_id)}));
  tx.Commit();
  return r;
}

std::vector<MentorRequest> ListRequests(store::Database& db, const Actor& actor,
                                        std::int64_t program_id,
                                        std::optional<RequestStatus> status) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  store::MentorRequestRepository requests(tx);
  std::vector<MentorRequest> out;
  if (access.coordinator) {
    out = requests.List(program_id, {.status = status});
  } else if (!access.mentor_enrollments.empty() || !access.mentee_enrollments.empty()) {
    for (std::int64_t e : access.mentee_enrollments) {
      for (MentorRequest& r :
           requests.List(program_id, {.mentee_enrollment_id = e, .status = status})) {
        out.push_back(std::move(r));
      }
    }
    for (std::int64_t e : access.mentor_enrollments) {
      for (MentorRequest& r :
           requests.List(program_id, {.mentor_enrollment_id = e, .status = status})) {
        out.push_back(std::move(r));
      }
    }
    std::sort(out.begin(), out.end(),
              [](const MentorRequest& a, const MentorRequest& b) { return a.id < b.id; });
  } else {
    throw Error(ErrorCode::kPermissionDenied,
                "only the program's coordinators, mentors and mentees can see its requests");
  }
  tx.Commit();
  return out;
}

MentorRequest GetRequest(store::Database& db, const Actor& actor, std::int64_t request_id) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin(false);
  MentorRequest r = RequireRequest(tx, request_id);
  const ProgramAccess access = AccessTo(tx, actor, r.program_id);
  if (!access.coordinator && !access.Owns(r.mentee_enrollment_id) &&
      !access.Owns(r.mentor_enrollment_id)) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the request's mentee and mentor and the coordinators can see it");
  }
  tx.Commit();
  return r;
}

namespace {

// The request, locked, for its mentor's answer: kPermissionDenied for anyone
// else; kFailedPrecondition when it is no longer pending or has lapsed.
// `lock_people`: first lock both people's enrollment rows, in id order, so
// that acceptances racing for the same mentor or mentee wait for each other
// (PostgreSQL; SQLite has one writer). People before requests, always: an
// acceptance withdraws other requests, whose rows another acceptance of the
// same mentor may hold.
MentorRequest ForMentorsAnswer(store::Transaction& tx, const Actor& actor, std::int64_t id,
                               const char* what, bool lock_people) {
  RequireSignedIn(actor);
  MentorRequest r = RequireRequest(tx, id);
  if (!AccessTo(tx, actor, r.program_id).Owns(r.mentor_enrollment_id)) {
    throw Error(ErrorCode::kPermissionDenied,
                std::string("only the mentor asked can ") + what + " a request");
  }
  if (lock_people) {
    store::EnrollmentRepository enrollments(tx);
    for (std::int64_t e : {std::min(r.mentee_enrollment_id, r.mentor_enrollment_id),
                           std::max(r.mentee_enrollment_id, r.mentor_enrollment_id)}) {
      enrollments.Find(e, store::RowLock::kForUpdate);
    }
  }
  r = RequireRequest(tx, id, store::RowLock::kForUpdate);
  if (r.status != RequestStatus::kPending) {
    throw FailedPrecondition("this request is already " + std::string(RequestStatusName(r.status)));
  }
  if (tx.now_text() > r.answer_by) {
    throw FailedPrecondition("this request lapsed on " + notify::ReadableUtc(r.answer_by));
  }
  return r;
}

}  // namespace

MentorRequest AcceptRequest(store::Database& db, const Actor& actor, std::int64_t request_id) {
  store::Transaction tx = db.Begin();
  MentorRequest r = ForMentorsAnswer(tx, actor, request_id, "accept", true);
  const Program program = RequireProgram(tx, r.program_id);
  const Pair pair = InsertCheckedPair(tx, actor, program, r.mentee, r.mentor);
  const std::string before = RequestJson(r);
  r.status = RequestStatus::kAccepted;
  r.answered_at = tx.now_text();
  r.pair_id = pair.id;
  store::MentorRequestRepository requests(tx);
  requests.Update(r);
  AppendAudit(tx, actor, "request.accept", "mentor_request", r.id, r.program_id, before,
              RequestJson(r));
  // Requests that can no longer be met.
  const auto candidates = store::PairRepository(tx).Candidates(r.program_id);
  const auto full = [&](const std::string& id) {
    const auto it = candidates.find(id);
    return it != candidates.end() && it->second.open_pairs >= it->second.capacity;
  };
  const bool mentee_full = full(r.mentee), mentor_full = full(r.mentor);
  for (MentorRequest& other : requests.List(r.program_id, {.status = RequestStatus::kPending})) {
    if (mentee_full && other.mentee_enrollment_id == r.mentee_enrollment_id) {
      Withdraw(tx, actor, program, std::move(other), kWithdrawnPaired);
    } else if (mentor_full && other.mentor_enrollment_id == r.mentor_enrollment_id) {
      Withdraw(tx, actor, program, std::move(other), kWithdrawnMentorFull);
    }
  }
  tx.Commit();
  return r;
}

MentorRequest DeclineRequest(store::Database& db, const Actor& actor, std::int64_t request_id,
                             const std::string& reason, const std::string& message) {
  store::Transaction tx = db.Begin();
  MentorRequest r = ForMentorsAnswer(tx, actor, request_id, "decline", false);
  const std::optional<DeclineReason> code = ParseDeclineReason(reason);
  if (!code) {
    throw InvalidArgument("reason is one of no_room, not_a_fit, timing, other", "reason");
  }
  if (message.size() > kMaxRequestNote || !IsValidUtf8(message)) {
    throw InvalidArgument("the message is text of at most 2000 bytes", "message");
  }
  const Program program = RequireProgram(tx, r.program_id);
  const std::string before = RequestJson(r);
  r.status = RequestStatus::kDeclined;
  r.reason = std::string(DeclineReasonName(*code));
  r.message = std::string(Trim(message));
  r.answered_at = tx.now_text();
  store::MentorRequestRepository(tx).Update(r);
  AppendAudit(tx, actor, "request.decline", "mentor_request", r.id, r.program_id, before,
              RequestJson(r));
  NotifyEnrollment(
      tx, r.mentee_enrollment_id, "mentor_request",
      notify::RequestDeclinedMessage({.name = r.mentee_name,
                                      .other = r.mentor_name,
                                      .program_name = program.name,
                                      .link = ShortlistLink(program.id),
                                      .reason_text = std::string(DeclineReasonText(*code)),
                                      .message = r.message}));
  tx.Commit();
  return r;
}

MentorRequest WithdrawRequest(store::Database& db, const Actor& actor, std::int64_t request_id) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin();
  MentorRequest r = RequireRequest(tx, request_id, store::RowLock::kForUpdate);
  if (!AccessTo(tx, actor, r.program_id).Owns(r.mentee_enrollment_id)) {
    throw Error(ErrorCode::kPermissionDenied, "only the mentee who asked can withdraw a request");
  }
  if (r.status != RequestStatus::kPending) {
    throw FailedPrecondition("this request is already " + std::string(RequestStatusName(r.status)));
  }
  const Program program = RequireProgram(tx, r.program_id);
  Withdraw(tx, actor, program, r, kWithdrawnByMentee);
  MentorRequest after = RequireRequest(tx, request_id);
  tx.Commit();
  return after;
}

int ExpireRequests(store::Database& db) {
  int expired = 0;
  for (;;) {
    store::Transaction tx = db.Begin();
    store::MentorRequestRepository requests(tx);
    const std::vector<MentorRequest> due = requests.ListOverdue(tx.now_text(), 100);
    for (MentorRequest r : due) {
      const auto locked = requests.Find(r.id, store::RowLock::kForUpdate);
      if (!locked || locked->status != RequestStatus::kPending) continue;
      const std::string before = RequestJson(r);
      r.status = RequestStatus::kExpired;
      r.answered_at = tx.now_text();
      requests.Update(r);
      AppendAudit(tx, Actor::System(), "request.expire", "mentor_request", r.id, r.program_id,
                  before, RequestJson(r));
      const Program program = RequireProgram(tx, r.program_id);
      NotifyEnrollment(tx, r.mentee_enrollment_id, "mentor_request",
                       notify::RequestExpiredMessage({.name = r.mentee_name,
                                                      .other = r.mentor_name,
                                                      .program_name = program.name,
                                                      .link = ShortlistLink(program.id)}));
      ++expired;
    }
    tx.Commit();
    if (due.size() < 100) break;
  }
  return expired;
}

std::vector<DirectoryEntry> SearchDirectory(store::Database& db, const Actor& actor,
                                            std::int64_t program_id, Role side,
                                            const std::string& text, int limit,
                                            const std::vector<std::string>& ids) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  if (limit < 1 || limit > 50) throw InvalidArgument("limit must be between 1 and 50", "limit");
  if (side != Role::kMentor && side != Role::kMentee) {
    throw InvalidArgument("side is mentor or mentee", "side");
  }
  if (ids.size() > 50) throw InvalidArgument("at most 50 ids", "ids");
  const bool may = access.coordinator ||
                   (side == Role::kMentor && !access.mentee_enrollments.empty()) ||
                   (side == Role::kMentee && !access.mentor_enrollments.empty());
  if (!may) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the program's coordinators and the other side can search its " +
                    std::string(side == Role::kMentor ? "mentors" : "mentees"));
  }
  const MatchingInput input = LoadMatchingInput(tx, program, true);
  tx.Commit();
  std::vector<DirectoryEntry> out;
  const std::string needle = ToLower(Trim(text));
  for (const Participant& p : input.people) {
    if (p.role != side) continue;
    if (!ids.empty()) {
      if (std::find(ids.begin(), ids.end(), p.id) == ids.end()) continue;
    } else if (!needle.empty() && ToLower(p.name).find(needle) == std::string::npos) {
      continue;
    }
    out.push_back({p.id, p.name, p.institution});
    if (ids.empty() && static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

bool MayReadProfileForChoosing(store::Transaction& tx, const Actor& actor,
                               const Enrollment& target) {
  if (!actor.user_id || (target.role != Role::kMentor && target.role != Role::kMentee)) {
    return false;
  }
  const ProgramAccess access = AccessTo(tx, actor, target.program_id);
  store::MentorRequestRepository requests(tx);
  if (target.role == Role::kMentee) {
    for (std::int64_t mine : access.mentor_enrollments) {
      if (!requests
               .List(target.program_id,
                     {.mentee_enrollment_id = target.id, .mentor_enrollment_id = mine})
               .empty()) {
        return true;
      }
    }
    return false;
  }
  return !access.mentee_enrollments.empty() && target.status == EnrollmentStatus::kActive &&
         requests.LoadSettings(target.program_id).mode != MatchingMode::kCoordinator;
}

}  // namespace tandem::service
