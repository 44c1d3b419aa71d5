#include "service/enrollments.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/account.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "notify/messages.h"
#include "service/accounts.h"
#include "service/accounts_internal.h"
#include "service/authorization.h"
#include "service/mentor_choice.h"
#include "service/pairs.h"
#include "service/peer_support.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "service/vocabulary.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"
#include "store/token_repository.h"
#include "store/user_repository.h"
#include "store/vocabulary_repository.h"

namespace tandem::service {
namespace {

constexpr std::chrono::seconds kInvitationValidity{14 * 24 * 60 * 60};

Enrollment RequireEnrollment(store::Transaction& tx, std::int64_t enrollment_id,
                             store::RowLock lock = store::RowLock::kNone) {
  auto e = store::EnrollmentRepository(tx).Find(enrollment_id, lock);
  if (!e) throw NotFound("enrollment " + std::to_string(enrollment_id) + " does not exist");
  return *e;
}

bool IsOwn(const Actor& actor, const Enrollment& e) {
  return actor.user_id && *actor.user_id == e.user_id;
}

// What the actor may see in one program.
struct Visibility {
  ProgramAccess access;
  bool all = false;                // a coordinator (or admin)
  std::set<std::int64_t> visible;  // own active mentor/mentee enrollments and their partners
};

Visibility VisibilityIn(store::Transaction& tx, const Actor& actor, std::int64_t program_id) {
  Visibility v;
  v.access = AccessTo(tx, actor, program_id);
  v.all = v.access.coordinator;
  if (v.all) return v;
  std::vector<std::int64_t> own = v.access.mentor_enrollments;
  own.insert(own.end(), v.access.mentee_enrollments.begin(), v.access.mentee_enrollments.end());
  v.visible.insert(own.begin(), own.end());
  for (std::int64_t partner : store::EnrollmentRepository(tx).PartnersOf(own)) {
    v.visible.insert(partner);
  }
  return v;
}

// The enrollment, when the actor may see it: coordinator, its person, or a pair partner.
Enrollment RequireVisible(store::Transaction& tx, const Actor& actor, std::int64_t enrollment_id) {
  RequireSignedIn(actor);
  Enrollment e = RequireEnrollment(tx, enrollment_id);
  if (IsOwn(actor, e)) return e;
  const Visibility v = VisibilityIn(tx, actor, e.program_id);
  if (v.all || v.visible.count(e.id)) return e;
  throw Error(ErrorCode::kPermissionDenied, "you may not see this enrollment");
}

// The enrollment, when the actor may change it: its person or a coordinator.
Enrollment RequireEditable(store::Transaction& tx, const Actor& actor, std::int64_t enrollment_id,
                           const char* what, store::RowLock lock = store::RowLock::kNone) {
  RequireSignedIn(actor);
  Enrollment e = RequireEnrollment(tx, enrollment_id, lock);
  if (IsOwn(actor, e)) return e;
  RequireCoordinator(AccessTo(tx, actor, e.program_id), what);
  return e;
}

std::string EnrollmentJson(const Enrollment& e) {
  return nlohmann::json{{"id", e.id},
                        {"program_id", e.program_id},
                        {"user_id", e.user_id},
                        {"role", RoleName(e.role)},
                        {"participant_id", e.participant_id},
                        {"status", EnrollmentStatusName(e.status)},
                        {"capacity", e.capacity}}
      .dump();
}

// A profile as the audit log records it: keys in alphabetical order, as the
// earlier records (a tree's dump) have them, written without a tree — every
// profile save writes two of these. Its text is valid UTF-8 (ValidateProfile
// and the API's strict reading see to it; the writer would replace a bad byte
// where the tree's dump threw).
std::string ProfileJson(const Participant& p) {
  std::map<std::string_view, std::string_view> background;  // sorted; a repeated key keeps its last
  for (const BackgroundTag& t : p.background) background[t.key] = t.value;
  JsonWriter w;
  w.BeginObject().Key("answers").BeginObject();
  for (const auto& [question, values] : p.answers) w.Key(question).Strings(values);
  w.EndObject().Key("availability").BeginArray();
  for (const WeeklyWindow& window : p.availability) {
    w.BeginObject().Key("minutes").Int(window.minutes);
    w.Key("start_minute").Int(window.start).EndObject();
  }
  w.EndArray().Key("avoid").Strings(p.avoid).Key("background").BeginObject();
  for (const auto& [key, value] : background) w.Key(key).String(value);
  w.EndObject();
  w.Key("bio").String(p.bio).Key("capacity").Int(p.capacity);
  w.Key("career_stage").String(p.career_stage).Key("goals").Strings(p.goals);
  w.Key("institution").String(p.institution).Key("interests").Strings(p.interests);
  w.Key("languages").Strings(p.languages).Key("match_on").Strings(p.match_on);
  w.Key("name").String(p.name).Key("participant_id").String(p.id);
  w.Key("prefer").Strings(p.prefer).Key("role").String(RoleName(p.role));
  w.Key("specialties").Strings(p.specialties).Key("time_zone").String(p.time_zone);
  w.Key("years_experience");
  if (p.years_experience) {
    w.Int(*p.years_experience);
  } else {
    w.Null();
  }
  return w.EndObject().Take();
}

void Audit(store::Transaction& tx, const Actor& actor, const char* action, const Enrollment& e,
           const std::string& before, const std::string& after) {
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = action,
                              .entity = "enrollment",
                              .entity_id = e.id,
                              .program_id = e.program_id,
                              .before_json = before,
                              .after_json = after});
}

