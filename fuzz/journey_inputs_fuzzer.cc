// What a person types or uploads into the program journey (docs/journey.md):
// an uploaded file's bytes under several names (SniffFileType, core/resource.h),
// a link (IsWebUrl), a DOI, a PMID and a currency as typed in the outputs form
// or the outputs CSV (core/journey.h), and the bytes as the outputs or
// attendance file (ReadCsvHeader and every record, core/csv.h). Properties: a
// type comes without a reason and a refusal with one; a normalized DOI or PMID
// normalizes to itself; a known currency is three upper-case letters; a
// refused header says why.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/resource.h"
#include "fuzz_check.h"

using tandem::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  for (const char* name : {"slides.pdf", "photo.png", "photo.JPG", "handbook.docx", "notes.txt",
                           "roster.csv", "setup.exe", "no-extension"}) {
    std::string why;
    const auto type = tandem::SniffFileType(name, bytes, why);
    Check(type ? why.empty() : !why.empty(), "a file type comes without a reason, a refusal with");
  }
  if (size <= 4096) {
    (void)tandem::IsWebUrl(bytes);
    if (const auto doi = tandem::NormalizeDoi(bytes)) {
      Check(doi->rfind("10.", 0) == 0, "a DOI starts with 10.");
      Check(tandem::NormalizeDoi(*doi) == doi, "a normalized DOI normalizes to itself");
    }
    if (const auto pmid = tandem::NormalizePmid(bytes)) {
      Check(!pmid->empty() && pmid->size() <= 8 && (*pmid)[0] != '0', "a PMID is 1-8 digits");
      Check(tandem::NormalizePmid(*pmid) == pmid, "a normalized PMID normalizes to itself");
    }
    if (tandem::IsCurrencyCode(bytes)) {
      Check(size == 3 && bytes[0] >= 'A' && bytes[0] <= 'Z', "a currency is three capitals");
    }
  }

  std::istringstream in{std::string(bytes)};
  tandem::CsvReader reader(in);
  std::vector<std::string> header;
  std::vector<tandem::InputProblem> problems;
  if (!tandem::ReadCsvHeader(reader, header, problems)) {
    Check(!problems.empty(), "a refused header says why");
    return 0;
  }
  Check(problems.empty(), "an accepted header has no problem");
  std::vector<std::string> fields;
  try {
    while (reader.Next(fields)) Check(reader.record() >= 2, "records after the header count from 2");
  } catch (const tandem::Error& e) {
    Check(e.code() == tandem::ErrorCode::kInvalidArgument && e.row() >= 2,
          "a malformed record is invalid_argument with its row");
  }
  return 0;
}
