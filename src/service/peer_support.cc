#include "service/peer_support.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <sstream>

#include "core/account.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "matching/peer.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/notifications.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

using nlohmann::json;
using store::PeerRepository;

constexpr int kFormLimitPerHour = 5;

void RequirePeerKind(const Program& program) {
  if (program.kind != ProgramKind::kPeerSupport) {
    throw FailedPrecondition("\"" + program.name + "\" is not a peer-support program");
  }
}

Program RequirePeerProgram(store::Transaction& tx, std::int64_t program_id) {
  Program program = RequireProgram(tx, program_id);
  RequirePeerKind(program);
  return program;
}

// A specialist of the program: its coordinator (or an admin).
ProgramAccess RequireSpecialist(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                                const char* what) {
  const ProgramAccess access = AccessTo(tx, actor, program_id);
  if (!access.coordinator) {
    throw Error(ErrorCode::kPermissionDenied,
                std::string("only the program's peer-support specialists can ") + what);
  }
  return access;
}

// The peer-support program, for its specialists: kNotFound, then
// kPermissionDenied, then kFailedPrecondition for a program of another kind
// (who may ask is checked before what is asked of).
Program RequireSpecialistProgram(store::Transaction& tx, const Actor& actor,
                                 std::int64_t program_id, const char* what) {
  Program program = RequireProgram(tx, program_id);
  RequireSpecialist(tx, actor, program_id, what);
  RequirePeerKind(program);
  return program;
}

void LogView(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
             std::optional<std::int64_t> subject, std::optional<std::int64_t> request,
             const std::string& what) {
  PeerRepository(tx).LogAccess({.program_id = program_id,
                                .viewer_user_id = actor.user_id,
                                .viewer = actor.label,
                                .subject_enrollment_id = subject,
                                .request_id = request,
                                .what = what});
}

std::string RequestJson(const PeerRequest& r) {
  json j{{"id", r.id},
         {"status", PeerRequestStatusName(r.status)},
         {"urgent", r.urgent},
         {"source", r.source}};
  if (r.pair_id) j["pair_id"] = *r.pair_id;
  return j.dump();
}

std::string Today(const store::Transaction& tx) { return FormatUtcDate(tx.now()); }

QueueEntry EntryOf(const PeerRequest& r, const PeerProfile& profile, const PeerSettings& settings,
                   const std::string& today) {
  QueueEntry e;
  e.request = r;
  e.person = profile.person;
  e.waiting_working_days = WorkingDaysBetween(r.created_at.substr(0, 10), today);
  e.overdue = IsWaiting(r.status) && r.status != PeerRequestStatus::kWaitlisted &&
              e.waiting_working_days > settings.target_working_days;
  return e;
}

std::string StatusText(PeerRequestStatus s) {
  switch (s) {
    case PeerRequestStatus::kNew:
    case PeerRequestStatus::kSuggested:
      return "A specialist is looking for a volunteer for you.";
    case PeerRequestStatus::kOffered:
      return "We have asked a volunteer who fits, and are waiting for their answer.";
    case PeerRequestStatus::kAccepted:
    case PeerRequestStatus::kIntroduced:
      return "A volunteer has agreed to talk with you: look for our e-mail introducing you.";
    case PeerRequestStatus::kActive:
      return "You are connected with your volunteer.";
    case PeerRequestStatus::kWaitlisted:
      return "No volunteer fits yet; we will keep looking and write when someone does.";
    case PeerRequestStatus::kWithdrawn:
      return "This request was withdrawn.";
    case PeerRequestStatus::kClosed:
      return "This request is closed.";
  }
  return "";
}

// --- the indexes, one per program and database, kept right by the change log ---

// Every instance follows one cursor over the change log of all programs.
// Ids come from one sequence, but on PostgreSQL a transaction may commit
// after one with a higher id: an id skipped by the cursor is remembered as
// missing and asked for again until it appears (or, after ten minutes,
// taken for rolled back).
struct PeerIndexes {
  std::mutex mutex;
  bool started = false;
  std::int64_t newest = 0;
  std::map<std::int64_t, SysSeconds> missing;  // id -> when first missed
  std::map<std::int64_t, std::unique_ptr<matching::PeerIndex>> by_program;
};

void Apply(matching::PeerIndex& index, const store::VolunteerRecord& v) {
  if (v.active && !v.profile.cancer_type.empty()) {
    index.Upsert({v.enrollment_id, v.profile, v.standing});
  } else {
    index.Remove(v.enrollment_id);
  }
}

// Reads the changes committed since the last look (one small query) and
// applies them to the indexes already built. Caller holds `all.mutex`.
void Refresh(PeerIndexes& all, store::Transaction& tx) {
  PeerRepository peers(tx);
  if (!all.started) {
    all.newest = peers.NewestChange();
    all.started = true;
    return;  // no index exists yet: each is loaded whole when first used
  }
  std::vector<std::int64_t> missing;
  for (const auto& [id, when] : all.missing) missing.push_back(id);
  std::map<std::int64_t, std::set<std::int64_t>> changed;  // program -> enrollments
  for (const PeerRepository::Change& c : peers.ChangesSince(all.newest, missing)) {
    if (c.id > all.newest) {
      for (std::int64_t gap = all.newest + 1; gap < c.id; ++gap) all.missing.emplace(gap, tx.now());
      all.newest = c.id;
    }
    all.missing.erase(c.id);
    changed[c.program_id].insert(c.enrollment_id);
  }
  for (auto it = all.missing.begin(); it != all.missing.end();) {
    it = tx.now() - it->second > std::chrono::minutes(10) ? all.missing.erase(it) : std::next(it);
  }
  for (const auto& [program, enrollments] : changed) {
    auto index = all.by_program.find(program);
    if (index == all.by_program.end()) continue;
    const std::vector<std::int64_t> ids(enrollments.begin(), enrollments.end());
    std::set<std::int64_t> seen;
    for (const store::VolunteerRecord& v : peers.LoadVolunteers(program, ids)) {
      Apply(*index->second, v);
      seen.insert(v.enrollment_id);
    }
    for (std::int64_t id : ids) {
      if (!seen.count(id)) index->second->Remove(id);  // enrollment gone
    }
  }
}

