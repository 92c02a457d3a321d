#pragma once
// The specialist and supervisor API (docs/consoles.md): login sessions, the callback queue
// and task operations, SLA figures, escalations, the audit log and live events. Every
// handler checks the session, the role and the tenant on the server; a task of a tenant the
// user does not belong to is "not found", exactly like a task that does not exist.
//
// This class owns the accounts and the event hub and lists the routes; the handlers live
// in gateway/console/, one file per resource.
#include <memory>
#include <optional>
#include <string>

#include "callbacks/service.hpp"
#include "gateway/app.hpp"
#include "gateway/auth.hpp"
#include "gateway/console/common.hpp"
#include "gateway/events.hpp"

namespace advieslijn::gateway {

class ConsoleApi {
public:
    using Services = console::Services;
    // `session_clock` decides session expiry (the callbacks' clock may be a test's fake).
    // `clock`: the callbacks' clock (lists carry its `now`).
    // `privacy`: erasure and access on request (the admin endpoints); `statistics`: the
    // reports' contact counters; both must outlive this.
    ConsoleApi(App& app, Services& services, Clock& clock, Clock& session_clock,
               contact::Privacy* privacy, contact::Statistics* statistics);
    ~ConsoleApi();

    Accounts& accounts() { return *accounts_; }
    // For supervisor figures served outside this class (the line's article feedback): the
    // tenant asked about (`?tenant=`, or the user's only one), after the session and role
    // checks; nullopt with `error` set.
    asio::awaitable<std::optional<std::string>> supervisor_tenant(RequestContext& ctx,
                                                                  Response& error);
    // The same for any signed-in staff member of at least `need` (the social map's search).
    asio::awaitable<std::optional<std::string>> staff_tenant(RequestContext& ctx, Role need,
                                                             Response& error);
    EventHub& events() { return *events_; }

private:
    void add_routes();

    App& app_;
    std::unique_ptr<Accounts> accounts_;
    std::unique_ptr<EventHub> events_;
    std::unique_ptr<console::Context> context_;
};

}  // namespace advieslijn::gateway
