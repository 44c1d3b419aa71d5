// RFC 4180 CSV: quoted fields with doubled quotes and embedded line breaks,
// CRLF or LF, an optional UTF-8 byte-order mark at the start. Streaming: one
// record at a time, so files of any size are read in constant memory.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

// One problem in an input file. row is 1-based counting the header as row 1
// (as a spreadsheet shows it); column is the header name ("" for the whole row).
struct InputProblem {
  int row = 0;
  std::string column;
  std::string reason;
  friend bool operator==(const InputProblem&, const InputProblem&) = default;
};

// "row 7, column time_zone: unknown time zone \"America/Chicgo\"".
std::string FormatProblem(const InputProblem& problem);

class CsvReader {
 public:
  // Reads from `in`, which must outlive the reader. The reader takes bytes
  // from the stream's buffer in blocks, so the stream's position after a
  // record is unspecified; read it through one reader only.
  explicit CsvReader(std::istream& in);
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields`. Returns false at end of input.
  // Throws tandem::Error(kInvalidArgument) with row() set for an unterminated
  // quote or a stray quote inside an unquoted field.
  bool Next(std::vector<std::string>& fields);

  // The same, without a string per field: the views point into the reader
  // and stay valid until the next call of either Next.
  bool Next(std::vector<std::string_view>& fields);

  // 1-based number of the record last returned (the header is record 1).
  int record() const { return record_; }

 private:
  // Reads one record into text_ and ends_; false at end of input.
  bool ReadRecord();
  // The next byte (0..255) or EOF, and the one after without taking it.
  int Get() { return next_ < end_ ? static_cast<unsigned char>(block_[next_++]) : Refill(); }
  int Peek();
  int Refill();

  std::streambuf* source_;
  std::string block_;
  size_t next_ = 0, end_ = 0;
  std::string text_;          // the record's fields, unquoted, one after another
  std::vector<size_t> ends_;  // where each field ends in text_
  int record_ = 0;
  bool first_ = true;
};

// Reads the first record of `reader` as a file's column names, trimmed.
// Returns false, with every problem added to `problems`, when the file is
// empty, its first record is not CSV, or a name comes twice (in any case).
bool ReadCsvHeader(CsvReader& reader, std::vector<std::string>& names,
                   std::vector<InputProblem>& problems);

// Writes one record, quoting fields that need it. Lines end with "\n".
void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields);

// Spreadsheet formula injection: a cell whose text starts with =, +, -, @, a
// tab or a carriage return is run as a formula by spreadsheet programs.
// EscapeFormula puts a single quote in front of such a text (and of a text
// that is already one or more quotes followed by one of those characters, so
// that the mapping stays one-to-one); UnescapeFormula removes exactly that
// quote again. UnescapeFormula(EscapeFormula(x)) == x for every x.
std::string EscapeFormula(std::string_view text);
std::string_view UnescapeFormula(std::string_view text);

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace tandem