// Suggestions for `query` from the program's index, brought up to date
// first, inside `tx`.
std::vector<matching::PeerSuggestion> SuggestFromIndex(store::Database& db, store::Transaction& tx,
                                                       const Program& program,
                                                       const matching::PeerQuery& query) {
  PeerIndexes& all = db.Attached<PeerIndexes>();
  std::lock_guard lock(all.mutex);
  Refresh(all, tx);
  std::unique_ptr<matching::PeerIndex>& index = all.by_program[program.id];
  if (!index) {
    // Loaded after the cursor was read: every change up to it is in what is
    // loaded, and later ones (or late commits) arrive through Refresh.
    index = std::make_unique<matching::PeerIndex>(matching::PeerWeights{}, program.starts_on);
    for (const store::VolunteerRecord& v : PeerRepository(tx).LoadVolunteers(program.id)) {
      Apply(*index, v);
    }
  }
  return index->Suggest(query);
}

matching::PeerQuery QueryFor(const store::Transaction& tx, const PeerProfile& profile, int limit,
                             std::vector<std::int64_t> excluded) {
  matching::PeerQuery q;
  q.request = profile;
  q.limit = limit;
  q.excluded = std::move(excluded);
  q.today = Today(tx);
  q.now = tx.now_text();
  return q;
}

std::vector<std::int64_t> OfferedVolunteers(PeerRepository& peers, std::int64_t request_id) {
  std::vector<std::int64_t> out;
  for (const PeerOffer& o : peers.OffersOfRequest(request_id)) out.push_back(o.volunteer_id);
  return out;
}

std::string Labels(std::span<const PeerTerm> list, const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) {
    const std::string_view label = PeerLabel(list, c);
    out += (out.empty() ? "" : ", ") + std::string(label.empty() ? c : label);
  }
  return out;
}

std::vector<std::string> Reasons(const matching::PeerSuggestion& s, const PeerProfile& request,
                                 const PeerProfile& volunteer, const VolunteerStanding& standing) {
  std::vector<std::string> out;
  const auto part = [&](matching::PeerFacet f) { return s.parts[static_cast<int>(f)]; };
  if (part(matching::PeerFacet::kCancerType) > 0) {
    out.push_back("same cancer type: " +
                  std::string(PeerLabel(PeerCancerTypes(), volunteer.cancer_type)));
  }
  if (part(matching::PeerFacet::kSubtype) > 0)
    out.push_back("same subtype: " + volunteer.cancer_subtype);
  std::vector<std::string> treatments;
  for (const std::string& t : request.treatments) {
    if (std::count(volunteer.treatments.begin(), volunteer.treatments.end(), t)) {
      treatments.push_back(t);
    }
  }
  if (!treatments.empty())
    out.push_back("shared treatment: " + Labels(PeerTreatments(), treatments));
  if (part(matching::PeerFacet::kExperience) > 0) {
    out.push_back(
        volunteer.person == "caregiver"
            ? "also a caregiver" +
                  (volunteer.relationship.empty()
                       ? std::string()
                       : " (" +
                             std::string(PeerLabel(PeerRelationships(), volunteer.relationship)) +
                             ")")
            : "a " + volunteer.person + " who has been there");
  }
  if (part(matching::PeerFacet::kAge) > 0) {
    out.push_back(volunteer.age_group == request.age_group ? "same age group" : "close in age");
  }
  if (part(matching::PeerFacet::kGender) > 0) out.push_back("same gender");
  if (part(matching::PeerFacet::kTimeSince) > 0 && !volunteer.time_since_diagnosis.empty()) {
    out.push_back("diagnosed " + ToLower(std::string(PeerLabel(PeerTimesSinceDiagnosis(),
                                                               volunteer.time_since_diagnosis))));
  }
  std::vector<std::string> topics;
  for (const std::string& t : request.topics) {
    if (std::count(volunteer.topics.begin(), volunteer.topics.end(), t)) topics.push_back(t);
  }
  if (!topics.empty()) out.push_back("knows about: " + Labels(PeerTopics(), topics));
  if (part(matching::PeerFacet::kAvailability) > 0) out.push_back("free at the same times");
  out.push_back("supporting " + std::to_string(standing.load) + " of " +
                std::to_string(standing.capacity) + " now" +
                (standing.last_matched_at.empty()
                     ? ", never matched before"
                     : ", last matched " + standing.last_matched_at.substr(0, 10)));
  return out;
}

// The lines a volunteer reads before deciding: no name, no contact, no
// stage, subtype or treatments.
std::vector<std::string> OfferSummary(const PeerProfile& p) {
  std::vector<std::string> out;
  out.push_back(std::string(PeerLabel(PeerPersonKinds(), p.person)));
  out.push_back(std::string(PeerLabel(PeerCancerTypes(), p.cancer_type)));
  if (!p.age_group.empty())
    out.push_back("Age " + std::string(PeerLabel(PeerAgeGroups(), p.age_group)));
  if (!p.topics.empty())
    out.push_back("Would like to talk about: " + Labels(PeerTopics(), p.topics));
  out.push_back("Speaks: " + JoinList(p.languages, ", "));
  if (!p.contact.empty()) out.push_back("Prefers: " + Labels(PeerContactModes(), p.contact));
  return out;
}

PeerOffer RequireOffer(PeerRepository& peers, const std::string& token,
                       store::RowLock lock = store::RowLock::kNone) {
  if (!internal::IsWellFormedToken(token)) throw NotFound("this link is not valid");
  auto o = peers.FindOfferByToken(internal::HashToken(token));
  if (!o) throw NotFound("this link is not valid");
  if (lock == store::RowLock::kForUpdate) o = peers.FindOffer(o->id, lock);
  return *o;
}

PeerRequest RequireRequest(PeerRepository& peers, std::int64_t id,
                           store::RowLock lock = store::RowLock::kNone) {
  auto r = peers.FindRequest(id, lock);
  if (!r) throw NotFound("request " + std::to_string(id) + " does not exist");
  return *r;
}

OfferView ViewOf(store::Transaction& tx, const PeerOffer& o) {
  PeerRepository peers(tx);
  const PeerRequest r = RequireRequest(peers, o.request_id);
  const PeerProfile profile = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
  OfferView v;
  v.offer = o;
  v.program_name = RequireProgram(tx, r.program_id).name;
  v.summary = OfferSummary(profile);
  if (o.status == OfferStatus::kAccepted) {
    v.requester_name = r.name;
    v.contact = "E-mail: " + r.email;
    if (r.consent_share && !r.phone.empty()) v.contact += "\nPhone: " + r.phone;
  }
  return v;
}

