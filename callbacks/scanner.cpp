#include "callbacks/scanner.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace advieslijn::callbacks {

Scanner::Scanner(asio::any_io_executor ex, std::vector<Service*> services, WebhookSender* sender,
                 std::chrono::milliseconds interval)
    : services_(std::move(services)), sender_(sender), interval_(interval), timer_(ex) {}

asio::awaitable<void> Scanner::run() {
    while (!stopped_) {
        bool clean = true;
        for (Service* s : services_) {
            auto r = co_await s->tick(sender_);
            clean = clean && r;
            // Redis down is expected now and then: the next tick tries again.
            if (!r && r.error().code != Errc::unavailable)
                spdlog::warn("callbacks: scanner tick for {} failed: {}", s->tenant_id(),
                             r.error().message);
        }
        if (clean) {
            last_clean_pass_ = std::chrono::steady_clock::now().time_since_epoch().count();
            last_clean_pass_unix_ = unix_seconds_now();
        }
        ++ticks_;
        if (stopped_) break;
        timer_.expires_after(interval_);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

void Scanner::stop() {
    stopped_ = true;
    asio::post(timer_.get_executor(), [this] { timer_.cancel(); });
}

}  // namespace advieslijn::callbacks
