#include "gateway/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/log.hpp"

namespace advieslijn::gateway {

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

bool is_timeout(const boost::system::error_code& ec) { return ec == beast::error::timeout; }

std::string_view status_code_name(const boost::system::error_code& ec) {
    if (ec == http::error::header_limit) return "header_too_large";
    if (ec == http::error::body_limit) return "body_too_large";
    return "bad_request";
}

}  // namespace

// One client connection. Touched only on its own strand, except `id` and the executor.
struct HttpServer::Connection {
    explicit Connection(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    bool busy = false;  // between reading a request's header and writing its response
    std::uint64_t id = 0;
};

HttpServer::HttpServer(asio::io_context& ioc, const Router& router, Metrics& metrics,
                       Limits limits, bool access_log)
    : ioc_(ioc),
      router_(router),
      metrics_(metrics),
      limits_(limits),
      access_log_(access_log),
      acceptor_(asio::make_strand(ioc)) {}

HttpServer::~HttpServer() = default;

void HttpServer::listen(const HostPort& address) {
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve(address.host, std::to_string(address.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service);
    const tcp::endpoint ep = endpoints.begin()->endpoint();
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

std::uint16_t HttpServer::port() const { return acceptor_.local_endpoint().port(); }

void HttpServer::on_upgrade(std::string path, UpgradeHandler handler) {
    upgrades_[std::move(path)] = std::move(handler);
}

void HttpServer::start() { asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached); }

asio::awaitable<void> HttpServer::accept_loop() {
    asio::steady_timer pause(acceptor_.get_executor());
    while (acceptor_.is_open()) {
        auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), use_tuple);
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (ec) {
            // Out of descriptors or similar: back off briefly instead of spinning.
            spdlog::warn("http: accept failed: {}", ec.message());
            pause.expires_after(std::chrono::milliseconds(100));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        if (static_cast<std::size_t>(metrics_.open_connections()) >= limits_.max_connections) {
            metrics_.connection_rejected();
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        auto conn = std::make_shared<Connection>(std::move(socket));
        {
            std::lock_guard lock(mu_);
            conn->id = next_id_++;
            connections_[conn->id] = conn;
        }
        metrics_.connection_opened();
        auto ex = conn->stream.get_executor();
        asio::co_spawn(ex, session(std::move(conn)), asio::detached);
    }
}

asio::awaitable<void> HttpServer::session(std::shared_ptr<Connection> conn) {
    beast::tcp_stream& stream = conn->stream;
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    std::string remote = "?";
    if (auto ep = stream.socket().remote_endpoint(ec); !ec) remote = ep.address().to_string();
    bool first = true;

    // Answers an unreadable request and ends the connection; the peer may still be
    // sending, so read and discard briefly instead of resetting it before it sees the answer.
    auto refuse = [&](http::status status, std::string_view code,
                      std::string_view message) -> asio::awaitable<void> {
        Response res = json_error(status, code, message);
        res.keep_alive(false);
        stream.expires_after(std::chrono::seconds(5));
        co_await http::async_write(stream, res, use_tuple);
        metrics_.observe_request("(unparsed)", "-", static_cast<unsigned>(status), {});
        if (access_log_) spdlog::info("{} \"-\" {} (refused: {})", remote, static_cast<unsigned>(status), message);
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        std::array<char, 8192> scratch;
        stream.expires_after(std::chrono::seconds(2));
        for (int i = 0; i < 128; ++i) {
            auto [rec, n] = co_await stream.async_read_some(asio::buffer(scratch), use_tuple);
            if (rec) break;
        }
    };

    for (;;) {
        conn->busy = false;
        if (draining_) break;
        // Waiting for the next request on a kept-alive connection: the idle deadline.
        if (!first && buffer.size() == 0) {
            stream.expires_after(limits_.idle_timeout);
            auto [rec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
            if (rec) {
                if (is_timeout(rec)) metrics_.timeout();
                break;
            }
            buffer.commit(n);
        }
        first = false;

        // The whole header must arrive within the header deadline (slow-loris guard).
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
        parser.body_limit(limits_.body_bytes);
        stream.expires_after(limits_.header_timeout);
        auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
        if (hec == http::error::end_of_stream || hec == asio::error::operation_aborted ||
            hec == asio::error::connection_reset)
            break;
        if (is_timeout(hec)) {
            metrics_.timeout();
            break;
        }
        if (hec == http::error::body_limit) {
            co_await refuse(http::status::payload_too_large, "body_too_large",
                            "The request body is larger than " +
                                std::to_string(limits_.body_bytes) + " bytes.");
            break;
        }
        if (hec) {
            co_await refuse(hec == http::error::header_limit
                                ? http::status::request_header_fields_too_large
                                : http::status::bad_request,
                            status_code_name(hec), "The request could not be read: " + hec.message());
            break;
        }
        conn->busy = true;
        const auto started = std::chrono::steady_clock::now();

        if (parser.content_length() && *parser.content_length() > limits_.body_bytes) {
            co_await refuse(http::status::payload_too_large, "body_too_large",
                            "The request body is larger than " +
                                std::to_string(limits_.body_bytes) + " bytes.");
            break;
        }
        if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
            http::response<http::empty_body> cont{http::status::continue_, 11};
            stream.expires_after(limits_.body_timeout);
            auto [cec, cn] = co_await http::async_write(stream, cont, use_tuple);
            if (cec) break;
        }

        // WebSocket upgrades hand the stream over and leave the HTTP loop.
        if (beast::websocket::is_upgrade(parser.get())) {
            std::string target(parser.get().target().substr(0, parser.get().target().find('?')));
            if (auto it = upgrades_.find(target); it != upgrades_.end() && !draining_) {
                stream.expires_never();
                {
                    std::lock_guard lock(mu_);
                    connections_.erase(conn->id);
                }
                metrics_.observe_request(target, "GET", 101, {});
                auto handler = it->second;
                co_await handler(std::move(stream), parser.release());
                metrics_.connection_closed();
                co_return;
            }
        }

        stream.expires_after(limits_.body_timeout);
        auto [bec, bn] = co_await http::async_read(stream, buffer, parser, use_tuple);
        if (bec == http::error::body_limit) {
            co_await refuse(http::status::payload_too_large, "body_too_large",
                            "The request body is larger than " +
                                std::to_string(limits_.body_bytes) + " bytes.");
            break;
        }
        if (bec) {
            if (is_timeout(bec)) metrics_.timeout();
            else if (bec != http::error::end_of_stream && bec != asio::error::operation_aborted)
                co_await refuse(http::status::bad_request, "bad_request",
                                "The request body could not be read: " + bec.message());
            break;
        }

        Request req = parser.release();
        std::string route;
        Response res = co_await dispatch(req, remote, route);
        res.version(req.version());
        res.keep_alive(req.keep_alive() && !draining_);
        res.set(http::field::server, "advieslijn");
        res.set("X-Content-Type-Options", "nosniff");
        res.prepare_payload();

        stream.expires_after(limits_.body_timeout);
        boost::system::error_code wec;
        if (req.method() == http::verb::head) {
            http::response_serializer<http::string_body> sr{res};
            std::tie(wec, std::ignore) = co_await http::async_write_header(stream, sr, use_tuple);
        } else {
            std::tie(wec, std::ignore) = co_await http::async_write(stream, res, use_tuple);
        }
        const auto elapsed = std::chrono::steady_clock::now() - started;
        const unsigned status = res.result_int();
        metrics_.observe_request(route, req.method_string(), status, elapsed);
        if (access_log_)
            spdlog::info("{} \"{} {}\" {} {} {:.2f}ms", remote, req.method_string(),
                         mask_phones_in_text(req.target()), status, res.body().size(),
                         std::chrono::duration<double, std::milli>(elapsed).count());
        if (wec || !res.keep_alive()) break;
    }

    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.close();
    {
        std::lock_guard lock(mu_);
        connections_.erase(conn->id);
    }
    metrics_.connection_closed();
}

asio::awaitable<Response> HttpServer::dispatch(Request& req, const std::string& remote,
                                               std::string& route) {
    const std::string_view target = req.target();
    const auto qpos = target.find('?');
    const std::string_view path = target.substr(0, qpos);
    const std::string_view query =
        qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1);
    if (path.empty() || path.front() != '/') {
        route = "(invalid)";
        co_return json_error(http::status::bad_request, "bad_target",
                             "The request target must be an absolute path.");
    }
    RouteMatch m = router_.match(req.method(), path);
    if (m.kind == RouteMatch::Kind::not_found) {
        route = "(not found)";
        co_return json_error(http::status::not_found, "not_found", "No such resource.");
    }
    if (m.kind == RouteMatch::Kind::method_not_allowed) {
        route = "(method not allowed)";
        Response res = json_error(http::status::method_not_allowed, "method_not_allowed",
                                  "This resource accepts: " + m.allow + ".");
        res.set(http::field::allow, m.allow);
        co_return res;
    }
    route = m.route;
    RequestContext ctx{req, std::move(m.params), remote, path, query};
    try {
        co_return co_await (*m.handler)(ctx);
    } catch (const std::exception& e) {
        spdlog::error("http: handler for {} failed: {}", route, e.what());
    }
    co_return json_error(http::status::internal_server_error, "internal",
                         "Something went wrong on our side.");
}

void HttpServer::close_idle() {
    std::vector<std::shared_ptr<Connection>> conns;
    {
        std::lock_guard lock(mu_);
        for (auto& [id, weak] : connections_)
            if (auto c = weak.lock()) conns.push_back(std::move(c));
    }
    for (auto& c : conns) {
        asio::post(c->stream.get_executor(), [c] {
            if (!c->busy) c->stream.cancel();
        });
    }
}

void HttpServer::shutdown(std::chrono::milliseconds grace, std::function<void(bool)> done) {
    draining_ = true;
    asio::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ec;
        acceptor_.close(ec);
    });
    close_idle();
    asio::co_spawn(ioc_, wait_drained(grace, std::move(done)), asio::detached);
}

asio::awaitable<void> HttpServer::wait_drained(std::chrono::milliseconds grace,
                                               std::function<void(bool)> done) {
    const auto deadline = std::chrono::steady_clock::now() + grace;
    asio::steady_timer timer(ioc_);
    while (metrics_.open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(use_tuple);
        close_idle();  // connections that finished their request since the last round
    }
    done(metrics_.open_connections() == 0);
}

}  // namespace advieslijn::gateway
