#include "gateway/chat_api.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "common/encoding.hpp"
#include "routing/text.hpp"

namespace advieslijn::gateway {

namespace {

using nlohmann::json;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
using Outcome = ChatApi::Outcome;

Outcome fail(http::status status, std::string_view code, std::string_view message) {
    return {status, {{"error", {{"code", code}, {"message", message}}}}, 0};
}

Outcome refused(const contact::ChatRefusal& r) {
    return {static_cast<http::status>(r.status), refusal_body(r), r.retry_after};
}

// RFC 3629 well-formedness, so invalid bytes never reach matching or storage.
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        if (len == 2 && c < 0xC2) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
        if (len == 3) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return false;
        }
        if (len == 4) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return false;
        }
        i += len;
    }
    return true;
}

// The session as the widget shows it: a new one (201) or a resumed one (200).
Outcome opened(const contact::ChatOpened& o, bool resumed) {
    const Tenant& t = *o.tenant;
    json body = {{"session_id", o.session_id},
                 {"lang", o.start.lang},
                 {"tenant", {{"name", t.name}, {"phone", t.numbers.empty() ? "" : t.numbers.front()}}},
                 {"quick_replies", o.start.quick_replies},
                 {"privacy", o.start.privacy}};
    if (resumed) body["messages"] = o.messages;
    else body["greeting"] = o.start.greeting;
    return {resumed ? http::status::ok : http::status::created, std::move(body), 0};
}

template <typename T, typename Render>
Outcome render(const contact::ChatResult<T>& result, Render render_value) {
    if (const auto* r = std::get_if<contact::ChatRefusal>(&result)) return refused(*r);
    return render_value(std::get<T>(result));
}

}  // namespace

asio::awaitable<Outcome> ChatApi::handle(json op, std::string remote, std::string origin) {
    const std::string kind = op.value("op", "");
    if (kind == "start") {
        if (!op.contains("site_key") || !op["site_key"].is_string())
            co_return fail(http::status::bad_request, "invalid_input", "site_key is required.");
        const std::string lang = op.contains("lang") && op["lang"].is_string() ? op["lang"].get<std::string>() : "";
        auto r = co_await chats_.start(op["site_key"].get<std::string>(), lang, std::move(remote),
                                       std::move(origin));
        co_return render(r, [](const contact::ChatOpened& o) { return opened(o, false); });
    }
    if (kind == "resume") {
        auto r = co_await chats_.resume(op.value("session_id", ""), std::move(origin));
        co_return render(r, [](const contact::ChatOpened& o) { return opened(o, true); });
    }
    if (kind == "message") co_return co_await message(op, std::move(remote), std::move(origin));
    if (kind == "feedback") co_return co_await feedback(op, std::move(origin));
    if (kind == "end") {
        auto r = co_await chats_.end(op.value("session_id", ""), std::move(origin));
        if (r) co_return refused(*r);
        co_return Outcome{http::status::no_content, json(), 0};
    }
    co_return fail(http::status::bad_request, "invalid_input",
                   "op must be one of start, resume, message, feedback, end.");
}

asio::awaitable<Outcome> ChatApi::message(const json& op, std::string remote, std::string origin) {
    routing::ChatInput input;
    if (op.contains("text")) {
        if (!op["text"].is_string())
            co_return fail(http::status::bad_request, "invalid_input", "text must be a string.");
        input.text = std::string(routing::trim(op["text"].get<std::string>()));
        if (input.text.empty())
            co_return fail(http::status::bad_request, "invalid_input", "text is empty.");
        // Characters, as the widget's maxlength counts them: a message with accents that the
        // widget let through must reach the risk check (a tester's finding).
        if (utf8_characters(input.text) > wire_.max_text_bytes)
            co_return fail(http::status::bad_request, "invalid_input",
                           "text is longer than " + std::to_string(wire_.max_text_bytes) +
                               " characters; please keep your question short.");
        if (!valid_utf8(input.text))
            co_return fail(http::status::bad_request, "invalid_input", "text is not valid UTF-8.");
    } else if (op.contains("article_id") && op["article_id"].is_string()) {
        input.article_id = op["article_id"].get<std::string>();
    } else {
        co_return fail(http::status::bad_request, "invalid_input", "Send either text or article_id.");
    }
    // The widget's site key and language: only used to answer from the knowledge base while
    // the session cannot be read (Redis down).
    for (const char* hint : {"site_key", "lang"})
        if (op.contains(hint) && !op[hint].is_string())
            co_return fail(http::status::bad_request, "invalid_input", std::string(hint) + " must be a string.");
    auto r = co_await chats_.message(op.value("session_id", ""), std::move(input), std::move(remote),
                                     std::move(origin), op.value("site_key", ""), op.value("lang", ""));
    co_return render(r, [](const routing::ChatReply& reply) {
        Outcome out{http::status::ok, json(), 0};
        JsonWriter w(out.text);
        routing::write_json(w, reply);
        return out;
    });
}