// Back to the queue after a decline or a lapse, with the next suggestion.
void BackToQueue(store::Database& db, store::Transaction& tx, PeerOffer offer, OfferStatus status,
                 const std::string& reason) {
  PeerRepository peers(tx);
  offer.status = status;
  offer.reason = reason;
  offer.answered_at = tx.now_text();
  peers.UpdateOffer(offer);
  PeerRequest r = RequireRequest(peers, offer.request_id, store::RowLock::kForUpdate);
  if (r.status != PeerRequestStatus::kOffered) return;
  const Program program = RequireProgram(tx, r.program_id);
  const PeerProfile profile = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
  r.status = PeerRequestStatus::kSuggested;
  r.suggested_volunteer_id.reset();
  if (!profile.cancer_type.empty()) {
    const auto next =
        SuggestFromIndex(db, tx, program, QueryFor(tx, profile, 1, OfferedVolunteers(peers, r.id)));
    if (!next.empty()) r.suggested_volunteer_id = next.front().volunteer;
  }
  peers.UpdateRequest(r);
  AppendAudit(tx, Actor::System(),
              status == OfferStatus::kDeclined ? "peer.offer.decline" : "peer.offer.expire",
              "peer_offer", offer.id, r.program_id, "", RequestJson(r));
}

// Keeps the person's matching profile in step with their peer profile, so
// that batch matching runs score what peer support asks.
void MirrorToMatchingProfile(store::Transaction& tx, std::int64_t enrollment_id,
                             const PeerProfile& p) {
  store::ParticipantRepository participants(tx);
  std::optional<Participant> current = participants.LoadProfile(enrollment_id);
  if (!current) return;
  Participant m = *current;
  m.interests = {std::string(PeerLabel(PeerCancerTypes(), p.cancer_type))};
  for (const std::string& t : p.topics)
    m.interests.push_back(std::string(PeerLabel(PeerTopics(), t)));
  for (std::string& tag : m.interests) tag = CanonicalTag(tag);
  m.career_stage = p.person;
  m.languages = p.languages;
  m.time_zone = p.time_zone;
  m.availability = p.availability;
  m.background.clear();
  if (!p.gender.empty()) m.background.push_back({"gender", p.gender});
  if (!p.age_group.empty()) m.background.push_back({"age group", p.age_group});
  m.match_on.clear();
  if (p.same_gender) m.match_on.push_back("gender");
  participants.SaveProfile(enrollment_id, m);
}

// A request withdrawn: its offer still waiting is withdrawn with it.
void WithdrawPendingOffers(store::Transaction& tx, std::int64_t request_id) {
  PeerRepository peers(tx);
  for (PeerOffer o : peers.OffersOfRequest(request_id)) {
    if (o.status != OfferStatus::kPending) continue;
    o.status = OfferStatus::kWithdrawn;
    o.answered_at = tx.now_text();
    peers.UpdateOffer(o);
  }
}

Enrollment RequireEnrollment(store::Transaction& tx, std::int64_t id,
                             store::RowLock lock = store::RowLock::kNone) {
  auto e = store::EnrollmentRepository(tx).Find(id, lock);
  if (!e) throw NotFound("enrollment " + std::to_string(id) + " does not exist");
  return *e;
}

}  // namespace

PublicPeerProgram GetPublicPeerProgram(store::Database& db, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  const Program p = RequireProgram(tx, program_id);
  tx.Commit();
  if (p.kind != ProgramKind::kPeerSupport) {
    throw NotFound("program " + std::to_string(program_id) + " takes no requests for support");
  }
  return {p.id, p.name, p.objectives,
          p.status == ProgramStatus::kEnrolling || p.status == ProgramStatus::kMatching ||
              p.status == ProgramStatus::kActive};
}

SubmittedPeerRequest SubmitPeerRequest(store::Database& db, const Actor& actor,
                                       std::int64_t program_id, const PeerRequestInput& in,
                                       const std::string& remote_address) {
  store::Transaction tx = db.Begin();
  const Program program = RequirePeerProgram(tx, program_id);
  // A specialist enters requests after a call; anyone else uses the form.
  bool specialist = false;
  if (actor.signed_in()) specialist = AccessTo(tx, actor, program_id).coordinator;
  if (program.status != ProgramStatus::kEnrolling && program.status != ProgramStatus::kActive &&
      program.status != ProgramStatus::kMatching) {
    throw FailedPrecondition("\"" + program.name + "\" is not taking requests now");
  }
  if (in.urgent && !specialist) {
    throw Error(ErrorCode::kPermissionDenied, "only a specialist marks a request urgent", "urgent");
  }
  const std::string name(Trim(in.name));
  if (name.empty() || name.size() > 200 || !IsValidUtf8(name)) {
    throw InvalidArgument("your name is required (at most 200 bytes)", "name");
  }
  const std::string email = NormalizeEmail(in.email);
  const std::string phone(Trim(in.phone));
  if (phone.size() > 40 || phone.find_first_not_of("0123456789+-() .") != std::string::npos) {
    throw InvalidArgument("a phone number has digits, spaces and + - ( ) only", "phone");
  }
  if (!in.consent_contact) {
    throw InvalidArgument("we need your consent to contact you", "consent_contact");
  }
  if (!in.consent_share) {
    throw InvalidArgument("we need your consent to share your details with the volunteer",
                          "consent_share");
  }
  if (in.note.size() > 2000 || !IsValidUtf8(in.note)) {
    throw InvalidArgument("the note is text of at most 2000 bytes", "note");
  }
  const PeerProfile profile = ValidatePeerProfile(in.profile);
  PeerRepository peers(tx);
  if (!specialist) {
    const std::string hour_ago = FormatUtc(tx.now() - std::chrono::hours(1));
    if (peers.CountAttempts(remote_address, email, hour_ago) >= kFormLimitPerHour) {
      throw Error(
          ErrorCode::kPermissionDenied,
          "too many requests from here in the last hour; please try again later or call us");
    }
    peers.AddAttempt(remote_address, email);
  }
  // One account per e-mail.
  store::UserRepository users(tx);
  std::int64_t user_id = 0;
  if (auto found = users.FindByEmail(email)) {
    if (found->user.disabled) {
      throw Error(ErrorCode::kFailedPrecondition, "this account is disabled", "email");
    }
    user_id = found->user.id;
  } else {
    User user;
    user.email = email;
    user.name = name;
    user_id = users.Insert(user, "");
    AppendAudit(tx, actor, "user.create", "user", user_id, program_id, "",
                json{{"email", email}, {"source", "peer request"}}.dump());
  }
  store::EnrollmentRepository enrollments(tx);
  std::optional<Enrollment> seeker = enrollments.FindByUser(program_id, user_id, Role::kMentee);
  if (seeker) {
    if (auto open = peers.OpenRequestOf(seeker->id)) {
      throw Error(ErrorCode::kConflict,
                  "you already have a request with us; follow it with the link in our e-mail",
                  "email");
    }
    if (seeker->status != EnrollmentStatus::kActive) {
      enrollments.SetStatus(seeker->id, EnrollmentStatus::kActive);
    }
  } else {
    Enrollment e;
    e.program_id = program_id;
    e.user_id = user_id;
    e.role = Role::kMentee;
    e.participant_id = "seeker-" + std::to_string(user_id);
    e.status = EnrollmentStatus::kActive;
    e.capacity = 1;
    e.id = enrollments.Insert(e);
    seeker = e;
  }
  peers.SaveProfile(program_id, seeker->id, profile);
  MirrorToMatchingProfile(tx, seeker->id, profile);
  PeerRequest r;
  r.program_id = program_id;
  r.enrollment_id = seeker->id;
  r.status = PeerRequestStatus::kNew;
  r.urgent = in.urgent;
  r.source = specialist ? "specialist" : "form";
  r.phone = phone;
  r.note = std::string(Trim(in.note));
  r.consent_contact = true;
  r.consent_share = true;
  const std::string token = internal::NewToken();
  r.id =
      peers.InsertRequest(r, internal::HashToken(token), specialist ? actor.user_id : std::nullopt);
  const PeerRequest stored = RequireRequest(peers, r.id);
  AppendAudit(tx, actor, "peer.request", "peer_request", stored.id, program_id, "",
              RequestJson(stored));
  const std::string link = PublicBaseUrl() + "/peer/follow/" + token;
  Notify(tx, {user_id, email}, "peer_request",
         notify::PeerRequestReceivedMessage(name, program.name, link));
  tx.Commit();
  return {stored, link};
}

