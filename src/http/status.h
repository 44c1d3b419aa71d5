// The one place that maps a tandem::Error to an HTTP status and the JSON error
// body {"error": {"code", "message", "field"}}.
#pragma once

#include <string>

#include "core/error.h"
#include "http/message.h"

namespace tandem::http {

// invalid_argument 400, unauthenticated 401, permission_denied 403,
// not_found 404, conflict 409, failed_precondition 409 (422 for
// import problems, see api/), unavailable 503, internal 500.
int StatusFor(ErrorCode code);

// The error response for `error` (content type application/json).
Response ErrorResponse(const Error& error);

// 422 for a rejected file: {"error": {code, message, field, "problems":
// PROBLEMS}} where `problems_json` is a JSON array of {row, column, reason}.
Response ProblemsResponse(const Error& error, const std::string& problems_json);

}  // namespace tandem::http
