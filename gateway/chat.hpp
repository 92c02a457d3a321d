#pragma once
// Web chat sessions: stored in Redis (any gateway instance can serve the next message),
// expiring after inactivity, rate limited per session and per client address, served over
// HTTP and over a WebSocket with the same JSON objects.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "common/redis_client.hpp"
#include "gateway/http.hpp"
#include "gateway/server.hpp"

namespace advieslijn::gateway {

// What the line answers; implemented by routing + knowledge base (see Line).
class ChatResponder {
public:
    virtual ~ChatResponder() = default;
    // A reply object for the visitor's text: {"type":"answer"|"choices"|"handoff"|"urgent",...}.
    // `risk_flags` receives the risk signals found, if any.
    virtual nlohmann::json reply_to_text(const Tenant& tenant, const std::string& lang,
                                         const std::string& text,
                                         std::vector<std::string>& risk_flags) = 0;
    // The answer for one article the visitor picked from choices; nullopt if unknown.
    virtual std::optional<nlohmann::json> reply_with_article(const Tenant& tenant,
                                                             const std::string& lang,
                                                             const std::string& article_id) = 0;
    // Quick-reply chips for the panel.
    virtual std::vector<std::string> quick_replies(const Tenant& tenant,
                                                   const std::string& lang) = 0;
    // When the conversation cannot be read (Redis unreachable): the emergency guidance
    // ({"type":"urgent","text","guidance"}) if the text carries a risk signal in any of the
    // line's languages, so that an outage never hides where help is; nullopt otherwise.
    virtual std::optional<nlohmann::json> guidance_without_session(const std::string& text) = 0;
};

struct ChatLimits {
    std::size_t max_text_bytes = 1000;
    int messages_per_minute_per_session = 20;
    int requests_per_minute_per_address = 120;
    std::chrono::seconds session_ttl{30 * 60};  // since the last message
    std::size_t max_messages_kept = 60;
    std::size_t max_articles_kept = 50;  // offered articles remembered for feedback
    std::vector<std::string> trusted_proxies;  // as Limits::trusted_proxies (WebSocket clients)
};

class ChatService {
public:
    ChatService(RedisClient& redis, const std::vector<Tenant>& tenants, ChatResponder& responder,
                ChatLimits limits = {});

    void add_routes(Router& router, HttpServer& server);

    // The session's tenant and risk flags, for a callback request that names it.
    struct SessionInfo {
        std::string tenant;
        std::string lang;
        std::vector<std::string> risk_flags;
        std::vector<std::string> articles;  // offered or answered
    };
    asio::awaitable<std::optional<SessionInfo>> session_info(std::string session_id);

    // One JSON operation, shared by the HTTP endpoints and the WebSocket:
    // {"op":"start","site_key","lang"}, {"op":"resume","session_id"},
    // {"op":"message","session_id","text"|"article_id"}, {"op":"feedback","session_id",
    // "article_id","helped"}. Answers with (HTTP status, body).
    struct Outcome {
        http::status status;
        nlohmann::json body;
        int retry_after = 0;  // seconds, with 429
    };
    asio::awaitable<Outcome> handle(nlohmann::json op, std::string remote, std::string origin);

private:
    asio::awaitable<Outcome> start(const nlohmann::json& op, const std::string& remote,
                                   const std::string& origin);
    asio::awaitable<Outcome> resume(const nlohmann::json& op, const std::string& origin);
    asio::awaitable<Outcome> message(const nlohmann::json& op, const std::string& remote,
                                     const std::string& origin);
    asio::awaitable<Outcome> feedback(const nlohmann::json& op, const std::string& origin);
    // A session is a small hash (tenant, lang, risk flags, articles offered) and a list of
    // messages, so a message costs an append, not a rewrite of the whole conversation.
    enum class Found { yes, no, unavailable };
    // `rate_keys` (optional) are counted in the same round trip when the session exists: a
    // message needs both, and one script is one Redis call instead of two.
    asio::awaitable<std::pair<Found, SessionInfo>> load(const std::string& id,
                                                        std::vector<std::string> rate_keys = {},
                                                        std::vector<long long>* hits = nullptr);
    // The live session for `id` as seen from `origin`, or the answer that refuses it
    // (unavailable, or session_expired for a missing or foreign session).
    struct OpenSession {
        const Tenant* tenant = nullptr;
        SessionInfo info;
        std::optional<Outcome> refused;
        std::vector<long long> hits;  // one per rate key given to open_session
    };
    asio::awaitable<OpenSession> open_session(const std::string& id, const std::string& origin,
                                              std::vector<std::string> rate_keys = {});
    asio::awaitable<std::optional<nlohmann::json>> load_messages(const std::string& id);
    asio::awaitable<bool> create(const std::string& id, const SessionInfo& info,
                                 const nlohmann::json& first);
    // Appends the messages, merges flags and articles, and renews the expiry; false when
    // Redis failed or the session is gone.
    asio::awaitable<bool> append(const std::string& id, std::vector<std::string> messages,
                                 const std::vector<std::string>& risk_flags,
                                 const std::vector<std::string>& articles);
    // Counts one hit in a one-minute window for each key; the counts, or nullopt when Redis is
    // unavailable.
    asio::awaitable<std::optional<long long>> count_hit(std::string key);  // nullopt: Redis failed
    asio::awaitable<void> websocket(beast::tcp_stream stream, Request req);
    const Tenant* tenant_by_id(const std::string& id) const;
    // Origin as cross_origin() gives it: empty means same-origin or not a browser.
    static bool allows(const Tenant& tenant, const std::string& origin);
    const Tenant* tenant_by_site_key(const std::string& key) const;

    RedisClient& redis_;
    const std::vector<Tenant>& tenants_;
    ChatResponder& responder_;
    ChatLimits limits_;
};

// A random identifier: 32 hex characters from the system's CSPRNG.
std::string random_id();

}  // namespace advieslijn::gateway
