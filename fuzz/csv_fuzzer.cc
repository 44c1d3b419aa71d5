// CsvReader (core/csv.h) over arbitrary bytes: every failure is a
// tandem::Error; records read are written back with WriteCsvRecord and read
// again unchanged; EscapeFormula/UnescapeFormula are inverse on every field.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/error.h"
#include "fuzz_check.h"

using tandem::fuzz::Check;

namespace {

// At most this many records are kept for the round trip (inputs are small).
constexpr std::size_t kMaxRecords = 10000;

std::vector<std::vector<std::string>> ReadAll(const std::string& text, bool& failed) {
  std::istringstream in(text);
  tandem::CsvReader reader(in);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  failed = false;
  try {
    while (records.size() < kMaxRecords && reader.Next(fields)) {
      Check(!fields.empty(), "a record has at least one field");
      Check(reader.record() == static_cast<int>(records.size()) + 1, "record() counts records");
      records.push_back(fields);
    }
  } catch (const tandem::Error& e) {
    Check(e.code() == tandem::ErrorCode::kInvalidArgument, "CSV errors are invalid_argument");
    Check(e.row() >= 1, "CSV errors name a row");
    failed = true;
  }
  return records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bool failed = false;
  const std::vector<std::vector<std::string>> records = ReadAll(text, failed);

  for (const auto& record : records) {
    for (const std::string& field : record) {
      Check(tandem::UnescapeFormula(tandem::EscapeFormula(field)) == field,
            "UnescapeFormula(EscapeFormula(x)) == x");
      (void)tandem::IsValidUtf8(field);
    }
  }

  // The reader strips a byte-order mark from the start of the file and refuses
  // any other 0xEF there, so a first field that itself starts with 0xEF cannot
  // be written first and read back (the exporter's first field is a header name).
  if (records.empty() || (!records[0][0].empty() && records[0][0][0] == '\xEF')) return 0;
  std::ostringstream out;
  for (const auto& record : records) tandem::WriteCsvRecord(out, record);
  bool reread_failed = false;
  const std::vector<std::vector<std::string>> again = ReadAll(out.str(), reread_failed);
  Check(!reread_failed, "what WriteCsvRecord writes reads without error");
  Check(again == records, "WriteCsvRecord then CsvReader gives the same records");
  return 0;
}
