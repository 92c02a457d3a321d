#include "gateway/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace advieslijn::gateway {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        const auto end = path.find('/', i);
        parts.push_back(path.substr(i, end == std::string_view::npos ? end : end - i));
        if (end == std::string_view::npos) break;
        i = end;
    }
    return parts;
}

bool is_param(const std::string& s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool is_rest(const std::string& s) { return is_param(s) && s.ends_with("...}"); }

}  // namespace

void Router::add(http::verb method, std::string pattern, Handler handler) {
    Route r{method, pattern, {}, std::move(handler)};
    for (auto part : split_path(pattern)) r.segments.emplace_back(part);
    for (std::size_t i = 0; i + 1 < r.segments.size(); ++i)
        if (is_rest(r.segments[i]))
            throw std::invalid_argument("router: {name...} must be last in " + pattern);
    routes_.push_back(std::move(r));
}

bool Router::match_segments(const Route& r, const std::vector<std::string_view>& parts,
                            std::map<std::string, std::string, std::less<>>* params) {
    const bool rest = !r.segments.empty() && is_rest(r.segments.back());
    if (rest ? parts.size() < r.segments.size() : parts.size() != r.segments.size())
        return false;
    for (std::size_t i = 0; i < r.segments.size(); ++i) {
        const std::string& seg = r.segments[i];
        if (is_rest(seg)) {
            if (params) {
                std::string joined;
                for (std::size_t j = i; j < parts.size(); ++j) {
                    if (j > i) joined += '/';
                    joined += parts[j];
                }
                (*params)[seg.substr(1, seg.size() - 5)] = std::move(joined);
            }
            return true;
        }
        if (is_param(seg)) {
            std::string value;
            if (!url_decode(parts[i], value, false) || value.empty()) return false;
            if (params) (*params)[seg.substr(1, seg.size() - 2)] = std::move(value);
        } else if (seg != parts[i]) {
            return false;
        }
    }
    return true;
}

RouteMatch Router::match(http::verb method, std::string_view path) const {
    const auto parts = split_path(path);
    RouteMatch m;
    std::vector<std::string> allowed;
    // A HEAD request is served by the GET route (the server drops the body).
    const http::verb wanted = method == http::verb::head ? http::verb::get : method;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const Route& r = routes_[i];
        if (!match_segments(r, parts, nullptr)) continue;
        if (r.method == wanted) {
            m.kind = RouteMatch::Kind::found;
            m.index = i;
            m.handler = &r.handler;
            m.route = r.pattern;
            match_segments(r, parts, &m.params);
            return m;
        }
        std::string name(http::to_string(r.method));
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            allowed.push_back(name);
        if (r.method == http::verb::get &&
            std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end())
            allowed.push_back("HEAD");
    }
    if (!allowed.empty()) {
        m.kind = RouteMatch::Kind::method_not_allowed;
        for (const auto& a : allowed) m.allow += (m.allow.empty() ? "" : ", ") + a;
    }
    return m;
}

std::vector<std::pair<std::string, std::string>> Router::labels() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : routes_) out.emplace_back(r.pattern, std::string(http::to_string(r.method)));
    return out;
}

}  // namespace advieslijn::gateway
