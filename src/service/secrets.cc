// Tokens, their hashes and password hashing (service/secrets.h, HashPassword in
// service/accounts.h), on libsodium; token hashes on OpenSSL (see HashToken).
#include "service/secrets.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <memory>
#include <semaphore>
#include <thread>

#include "core/error.h"
#include "service/accounts.h"

namespace tandem::service {

namespace {

void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw Error(ErrorCode::kInternal, "libsodium could not be initialised");
}

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenChars = 43;  // base64url without padding of 32 bytes

// Concurrent argon2id computations (each takes 64 MiB).
std::counting_semaphore<64>& HashSlots() {
  static std::counting_semaphore<64> slots(
      std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 2, 8));
  return slots;
}

struct HashSlot {
  HashSlot() { HashSlots().acquire(); }
  ~HashSlot() { HashSlots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

}  // namespace

namespace internal {

// 32 random bytes, base64url without padding.
std::string NewToken() {
  InitSodium();
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, kTokenChars + 1> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(text.data(), kTokenChars);
}

// True when `token` looks like NewToken's output (so garbage never reaches the database).
bool IsWellFormedToken(const std::string& token) {
  return token.size() == kTokenChars && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

// Hex SHA-256 of a token: what the database stores and looks up, so that a
// lookup compares hashes, never the secret, and a leaked table gives no tokens.
std::string HashToken(const std::string& token) {
  // OpenSSL's SHA-256, not libsodium's: it uses the CPU's SHA instructions
  // where there are some, and every signed-in request hashes its cookie
  // (libsodium's portable code: 4,900 instructions a request). The digest is
  // fetched once; a context per thread is reused.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (sha256 == nullptr || !context || EVP_DigestInit_ex2(context.get(), sha256, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), token.data(), token.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1 || length != 32) {
    throw Error(ErrorCode::kInternal, "SHA-256 is unavailable");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(64, '0');
  for (unsigned i = 0; i < 32; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  InitSodium();
  HashSlot slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// A hash of a random password: checked against when the e-mail is unknown or
// the user has no password, so that those answers take as long as a wrong password.
const std::string& DummyHash() {
  static const std::string hash = HashPassword(NewToken());
  return hash;
}

}  // namespace internal

std::string HashPassword(const std::string& password) {
  InitSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  HashSlot slot;
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw Error(ErrorCode::kUnavailable, "out of memory while hashing a password; try again");
  }
  return std::string(out.data());
}

namespace internal {

std::string ToBase64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> FromBase64(std::string_view text) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), "\r\n", &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  bytes.resize(length);
  return bytes;
}

}  // namespace internal

}  // namespace tandem::service
