#include "core/account.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"

namespace tandem {
namespace {

constexpr size_t kMaxEmail = 254;
// Length in bytes of the UTF-8 sequence starting with `lead` (valid input assumed).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  return 4;
}

constexpr size_t kMinPassword = 10;
constexpr size_t kMaxPassword = 1024;
constexpr size_t kMinDistinct = 4;

// Rows of keys and letters people run along; a password inside one of them,
// either way, is guessed at once.
constexpr std::string_view kRuns[] = {
    "01234567890123456789",       "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp", "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",       "a1b2c3d4e5f6g7h8i9j0",
    "azertyuiopqsdfghjklmwxcvbn", "qwertzuiopasdfghjklyxcvbnm",
};

// Words at the start of the most common passwords (breach lists), and words
// of this service and field that a guesser tries with digits and symbols
// added ("Password123!", "Tandem2026").
constexpr std::string_view kCommonWords[] = {
    "password", "passw0rd",  "p@ssword",   "p@ssw0rd",      "pass",        "qwerty",   "letmein",
    "welcome",  "iloveyou",  "admin",      "administrator", "changeme",    "secret",   "default",
    "login",    "master",    "monkey",     "dragon",        "sunshine",    "princess", "football",
    "baseball", "superman",  "batman",     "starwars",      "trustno",     "whatever", "freedom",
    "computer", "internet",  "hello",      "michael",       "jennifer",    "charlie",  "shadow",
    "summer",   "winter",    "spring",     "autumn",        "january",     "tandem",   "mentor",
    "mentee",   "mentoring", "mentorship", "hematology",    "haematology", "oncology", "cancer",
    "doctor",   "nurse",     "hospital",   "fellow",        "fellowship",  "survivor", "abc",
    "qwe",      "asd",       "zxc",        "aaa",           "test",        "user",     "guest",
};

// Count of different characters (code points) in valid UTF-8 `text`.
size_t DistinctCharacters(std::string_view text) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < text.size();) {
    const size_t n = SequenceLength(static_cast<unsigned char>(text[i]));
    seen.insert(text.substr(i, n));
    i += n;
  }
  return seen.size();
}

// True for a run along kRuns (either way) or a common word with only
// digits and symbols around it.
bool IsPredictable(std::string_view password) {
  const std::string lower = ToLower(password);
  std::string reversed(lower.rbegin(), lower.rend());
  for (std::string_view run : kRuns) {
    if (run.find(lower) != std::string_view::npos || run.find(reversed) != std::string_view::npos) {
      return true;
    }
  }
  // Letters: ASCII ones, and every byte of a non-ASCII character (a letter
  // in most scripts), so "éé-summer-éé" keeps its word whole.
  const auto letter = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalpha(u) != 0;
  };
  const size_t first =
      static_cast<size_t>(std::find_if(lower.begin(), lower.end(), letter) - lower.begin());
  const size_t last = static_cast<size_t>(
      std::find_if(lower.rbegin(), lower.rend(), letter).base() - lower.begin());
  if (first >= last) return false;  // no letter: digits and symbols only
  const std::string_view word = std::string_view(lower).substr(first, last - first);
  for (std::string_view common : kCommonWords) {
    if (word == common) return true;
  }
  return false;
}

}  // namespace

std::string NormalizeEmail(std::string_view email) {
  const std::string e = ToLower(Trim(email));
  const auto fail = [](const std::string& why) { return InvalidArgument(why, "email"); };
  if (e.empty()) throw fail("an e-mail address is required");
  if (e.size() > kMaxEmail) {
    throw fail("the e-mail address is longer than " + std::to_string(kMaxEmail) + " characters");
  }
  for (char c : e) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') {
      throw fail("the e-mail address must not contain spaces, quotes, ',', ';', '<' or '>'");
    }
  }
  if (!IsValidUtf8(e)) throw fail("the e-mail address is not valid UTF-8");
  const size_t at = e.find('@');
  if (at == std::string::npos || e.find('@', at + 1) != std::string::npos) {
    throw fail("\"" + e + "\" is not an e-mail address: it needs exactly one '@'");
  }
  if (at == 0) throw fail("\"" + e + "\" is not an e-mail address: nothing before the '@'");
  const std::string_view domain = std::string_view(e).substr(at + 1);
  const size_t dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    throw fail("\"" + e +
               "\" is not an e-mail address: the part after '@' needs a domain such "
               "as example.org");
  }
  return e;
}

void ValidatePassword(std::string_view password, std::string_view email) {
  const auto fail = [](const std::string& why) { return InvalidArgument(why, "password"); };
  if (!IsValidUtf8(password)) throw fail("the password is not valid UTF-8");
  if (CharacterCount(password) < kMinPassword) {
    throw fail("the password must have at least " + std::to_string(kMinPassword) + " characters");
  }
  if (password.size() > kMaxPassword) {
    throw fail("the password must have at most " + std::to_string(kMaxPassword) + " bytes");
  }
  const size_t distinct = DistinctCharacters(password);
  if (distinct == 1) throw fail("the password must not be one character repeated");
  if (distinct < kMinDistinct) {
    throw fail("the password must use at least " + std::to_string(kMinDistinct) +
               " different characters");
  }
  if (IsPredictable(password)) {
    throw fail(
        "this password is among the first an attacker tries; three or four unrelated words "
        "make a strong one");
  }
  if (!email.empty() && ToLower(Trim(password)) == ToLower(Trim(email))) {
    throw fail("the password must not be the e-mail address");
  }
}

}  // namespace tandem
