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

std::optional<nlohmann::json> parse_json_body(const Request& req, Response& error) {
    const auto type = req[http::field::content_type];
    if (type.substr(0, type.find(';')) != "application/json") {
        error = json_error(http::status::unsupported_media_type, "unsupported_media_type",
                           "Send the body as application/json.");
        return std::nullopt;
    }
    auto body = nlohmann::json::parse(req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        error = json_error(http::status::bad_request, "invalid_json",
                           "The body must be one JSON object.");
        return std::nullopt;
    }
    return body;
}

std::string cross_origin(const Request& req) {
    const std::string origin(req[http::field::origin]);
    const std::string host(req[http::field::host]);
    // A page served by the line itself (the demo page, the consoles) is same-origin.
    if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return {};
    return origin;
}

bool origin_allowed(const Request& req, const std::vector<std::string>& allowed) {
    const std::string origin = cross_origin(req);
    if (origin.empty()) return true;  // not a browser's cross-origin call
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

bool any_tenant_allows(const Request& req, const std::vector<Tenant>& tenants) {
    return std::any_of(tenants.begin(), tenants.end(),
                       [&](const Tenant& t) { return origin_allowed(req, t.allowed_origins); }) ||
           cross_origin(req).empty();
}

Response cors_preflight(const Request& req, const std::vector<Tenant>& tenants) {
    if (!any_tenant_allows(req, tenants))
        return json_error(http::status::forbidden, "origin_not_allowed",
                          "This site may not use the advice line.");
    Response res{http::status::no_content, 11};
    add_cors_headers(req, res);
    res.set(http::field::access_control_allow_methods, "GET, POST, DELETE, OPTIONS");
    res.set(http::field::access_control_allow_headers, "Content-Type, Idempotency-Key");
    res.set(http::field::access_control_max_age, "600");
    return res;
}

void add_cors_headers(const Request& req, Response& res) {
    const auto origin = req[http::field::origin];
    if (origin.empty()) return;
    res.set(http::field::access_control_allow_origin, origin);
    res.set(http::field::vary, "Origin");
}

}  // namespace advieslijn::gateway
