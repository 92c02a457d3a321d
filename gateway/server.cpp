#include "gateway/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <algorithm>

#include "common/log.hpp"
#include "common/log_context.hpp"
#include "gateway/request_id.hpp"

namespace advieslijn::gateway {

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
using steady = std::chrono::steady_clock;

// How often deadlines are checked; a timeout fires at most this much late.
constexpr auto sweep_interval = std::chrono::milliseconds(100);
// Idle chat sockets are looked for every few sweeps: their limit is minutes, not seconds.
constexpr unsigned chat_idle_sweep_ticks = 5;

std::string_view error_code_name(const boost::system::error_code& ec) {
    if (ec == http::error::header_limit) return "header_too_large";
    if (ec == http::error::body_limit) return "body_too_large";
    return "bad_request";
}

// The whole response in one buffer: one send per response, no scatter lists to walk.
void serialize(const Response& res, bool with_body, std::string& out) {
    out.clear();
    out += res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(res.result_int());
    out += ' ';
    const auto reason = res.reason();
    out += reason.empty() ? http::obsolete_reason(res.result()) : reason;
    out += "\r\n";
    for (const auto& field : res) {
        out += field.name_string();
        out += ": ";
        out += field.value();
        out += "\r\n";
    }
    out += "\r\n";
    if (with_body) out += res.body();
}

}  // namespace

// One client connection. The socket and flags are touched only on the connection's strand;
// the deadline is atomic because the sweeper reads it from elsewhere.
// How many connections each peer address holds, and how many chat WebSockets each client
// (and all together) hold. Shared with the connections' slots so a slot may outlive the server.
struct HttpServer::Counts {
    std::mutex mu;
    std::unordered_map<std::string, std::size_t> per_address;
    std::unordered_map<std::string, std::size_t> websockets_per_client;
    std::size_t websockets = 0;
};

// One counted connection or WebSocket; gives its count back when it ends, whatever the path.
class HttpServer::Slot {
public:
    Slot() = default;
    Slot(std::shared_ptr<Counts> counts, std::string key, bool websocket)
        : counts_(std::move(counts)), key_(std::move(key)), websocket_(websocket) {}
    Slot(Slot&& o) noexcept = default;
    Slot& operator=(Slot&& o) noexcept {
        release();
        counts_ = std::move(o.counts_);
        key_ = std::move(o.key_);
        websocket_ = o.websocket_;
        return *this;
    }
    ~Slot() { release(); }

    // A slot under `key` when its count is below `limit` (and, for WebSockets, the total below
    // `total_limit`); an empty slot otherwise, with `*total_full` set when the total was the
    // reason (and the key's own count was not).
    static Slot take(const std::shared_ptr<Counts>& counts, const std::string& key, std::size_t limit,
                     bool websocket, std::size_t total_limit = 0, bool* total_full = nullptr) {
        std::lock_guard lock(counts->mu);
        auto& map = websocket ? counts->websockets_per_client : counts->per_address;
        const auto known = map.find(key);
        if (known != map.end() && known->second >= limit) return {};
        if (websocket && counts->websockets >= total_limit) {
            if (total_full) *total_full = true;
            return {};
        }
        auto& n = map[key];
        ++n;
        if (websocket) ++counts->websockets;
        return Slot(counts, key, websocket);
    }
    explicit operator bool() const { return counts_ != nullptr; }

private:
    void release() {
        if (!counts_) return;
        std::lock_guard lock(counts_->mu);
        auto& map = websocket_ ? counts_->websockets_per_client : counts_->per_address;
        if (auto it = map.find(key_); it != map.end() && --it->second == 0) map.erase(it);
        if (websocket_) --counts_->websockets;
        counts_.reset();
    }
    std::shared_ptr<Counts> counts_;
    std::string key_;
    bool websocket_ = false;
};

