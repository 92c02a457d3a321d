#include "gateway/console_api.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <charconv>

#include "common/log.hpp"
#include "gateway/line.hpp"

namespace advieslijn::gateway {

namespace {

using callbacks::Errc;
using callbacks::Result;
using callbacks::Task;

Response error_response(const callbacks::Error& e) {
    std::string message = e.message;
    if (!e.field.empty() && message.rfind(e.field, 0) != 0) message = e.field + ": " + message;
    return json_error(static_cast<http::status>(callbacks::http_status(e.code)),
                      callbacks::to_string(e.code), message);
}

Response auth_error_response(const AuthError& e) {
    switch (e.code) {
        case AuthErrc::invalid_input:
            return json_error(http::status::bad_request, "invalid_input", e.message);
        case AuthErrc::exists: return json_error(http::status::conflict, "conflict", e.message);
        case AuthErrc::not_found: return json_error(http::status::not_found, "not_found", e.message);
        case AuthErrc::invalid_credentials:
            return json_error(http::status::unauthorized, "invalid_credentials", e.message);
        case AuthErrc::rate_limited: {
            Response r = json_error(http::status::too_many_requests, "rate_limited", e.message);
            r.set(http::field::retry_after, std::to_string(std::max<long long>(1, e.retry_after.count())));
            return r;
        }
        case AuthErrc::unavailable:
            return json_error(http::status::service_unavailable, "unavailable",
                              "The account store is not reachable; try again shortly.");
    }
    return json_error(http::status::internal_server_error, "internal", "unexpected");
}

Response not_found() {
    return json_error(http::status::not_found, "not_found", "No such task.");
}

std::string bearer(const Request& req) {
    const std::string_view auth = req[http::field::authorization];
    if (auth.size() > 7 && beast::iequals(auth.substr(0, 7), "Bearer ")) return std::string(auth.substr(7));
    return {};
}

// A size_t query parameter within [0, max]; `fallback` when absent; nullopt when malformed.
std::optional<std::size_t> size_param(std::string_view query, std::string_view name,
                                      std::size_t fallback, std::size_t max) {
    const std::string v = query_param(query, name);
    if (v.empty()) return fallback;
    std::size_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out > max) return std::nullopt;
    return out;
}

std::string optional_string(const nlohmann::json& body, const char* name) {
    const auto it = body.find(name);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `offset` and `limit` (1..max, default 50) from the query; nullopt with `error` set.
std::optional<std::pair<std::size_t, std::size_t>> page_params(std::string_view query, std::size_t max,
                                                               Response& error) {
    const auto offset = size_param(query, "offset", 0, 1'000'000);
    const auto limit = size_param(query, "limit", 50, max);
    if (!offset || !limit || *limit == 0) {
        error = json_error(http::status::bad_request, "invalid_input",
                           "offset and limit must be whole numbers; limit 1 to " + std::to_string(max) + ".");
        return std::nullopt;
    }
    return std::pair{*offset, *limit};
}

callbacks::Error bad(std::string field, std::string message) {
    return callbacks::make_error(Errc::invalid_input, std::move(message), std::move(field));
}

}  // namespace

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        std::string_view part = header.substr(0, end);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        if (end == std::string_view::npos) break;
        header.remove_prefix(end + 1);
    }
    return {};
}

nlohmann::json console_task_json(const Task& t) {
    nlohmann::json j = callbacks::to_json(t);
    j.erase("phone");
    j["phone_masked"] = t.phone.empty() ? nlohmann::json(nullptr) : nlohmann::json(mask_phone(t.phone));
    return j;
}

