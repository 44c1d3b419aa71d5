// E-mail settings shared by `tandem serve` and `tandem mail test`, and
// `tandem mail test --to ADDRESS` (docs/email.md).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/error.h"
#include "service/mail.h"

namespace tandem::cli {

void AddMailOptions(CLI::App* cmd, MailArgs& args) {
  cmd->add_option("--smtp-url", args.url,
                  "Mail server: smtp://host:587 (STARTTLS required) or smtps://host:465. Without "
                  "it, messages are kept in the outbox")
      ->envname("TANDEM_SMTP_URL");
  cmd->add_option("--smtp-user", args.user, "User name for the mail server (AUTH)")
      ->envname("TANDEM_SMTP_USER");
  cmd->add_option("--smtp-password-file", args.password_file,
                  "File whose first line is the mail server's password; or set "
                  "TANDEM_SMTP_PASSWORD. Never on the command line")
      ->envname("TANDEM_SMTP_PASSWORD_FILE");
  cmd->add_flag("--smtp-insecure", args.insecure,
                "Allow smtp:// without STARTTLS (a relay on this machine only)");
  cmd->add_option("--smtp-ca-file", args.ca_file,
                  "PEM file of the certificate authority a private mail relay uses")
      ->envname("TANDEM_SMTP_CA_FILE");
  cmd->add_option("--mail-from", args.from, "Sender, e.g. \"Hematology Mentoring <noreply@x.org>\"")
      ->envname("TANDEM_MAIL_FROM");
  cmd->add_option("--mail-reply-to", args.reply_to,
                  "Where replies go, e.g. the program coordinator's address")
      ->envname("TANDEM_MAIL_REPLY_TO");
}

notify::SmtpSettings MailSettings(const MailArgs& args) {
  notify::SmtpSettings s;
  if (args.url.empty()) return s;  // delivery off: messages stay in the outbox
  s.url = args.url;
  s.user = args.user;
  s.insecure = args.insecure;
  s.ca_file = args.ca_file;
  if (!args.password_file.empty()) {
    std::ifstream in(args.password_file);
    if (!in || !std::getline(in, s.password)) {
      throw InvalidArgument("cannot read the password from " + args.password_file,
                            "smtp-password-file");
    }
    if (!s.password.empty() && s.password.back() == '\r') s.password.pop_back();
  } else if (const char* env = std::getenv("TANDEM_SMTP_PASSWORD")) {
    s.password = env;
  }
  if (!s.user.empty() && s.password.empty()) {
    throw InvalidArgument(
        "--smtp-user needs a password: --smtp-password-file or "
        "TANDEM_SMTP_PASSWORD",
        "smtp-password-file");
  }
  if (args.from.empty()) {
    throw InvalidArgument("say who the messages are from: --mail-from \"Program <address>\"",
                          "mail-from");
  }
  s.from = notify::ParseAddress(args.from, "mail-from");
  if (!args.reply_to.empty()) s.reply_to = notify::ParseAddress(args.reply_to, "mail-reply-to");
  s.Check();
  return s;
}

void AddMailCommand(CLI::App& app, GlobalOptions&) {
  CLI::App* cmd = app.add_subcommand("mail", "E-mail delivery");
  cmd->require_subcommand(1);
  struct Args {
    MailArgs mail;
    std::string to;
  };
  auto args = std::make_shared<Args>();
  CLI::App* test = cmd->add_subcommand(
      "test", "Send one test message with these settings and print the mail server's answer");
  test->add_option("--to", args->to, "Where to send it")->required();
  AddMailOptions(test, args->mail);
  test->callback([args] {
    if (args->mail.url.empty()) {
      throw InvalidArgument("give the mail server with --smtp-url (or TANDEM_SMTP_URL)",
                            "smtp-url");
    }
    const notify::SmtpSettings settings = MailSettings(args->mail);
    const std::string reply = service::SendTestMail(settings, args->to, WallClock().Now());
    std::cout << "Sent to " << args->to << " through " << settings.url
              << "\nThe server said: " << reply << "\n";
  });
}

}  // namespace tandem::cli
