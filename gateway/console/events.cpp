// GET /v1/events: the live task events of the user's tenants as Server-Sent Events
// (docs/consoles.md). The HTTP loop hands the connection over after the request header;
// EventHub (gateway/events.cpp) follows Redis and fans out.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "gateway/console/handlers.hpp"

namespace advieslijn::gateway::console {

asio::awaitable<void> event_stream(Context& c, boost::asio::ip::tcp::socket socket, Request request) {
    boost::beast::tcp_stream stream(std::move(socket));
    using namespace asio::experimental::awaitable_operators;
    auto write = [&](const std::string& text) -> asio::awaitable<bool> {
        stream.expires_after(std::chrono::seconds(30));
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(text),
                                                  asio::as_tuple(asio::use_awaitable));
        co_return !ec;
    };
    auto send_response = [&](Response res) -> asio::awaitable<void> {
        res.version(request.version());
        res.keep_alive(false);
        res.set(http::field::server, "advieslijn");
        res.prepare_payload();
        stream.expires_after(std::chrono::seconds(30));
        co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    };
    RequestContext ctx{request, {}, "", "/v1/events", {}};
    Response error;
    auto caller = co_await authorize(c, ctx, Role::specialist, error);
    if (!caller) {
        co_await send_response(std::move(error));
        co_return;
    }
    // No Content-Length: the stream ends when the connection does.
    const std::string head =
        "HTTP/1.1 200 OK\r\nServer: advieslijn\r\nContent-Type: text/event-stream\r\n"
        "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\nX-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n\r\nretry: 3000\n\n";
    // Just after start the hub may not yet know where the streams end; an open stream promises
    // every event from then on, so the head waits for it (and gives up when Redis stays away).
    if (!c.events.positioned()) {
        asio::steady_timer wait(co_await asio::this_coro::executor);
        for (int i = 0; i < 200 && !c.events.positioned(); ++i) {
            wait.expires_after(std::chrono::milliseconds(50));
            co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        if (!c.events.positioned()) {
            co_await send_response(json_error(http::status::service_unavailable, "unavailable",
                                              "The event store is not answering; try again."));
            co_return;
        }
    }
    // Subscribed before the head goes out: a console that fetches the present state once the
    // stream is open must not miss an event published in between (two gateways showed it).
    auto subscriber = c.events.subscribe(caller->session.user.tenants);
    if (!co_await write(head)) {
        c.events.unsubscribe(subscriber);
        co_return;
    }
    asio::steady_timer ping(co_await asio::this_coro::executor);
    for (;;) {
        ping.expires_after(std::chrono::seconds(15));
        auto next = co_await (subscriber->channel.async_receive(asio::as_tuple(asio::use_awaitable)) ||
                              ping.async_wait(asio::as_tuple(asio::use_awaitable)));
        if (next.index() == 0) {
            auto [ec, json] = std::get<0>(next);
            if (ec) break;  // the hub dropped us or is stopping
            const std::string event = "event: task\ndata: " + json + "\n\n";
            if (!co_await write(event)) break;
            continue;
        }
        // Every ping re-checks the session: a logout or a disabled account ends the stream.
        std::string token = caller->via_cookie
                                ? cookie_value(request[http::field::cookie], session_cookie)
                                : bearer(request);
        auto again = co_await c.accounts.authenticate(std::move(token));
        if (!again) break;
        const std::string ping_line = ": ping\n\n";
        if (!co_await write(ping_line)) break;
    }
    c.events.unsubscribe(subscriber);
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.close();
}

}  // namespace advieslijn::gateway::console