struct HttpServer::Connection {
    explicit Connection(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    Slot address_slot;  // empty for a trusted proxy's connections
    std::atomic<steady::rep> deadline{steady::time_point::max().time_since_epoch().count()};
    bool busy = false;       // between reading a request's header and writing its response
    bool timed_out = false;  // the sweeper cancelled it
    std::uint64_t id = 0;
    // The request being served (empty between requests); read by RequestIdExecutor.
    std::shared_ptr<std::string> request_id = std::make_shared<std::string>();

    void expires_after(std::chrono::milliseconds d) {
        deadline.store((steady::now() + d).time_since_epoch().count(), std::memory_order_relaxed);
    }
    void expires_never() {
        deadline.store(steady::time_point::max().time_since_epoch().count(),
                       std::memory_order_relaxed);
    }
};

HttpServer::HttpServer(asio::io_context& ioc, const Router& router, Metrics& metrics,
                       Limits limits, bool access_log)
    : ioc_(ioc),
      router_(router),
      metrics_(metrics),
      limits_(limits),
      access_log_(access_log),
      acceptor_(asio::make_strand(ioc)),
      counts_(std::make_shared<Counts>()),
      websocket_cap_(std::max<std::size_t>(1, limits_.max_connections * limits_.websocket_share_percent / 100)) {}

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

void HttpServer::on_stream(std::string path, UpgradeHandler handler) {
    streams_[std::move(path)] = std::move(handler);
}

void HttpServer::on_upgrade(std::string path, UpgradeHandler handler) {
    upgrades_[std::move(path)] = std::move(handler);
}

void HttpServer::start() {
    for (const auto& [pattern, method] : router_.labels())
        route_metrics_.push_back(metrics_.register_route(pattern, method));
    not_found_metrics_ = metrics_.register_route("(not found)", "-");
    not_allowed_metrics_ = metrics_.register_route("(method not allowed)", "-");
    invalid_metrics_ = metrics_.register_route("(invalid)", "-");
    *loops_ += 2;
    asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
    asio::co_spawn(acceptor_.get_executor(), sweep_deadlines(), asio::detached);
}

namespace {
// Counts a loop of the server down when its coroutine ends (declared first, so it goes last:
// nothing of the server is touched after it).
struct LoopEnd {
    std::shared_ptr<std::atomic<int>> loops;
    ~LoopEnd() { --*loops; }
};
}  // namespace

asio::awaitable<void> HttpServer::accept_loop() {
    const LoopEnd end{loops_};
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
        // One address may not hold the whole line. A trusted proxy carries many clients; its
        // connections count only towards max_connections (WebSockets per forwarded client).
        Slot slot;
        if (auto ep = socket.remote_endpoint(ec); !ec) {
            std::string address = ep.address().to_string();
            const auto& proxies = limits_.trusted_proxies;
            if (std::find(proxies.begin(), proxies.end(), address) == proxies.end()) {
                slot = Slot::take(counts_, address, limits_.max_connections_per_address, false);
                if (!slot) {
                    metrics_.connection_rejected();
                    boost::system::error_code ignored;
                    socket.close(ignored);
                    continue;
                }
            }
        }
        socket.set_option(tcp::no_delay(true), ec);
        auto conn = std::make_shared<Connection>(std::move(socket));
        conn->address_slot = std::move(slot);
        {
            std::lock_guard lock(mu_);
            conn->id = next_id_++;
            connections_[conn->id] = conn;
        }
        metrics_.connection_opened();
        RequestIdExecutor ex(conn->socket.get_executor(), std::shared_ptr<const std::string>(conn->request_id));
        asio::co_spawn(ex, session(std::move(conn)), asio::detached);
    }
}

ChatSocketMark::ChatSocketMark(asio::any_io_executor executor)
    : executor_(std::move(executor)), last_(steady::now().time_since_epoch().count()) {}

void ChatSocketMark::touch() {
    last_.store(steady::now().time_since_epoch().count(), std::memory_order_relaxed);
}

steady::time_point ChatSocketMark::last_active() const {
    return steady::time_point(steady::duration(last_.load(std::memory_order_relaxed)));
}

void ChatSocketMark::attach(tcp::socket* socket) {
    socket_ = socket;
    if (socket_ && evicted_) shut_down();  // chosen before the handler got going
}

bool ChatSocketMark::evict() {
    if (evicted_.exchange(true)) return false;
    asio::post(executor_, [self = shared_from_this()] { self->shut_down(); });
    return true;
}

void ChatSocketMark::shut_down() {
    if (!socket_) return;
    boost::system::error_code ignored;
    socket_->shutdown(tcp::socket::shutdown_both, ignored);
}

