// Reading the coordinator-given scores file of `tandem match --scores`
// (docs/matching.md): a CSV with the columns mentee, mentor and score in any
// order (other columns ignored), one row per allowed pair.
#pragma once

#include <istream>
#include <string>

#include "matching/given_scores.h"

namespace tandem::matching {

// Reads every row of a scores CSV from `in` into a table, streaming (memory
// grows with the table, not with the text). A score is a decimal as
// ParseDecimal (core/text.h) reads it; blank lines are skipped. Throws
// tandem::Error(kInvalidArgument, field "scores") at the first problem, its
// message "PATH: row R, column C: why" naming `path` (used only in
// messages), the 1-based row (the header is row 1) and the column: an empty
// file, a missing column, too few columns, a score that is not a number, or
// malformed CSV. Reads `in` to the end on success.
GivenScoreTable ReadScoresCsv(std::istream& in, const std::string& path);

}  // namespace tandem::matching