FollowedRequest FollowPeerRequest(store::Database& db, const std::string& token) {
  if (!internal::IsWellFormedToken(token)) throw NotFound("this link is not valid");
  store::Transaction tx = db.Begin(false);
  PeerRepository peers(tx);
  auto r = peers.FindRequestByToken(internal::HashToken(token));
  if (!r) throw NotFound("this link is not valid");
  FollowedRequest f;
  f.program_name = RequireProgram(tx, r->program_id).name;
  f.status = r->status;
  f.status_text = StatusText(r->status);
  f.created_at = r->created_at;
  f.can_withdraw = IsWaiting(r->status);
  tx.Commit();
  return f;
}

FollowedRequest WithdrawFollowedRequest(store::Database& db, const std::string& token) {
  if (!internal::IsWellFormedToken(token)) throw NotFound("this link is not valid");
  {
    store::Transaction tx = db.Begin();
    PeerRepository peers(tx);
    auto found = peers.FindRequestByToken(internal::HashToken(token));
    if (!found) throw NotFound("this link is not valid");
    PeerRequest r = RequireRequest(peers, found->id, store::RowLock::kForUpdate);
    if (!IsWaiting(r.status)) {
      throw FailedPrecondition(
          "this request can no longer be withdrawn here; reply to our "
          "e-mail instead");
    }
    WithdrawPendingOffers(tx, r.id);
    r.status = PeerRequestStatus::kWithdrawn;
    peers.UpdateRequest(r);
    AppendAudit(tx, Actor::Anonymous(), "peer.request.withdraw", "peer_request", r.id, r.program_id,
                "", RequestJson(r));
    tx.Commit();
  }
  return FollowPeerRequest(db, token);
}

std::vector<QueueEntry> ListPeerQueue(store::Database& db, const Actor& actor,
                                      std::int64_t program_id, const QueueFilter& filter) {
  store::Transaction tx = db.Begin(false);
  RequireSpecialistProgram(tx, actor, program_id, "see the queue");
  PeerRepository peers(tx);
  const PeerSettings settings = peers.LoadSettings(program_id);
  const std::string today = Today(tx);
  std::vector<QueueEntry> out;
  for (const PeerRequest& r :
       peers.ListRequests(program_id, {.status = filter.status,
                                      .urgent = filter.urgent,
                                      .waiting_only = filter.waiting_only})) {
    const PeerProfile profile = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
    QueueEntry e = EntryOf(r, profile, settings, today);
    if (filter.overdue_only && !e.overdue) continue;
    out.push_back(std::move(e));
  }
  tx.Commit();
  return out;
}

PeerRequestView GetPeerRequest(store::Database& db, const Actor& actor, std::int64_t request_id) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin();
  PeerRepository peers(tx);
  const PeerRequest r = RequireRequest(peers, request_id);
  const ProgramAccess access = AccessTo(tx, actor, r.program_id);
  bool volunteer = false;
  if (!access.coordinator) {
    for (const PeerOffer& o : peers.OffersOfRequest(r.id)) {
      volunteer |= o.status == OfferStatus::kAccepted && access.Owns(o.volunteer_id);
    }
    if (!volunteer) {
      throw Error(ErrorCode::kPermissionDenied,
                  "only the program's specialists and the person's volunteer can see a request");
    }
  } else {
    LogView(tx, actor, r.program_id, r.enrollment_id, r.id, "request");
  }
  PeerRequestView v;
  const PeerProfile profile = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
  v.entry = EntryOf(r, profile, peers.LoadSettings(r.program_id), Today(tx));
  v.profile = profile;
  if (access.coordinator) {
    v.offers = peers.OffersOfRequest(r.id);
    v.checkins = peers.CheckinsOf(r.id);
  }
  tx.Commit();
  return v;
}

PeerRequestView UpdatePeerRequest(store::Database& db, const Actor& actor, std::int64_t request_id,
                                  const PeerRequestChange& change) {
  RequireSignedIn(actor);
  {
    store::Transaction tx = db.Begin();
    PeerRepository peers(tx);
    PeerRequest r = RequireRequest(peers, request_id, store::RowLock::kForUpdate);
    RequireSpecialist(tx, actor, r.program_id, "change requests");
    const std::string before = RequestJson(r);
    if (change.urgent) r.urgent = *change.urgent;
    if (change.status && *change.status != r.status) {
      using S = PeerRequestStatus;
      const S to = *change.status;
      const bool allowed =
          (to == S::kWaitlisted && (r.status == S::kNew || r.status == S::kSuggested)) ||
          (to == S::kNew && r.status == S::kWaitlisted) ||
          (to == S::kWithdrawn && IsWaiting(r.status)) ||
          (to == S::kClosed && (r.status == S::kIntroduced || r.status == S::kActive));
      if (!allowed) {
        throw Error(ErrorCode::kFailedPrecondition,
                    "a " + std::string(PeerRequestStatusName(r.status)) +
                        " request cannot become " + std::string(PeerRequestStatusName(to)),
                    "status");
      }
      if (to == S::kWithdrawn) {
        WithdrawPendingOffers(tx, r.id);
      }
      r.status = to;
    }
    peers.UpdateRequest(r);
    AppendAudit(tx, actor, "peer.request.update", "peer_request", r.id, r.program_id, before,
                RequestJson(r));
    tx.Commit();
  }
  return GetPeerRequest(db, actor, request_id);
}

