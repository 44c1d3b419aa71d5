#include "core/csv.h"

#include <set>

#include "core/error.h"
#include "core/text.h"

namespace tandem {

namespace {
constexpr size_t kBlockSize = 1 << 16;
}  // namespace

CsvReader::CsvReader(std::istream& in) : source_(in.rdbuf()), block_(kBlockSize, '\0') {}

int CsvReader::Refill() {
  if (source_ == nullptr) return EOF;
  const std::streamsize got =
      source_->sgetn(block_.data(), static_cast<std::streamsize>(kBlockSize));
  if (got <= 0) {
    source_ = nullptr;
    next_ = end_ = 0;
    return EOF;
  }
  end_ = static_cast<size_t>(got);
  next_ = 1;
  return static_cast<unsigned char>(block_[0]);
}

int CsvReader::Peek() {
  if (next_ == end_) {
    const int c = Refill();
    if (c == EOF) return EOF;
    next_ = 0;
  }
  return static_cast<unsigned char>(block_[next_]);
}

bool CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  if (!ReadRecord()) return false;
  size_t begin = 0;
  for (size_t end : ends_) {
    fields.emplace_back(text_, begin, end - begin);
    begin = end;
  }
  return true;
}

bool CsvReader::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (!ReadRecord()) return false;
  const std::string_view text = text_;
  size_t begin = 0;
  for (size_t end : ends_) {
    fields.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return true;
}

bool CsvReader::ReadRecord() {
  text_.clear();
  ends_.clear();
  int c = Get();
  if (first_) {
    first_ = false;
    // Skip a UTF-8 byte-order mark.
    if (c == 0xEF) {
      if (Get() == 0xBB && Get() == 0xBF) {
        c = Get();
      } else {
        throw Error(ErrorCode::kInvalidArgument, "invalid byte-order mark", "", 1);
      }
    }
  }
  if (c == EOF) return false;
  ++record_;
  size_t field_start = 0;   // where the current field starts in text_
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  for (;; c = Get()) {
    if (quoted) {
      if (c == EOF) {
        throw Error(ErrorCode::kInvalidArgument, "unterminated quoted field", "", record_);
      }
      if (c == '"') {
        if (Peek() == '"') {
          Get();
          text_.push_back('"');
        } else {
          quoted = false;
        }
      } else {
        text_.push_back(static_cast<char>(c));
        // The rest of the quoted text up to the next quote in this block, at once.
        const size_t from = next_;
        while (next_ < end_ && block_[next_] != '"') ++next_;
        text_.append(block_, from, next_ - from);
      }
      continue;
    }
    if (c == ',') {
      ends_.push_back(text_.size());
      field_start = text_.size();
      was_quoted = false;
    } else if (c == '\r' && Peek() == '\n') {
      continue;
    } else if (c == '\n' || c == EOF) {
      ends_.push_back(text_.size());
      return true;
    } else if (c == '"') {
      if (text_.size() != field_start || was_quoted) {
        throw Error(ErrorCode::kInvalidArgument,
                    "stray quote in field " + std::to_string(ends_.size() + 1) +
                        " (quote the whole field and double inner quotes)",
                    "", record_);
      }
      quoted = true;
      was_quoted = true;
    } else {
      if (was_quoted) {
        throw Error(ErrorCode::kInvalidArgument,
                    "text after closing quote in field " + std::to_string(ends_.size() + 1), "",
                    record_);
      }
      text_.push_back(static_cast<char>(c));
      // The rest of the field's plain text in this block, at once.
      const size_t from = next_;
      while (next_ < end_) {
        const char d = block_[next_];
        if (d == ',' || d == '"' || d == '\r' || d == '\n') break;
        ++next_;
      }
      text_.append(block_, from, next_ - from);
    }
  }
}

std::string FormatProblem(const InputProblem& problem) {
  std::string out = "row " + std::to_string(problem.row);
  if (!problem.column.empty()) out += ", column " + problem.column;
  return out + ": " + problem.reason;
}

bool ReadCsvHeader(CsvReader& reader, std::vector<std::string>& names,
                   std::vector<InputProblem>& problems) {
  names.clear();
  try {
    if (!reader.Next(names)) {
      problems.push_back({1, "", "the file is empty; the first row names the columns"});
      return false;
    }
  } catch (const Error& e) {
    problems.push_back({e.row(), "", e.message()});
    return false;
  }
  bool ok = true;
  std::set<std::string> seen;
  for (std::string& name : names) {
    name = std::string(Trim(name));
    if (!name.empty() && !seen.insert(ToLower(name)).second) {
      problems.push_back({1, name, "the column appears twice"});
      ok = false;
    }
  }
  return ok;
}

void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out << f;
      continue;
    }
    out << '"';
    for (char ch : f) {
      if (ch == '"') out << '"';
      out << ch;
    }
    out << '"';
  }
  out << '\n';
}

namespace {

// True when `text` is zero or more quotes followed by a character that makes
// a spreadsheet read the cell as a formula.
bool StartsLikeFormula(std::string_view text) {
  const size_t first = text.find_first_not_of('\'');
  if (first == std::string_view::npos) return false;
  switch (text[first]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string EscapeFormula(std::string_view text) {
  if (!StartsLikeFormula(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 1);
  out.push_back('\'');
  out.append(text);
  return out;
}

std::string_view UnescapeFormula(std::string_view text) {
  if (text.empty() || text.front() != '\'' || !StartsLikeFormula(text.substr(1))) return text;
  return text.substr(1);
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto b = static_cast<unsigned char>(text[i]);
    int extra;
    unsigned min_cp;
    unsigned cp;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      extra = 1, min_cp = 0x80, cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2, min_cp = 0x800, cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3, min_cp = 0x10000, cp = b & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(extra) >= n) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cb = static_cast<unsigned char>(text[i + k]);
      if ((cb & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cb & 0x3F);
    }
    if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace tandem
