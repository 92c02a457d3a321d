#include "gateway/callback_form.hpp"

#include "gateway/errors.hpp"

namespace advieslijn::gateway {

namespace {

Response created_response(const contact::Tasks::FormCreated& created) {
    const callbacks::Task& t = created.created.task;
    nlohmann::json out = {{"id", t.id},
                          {"reference", t.reference},
                          {"state", callbacks::to_string(t.state)},
                          {"priority", callbacks::to_string(t.priority)},
                          {"due_at", callbacks::format_rfc3339(t.due_at)}};
    if (created.urgent) out["urgent"] = routing::to_json(*created.urgent);
    return json_response(created.created.status == callbacks::CreateStatus::created
                             ? http::status::created : http::status::ok,
                         json_text(out));
}

}  // namespace

void add_callback_form_routes(Router& router, const routing::TenantDirectory& tenants,
                              contact::Tasks& tasks) {
    // Preflight for the widget's cross-origin calls: the tenant is in the body, so any
    // tenant's origin may ask; the real request is checked against its own tenant.
    router.add(http::verb::options, "/v1/callbacks",
               [&tenants](RequestContext& ctx) -> asio::awaitable<Response> {
                   co_return cors_preflight(ctx.request, tenants.tenants());
               });
    router.add(http::verb::post, "/v1/callbacks",
               [&tenants, &tasks](RequestContext& ctx) -> asio::awaitable<Response> {
        Response error;
        auto body = parse_json_body(ctx.request, error);
        if (!body) co_return error;
        // A site_key of another JSON type is a bad request, not a thrown type_error (a 500).
        const auto key = body->find("site_key");
        const Tenant* tenant =
            key != body->end() && key->is_string() ? tenants.by_site_key(key->get<std::string>()) : nullptr;
        if (!tenant)
            co_return json_error(http::status::bad_request, "invalid_input", "site_key: unknown site key.");
        if (!origin_allowed(ctx.request, tenant->allowed_origins))
            co_return json_error(http::status::forbidden, "origin_not_allowed",
                                 "This site may not use this tenant's advice line.");
        // The gateway's own fields; the rest is the task as the callbacks library reads it.
        const auto session = body->find("session_id");
        const std::string session_id =
            session != body->end() && session->is_string() ? session->get<std::string>() : std::string();
        body->erase("site_key");
        body->erase("session_id");
        auto parsed = callbacks::parse_create_request(*body, std::string(ctx.request["Idempotency-Key"]));
        Response res;
        if (!parsed) {
            res = to_response(parsed.error());
        } else {
            // Only a valid form counts against the hourly limit, in its create (bad input
            // changes nothing).
            auto result = co_await tasks.create_from_form(*tenant, std::move(parsed.value()),
                                                          session_id, ctx.remote);
            if (const auto* refused = std::get_if<contact::ChatRefusal>(&result))
                res = to_response(*refused);
            else if (const auto* error = std::get_if<callbacks::Error>(&result))
                res = to_response(*error);
            else
                res = created_response(std::get<contact::Tasks::FormCreated>(result));
        }
        add_cors_headers(ctx.request, res);
        co_return res;
    });
}

}  // namespace advieslijn::gateway
