#pragma once
// The line's public and internal APIs on top of the App: tenants, callback tasks (one
// callbacks::Service per tenant plus the SLA scanner), CORS for the widget's origins.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "callbacks/scanner.hpp"
#include "callbacks/service.hpp"
#include "callbacks/webhook.hpp"
#include "common/clock.hpp"
#include "gateway/app.hpp"

namespace advieslijn::gateway {

class Line {
public:
    // Registers the routes and the scanner on `app`. `clock` is a seam for tests.
    explicit Line(App& app, Clock& clock);
    ~Line();

    const Tenant* tenant_by_site_key(std::string_view key) const;
    callbacks::Service& callbacks_for(const Tenant& tenant) { return *services_.at(tenant.id); }

private:
    void add_routes();
    asio::awaitable<Response> create_callback(RequestContext& ctx);

    App& app_;
    Clock& clock_;
    std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>> services_;
    callbacks::HttpWebhookSender webhook_sender_;
    std::unique_ptr<callbacks::Scanner> scanner_;
};

// Parses a JSON request body; on failure returns nullopt and sets `error` (415 for another
// content type, 400 for malformed JSON).
std::optional<nlohmann::json> parse_json_body(const Request& req, Response& error);

// CORS for the public endpoints the widget calls from a CJG website. `allowed` is the
// tenant's list (or every tenant's for a preflight, when the tenant is not yet known).
bool origin_allowed(const Request& req, const std::vector<std::string>& allowed);
void add_cors_headers(const Request& req, Response& res);

}  // namespace advieslijn::gateway