asio::awaitable<Outcome> ChatApi::feedback(const json& op, std::string origin) {
    if (!op.contains("article_id") || !op["article_id"].is_string() || !op.contains("helped") ||
        !op["helped"].is_boolean())
        co_return fail(http::status::bad_request, "invalid_input",
                       "article_id (string) and helped (true or false) are required.");
    auto r = co_await chats_.feedback(op.value("session_id", ""), op["article_id"].get<std::string>(),
                                      op["helped"].get<bool>(), std::move(origin));
    if (r) co_return refused(*r);
    co_return Outcome{http::status::no_content, json(), 0};
}

Outcome ChatApi::texts(const std::string& site_key, const std::string& lang,
                       const std::string& origin) const {
    if (site_key.empty()) return fail(http::status::bad_request, "invalid_input", "site_key is required.");
    const Tenant* tenant = tenants_.by_site_key(site_key);
    if (!tenant) return fail(http::status::not_found, "unknown_site_key", "Unknown site key.");
    if (!tenant->allows_origin(origin))
        return fail(http::status::forbidden, "origin_not_allowed", "This site may not use this advice line.");
    const std::string chosen = routing::TenantDirectory::choose_language(*tenant, lang);
    const routing::LanguageTexts* L = prompts_.find(chosen);  // start-up checked every one
    json languages = json::array();
    for (const auto& code : tenant->languages)
        if (const auto* other = prompts_.find(code))
            languages.push_back({{"lang", code}, {"name", other->name}, {"direction", other->direction}});
    return {http::status::ok,
            {{"lang", chosen}, {"name", L->name}, {"direction", L->direction}, {"texts", L->widget},
             {"languages", std::move(languages)}},
            0};
}

void ChatApi::add_routes(Router& router, HttpServer& server) {
    auto run = [this](RequestContext& ctx, json op) -> asio::awaitable<Response> {
        Outcome o = co_await handle(std::move(op), ctx.remote, cross_origin(ctx.request));
        Response res = o.status == http::status::no_content ? Response{http::status::no_content, 11}
                       : o.text.empty()                     ? json_response(o.status, json_text(o.body))
                                                            : json_response(o.status, std::move(o.text));
        if (o.retry_after > 0) res.set(http::field::retry_after, std::to_string(o.retry_after));
        add_cors_headers(ctx.request, res);
        co_return res;
    };
    // The body's fields, the op and the session id from the path, as the WebSocket sends them.
    auto with_body = [run](const char* op) {
        return [run, op](RequestContext& ctx) -> asio::awaitable<Response> {
            Response error;
            auto body = parse_json_body(ctx.request, error);
            if (!body) co_return error;
            (*body)["op"] = op;
            if (ctx.params.count("id")) (*body)["session_id"] = ctx.params["id"];
            co_return co_await run(ctx, std::move(*body));
        };
    };
    router.add(http::verb::get, "/v1/chat/texts", [this](RequestContext& ctx) -> asio::awaitable<Response> {
        const Outcome o = texts(query_param(ctx.query, "site_key"), query_param(ctx.query, "lang"),
                                cross_origin(ctx.request));
        Response res = json_response(o.status, json_text(o.body));
        // The same for every visitor of a site: a browser or proxy may keep it a while.
        if (o.status == http::status::ok) res.set(http::field::cache_control, "public, max-age=300");
        add_cors_headers(ctx.request, res);
        co_return res;
    });
    router.add(http::verb::post, "/v1/chat/sessions", with_body("start"));
    router.add(http::verb::get, "/v1/chat/sessions/{id}",
               [run](RequestContext& ctx) -> asio::awaitable<Response> {
                   json op = {{"op", "resume"}, {"session_id", ctx.params["id"]}};
                   co_return co_await run(ctx, std::move(op));
               });
    router.add(http::verb::delete_, "/v1/chat/sessions/{id}",
               [run](RequestContext& ctx) -> asio::awaitable<Response> {
                   json op = {{"op", "end"}, {"session_id", ctx.params["id"]}};
                   co_return co_await run(ctx, std::move(op));
               });
    router.add(http::verb::post, "/v1/chat/sessions/{id}/messages", with_body("message"));
    router.add(http::verb::post, "/v1/chat/sessions/{id}/feedback", with_body("feedback"));
    auto preflight = [this](RequestContext& ctx) -> asio::awaitable<Response> {
        co_return cors_preflight(ctx.request, tenants_.tenants());
    };
    for (const char* path : {"/v1/chat/texts", "/v1/chat/sessions", "/v1/chat/sessions/{id}",
                             "/v1/chat/sessions/{id}/messages", "/v1/chat/sessions/{id}/feedback"})
        router.add(http::verb::options, path, preflight);
    server.on_upgrade("/v1/chat/ws", [this](tcp::socket socket, Request req,
                                            std::shared_ptr<ChatSocketMark> mark) {
        return websocket(std::move(socket), std::move(req), std::move(mark));
    });
}

