#pragma once
// What the console handlers share (docs/consoles.md): the route context, the session and
// tenant checks, the walk over the caller's tenants, and the small query and body readers.
// Each handler file reads parse → call callbacks::Service → render; errors go through
// gateway/errors.hpp.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "callbacks/service.hpp"
#include "contact/privacy.hpp"
#include "contact/statistics.hpp"
#include "gateway/app.hpp"
#include "gateway/auth.hpp"
#include "gateway/errors.hpp"
#include "gateway/events.hpp"
#include "gateway/http.hpp"

namespace advieslijn::gateway {

inline constexpr std::string_view session_cookie = "advieslijn_session";

// The session cookie's value from a Cookie header; empty when absent.
std::string cookie_value(std::string_view header, std::string_view name);

// A task as the consoles see it, as JSON text: the numbers masked (`phone_masked`, the
// terms' `alt_phone_masked`), no `phone`; "show number" reveals them.
std::string console_task_text(const callbacks::Task& t);

namespace console {

using Services = std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>>;

// The route context: everything a handler reaches. ConsoleApi owns it and outlives every
// request.
struct Context {
    App& app;
    Services& services;  // one per tenant
    Clock& clock;        // the callbacks' clock: lists carry its `now`
    Accounts& accounts;
    EventHub& events;
    bool secure_cookie = false;  // public_url is https
    contact::Privacy* privacy = nullptr;  // erasure and access on request
    contact::Statistics* statistics = nullptr;  // the reports' contact counters
};

// A console handler: `awaitable<Response>(Context&, RequestContext&)`, listed once in
// console_api.cpp.
using Endpoint = asio::awaitable<Response> (*)(Context&, RequestContext&);

struct Caller {
    Session session;
    bool via_cookie = false;
    const std::string& username() const { return session.user.username; }
};

// Session, role and (for cookie-authenticated POSTs) CSRF; nullopt with `error` set.
asio::awaitable<std::optional<Caller>> authorize(Context& c, RequestContext& ctx, Role need,
                                                 Response& error);

// The tenant a request is about: `requested`, or the user's only one. `how` tells a user of
// several tenants how to name one. nullptr with `error` set.
callbacks::Service* tenant_service(Context& c, const Caller& caller, std::string requested,
                                   std::string_view how, Response& error);

struct TenantCall {
    Caller caller;
    callbacks::Service* service;
};
// authorize() and then tenant_service() with `?tenant=`.
asio::awaitable<std::optional<TenantCall>> tenant_call(Context& c, RequestContext& ctx, Role need,
                                                       Response& error);

template <typename T>
using TenantOp = std::function<asio::awaitable<callbacks::Result<T>>(callbacks::Service&)>;

// Runs `op` on the caller's tenants in turn until one knows the id: a task of a tenant the
// user does not belong to is "not found" (`missing`), exactly like one that does not exist.
template <typename T>
asio::awaitable<callbacks::Result<T>> in_own_tenants(Context& c, const Caller& caller,
                                                     TenantOp<T> op, std::string missing) {
    for (const auto& tenant : caller.session.user.tenants) {
        auto it = c.services.find(tenant);
        if (it == c.services.end()) continue;
        auto result = co_await op(*it->second);
        if (!result && result.error().code == callbacks::Errc::not_found) continue;
        co_return result;
    }
    co_return callbacks::make_error(callbacks::Errc::not_found, std::move(missing));
}

// The request's JSON object, or {} when the body is empty; nullopt with `error` set.
std::optional<nlohmann::json> optional_json_body(const Request& req, Response& error);
// A string member, or "" when absent or not a string.
std::string optional_string(const nlohmann::json& body, const char* name);
// A size_t query parameter within [0, max]; `fallback` when absent; nullopt when malformed.
std::optional<std::size_t> size_param(std::string_view query, std::string_view name,
                                      std::size_t fallback, std::size_t max);
// `offset` and `limit` (1..max, default 50) from the query; nullopt with `error` set.
std::optional<std::pair<std::size_t, std::size_t>> page_params(std::string_view query,
                                                               std::size_t max, Response& error);
// The token of `Authorization: Bearer …`; empty when absent.
std::string bearer(const Request& req);

}  // namespace console
}  // namespace advieslijn::gateway
