// docs/openapi.yaml, embedded at build time (cmake/embed_file.cmake).
#pragma once

#include <string_view>

namespace tandem::api {

// The OpenAPI document served at GET /api/v1/openapi.yaml.
std::string_view OpenApiDocument();

}  // namespace tandem::api
