#pragma once
#include <cstdint>
#include <string>

namespace advieslijn {

struct RedisEndpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::string password;
    int db = 0;
};

// redis://[:password@]host[:port][/db]. Throws std::invalid_argument with the reason.
RedisEndpoint parse_redis_url(const std::string& url);

}  // namespace advieslijn
