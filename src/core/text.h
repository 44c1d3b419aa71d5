// Small text helpers used across modules. ASCII-only case folding: tags and
// keywords are ASCII; names and free text are never case-folded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view Trim(std::string_view text);
// ASCII lower case.
std::string ToLower(std::string_view text);
// Lower case for comparing names typed by people: ASCII, Latin-1, Latin
// Extended-A, Greek and Cyrillic capitals become small letters ("Élodie",
// "ÉLODIE" and "élodie" compare equal); other bytes are kept. Invalid UTF-8
// is lowered as ASCII only.
std::string FoldCase(std::string_view text);
// Splits on `separator`, trims each part and drops empty parts ("a; ;b" -> {a, b}).
std::vector<std::string> SplitList(std::string_view text, char separator = ';');
// Joins with `separator`.
std::string JoinList(const std::vector<std::string>& parts, std::string_view separator = ";");
// True when UTF-8 `text` holds a character no name or text field should: a
// control character (C0 — except tab, and CR/LF when `multiline` — DEL, C1)
// or a bidirectional override or isolate (U+202A..U+202E, U+2066..U+2069),
// which can make a name display as something else.
bool HasControlCharacters(std::string_view text, bool multiline = false);
// Characters (Unicode code points) in well-formed UTF-8 `text`.
size_t CharacterCount(std::string_view text);
// The rule for every name and free-text field: well-formed UTF-8, no
// control or text-direction character (line breaks allowed when
// `multiline`), at most `max_characters` characters. Throws
// kInvalidArgument naming `field`, e.g. "reason has more than 1000 characters".
void CheckText(std::string_view text, const std::string& field, size_t max_characters,
               bool multiline = false);

// `text` as a JSON string literal, quotes included: '"', '\\' and control
// characters escaped; valid UTF-8 kept as it is; in text that is not valid
// UTF-8 every non-ASCII byte becomes U+FFFD, so the result is always JSON.
std::string JsonQuoted(std::string_view text);

// Appends code point `cp` as UTF-8 (nothing for one past U+10FFFF).
void AppendUtf8(std::string& out, std::uint32_t cp);

// `text` safe inside HTML text and attribute values: & < > " ' escaped.
std::string EscapeHtml(std::string_view text);

// True when `a` equals `b`, in time that depends only on their lengths (for
// comparing secrets such as tokens).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// A decimal number as a person writes it in a file's cell: spaces around it
// allowed, an optional sign, digits with an optional fraction and exponent
// ("90", " -1.5 ", "2e3", ".5"). A value too small to represent reads as 0
// ("1e-400"); one too large, hex ("0x1p4"), "inf", "nan" and anything else
// are not numbers: nullopt.
std::optional<double> ParseDecimal(std::string_view text);

}  // namespace tandem