asio::awaitable<std::string> ChatApi::answer_socket_op(std::string text, std::string& session_id,
                                                       const std::string& remote,
                                                       const std::string& origin) {
    json op = json::parse(text, nullptr, false);
    Outcome out;
    json request_id;
    if (op.is_discarded() || !op.is_object()) {
        out = fail(http::status::bad_request, "invalid_json", "Each message must be one JSON object.");
    } else {
        request_id = op.value("id", json());
        if (!session_id.empty() && !op.contains("session_id")) op["session_id"] = session_id;
        out = co_await handle(op, remote, origin);
        if (out.body.contains("session_id")) session_id = out.body["session_id"];
    }
    // The body's fields, then the socket's own: the status, a retry delay, the request's id.
    std::string reply = !out.text.empty() ? std::move(out.text) : out.body.is_null() ? "{}" : json_text(out.body);
    reply.pop_back();  // the object's closing brace
    if (reply.size() > 1) reply += ',';
    reply += "\"status\":" + std::to_string(static_cast<int>(out.status));
    if (out.retry_after > 0) reply += ",\"retry_after\":" + std::to_string(out.retry_after);
    if (!request_id.is_null()) reply += ",\"id\":" + json_text(request_id);
    reply += '}';
    co_return reply;
}

// One session per socket: the first op starts or resumes it, later ops may leave out the
// session id. A socket whose client has sent no message for `socket_idle` is shut down by
// the server's deadline sweep (the mark's last message; HttpServer::close_quiet_chat_sockets),
// not kept alive by pings (a browser answers those by itself, so an abandoned tab or a flood
// of idle sockets would stay for ever), and one older than `socket_lifetime` after its next answer
// (close code 1001, "going away"): a socket lives at most lifetime + idle. The chat session
// outlives the socket; the client resumes it on a new one.
asio::awaitable<void> ChatApi::websocket(tcp::socket socket, Request req,
                                         std::shared_ptr<ChatSocketMark> mark) {
    // Not a coroutine itself: what only the start needs (the origin check, the refusal) is
    // not kept in the frame of a socket that then waits for hours.
    boost::system::error_code ec;
    std::string remote = "?";
    if (auto ep = socket.remote_endpoint(ec); !ec) remote = ep.address().to_string();
    remote = client_address(remote, req["X-Forwarded-For"], wire_.trusted_proxies);
    std::string origin = cross_origin(req);
    if (!any_tenant_allows(req, tenants_.tenants())) return refuse_socket(std::move(socket));
    // The upgrade request by pointer: the frame keeps 8 bytes of it, not a moved-from header.
    return serve_socket(std::move(socket), std::make_unique<Request>(std::move(req)), std::move(remote),
                        std::move(origin), std::move(mark));
}

