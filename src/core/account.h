// User accounts: the person behind enrolments, and the rules for e-mail
// addresses and passwords. No I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tandem {

struct User {
  std::int64_t id = 0;
  std::string email;  // normalised (NormalizeEmail); may be empty for imported people
  std::string name;
  bool is_admin = false;
  bool disabled = false;
  bool has_password = false;
  std::string created_at;
};

// Trimmed and lower-cased. Throws tandem::Error(kInvalidArgument, field
// "email") when it is not a plausible address (one '@', a dot in the domain,
// no spaces, at most 254 characters).
std::string NormalizeEmail(std::string_view email);

// Minimum password rules: 10 to 1024 bytes of valid UTF-8, not all one
// character, not equal to the e-mail address. Throws
// tandem::Error(kInvalidArgument, field "password") saying which rule failed.
void ValidatePassword(std::string_view password, std::string_view email);

}  // namespace tandem
