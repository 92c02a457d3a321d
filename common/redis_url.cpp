#include "common/redis_url.hpp"

#include <stdexcept>

namespace advieslijn {

RedisEndpoint parse_redis_url(const std::string& url) {
    const std::string scheme = "redis://";
    if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("must start with redis://");
    std::string rest = url.substr(scheme.size());
    RedisEndpoint ep;
    if (auto at = rest.rfind('@'); at != std::string::npos) {
        std::string auth = rest.substr(0, at);
        auto colon = auth.find(':');
        ep.password = colon == std::string::npos ? auth : auth.substr(colon + 1);
        rest = rest.substr(at + 1);
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        std::string db = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
        if (!db.empty()) {
            if (db.find_first_not_of("0123456789") != std::string::npos || db.size() > 2)
                throw std::invalid_argument("database must be a number");
            ep.db = std::stoi(db);
        }
    }
    if (auto colon = rest.rfind(':'); colon != std::string::npos) {
        std::string port = rest.substr(colon + 1);
        if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
            port.size() > 5 || std::stoi(port) > 65535 || std::stoi(port) == 0)
            throw std::invalid_argument("port must be a number from 1 to 65535");
        ep.port = static_cast<std::uint16_t>(std::stoi(port));
        rest = rest.substr(0, colon);
    }
    if (rest.empty()) throw std::invalid_argument("host is missing");
    ep.host = rest;
    return ep;
}

}  // namespace advieslijn
