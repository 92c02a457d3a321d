#pragma once
// The one mapping of a callbacks error onto the JSON error shape (gateway/http.hpp json_error).
#include "callbacks/result.hpp"
#include "gateway/http.hpp"

namespace advieslijn::gateway {

Response error_response(const callbacks::Error& e);

}  // namespace advieslijn::gateway