std::vector<VolunteerSuggestion> SuggestVolunteers(store::Database& db, const Actor& actor,
                                                   std::int64_t request_id, int limit) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin();
  PeerRepository peers(tx);
  PeerRequest r = RequireRequest(peers, request_id);
  RequireSpecialist(tx, actor, r.program_id, "see suggestions");
  if (limit < 1 || limit > 50) throw InvalidArgument("limit must be between 1 and 50", "limit");
  const Program program = RequirePeerProgram(tx, r.program_id);
  const PeerProfile profile = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
  LogView(tx, actor, r.program_id, r.enrollment_id, r.id, "suggestions");
  std::vector<VolunteerSuggestion> out;
  if (profile.cancer_type.empty()) {
    tx.Commit();
    return out;
  }
  const auto suggestions = SuggestFromIndex(
      db, tx, program, QueryFor(tx, profile, limit, OfferedVolunteers(peers, r.id)));
  std::vector<std::int64_t> ids;
  for (const auto& s : suggestions) ids.push_back(s.volunteer);
  std::map<std::int64_t, store::VolunteerRecord> records;
  for (store::VolunteerRecord& v : peers.LoadVolunteers(program.id, ids)) {
    records[v.enrollment_id] = std::move(v);
  }
  for (const auto& s : suggestions) {
    auto it = records.find(s.volunteer);
    if (it == records.end()) continue;
    const store::VolunteerRecord& v = it->second;
    VolunteerSuggestion x;
    x.enrollment_id = v.enrollment_id;
    x.participant_id = v.participant_id;
    x.name = v.name;
    x.score = s.score;
    for (int f = 0; f < matching::kPeerFacetCount; ++f) {
      x.breakdown[std::string(matching::PeerFacetName(static_cast<matching::PeerFacet>(f)))] =
          s.parts[f];
    }
    x.reasons = Reasons(s, profile, v.profile, v.standing);
    x.load = v.standing.load;
    x.capacity = v.standing.capacity;
    x.last_matched_at = v.standing.last_matched_at;
    out.push_back(std::move(x));
  }
  if (r.status == PeerRequestStatus::kNew && !out.empty()) {
    r = RequireRequest(peers, request_id, store::RowLock::kForUpdate);
    if (r.status == PeerRequestStatus::kNew) {
      r.status = PeerRequestStatus::kSuggested;
      r.suggested_volunteer_id = out.front().enrollment_id;
      peers.UpdateRequest(r);
    }
  }
  tx.Commit();
  return out;
}

PeerOffer OfferPeerRequest(store::Database& db, const Actor& actor, std::int64_t request_id,
                           const std::string& volunteer) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin();
  PeerRepository peers(tx);
  PeerRequest r = RequireRequest(peers, request_id, store::RowLock::kForUpdate);
  RequireSpecialist(tx, actor, r.program_id, "offer requests to volunteers");
  const Program program = RequirePeerProgram(tx, r.program_id);
  if (!IsWaiting(r.status) || r.status == PeerRequestStatus::kOffered) {
    throw FailedPrecondition("a " + std::string(PeerRequestStatusName(r.status)) +
                             " request cannot be offered");
  }
  const auto e = store::EnrollmentRepository(tx).FindByParticipantId(r.program_id, volunteer);
  if (!e || e->role != Role::kMentor) {
    throw Error(ErrorCode::kNotFound, "no volunteer \"" + volunteer + "\" in this program",
                "volunteer");
  }
  const auto records = peers.LoadVolunteers(program.id, {e->id});
  const store::VolunteerRecord& v = records.front();
  const PeerProfile profile = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
  std::string why = v.active ? VolunteerUnavailableReason(v.standing, Today(tx)) : "is not active";
  const std::vector<std::int64_t> offered = OfferedVolunteers(peers, r.id);
  if (why.empty() && std::count(offered.begin(), offered.end(), e->id)) {
    why = "was offered this request before";
  }
  if (why.empty()) {
    bool shared = false;
    for (const std::string& l : profile.languages) {
      shared |= std::count(v.profile.languages.begin(), v.profile.languages.end(), l) > 0;
    }
    if (!shared) why = "shares no language with the person";
  }
  if (why.empty() && profile.same_gender && v.profile.gender != profile.gender) {
    why = "is not of the gender the person asked for";
  }
  if (!why.empty()) {
    throw Error(ErrorCode::kFailedPrecondition, v.name + " " + why, "volunteer");
  }
  const PeerSettings settings = peers.LoadSettings(program.id);
  PeerOffer o;
  o.request_id = r.id;
  o.volunteer_id = e->id;
  o.respond_by = FormatUtc(tx.now() + std::chrono::hours(settings.offer_hours));
  const std::string token = internal::NewToken();
  o.id = peers.InsertOffer(o, actor.user_id, internal::HashToken(token));
  const std::string before = RequestJson(r);
  r.status = PeerRequestStatus::kOffered;
  peers.UpdateRequest(r);
  AppendAudit(tx, actor, "peer.offer", "peer_offer", o.id, r.program_id, before, RequestJson(r));
  std::string summary;
  for (const std::string& line : OfferSummary(profile)) summary += "  " + line + "\n";
  Notify(tx, {e->user_id, e->email}, "peer_offer",
         notify::PeerOfferMessage(e->name, program.name, summary, notify::ReadableUtc(o.respond_by),
                                  PublicBaseUrl() + "/peer/offers/" + token));
  PeerOffer stored = *peers.FindOffer(o.id);
  tx.Commit();
  return stored;
}

OfferView GetPeerOffer(store::Database& db, const std::string& token) {
  store::Transaction tx = db.Begin(false);
  PeerRepository peers(tx);
  const OfferView v = ViewOf(tx, RequireOffer(peers, token));
  tx.Commit();
  return v;
}