// A participant id for a new enrollment: the e-mail's local part (or "user<id>")
// reduced to letters, digits, '.', '-' and '_', made unique in the program.
std::string DeriveParticipantId(store::EnrollmentRepository& enrollments, std::int64_t program_id,
                                const std::string& email, std::int64_t user_id) {
  std::string base;
  for (char c : email.substr(0, email.find('@'))) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
      base.push_back(c);
    }
  }
  base = base.substr(0, 40);
  if (base.empty()) base = "user" + std::to_string(user_id);
  std::string id = base;
  for (int n = 2; enrollments.ParticipantIdTaken(program_id, id); ++n) {
    id = base + "-" + std::to_string(n);
  }
  return id;
}

}  // namespace

EnrollmentPage ListEnrollments(store::Database& db, const Actor& actor, std::int64_t program_id,
                               const EnrollmentQuery& query) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  const Visibility v = VisibilityIn(tx, actor, program_id);
  store::EnrollmentRepository enrollments(tx);
  EnrollmentPage page;
  if (v.all && query.text.empty()) {
    // A coordinator's listing, paged by the database: a program's thousands
    // of people are not read for a page of fifty.
    const store::EnrollmentFilter filter{query.role, query.status, query.offset, query.limit};
    page.enrollments = enrollments.List(program_id, filter);
    page.counts = enrollments.Count(program_id, filter);
    tx.Commit();
    return page;
  }
  std::vector<Enrollment> all = enrollments.List(program_id, {query.role, query.status});
  if (!v.all) {
    // Members see their own enrollments and their partners'; someone whose
    // only enrollment is not active (invited, applied, withdrawn) sees just it.
    if (v.visible.empty()) {
      if (v.access.evaluator) {
        throw Error(ErrorCode::kPermissionDenied,
                    "evaluators see aggregates (the program summary), not enrollments");
      }
      bool enrolled = false;
      if (actor.user_id) {
        for (const Enrollment& e : enrollments.ListByUser(*actor.user_id)) {
          enrolled = enrolled || e.program_id == program_id;
        }
      }
      if (!enrolled) {
        throw Error(ErrorCode::kPermissionDenied, "you are not a member of this program");
      }
    }
    std::erase_if(
        all, [&](const Enrollment& e) { return !IsOwn(actor, e) && v.visible.count(e.id) == 0; });
  }
  tx.Commit();
  // A search (names are compared as FoldCase compares them, which SQL cannot
  // do the same way on both databases) or a member's few: paged here.
  return PageOf(std::move(all), query);
}

