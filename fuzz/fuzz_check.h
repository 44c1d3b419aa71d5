// What the harnesses under fuzz/ share: a check that stops the run like a
// crash, so that libFuzzer keeps the input that broke a property.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace tandem::fuzz {

// Prints `what` and aborts when `condition` is false (libFuzzer reports the
// abort as a crash and writes the input to crash-<sha1>).
inline void Check(bool condition, std::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace tandem::fuzz
