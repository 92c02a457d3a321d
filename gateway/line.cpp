#include "gateway/line.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "common/log.hpp"

namespace advieslijn::gateway {

namespace {

callbacks::Settings callback_settings(const Config& c) {
    callbacks::Settings s;
    s.lease = c.callbacks.lease;
    s.retry_delay = c.callbacks.retry_delay;
    s.max_attempts = c.callbacks.max_attempts;
    s.retention = std::chrono::days(c.callbacks.retention_days);
    s.webhook_url = c.callbacks.escalation_webhook_url;
    s.webhook_secret = c.callbacks.escalation_webhook_secret;
    return s;
}

Response error_response(const callbacks::Error& e) {
    return json_error(static_cast<http::status>(callbacks::http_status(e.code)),
                      callbacks::to_string(e.code), e.message);
}

}  // namespace

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

bool origin_allowed(const Request& req, const std::vector<std::string>& allowed) {
    const auto origin = req[http::field::origin];
    if (origin.empty()) return true;  // not a browser's cross-origin call
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

void add_cors_headers(const Request& req, Response& res) {
    const auto origin = req[http::field::origin];
    if (origin.empty()) return;
    res.set(http::field::access_control_allow_origin, origin);
    res.set(http::field::vary, "Origin");
}

Line::Line(App& app, Clock& clock) : app_(app), clock_(clock) {
    const Config& config = app_.config();
    for (const Tenant& t : config.tenants)
        services_.emplace(t.id, std::make_unique<callbacks::Service>(app_.redis(), clock_, t,
                                                                     callback_settings(config)));
    std::vector<callbacks::Service*> all;
    for (auto& [id, s] : services_) all.push_back(s.get());
    scanner_ = std::make_unique<callbacks::Scanner>(app_.io_context().get_executor(), all,
                                                    &webhook_sender_,
                                                    config.callbacks.scan_interval);
    asio::co_spawn(app_.io_context(), scanner_->run(), asio::detached);
    app_.on_shutdown([this] { scanner_->stop(); });
    add_routes();
}

Line::~Line() = default;

const Tenant* Line::tenant_by_site_key(std::string_view key) const {
    for (const Tenant& t : app_.config().tenants)
        for (const auto& k : t.site_keys)
            if (k == key) return &t;
    return nullptr;
}

void Line::add_routes() {
    Router& r = app_.router();
    // Preflight for the widget's cross-origin calls: the tenant is in the body, so any
    // tenant's origin may ask; the real request is checked against its own tenant.
    auto preflight = [this](RequestContext& ctx) -> asio::awaitable<Response> {
        std::vector<std::string> origins;
        for (const Tenant& t : app_.config().tenants)
            origins.insert(origins.end(), t.allowed_origins.begin(), t.allowed_origins.end());
        if (!origin_allowed(ctx.request, origins))
            co_return json_error(http::status::forbidden, "origin_not_allowed",
                                 "This site may not use the advice line.");
        Response res{http::status::no_content, 11};
        add_cors_headers(ctx.request, res);
        res.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
        res.set(http::field::access_control_allow_headers, "Content-Type, Idempotency-Key");
        res.set(http::field::access_control_max_age, "600");
        co_return res;
    };
    r.add(http::verb::options, "/v1/callbacks", preflight);
    r.add(http::verb::post, "/v1/callbacks",
          [this](RequestContext& ctx) { return create_callback(ctx); });
}

asio::awaitable<Response> Line::create_callback(RequestContext& ctx) {
    Response error;
    auto body = parse_json_body(ctx.request, error);
    if (!body) co_return error;
    const auto site_key = body->value("site_key", std::string());
    const Tenant* tenant = tenant_by_site_key(site_key);
    if (!tenant)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "site_key: unknown site key.");
    if (!origin_allowed(ctx.request, tenant->allowed_origins))
        co_return json_error(http::status::forbidden, "origin_not_allowed",
                             "This site may not use this tenant's advice line.");
    // The gateway's own fields; the rest is the task as the callbacks library reads it.
    body->erase("site_key");
    std::string session_id = body->value("session_id", std::string());
    body->erase("session_id");
    const std::string key(ctx.request["Idempotency-Key"]);
    auto parsed = callbacks::parse_create_request(*body, key);
    if (!parsed) {
        Response res = error_response(parsed.error());
        add_cors_headers(ctx.request, res);
        co_return res;
    }
    callbacks::NewTask task = std::move(parsed.value());
    if (!session_id.empty()) task.channel = callbacks::Channel::chat;
    auto created = co_await callbacks_for(*tenant).create(std::move(task));
    if (!created) {
        if (created.error().code == callbacks::Errc::unavailable)
            spdlog::error("callback request for tenant {} refused: {}", tenant->id,
                          created.error().message);
        Response res = error_response(created.error());
        add_cors_headers(ctx.request, res);
        co_return res;
    }
    const callbacks::Task& t = created->task;
    nlohmann::json out = {{"id", t.id},
                          {"reference", t.reference},
                          {"state", callbacks::to_string(t.state)},
                          {"due_at", callbacks::format_rfc3339(t.due_at)}};
    const bool is_new = created->status == callbacks::CreateStatus::created;
    spdlog::info("callback {} for tenant {} from {} ({})", t.reference, tenant->id,
                 mask_phone(t.phone), is_new ? "new" : "existing");
    Response res = json_response(is_new ? http::status::created : http::status::ok, out.dump());
    add_cors_headers(ctx.request, res);
    co_return res;
}

}  // namespace advieslijn::gateway
