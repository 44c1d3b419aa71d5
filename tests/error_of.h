// For the service-level tests: the tandem::Error a call throws.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace tandem::testing {

// The error `fn` throws; a test failure (and kInternal) when it throws none.
template <typename F>
Error ErrorOf(F&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorCode::kInternal, "no error");
}

// "code/field" of the error `fn` throws, so that one comparison shows both.
template <typename F>
std::string CodeAndField(F&& fn) {
  const Error e = ErrorOf(std::forward<F>(fn));
  return std::string(ErrorCodeName(e.code())) + "/" + e.field();
}

}  // namespace tandem::testing
