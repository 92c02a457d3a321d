#include "gateway/map_api.hpp"

#include <charconv>

namespace advieslijn::gateway {

namespace {

std::optional<int> whole_number(const std::string& s) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::string parse_map_query(std::string_view query, social_map::Query& q) {
    q.topic = query_param(query, "topic");
    if (q.topic.size() > 100) return "topic is longer than 100 bytes.";
    if (auto problem = social_map::parse_risks(query_param(query, "risk"), q.risks); !problem.empty())
        return problem + " (see common/risk_categories.hpp).";
    if (const auto age = query_param(query, "age"); !age.empty()) {
        q.age = whole_number(age);
        if (!q.age || *q.age < social_map::pregnancy || *q.age > social_map::max_age)
            return "age must be a whole number from -1 (pregnancy) to 23.";
    }
    if (const auto pc = query_param(query, "postcode"); !pc.empty()) {
        q.postcode = social_map::parse_postcode(pc);
        if (!q.postcode) return "postcode must be a Dutch postcode: four digits, optionally two letters (1234 or 1234 AB).";
    }
    if (const auto limit = query_param(query, "limit"); !limit.empty()) {
        const auto n = whole_number(limit);
        if (!n || *n < 1 || *n > static_cast<int>(social_map::max_results))
            return "limit must be a whole number from 1 to " + std::to_string(social_map::max_results) + ".";
        q.limit = static_cast<std::size_t>(*n);
    }
    return {};
}

void MapApi::add_routes(Router& r) {
    r.add(http::verb::get, "/v1/map/search", [this](RequestContext& ctx) { return search(ctx); });
    r.add(http::verb::options, "/v1/map/search", [this](RequestContext& ctx) -> asio::awaitable<Response> {
        co_return cors_preflight(ctx.request, tenants_.tenants());
    });
}

asio::awaitable<Response> MapApi::search(RequestContext& ctx) {
    // With a site key: the public search of a CJG's website; else a signed-in staff member's.
    const std::string site_key = query_param(ctx.query, "site_key");
    const Tenant* tenant = nullptr;
    if (!site_key.empty()) {
        tenant = tenants_.by_site_key(site_key);
        if (!tenant || !origin_allowed(ctx.request, tenant->allowed_origins)) {
            Response refused =
                !tenant ? json_error(http::status::bad_request, "invalid_input", "site_key: unknown site key.")
                        : json_error(http::status::forbidden, "origin_not_allowed",
                                     "This site may not use this tenant's social map.");
            add_cors_headers(ctx.request, refused);
            co_return refused;
        }
    } else {
        Response error;
        const auto id = co_await staff_(ctx, error);
        if (!id) co_return error;
        tenant = tenants_.by_id(*id);
    }
    social_map::Query q;
    Response res;
    const auto map = tenant ? maps_.for_tenant(tenant->id) : std::nullopt;
    if (const auto problem = parse_map_query(ctx.query, q); !problem.empty()) {
        res = json_error(http::status::bad_request, "invalid_input", problem);
    } else if (!map) {
        res = json_error(http::status::not_found, "not_found", "This tenant has no social map.");
    } else {
        nlohmann::json out = social_map::to_json(map->map->search(q, map->default_area));
        out["tenant"] = tenant->id;
        out["default_area"] = map->default_area;
        res = json_response(http::status::ok, json_text(out));
    }
    add_cors_headers(ctx.request, res);
    co_return res;
}

}  // namespace advieslijn::gateway
