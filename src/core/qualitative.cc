#include "core/qualitative.h"

#include <algorithm>

namespace tandem {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The byte offset of code point `index` (the end of the text past it).
std::size_t ByteOf(std::string_view text, int index) {
  std::size_t at = 0;
  for (int n = 0; n < index && at < text.size(); ++n) {
    ++at;
    while (at < text.size() && IsContinuation(static_cast<unsigned char>(text[at]))) ++at;
  }
  return at;
}

}  // namespace

int CodePointCount(std::string_view text) {
  int n = 0;
  for (unsigned char c : text) n += IsContinuation(c) ? 0 : 1;
  return n;
}

std::string CodePointSlice(std::string_view text, int start, int end) {
  start = std::max(start, 0);
  if (end <= start) return {};
  const std::size_t from = ByteOf(text, start);
  const std::size_t to = ByteOf(text, end);
  return std::string(text.substr(from, to - from));
}

std::vector<std::pair<int, int>> CodingUnits(std::string_view text) {
  std::vector<std::pair<int, int>> units;
  int index = 0, line_start = 0;
  bool blank = true;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool at_end = i == text.size();
    const unsigned char c = at_end ? '\n' : static_cast<unsigned char>(text[i]);
    if (!at_end && IsContinuation(c)) continue;
    if (c == '\n') {
      if (!blank) units.emplace_back(line_start, index);
      line_start = index + 1;
      blank = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      blank = false;
    }
    ++index;
  }
  return units;
}

}  // namespace tandem
