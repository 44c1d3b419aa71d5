#include "service/import_plan.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tandem::service {

ImportDecision PlanImport(const store::ImportState& state,
                          const std::vector<Participant>& participants,
                          const std::vector<int>& rows) {
  ImportDecision out;
  const size_t n = participants.size();
  const auto row_of = [&](size_t i) {
    return i < rows.size() ? rows[i] : static_cast<int>(i) + 2;  // the header is row 1
  };
  const auto error = [&](size_t i, const char* column, std::string reason) {
    out.errors.push_back({row_of(i), column, std::move(reason)});
  };
  const auto warning = [&](size_t i, const char* column, std::string reason) {
    out.warnings.push_back({row_of(i), column, std::move(reason)});
  };
  const store::ImportState::Account no_account;
  const auto account_of = [&](std::int64_t user) -> const store::ImportState::Account& {
    auto it = state.accounts.find(user);
    return it != state.accounts.end() ? it->second : no_account;
  };
  const auto may_edit = [&](std::int64_t user) {
    auto it = state.accounts.find(user);
    return it != state.accounts.end() && CoordinatorMayEditAccount(it->second.standing);
  };

  // Who holds which role in the program: role -> user -> participant id, with
  // users about to be added as -(row index + 1).
  std::map<std::string, std::unordered_map<std::int64_t, std::string>> held;
  for (const auto& [external, e] : state.enrolled) held[e.role][e.user] = external;
  // "participant P7" for a user enrolled in the program, for messages.
  const auto participant_of = [&](std::int64_t user) -> std::string {
    for (const char* role : {"mentor", "mentee", "coordinator", "evaluator"}) {
      if (auto it = held[role].find(user); it != held[role].end()) return it->second;
    }
    return "";
  };

  std::vector<store::ImportPlan::Row>& plan = out.plan.rows;
  plan.assign(n, {});
  // Changes asked of existing accounts, by user: value and the row asking.
  std::unordered_map<std::int64_t, std::pair<std::string, size_t>> email_change, name_change;
  std::unordered_map<std::string, std::int64_t> email_claimed;  // new e-mail -> user taking it
  std::vector<size_t> name_rows;  // rows naming an existing account differently
  // Re-imported ids first: they may give their (unclaimed) account a new
  // e-mail that a new row of the same person uses.
  for (size_t i = 0; i < n; ++i) {
    const Participant& p = participants[i];
    auto it = state.enrolled.find(p.id);
    if (it == state.enrolled.end()) continue;
    const store::ImportState::Enrolled& e = it->second;
    plan[i].enrollment = e.id;
    plan[i].user = e.user;
    if (e.role != "mentor" && e.role != "mentee") {
      error(i, "id",
            "\"" + p.id + "\" is the participant id of a " + e.role +
                " of this program; an import cannot change coordinator or evaluator "
                "enrollments");
      continue;
    }
    if (e.role != RoleName(p.role)) {
      error(i, "role",
            "participant " + p.id + " is a " + e.role +
                " in this program; an import cannot change the role to " +
                std::string(RoleName(p.role)) + " (add the other role under a new id)");
    }
    if (e.status == "withdrawn") {
      warning(i, "id",
              "participant " + p.id +
                  " has withdrawn: the profile is updated, the enrollment stays withdrawn");
    }
    const store::ImportState::Account& account = account_of(e.user);
    if (!p.email.empty() && p.email != account.email) {
      if (auto owner = state.user_by_email.find(p.email); owner != state.user_by_email.end()) {
        const std::string other = participant_of(owner->second);
        error(i, "email",
              "e-mail " + p.email + " belongs to another account" +
                  (other.empty() ? "" : " (participant " + other + " in this program)") +
                  ", not to participant " + p.id + "'s");
      } else if (auto [c, inserted] = email_change.try_emplace(e.user, p.email, i);
                 !inserted && c->second.first != p.email) {
        error(i, "email",
              "\"" + p.email + "\" differs from the e-mail \"" + c->second.first +
                  "\" given to the same account in row " +
                  std::to_string(row_of(c->second.second)));
      } else if (auto [claim, fresh] = email_claimed.try_emplace(p.email, e.user);
                 !fresh && claim->second != e.user) {
        error(i, "email",
              "e-mail " + p.email + " is also given to another account in row " +
                  std::to_string(row_of(email_change.at(claim->second).second)));
      }
    }
    if (p.name != account.name) name_rows.push_back(i);
  }
  // New ids: an existing account by e-mail (or one given that e-mail above),
  // a person added by an earlier row, or a new account.
  std::unordered_map<std::string_view, size_t> added_by_email;  // e-mail -> row adding the user
  for (size_t i = 0; i < n; ++i) {
    const Participant& p = participants[i];
    if (state.enrolled.count(p.id)) continue;
    std::int64_t slot = 0;  // the user: an id, or -(row index + 1) for a user added by the file
    if (!p.email.empty()) {
      if (auto c = email_claimed.find(p.email); c != email_claimed.end()) {
        slot = c->second;
      } else if (auto u = state.user_by_email.find(p.email); u != state.user_by_email.end()) {
        slot = u->second;
        if (auto change = email_change.find(u->second); change != email_change.end()) {
          plan[i].user = slot;
          error(i, "email",
                "e-mail " + p.email + " is changed to " + change->second.first + " in row " +
                    std::to_string(row_of(change->second.second)));
          continue;
        }
      } else if (auto a = added_by_email.find(p.email); a != added_by_email.end()) {
        slot = -static_cast<std::int64_t>(a->second + 1);  // shares the user added by that row
      } else {
        added_by_email.emplace(std::string_view(p.email), i);
      }
    }
    plan[i].user = slot;  // 0: this row adds the account
    if (slot > 0) {
      // Someone else's account joins only by accepting (an invitation).
      plan[i].invite = account_of(slot).standing.claimed;
      if (p.name != account_of(slot).name) name_rows.push_back(i);
    }
    // An existing account must not get a role it already holds here. (A
    // user added by the file has each role once: the reader allows an
    // e-mail once per role.)
    if (slot <= 0) continue;
    const std::string role(RoleName(p.role));
    if (auto [h, inserted] = held[role].try_emplace(slot, p.id); !inserted) {
      error(i, "email",
            "e-mail " + p.email + " is already participant " + h->second + " (a " + role +
                ") in this program; use that id to update them");
    }
  }

  // Whether the accounts asked to change may be changed by an import.
  for (const auto& [user, change] : email_change) {
    if (may_edit(user)) continue;
    const size_t i = change.second;
    error(i, "email",
          "\"" + change.first + "\" differs from the e-mail of participant " + participants[i].id +
              "'s account; only its owner can change it");
  }
  std::sort(name_rows.begin(), name_rows.end());
  for (size_t i : name_rows) {
    const Participant& p = participants[i];
    const std::int64_t user = plan[i].user;
    const store::ImportState::Account& account = account_of(user);
    const std::string whose = plan[i].enrollment != 0
                                  ? "participant " + p.id + "'s account (\"" + account.name + "\")"
                                  : "the account of " + p.email;
    if (!may_edit(user)) {
      warning(i, "name",
              "\"" + p.name + "\" differs from the name of " + whose +
                  "; the account keeps its name (only its owner can change it)");
    } else if (auto [c, inserted] = name_change.try_emplace(user, p.name, i);
               !inserted && c->second.first != p.name) {
      error(i, "name",
            "\"" + p.name + "\" differs from the name \"" + c->second.first +
                "\" given to the same account in row " + std::to_string(row_of(c->second.second)));
    }
  }
  if (!out.errors.empty()) return out;  // nothing may be written

  for (const auto& [user, change] : email_change) {
    out.plan.account_changes[user] = {account_of(user).name, change.first};
  }
  for (const auto& [user, change] : name_change) {
    auto [it, inserted] =
        out.plan.account_changes.try_emplace(user, change.first, account_of(user).email);
    if (!inserted) it->second.first = change.first;
  }
  return out;
}

}  // namespace tandem::service