ConsoleApi::ConsoleApi(App& app, Services& services, Clock& clock, Clock& session_clock)
    : app_(app), services_(services), clock_(clock) {
    const Config& config = app_.config();
    accounts_ = std::make_unique<Accounts>(app_.redis(), session_clock, config.auth);
    secure_cookie_ = config.public_url.rfind("https://", 0) == 0;
    std::vector<std::pair<std::string, std::string>> streams;
    for (const auto& [id, service] : services_) streams.emplace_back(id, service->events_key());
    events_ = std::make_unique<EventHub>(app_.io_context(), redis_options(config), std::move(streams));
    events_->start();
    app_.on_shutdown([this] {
        events_->stop();
        accounts_->stop();
    });
    add_routes();
}

ConsoleApi::~ConsoleApi() = default;

nlohmann::json ConsoleApi::user_json(const User& u) const {
    nlohmann::json tenants = nlohmann::json::array();
    for (const auto& id : u.tenants) {
        const auto& all = app_.config().tenants;
        auto it = std::find_if(all.begin(), all.end(), [&](const Tenant& t) { return t.id == id; });
        if (it != all.end()) tenants.push_back({{"id", it->id}, {"name", it->name}});
    }
    return {{"username", u.username}, {"name", u.name}, {"role", to_string(u.role)}, {"tenants", tenants}};
}

