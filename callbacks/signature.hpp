#pragma once
// HMAC-SHA256 signatures for the outbound escalation webhook. The receiver recomputes
//   X-Advieslijn-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// with the timestamp from X-Advieslijn-Timestamp (Unix seconds), so a captured request
// cannot be replayed later with a new timestamp.
#include <cstdint>
#include <string>
#include <string_view>

namespace advieslijn::callbacks {

std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// "sha256=<hex>" over "<timestamp>.<body>".
std::string sign_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body);

// Constant-time comparison of `signature` with the expected one.
bool verify_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body,
                    std::string_view signature);

}  // namespace advieslijn::callbacks
