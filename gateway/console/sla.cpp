// Supervisor figures: /v1/sla, /v1/sla/daily, /v1/sla/workload (docs/consoles.md).
#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {

asio::awaitable<Response> sla(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    auto summary = co_await call->service->sla_summary();
    if (!summary) co_return to_response(summary.error());
    auto stats = co_await call->service->sla_stats();
    if (!stats) co_return to_response(stats.error());
    nlohmann::json out = callbacks::to_json(*summary);
    out.update(callbacks::to_json(*stats));
    out["tenant"] = call->service->tenant_id();
    out["now"] = callbacks::format_rfc3339(c.clock.now());
    co_return json_response(http::status::ok, json_text(out));
}

asio::awaitable<Response> sla_daily(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    const auto days = size_param(ctx.query, "days", 7, callbacks::max_daily_days);
    if (!days || *days == 0)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "days must be 1 to " + std::to_string(callbacks::max_daily_days) + ".");
    auto list = co_await call->service->daily(static_cast<int>(*days));
    if (!list) co_return to_response(list.error());
    nlohmann::json out = {{"days", nlohmann::json::array()}};
    for (const auto& d : *list) out["days"].push_back(callbacks::to_json(d));
    co_return json_response(http::status::ok, json_text(out));
}

asio::awaitable<Response> workload(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    auto load = co_await call->service->workload();
    if (!load) co_return to_response(load.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& w : *load) {
        nlohmann::json j = callbacks::to_json(w);
        auto user = co_await c.accounts.find(w.username);
        j["name"] = user ? user->name : std::string();
        list.push_back(std::move(j));
    }
    co_return json_response(http::status::ok, json_text(nlohmann::json{{"specialists", list}}));
}

}  // namespace advieslijn::gateway::console