void ConsoleApi::add_routes() {
    Router& r = app_.router();
    auto bind = [this](asio::awaitable<Response> (ConsoleApi::*fn)(RequestContext&)) {
        return [this, fn](RequestContext& ctx) { return (this->*fn)(ctx); };
    };
    r.add(http::verb::post, "/v1/auth/login", bind(&ConsoleApi::login));
    r.add(http::verb::post, "/v1/auth/logout", bind(&ConsoleApi::logout));
    r.add(http::verb::get, "/v1/auth/me", bind(&ConsoleApi::me));

    r.add(http::verb::get, "/v1/callbacks", bind(&ConsoleApi::list_tasks));
    r.add(http::verb::post, "/v1/callbacks/claim-next", bind(&ConsoleApi::claim_next));
    r.add(http::verb::get, "/v1/callbacks/{id}", bind(&ConsoleApi::get_task));
    r.add(http::verb::get, "/v1/callbacks/{id}/phone", bind(&ConsoleApi::show_phone));
    r.add(http::verb::post, "/v1/callbacks/{id}/claim", [this](RequestContext& ctx) {
        return task_op(ctx, Role::specialist, [id = ctx.params["id"]](callbacks::Service& s, const Caller& c) {
            return s.claim(id, c.session.user.username);
        });
    });
    r.add(http::verb::post, "/v1/callbacks/{id}/renew", [this](RequestContext& ctx) {
        return task_op(ctx, Role::specialist, [id = ctx.params["id"]](callbacks::Service& s, const Caller& c) {
            return s.renew(id, c.session.user.username);
        });
    });
    r.add(http::verb::post, "/v1/callbacks/{id}/release", [this](RequestContext& ctx) {
        return task_op_with_body(
            ctx, Role::specialist,
            [id = ctx.params["id"]](callbacks::Service& s, const Caller& c,
                                    const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
                const std::string note = optional_string(body, "note");
                auto released = co_await s.release(id, c.session.user.username, note);
                // A supervisor may hand back a task someone else holds.
                if (!released && released.error().code == Errc::stale_lease &&
                    c.session.user.at_least(Role::supervisor))
                    released = co_await s.release_by_supervisor(id, c.session.user.username, note);
                co_return released;
            });
    });
    r.add(http::verb::post, "/v1/callbacks/{id}/attempts", [this](RequestContext& ctx) {
        return task_op_with_body(
            ctx, Role::specialist,
            [id = ctx.params["id"]](callbacks::Service& s, const Caller& c,
                                    const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
                const auto result = callbacks::parse_attempt_result(optional_string(body, "result"));
                if (!result)
                    co_return bad("result", "result must be no_answer, voicemail, busy or wrong_number");
                std::optional<TimePoint> not_before;
                if (body.contains("not_before") && !body["not_before"].is_null()) {
                    not_before = callbacks::parse_rfc3339(optional_string(body, "not_before"));
                    if (!not_before) co_return bad("not_before", "not_before must be an RFC 3339 time");
                }
                co_return co_await s.record_attempt(id, c.session.user.username, *result,
                                                    optional_string(body, "note"), not_before);
            });
    });
    r.add(http::verb::post, "/v1/callbacks/{id}/complete", [this](RequestContext& ctx) {
        return task_op_with_body(
            ctx, Role::specialist,
            [id = ctx.params["id"]](callbacks::Service& s, const Caller& c,
                                    const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
                const auto outcome = callbacks::parse_outcome(optional_string(body, "outcome"));
                if (!outcome)
                    co_return bad("outcome",
                                  "outcome must be reached, advised, referred, unreachable or other");
                const std::string note = optional_string(body, "note");
                const std::string referral = optional_string(body, "referral");
                if (*outcome == callbacks::Outcome::referred && referral.empty())
                    co_return bad("referral", "referral: name the partner the family was referred to");
                if (referral.size() > 200) co_return bad("referral", "referral is longer than 200 bytes");
                co_return co_await s.complete(id, c.session.user.username, *outcome, note, referral);
            });
    });
    r.add(http::verb::post, "/v1/callbacks/{id}/cancel", [this](RequestContext& ctx) {
        return task_op_with_body(
            ctx, Role::supervisor,
            [id = ctx.params["id"]](callbacks::Service& s, const Caller& c,
                                    const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
                const std::string reason = optional_string(body, "reason");
                if (reason.empty()) co_return bad("reason", "reason: say why the task is cancelled");
                co_return co_await s.cancel(id, c.session.user.username, reason);
            });
    });

    r.add(http::verb::post, "/v1/callbacks/{id}/notes", [this](RequestContext& ctx) {
        return task_op_with_body(
            ctx, Role::specialist,
            [id = ctx.params["id"]](callbacks::Service& s, const Caller& c,
                                    const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
                co_return co_await s.add_note(id, c.session.user.username, optional_string(body, "note"));
            });
    });
    r.add(http::verb::post, "/v1/callbacks/{id}/reassign", [this](RequestContext& ctx) {
        return task_op_with_body(
            ctx, Role::supervisor,
            [this, id = ctx.params["id"]](callbacks::Service& s, const Caller& c,
                                          const nlohmann::json& body) -> asio::awaitable<Result<Task>> {
                const std::string to = optional_string(body, "to");
                if (to.empty()) co_return bad("to", "to: name the specialist who takes the task");
                std::optional<AuthError> failure;
                auto user = co_await accounts_->find(to, &failure);
                if (failure) co_return callbacks::make_error(Errc::unavailable, failure->message);
                if (!user || user->disabled || !user->in_tenant(s.tenant_id()))
                    co_return bad("to", "to: no active specialist of this tenant is called that");
                co_return co_await s.reassign(id, c.session.user.username, to,
                                              optional_string(body, "note"));
            });
    });

    r.add(http::verb::get, "/v1/sla", bind(&ConsoleApi::sla));
    r.add(http::verb::get, "/v1/sla/daily", bind(&ConsoleApi::sla_daily));
    r.add(http::verb::get, "/v1/sla/workload", bind(&ConsoleApi::workload));
    r.add(http::verb::get, "/v1/audit", bind(&ConsoleApi::audit));
    r.add(http::verb::get, "/v1/users", bind(&ConsoleApi::users));
    r.add(http::verb::get, "/v1/sla/escalations", bind(&ConsoleApi::escalations));
    r.add(http::verb::post, "/v1/sla/escalations/{id}/acknowledge", bind(&ConsoleApi::acknowledge));

    app_.server().on_stream("/v1/events", [this](beast::tcp_stream stream, Request request) {
        return event_stream(std::move(stream), std::move(request));
    });
}