Enrollment GetEnrollment(store::Database& db, const Actor& actor, std::int64_t enrollment_id) {
  store::Transaction tx = db.Begin(false);
  Enrollment e = RequireVisible(tx, actor, enrollment_id);
  tx.Commit();
  return e;
}

std::string SendInvitation(store::Transaction& tx, const Program& program, const User& user,
                           std::int64_t enrollment_id, Role role) {
  const std::string token = internal::NewToken();
  const SysSeconds now = tx.now();
  store::TokenRepository(tx).RevokeInvitationsTo(enrollment_id, FormatUtc(now));  // only the newest
  store::TokenRepository(tx).Insert({.token_hash = internal::HashToken(token),
                                     .kind = "invitation",
                                     .user_id = user.id,
                                     .enrollment_id = enrollment_id,
                                     .created_at = FormatUtc(now),
                                     .expires_at = FormatUtc(now + kInvitationValidity)});
  const std::string link = PublicBaseUrl() + "/invitations/" + token;
  const notify::Message message = notify::InvitationMessage(
      {.name = user.name,
       .program_name = program.name,
       .program_kind = program.kind,
       .role = role,
       .needs_password = !user.has_password,
       .link = link,
       .valid_days = static_cast<int>(kInvitationValidity.count() / (24 * 60 * 60))});
  store::Outbox(tx).Add({.to_address = user.email,
                         .subject = message.subject,
                         .body = message.body,
                         .kind = "invitation"});
  return link;
}

InvitationSent InviteToProgram(store::Database& db, const Actor& actor, std::int64_t program_id,
                               const Invitation& invitation) {
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "invite people");
  RequireOpen(program);
  const std::string email = NormalizeEmail(invitation.email);
  const std::string name(Trim(invitation.name));
  if (name.empty()) throw InvalidArgument("a name is required", "name");
  CheckText(name, "name", 200);
  if (invitation.capacity < 1 || invitation.capacity > kMaxCapacity) {
    throw InvalidArgument("capacity must be from 1 to " + std::to_string(kMaxCapacity), "capacity");
  }
  const std::string participant_id(Trim(invitation.participant_id));
  if (!participant_id.empty()) CheckParticipantId(participant_id);

  store::UserRepository users(tx);
  store::EnrollmentRepository enrollments(tx);
  User user;
  // Sends the invitation to enrollment `id` (now invited), audits and commits.
  const auto send = [&](std::int64_t id, const char* action, const std::string& before_json) {
    InvitationSent sent;
    sent.link = SendInvitation(tx, program, user, id, invitation.role);
    sent.link_for_inviter = user.has_password || CoordinatorMayEditAccount(tx, program_id, user.id);
    sent.enrollment = *enrollments.Find(id);
    Audit(tx, actor, action, sent.enrollment, before_json, EnrollmentJson(sent.enrollment));
    tx.Commit();
    return sent;
  };
  auto account = users.FindByEmail(email);
  if (account) {
    user = account->user;
    if (user.disabled) throw FailedPrecondition("the account of " + email + " is disabled");
    if (auto held = enrollments.FindByUser(program_id, user.id, invitation.role);
        held && held->status == EnrollmentStatus::kWithdrawn) {
      // Someone who withdrew is invited back: the same enrollment (id,
      // profile, history), invited again until they accept.
      enrollments.SetStatus(held->id, EnrollmentStatus::kInvited);
      return send(held->id, "enrollment.reinvite", EnrollmentJson(*held));
    } else if (held) {
      throw Error(ErrorCode::kConflict,
                  email + " is already enrolled as " + std::string(RoleName(invitation.role)) +
                      " (status " + std::string(EnrollmentStatusName(held->status)) + ")",
                  "email");
    }
  } else {
    user.email = email;
    user.name = name;
    user.id = users.Insert(user, "");
    store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                                .actor = actor.label,
                                .action = "user.create",
                                .entity = "user",
                                .entity_id = user.id,
                                .program_id = program_id,
                                .after_json = internal::UserJson(*users.Find(user.id))});
  }
  if (!participant_id.empty() && enrollments.ParticipantIdTaken(program_id, participant_id)) {
    throw Error(ErrorCode::kConflict,
                "participant id \"" + participant_id + "\" is taken in this program",
                "participant_id");
  }
  Enrollment e;
  e.program_id = program_id;
  e.user_id = user.id;
  e.role = invitation.role;
  e.participant_id = participant_id.empty()
                         ? DeriveParticipantId(enrollments, program_id, email, user.id)
                         : participant_id;
  // Everyone accepts: a person with an account proves it with their password.
  e.status = EnrollmentStatus::kInvited;
  e.capacity = invitation.capacity;
  e.id = enrollments.Insert(e);
  return send(e.id, "enrollment.invite", "");
}

