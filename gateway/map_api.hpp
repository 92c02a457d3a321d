#pragma once
// The digital social map over HTTP (docs/social-map.md): GET /v1/map/search. With a
// `site_key` it is public (the CJG's own website, CORS like the widget's endpoints); without
// one it is for specialists and supervisors of the tenant (`?tenant=`, or the user's only one).
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "gateway/router.hpp"
#include "routing/tenants.hpp"
#include "social-map/tenant_maps.hpp"

namespace advieslijn::gateway {

namespace asio = boost::asio;

// The tenant a staff request is about, after the session and role checks; nullopt with
// `error` set (ConsoleApi::staff_tenant).
using StaffTenant =
    std::function<asio::awaitable<std::optional<std::string>>(RequestContext&, Response& error)>;

// `topic`, `risk` (comma-separated), `age` (-1..23), `postcode` (1234 or 1234 AB) and
// `limit` (1..50) of a query string into `q`; empty when valid, else the 400 message.
std::string parse_map_query(std::string_view query, social_map::Query& q);

class MapApi {
public:
    // All references must outlive this object.
    MapApi(const social_map::TenantMaps& maps, const routing::TenantDirectory& tenants, StaffTenant staff)
        : maps_(maps), tenants_(tenants), staff_(std::move(staff)) {}

    void add_routes(Router& router);

private:
    asio::awaitable<Response> search(RequestContext& ctx);

    const social_map::TenantMaps& maps_;
    const routing::TenantDirectory& tenants_;
    StaffTenant staff_;
};

}  // namespace advieslijn::gateway
