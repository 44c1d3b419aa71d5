// ReadParticipantCsv (core/participant_csv.h) over arbitrary bytes: it never
// throws (problems are errors and warnings, each naming a row); a file it
// accepts is written back with WriteParticipantCsv and read again to the
// same participants.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/participant_csv.h"
#include "core/taxonomy.h"
#include "fuzz_check.h"

using tandem::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  const tandem::Taxonomy& taxonomy = tandem::DefaultTaxonomy();
  const tandem::ParticipantFile file = tandem::ReadParticipantCsv(in, taxonomy);
  Check(file.rows.size() == file.participants.size(), "one row number per participant");
  for (const tandem::InputProblem& p : file.errors) {
    Check(p.row >= 1, "errors name a row");
    (void)tandem::FormatProblem(p);
  }
  for (const tandem::InputProblem& p : file.warnings) Check(p.row >= 1, "warnings name a row");
  if (!file.ok()) return 0;

  std::ostringstream out;
  tandem::WriteParticipantCsv(out, file.participants);
  std::istringstream again_in(out.str());
  const tandem::ParticipantFile again = tandem::ReadParticipantCsv(again_in, taxonomy);
  if (!again.ok()) {
    std::fprintf(stderr, "written file:\n%s\nfirst error: %s\n", out.str().c_str(),
                 tandem::FormatProblem(again.errors.front()).c_str());
  }
  Check(again.ok(), "what WriteParticipantCsv writes reads without errors");
  Check(again.participants == file.participants,
        "WriteParticipantCsv then ReadParticipantCsv gives the same participants");
  return 0;
}