Enrollment Apply(store::Database& db, const Actor& actor, std::int64_t program_id, Role role) {
  RequireSignedIn(actor);
  if (role != Role::kMentor && role != Role::kMentee) {
    throw InvalidArgument("apply as mentor or mentee", "role");
  }
  if (!actor.user_id) {
    throw FailedPrecondition("only a signed-in person can apply (not the command line)");
  }
  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  if (program.status != ProgramStatus::kEnrolling) {
    // To anyone else the program is as closed as its GET: no name, no status.
    if (!AccessTo(tx, actor, program_id).member()) {
      throw Error(ErrorCode::kPermissionDenied, "you are not a member of this program");
    }
    throw FailedPrecondition("program \"" + program.name + "\" is not taking applications (it is " +
                             std::string(ProgramStatusName(program.status)) + ")");
  }
  store::EnrollmentRepository enrollments(tx);
  if (auto held = enrollments.FindByUser(program_id, *actor.user_id, role)) {
    throw Error(ErrorCode::kConflict,
                "you are already enrolled as " + std::string(RoleName(role)) + " (status " +
                    std::string(EnrollmentStatusName(held->status)) + ")",
                "role");
  }
  const auto user = store::UserRepository(tx).Find(*actor.user_id);
  if (!user) throw NotFound("user " + std::to_string(*actor.user_id) + " does not exist");
  Enrollment e;
  e.program_id = program_id;
  e.user_id = user->id;
  e.role = role;
  e.participant_id = DeriveParticipantId(enrollments, program_id, user->email, user->id);
  e.status = EnrollmentStatus::kApplied;
  e.id = enrollments.Insert(e);
  const Enrollment stored = *enrollments.Find(e.id);
  Audit(tx, actor, "enrollment.apply", stored, "", EnrollmentJson(stored));
  tx.Commit();
  return stored;
}

Enrollment Approve(store::Database& db, const Actor& actor, std::int64_t enrollment_id) {
  store::Transaction tx = db.Begin();
  const Enrollment before = RequireEnrollment(tx, enrollment_id, store::RowLock::kForUpdate);
  RequireCoordinator(AccessTo(tx, actor, before.program_id), "approve applications");
  RequireOpen(RequireProgram(tx, before.program_id));
  if (before.status != EnrollmentStatus::kApplied) {
    throw FailedPrecondition("only an application can be approved; this enrollment is " +
                             std::string(EnrollmentStatusName(before.status)));
  }
  store::EnrollmentRepository enrollments(tx);
  enrollments.SetStatus(before.id, EnrollmentStatus::kActive);
  const Enrollment after = *enrollments.Find(before.id);
  Audit(tx, actor, "enrollment.approve", after, EnrollmentJson(before), EnrollmentJson(after));
  tx.Commit();
  return after;
}

Enrollment Withdraw(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                    const std::string& reason) {
  const std::string why(Trim(reason));
  CheckText(why, "reason", 1000, true);
  store::Transaction tx = db.Begin();
  const Enrollment before = RequireEditable(tx, actor, enrollment_id, "withdraw other people",
                                            store::RowLock::kForUpdate);
  if (!CanTransition(before.status, EnrollmentStatus::kWithdrawn)) {
    throw FailedPrecondition("this enrollment is already withdrawn");
  }
  store::EnrollmentRepository enrollments(tx);
  enrollments.SetStatus(before.id, EnrollmentStatus::kWithdrawn);
  const Enrollment after = *enrollments.Find(before.id);
  nlohmann::json after_json = nlohmann::json::parse(EnrollmentJson(after));
  after_json["reason"] = why;
  Audit(tx, actor, "enrollment.withdraw", after, EnrollmentJson(before), after_json.dump());
  store::TokenRepository(tx).RevokeInvitationsTo(before.id, tx.now_text());
  NoteVolunteerChange(tx, before.program_id, before.id);
  // Their pairs end with them; the partners' capacity is free again.
  DissolveOpenPairsOf(tx, actor, before.id,
                      why.empty() ? before.participant_id + " withdrew from the program"
                                  : before.participant_id + " withdrew: " + why);
  tx.Commit();
  return after;
}

