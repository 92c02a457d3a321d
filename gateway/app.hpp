#pragma once
// Wires the gateway: config, Redis client, router, HTTP server, signals. Components add
// their routes through `router()` before `run()`.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "common/config.hpp"
#include "common/redis_client.hpp"
#include "gateway/metrics.hpp"
#include "gateway/router.hpp"
#include "gateway/server.hpp"
#include "gateway/static_files.hpp"

namespace advieslijn::gateway {

// The Redis connection settings of the config (url, timeouts).
RedisOptions redis_options(const Config& c);
// For the command-line tools: waits until `redis` has a connection, or up to
// `connect_timeout` (and a little more); the first command then fails by itself if none came.
asio::awaitable<void> wait_until_ready(RedisClient& redis, std::chrono::milliseconds connect_timeout);
// For the command-line tools: runs `task` on `ioc` until everything is done; rethrows what
// `task` threw.
void run_until_done(asio::io_context& ioc, asio::awaitable<void> task);

class App {
public:
    explicit App(Config config);
    ~App();

    asio::io_context& io_context() { return ioc_; }
    const Config& config() const { return config_; }
    RedisClient& redis() { return *redis_; }
    Router& router() { return router_; }
    Metrics& metrics() { return metrics_; }
    HttpServer& server() { return *server_; }

    // A condition /readyz requires besides Redis (e.g. "knowledge base loaded").
    void add_readiness(std::string name, std::function<bool()> ready);
    // Work to do on SIGHUP (off the I/O threads is the callee's business).
    void on_reload(std::function<void()> reload);
    // Work to do once the server has stopped accepting, before Redis closes.
    void on_shutdown(std::function<void()> stop);
    // Prometheus text appended to /metrics at every scrape, for figures that must be read
    // (from Redis) at that moment rather than counted in the process. Like a gauge, what it
    // touches must live until run() returns.
    void on_scrape(std::function<asio::awaitable<std::string>()> collect);

    // Binds the listener (throws when it cannot) — separate so tests can learn the port.
    void bind();
    std::uint16_t port() const { return server_->port(); }
    // Runs until SIGTERM/SIGINT (or stop()); returns the process exit code.
    int run();
    // Starts the same graceful shutdown as SIGTERM.
    void stop();

private:
    void add_core_routes();
    void begin_shutdown(const char* why);
    void wait_signals();

    Config config_;
    asio::io_context ioc_;
    Metrics metrics_;
    Router router_;
    std::unique_ptr<RedisClient> redis_;
    std::unique_ptr<HttpServer> server_;
    StaticFiles static_files_;
    asio::signal_set signals_;
    std::vector<std::pair<std::string, std::function<bool()>>> readiness_;
    std::vector<std::function<void()>> reloads_;
    std::vector<std::function<void()>> shutdowns_;
    std::vector<std::function<asio::awaitable<std::string>()>> scrapes_;
    std::atomic<bool> stopping_{false};
    bool clean_ = true;
};

}  // namespace advieslijn::gateway