asio::awaitable<std::optional<ConsoleApi::Caller>> ConsoleApi::authorize(RequestContext& ctx,
                                                                         Role need,
                                                                         Response& error) {
    Caller caller;
    std::string token = bearer(ctx.request);
    if (token.empty()) {
        token = cookie_value(ctx.request[http::field::cookie], session_cookie);
        caller.via_cookie = !token.empty();
    }
    std::optional<AuthError> failure;
    auto session = co_await accounts_->authenticate(token, &failure);
    if (!session) {
        error = failure ? auth_error_response(*failure)
                        : json_error(http::status::unauthorized, "unauthenticated",
                                     "Log in first (or your session has ended).");
        co_return std::nullopt;
    }
    if (!session->user.at_least(need)) {
        error = json_error(http::status::forbidden, "forbidden",
                           std::string("This needs the role ") + to_string(need) + ".");
        co_return std::nullopt;
    }
    // A cookie travels with every request the browser makes, also those another site
    // triggers: changes need the page's CSRF token too (and no foreign Origin).
    if (caller.via_cookie && ctx.request.method() != http::verb::get &&
        ctx.request.method() != http::verb::head) {
        const std::string_view sent = ctx.request["X-CSRF-Token"];
        if (!cross_origin(ctx.request).empty() || !secrets_equal(sent, session->csrf)) {
            error = json_error(http::status::forbidden, "csrf",
                               "The request lacks this page's CSRF token; reload the page.");
            co_return std::nullopt;
        }
    }
    caller.session = std::move(*session);
    co_return caller;
}

callbacks::Service* ConsoleApi::tenant_service(RequestContext& ctx, const Caller& caller,
                                               Response& error) {
    std::string tenant = query_param(ctx.query, "tenant");
    const auto& mine = caller.session.user.tenants;
    if (tenant.empty()) {
        if (mine.size() != 1) {
            error = json_error(http::status::bad_request, "invalid_input",
                               "tenant: name the tenant (?tenant=ID); you belong to several.");
            return nullptr;
        }
        tenant = mine.front();
    }
    auto it = services_.find(tenant);
    if (it == services_.end() || !caller.session.user.in_tenant(tenant)) {
        error = json_error(http::status::not_found, "not_found", "No such tenant.");
        return nullptr;
    }
    return it->second.get();
}

asio::awaitable<std::optional<ConsoleApi::TenantCall>> ConsoleApi::tenant_call(RequestContext& ctx,
                                                                             Role need,
                                                                             Response& error) {
    auto caller = co_await authorize(ctx, need, error);
    if (!caller) co_return std::nullopt;
    callbacks::Service* service = tenant_service(ctx, *caller, error);
    if (!service) co_return std::nullopt;
    co_return TenantCall{std::move(*caller), service};
}

asio::awaitable<callbacks::Service*> ConsoleApi::tenant_for(RequestContext& ctx, Role need,
                                                           Response& error) {
    auto call = co_await tenant_call(ctx, need, error);
    co_return call ? call->service : nullptr;
}

asio::awaitable<std::optional<std::string>> ConsoleApi::supervisor_tenant(RequestContext& ctx,
                                                                          Response& error) {
    callbacks::Service* service = co_await tenant_for(ctx, Role::supervisor, error);
    if (!service) co_return std::nullopt;
    co_return service->tenant_id();
}

asio::awaitable<Response> ConsoleApi::task_op(RequestContext& ctx, Role need, TaskOp op) {
    Response error;
    auto caller = co_await authorize(ctx, need, error);
    if (!caller) co_return error;
    for (const auto& tenant : caller->session.user.tenants) {
        auto it = services_.find(tenant);
        if (it == services_.end()) continue;
        auto result = co_await op(*it->second, *caller);
        if (!result && result.error().code == Errc::not_found) continue;
        if (!result) co_return error_response(result.error());
        co_return json_response(http::status::ok, console_task_json(*result).dump());
    }
    co_return not_found();
}

