#pragma once
// The line's public and internal APIs on top of the App: tenants, callback tasks (one
// callbacks::Service per tenant plus the SLA scanner), CORS for the widget's origins.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "callbacks/scanner.hpp"
#include "gateway/chat.hpp"
#include "gateway/console_api.hpp"
#include "gateway/twilio.hpp"
#include "knowledge-base/knowledge_base.hpp"
#include "routing/decision.hpp"
#include "routing/risk.hpp"
#include "routing/tenants.hpp"
#include "callbacks/service.hpp"
#include "callbacks/webhook.hpp"
#include "common/clock.hpp"
#include "gateway/app.hpp"

namespace advieslijn::gateway {

// Maps the knowledge base onto what routing needs (kept in memory: never blocks).
routing::KbResult search_for_routing(const kb::Library& library, std::string_view lang,
                                     std::string_view text);

// The shared knowledge base and, for each tenant with its own article folder, a library of
// the shared set with the tenant's articles added and overriding (kb::load's tenant_dir).
class Libraries {
public:
    explicit Libraries(const Config& config);
    const kb::Library& shared() const { return shared_; }
    const kb::Library& for_tenant(const Tenant& tenant) const;
    // Rebuilds every library (blocking: off the I/O threads); each keeps serving its last
    // good set when its new one is refused. Returns the problems of all.
    std::vector<kb::Problem> reload();
    bool loaded() const;

private:
    kb::Library shared_;
    std::map<std::string, std::unique_ptr<kb::Library>, std::less<>> tenants_;
};

// Chat replies: routing's decision (risk signals first, then the knowledge base).
class LineResponder final : public ChatResponder {
public:
    LineResponder(const Libraries& libraries, const routing::TenantDirectory& tenants,
                  const routing::RiskDetector& risk)
        : libraries_(libraries), tenants_(tenants), risk_(risk) {}
    nlohmann::json reply_to_text(const Tenant& tenant, const std::string& lang,
                                 const std::string& text,
                                 std::vector<std::string>& risk_flags) override;
    std::optional<nlohmann::json> reply_with_article(const Tenant& tenant, const std::string& lang,
                                                     const std::string& article_id) override;
    std::vector<std::string> quick_replies(const Tenant& tenant, const std::string& lang) override;
    std::optional<nlohmann::json> guidance_without_session(const std::string& text) override;

private:
    const Libraries& libraries_;
    const routing::TenantDirectory& tenants_;
    const routing::RiskDetector& risk_;
};

class Line {
public:
    // Registers the routes and the scanner on `app`. `clock` is a seam for tests.
    explicit Line(App& app, Clock& clock) : Line(app, clock, clock) {}
    // `session_clock` decides login-session expiry; tests give `clock` a fake time.
    Line(App& app, Clock& clock, Clock& session_clock);
    ~Line();

    const Tenant* tenant_by_site_key(std::string_view key) const {
        return tenants_.by_site_key(key);
    }
    callbacks::Service& callbacks_for(const Tenant& tenant) { return *services_.at(tenant.id); }

private:
    void add_routes();
    asio::awaitable<Response> create_callback(RequestContext& ctx);
    asio::awaitable<Response> search_kb(RequestContext& ctx);
    asio::awaitable<Response> reload_kb(RequestContext& ctx);
    // GET /v1/sla/feedback (supervisors): "did this help?" per article, and call outcomes.
    asio::awaitable<Response> feedback(RequestContext& ctx);
    // Each nullopt when Redis does not answer.
    asio::awaitable<std::optional<nlohmann::json>> article_feedback(const Tenant& tenant);
    asio::awaitable<std::optional<nlohmann::json>> call_outcomes(const Tenant& tenant);
    // Rebuilds the knowledge base on the worker thread; the old set serves meanwhile.
    void reload_in_background();
    // /metrics: every tenant's open tasks by stage, read from Redis at the scrape.
    asio::awaitable<std::string> task_metrics();

    App& app_;
    Clock& clock_;
    Libraries libraries_;
    routing::TenantDirectory tenants_;
    routing::RiskDetector risk_;
    asio::thread_pool worker_{1};  // index builds: never on an I/O thread
    LineResponder responder_{libraries_, tenants_, risk_};
    std::unique_ptr<TwilioChannel> twilio_;
    std::unique_ptr<ChatService> chat_;
    std::map<std::string, std::unique_ptr<callbacks::Service>, std::less<>> services_;
    callbacks::HttpWebhookSender webhook_sender_;
    std::unique_ptr<callbacks::Scanner> scanner_;
    std::unique_ptr<ConsoleApi> console_;
};

// Parses a JSON request body; on failure returns nullopt and sets `error` (415 for another
// content type, 400 for malformed JSON).
std::optional<nlohmann::json> parse_json_body(const Request& req, Response& error);

// CORS for the public endpoints the widget calls from a CJG website. `allowed` is the
// tenant's list (or every tenant's for a preflight, when the tenant is not yet known).
bool origin_allowed(const Request& req, const std::vector<std::string>& allowed);
// The request's Origin when it is a cross-origin call; empty for same-origin or no Origin.
std::string cross_origin(const Request& req);
void add_cors_headers(const Request& req, Response& res);
// The answer to a CORS preflight from any tenant's allowed origin (the tenant is in the body,
// so the real request is checked against its own tenant afterwards).
Response cors_preflight(const Request& req, const std::vector<Tenant>& tenants);

}  // namespace advieslijn::gateway