bool HttpServer::evict_quietest_chat_socket() {
    const auto quiet_since = steady::now() - limits_.websocket_evict_idle;
    std::shared_ptr<ChatSocketMark> quietest;
    {
        std::lock_guard lock(mu_);
        for (const auto& [id, weak] : chat_sockets_) {
            auto mark = weak.lock();
            if (!mark || mark->evicted() || mark->last_active() > quiet_since) continue;
            if (!quietest || mark->last_active() < quietest->last_active()) quietest = std::move(mark);
        }
    }
    return quietest && quietest->evict();
}

// A chat socket its client has left quiet for websocket_idle is shut down (its handler's read
// fails and it ends). Checked here rather than by Beast's idle timer: a timer's pending wait
// costs every idle socket about 1 KiB (issue 19: 10,000 idle sockets within 150 MB), and the
// mark already knows when the last message came.
void HttpServer::close_quiet_chat_sockets() {
    const auto quiet_since = steady::now() - limits_.websocket_idle;
    std::vector<std::shared_ptr<ChatSocketMark>> quiet;
    {
        std::lock_guard lock(mu_);
        for (const auto& [id, weak] : chat_sockets_)
            if (auto mark = weak.lock(); mark && !mark->evicted() && mark->last_active() < quiet_since)
                quiet.push_back(std::move(mark));
    }
    for (auto& mark : quiet) mark->evict();
}

// Per-request timers cost a timer-queue update (often a syscall) each; one sweep over all
// connections a few times a second is cheaper and precise enough for 10-60 s deadlines.
asio::awaitable<void> HttpServer::sweep_deadlines() {
    const LoopEnd end{loops_};
    asio::steady_timer timer(acceptor_.get_executor());
    unsigned ticks = 0;
    for (;;) {
        timer.expires_after(sweep_interval);
        auto [ec] = co_await timer.async_wait(use_tuple);
        if (ec || stop_sweeping_) co_return;
        const auto now = steady::now().time_since_epoch().count();
        std::vector<std::shared_ptr<Connection>> expired;
        {
            std::lock_guard lock(mu_);
            for (auto& [id, weak] : connections_)
                if (auto c = weak.lock(); c && c->deadline.load(std::memory_order_relaxed) < now)
                    expired.push_back(std::move(c));
        }
        for (auto& c : expired) {
            c->expires_never();
            asio::post(c->socket.get_executor(), [c] {
                c->timed_out = true;
                boost::system::error_code ignored;
                c->socket.cancel(ignored);
            });
        }
        if (++ticks % chat_idle_sweep_ticks == 0) close_quiet_chat_sockets();
        if (draining_ && !acceptor_.is_open() && metrics_.open_connections() == 0) co_return;
    }
}

