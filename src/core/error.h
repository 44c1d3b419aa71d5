// Domain errors: a small code, a message a person can act on, and for input the
// field (and row) it concerns. Library exceptions are caught at the edge of the
// module that called the library and rethrown as tandem::Error.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace tandem {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kConflict,
  kPermissionDenied,
  kUnauthenticated,
  kFailedPrecondition,
  kUnavailable,
  kInternal,
};

// Stable lowercase name of a code ("invalid_argument", ...), as shown in the API.
std::string_view ErrorCodeName(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::string field = {}, int row = 0)
      : std::runtime_error(message),
        code_(code),
        message_(std::move(message)),
        field_(std::move(field)),
        row_(row) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field or column the error concerns; empty when none.
  const std::string& field() const { return field_; }
  // 1-based row of an input file; 0 when not about a row.
  int row() const { return row_; }

 private:
  ErrorCode code_;
  std::string message_;
  std::string field_;
  int row_;
};

inline Error InvalidArgument(std::string message, std::string field = {}) {
  return Error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}
inline Error NotFound(std::string message) {
  return Error(ErrorCode::kNotFound, std::move(message));
}
inline Error Conflict(std::string message) {
  return Error(ErrorCode::kConflict, std::move(message));
}
inline Error FailedPrecondition(std::string message) {
  return Error(ErrorCode::kFailedPrecondition, std::move(message));
}

}  // namespace tandem
