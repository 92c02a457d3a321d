#pragma once
// What an accounts operation can fail with. The gateway maps each code to one HTTP status
// (in brackets); the user CLI to an exit code.
#include <chrono>
#include <string>

namespace advieslijn::accounts {

enum class AuthErrc {
    invalid_input,        // 400
    exists,               // 409 (user add)
    not_found,            // 404 (user passwd/disable)
    invalid_credentials,  // 401: wrong user, wrong password and disabled look the same
    rate_limited,         // 429
    unavailable,          // 503: Redis down
};

struct AuthError {
    AuthErrc code;
    std::string message;
    std::chrono::seconds retry_after{0};  // for rate_limited
};

}  // namespace advieslijn::accounts