asio::awaitable<void> HttpServer::session(std::shared_ptr<Connection> conn) {
    tcp::socket& socket = conn->socket;
    beast::flat_buffer buffer;
    std::string out;
    boost::system::error_code ec;
    std::string remote = "?";
    if (auto ep = socket.remote_endpoint(ec); !ec) remote = ep.address().to_string();
    bool first = true;

    // Answers an unreadable request and ends the connection; the peer may still be
    // sending, so read and discard briefly instead of resetting it before it sees the answer.
    auto refuse = [&](http::status status, std::string_view code,
                      std::string message) -> asio::awaitable<void> {
        Response res = json_error(status, code, message);
        res.keep_alive(false);
        serialize(res, true, out);
        conn->expires_after(std::chrono::seconds(5));
        co_await asio::async_write(socket, asio::buffer(out), use_tuple);
        metrics_.observe(invalid_metrics_, static_cast<unsigned>(status), {});
        if (access_log_)
            log_access({.remote = remote, .status = static_cast<unsigned>(status), .refused = message});
        socket.shutdown(tcp::socket::shutdown_send, ec);
        std::array<char, 8192> scratch;
        conn->expires_after(std::chrono::seconds(2));
        for (int i = 0; i < 128; ++i) {
            auto [rec, n] = co_await socket.async_read_some(asio::buffer(scratch), use_tuple);
            if (rec) break;
        }
    };
    auto too_large = [&] {
        return "The request body is larger than " + std::to_string(limits_.body_bytes) +
               " bytes.";
    };

    for (;;) {
        conn->busy = false;
        conn->request_id->clear();
        if (draining_) break;
        // Waiting for the next request on a kept-alive connection: the idle deadline.
        if (!first && buffer.size() == 0) {
            conn->expires_after(limits_.idle_timeout);
            auto [rec, n] = co_await socket.async_read_some(buffer.prepare(4096), use_tuple);
            if (rec) break;
            buffer.commit(n);
        }
        first = false;

        // The whole header must arrive within the header deadline (slow-loris guard).
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
        parser.body_limit(limits_.body_bytes);
        conn->expires_after(limits_.header_timeout);
        auto [hec, hn] = co_await http::async_read_header(socket, buffer, parser, use_tuple);
        if (hec == http::error::end_of_stream || hec == asio::error::operation_aborted ||
            hec == asio::error::connection_reset || hec == asio::error::eof)
            break;
        if (hec == http::error::body_limit) {
            co_await refuse(http::status::payload_too_large, "body_too_large", too_large());
            break;
        }
        if (hec) {
            co_await refuse(hec == http::error::header_limit
                                ? http::status::request_header_fields_too_large
                                : http::status::bad_request,
                            error_code_name(hec),
                            "The request could not be read: " + hec.message());
            break;
        }
        conn->busy = true;
        const auto started = steady::now();
        *conn->request_id = request_id_for(parser.get()["X-Request-Id"]);

        if (parser.content_length() && *parser.content_length() > limits_.body_bytes) {
            co_await refuse(http::status::payload_too_large, "body_too_large", too_large());
            break;
        }
        if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
            static constexpr std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
            conn->expires_after(limits_.body_timeout);
            auto [cec, cn] = co_await asio::async_write(socket, asio::buffer(cont), use_tuple);
            if (cec) break;
        }

        // WebSocket upgrades and event streams hand the connection over and leave the
        // HTTP loop.
        const bool websocket = beast::websocket::is_upgrade(parser.get());
        if (websocket || (parser.get().method() == http::verb::get && !streams_.empty())) {
            const auto target = parser.get().target();
            const std::string path(target.substr(0, target.find('?')));
            auto& table = websocket ? upgrades_ : streams_;
            if (auto it = table.find(path); it != table.end() && !draining_) {
                // Chat sockets: a few per client, and never more than their share of the line.
                Slot chat_slot;
                if (websocket) {
                    const std::string client =
                        client_address(remote, parser.get()["X-Forwarded-For"], limits_.trusted_proxies);
                    bool share_full = false;
                    chat_slot = Slot::take(counts_, client, limits_.max_websockets_per_client, true,
                                           websocket_cap_, &share_full);
                    // The share is full: the socket quiet longest makes room, if one has been
                    // quiet long enough. Its place frees as it closes; meanwhile the line
                    // holds one socket over its share.
                    if (!chat_slot && share_full && evict_quietest_chat_socket()) {
                        metrics_.websocket_evicted();
                        chat_slot = Slot::take(counts_, client, limits_.max_websockets_per_client, true,
                                               websocket_cap_ + 1);
                    }
                    if (!chat_slot) {
                        metrics_.connection_rejected();
                        co_await refuse(http::status::service_unavailable, "busy",
                                        "Too many chat connections; try again in a minute.");
                        break;
                    }
                }
                conn->expires_never();
                {
                    std::lock_guard lock(mu_);
                    connections_.erase(conn->id);
                }
                metrics_.observe_request(path, "GET", websocket ? 101 : 200, {});
                websocket ? metrics_.websocket_opened() : metrics_.event_stream_opened();
                // The handler runs as a coroutine of its own and this one ends, so that its
                // frame and buffers do not live as long as the socket (issue 19: memory per
                // idle chat socket). A client sends nothing before the answer to its
                // upgrade, so nothing unread is left in `buffer`.
                const auto executor = co_await asio::this_coro::executor;
                std::shared_ptr<ChatSocketMark> mark;
                if (websocket) {
                    mark = std::make_shared<ChatSocketMark>(socket.get_executor());
                    std::lock_guard lock(mu_);
                    chat_sockets_[conn->id] = mark;
                }
                tcp::socket upgraded(std::move(socket));
                // The address's connection slot and the chat socket's slot are held for as
                // long as the handler runs; the Connection itself goes now.
                asio::co_spawn(executor, it->second(std::move(upgraded), parser.release(), std::move(mark)),
                               [this, address_slot = std::move(conn->address_slot),
                                slot = std::move(chat_slot), websocket, id = conn->id](std::exception_ptr) {
                                   if (websocket) {
                                       std::lock_guard lock(mu_);
                                       chat_sockets_.erase(id);
                                   }
                                   websocket ? metrics_.websocket_closed() : metrics_.event_stream_closed();
                                   metrics_.connection_closed();
                               });
                co_return;
            }
        }

        if (!parser.is_done()) {
            conn->expires_after(limits_.body_timeout);
            auto [bec, bn] = co_await http::async_read(socket, buffer, parser, use_tuple);
            if (bec == http::error::body_limit) {
                co_await refuse(http::status::payload_too_large, "body_too_large", too_large());
                break;
            }
            if (bec) {
                if (bec != http::error::end_of_stream && bec != asio::error::operation_aborted)
                    co_await refuse(http::status::bad_request, "bad_request",
                                    "The request body could not be read: " + bec.message());
                break;
            }
        }

        Request req = parser.release();
        std::size_t metrics_index = invalid_metrics_;
        Response res = co_await dispatch(req, remote, metrics_index);
        res.version(req.version());
        res.keep_alive(req.keep_alive() && !draining_);
        res.set(http::field::server, "advieslijn");
        res.set("X-Content-Type-Options", "nosniff");
        res.set("X-Request-Id", *conn->request_id);
        res.prepare_payload();
        serialize(res, req.method() != http::verb::head, out);

        conn->expires_after(limits_.body_timeout);
        auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(out), use_tuple);
        const auto elapsed = steady::now() - started;
        const unsigned status = res.result_int();
        metrics_.observe(metrics_index, status, elapsed);
        if (access_log_) {
            const std::string target = mask_phones_in_text(req.target());
            log_access({.remote = remote,
                        .method = req.method_string(),
                        .target = target,
                        .status = status,
                        .bytes = res.body().size(),
                        .duration_ms = std::chrono::duration<double, std::milli>(elapsed).count()});
        }
        if (wec || !res.keep_alive()) break;
    }
    if (conn->timed_out) metrics_.timeout();

    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
    {
        std::lock_guard lock(mu_);
        connections_.erase(conn->id);
    }
    metrics_.connection_closed();
}

