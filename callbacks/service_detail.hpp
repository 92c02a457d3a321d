#pragma once
// Reply helpers shared by the files that implement callbacks::Service (service.cpp,
// erasure.cpp); not part of the library's interface.
#include <string>

#include "callbacks/result.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::callbacks::detail {

// Redis said no, or never answered: `unavailable` for transport trouble and a busy or loading
// Redis, `internal` (logged) for anything else.
Error redis_error(const RedisResult& r, const char* what);
// The status word that starts every script's reply ("ok", "not_found", …); empty if none.
const std::string& status_of(const RedisReply& r);

}  // namespace advieslijn::callbacks::detail
