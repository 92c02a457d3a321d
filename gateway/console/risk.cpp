// What the specialists' risk reviews say about triage: /v1/sla/risk and the missed-signal
// export /v1/sla/risk/missed (docs/consoles.md). The counting and the scrubbing are
// callbacks' (risk_review.hpp, scrub.hpp); here only parameters and rendering.
#include "callbacks/sla.hpp"
#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {

asio::awaitable<Response> risk_weeks(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    const auto weeks = size_param(ctx.query, "weeks", 8, callbacks::max_risk_weeks);
    if (!weeks || *weeks == 0)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "weeks must be 1 to " + std::to_string(callbacks::max_risk_weeks) + ".");
    auto list = co_await call->service->risk_weeks(static_cast<int>(*weeks));
    if (!list) co_return to_response(list.error());
    nlohmann::json out = {{"tenant", call->service->tenant_id()}, {"weeks", nlohmann::json::array()}};
    for (const auto& w : *list) out["weeks"].push_back(callbacks::to_json(w));
    co_return json_response(http::status::ok, json_text(out));
}

asio::awaitable<Response> risk_missed(Context& c, RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(c, ctx, Role::supervisor, error);
    if (!call) co_return error;
    auto texts = co_await call->service->missed_texts();
    if (!texts) co_return to_response(texts.error());
    std::string body;
    for (const auto& m : *texts) body += callbacks::training_line(m);
    Response res{http::status::ok, ctx.request.version()};
    res.set(http::field::content_type, "text/tab-separated-values; charset=utf-8");
    res.set(http::field::content_disposition,
            "attachment; filename=\"missed-" + call->service->tenant_id() + "-" +
                callbacks::date_netherlands(c.clock.now()) + ".tsv\"");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.prepare_payload();
    co_return res;
}

}  // namespace advieslijn::gateway::console
