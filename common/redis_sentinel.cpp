#include "common/redis_sentinel.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <sstream>

namespace advieslijn {

namespace {

// A sentinel's answer and notices carry the address as text; a port we cannot use is no
// answer at all.
std::optional<std::uint16_t> port_of(const std::string& text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535)
        return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

// How often, and how far apart, one refresh asks before it gives up; a failing connection
// asks again anyway on its next reconnect.
constexpr int ask_rounds = 10;
constexpr std::chrono::milliseconds ask_pause{100};

// SENTINEL get-master-addr-by-name on one sentinel connection, as an awaitable.
asio::awaitable<std::tuple<boost::system::error_code, RedisReply>> ask_sentinel(
    std::shared_ptr<RedisConnection> sentinel, const std::string& master_name) {
    auto token = asio::as_tuple(asio::use_awaitable);
    return asio::async_initiate<decltype(token), void(boost::system::error_code, RedisReply)>(
        [sentinel](auto handler, std::vector<std::string> args) {
            sentinel->command(std::move(args), RedisHandler(std::move(handler)));
        },
        token, std::vector<std::string>{"SENTINEL", "get-master-addr-by-name", master_name});
}

}  // namespace

std::optional<SwitchMaster> parse_switch_master(const std::string& payload) {
    std::istringstream in(payload);
    std::string name, old_host, old_port, host, port;
    if (!(in >> name >> old_host >> old_port >> host >> port)) return std::nullopt;
    auto p = port_of(port);
    if (!p) return std::nullopt;
    return SwitchMaster{name, host, *p};
}

SentinelLocator::SentinelLocator(asio::io_context& ioc, const RedisOptions& options)
    : ioc_(ioc), strand_(asio::make_strand(ioc)), master_name_(options.master_name) {
    for (const auto& s : options.sentinels) {
        RedisOptions o;
        o.endpoint.host = s.host;
        o.endpoint.port = s.port;
        o.connect_timeout = options.connect_timeout;
        o.command_timeout = options.command_timeout;
        o.backoff_min = options.backoff_min;
        o.backoff_max = options.backoff_max;
        sentinel_options_.push_back(std::move(o));
    }
}

void SentinelLocator::start(std::function<void()> changed) {
    changed_ = std::move(changed);  // before any connection exists: nothing reads it yet
    for (const auto& o : sentinel_options_) {
        queries_.push_back(std::make_shared<RedisConnection>(ioc_, o));
        RedisOptions w = o;
        w.subscribe_channel = "+switch-master";
        // Weak: a notice that arrives while the client is going away is dropped.
        w.on_message = [weak = weak_from_this()](const RedisReply& m) {
            if (auto self = weak.lock()) self->notice(m);
        };
        watchers_.push_back(std::make_shared<RedisConnection>(ioc_, std::move(w)));
    }
    for (auto& q : queries_) q->start();
    for (auto& w : watchers_) w->start();
    refresh();
}

void SentinelLocator::stop() {
    for (auto& q : queries_) q->stop();
    for (auto& w : watchers_) w->stop();
    asio::dispatch(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->changed_ = nullptr;
    });
}

std::optional<RedisEndpoint> SentinelLocator::primary() const {
    std::lock_guard lock(mu_);
    return primary_;
}

void SentinelLocator::refresh() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        if (self->stopped_) return;
        if (self->asking_) {
            self->again_ = true;
            return;
        }
        self->asking_ = true;
        asio::co_spawn(self->strand_, [self]() { return self->ask(); }, asio::detached);
    });
}

asio::awaitable<void> SentinelLocator::ask() {
    asio::steady_timer pause(strand_);
    do {
        again_ = false;
        bool answered = false;
        for (int round = 0; round < ask_rounds && !answered && !stopped_; ++round) {
            if (round > 0) {
                pause.expires_after(ask_pause);
                co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            }
            for (auto& q : queries_) {
                if (!q->ready()) continue;
                // Built outside the co_await expression: GCC 12 can destroy a temporary of a
                // co_await expression twice, and a lambda holding a shared_ptr is one.
                auto op = ask_sentinel(q, master_name_);
                auto [ec, reply] = co_await std::move(op);
                // Nil: this sentinel does not know the name (a config mistake, or it has not
                // met the primary yet); another one may.
                if (ec || reply.type != RedisReply::Type::array || reply.elements.size() != 2)
                    continue;
                auto port = port_of(reply.elements[1].str);
                if (!port || reply.elements[0].str.empty()) continue;
                learned(reply.elements[0].str, *port, "sentinel");
                answered = true;
                break;
            }
        }
        if (!answered && !stopped_)
            spdlog::warn("redis: no sentinel named the primary of '{}'", master_name_);
    } while (again_ && !stopped_);
    asking_ = false;
}

void SentinelLocator::learned(std::string host, std::uint16_t port, const char* how) {
    {
        std::lock_guard lock(mu_);
        if (primary_ && primary_->host == host && primary_->port == port) return;
        RedisEndpoint ep;
        ep.host = host;
        ep.port = port;
        primary_ = std::move(ep);
    }
    spdlog::info("redis: primary of '{}' is {}:{} ({})", master_name_, host, port, how);
    if (changed_) changed_();
}

void SentinelLocator::notice(const RedisReply& message) {
    // ["message", "+switch-master", payload]
    if (message.elements.size() != 3 || message.elements[0].str != "message") return;
    auto sw = parse_switch_master(message.elements[2].str);
    if (!sw || sw->master_name != master_name_) return;
    asio::dispatch(strand_, [self = shared_from_this(), sw = *sw] {
        if (!self->stopped_) self->learned(sw.host, sw.port, "+switch-master");
    });
}

}  // namespace advieslijn