asio::awaitable<Response> ConsoleApi::task_op_with_body(
    RequestContext& ctx, Role need,
    std::function<asio::awaitable<Result<Task>>(callbacks::Service&, const Caller&,
                                                const nlohmann::json&)>
        op) {
    nlohmann::json body = nlohmann::json::object();
    if (!ctx.request.body().empty()) {
        Response error;
        auto parsed = parse_json_body(ctx.request, error);
        if (!parsed) co_return error;
        body = std::move(*parsed);
    }
    TaskOp with_body = [&body, op](callbacks::Service& s, const Caller& c) { return op(s, c, body); };
    co_return co_await task_op(ctx, need, std::move(with_body));
}

asio::awaitable<Response> ConsoleApi::login(RequestContext& ctx) {
    Response error;
    auto body = parse_json_body(ctx.request, error);
    if (!body) co_return error;
    if (!cross_origin(ctx.request).empty())
        co_return json_error(http::status::forbidden, "origin_not_allowed",
                             "Log in from the line's own pages.");
    const std::string username = optional_string(*body, "username");
    const std::string password = optional_string(*body, "password");
    if (username.empty() || password.empty())
        co_return json_error(http::status::bad_request, "invalid_input",
                             "username and password are required.");
    auto result = co_await accounts_->login(username, password, ctx.remote);
    if (result.error) co_return auth_error_response(*result.error);
    nlohmann::json out = user_json(result.session.user);
    out = {{"user", out},
           {"csrf_token", result.session.csrf},
           {"expires_at", callbacks::format_rfc3339(result.session.expires_at)}};
    if (body->value("token", false)) out["token"] = result.token;
    Response res = json_response(http::status::ok, out.dump());
    const auto max_age = std::chrono::seconds(accounts_->settings().session_absolute).count();
    res.set(http::field::set_cookie, std::string(session_cookie) + "=" + result.token +
                                         "; Path=/; Max-Age=" + std::to_string(max_age) +
                                         "; HttpOnly; SameSite=Strict" +
                                         (secure_cookie_ ? "; Secure" : ""));
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

asio::awaitable<Response> ConsoleApi::logout(RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(ctx, Role::specialist, error);
    if (!caller) co_return error;
    co_await accounts_->logout(caller->session);
    Response res{http::status::no_content, 11};
    res.set(http::field::set_cookie, std::string(session_cookie) +
                                         "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
                                         (secure_cookie_ ? "; Secure" : ""));
    co_return res;
}

asio::awaitable<Response> ConsoleApi::me(RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(ctx, Role::specialist, error);
    if (!caller) co_return error;
    nlohmann::json out = {{"user", user_json(caller->session.user)},
                          {"csrf_token", caller->session.csrf},
                          {"expires_at", callbacks::format_rfc3339(caller->session.expires_at)}};
    Response res = json_response(http::status::ok, out.dump());
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

asio::awaitable<Response> ConsoleApi::list_tasks(RequestContext& ctx) {
    Response error;
    auto call = co_await tenant_call(ctx, Role::specialist, error);
    if (!call) co_return error;
    const Caller& caller = call->caller;
    callbacks::Service* service = call->service;
    const std::string state_text = query_param(ctx.query, "state");
    const auto state = callbacks::parse_state(state_text.empty() ? "queued" : state_text);
    if (!state)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "state must be queued, claimed, completed or cancelled.");
    const auto paging = page_params(ctx.query, service->settings().max_page, error);
    if (!paging) co_return error;
    const std::size_t offset = paging->first, limit = paging->second;
    callbacks::ListQuery q;
    q.state = *state;
    q.offset = offset;
    q.limit = limit;
    for (auto [name, field] : {std::pair{"lang", &q.lang}, {"topic", &q.topic}, {"holder", &q.holder}}) {
        std::string v = query_param(ctx.query, name);
        if (v.size() > 64)
            co_return json_error(http::status::bad_request, "invalid_input",
                                 std::string(name) + " is longer than 64 bytes.");
        if (v == "me" && std::string_view(name) == "holder") v = caller.session.user.username;
        if (!v.empty()) *field = v;
    }
    auto page = co_await service->list(q);
    if (!page) co_return error_response(page.error());
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& t : page->tasks) tasks.push_back(console_task_json(t));
    nlohmann::json out = {{"tasks", tasks},
                          {"total", page->total},
                          {"truncated", page->truncated},
                          {"offset", offset},
                          {"limit", limit},
                          {"now", callbacks::format_rfc3339(clock_.now())}};
    co_return json_response(http::status::ok, out.dump());
}

