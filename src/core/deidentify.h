// Finding what identifies a person in free text (docs/evaluation.md):
// e-mail addresses, phone numbers and the names of people Tandem knows.
// Evaluators read free text only with these replaced; an uploader sees them
// highlighted to confirm.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

struct IdentifierSpan {
  std::size_t begin = 0;  // byte offsets into the text, end exclusive
  std::size_t end = 0;
  std::string kind;  // "email", "phone" or "name"
};

// The identifiers in `text`, in order, not overlapping. Names: every known
// full name and each of its words of three or more letters (titles such as
// "Dr." and role words such as "Coordinator" left out), matched whole-word
// and without regard to case. Phone
// numbers: runs of digits with spaces, dots, dashes, parentheses or a
// leading "+" holding 10 to 15 digits, or 7 to 9 with a separator. Pure.
std::vector<IdentifierSpan> FindIdentifiers(std::string_view text,
                                            const std::vector<std::string>& known_names);

// `text` with each identifier replaced by "[email]", "[phone]" or "[name]".
std::string RedactIdentifiers(std::string_view text, const std::vector<std::string>& known_names);

}  // namespace tandem
