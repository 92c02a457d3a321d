#pragma once
// The HTTP vocabulary shared by the gateway's handlers.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"
#include "common/json_text.hpp"
#include "common/encoding.hpp"

namespace advieslijn::gateway {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct RequestContext {
    const Request& request;
    std::map<std::string, std::string, std::less<>> params;  // from the path pattern
    std::string remote;                                      // peer address, for limits
    std::string_view path;                                   // target without the query
    std::string_view query;                                  // after '?', undecoded
};

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

// A JSON body with the given status.
Response json_response(http::status status, std::string body, unsigned version = 11);

using ::advieslijn::url_decode;  // common/encoding.hpp
using ::advieslijn::json_text;   // common/json_text.hpp: dump()'s text, written faster
// The client's address: `peer`, unless `peer` is a trusted proxy, in which case the
// right-most address of X-Forwarded-For that is not itself a trusted proxy (the left part of
// that header is whatever the client chose to send, so it is never believed).
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// One parameter from a query string or form body, decoded; empty when absent.
std::string query_param(std::string_view query, std::string_view name);

// Parses a JSON request body; on failure returns nullopt and sets `error` (415 for another
// content type, 400 for malformed JSON).
std::optional<nlohmann::json> parse_json_body(const Request& req, Response& error);

// CORS for the public endpoints the widget calls from a CJG website. `allowed` is the
// tenant's list (or every tenant's for a preflight, when the tenant is not yet known).
bool origin_allowed(const Request& req, const std::vector<std::string>& allowed);
// Before the tenant is known (a preflight, a WebSocket upgrade): whether any tenant allows the
// request's origin (or it is not a cross-origin call).
bool any_tenant_allows(const Request& req, const std::vector<Tenant>& tenants);
// The request's Origin when it is a cross-origin call; empty for same-origin or no Origin.
std::string cross_origin(const Request& req);
void add_cors_headers(const Request& req, Response& res);
// The answer to a CORS preflight from any tenant's allowed origin (the tenant is in the body,
// so the real request is checked against its own tenant afterwards).
Response cors_preflight(const Request& req, const std::vector<Tenant>& tenants);

}  // namespace advieslijn::gateway

// json_error lives with the error mappers; included here so that every handler that speaks
// this vocabulary has it.
#include "gateway/errors.hpp"  // IWYU pragma: export
