// tandem user create --email E --name N [--admin] --password-stdin
// tandem user disable|enable --email E
// tandem user list
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "core/account.h"
#include "core/error.h"
#include "service/accounts.h"

namespace tandem::cli {

void AddUserCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("user", "Create, list, disable and enable user accounts");
  cmd->require_subcommand(1);

  struct CreateArgs {
    service::NewUser user;
    bool password_stdin = false;
  };
  auto args = std::make_shared<CreateArgs>();
  CLI::App* create = cmd->add_subcommand(
      "create", "Create a user with a password read from standard input (e.g. the first admin)");
  create->add_option("--email", args->user.email, "E-mail address (the sign-in name)")->required();
  create->add_option("--name", args->user.name, "Full name")->required();
  create->add_flag("--admin", args->user.is_admin, "Make the user an administrator");
  create
      ->add_flag("--password-stdin", args->password_stdin,
                 "Read the password from the first line of standard input")
      ->required();
  create->callback([&options, args] {
    std::string password;
    if (!std::getline(std::cin, password)) {
      throw InvalidArgument("no password on standard input", "--password-stdin");
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    args->user.password = password;
    auto db = OpenDatabase(options);
    const User u = service::CreateUser(*db, service::Actor::CommandLine(), args->user);
    std::cout << fmt::format("Created user {} <{}>{}.\n", u.id, u.email,
                             u.is_admin ? " (administrator)" : "");
  });

  for (const bool disable : {true, false}) {
    auto email = std::make_shared<std::string>();
    CLI::App* sub = cmd->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Disable an account: it cannot sign in, its sessions end at once"
                : "Enable a disabled account again");
    sub->add_option("--email", *email, "The account's e-mail address")->required();
    sub->callback([&options, email, disable] {
      auto db = OpenDatabase(options);
      const auto users = service::ListUsers(*db, service::Actor::CommandLine());
      const std::string wanted = NormalizeEmail(*email);
      const auto it = std::find_if(users.begin(), users.end(),
                                   [&](const User& u) { return u.email == wanted; });
      if (it == users.end()) throw NotFound("no account has the e-mail " + wanted);
      const User u = service::SetUserDisabled(*db, service::Actor::CommandLine(), it->id, disable);
      std::cout << fmt::format("User {} <{}> is {}.\n", u.id, u.email,
                               u.disabled ? "disabled; its sessions have ended" : "enabled");
    });
  }

  CLI::App* list = cmd->add_subcommand("list", "List user accounts");
  list->callback([&options] {
    auto db = OpenDatabase(options);
    const auto users = service::ListUsers(*db, service::Actor::CommandLine());
    std::cout << fmt::format("{:>5}  {:<36} {:<30} {}\n", "id", "email", "name", "");
    for (const User& u : users) {
      std::cout << fmt::format("{:>5}  {:<36} {:<30} {}{}\n", u.id, u.email, u.name,
                               u.is_admin ? "admin " : "", u.disabled ? "disabled" : "");
    }
  });
}

}  // namespace tandem::cli
