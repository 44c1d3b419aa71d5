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

}  // namespace tandem::notify
