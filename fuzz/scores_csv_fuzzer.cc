// ReadScoresCsv (matching/scores_csv.h, the file of `tandem match --scores`)
// over arbitrary bytes: every failure is a tandem::Error naming the file;
// rows read carry finite scores and increasing row numbers.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_check.h"
#include "matching/scores_csv.h"

using tandem::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const tandem::matching::GivenScoreTable scores =
        tandem::matching::ReadScoresCsv(in, "scores.csv");
    int last_row = 1;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      Check(std::isfinite(scores.score(i)), "scores are finite");
      Check(scores.row(i) > last_row, "row numbers increase past the header");
      last_row = scores.row(i);
      // Ids round-trip through the interned tables.
      Check(scores.mentee_ids().Find(scores.mentee_ids()[scores.mentee(i)]) == scores.mentee(i),
            "mentee ids are interned once");
      Check(scores.mentor_ids().Find(scores.mentor_ids()[scores.mentor(i)]) == scores.mentor(i),
            "mentor ids are interned once");
    }
  } catch (const tandem::Error& e) {
    Check(e.code() == tandem::ErrorCode::kInvalidArgument, "scores errors are invalid_argument");
    Check(e.field() == "scores", "scores errors name the scores option");
    Check(e.message().rfind("scores.csv: row ", 0) == 0, "scores errors name file and row");
  }
  return 0;
}
