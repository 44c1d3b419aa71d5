// Qualitative analysis of a program's text (docs/evaluation.md): documents
// (interview and focus-group transcripts, free-text survey answers), a
// codebook nested one level, segments of text a coder marked with a code,
// and themes that gather codes and quotes. Offsets are Unicode code points
// into the document's text, [start, end).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem {

struct QualDocument {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string title;
  std::string source = "upload";  // upload, survey
  std::string text;               // de-identified, confirmed by who added it
  std::int64_t created_by = 0;
  std::string created_at;
};

struct QualCode {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::optional<std::int64_t> parent_id;  // one level of nesting
  std::string name;
  std::string definition;
  std::string example;
};

struct QualSegment {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::int64_t code_id = 0;
  // The coder; none for the agreed coding (after the consensus pass).
  std::optional<std::int64_t> coder_id;
  int start = 0;
  int end = 0;
  std::string created_at;
};

struct QualTheme {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string name;
  std::string description;
  std::vector<std::int64_t> code_ids;
  std::vector<std::int64_t> quote_ids;  // segments quoted as representative
};

// The number of code points of UTF-8 `text` (an invalid byte counts as one).
int CodePointCount(std::string_view text);
// The code points [start, end) of `text` (clamped to it).
std::string CodePointSlice(std::string_view text, int start, int end);
// The units agreement is counted over: the document's non-empty lines, as
// code-point ranges (a transcript's speaker turns, a survey answer each).
std::vector<std::pair<int, int>> CodingUnits(std::string_view text);

}  // namespace tandem
