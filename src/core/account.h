// User accounts: the person behind enrollments, and the rules for e-mail
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

// Password rules (NIST SP 800-63B: length, and no password an attacker
// tries first): valid UTF-8 of at least 10 characters and at most 1024
// bytes; at least 4 different characters; not a keyboard or alphabet run
// ("qwertyuiop", "0123456789"), nor a common password or a common word
// with digits and symbols added ("Password123!", "tandem2026"); not the
// e-mail address. Throws tandem::Error(kInvalidArgument, field "password")
// saying which rule failed.
void ValidatePassword(std::string_view password, std::string_view email);

}  // namespace tandem
