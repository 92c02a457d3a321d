#include "gateway/http.hpp"

#include <algorithm>

namespace advieslijn::gateway {

Response json_response(http::status status, std::string body, unsigned version) {
    Response res{status, version};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool url_decode(std::string_view in, std::string& out, bool form) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && form) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return true;
}

std::string query_param(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = pair.find('=');
        std::string key;
        if (!url_decode(pair.substr(0, eq), key) || key != name) continue;
        std::string value;
        if (eq == std::string_view::npos) return value;
        if (!url_decode(pair.substr(eq + 1), value)) return {};
        return value;
    }
    return {};
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    auto trusted = [&](std::string_view a) {
        return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
    };
    if (!trusted(peer)) return std::string(peer);
    // Walk X-Forwarded-For from the right: each trusted hop vouches for the one before it.
    std::string_view rest = forwarded_for;
    while (!rest.empty()) {
        const auto comma = rest.rfind(',');
        std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
        while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t')) hop.remove_prefix(1);
        while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t')) hop.remove_suffix(1);
        if (hop.empty()) continue;
        if (!trusted(hop)) return std::string(hop.substr(0, 64));
    }
    return std::string(peer);
}

}  // namespace advieslijn::gateway
