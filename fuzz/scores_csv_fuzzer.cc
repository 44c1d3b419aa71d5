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
    const std::vector<tandem::matching::GivenScore> scores =
        tandem::matching::ReadScoresCsv(in, "scores.csv");
    int last_row = 1;
    for (const tandem::matching::GivenScore& g : scores) {
      Check(std::isfinite(g.score), "scores are finite");
      Check(g.row > last_row, "row numbers increase past the header");
      last_row = g.row;
    }
  } catch (const tandem::Error& e) {
    Check(e.code() == tandem::ErrorCode::kInvalidArgument, "scores errors are invalid_argument");
    Check(e.field() == "scores", "scores errors name the scores option");
    Check(e.message().rfind("scores.csv: row ", 0) == 0, "scores errors name file and row");
  }
  return 0;
}
