#include "core/account.h"

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"

namespace tandem {
namespace {

constexpr size_t kMaxEmail = 254;
constexpr size_t kMinPassword = 10;
constexpr size_t kMaxPassword = 1024;

// Length in bytes of the UTF-8 sequence starting with `lead` (valid input assumed).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  return 4;
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
  if (password.size() < kMinPassword) {
    throw fail("the password must have at least " + std::to_string(kMinPassword) + " characters");
  }
  if (password.size() > kMaxPassword) {
    throw fail("the password must have at most " + std::to_string(kMaxPassword) + " bytes");
  }
  if (!IsValidUtf8(password)) throw fail("the password is not valid UTF-8");
  const size_t first = SequenceLength(static_cast<unsigned char>(password[0]));
  bool all_same = password.size() % first == 0;
  for (size_t i = first; all_same && i < password.size(); i += first) {
    all_same = password.substr(i, first) == password.substr(0, first);
  }
  if (all_same) throw fail("the password must not be one character repeated");
  if (!email.empty() && ToLower(Trim(password)) == ToLower(Trim(email))) {
    throw fail("the password must not be the e-mail address");
  }
}

}  // namespace tandem
