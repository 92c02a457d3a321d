#include "gateway/request_id.hpp"

#include <random>

namespace advieslijn::gateway {

bool valid_request_id(std::string_view id) {
    if (id.empty() || id.size() > max_request_id_length) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string new_request_id() {
    // Unique, not secret: an id names a request in logs, it grants nothing.
    thread_local std::mt19937_64 random{std::random_device{}()};
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int half = 0; half < 2; ++half) {
        std::uint64_t bits = random();
        for (int i = 0; i < 16; ++i, bits >>= 4) out += hex[bits & 0xf];
    }
    return out;
}

std::string request_id_for(std::string_view header) {
    return valid_request_id(header) ? std::string(header) : new_request_id();
}

}  // namespace advieslijn::gateway
