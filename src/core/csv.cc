#include "core/csv.h"

#include "core/error.h"

namespace tandem {

bool CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  int c = in_.get();
  if (first_) {
    first_ = false;
    // Skip a UTF-8 byte-order mark.
    if (c == 0xEF) {
      if (in_.get() == 0xBB && in_.get() == 0xBF) {
        c = in_.get();
      } else {
        throw Error(ErrorCode::kInvalidArgument, "invalid byte-order mark", "", 1);
      }
    }
  }
  if (c == EOF) return false;
  ++record_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  for (;; c = in_.get()) {
    if (quoted) {
      if (c == EOF) {
        throw Error(ErrorCode::kInvalidArgument, "unterminated quoted field", "", record_);
      }
      if (c == '"') {
        if (in_.peek() == '"') {
          in_.get();
          field.push_back('"');
        } else {
          quoted = false;
        }
      } else {
        field.push_back(static_cast<char>(c));
      }
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && in_.peek() == '\n') {
      continue;
    } else if (c == '\n' || c == EOF) {
      fields.push_back(std::move(field));
      return true;
    } else if (c == '"') {
      if (!field.empty() || was_quoted) {
        throw Error(ErrorCode::kInvalidArgument,
                    "stray quote in field " + std::to_string(fields.size() + 1) +
                        " (quote the whole field and double inner quotes)",
                    "", record_);
      }
      quoted = true;
      was_quoted = true;
    } else {
      if (was_quoted) {
        throw Error(ErrorCode::kInvalidArgument,
                    "text after closing quote in field " + std::to_string(fields.size() + 1), "",
                    record_);
      }
      field.push_back(static_cast<char>(c));
    }
  }
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