OfferView AcceptPeerOffer(store::Database& db, const std::string& token) {
  store::Transaction tx = db.Begin();
  PeerRepository peers(tx);
  PeerOffer peek = RequireOffer(peers, token);
  // The volunteer's row first (acceptances of two offers to one volunteer
  // wait for each other), then the offer.
  const Enrollment volunteer = RequireEnrollment(tx, peek.volunteer_id, store::RowLock::kForUpdate);
  PeerOffer o = *peers.FindOffer(peek.id, store::RowLock::kForUpdate);
  if (o.status != OfferStatus::kPending) {
    throw FailedPrecondition("this offer is already " + std::string(OfferStatusName(o.status)));
  }
  if (tx.now_text() > o.respond_by) throw FailedPrecondition("this offer has lapsed");
  PeerRequest r = RequireRequest(peers, o.request_id, store::RowLock::kForUpdate);
  const Program program = RequirePeerProgram(tx, r.program_id);
  const store::VolunteerRecord v = peers.LoadVolunteers(program.id, {volunteer.id}).front();
  if (const std::string why = VolunteerUnavailableReason(v.standing, Today(tx)); !why.empty()) {
    throw FailedPrecondition("you cannot take this on now: " + v.name + " " + why);
  }
  const PeerProfile profile = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
  // The pair, scored by the peer facets.
  Pair pair;
  pair.program_id = program.id;
  pair.mentor = volunteer.participant_id;
  pair.mentee = RequireEnrollment(tx, r.enrollment_id).participant_id;
  pair.status = PairStatus::kActive;
  pair.started_on = Today(tx);
  {
    matching::PeerIndex one({}, program.starts_on);
    VolunteerStanding standing = v.standing;
    standing.load = 0;  // scored as offered
    one.Upsert({v.enrollment_id, v.profile, standing});
    const auto scored = one.Suggest(QueryFor(tx, profile, 1, {}));
    if (!scored.empty()) {
      pair.score = scored.front().score;
      for (int f = 0; f < matching::kPeerFacetCount; ++f) {
        pair.breakdown[std::string(matching::PeerFacetName(static_cast<matching::PeerFacet>(f)))] =
            scored.front().parts[f];
      }
    }
  }
  store::PairRepository pairs(tx);
  pair.id = pairs.Insert(pair);
  const Pair stored = *pairs.Find(pair.id);
  AppendAudit(tx, Actor::System(), "pair.create", "pair", stored.id, program.id, "",
              store::PairJson(stored));
  o.status = OfferStatus::kAccepted;
  o.answered_at = tx.now_text();
  peers.UpdateOffer(o);
  const std::string before = RequestJson(r);
  r.status = PeerRequestStatus::kIntroduced;
  r.pair_id = stored.id;
  r.introduced_at = tx.now_text();
  peers.UpdateRequest(r);
  AppendAudit(tx, Actor::System(), "peer.offer.accept", "peer_offer", o.id, program.id, before,
              RequestJson(r));
  VolunteerStanding standing = v.standing;
  standing.last_matched_at = tx.now_text();
  peers.SaveStanding(program.id, volunteer.id, standing);
  NoteVolunteerChange(tx, program.id, volunteer.id);
  // Introductions, with the contact details each agreed to share.
  std::string to_seeker = "E-mail: " + volunteer.email + "\n";
  std::string to_volunteer = "E-mail: " + r.email + "\n";
  if (!r.phone.empty()) to_volunteer += "Phone: " + r.phone + "\n";
  if (!profile.contact.empty()) {
    to_volunteer += "They prefer: " + Labels(PeerContactModes(), profile.contact) + "\n";
  }
  if (!v.profile.contact.empty()) {
    to_seeker += "They prefer: " + Labels(PeerContactModes(), v.profile.contact) + "\n";
  }
  const auto seeker = RequireEnrollment(tx, r.enrollment_id);
  Notify(
      tx, {seeker.user_id, seeker.email}, "introduction",
      notify::PeerIntroductionMessage(seeker.name, program.name, volunteer.name, false, to_seeker));
  Notify(tx, {volunteer.user_id, volunteer.email}, "introduction",
         notify::PeerIntroductionMessage(volunteer.name, program.name, seeker.name, true,
                                         to_volunteer));
  const OfferView view = ViewOf(tx, *peers.FindOffer(o.id));
  tx.Commit();
  return view;
}

OfferView DeclinePeerOffer(store::Database& db, const std::string& token,
                           const std::string& reason) {
  const std::string why(Trim(reason));
  store::Transaction tx = db.Begin();
  PeerRepository peers(tx);
  PeerOffer o = RequireOffer(peers, token, store::RowLock::kForUpdate);
  if (why.empty() || why.size() > 1000 || !IsValidUtf8(why)) {
    throw InvalidArgument("please tell us why, in a few words (at most 1000 bytes)", "reason");
  }
  if (o.status != OfferStatus::kPending) {
    throw FailedPrecondition("this offer is already " + std::string(OfferStatusName(o.status)));
  }
  BackToQueue(db, tx, o, OfferStatus::kDeclined, why);
  const OfferView view = ViewOf(tx, *peers.FindOffer(o.id));
  tx.Commit();
  return view;
}

int ExpirePeerOffers(store::Database& db) {
  int n = 0;
  for (;;) {
    store::Transaction tx = db.Begin();
    PeerRepository peers(tx);
    const auto due = peers.OverdueOffers(tx.now_text(), 50);
    for (const PeerOffer& due_offer : due) {
      auto o = peers.FindOffer(due_offer.id, store::RowLock::kForUpdate);
      if (!o || o->status != OfferStatus::kPending) continue;
      BackToQueue(db, tx, *o, OfferStatus::kExpired, "no answer in time");
      ++n;
    }
    tx.Commit();
    if (due.size() < 50) break;
  }
  return n;
}

int SendPeerCheckins(store::Database& db) {
  int sent = 0;
  for (int week : {2, 6}) {
    store::Transaction tx = db.Begin();
    PeerRepository peers(tx);
    const std::string before = FormatUtc(tx.now() - std::chrono::days(7 * week));
    for (const PeerRequest& r : peers.DueForCheckin(week, before, 200)) {
      if (!r.pair_id) continue;
      const auto pair = store::PairRepository(tx).Find(*r.pair_id);
      if (!pair || pair->status != PairStatus::kActive) continue;
      const Enrollment seeker = RequireEnrollment(tx, pair->mentee_enrollment_id);
      const Enrollment volunteer = RequireEnrollment(tx, pair->mentor_enrollment_id);
      for (const auto& [to, other] : {std::pair{seeker, volunteer}, std::pair{volunteer, seeker}}) {
        const std::string token = internal::NewToken();
        peers.InsertCheckin({.request_id = r.id, .enrollment_id = to.id, .week = week},
                            internal::HashToken(token));
        const std::string link = PublicBaseUrl() + "/peer/check-ins/" + token;
        Notify(tx, {to.user_id, to.email}, "peer_checkin",
               notify::PeerCheckinMessage(to.name, other.name, week, link + "?answer=yes",
                                          link + "?answer=no"));
        ++sent;
      }
    }
    tx.Commit();
  }
  return sent;
}

