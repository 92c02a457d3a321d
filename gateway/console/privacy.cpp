// Erasure and access on request (docs/privacy.md): POST /v1/admin/privacy/erase and
// GET /v1/admin/privacy/export, for admins of the tenant. The work is contact::Privacy's.
#include "contact/privacy.hpp"
#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {

namespace {

// An admin of `tenant`: an unknown tenant is Privacy's 400; a known one the admin does not
// work for is 403. nullopt when the call may go on.
std::optional<Response> check_tenant(Context& c, const Caller& caller, const std::string& tenant) {
    if (c.services.count(tenant) && !caller.session.user.in_tenant(tenant))
        return json_error(http::status::forbidden, "forbidden",
                          "You are not an admin of tenant '" + tenant + "'.");
    return std::nullopt;
}

// A number in a query string: an unencoded "+" arrives as a space.
std::string query_number(std::string_view query) {
    std::string number = query_param(query, "number");
    if (!number.empty() && number.front() == ' ') number.front() = '+';
    return number;
}

}  // namespace

asio::awaitable<Response> privacy_erase(Context& c, RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(c, ctx, Role::admin, error);
    if (!caller) co_return error;
    auto body = parse_json_body(ctx.request, error);
    if (!body) co_return error;
    std::string tenant = optional_string(*body, "tenant");
    std::string number = optional_string(*body, "number");
    if (auto refused = check_tenant(c, *caller, tenant)) co_return *refused;
    std::string actor = caller->username();
    auto report = co_await c.privacy->erase(tenant, std::move(number), std::move(actor));
    if (!report) co_return to_response(report.error());
    nlohmann::json out = {{"tenant", tenant}, {"removed", contact::to_json(*report)}};
    co_return json_response(http::status::ok, json_text(out));
}

asio::awaitable<Response> privacy_export(Context& c, RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(c, ctx, Role::admin, error);
    if (!caller) co_return error;
    std::string tenant = query_param(ctx.query, "tenant");
    std::string number = query_number(ctx.query);
    if (auto refused = check_tenant(c, *caller, tenant)) co_return *refused;
    auto held = co_await c.privacy->export_number(tenant, std::move(number));
    if (!held) co_return to_response(held.error());
    co_return json_response(http::status::ok,
                            held->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace advieslijn::gateway::console