asio::awaitable<void> ChatApi::refuse_socket(tcp::socket socket) {
    Response res = json_error(http::status::forbidden, "origin_not_allowed",
                              "This site may not use the advice line.");
    res.keep_alive(false);
    res.prepare_payload();
    co_await http::async_write(socket, res, use_tuple);
}

// The handshake in a coroutine of its own, so the upgrade request and the handshake's state
// are gone once the socket is open.
asio::awaitable<bool> ChatApi::accept_socket(ChatSocket& ws, Request req) {
    auto [ec] = co_await ws.async_accept(req, use_tuple);
    co_return !ec;
}

// The wait for the next message reserves 64 bytes; the rest of it is read as it comes. A
// whole-message read would reserve Beast's frame size (1.5 KiB) in the buffer of every idle
// socket. read_message_max holds across the pieces.
asio::awaitable<boost::system::error_code> ChatApi::read_socket_message(
    ChatSocket& ws, beast::flat_buffer& buffer) {
    auto [ec, n] = co_await ws.async_read_some(buffer, 64, use_tuple);
    while (!ec && !ws.is_message_done()) std::tie(ec, n) = co_await ws.async_read_some(buffer, 4096, use_tuple);
    co_return ec;
}

asio::awaitable<void> ChatApi::close_socket(ChatSocket& ws, bool lifetime) {
    const websocket::close_reason reason =
        lifetime ? websocket::close_reason(websocket::close_code::going_away, "lifetime")
                 : websocket::close_reason(websocket::close_code::normal);
    co_await ws.async_close(reason, use_tuple);
}

asio::awaitable<void> ChatApi::serve_socket(tcp::socket socket, std::unique_ptr<Request> req, std::string remote,
                                            std::string origin, std::shared_ptr<ChatSocketMark> mark) {
    const auto opened = std::chrono::steady_clock::now();
    ChatSocket ws(std::move(socket));
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = std::chrono::seconds(10);
    // No idle timer of Beast's: its pending wait would cost each idle socket about 1 KiB. The
    // server's sweep closes a socket quiet for socket_idle (the mark). A socket without a mark
    // (none today: the server gives every chat socket one) would keep Beast's timer.
    timeouts.idle_timeout = mark ? websocket::stream_base::none() : wire_.socket_idle;
    timeouts.keep_alive_pings = false;
    ws.set_option(timeouts);
    ws.read_message_max(16 * 1024);
    // Memory per idle socket (issue 19: 10,000 idle sockets within 150 MB). Beast gives each
    // socket a 4 KiB write buffer at the handshake, used only to cut messages into fragments
    // (or to mask or compress them, which a server without permessage-deflate never does).
    // Unfragmented answers go out straight from the reply string, so the buffer can be tiny.
    ws.auto_fragment(false);
    ws.write_buffer_bytes(8);
    // A full line may close this socket when its client has been quiet longest (the mark).
    struct Attached {
        ChatSocketMark* mark;
        ~Attached() {
            if (mark) mark->attach(nullptr);
        }
    } attached{mark.get()};
    if (mark) mark->attach(&beast::get_lowest_layer(ws).socket());
    const bool accepted = co_await accept_socket(ws, std::move(*req));
    req.reset();
    if (!accepted) co_return;
    std::string session_id;
    beast::flat_buffer buffer;
    bool lifetime_over = false;
    for (;;) {
        if (co_await read_socket_message(ws, buffer)) break;
        if (mark) mark->touch();
        std::string text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        buffer.shrink_to_fit();
        text = co_await answer_socket_op(std::move(text), session_id, remote, origin);
        ws.text(true);
        auto [wec, wn] = co_await ws.async_write(asio::buffer(text), use_tuple);
        if (wec) break;
        lifetime_over = std::chrono::steady_clock::now() - opened >= wire_.socket_lifetime;
        if (lifetime_over) break;
    }
    if (ws.is_open()) co_await close_socket(ws, lifetime_over);
}

}  // namespace advieslijn::gateway
