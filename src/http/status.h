// The one place that maps a tandem::Error to an HTTP status and the JSON error
// body {"error": {"code", "message", "field"}}.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace tandem::http {

// invalid_argument 400, unauthenticated 401, permission_denied 403,
// not_found 404, conflict 409, failed_precondition 409 (422 for
// import problems, see api/), unavailable 503, internal 500.
int StatusFor(ErrorCode code);

// The error response for `error` (content type application/json).
Response ErrorResponse(const Error& error);

// A transport-level error the server answers itself (404 for an unknown API
// path, 405, 408, 413, 431, 500, ...): the same JSON body with `code` (for
// example "not_found", "payload_too_large") and `message`.
Response ErrorResponse(int status, std::string_view code, std::string_view message);

// 422 for a rejected file: {"error": {code, message, field, "problems":
// PROBLEMS}} where `problems_json` is a JSON array of {row, column, reason}.
Response ProblemsResponse(const Error& error, const std::string& problems_json);

}  // namespace tandem::http
