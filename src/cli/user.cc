// tandem user create --email E --name N [--admin] --password-stdin
// tandem user list
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "core/error.h"
#include "service/accounts.h"

namespace tandem::cli {

void AddUserCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("user", "Create and list user accounts");
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
