#include "core/deidentify.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.h"

namespace tandem {
namespace {

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '\'' || c == '-'; }

bool IsEmailByte(unsigned char c) {
  return std::isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

void FindEmails(std::string_view text, std::vector<IdentifierSpan>& out) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && IsEmailByte(text[begin - 1])) --begin;
    std::size_t end = at + 1;
    while (end < text.size() && IsEmailByte(text[end])) ++end;
    while (end > at + 1 && text[end - 1] == '.') --end;  // the sentence's full stop
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    if (begin == at || domain.find('.') == std::string_view::npos) continue;
    out.push_back({begin, end, "email"});
  }
}

void FindPhones(std::string_view text, std::vector<IdentifierSpan>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = text[i];
    const bool starts = std::isdigit(c) || ((c == '+' || c == '(') && i + 1 < text.size() &&
                                            std::isdigit(static_cast<unsigned char>(text[i + 1])));
    if (!starts || (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    int digits = 0;
    bool separated = c == '+' || c == '(';
    std::size_t last_digit = i;
    while (end < text.size()) {
      const unsigned char d = text[end];
      if (std::isdigit(d)) {
        if (digits > 0 && last_digit + 1 < end) separated = true;
        ++digits;
        last_digit = end;
      } else if (!(d == ' ' || d == '.' || d == '-' || d == '(' || d == ')' || d == '+')) {
        break;
      }
      ++end;
    }
    const bool glued = last_digit + 1 < text.size() &&
                       std::isalpha(static_cast<unsigned char>(text[last_digit + 1]));
    // Seven to nine digits only with a separator ("555-0142"), so that a
    // PMID or a year range is not taken for a phone number.
    const bool phone = digits <= 15 && (digits >= 10 || (digits >= 7 && separated));
    if (phone && !glued) out.push_back({i, last_digit + 1, "phone"});
    i = std::max(end, i + 1);
  }
}

std::vector<std::string> NameWords(const std::vector<std::string>& names) {
  // Titles, and the roles Tandem gives people: a demo account is called
  // "Demo Coordinator", and "the coordinator" in a comment names nobody.
  static const std::set<std::string> kTitles = {
      "dr",   "dr.",          "mr",     "mr.",    "mrs",       "mrs.",      "ms",
      "ms.",  "prof",         "prof.",  "md",     "phd",       "demo",      "coordinator",
      "team", "coordinators", "mentor", "mentee", "evaluator", "volunteer", "admin"};
  std::set<std::string> words;
  for (const std::string& name : names) {
    const std::string folded = FoldCase(Trim(name));
    if (folded.empty()) continue;
    words.insert(folded);
    std::string untitled;  // "priya desai" of "Dr. Priya Desai"
    std::size_t i = 0;
    while (i < folded.size()) {
      while (i < folded.size() && !IsWordByte(folded[i])) ++i;
      std::size_t end = i;
      while (end < folded.size() && IsWordByte(folded[end])) ++end;
      std::string word = folded.substr(i, end - i);
      const bool title = kTitles.count(word) || kTitles.count(word + ".");
      if (!word.empty() && !title) untitled += (untitled.empty() ? "" : " ") + word;
      if (word.size() >= 3 && !title) words.insert(word);
      i = end;
    }
    if (!untitled.empty()) words.insert(untitled);
  }
  // Longest first, so "Priya Desai" is one name, not two.
  std::vector<std::string> out(words.begin(), words.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

void FindNames(std::string_view text, const std::vector<std::string>& known_names,
               std::vector<IdentifierSpan>& out) {
  const std::vector<std::string> words = NameWords(known_names);
  if (words.empty()) return;
  // Offsets must stay the text's: when folding changed a length (rare
  // letters), only ASCII is lowered.
  std::string folded = FoldCase(text);
  if (folded.size() != text.size()) folded = ToLower(text);
  for (const std::string& word : words) {
    for (std::size_t at = folded.find(word); at != std::string::npos;
         at = folded.find(word, at + 1)) {
      const std::size_t end = at + word.size();
      const bool whole =
          (at == 0 || !IsWordByte(folded[at - 1])) &&
          (end == folded.size() || !IsWordByte(folded[end]) || folded.compare(end, 2, "'s") == 0);
      if (whole) out.push_back({at, end, "name"});
    }
  }
}

}  // namespace

std::vector<IdentifierSpan> FindIdentifiers(std::string_view text,
                                            const std::vector<std::string>& known_names) {
  std::vector<IdentifierSpan> found;
  FindEmails(text, found);
  FindPhones(text, found);
  FindNames(text, known_names, found);
  // Earlier first and, at the same start, the longer; then drop overlaps.
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<IdentifierSpan> out;
  for (IdentifierSpan& span : found) {
    if (!out.empty() && span.begin < out.back().end) continue;
    out.push_back(std::move(span));
  }
  return out;
}

std::string RedactIdentifiers(std::string_view text, const std::vector<std::string>& known_names) {
  std::string out;
  std::size_t at = 0;
  for (const IdentifierSpan& span : FindIdentifiers(text, known_names)) {
    out.append(text.substr(at, span.begin - at));
    out += "[" + span.kind + "]";
    at = span.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace tandem
