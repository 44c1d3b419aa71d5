// Use cases on a program's people: invitations, applications, approval,
// withdrawal, profiles and preferences.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/enrollment.h"
#include "core/participant.h"
#include "core/program.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// A page of the enrollments the actor may see in a program, oldest first, with
// the counts of every page (`query` filters, searches and pages: see
// EnrollmentQuery): all of them for a coordinator; for a mentor or mentee
// their own and their partners' (from pairs that are not dissolved);
// evaluators see none (kPermissionDenied: they get aggregates). A person
// always sees their own enrollments, whatever their status (an applicant sees
// the application). kPermissionDenied for someone not enrolled, kNotFound for
// an unknown program.
EnrollmentPage ListEnrollments(store::Database& db, const Actor& actor, std::int64_t program_id,
                               const EnrollmentQuery& query = {});

// One enrollment, under the same visibility as ListEnrollments. kNotFound when
// it does not exist, kPermissionDenied when the actor may not see it.
Enrollment GetEnrollment(store::Database& db, const Actor& actor, std::int64_t enrollment_id);

// One of the actor's own enrollments, with the program's name.
struct MyEnrollment {
  Enrollment enrollment;
  std::string program_name;
  ProgramKind program_kind = ProgramKind::kCohort;
};

// Every enrollment of the signed-in actor in any program and any status
// (invited, applied, active, withdrawn), oldest first: what "my programs"
// shows. Empty for the command line. kUnauthenticated when anonymous.
std::vector<MyEnrollment> ListMyEnrollments(store::Database& db, const Actor& actor);

struct Invitation {
  std::string email;
  std::string name;
  Role role = Role::kMentee;
  int capacity = 1;
  std::string participant_id;  // optional; default derived from the e-mail
};

struct InvitationSent {
  Enrollment enrollment;  // status invited until the person accepts
  // The one-time link written to the outbox, valid 14 days. Also given to
  // the inviter (to pass on by hand until e-mail sending lands) only when the
  // account is new or one the inviter may still edit
  // (service::CoordinatorMayEditAccount) — or needs its current password to
  // accept. Otherwise only the outbox has it: whoever holds the link of an
  // account without a password chooses that account's password.
  std::string link;
  bool link_for_inviter = false;
};

// For other use cases, inside their transaction: a one-time invitation
// token (14 days) for `enrollment_id` and its message to `user` in the
// outbox. Returns the link.
std::string SendInvitation(store::Transaction& tx, const Program& program, const User& user,
                           std::int64_t enrollment_id, Role role);

// Invites a person to the program in a role (coordinator or admin): creates
// the user when the e-mail is new, an enrollment with status invited (the
// person accepts with the link: choosing a password, or with their current
// one), a one-time token, and an outbox message (docs/accounts.md). The participant id defaults to
// the e-mail's local part, made unique in the program. Throws kInvalidArgument naming the field,
// kConflict when the person already holds that role there, kFailedPrecondition for a closed
// program.
InvitationSent InviteToProgram(store::Database& db, const Actor& actor, std::int64_t program_id,
                               const Invitation& invitation);

// A signed-in user applies to a program that is enrolling, as mentor or
// mentee: an enrollment with status applied that a coordinator approves.
// Throws kFailedPrecondition when the program is not enrolling, kConflict
// when already enrolled in that role, kInvalidArgument (field "role").
Enrollment Apply(store::Database& db, const Actor& actor, std::int64_t program_id, Role role);

// A coordinator approves an application (applied -> active). Throws
// kFailedPrecondition for any other status.
Enrollment Approve(store::Database& db, const Actor& actor, std::int64_t enrollment_id);

// Withdraws an enrollment (the person themselves or a coordinator), keeping
// its history; `reason` is audited. The person's proposed and active pairs
// are dissolved with it (reason "<participant id> withdrew: <reason>"), so
// partners are free to be matched again.
Enrollment Withdraw(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                    const std::string& reason);

// The profile behind an enrollment, as a Participant (id = participant id).
// Visible to the person, a coordinator, and their pair partner (not
// dissolved) — a partner without prefer, avoid, background and match_on.
// kNotFound when absent, kPermissionDenied when not visible.
Participant GetProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id);

// Replaces the profile (the person or a coordinator). Validated like a CSV
// row (time zone, tags, availability, capacity 1..1000 — 0 keeps the current
// one — match_on keys present in background); `profile.id`, `role` and
// `prefer`/`avoid` are ignored (preferences have their own call). Throws
// kInvalidArgument naming the field ("time_zone", "availability[0].minutes",
// ...), kFailedPrecondition (field "capacity") for
// a capacity below the person's open pairs, kPermissionDenied (field "name")
// for renaming someone else's claimed or shared account. The answers to the
// program's questions are checked (CheckAnswers: kInvalidArgument naming
// "answers.<code>"); `answers_given` false keeps the stored answers.
Participant SaveProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                        const Participant& profile, bool answers_given = true);

// Replaces ranked preferences and exclusions (participant ids of the other
// side in the same program). The person or a coordinator. Throws
// kInvalidArgument (field "prefer" / "avoid") for unknown ids or the wrong side.
void SetPreferences(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                    const std::vector<std::string>& prefer, const std::vector<std::string>& avoid);

}  // namespace tandem::service
