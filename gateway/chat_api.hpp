#pragma once
// The chat's wire formats: POST /v1/chat/sessions, GET /v1/chat/sessions/{id},
// POST …/messages and …/feedback, and the WebSocket /v1/chat/ws carrying the same JSON
// objects. Parses and checks the input's form, calls contact::ChatConversations (where a
// message is answered) and renders its result.
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "contact/chat.hpp"
#include "gateway/http.hpp"
#include "gateway/server.hpp"
#include "routing/prompts.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::gateway {

struct ChatWire {
    std::size_t max_text_bytes = 1000;
    std::vector<std::string> trusted_proxies;  // as Limits::trusted_proxies (WebSocket clients)
    std::chrono::milliseconds socket_idle{10 * 60'000};       // Limits::websocket_idle
    std::chrono::milliseconds socket_lifetime{60 * 60'000};     // Limits::websocket_lifetime
};

class ChatApi {
public:
    // Both references must outlive this object.
    ChatApi(contact::ChatConversations& chats, const routing::TenantDirectory& tenants,
            const routing::Prompts& prompts, ChatWire wire)
        : chats_(chats), tenants_(tenants), prompts_(prompts), wire_(std::move(wire)) {}

    void add_routes(Router& router, HttpServer& server);

    // One JSON operation, shared by the HTTP endpoints and the WebSocket:
    // {"op":"start","site_key","lang"}, {"op":"resume","session_id"},
    // {"op":"message","session_id","text"|"article_id"}, {"op":"feedback","session_id",
    // "article_id","helped"}, {"op":"end","session_id"} (the quick exit). Answers with
    // (HTTP status, body).
    struct Outcome {
        http::status status;
        nlohmann::json body;
        int retry_after = 0;  // seconds, with 429
    };
    asio::awaitable<Outcome> handle(nlohmann::json op, std::string remote, std::string origin);

    // GET /v1/chat/texts?site_key&lang: the widget's labels in the language the tenant offers
    // (its default for another), with the direction and the tenant's languages for the switch.
    Outcome texts(const std::string& site_key, const std::string& lang, const std::string& origin) const;

private:
    asio::awaitable<Outcome> message(const nlohmann::json& op, std::string remote, std::string origin);
    asio::awaitable<Outcome> feedback(const nlohmann::json& op, std::string origin);
    asio::awaitable<void> websocket(beast::tcp_stream stream, Request req);

    contact::ChatConversations& chats_;
    const routing::TenantDirectory& tenants_;
    const routing::Prompts& prompts_;
    ChatWire wire_;
};

}  // namespace advieslijn::gateway
