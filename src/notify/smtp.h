// Sending one composed message to one recipient over SMTP (libcurl): STARTTLS
// required on smtp:// unless explicitly allowed to go without, implicit TLS on
// smtps://, AUTH when a user is given. The answer says whether the message
// was accepted, refused for now (try again later) or refused for good, with
// the server's own words. Thread-safe (one libcurl handle per call).
#pragma once

#include <string>

#include "notify/mime.h"

namespace tandem::notify {

struct SmtpSettings {
  std::string url;        // smtp://host:587 (STARTTLS) or smtps://host:465
  std::string user;       // empty: no AUTH
  std::string password;   // never logged
  bool insecure = false;  // smtp:// without STARTTLS (a local relay only)
  std::string ca_file;    // trust this CA bundle (a private relay); empty: the system's
  MailAddress from;
  MailAddress reply_to;  // empty address: none
  int timeout_seconds = 60;

  bool configured() const { return !url.empty(); }
  // Throws tandem::Error(kInvalidArgument) naming the setting: a URL that is
  // not smtp:// or smtps://, a missing From address.
  void Check() const;
};

enum class SmtpOutcome { kSent, kTemporaryFailure, kPermanentFailure };

struct SmtpResult {
  SmtpOutcome outcome = SmtpOutcome::kSent;
  int code = 0;             // the server's last reply code (0 when none came)
  std::string reply;        // the server's last reply line(s)
  std::string explanation;  // for a person: what went wrong, in words
};

// Sends `message` (ComposeMail's text) from settings.from to `to_address`.
// Connection problems, timeouts and 4xx replies are temporary; 5xx replies,
// refused credentials and a server without the required TLS are permanent.
SmtpResult SendSmtp(const SmtpSettings& settings, const std::string& to_address,
                    const std::string& message);

}  // namespace tandem::notify
