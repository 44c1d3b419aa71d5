#include "http/status.h"

#include <nlohmann/json.hpp>

namespace tandem::http {
namespace {

nlohmann::json ErrorObject(std::string_view code, std::string_view message,
                           std::string_view field) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  return error;
}

Response JsonError(int status, const nlohmann::json& error) {
  Response response;
  response.status = status;
  // Replace invalid UTF-8 rather than throw: messages may quote user input.
  response.body = nlohmann::json{{"error", error}}.dump(-1, ' ', false,
                                                        nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Error& error) {
  nlohmann::json body = ErrorObject(ErrorCodeName(error.code()), error.message(), error.field());
  if (error.row() > 0) body["row"] = error.row();
  return JsonError(StatusFor(error.code()), body);
}

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  return JsonError(status, ErrorObject(code, message, {}));
}

Response ProblemsResponse(const Error& error, const std::string& problems_json) {
  nlohmann::json body = ErrorObject(ErrorCodeName(error.code()), error.message(), error.field());
  nlohmann::json problems = nlohmann::json::parse(problems_json, nullptr, false);
  body["problems"] = problems.is_discarded() ? nlohmann::json::array() : std::move(problems);
  return JsonError(422, body);
}

}  // namespace tandem::http
