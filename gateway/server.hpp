#pragma once
// The HTTP/1.1 server: one coroutine per connection on its own strand, keep-alive, explicit
// limits (header and body size, header-read, body-read and idle deadlines, a connection
// cap), and a two-step graceful shutdown.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/config.hpp"
#include "gateway/metrics.hpp"
#include "gateway/router.hpp"

namespace advieslijn::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// An open chat socket as the line sees it, so that a full line can close the socket whose
// client has been quiet longest instead of refusing a new one (issue 19). The handler
// attaches its socket and touches the mark on every message; the server closes the socket on
// the socket's own executor (its strand), never from another thread.
class ChatSocketMark : public std::enable_shared_from_this<ChatSocketMark> {
public:
    explicit ChatSocketMark(asio::any_io_executor executor);
    // A message came in.
    void touch();
    std::chrono::steady_clock::time_point last_active() const;
    // The socket to close while the handler runs; nullptr before the handler lets it go.
    // Called on the socket's executor.
    void attach(tcp::socket* socket);
    // Shuts the socket down (its handler's read fails and it ends); false when asked before.
    bool evict();
    bool evicted() const { return evicted_.load(); }

private:
    void shut_down();

    asio::any_io_executor executor_;
    std::atomic<std::chrono::steady_clock::rep> last_;
    std::atomic<bool> evicted_{false};
    tcp::socket* socket_ = nullptr;  // used on executor_ only
};

// An upgraded connection (e.g. WebSocket) takes over the socket from the HTTP loop. A socket,
// not a beast::tcp_stream: moving a tcp_stream allocates a new one and keeps the moved-from
// shell (about 650 bytes) alive wherever it stays, for the socket's whole life. `mark` is
// set for chat WebSockets (on_upgrade), null for event streams.
using UpgradeHandler = std::function<asio::awaitable<void>(tcp::socket socket, Request request,
                                                           std::shared_ptr<ChatSocketMark> mark)>;

class HttpServer {
public:
    HttpServer(asio::io_context& ioc, const Router& router, Metrics& metrics, Limits limits,
               bool access_log);
    ~HttpServer();

    // Binds and listens; throws boost::system::system_error when the address is taken.
    void listen(const HostPort& address);
    std::uint16_t port() const;
    void start();

    // Routes for WebSocket upgrades by path (set before start()).
    void on_upgrade(std::string path, UpgradeHandler handler);
    // Long-lived GET responses (Server-Sent Events) by path: the handler owns the
    // connection from the parsed request header on (set before start()).
    void on_stream(std::string path, UpgradeHandler handler);

    // Stops accepting, closes idle connections, lets in-flight requests finish; `done(clean)`
    // runs when every connection is closed (clean) or when the grace period is over.
    void shutdown(std::chrono::milliseconds grace, std::function<void(bool clean)> done);

private:
    struct Connection;
    struct Counts;
    class Slot;
    asio::awaitable<void> accept_loop();
    asio::awaitable<void> session(std::shared_ptr<Connection> conn);
    asio::awaitable<Response> dispatch(Request& req, const std::string& remote,
                                       std::size_t& metrics_index);
    asio::awaitable<void> wait_drained(std::chrono::milliseconds grace,
                                       std::function<void(bool)> done);
    asio::awaitable<void> sweep_deadlines();
    // Shuts down every chat socket quiet for websocket_idle (from the deadline sweep).
    void close_quiet_chat_sockets();
    // Closes the chat socket quiet longest, if one has been quiet websocket_evict_idle; false
    // when none may go.
    bool evict_quietest_chat_socket();
    void close_idle();

    asio::io_context& ioc_;
    const Router& router_;
    Metrics& metrics_;
    Limits limits_;
    bool access_log_;
    tcp::acceptor acceptor_;
    std::atomic<bool> draining_{false};
    // The accept loop and the deadline sweep refer to this server until they end; shutdown's
    // `done` waits for both (stop_sweeping_ ends the sweep), so the server may be destroyed
    // right after it while the io_context runs on (as the tests do).
    // Shared with the loops' frames: a frame destroyed with its io_context after the server
    // (no shutdown) still counts down safely.
    std::shared_ptr<std::atomic<int>> loops_ = std::make_shared<std::atomic<int>>(0);
    std::atomic<bool> stop_sweeping_{false};
    std::unordered_map<std::string, UpgradeHandler> upgrades_;
    std::unordered_map<std::string, UpgradeHandler> streams_;
    std::vector<std::size_t> route_metrics_;  // metrics index per router route
    std::size_t not_found_metrics_ = 0, not_allowed_metrics_ = 0, invalid_metrics_ = 0;

    std::shared_ptr<Counts> counts_;  // per address and per chat client; outlives connections
    std::size_t websocket_cap_ = 0;   // websocket_share_percent of max_connections

    std::mutex mu_;  // guards connections_ (the map, not the connections)
    std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
    std::unordered_map<std::uint64_t, std::weak_ptr<ChatSocketMark>> chat_sockets_;
    std::uint64_t next_id_ = 0;
};

}  // namespace advieslijn::gateway