asio::awaitable<Response> ConsoleApi::get_task(RequestContext& ctx) {
    // Named, not a temporary in the co_await expression: GCC 12 mishandles those.
    TaskOp op = [id = ctx.params["id"]](callbacks::Service& s, const Caller&) { return s.get(id); };
    co_return co_await task_op(ctx, Role::specialist, std::move(op));
}

asio::awaitable<Response> ConsoleApi::show_phone(RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(ctx, Role::specialist, error);
    if (!caller) co_return error;
    const std::string id = ctx.params["id"];
    for (const auto& tenant : caller->session.user.tenants) {
        auto it = services_.find(tenant);
        if (it == services_.end()) continue;
        auto task = co_await it->second->get(id);
        if (!task && task.error().code == Errc::not_found) continue;
        if (!task) co_return error_response(task.error());
        if (task->phone.empty())
            co_return json_error(http::status::gone, "anonymised",
                                 "The number was removed after the retention period.");
        // Who saw a caller's number is on record before the number leaves the server.
        auto audited = co_await it->second->record_audit(caller->session.user.username,
                                                         "viewed_number", id, {});
        if (!audited) co_return error_response(audited.error());
        Response res = json_response(http::status::ok, nlohmann::json{{"phone", task->phone}}.dump());
        res.set(http::field::cache_control, "no-store");
        co_return res;
    }
    co_return not_found();
}

asio::awaitable<Response> ConsoleApi::claim_next(RequestContext& ctx) {
    nlohmann::json body = nlohmann::json::object();
    if (!ctx.request.body().empty()) {
        Response error;
        auto parsed = parse_json_body(ctx.request, error);
        if (!parsed) co_return error;
        body = std::move(*parsed);
    }
    Response error;
    auto caller = co_await authorize(ctx, Role::specialist, error);
    if (!caller) co_return error;
    // The tenant may come in the body as well as in the query.
    std::string tenant = optional_string(body, "tenant");
    if (tenant.empty()) tenant = query_param(ctx.query, "tenant");
    const auto& mine = caller->session.user.tenants;
    if (tenant.empty() && mine.size() == 1) tenant = mine.front();
    if (tenant.empty())
        co_return json_error(http::status::bad_request, "invalid_input",
                             "tenant: name the tenant; you belong to several.");
    auto it = services_.find(tenant);
    if (it == services_.end() || !caller->session.user.in_tenant(tenant))
        co_return json_error(http::status::not_found, "not_found", "No such tenant.");
    callbacks::ClaimFilter filter;
    for (const char* name : {"languages", "topics"}) {
        if (!body.contains(name)) continue;
        const auto& list = body[name];
        if (!list.is_array())
            co_return json_error(http::status::bad_request, "invalid_input",
                                 std::string(name) + " must be a list of strings.");
        for (const auto& v : list) {
            if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 50)
                co_return json_error(http::status::bad_request, "invalid_input",
                                     std::string(name) + " must be a list of short strings.");
            (std::string_view(name) == "languages" ? filter.languages : filter.topics)
                .push_back(v.get<std::string>());
        }
    }
    auto claimed = co_await it->second->claim_next(caller->session.user.username, filter);
    if (!claimed) co_return error_response(claimed.error());
    nlohmann::json out = {{"task", *claimed ? console_task_json(**claimed) : nlohmann::json(nullptr)}};
    co_return json_response(http::status::ok, out.dump());
}

