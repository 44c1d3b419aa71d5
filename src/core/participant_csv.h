// Reading and writing the participant CSV (docs/import.md). Reading validates
// every row before returning and collects every problem, so that an import is
// all-or-nothing with each problem reported by row and column.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/intake.h"
#include "core/participant.h"
#include "core/taxonomy.h"

namespace tandem {

struct ParticipantFile {
  std::vector<Participant> participants;
  std::vector<int> rows;               // the file row of each participant, in the same order
  std::vector<InputProblem> errors;    // non-empty: the file must not be imported
  std::vector<InputProblem> warnings;  // ignored columns, free tags outside the taxonomy
  bool ok() const { return errors.empty(); }
};

// The columns written by WriteParticipantCsv, in order. role, id and name are required.
const std::vector<std::string>& ParticipantColumns();

// Reads and validates a whole participant CSV. Never throws for bad content:
// every problem lands in errors or warnings. Values not in `taxonomy` are kept
// as free tags with a warning. An e-mail may appear once per role (a mentor
// row and a mentee row with the same e-mail are one person, so their names
// must agree). A cell that starts with a quote followed by =, +, -, @, tab or
// CR loses that quote (UnescapeFormula, the inverse of the export's escape).
// A column named by one of `questions`' codes holds that question's answer
// (ParseAnswerCell), checked with CheckAnswers and reported in that column;
// a required question left blank is an error on the rows of the roles asked.
ParticipantFile ReadParticipantCsv(std::istream& in, const Taxonomy& taxonomy,
                                   const std::vector<IntakeQuestion>& questions = {});

// Writes participants in the format ReadParticipantCsv reads (round-trips),
// with a column per question that is still asked, after the fixed columns.
// Cells a spreadsheet would run as a formula get a quote in front (EscapeFormula).
void WriteParticipantCsv(std::ostream& out, const std::vector<Participant>& participants,
                         const std::vector<IntakeQuestion>& questions = {});

}  // namespace tandem