Participant GetProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id) {
  RequireSignedIn(actor);
  store::Transaction tx = db.Begin(false);
  const Enrollment e = RequireEnrollment(tx, enrollment_id);
  // Their person and the coordinators see the whole profile. Whom they
  // preferred or avoided, and their background (gender, URiM, ...), are for
  // matching: a pair partner, a mentor asked by a mentee choosing, and a
  // mentee choosing among mentors see the rest, and those parts are not even
  // read for them.
  bool whole = IsOwn(actor, e);
  if (!whole) {
    const Visibility v = VisibilityIn(tx, actor, e.program_id);
    whole = v.all;
    if (!whole && !v.visible.count(e.id) && !MayReadProfileForChoosing(tx, actor, e)) {
      throw Error(ErrorCode::kPermissionDenied, "you may not see this enrollment");
    }
  }
  using Parts = store::ParticipantRepository::Parts;
  auto profile = store::ParticipantRepository(tx).LoadProfile(
      enrollment_id, whole ? Parts::kWhole : Parts::kShared);
  if (!profile) throw NotFound("enrollment " + std::to_string(enrollment_id) + " has no profile");
  tx.Commit();
  return *profile;
}

Participant SaveProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                        const Participant& profile, bool answers_given) {
  store::Transaction tx = db.Begin();
  const Enrollment e = RequireEditable(tx, actor, enrollment_id, "change other people's profiles");
  if (e.status == EnrollmentStatus::kWithdrawn) {
    throw FailedPrecondition("this enrollment is withdrawn; its profile is kept as it was");
  }
  Participant input = profile;
  if (input.capacity == 0) input.capacity = e.capacity;  // not given: kept
  const Participant valid = ValidateProfile(input);
  store::ParticipantRepository participants(tx);
  const auto before = participants.LoadProfile(enrollment_id);
  Participant checked = valid;
  if (!answers_given) checked.answers = before ? before->answers : decltype(checked.answers){};
  // The answers are checked against the program's questions (its vocabulary's
  // taxonomy is not needed here).
  const std::vector<IntakeQuestion> questions =
      store::VocabularyRepository(tx).Questions(e.program_id);
  for (const AnswerProblem& problem : CheckAnswers(questions, e.role, checked.answers)) {
    throw InvalidArgument(problem.reason, "answers." + problem.question);
  }
  // Open pairs hold their places: capacity cannot drop below them.
  const int open = store::PairRepository(tx).OpenPairsOf(enrollment_id);
  if (valid.capacity < open) {
    throw Error(ErrorCode::kFailedPrecondition,
                "capacity " + std::to_string(valid.capacity) + " is below the " +
                    std::to_string(open) + " open pairs; complete or dissolve one first",
                "capacity");
  }
  // A person's name is their account's, shared by every program: a
  // coordinator may set it only on an account nobody has claimed and no
  // other program uses.
  if (before && valid.name != before->name && !IsOwn(actor, e) &&
      !CoordinatorMayEditAccount(tx, e.program_id, e.user_id)) {
    throw Error(ErrorCode::kPermissionDenied,
                "only " + before->name + " can change their name (it is their account's)", "name");
  }
  // What is stored after the save: the saved fields as written, and what a
  // save does not touch (participant id, role, e-mail, prefer/avoid) as it
  // was. Reading it back gives the same (asserted in debug builds).
  Participant after = checked;
  if (before) {
    after.id = before->id;
    after.role = before->role;
    after.email = before->email;
    after.prefer = before->prefer;
    after.avoid = before->avoid;
  }
  std::erase_if(after.answers, [](const auto& answer) { return answer.second.empty(); });
  if (before && after == *before) {
    tx.Commit();  // the profile was this already: nothing happened, nothing to audit
    return after;
  }
  participants.SaveProfile(enrollment_id, checked, before ? &*before : nullptr);
  NoteVolunteerChange(tx, e.program_id, enrollment_id);  // capacity, for peer suggestions
  assert(after == *participants.LoadProfile(enrollment_id));
  Audit(tx, actor, "profile.update", e, before ? ProfileJson(*before) : "", ProfileJson(after));
  tx.Commit();
  return after;
}

