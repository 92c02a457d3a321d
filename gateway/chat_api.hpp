#pragma once
// The chat's wire formats: POST /v1/chat/sessions, GET /v1/chat/sessions/{id},
// POST …/messages and …/feedback, and the WebSocket /v1/chat/ws carrying the same JSON
// objects. Parses and checks the input's form, calls contact::ChatConversations (where a
// message is answered) and renders its result.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "contact/chat.hpp"
#include "gateway/http.hpp"
#include "gateway/server.hpp"
#include "routing/prompts.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::gateway {

namespace websocket = beast::websocket;
// A chat WebSocket. Without permessage-deflate (`false`): the line never offers it, and the
// stream then carries none of its state.
using ChatSocket = websocket::stream<beast::tcp_stream, false>;

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
        // The body as JSON text (an object) instead, for a message's answer: written once
        // rather than built as a tree and then written (docs/benchmarks.md). `body` is null.
        std::string text = {};
    };
    asio::awaitable<Outcome> handle(nlohmann::json op, std::string remote, std::string origin);

    // GET /v1/chat/texts?site_key&lang: the widget's labels in the language the tenant offers
    // (its default for another), with the direction and the tenant's languages for the switch.
    Outcome texts(const std::string& site_key, const std::string& lang, const std::string& origin) const;

private:
    asio::awaitable<Outcome> message(const nlohmann::json& op, std::string remote, std::string origin);
    asio::awaitable<Outcome> feedback(const nlohmann::json& op, std::string origin);
    asio::awaitable<void> websocket(tcp::socket socket, Request req, std::shared_ptr<ChatSocketMark> mark);
    // The parts of a chat socket's life, each its own coroutine so that an idle socket keeps
    // only the frame of serve_socket and its read (issue 19: memory per idle socket).
    asio::awaitable<void> refuse_socket(tcp::socket socket);
    asio::awaitable<void> serve_socket(tcp::socket socket, std::unique_ptr<Request> req, std::string remote,
                                       std::string origin, std::shared_ptr<ChatSocketMark> mark);
    static asio::awaitable<bool> accept_socket(ChatSocket& ws, Request req);
    static asio::awaitable<boost::system::error_code> read_socket_message(ChatSocket& ws,
                                                                          beast::flat_buffer& buffer);
    static asio::awaitable<void> close_socket(ChatSocket& ws, bool lifetime);
    // One op read from a socket, answered: the reply's text. Its own coroutine, so that what
    // it needs lives only while it answers, not in the frame of every idle socket.
    asio::awaitable<std::string> answer_socket_op(std::string text, std::string& session_id,
                                                  const std::string& remote, const std::string& origin);

    contact::ChatConversations& chats_;
    const routing::TenantDirectory& tenants_;
    const routing::Prompts& prompts_;
    ChatWire wire_;
};

}  // namespace advieslijn::gateway