CheckinAnswer AnswerPeerCheckin(store::Database& db, const std::string& token, bool connected) {
  if (!internal::IsWellFormedToken(token)) throw NotFound("this link is not valid");
  store::Transaction tx = db.Begin();
  PeerRepository peers(tx);
  const auto c = peers.FindCheckinByToken(internal::HashToken(token));
  if (!c) throw NotFound("this link is not valid");
  peers.AnswerCheckin(c->id, connected);
  PeerRequest r = RequireRequest(peers, c->request_id, store::RowLock::kForUpdate);
  CheckinAnswer answer;
  answer.weeks = c->week;
  answer.connected = connected;
  if (r.pair_id) {
    if (const auto pair = store::PairRepository(tx).Find(*r.pair_id)) {
      answer.other_name =
          c->enrollment_id == pair->mentee_enrollment_id ? pair->mentor_name : pair->mentee_name;
    }
  }
  if (c->week == 2 && r.status == PeerRequestStatus::kIntroduced) {
    int yes = 0;
    for (const store::PeerCheckin& x : peers.CheckinsOf(r.id)) {
      if (x.week == 2 && x.connected.value_or(false)) ++yes;
    }
    if (yes >= 2) {
      r.status = PeerRequestStatus::kActive;
      peers.UpdateRequest(r);
    }
  }
  tx.Commit();
  return answer;
}

VolunteerStanding GetVolunteerStanding(store::Database& db, const Actor& actor,
                                       std::int64_t enrollment_id) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin(false);
  const Enrollment e = RequireEnrollment(tx, enrollment_id);
  const ProgramAccess access = AccessTo(tx, actor, e.program_id);
  if (!access.coordinator && !access.Owns(e.id)) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the volunteer and the program's specialists can see this");
  }
  RequirePeerProgram(tx, e.program_id);
  if (e.role != Role::kMentor) throw FailedPrecondition("enrollment is not a volunteer's");
  const VolunteerStanding s = PeerRepository(tx).LoadStanding(e.id);
  tx.Commit();
  return s;
}

VolunteerStanding UpdateVolunteerStanding(store::Database& db, const Actor& actor,
                                          std::int64_t enrollment_id,
                                          const VolunteerChange& change) {
  RequireSignedIn(actor);
  {
    store::Transaction tx = db.Begin();
    const Enrollment e = RequireEnrollment(tx, enrollment_id, store::RowLock::kForUpdate);
    const ProgramAccess access = AccessTo(tx, actor, e.program_id);
    if (!access.coordinator && !access.Owns(e.id)) {
      throw Error(ErrorCode::kPermissionDenied,
                  "only the volunteer and the program's specialists can change this");
    }
    if (!access.coordinator &&
        (change.trained_on || change.screening || change.screening_expires_on)) {
      throw Error(ErrorCode::kPermissionDenied,
                  "training and screening are recorded by the program's specialists",
                  change.trained_on ? "trained_on" : "screening");
    }
    const Program program = RequirePeerProgram(tx, e.program_id);
    if (e.role != Role::kMentor) throw FailedPrecondition("enrollment is not a volunteer's");
    PeerRepository peers(tx);
    VolunteerStanding s = peers.LoadStanding(e.id);
    const VolunteerStanding before = s;
    if (change.trained_on) {
      CheckOptionalDate(*change.trained_on, "trained_on");
      s.trained_on = *change.trained_on;
    }
    if (change.screening) s.screening = *change.screening;
    if (change.screening_expires_on) {
      CheckOptionalDate(*change.screening_expires_on, "screening_expires_on");
      s.screening_expires_on = *change.screening_expires_on;
    }
    if (change.paused) s.paused = *change.paused;
    peers.SaveStanding(program.id, e.id, s);
    NoteVolunteerChange(tx, program.id, e.id);
    const auto standing_json = [](const VolunteerStanding& x) {
      return json{{"trained_on", x.trained_on},
                  {"screening", ScreeningName(x.screening)},
                  {"screening_expires_on", x.screening_expires_on},
                  {"paused", x.paused}}
          .dump();
    };
    AppendAudit(tx, actor, "peer.volunteer", "enrollment", e.id, program.id, standing_json(before),
                standing_json(s));
    tx.Commit();
  }
  return GetVolunteerStanding(db, actor, enrollment_id);
}

PeerProfile GetPeerProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin();
  const Enrollment e = RequireEnrollment(tx, enrollment_id);
  const ProgramAccess access = AccessTo(tx, actor, e.program_id);
  PeerRepository peers(tx);
  bool may = access.coordinator || access.Owns(e.id);
  if (!may && e.role == Role::kMentee) {
    // The person's volunteer, once they accepted.
    if (auto r = peers.OpenRequestOf(e.id)) {
      for (const PeerOffer& o : peers.OffersOfRequest(r->id)) {
        may |= o.status == OfferStatus::kAccepted && access.Owns(o.volunteer_id);
      }
    }
  }
  if (!may) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the person, their volunteer and the program's specialists can see this");
  }
  RequirePeerProgram(tx, e.program_id);
  if (access.coordinator && !access.Owns(e.id)) {
    LogView(tx, actor, e.program_id, e.id, std::nullopt, "profile");
  }
  const PeerProfile p = peers.LoadProfile(e.id).value_or(PeerProfile{});
  tx.Commit();
  return p;
}

PeerProfile SavePeerProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                            const PeerProfile& profile) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin();
  const Enrollment e = RequireEnrollment(tx, enrollment_id, store::RowLock::kForUpdate);
  const ProgramAccess access = AccessTo(tx, actor, e.program_id);
  if (!access.coordinator && !access.Owns(e.id)) {
    throw Error(ErrorCode::kPermissionDenied,
                "only the person and the program's specialists can change this profile");
  }
  const Program program = RequirePeerProgram(tx, e.program_id);
  const PeerProfile p = ValidatePeerProfile(profile);
  PeerRepository peers(tx);
  peers.SaveProfile(program.id, e.id, p);
  MirrorToMatchingProfile(tx, e.id, p);
  if (e.role == Role::kMentor) NoteVolunteerChange(tx, program.id, e.id);
  AppendAudit(tx, actor, "peer.profile", "enrollment", e.id, program.id, "",
              json{{"saved", true}}.dump());  // no health details in the audit log
  tx.Commit();
  return p;
}

