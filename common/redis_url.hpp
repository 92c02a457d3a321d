#pragma once
#include <cstdint>
#include <string>

namespace advieslijn {

struct RedisEndpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::string user;  // ACL user; empty: the default user (AUTH with the password alone)
    std::string password;
    int db = 0;
};

// redis://[[user]:password@]host[:port][/db], parsed with Boost.URL; user and password are
// percent-decoded, an IPv6 host comes without its brackets. Throws std::invalid_argument
// with the reason (never echoing the password).
RedisEndpoint parse_redis_url(const std::string& url);

// A sentinel's address, "host:port" (IPv6 in brackets); the port is required.
// Throws std::invalid_argument with the reason.
RedisEndpoint parse_redis_host_port(const std::string& text);

}  // namespace advieslijn
