#include "gateway/app.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <systemd/sd-daemon.h>
#include <thread>

#include "gateway/openapi.hpp"

namespace advieslijn::gateway {

RedisOptions redis_options(const Config& c) {
    RedisOptions o;
    o.endpoint = parse_redis_url(c.redis.url);
    for (const auto& s : c.redis.sentinels) o.sentinels.push_back(parse_redis_host_port(s));
    o.master_name = c.redis.master_name;
    o.connect_timeout = c.redis.connect_timeout;
    o.command_timeout = c.redis.command_timeout;
    return o;
}

asio::awaitable<void> wait_until_ready(RedisClient& redis, std::chrono::milliseconds connect_timeout) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    const auto until = std::chrono::steady_clock::now() + connect_timeout + std::chrono::milliseconds(200);
    while (!redis.ready() && std::chrono::steady_clock::now() < until) {
        t.expires_after(std::chrono::milliseconds(20));
        co_await t.async_wait(asio::use_awaitable);
    }
}

void run_until_done(asio::io_context& ioc, asio::awaitable<void> task) {
    auto done = asio::co_spawn(ioc, std::move(task), asio::use_future);
    ioc.run();
    done.get();
}

namespace {

// systemd's watchdog (WatchdogSec= in the unit sets $WATCHDOG_USEC): the keep-alive is sent
// from the I/O loop itself, so a loop that stops turning gets the service restarted. Sent
// twice per interval, as sd_watchdog_enabled(3) advises; ends with the shutdown.
asio::awaitable<void> keep_watchdog_fed(std::chrono::microseconds interval,
                                        const std::atomic<bool>& stopping) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    while (!stopping) {
        sd_notify(0, "WATCHDOG=1");
        t.expires_after(interval / 2);
        co_await t.async_wait(asio::use_awaitable);
    }
}

// /readyz turns 503 when Redis does not answer its PING within this time (a frozen Redis
// keeps its socket open, so only a live answer tells; issues 16 and 19).
constexpr std::chrono::milliseconds readiness_deadline{500};

// Sends PING and waits up to `deadline` for PONG. Polls a flag rather than racing a timer
// against the reply: the reply completes on a Redis connection's strand, and a flag is the
// one thing both sides may touch from different threads.
asio::awaitable<bool> ping_within(RedisClient& redis, std::chrono::milliseconds deadline) {
    auto answer = std::make_shared<std::atomic<int>>(0);  // 0: waiting, 1: PONG, 2: failed
    redis.async_command({"PING"}, [answer](boost::system::error_code ec, RedisReply r) {
        answer->store(!ec && r.type == RedisReply::Type::status && r.str == "PONG" ? 1 : 2);
    });
    asio::steady_timer t(co_await asio::this_coro::executor);
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (answer->load() == 0 && std::chrono::steady_clock::now() < until) {
        t.expires_after(std::chrono::milliseconds(5));
        co_await t.async_wait(asio::use_awaitable);
    }
    co_return answer->load() == 1;
}

