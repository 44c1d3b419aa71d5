#include "notify/messages.h"

namespace tandem::notify {

std::string WithArticle(std::string_view noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(noun);
}

std::string RoleNoun(Role role, ProgramKind kind) {
  if (kind == ProgramKind::kPeerSupport) {
    if (role == Role::kMentor) return "volunteer";
    if (role == Role::kMentee) return "person looking for support";
  }
  return std::string(RoleName(role));
}

Message InvitationMessage(const InvitationText& t) {
  Message m;
  m.subject = "You are invited to " + t.program_name + " on Tandem";
  m.body = "Hello " + t.name + ",\n\nYou are invited to take part in " + t.program_name + " as " +
           WithArticle(RoleNoun(t.role, t.program_kind)) + ". To accept" +
           (t.needs_password ? " and choose your password" : "") + ", open this link within " +
           std::to_string(t.valid_days) + " days:\n\n" + t.link +
           "\n\nThe link works once. If you were not expecting this, ignore this message.\n";
  return m;
}

Message PasswordResetMessage(const std::string& name, const std::string& link) {
  Message m;
  m.subject = "Reset your Tandem password";
  m.body = "Hello " + name +
           ",\n\nSomeone (we hope you) asked to reset the password of your Tandem account. To "
           "choose a new password, open this link within the next hour:\n\n" +
           link +
           "\n\nThe link works once. If you did not ask for this, ignore this message: your "
           "password stays as it is.\n";
  return m;
}

Message IntroductionMessage(const IntroductionText& t) {
  const std::string role = RoleNoun(t.partner_role, t.program_kind);
  const bool peer = t.program_kind == ProgramKind::kPeerSupport;
  Message m;
  m.subject = "Meet your " + role + " in " + t.program_name + ": " + t.partner_name;
  std::string body = "Hello " + t.name + ",\n\n" + t.program_name + " has paired you with " +
                     t.partner_name + ", your " + role + ".\n\n";
  if (!peer && !t.partner_institution.empty()) {
    body += t.partner_name + " is at " + t.partner_institution + ".\n";
  }
  if (!t.partner_email.empty()) body += "E-mail: " + t.partner_email + "\n";
  body += "Profile: " + t.partner_profile_link + "\n\n";
  body += "The program asks pairs to meet about every " + std::to_string(t.cadence_days) +
          " days. Plan your first meeting on your pair's page, which shows the times you are "
          "both free:\n" +
          t.pair_link + "\n\nYour program coordinator is there if you have any questions.\n";
  m.body = body;
  return m;
}

std::string ReadableUtc(const std::string& iso) {
  if (iso.size() < 16) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

Message MentorRequestMessage(const MentorRequestText& t) {
  Message m;
  m.subject = t.mentee_name + " asks you to be their mentor in " + t.program_name;
  std::string body = "Hello " + t.name + ",\n\n" + t.mentee_name +
                     " would like you to be their mentor in " + t.program_name + ".\n";
  if (!t.note.empty()) body += "\nTheir note:\n" + t.note + "\n";
  body += "\nPlease accept or decline by " + t.answer_by +
          "; after that the request lapses and they choose someone else. Their profile and "
          "your answer are here:\n" +
          t.link + "\n";
  m.body = body;
  return m;
}

Message RequestDeclinedMessage(const RequestOutcomeText& t) {
  Message m;
  m.subject = t.other + " cannot be your mentor in " + t.program_name;
  std::string body = "Hello " + t.name + ",\n\n" + t.other +
                     " has answered your request, and cannot be your mentor. " + t.reason_text +
                     "\n";
  if (!t.message.empty()) body += "\nThey wrote:\n" + t.message + "\n";
  body += "\nThis says nothing about you. Other mentors are waiting on your shortlist:\n" + t.link +
          "\n";
  m.body = body;
  return m;
}

Message RequestExpiredMessage(const RequestOutcomeText& t) {
  Message m;
  m.subject = "Your request to " + t.other + " has lapsed";
  m.body =
      "Hello " + t.name + ",\n\n" + t.other + " did not answer your request in " + t.program_name +
      " in time, so it has lapsed and you may ask someone else. Your shortlist:\n" + t.link + "\n";
  return m;
}

Message RequestWithdrawnMessage(const RequestOutcomeText& t, std::string_view why) {
  Message m;
  std::string body = "Hello " + t.name + ",\n\n";
  if (why == "paired") {
    m.subject = t.other + " has found a mentor";
    body += t.other + " has found a mentor in " + t.program_name +
            ", so their request to you is withdrawn. Thank you for considering it.\n";
  } else if (why == "mentor_full") {
    m.subject = t.other + " has no room left";
    body += t.other + " has accepted as many mentees as they can take in " + t.program_name +
            ", so your request to them is withdrawn. Other mentors are on your shortlist:\n" +
            t.link + "\n";
  } else if (why == "closed") {
    m.subject = "Requests in " + t.program_name + " are closed";
    body += "The coordinator of " + t.program_name +
            " has closed mentee requests, so the request from " + t.other +
            " is withdrawn. The coordinator will match the remaining people.\n";
  } else {
    m.subject = t.other + " withdrew their request";
    body += t.other + " withdrew their request to you in " + t.program_name +
            ". Nothing more is needed from you.\n";
  }
  m.body = body;
  return m;
}

Message PeerRequestReceivedMessage(const std::string& name, const std::string& program_name,
                                   const std::string& follow_link) {
  Message m;
  m.subject = "We have your request for a peer volunteer";
  m.body = "Hello " + name + ",\n\nThank you for reaching out to " + program_name +
           ". A peer-support specialist will look for a volunteer who has been through something "
           "like what you are going through, and you will hear from us when someone has agreed "
           "to talk with you.\n\nYou can see where your request stands, or withdraw it, here "
           "(no account needed):\n" +
           follow_link +
           "\n\nIf you are in crisis, please do not wait for us: in the US call or text 988, or "
           "call your care team.\n";
  return m;
}

Message PeerOfferMessage(const std::string& name, const std::string& program_name,
                         const std::string& summary, const std::string& respond_by,
                         const std::string& link) {
  Message m;
  m.subject = "Could you support someone through " + program_name + "?";
  m.body = "Hello " + name +
           ",\n\nA specialist thinks you could be a good peer volunteer for "
           "someone who asked " +
           program_name + " for support:\n\n" + summary +
           "\nYou will see their name and how to reach them only if you accept. Please answer "
           "by " +
           respond_by + " (after that we ask someone else):\n" + link + "\n";
  return m;
}

Message PeerIntroductionMessage(const std::string& name, const std::string& program_name,
                                const std::string& other_name, bool to_volunteer,
                                const std::string& contact_lines) {
  Message m;
  m.subject = to_volunteer ? "Meet " + other_name + ", who asked for support"
                           : "Meet " + other_name + ", your peer volunteer";
  m.body = "Hello " + name + ",\n\n" +
           (to_volunteer ? "Thank you for accepting. " + other_name +
                               " would like to hear from someone who has been there. Please get "
                               "in touch within two days:\n\n"
                         : other_name + ", a trained volunteer with " + program_name +
                               ", has agreed to talk with you and will be in touch soon. You can "
                               "also reach them:\n\n") +
           contact_lines + "\nWe will check in with you both in two weeks.\n";
  return m;
}

Message PeerCheckinMessage(const std::string& name, const std::string& other_name, int weeks,
                           const std::string& yes_link, const std::string& no_link) {
  Message m;
  m.subject = "Did you and " + other_name + " connect?";
  m.body = "Hello " + name + ",\n\nIt has been " + std::to_string(weeks) +
           " weeks since we introduced you to " + other_name +
           ". Have you been able to talk?\n\nYes, we connected: " + yes_link +
           "\nNo, not yet: " + no_link + "\n\nIf not, a specialist will help.\n";
  return m;
}

namespace {

// "When: ...\nHow: ... — place\nAgenda: ...".
std::string MeetingDetails(const MeetingText& t) {
  std::string out =
      "When: " + t.when + ", " + std::to_string(t.minutes) + " minutes\nHow: " + t.how;
  if (!t.location.empty()) out += " — " + t.location;
  if (!t.agenda.empty()) out += "\nAgenda: " + t.agenda;
  return out;
}

}  // namespace

Message MeetingChangeMessage(const MeetingText& t, const std::string& what) {
  Message m;
  m.subject = "Meeting with " + t.partner + " " + what + ": " + t.when;
  m.body = "Hello " + t.name + ",\n\nYour meeting with " + t.partner + " " + what + ".\n\n" +
           MeetingDetails(t) + (t.note.empty() ? "" : "\nNote: " + t.note) +
           "\n\nAnswer or change it on your pair's page: " + t.pair_link +
           "\nThe attached invitation.ics adds it to your calendar.\n";
  return m;
}

Message MeetingReminderMessage(const MeetingText& t) {
  Message m;
  m.subject = "Reminder: meeting with " + t.partner + ", " + t.when;
  m.body =
      "Hello " + t.name + ",\n\nA reminder of your meeting with " + t.partner + ".\n\n" +
      MeetingDetails(t) +
      "\n\nIf the time no longer suits you, move or cancel it on your pair's page: " + t.pair_link +
      "\n";
  return m;
}

Message MeetingLogPromptMessage(const MeetingText& t) {
  Message m;
  m.subject = "How was your meeting with " + t.partner + "?";
  m.body = "Hello " + t.name + ",\n\nYour meeting with " + t.partner + " was planned for " +
           t.when +
           ". Please take a minute to log it — whether it took place, what you talked about, and "
           "notes for the two of you (private notes stay yours):\n" +
           t.pair_link + "\n\nYour program uses these logs to see that every pair keeps meeting.\n";
  return m;
}

Message PairNudgeMessage(const std::string& name, const std::string& partner,
                         const std::string& program_name, int days, const std::string& pair_link) {
  Message m;
  m.subject = "Time to meet " + partner + "?";
  m.body = "Hello " + name + ",\n\nIt has been " + std::to_string(days) + " days since you and " +
           partner + " last met in " + program_name +
           ". Busy weeks happen; a short call keeps a mentorship going. Your pair's page shows "
           "the times you are both free:\n" +
           pair_link +
           "\n\nIf you did meet, log it there. If something is in the way, your program "
           "coordinator can help.\n";
  return m;
}

Message ProgramEventMessage(const EventText& t, const std::string& what) {
  Message m;
  m.subject = t.program_name + ": " + t.title + " " + what;
  m.body = "Hello " + t.name + ",\n\n" + t.title + " in " + t.program_name + " " + what + ".\n\n" +
           "When: " + t.when + " (" + std::to_string(t.minutes) + " minutes)\n" +
           (t.location.empty() ? "" : "Where: " + t.location + "\n") +
           (t.required ? "Everyone invited is expected to attend.\n" : "") +
           (t.description.empty() ? "" : "\n" + t.description + "\n") +
           (what == "is cancelled"
                ? ""
                : "\nPlease tell the program whether you will come: " + t.link + "\n");
  return m;
}

Message EventRecordingMessage(const std::string& name, const std::string& program_name,
                              const std::string& title, bool required, const std::string& url) {
  Message m;
  m.subject = "The recording of " + title;
  m.body = "Hello " + name + ",\n\nYou missed " + title + " in " + program_name + ". " +
           (required ? "It is part of the program for everyone, so please watch the recording"
                     : "You can watch the recording") +
           ":\n" + url + "\n";
  return m;
}

Message AgreementNudgeMessage(const std::string& name, const std::string& partner,
                              const std::string& program_name, int days,
                              const std::string& pair_link) {
  Message m;
  m.subject = "Your mentoring agreement with " + partner + " is not signed yet";
  m.body = "Hello " + name + ",\n\nYou and " + partner + " started in " + program_name + " " +
           std::to_string(days) +
           " days ago, and your mentoring agreement is not signed by both of you yet. It takes a "
           "few minutes: agree how often and how you will meet, how to reach each other and your "
           "first goals, then both sign on your pair's page:\n" +
           pair_link + "\n";
  return m;
}

Message AgreementSignedMessage(const std::string& name, const std::string& partner,
                               const std::string& program_name, int revision,
                               const std::string& pair_link) {
  Message m;
  m.subject = "You and " + partner + " signed your mentoring agreement";
  m.body = "Hello " + name + ",\n\nYou and " + partner +
           " have both signed your mentoring "
           "agreement in " +
           program_name + " (revision " + std::to_string(revision) +
           "). You can read it, and your goals, on your pair's page:\n" + pair_link + "\n";
  return m;
}

Message StalledPairMessage(const std::string& coordinator, const std::string& mentee,
                           const std::string& mentor, const std::string& program_name, int days,
                           bool no_shows, const std::string& pair_link) {
  Message m;
  m.subject = "A pair has stalled in " + program_name + ": " + mentee + " and " + mentor;
  m.body = "Hello " + coordinator + ",\n\n" + mentee + " and " + mentor + " in " + program_name +
           (no_shows ? " have had two meetings in a row that someone did not come to"
                     : " have not met for " + std::to_string(days) + " days") +
           ". They may need a word from you, or a new partner.\n\n" + pair_link + "\n";
  return m;
}

std::string AnonymityStatement(std::string_view anonymity) {
  if (anonymity == "identified") {
    return "Your answers are identified: the program's coordinators see who answered what.";
  }
  if (anonymity == "anonymous") {
    return "Your answers are anonymous: Tandem keeps no link between you and them, only that "
           "you have answered (so that reminders stop). Nobody, not even the program's "
           "evaluators, can tell which answers are yours.";
  }
  return "Your answers are confidential: they are kept with your participation for the "
         "program's evaluation, but coordinators see only counts and totals, and evaluators "
         "see them without your name.";
}

Message SurveyInvitationMessage(const SurveyText& t) {
  Message m;
  m.subject = t.program_name + ": " + t.survey_title;
  m.body = "Hello " + t.name + ",\n\n" + t.program_name + " asks for your answers to \"" +
           t.survey_title +
           "\". It takes a few minutes, works on a phone, and keeps what you "
           "have typed if you stop and come back.\n\n" +
           AnonymityStatement(t.anonymity) + "\n\nOpen until " + t.closes + ":\n" + t.link + "\n";
  return m;
}

Message SurveyReminderMessage(const SurveyText& t) {
  Message m;
  m.subject = "Reminder: " + t.survey_title + " (" + t.program_name + ")";
  m.body = "Hello " + t.name + ",\n\nYour answers to \"" + t.survey_title + "\" for " +
           t.program_name + " are still missing. The survey closes on " + t.closes +
           ", and reminders stop as soon as you answer.\n\n" + AnonymityStatement(t.anonymity) +
           "\n\n" + t.link + "\n";
  return m;
}

}  // namespace tandem::notify
