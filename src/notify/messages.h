// The text of the messages Tandem writes to people (invitations, password
// resets): one function per kind of message, pure (no I/O, no clock), so
// that every wording is tested for every role and kind of program.
#pragma once

#include <string>
#include <string_view>

#include "core/participant.h"
#include "core/program.h"

namespace tandem::notify {

struct Message {
  std::string subject;
  std::string body;  // plain text, lines ending in "\n"
};

// `noun` with its indefinite article: "a mentee", "an evaluator", "a
// volunteer". Chosen by the first letter's sound for the words Tandem uses
// (a vowel letter takes "an").
std::string WithArticle(std::string_view noun);

// What a person in `role` is called in a program of `kind`: "mentor",
// "mentee", "coordinator", "evaluator"; in peer support "volunteer" and
// "person looking for support".
std::string RoleNoun(Role role, ProgramKind kind);

struct InvitationText {
  std::string name;  // the person invited
  std::string program_name;
  ProgramKind program_kind = ProgramKind::kCohort;
  Role role = Role::kMentee;
  bool needs_password = true;  // false when the account already has a password
  std::string link;            // the one-time invitation link
  int valid_days = 14;
};

// The invitation to a program.
Message InvitationMessage(const InvitationText& text);

// The password-reset message with its one-time `link`, valid for an hour.
Message PasswordResetMessage(const std::string& name, const std::string& link);

struct IntroductionText {
  std::string name;  // the person written to
  std::string program_name;
  ProgramKind program_kind = ProgramKind::kCohort;
  Role partner_role = Role::kMentor;
  std::string partner_name;
  std::string partner_email;  // "" when the partner has none
  std::string
      partner_institution;  // left out in peer support (it can tell where someone is treated)
  std::string partner_profile_link;
  std::string pair_link;
  int cadence_days = 30;
};

// Introduces one member of a new pair to the other: who they are, how to
// reach them, where their profile and the pair page are, how often the
// program expects them to meet, and to plan the first meeting.
Message IntroductionMessage(const IntroductionText& text);

// A UTC time ("2027-01-12T09:00:00Z") as a message writes it when the
// reader's zone is unknown: "2027-01-12 09:00 UTC". Shorter text is kept.
std::string ReadableUtc(const std::string& iso);

// A mentee's request to a mentor (docs/matching.md#requests), as the mentor
// reads it: who asks, their note, until when to answer and where.
struct MentorRequestText {
  std::string name;  // the mentor
  std::string mentee_name;
  std::string program_name;
  std::string note;       // may be empty
  std::string answer_by;  // a date as people read it, "12 January 2027"
  std::string link;       // the request's page in the app
};
Message MentorRequestMessage(const MentorRequestText& text);

// What became of a request, for the person written to. `other` is the
// other person's name, `link` where to go next (the shortlist or the
// requests page).
struct RequestOutcomeText {
  std::string name;
  std::string other;
  std::string program_name;
  std::string link;
  std::string reason_text;  // declined: the kind sentence of the reason
  std::string message;      // declined: the mentor's own words, may be empty
};
// To the mentee: the mentor declined.
Message RequestDeclinedMessage(const RequestOutcomeText& text);
// To the mentee: the mentor did not answer in time.
Message RequestExpiredMessage(const RequestOutcomeText& text);
// A request withdrawn, `why` one of core/mentor_request.h's kWithdrawn*: to
// the mentor for "paired", "by_mentee" and "closed"; to the mentee for
// "mentor_full".
Message RequestWithdrawnMessage(const RequestOutcomeText& text, std::string_view why);

// Peer support (docs/peer-support.md). To the person who asked: their
// request is received, and where to follow it (no account needed).
Message PeerRequestReceivedMessage(const std::string& name, const std::string& program_name,
                                   const std::string& follow_link);
// To a volunteer: someone could use their support. `summary` is what they
// need to decide, never the full health details; `link` answers it.
Message PeerOfferMessage(const std::string& name, const std::string& program_name,
                         const std::string& summary, const std::string& respond_by,
                         const std::string& link);
// To each of the two, once the volunteer accepted: who the other is and how
// to reach them (only the ways they agreed to).
Message PeerIntroductionMessage(const std::string& name, const std::string& program_name,
                                const std::string& other_name, bool to_volunteer,
                                const std::string& contact_lines);
// "Did you and … connect?" with a yes and a no link, `weeks` after the introduction.
Message PeerCheckinMessage(const std::string& name, const std::string& other_name, int weeks,
                           const std::string& yes_link, const std::string& no_link);

// A meeting as its messages describe it; `when` is already in the reader's
// own zone ("Tue 12 Jan 2027, 09:00 CST (America/Chicago)").
struct MeetingText {
  std::string name;     // the person written to
  std::string partner;  // the other member's name
  std::string when;
  int minutes = 45;
  std::string how;  // "Video call", "Phone call", "In person"
  std::string location;
  std::string agenda;
  std::string note;       // the latest change's note
  std::string pair_link;  // the pair page
};

// A change to a meeting, with the calendar entry attached: `what` completes
// "Your meeting with X ..." ("is proposed", "has a new time", "is cancelled").
Message MeetingChangeMessage(const MeetingText& text, const std::string& what);
// The reminder a day before.
Message MeetingReminderMessage(const MeetingText& text);
// The prompt to log a meeting after its time.
Message MeetingLogPromptMessage(const MeetingText& text);

// A friendly nudge to a pair that has not met for `days` days.
Message PairNudgeMessage(const std::string& name, const std::string& partner,
                         const std::string& program_name, int days, const std::string& pair_link);
// A program event for one invitee, the time in their own zone.
struct EventText {
  std::string name;
  std::string program_name;
  std::string title;
  std::string when;  // "Tue 12 Jan 2027, 09:00 CST (America/Chicago)"
  int minutes = 60;
  std::string location;
  std::string description;
  bool required = false;
  std::string link;  // the person's home page
};
// `what` completes "<title> ..." ("is planned", "has changed", "is cancelled").
Message ProgramEventMessage(const EventText& text, const std::string& what);
// The recording of an event the person missed.
Message EventRecordingMessage(const std::string& name, const std::string& program_name,
                              const std::string& title, bool required, const std::string& url);

// Asks a member of a pair that started `days` days ago to sign the pair's
// mentoring agreement.
Message AgreementNudgeMessage(const std::string& name, const std::string& partner,
                              const std::string& program_name, int days,
                              const std::string& pair_link);
// Tells a member that both have signed revision `revision` of the agreement.
Message AgreementSignedMessage(const std::string& name, const std::string& partner,
                               const std::string& program_name, int revision,
                               const std::string& pair_link);
// Tells a coordinator that a pair has stalled: no meeting for `days` days,
// or two no-shows in a row.
Message StalledPairMessage(const std::string& coordinator, const std::string& mentee,
                           const std::string& mentor, const std::string& program_name, int days,
                           bool no_shows, const std::string& pair_link);

// A survey to answer, and the reminder while it is unanswered: what it is
// for, how the answers are kept (`anonymity` as in core/survey.h, said in
// plain words), when it closes (`closes`, a date) and the link.
struct SurveyText {
  std::string name;
  std::string program_name;
  std::string survey_title;
  std::string anonymity;
  std::string closes;
  std::string link;
};
Message SurveyInvitationMessage(const SurveyText& text);
Message SurveyReminderMessage(const SurveyText& text);
// What a respondent is told about a survey's anonymity (also on its first page).
std::string AnonymityStatement(std::string_view anonymity);

}  // namespace tandem::notify