int thread_count(const Config& c) {
    if (c.threads > 0) return c.threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

App::App(Config config)
    : config_(std::move(config)),
      ioc_(thread_count(config_)),
      static_files_(config_.static_dir),
      signals_(ioc_, SIGTERM, SIGINT, SIGHUP) {
    const int threads = thread_count(config_);
    RedisOptions redis_opts = redis_options(config_);
    redis_opts.observer = [this](std::chrono::nanoseconds latency, std::string_view error) {
        metrics_.observe_redis(latency, error);
    };
    redis_ = std::make_unique<RedisClient>(
        ioc_, std::move(redis_opts),
        config_.redis.connections > 0 ? config_.redis.connections : std::min(threads, 4));
    server_ = std::make_unique<HttpServer>(ioc_, router_, metrics_, config_.limits,
                                           config_.log.access_log);
    metrics_.add_gauge("advieslijn_redis_up", "1 when at least one Redis connection is ready.",
                       [this] { return redis_->ready() ? 1.0 : 0.0; });
    add_core_routes();
}

App::~App() = default;

void App::add_readiness(std::string name, std::function<bool()> ready) {
    readiness_.emplace_back(std::move(name), std::move(ready));
}
void App::on_reload(std::function<void()> reload) { reloads_.push_back(std::move(reload)); }
void App::on_shutdown(std::function<void()> stop) { shutdowns_.push_back(std::move(stop)); }

void App::on_scrape(std::function<asio::awaitable<std::string>()> collect) {
    scrapes_.push_back(std::move(collect));
}

void App::add_core_routes() {
    router_.add(http::verb::get, "/healthz", [](RequestContext&) -> asio::awaitable<Response> {
        co_return json_response(http::status::ok, R"({"status":"ok"})");
    });
    router_.add(http::verb::get, "/readyz", [this](RequestContext&) -> asio::awaitable<Response> {
        const bool redis_ok = co_await ping_within(*redis_, readiness_deadline);
        nlohmann::json checks = {{"redis", redis_ok}};
        bool ready = redis_ok && !stopping_;
        for (const auto& [name, check] : readiness_) {
            const bool ok = check();
            checks[name] = ok;
            ready = ready && ok;
        }
        nlohmann::json body = {{"status", ready ? "ready" : "not ready"}, {"checks", checks}};
        co_return json_response(ready ? http::status::ok : http::status::service_unavailable,
                                json_text(body));
    });
    router_.add(http::verb::get, "/metrics", [this](RequestContext&) -> asio::awaitable<Response> {
        Response res{http::status::ok, 11};
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.body() = metrics_.render();
        for (const auto& collect : scrapes_) {
            std::string more = co_await collect();
            res.body() += more;
        }
        co_return res;
    });
    // The API description, embedded at build time (gateway/openapi.json).
    router_.add(http::verb::get, "/v1/openapi.json",
                [](RequestContext&) -> asio::awaitable<Response> {
                    Response res = json_response(http::status::ok, std::string(openapi_json));
                    res.set(http::field::cache_control, "no-cache");
                    co_return res;
                });
}

void App::bind() {
    static_files_.load();
    static_files_.add_routes(router_);
    server_->listen(config_.listen);
}

void App::wait_signals() {
    signals_.async_wait([this](boost::system::error_code ec, int signo) {
        if (ec) return;
        if (signo == SIGHUP) {
            spdlog::info("SIGHUP: reloading");
            try {
                static_files_.load();
            } catch (const std::exception& e) {
                spdlog::error("reload of static files refused: {}", e.what());
            }
            for (auto& r : reloads_) r();
            wait_signals();
            return;
        }
        begin_shutdown(signo == SIGTERM ? "SIGTERM" : "SIGINT");
    });
}

void App::stop() {
    asio::post(ioc_, [this] { begin_shutdown("stop requested"); });
}

void App::begin_shutdown(const char* why) {
    if (stopping_.exchange(true)) return;
    spdlog::info("{}: stopping; finishing requests in flight (up to {} ms)", why,
                 config_.limits.shutdown_grace.count());
    signals_.cancel();
    // Under systemd (Type=notify) the unit shows "deactivating" while requests finish; a
    // no-op without $NOTIFY_SOCKET.
    sd_notify(0, "STOPPING=1");
    server_->shutdown(config_.limits.shutdown_grace, [this](bool clean) {
        clean_ = clean;
        if (!clean) spdlog::warn("shutdown: grace period over, closing the rest");
        for (auto& s : shutdowns_) s();
        redis_->stop();
        // Give Redis a moment to close cleanly, then end the run loop.
        auto timer = std::make_shared<asio::steady_timer>(ioc_, std::chrono::milliseconds(50));
        timer->async_wait([this, timer](boost::system::error_code) { ioc_.stop(); });
    });
}

int App::run() {
    const int threads = thread_count(config_);
    redis_->start();
    server_->start();
    wait_signals();
    spdlog::info("listening on http://{}:{} with {} I/O threads", config_.listen.host, port(),
                 threads);
    // Type=notify: systemd (and whatever is ordered after the unit) waits for this, so
    // "started" means the port accepts connections, not just that the process exists. The
    // config, articles and risk data are loaded by now; Redis may still be connecting
    // (/readyz tells). A no-op without $NOTIFY_SOCKET.
    sd_notifyf(0, "READY=1\nSTATUS=listening on %s:%u", config_.listen.host.c_str(),
               static_cast<unsigned>(port()));
    if (std::uint64_t usec = 0; sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        asio::co_spawn(ioc_, keep_watchdog_fed(std::chrono::microseconds(usec), stopping_),
                       asio::detached);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : pool) t.join();
    spdlog::info("stopped{}", clean_ ? "" : " (some connections were cut at the deadline)");
    return 0;
}

}  // namespace advieslijn::gateway
