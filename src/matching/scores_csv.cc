#include "matching/scores_csv.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"

namespace tandem::matching {

namespace {

// The bytes from the read position to the end, or -1 when the stream cannot
// seek (a pipe). Leaves the position where it was.
std::streamoff BytesLeft(std::istream& in) {
  const std::istream::pos_type here = in.tellg();
  if (here == std::istream::pos_type(-1)) return -1;
  in.seekg(0, std::ios::end);
  const std::istream::pos_type end = in.tellg();
  in.seekg(here);
  if (!in || end == std::istream::pos_type(-1)) {
    in.clear();
    return -1;
  }
  return end - here;
}

}  // namespace

GivenScoreTable ReadScoresCsv(std::istream& in, const std::string& path) {
  const std::streamoff size = BytesLeft(in);
  CsvReader reader(in);
  std::vector<std::string_view> fields;
  const auto fail = [&](int row, const std::string& column, const std::string& why) {
    return InvalidArgument(
        path + ": row " + std::to_string(row) + ", column " + column + ": " + why, "scores");
  };
  try {
    if (!reader.Next(fields)) throw fail(1, "", "the file is empty (expected mentee,mentor,score)");
    int mentee = -1, mentor = -1, score = -1;
    for (int c = 0; c < static_cast<int>(fields.size()); ++c) {
      std::string_view name = fields[c];
      if (c == 0 && name.substr(0, 3) == "\xEF\xBB\xBF") name.remove_prefix(3);
      if (name == "mentee") mentee = c;
      if (name == "mentor") mentor = c;
      if (name == "score") score = c;
    }
    for (const auto& [index, name] :
         {std::pair{mentee, "mentee"}, std::pair{mentor, "mentor"}, std::pair{score, "score"}}) {
      if (index < 0) throw fail(1, name, "missing column (expected mentee,mentor,score)");
    }
    GivenScoreTable scores;
    // A row takes at least 6 bytes ("a,b,1\n"), so the file's size bounds the
    // rows: reserving that much address space up front spares copying the
    // columns as they grow (pages never written are never resident).
    if (size > 0) scores.Reserve(static_cast<std::size_t>(size) / 6 + 1);
    const int needed = std::max({mentee, mentor, score});
    while (reader.Next(fields)) {
      const int row = reader.record();
      if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
      if (static_cast<int>(fields.size()) <= needed) throw fail(row, "", "too few columns");
      const std::string_view text = fields[score];
      const std::optional<double> value = ParseDecimal(text);
      if (!value) {
        throw fail(
            row, "score",
            "\"" + std::string(text) + "\" is not a number (write a decimal such as 42 or 0.75)");
      }
      scores.Add(fields[mentee], fields[mentor], *value, row);
    }
    return scores;
  } catch (const Error& e) {
    if (e.message().rfind(path, 0) == 0) throw;
    throw fail(e.row(), e.field().empty() ? "" : e.field(), e.message());
  }
}

}  // namespace tandem::matching