int SaveVolunteerProfiles(store::Database& db, const Actor& actor, std::int64_t program_id,
                          const std::vector<VolunteerProfileRow>& rows) {
  store::Transaction tx = db.Begin();
  RequireSpecialistProgram(tx, actor, program_id, "record volunteers");
  store::EnrollmentRepository enrollments(tx);
  std::map<std::string, std::int64_t> volunteer_ids;
  for (const Enrollment& e : enrollments.List(program_id)) {
    if (e.role == Role::kMentor) volunteer_ids[e.participant_id] = e.id;
  }
  std::vector<std::pair<std::int64_t, PeerProfile>> valid;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string at = "volunteers[" + std::to_string(i) + "]";
    auto it = volunteer_ids.find(rows[i].participant_id);
    if (it == volunteer_ids.end()) {
      throw Error(ErrorCode::kNotFound, "no volunteer \"" + rows[i].participant_id + "\"", at);
    }
    try {
      valid.push_back({it->second, ValidatePeerProfile(rows[i].profile)});
      CheckOptionalDate(rows[i].standing.trained_on, "trained_on");
      CheckOptionalDate(rows[i].standing.screening_expires_on, "screening_expires_on");
    } catch (const Error& e) {
      throw Error(e.code(), e.message(), at + "." + e.field());
    }
  }
  std::vector<PeerRepository::VolunteerRow> save;
  for (size_t i = 0; i < rows.size(); ++i) {
    save.push_back({valid[i].first, valid[i].second, rows[i].standing});
  }
  PeerRepository(tx).SaveVolunteers(program_id, save);
  AppendAudit(tx, actor, "peer.volunteers", "program", program_id, program_id, "",
              json{{"volunteers", rows.size()}}.dump());
  tx.Commit();
  return static_cast<int>(rows.size());
}

VolunteerImport ImportPeerVolunteers(store::Database& db, const Actor& actor,
                                     std::int64_t program_id, std::istream& csv) {
  {
    store::Transaction tx = db.Begin(false);
    RequireSpecialistProgram(tx, actor, program_id, "import volunteers");
    tx.Commit();
  }
  PeerVolunteerFile file = ReadPeerVolunteerCsv(csv);
  VolunteerImport out;
  out.errors = std::move(file.errors);
  std::set<std::string> volunteers;
  {
    store::Transaction tx = db.Begin(false);
    for (const Enrollment& e : store::EnrollmentRepository(tx).List(program_id)) {
      if (e.role == Role::kMentor) volunteers.insert(e.participant_id);
    }
    tx.Commit();
  }
  std::vector<VolunteerProfileRow> rows;
  for (PeerVolunteerRow& r : file.rows) {
    if (!volunteers.count(r.id)) {
      out.errors.push_back({r.row, "id", "no volunteer \"" + r.id + "\" in this program"});
      continue;
    }
    rows.push_back({r.id, std::move(r.profile), r.standing});
  }
  std::sort(out.errors.begin(), out.errors.end(),
            [](const InputProblem& a, const InputProblem& b) { return a.row < b.row; });
  if (!out.errors.empty()) return out;
  out.saved = SaveVolunteerProfiles(db, actor, program_id, rows);
  return out;
}

PeerSettings GetPeerSettings(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  if (!AccessTo(tx, actor, program_id).member()) {
    throw Error(ErrorCode::kPermissionDenied, "only the program's members can see its settings");
  }
  RequirePeerKind(program);
  const PeerSettings s = PeerRepository(tx).LoadSettings(program_id);
  tx.Commit();
  return s;
}

PeerSettings UpdatePeerSettings(store::Database& db, const Actor& actor, std::int64_t program_id,
                                const PeerSettings& settings) {
  store::Transaction tx = db.Begin();
  RequireSpecialistProgram(tx, actor, program_id, "change the program's targets");
  ValidatePeerSettings(settings);
  PeerRepository peers(tx);
  const PeerSettings before = peers.LoadSettings(program_id);
  peers.SaveSettings(program_id, settings);
  AppendAudit(
      tx, actor, "peer.settings", "program", program_id, program_id,
      json{{"target_working_days", before.target_working_days}, {"offer_hours", before.offer_hours}}
          .dump(),
      json{{"target_working_days", settings.target_working_days},
           {"offer_hours", settings.offer_hours}}
          .dump());
  tx.Commit();
  return settings;
}

void NoteVolunteerChange(store::Transaction& tx, std::int64_t program_id,
                         std::int64_t enrollment_id) {
  PeerRepository(tx).AppendChange(program_id, enrollment_id);
}

std::vector<store::PeerAccessEntry> ListPeerAccess(store::Database& db, const Actor& actor,
                                                   std::optional<std::int64_t> program_id,
                                                   int limit) {
  RequireSignedIn(actor);
  RequireAdmin(actor, "read who looked at health information");
  if (limit < 1 || limit > 1000) throw InvalidArgument("limit must be 1 to 1000", "limit");
  store::Transaction tx = db.Begin(false);
  auto out = PeerRepository(tx).ListAccess(program_id, limit);
  tx.Commit();
  return out;
}

std::string ExportPeerRequests(store::Database& db, const Actor& actor, std::int64_t program_id,
                               bool health) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin();
  RequireSpecialistProgram(tx, actor, program_id, "export requests");
  PeerRepository peers(tx);
  const PeerSettings settings = peers.LoadSettings(program_id);
  const std::string today = Today(tx);
  std::vector<std::string> header = {"id",      "name",   "email",      "status",
                                     "urgent",  "source", "created_at", "waiting_working_days",
                                     "overdue", "person"};
  if (health) {
    for (const char* h : {"cancer_type", "cancer_subtype", "stage", "treatments",
                          "time_since_diagnosis", "age_group", "gender", "topics", "languages"}) {
      header.push_back(h);
    }
  }
  std::ostringstream out;
  WriteCsvRecord(out, header);
  int rows = 0;
  for (const PeerRequest& r : peers.ListRequests(program_id, {})) {
    const PeerProfile p = peers.LoadProfile(r.enrollment_id).value_or(PeerProfile{});
    const QueueEntry e = EntryOf(r, p, settings, today);
    std::vector<std::string> row = {std::to_string(r.id),
                                    r.name,
                                    r.email,
                                    std::string(PeerRequestStatusName(r.status)),
                                    r.urgent ? "yes" : "no",
                                    r.source,
                                    r.created_at,
                                    std::to_string(e.waiting_working_days),
                                    e.overdue ? "yes" : "no",
                                    p.person};
    if (health) {
      for (std::string v : {p.cancer_type, p.cancer_subtype, p.stage, JoinList(p.treatments, ";"),
                            p.time_since_diagnosis, p.age_group, p.gender, JoinList(p.topics, ";"),
                            JoinList(p.languages, ";")}) {
        row.push_back(v);
      }
      LogView(tx, actor, program_id, r.enrollment_id, r.id, "export");
    }
    WriteCsvRecord(out, row);
    ++rows;
  }
  AppendAudit(tx, actor, health ? "peer.export.health" : "peer.export", "program", program_id,
              program_id, "", json{{"rows", rows}, {"health", health}}.dump());
  tx.Commit();
  return out.str();
}

}  // namespace tandem::service
