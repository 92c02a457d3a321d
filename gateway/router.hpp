#pragma once
// Method + path routing with `{name}` path parameters. Built at start-up, then read-only,
// so matching needs no lock.
#include <optional>
#include <string>
#include <vector>

#include "gateway/http.hpp"

namespace advieslijn::gateway {

struct RouteMatch {
    enum class Kind { found, not_found, method_not_allowed } kind = Kind::not_found;
    const Handler* handler = nullptr;
    std::string route;  // the pattern, as a metrics label
    std::map<std::string, std::string, std::less<>> params;
    std::string allow;  // for 405: the methods the path does accept
    std::size_t index = 0;  // of the route, in the order added
};

class Router {
public:
    // Pattern segments are literals or `{name}`; a last segment `{name...}` takes the rest.
    void add(http::verb method, std::string pattern, Handler handler);
    RouteMatch match(http::verb method, std::string_view path) const;
    // (pattern, method) of every route, in the order added (for metrics labels).
    std::vector<std::pair<std::string, std::string>> labels() const;

private:
    struct Route {
        http::verb method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    static bool match_segments(const Route& r, const std::vector<std::string_view>& parts,
                               std::map<std::string, std::string, std::less<>>* params);
    std::vector<Route> routes_;
};

}  // namespace advieslijn::gateway
