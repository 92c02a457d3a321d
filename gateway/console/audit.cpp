// The audit log and the tenant's accounts: /v1/audit, /v1/users (docs/consoles.md).
#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {

asio::awaitable<Response> audit(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    const std::size_t max = call->service->settings().max_page;
    const auto limit = size_param(ctx.query, "limit", 50, max);
    const std::string before = query_param(ctx.query, "before");
    if (!limit || *limit == 0 || before.size() > 40)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "limit must be 1 to " + std::to_string(max) +
                                 "; before a cursor from `next`.");
    auto page = co_await call->service->audit_log(before, *limit);
    if (!page) co_return to_response(page.error());
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : page->entries) entries.push_back(callbacks::to_json(e));
    nlohmann::json out = {{"entries", entries},
                          {"next", page->next.empty() ? nlohmann::json(nullptr) : nlohmann::json(page->next)}};
    co_return json_response(http::status::ok, json_text(out));
}

// The tenant's active accounts, for a supervisor choosing whom to hand a task to.
asio::awaitable<Response> users(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    std::optional<AuthError> failure;
    const std::vector<User> all = co_await c.accounts.list(&failure);
    if (failure) co_return to_response(*failure);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& u : all)
        if (!u.disabled && u.in_tenant(call->service->tenant_id()))
            list.push_back({{"username", u.username}, {"name", u.name}, {"role", to_string(u.role)}});
    co_return json_response(http::status::ok, json_text(nlohmann::json{{"users", list}}));
}

}  // namespace advieslijn::gateway::console
