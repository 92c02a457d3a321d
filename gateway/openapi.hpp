#pragma once
// The OpenAPI 3.0 document of the gateway's HTTP interface (gateway/openapi.json), embedded
// at build time by gateway/embed_file.cmake and served at GET /v1/openapi.json.
#include <string_view>

namespace advieslijn::gateway {

extern const std::string_view openapi_json;

}  // namespace advieslijn::gateway
