#include "gateway/console/common.hpp"

#include <charconv>

#include "common/log.hpp"
#include "gateway/line.hpp"

namespace advieslijn::gateway {

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

std::string console_task_text(const callbacks::Task& t) {
    std::string text;
    JsonWriter w(text);
    callbacks::write_json(w, t, callbacks::Phones::masked);
    return text;
}

namespace console {

asio::awaitable<std::optional<Caller>> authorize(Context& c, RequestContext& ctx, Role need,
                                                 Response& error) {
    Caller caller;
    std::string token = bearer(ctx.request);
    if (token.empty()) {
        token = cookie_value(ctx.request[http::field::cookie], session_cookie);
        caller.via_cookie = !token.empty();
    }
    std::optional<AuthError> failure;
    auto session = co_await c.accounts.authenticate(token, &failure);
    if (!session) {
        error = failure ? to_response(*failure)
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

callbacks::Service* tenant_service(Context& c, const Caller& caller, std::string requested,
                                   std::string_view how, Response& error) {
    const auto& mine = caller.session.user.tenants;
    if (requested.empty()) {
        if (mine.size() != 1) {
            error = json_error(http::status::bad_request, "invalid_input",
                               "tenant: name the tenant" + std::string(how) +
                                   "; you belong to several.");
            return nullptr;
        }
        requested = mine.front();
    }
    auto it = c.services.find(requested);
    if (it == c.services.end() || !caller.session.user.in_tenant(requested)) {
        error = json_error(http::status::not_found, "not_found", "No such tenant.");
        return nullptr;
    }
    return it->second.get();
}

asio::awaitable<std::optional<TenantCall>> tenant_call(Context& c, RequestContext& ctx, Role need,
                                                       Response& error) {
    auto caller = co_await authorize(c, ctx, need, error);
    if (!caller) co_return std::nullopt;
    callbacks::Service* service =
        tenant_service(c, *caller, query_param(ctx.query, "tenant"), " (?tenant=ID)", error);
    if (!service) co_return std::nullopt;
    co_return TenantCall{std::move(*caller), service};
}

std::optional<nlohmann::json> optional_json_body(const Request& req, Response& error) {
    if (req.body().empty()) return nlohmann::json::object();
    return parse_json_body(req, error);
}

std::string optional_string(const nlohmann::json& body, const char* name) {
    const auto it = body.find(name);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::size_t> size_param(std::string_view query, std::string_view name,
                                      std::size_t fallback, std::size_t max) {
    const std::string v = query_param(query, name);
    if (v.empty()) return fallback;
    std::size_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out > max) return std::nullopt;
    return out;
}

std::optional<std::pair<std::size_t, std::size_t>> page_params(std::string_view query,
                                                               std::size_t max, Response& error) {
    const auto offset = size_param(query, "offset", 0, 1'000'000);
    const auto limit = size_param(query, "limit", 50, max);
    if (!offset || !limit || *limit == 0) {
        error = json_error(http::status::bad_request, "invalid_input",
                           "offset and limit must be whole numbers; limit 1 to " +
                               std::to_string(max) + ".");
        return std::nullopt;
    }
    return std::pair{*offset, *limit};
}

std::string bearer(const Request& req) {
    const std::string_view auth = req[http::field::authorization];
    if (auth.size() > 7 && boost::beast::iequals(auth.substr(0, 7), "Bearer "))
        return std::string(auth.substr(7));
    return {};
}

}  // namespace console
}  // namespace advieslijn::gateway
