// Escalations of breached tasks: /v1/sla/escalations/... (docs/consoles.md).
#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {

asio::awaitable<Response> escalations(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    const std::string open = query_param(ctx.query, "open");
    if (!open.empty() && open != "true" && open != "false")
        co_return json_error(http::status::bad_request, "invalid_input", "open must be true or false.");
    const auto paging = page_params(ctx.query, call->service->settings().max_page, error);
    if (!paging) co_return error;
    auto page = co_await call->service->list_escalations(open != "false", paging->first,
                                                         paging->second);
    if (!page) co_return to_response(page.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : page->escalations) list.push_back(callbacks::to_json(e));
    nlohmann::json out = {{"escalations", list}, {"total", page->total}};
    co_return json_response(http::status::ok, json_text(out));
}

asio::awaitable<Response> acknowledge(Context& c, RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(c, ctx, Role::supervisor, error);
    if (!caller) co_return error;
    TenantOp<callbacks::Escalation> op = [&caller, id = ctx.params["id"]](callbacks::Service& s) {
        return s.acknowledge_escalation(id, caller->username());
    };
    std::string missing = "No such escalation.";
    auto ack = co_await in_own_tenants(c, *caller, std::move(op), std::move(missing));
    if (!ack) co_return to_response(ack.error());
    co_return json_response(http::status::ok, json_text(callbacks::to_json(*ack)));
}

}  // namespace advieslijn::gateway::console