asio::awaitable<Response> HttpServer::dispatch(Request& req, const std::string& remote,
                                               std::size_t& metrics_index) {
    const std::string_view target = req.target();
    const auto qpos = target.find('?');
    const std::string_view path = target.substr(0, qpos);
    const std::string_view query =
        qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1);
    if (path.empty() || path.front() != '/') {
        metrics_index = invalid_metrics_;
        co_return json_error(http::status::bad_request, "bad_target",
                             "The request target must be an absolute path.");
    }
    RouteMatch m = router_.match(req.method(), path);
    if (m.kind == RouteMatch::Kind::not_found) {
        metrics_index = not_found_metrics_;
        co_return json_error(http::status::not_found, "not_found", "No such resource.");
    }
    if (m.kind == RouteMatch::Kind::method_not_allowed) {
        metrics_index = not_allowed_metrics_;
        Response res = json_error(http::status::method_not_allowed, "method_not_allowed",
                                  "This resource accepts: " + m.allow + ".");
        res.set(http::field::allow, m.allow);
        co_return res;
    }
    metrics_index = m.index < route_metrics_.size() ? route_metrics_[m.index] : invalid_metrics_;
    RequestContext ctx{req, std::move(m.params),
                       client_address(remote, req["X-Forwarded-For"], limits_.trusted_proxies), path,
                       query};
    try {
        co_return co_await (*m.handler)(ctx);
    } catch (const std::exception& e) {
        spdlog::error("http: handler for {} failed: {}", m.route, e.what());
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
        asio::post(c->socket.get_executor(), [c] {
            boost::system::error_code ignored;
            if (!c->busy) c->socket.cancel(ignored);
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
    const auto deadline = steady::now() + grace;
    asio::steady_timer timer(ioc_);
    while (metrics_.open_connections() > 0 && steady::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(use_tuple);
        close_idle();  // connections that finished their request since the last round
    }
    // The sweep wakes every sweep_interval and then ends; the accept loop ends once the closed
    // acceptor has aborted its accept.
    stop_sweeping_ = true;
    while (loops_->load() > 0) {
        timer.expires_after(std::chrono::milliseconds(5));
        co_await timer.async_wait(use_tuple);
    }
    done(metrics_.open_connections() == 0);
}

}  // namespace advieslijn::gateway