void SetPreferences(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                    const std::vector<std::string>& prefer, const std::vector<std::string>& avoid) {
  store::Transaction tx = db.Begin();
  const Enrollment e =
      RequireEditable(tx, actor, enrollment_id, "change other people's preferences");
  if (e.role != Role::kMentor && e.role != Role::kMentee) {
    throw FailedPrecondition("only mentors and mentees have preferences");
  }
  if (e.status == EnrollmentStatus::kWithdrawn) {
    throw FailedPrecondition("this enrollment is withdrawn");
  }
  store::EnrollmentRepository enrollments(tx);
  std::set<std::string> named;
  const auto resolve = [&](const std::vector<std::string>& ids, const char* list) {
    if (ids.size() > 50) throw InvalidArgument("at most 50 people", list);
    std::vector<std::int64_t> out;
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::string field = std::string(list) + "[" + std::to_string(i) + "]";
      const std::string id(Trim(ids[i]));
      const auto other = enrollments.FindByParticipantId(e.program_id, id);
      if (!other || (other->role != Role::kMentor && other->role != Role::kMentee)) {
        throw InvalidArgument("unknown participant id \"" + id + "\"", field);
      }
      if (other->id == e.id) throw InvalidArgument("a person cannot name themselves", field);
      if (other->role == e.role) {
        throw InvalidArgument("\"" + id + "\" is a " + std::string(RoleName(e.role)) +
                                  " too: name people on the other side",
                              field);
      }
      if (other->status == EnrollmentStatus::kWithdrawn) {
        throw InvalidArgument("\"" + id + "\" has withdrawn", field);
      }
      if (!named.insert(id).second) {
        throw InvalidArgument("\"" + id + "\" is named twice", field);
      }
      out.push_back(other->id);
    }
    return out;
  };
  const std::vector<std::int64_t> prefer_ids = resolve(prefer, "prefer");
  const std::vector<std::int64_t> avoid_ids = resolve(avoid, "avoid");
  store::ParticipantRepository participants(tx);
  const auto before = participants.LoadPreferences(enrollment_id);
  if (!participants.SavePreferences(enrollment_id, prefer_ids, avoid_ids)) {
    tx.Commit();  // the lists were these already: nothing happened, nothing to audit
    return;
  }
  const auto after = participants.LoadPreferences(enrollment_id);
  const auto lists = [](const store::ParticipantRepository::PreferenceLists& p) {
    return nlohmann::json{{"prefer", p.prefer}, {"avoid", p.avoid}}.dump();
  };
  Audit(tx, actor, "preferences.update", e, lists(before), lists(after));
  tx.Commit();
}

std::vector<MyEnrollment> ListMyEnrollments(store::Database& db, const Actor& actor) {
  RequireSignedIn(actor);
  std::vector<MyEnrollment> out;
  if (!actor.user_id) return out;
  store::Transaction tx = db.Begin(false);
  store::ProgramRepository programs(tx);
  std::map<std::int64_t, store::ProgramRepository::Label> labels;
  for (Enrollment& e : store::EnrollmentRepository(tx).ListByUser(*actor.user_id)) {
    auto it = labels.find(e.program_id);
    if (it == labels.end()) {
      it =
          labels
              .emplace(e.program_id,
                       programs.FindLabel(e.program_id).value_or(store::ProgramRepository::Label{}))
              .first;
    }
    out.push_back({std::move(e), it->second.name, it->second.kind});
  }
  tx.Commit();
  return out;
}

}  // namespace tandem::service
