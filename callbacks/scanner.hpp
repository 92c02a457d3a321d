#pragma once
// The timer scanner: every `interval` it runs Service::tick for each tenant. Start one per
// gateway instance; the Lua take-due makes several instances safe together.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <vector>

#include "callbacks/service.hpp"
#include "callbacks/webhook.hpp"

namespace advieslijn::callbacks {

class Scanner {
  public:
    Scanner(asio::any_io_executor ex, std::vector<Service*> services, WebhookSender* sender,
            std::chrono::milliseconds interval = std::chrono::seconds(1));

    // Loops until stop(): co_spawn(ex, scanner.run(), asio::detached).
    asio::awaitable<void> run();
    // Safe from any thread; run() returns after the tick in progress. Destroy the Scanner
    // only after run() has returned (stop() posts to its executor).
    void stop();
    std::size_t ticks() const { return ticks_.load(); }
    // When the last pass over every tenant ended without an error (steady clock; the start
    // until the first one). Nothing moves SLA stages while this stands still.
    std::chrono::steady_clock::time_point last_clean_pass() const {
        return std::chrono::steady_clock::time_point(
            std::chrono::steady_clock::duration(last_clean_pass_.load()));
    }

    // The same moment on the wall clock (seconds since the epoch), for Prometheus, which
    // compares it with its own time(): a steady-clock reading means nothing outside this
    // process. Also the start until the first clean pass.
    double last_clean_pass_unix_seconds() const { return last_clean_pass_unix_.load(); }

  private:
    std::vector<Service*> services_;
    WebhookSender* sender_;
    std::chrono::milliseconds interval_;
    asio::steady_timer timer_;
    std::atomic<bool> stopped_{false};
    std::atomic<std::size_t> ticks_{0};
    std::atomic<std::chrono::steady_clock::rep> last_clean_pass_{
        std::chrono::steady_clock::now().time_since_epoch().count()};
    std::atomic<double> last_clean_pass_unix_{unix_seconds_now()};
    static double unix_seconds_now() {
        return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
};

}  // namespace advieslijn::callbacks
