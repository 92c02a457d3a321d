#pragma once
// The specialist and supervisor API (docs/consoles.md): login sessions, the callback queue
// and task operations, SLA figures, escalations, the audit log and live events. Every
// handler checks the session, the role and the tenant on the server; a task of a tenant the
// user does not belong to is "not found", exactly like a task that does not exist.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "callbacks/service.hpp"
#include "gateway/app.hpp"
#include "gateway/auth.hpp"
#include "gateway/events.hpp"

namespace advieslijn::gateway {

inline constexpr std::string_view session_cookie = "advieslijn_session";

// The session cookie's value from a Cookie header; empty when absent.
std::string cookie_value(std::string_view header, std::string_view name);

// A task as the consoles see it: the number masked (`phone_masked`), no `phone`.
nlohmann::json console_task_json(const callbacks::Task& t);

class ConsoleApi {
public:
    using Services = std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>>;
    // `session_clock` decides session expiry (the callbacks' clock may be a test's fake).
    // `clock`: the callbacks' clock (lists carry its `now`).
    ConsoleApi(App& app, Services& services, Clock& clock, Clock& session_clock);
    ~ConsoleApi();

    Accounts& accounts() { return *accounts_; }
    // For supervisor figures served outside this class (the line's article feedback): the
    // tenant asked about (`?tenant=`, or the user's only one), after the session and role
    // checks; nullopt with `error` set.
    asio::awaitable<std::optional<std::string>> supervisor_tenant(RequestContext& ctx,
                                                                  Response& error);
    EventHub& events() { return *events_; }

private:
    struct Caller {
        Session session;
        bool via_cookie = false;
    };
    using TaskOp = std::function<asio::awaitable<callbacks::Result<callbacks::Task>>(
        callbacks::Service&, const Caller&)>;

    void add_routes();
    // Session, role and (for cookie-authenticated POSTs) CSRF; nullopt with `error` set.
    asio::awaitable<std::optional<Caller>> authorize(RequestContext& ctx, Role need,
                                                     Response& error);
    // The tenant a list is about (`?tenant=`, or the user's only one); nullptr with `error`.
    callbacks::Service* tenant_service(RequestContext& ctx, const Caller& caller, Response& error);
    struct TenantCall {
        Caller caller;
        callbacks::Service* service;
    };
    // authorize() and then tenant_service().
    asio::awaitable<std::optional<TenantCall>> tenant_call(RequestContext& ctx, Role need,
                                                           Response& error);
    // The same when only the tenant matters; nullptr with `error` set.
    asio::awaitable<callbacks::Service*> tenant_for(RequestContext& ctx, Role need, Response& error);
    // Runs `op` on the user's tenants until one knows the task.
    asio::awaitable<Response> task_op(RequestContext& ctx, Role need, TaskOp op);
    // POST handlers with a JSON body: parses it first.
    asio::awaitable<Response> task_op_with_body(
        RequestContext& ctx, Role need,
        std::function<asio::awaitable<callbacks::Result<callbacks::Task>>(
            callbacks::Service&, const Caller&, const nlohmann::json&)>
            op);

    asio::awaitable<Response> login(RequestContext& ctx);
    asio::awaitable<Response> logout(RequestContext& ctx);
    asio::awaitable<Response> me(RequestContext& ctx);
    asio::awaitable<Response> list_tasks(RequestContext& ctx);
    asio::awaitable<Response> get_task(RequestContext& ctx);
    asio::awaitable<Response> show_phone(RequestContext& ctx);
    asio::awaitable<Response> claim_next(RequestContext& ctx);
    asio::awaitable<Response> sla(RequestContext& ctx);
    asio::awaitable<Response> sla_daily(RequestContext& ctx);
    asio::awaitable<Response> escalations(RequestContext& ctx);
    asio::awaitable<Response> acknowledge(RequestContext& ctx);
    asio::awaitable<Response> workload(RequestContext& ctx);
    asio::awaitable<Response> audit(RequestContext& ctx);
    asio::awaitable<Response> users(RequestContext& ctx);
    asio::awaitable<void> event_stream(beast::tcp_stream stream, Request request);

    nlohmann::json user_json(const User& u) const;

    App& app_;
    Services& services_;
    Clock& clock_;
    std::unique_ptr<Accounts> accounts_;
    std::unique_ptr<EventHub> events_;
    bool secure_cookie_ = false;
};

}  // namespace advieslijn::gateway
