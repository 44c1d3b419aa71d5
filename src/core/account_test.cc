#include "core/account.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

TEST(NormalizeEmail, TrimsAndLowerCases) {
  const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"ana@uhn.ca", "ana@uhn.ca"},
      {"  Ana.Ruiz@UHN.ca \t", "ana.ruiz@uhn.ca"},
      {"first+tag@sub.example.org", "first+tag@sub.example.org"},
      {"X@Y.Z", "x@y.z"},
  };
  for (const auto& c : cases) EXPECT_EQ(NormalizeEmail(c.in), c.out) << c.in;
}

TEST(NormalizeEmail, RejectsImplausibleAddressesNamingTheField) {
  const std::string long_local(250, 'a');
  const char* cases[] = {"",
                         "   ",
                         "ana",
                         "ana@",
                         "@uhn.ca",
                         "ana@uhn",
                         "ana@.ca",
                         "ana@uhn.",
                         "ana@uhn..ca",
                         "ana@@uhn.ca",
                         "a@b@uhn.ca",
                         "ana ruiz@uhn.ca",
                         "ana,ruiz@uhn.ca",
                         "<ana@uhn.ca>",
                         "ana\"@uhn.ca",
                         "ana\x01@uhn.ca",
                         "ana\xff@uhn.ca"};
  std::vector<std::string> all(std::begin(cases), std::end(cases));
  all.push_back(long_local + "@uhn.ca");
  for (const std::string& c : all) {
    try {
      NormalizeEmail(c);
      ADD_FAILURE() << "accepted \"" << c << "\"";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << c;
      EXPECT_EQ(e.field(), "email") << c;
      EXPECT_FALSE(e.message().empty()) << c;
    }
  }
}

TEST(ValidatePassword, AppliesEveryRule) {
  const struct {
    std::string password;
    std::string email;
    const char* fails_with;  // part of the message; nullptr when accepted
  } cases[] = {
      {"tandem-demo-2026", "ana@uhn.ca", nullptr},
      {"correct horse battery", "", nullptr},
      {"ümlaut-pässwörd", "", nullptr},
      {"mentee-password-1", "", nullptr},  // a common word among others
      {"\xc3\xa9\xc3\xa9\xc3\xa9-summer-\xc3\xa9\xc3\xa9", "", nullptr},  // not just "summer"
      {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9esummer\xe6\x97\xa5\xe6\x9c\xac", "", nullptr},
      {"!!Summer2026", "", "attacker tries"},
      {"8462019375", "", nullptr},  // random digits
      {"0123456789", "", "attacker tries"},
      {"9876543210", "", "attacker tries"},
      {"qwertyuiop", "", "attacker tries"},
      {"QWERTYuiop", "", "attacker tries"},
      {"1q2w3e4r5t", "", "attacker tries"},
      {"Password123!", "", "attacker tries"},
      {"password12", "", "attacker tries"},
      {"Tandem2026!", "", "attacker tries"},
      {"!!Welcome2026", "", "attacker tries"},
      {"abababababab", "", "4 different characters"},
      {"123123123123", "", "4 different characters"},
      {"aaaaaaaaab", "", "4 different characters"},
      {"\xf0\x9f\x98\x80\xf0\x9f\x98\x81\xf0\x9f\x98\x82", "", "at least 10"},  // 3 emoji, 12 bytes
      {"\xc3\xa9\xc3\xa0\xc3\xa9\xc3\xa0\xc3\xa9", "", "at least 10"},  // 5 characters, 10 bytes
      {"short", "", "at least 10"},
      {"123456789", "", "at least 10"},
      {"", "", "at least 10"},
      {std::string(1025, 'x') + "y", "", "at most 1024"},
      {"aaaaaaaaaaaa", "", "one character repeated"},
      {"éééééééééé", "", "one character repeated"},
      {"valid\xff-but-not-utf8", "", "UTF-8"},
      {"ana@uhn.ca1", "ana@uhn.ca1", "e-mail"},
      {"Ana@UHN.ca1", "ana@uhn.ca1", "e-mail"},
  };
  for (const auto& c : cases) {
    try {
      ValidatePassword(c.password, c.email);
      EXPECT_EQ(c.fails_with, nullptr) << "accepted \"" << c.password << "\"";
    } catch (const Error& e) {
      ASSERT_NE(c.fails_with, nullptr) << "rejected \"" << c.password << "\": " << e.message();
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.field(), "password");
      EXPECT_NE(e.message().find(c.fails_with), std::string::npos)
          << "\"" << c.password << "\": " << e.message();
    }
  }
}

}  // namespace
}  // namespace tandem
