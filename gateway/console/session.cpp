// Login sessions: /v1/auth/login, /v1/auth/logout, /v1/auth/me (docs/consoles.md).
#include <algorithm>

#include "gateway/console/handlers.hpp"
#include "gateway/line.hpp"

namespace advieslijn::gateway::console {

namespace {

nlohmann::json user_json(const Context& c, const User& u) {
    nlohmann::json tenants = nlohmann::json::array();
    const auto& all = c.app.config().tenants;
    for (const auto& id : u.tenants) {
        auto it = std::find_if(all.begin(), all.end(), [&](const Tenant& t) { return t.id == id; });
        if (it != all.end()) tenants.push_back({{"id", it->id}, {"name", it->name}});
    }
    return {{"username", u.username}, {"name", u.name}, {"role", to_string(u.role)}, {"tenants", tenants}};
}

// The body of login and me.
nlohmann::json session_json(const Context& c, const Session& s) {
    return {{"user", user_json(c, s.user)},
            {"csrf_token", s.csrf},
            {"expires_at", callbacks::format_rfc3339(s.expires_at)}};
}

std::string cookie(const Context& c, const std::string& value, long long max_age) {
    return std::string(session_cookie) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) +
           "; HttpOnly; SameSite=Strict" + (c.secure_cookie ? "; Secure" : "");
}

}  // namespace

asio::awaitable<Response> login(Context& c, RequestContext& ctx) {
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
    auto result = co_await c.accounts.login(username, password, ctx.remote);
    if (result.error) co_return to_response(*result.error);
    nlohmann::json out = session_json(c, result.session);
    if (body->value("token", false)) out["token"] = result.token;
    Response res = json_response(http::status::ok, json_text(out));
    const auto max_age = std::chrono::seconds(c.accounts.settings().session_absolute).count();
    res.set(http::field::set_cookie, cookie(c, result.token, max_age));
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

asio::awaitable<Response> logout(Context& c, RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(c, ctx, Role::specialist, error);
    if (!caller) co_return error;
    co_await c.accounts.logout(caller->session);
    Response res{http::status::no_content, 11};
    res.set(http::field::set_cookie, cookie(c, "", 0));
    co_return res;
}

asio::awaitable<Response> me(Context& c, RequestContext& ctx) {
    Response error;
    auto caller = co_await authorize(c, ctx, Role::specialist, error);
    if (!caller) co_return error;
    Response res = json_response(http::status::ok, json_text(session_json(c, caller->session)));
    res.set(http::field::cache_control, "no-store");
    co_return res;
}

}  // namespace advieslijn::gateway::console