asio::awaitable<Response> ConsoleApi::sla(RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await tenant_for(ctx, Role::supervisor, error);
    if (!service) co_return error;
    auto summary = co_await service->sla_summary();
    if (!summary) co_return error_response(summary.error());
    auto stats = co_await service->sla_stats();
    if (!stats) co_return error_response(stats.error());
    nlohmann::json out = callbacks::to_json(*summary);
    out.update(callbacks::to_json(*stats));
    out["tenant"] = service->tenant_id();
    out["now"] = callbacks::format_rfc3339(clock_.now());
    co_return json_response(http::status::ok, out.dump());
}

asio::awaitable<Response> ConsoleApi::escalations(RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await tenant_for(ctx, Role::supervisor, error);
    if (!service) co_return error;
    const std::string open = query_param(ctx.query, "open");
    if (!open.empty() && open != "true" && open != "false")
        co_return json_error(http::status::bad_request, "invalid_input", "open must be true or false.");
    const auto paging = page_params(ctx.query, service->settings().max_page, error);
    if (!paging) co_return error;
    const std::size_t offset = paging->first, limit = paging->second;
    auto page = co_await service->list_escalations(open != "false", offset, limit);
    if (!page) co_return error_response(page.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : page->escalations) list.push_back(callbacks::to_json(e));
    nlohmann::json out = {{"escalations", list}, {"total", page->total}};
    co_return json_response(http::status::ok, out.dump());
}

asio::awaitable<Response> ConsoleApi::acknowledge(RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(ctx, Role::supervisor, error);
    if (!caller) co_return error;
    const std::string id = ctx.params["id"];
    for (const auto& tenant : caller->session.user.tenants) {
        auto it = services_.find(tenant);
        if (it == services_.end()) continue;
        auto ack = co_await it->second->acknowledge_escalation(id, caller->session.user.username);
        if (!ack && ack.error().code == Errc::not_found) continue;
        if (!ack) co_return error_response(ack.error());
        co_return json_response(http::status::ok, callbacks::to_json(*ack).dump());
    }
    co_return json_error(http::status::not_found, "not_found", "No such escalation.");
}

asio::awaitable<Response> ConsoleApi::sla_daily(RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await tenant_for(ctx, Role::supervisor, error);
    if (!service) co_return error;
    const auto days = size_param(ctx.query, "days", 7, callbacks::max_daily_days);
    if (!days || *days == 0)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "days must be 1 to " + std::to_string(callbacks::max_daily_days) + ".");
    auto list = co_await service->daily(static_cast<int>(*days));
    if (!list) co_return error_response(list.error());
    nlohmann::json out = {{"days", nlohmann::json::array()}};
    for (const auto& d : *list) out["days"].push_back(callbacks::to_json(d));
    co_return json_response(http::status::ok, out.dump());
}

asio::awaitable<Response> ConsoleApi::workload(RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await tenant_for(ctx, Role::supervisor, error);
    if (!service) co_return error;
    auto load = co_await service->workload();
    if (!load) co_return error_response(load.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& w : *load) {
        nlohmann::json j = callbacks::to_json(w);
        auto user = co_await accounts_->find(w.username);
        j["name"] = user ? user->name : std::string();
        list.push_back(std::move(j));
    }
    co_return json_response(http::status::ok, nlohmann::json{{"specialists", list}}.dump());
}

