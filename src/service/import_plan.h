// The rules of a participant import, decided before anything is written:
// which account and enrollment each row is, what an import may change of an
// existing account, and which rows conflict with what is stored. The store
// reads the state (ParticipantRepository::ReadForImport) and writes the plan
// (ParticipantRepository::Write); the decisions are here.
#pragma once

#include <vector>

#include "core/participant.h"
#include "core/participant_csv.h"
#include "service/authorization.h"
#include "store/participant_repository.h"

namespace tandem::service {

struct ImportDecision {
  store::ImportPlan plan;
  // Rows that conflict with what is stored, by row and column: when there is
  // any, nothing may be written. Warnings: what is kept instead of the row's
  // value (an account's name, a withdrawn enrollment's status).
  std::vector<InputProblem> errors;
  std::vector<InputProblem> warnings;
};

// Decides an import of `participants` (validated rows; `rows` their file row
// numbers, index + 2 when empty) into a program whose stored state is
// `state`. A participant id already enrolled as a mentor or mentee is that
// enrollment (it keeps user, role and status; a withdrawn one with a
// warning); others are new, their account found by e-mail or added. Errors: a
// re-imported id that is a coordinator or evaluator or has another role; an
// e-mail of another account than the id's; a new id whose e-mail's user
// already holds that role; two rows giving one account different names or
// e-mails; a new e-mail for an account the import may not edit
// (CoordinatorMayEditAccount, service/authorization.h). A different name for such an account is
// kept with a warning; an empty e-mail never clears one. A new enrollment of an account someone has
// claimed is invited: nobody who can sign in joins a program without accepting.
ImportDecision PlanImport(const store::ImportState& state,
                          const std::vector<Participant>& participants,
                          const std::vector<int>& rows);

}  // namespace tandem::service
