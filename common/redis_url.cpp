#include "common/redis_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <stdexcept>

namespace advieslijn {

namespace urls = boost::urls;

namespace {

std::uint16_t checked_port(const urls::url_view& u) {
    // Boost.URL accepts any digits as a port (and an empty one after the colon); Redis
    // needs 1..65535, so the text is checked here rather than trusting port_number()'s
    // truncation.
    const std::string text(u.port());
    if (text.empty()) throw std::invalid_argument("port is empty");
    if (text.size() > 5) throw std::invalid_argument("port must be a number from 1 to 65535");
    const int port = std::stoi(text);
    if (port < 1 || port > 65535)
        throw std::invalid_argument("port must be a number from 1 to 65535");
    return static_cast<std::uint16_t>(port);
}

std::string checked_host(const urls::url_view& u) {
    if (u.host_type() == urls::host_type::ipvfuture)
        throw std::invalid_argument("host must be a name or an IP address");
    std::string host = u.host_address();
    if (host.empty()) throw std::invalid_argument("host is missing");
    return host;
}

}  // namespace

RedisEndpoint parse_redis_url(const std::string& url) {
    auto parsed = urls::parse_uri(url);
    // Boost.URL's message names the grammar rule; the operator needs the shape we expect.
    if (!parsed) throw std::invalid_argument("not a URL (expected redis://[user:password@]host[:port][/db])");
    const urls::url_view u = *parsed;
    if (u.scheme_id() != urls::scheme::unknown || u.scheme() != "redis")
        throw std::invalid_argument("must start with redis://");
    if (!u.has_authority()) throw std::invalid_argument("host is missing");
    if (u.has_query() || u.has_fragment())
        throw std::invalid_argument("query and fragment are not supported");

    RedisEndpoint ep;
    ep.host = checked_host(u);
    if (u.has_port()) ep.port = checked_port(u);
    if (u.has_userinfo()) {
        // "redis://:secret@h" (no user) is the classic form for requirepass; "redis://secret@h"
        // (no colon) has been read as a password by redis-cli and many clients too.
        if (u.has_password()) {
            ep.user = u.user();
            ep.password = u.password();
        } else {
            ep.password = u.user();
        }
        if (!ep.user.empty() && ep.password.empty())
            throw std::invalid_argument("an ACL user needs a password");
    }
    std::string path = u.path();  // decoded
    if (!path.empty()) {
        if (path.front() == '/') path.erase(0, 1);
        if (!path.empty()) {
            if (path.find_first_not_of("0123456789") != std::string::npos || path.size() > 2)
                throw std::invalid_argument("database must be a number from 0 to 99");
            ep.db = std::stoi(path);
        }
    }
    return ep;
}

RedisEndpoint parse_redis_host_port(const std::string& text) {
    // Parsed as the authority of a redis:// URL, so names, IPv4 and [IPv6] follow the same
    // rules as redis.url; a user or a path has no place here.
    if (text.find_first_of("@/?#") != std::string::npos)
        throw std::invalid_argument("expected host:port");
    const std::string url = "redis://" + text;
    RedisEndpoint ep = parse_redis_url(url);
    if (!urls::parse_uri(url)->has_port())
        throw std::invalid_argument("expected host:port (the port is required)");
    return ep;
}

}  // namespace advieslijn