asio::awaitable<Response> ConsoleApi::audit(RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await tenant_for(ctx, Role::supervisor, error);
    if (!service) co_return error;
    const auto limit = size_param(ctx.query, "limit", 50, service->settings().max_page);
    const std::string before = query_param(ctx.query, "before");
    if (!limit || *limit == 0 || before.size() > 40)
        co_return json_error(http::status::bad_request, "invalid_input",
                             "limit must be 1 to " + std::to_string(service->settings().max_page) +
                                 "; before a cursor from `next`.");
    auto page = co_await service->audit_log(before, *limit);
    if (!page) co_return error_response(page.error());
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : page->entries) entries.push_back(callbacks::to_json(e));
    nlohmann::json out = {{"entries", entries},
                          {"next", page->next.empty() ? nlohmann::json(nullptr) : nlohmann::json(page->next)}};
    co_return json_response(http::status::ok, out.dump());
}

// The tenant's active accounts, for a supervisor choosing whom to hand a task to.
asio::awaitable<Response> ConsoleApi::users(RequestContext& ctx) {
    Response error;
    callbacks::Service* service = co_await tenant_for(ctx, Role::supervisor, error);
    if (!service) co_return error;
    nlohmann::json list = nlohmann::json::array();
    std::optional<AuthError> failure;
    const std::vector<User> all = co_await accounts_->list(&failure);
    if (failure) co_return auth_error_response(*failure);
    for (const auto& u : all)
        if (!u.disabled && u.in_tenant(service->tenant_id()))
            list.push_back({{"username", u.username}, {"name", u.name}, {"role", to_string(u.role)}});
    co_return json_response(http::status::ok, nlohmann::json{{"users", list}}.dump());
}

// Server-Sent Events: the HTTP loop hands the connection over after the request header.
asio::awaitable<void> ConsoleApi::event_stream(beast::tcp_stream stream, Request request) {
    using namespace asio::experimental::awaitable_operators;
    auto write = [&](const std::string& text) -> asio::awaitable<bool> {
        stream.expires_after(std::chrono::seconds(30));
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(text),
                                                  asio::as_tuple(asio::use_awaitable));
        co_return !ec;
    };
    auto send_response = [&](Response res) -> asio::awaitable<void> {
        res.version(request.version());
        res.keep_alive(false);
        res.set(http::field::server, "advieslijn");
        res.prepare_payload();
        stream.expires_after(std::chrono::seconds(30));
        co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    };
    RequestContext ctx{request, {}, "", "/v1/events", {}};
    Response error;
    auto caller = co_await authorize(ctx, Role::specialist, error);
    if (!caller) {
        co_await send_response(std::move(error));
        co_return;
    }
    // No Content-Length: the stream ends when the connection does.
    const std::string head =
        "HTTP/1.1 200 OK\r\nServer: advieslijn\r\nContent-Type: text/event-stream\r\n"
        "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\nX-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n\r\nretry: 3000\n\n";
    if (!co_await write(head)) co_return;
    auto subscriber = events_->subscribe(caller->session.user.tenants);
    asio::steady_timer ping(co_await asio::this_coro::executor);
    for (;;) {
        ping.expires_after(std::chrono::seconds(15));
        auto next = co_await (subscriber->channel.async_receive(asio::as_tuple(asio::use_awaitable)) ||
                              ping.async_wait(asio::as_tuple(asio::use_awaitable)));
        if (next.index() == 0) {
            auto [ec, json] = std::get<0>(next);
            if (ec) break;  // the hub dropped us or is stopping
            const std::string event = "event: task\ndata: " + json + "\n\n";
            if (!co_await write(event)) break;
            continue;
        }
        // Every ping re-checks the session: a logout or a disabled account ends the stream.
        std::string token = caller->via_cookie
                                ? cookie_value(request[http::field::cookie], session_cookie)
                                : bearer(request);
        auto again = co_await accounts_->authenticate(std::move(token));
        if (!again) break;
        const std::string ping_line = ": ping\n\n";
        if (!co_await write(ping_line)) break;
    }
    events_->unsubscribe(subscriber);
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.close();
}

}  // namespace advieslijn::gateway
