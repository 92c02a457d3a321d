#include "gateway/console_api.hpp"

#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway {

ConsoleApi::ConsoleApi(App& app, Services& services, Clock& clock, Clock& session_clock,
                       contact::Privacy* privacy, contact::Statistics* statistics)
    : app_(app) {
    const Config& config = app_.config();
    accounts_ = std::make_unique<Accounts>(app_.redis(), session_clock, config.auth);
    std::vector<std::pair<std::string, std::string>> streams;
    for (const auto& [id, service] : services) streams.emplace_back(id, service->events_key());
    events_ = std::make_unique<EventHub>(app_.io_context(), redis_options(config), std::move(streams));
    events_->start();
    context_ = std::make_unique<console::Context>(console::Context{
        app_, services, clock, *accounts_, *events_, config.public_url.rfind("https://", 0) == 0, privacy,
        statistics});
    app_.on_shutdown([this] {
        events_->stop();
        accounts_->stop();
    });
    add_routes();
}

ConsoleApi::~ConsoleApi() = default;

asio::awaitable<std::optional<std::string>> ConsoleApi::supervisor_tenant(RequestContext& ctx,
                                                                          Response& error) {
    co_return co_await staff_tenant(ctx, Role::supervisor, error);
}

asio::awaitable<std::optional<std::string>> ConsoleApi::staff_tenant(RequestContext& ctx, Role need,
                                                                     Response& error) {
    auto call = co_await console::tenant_call(*context_, ctx, need, error);
    if (!call) co_return std::nullopt;
    co_return call->service->tenant_id();
}

// Every console route, once; the table reads like docs/consoles.md.
void ConsoleApi::add_routes() {
    using namespace console;
    Router& r = app_.router();
    auto route = [&](http::verb method, std::string pattern, Endpoint endpoint) {
        r.add(method, std::move(pattern),
              [c = context_.get(), endpoint](RequestContext& ctx) { return endpoint(*c, ctx); });
    };
    const auto get = http::verb::get;
    const auto post = http::verb::post;

    route(post, "/v1/auth/login", login);
    route(post, "/v1/auth/logout", logout);
    route(get, "/v1/auth/me", me);

    route(get, "/v1/callbacks", list_tasks);
    route(post, "/v1/callbacks/claim-next", claim_next);
    route(get, "/v1/callbacks/{id}", get_task);
    route(get, "/v1/callbacks/{id}/phone", show_phone);
    route(post, "/v1/callbacks/{id}/claim", claim);
    route(post, "/v1/callbacks/{id}/renew", renew);
    route(post, "/v1/callbacks/{id}/release", release);
    route(post, "/v1/callbacks/{id}/attempts", record_attempt);
    route(post, "/v1/callbacks/{id}/complete", complete);
    route(post, "/v1/callbacks/{id}/cancel", cancel);
    route(post, "/v1/callbacks/{id}/notes", add_note);
    route(post, "/v1/callbacks/{id}/reassign", reassign);

    route(get, "/v1/sla", sla);
    route(get, "/v1/sla/daily", sla_daily);
    route(get, "/v1/sla/workload", workload);
    route(get, "/v1/sla/risk", risk_weeks);
    route(get, "/v1/sla/risk/missed", risk_missed);
    route(get, "/v1/audit", audit);
    route(get, "/v1/users", users);
    route(get, "/v1/sla/escalations", escalations);
    route(post, "/v1/sla/escalations/{id}/acknowledge", acknowledge);

    route(get, "/v1/reports/daily", report_daily);
    route(get, "/v1/reports/monthly", report_monthly);
    route(post, "/v1/admin/privacy/erase", privacy_erase);
    route(get, "/v1/admin/privacy/export", privacy_export);

    app_.server().on_stream("/v1/events", [c = context_.get()](tcp::socket socket,
                                                               Request request,
                                                               std::shared_ptr<ChatSocketMark>) {
        return event_stream(*c, std::move(socket), std::move(request));
    });
}

}  // namespace advieslijn::gateway
