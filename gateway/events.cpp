#include "gateway/events.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>

#include "callbacks/model.hpp"

namespace advieslijn::gateway {

std::string event_json(const std::string& tenant, const RedisReply& fields) {
    nlohmann::json j = {{"tenant", tenant}};
    for (std::size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
        const std::string& name = fields.elements[i].str;
        const std::string& value = fields.elements[i + 1].str;
        if (name == "at") {
            try {
                j["at"] = callbacks::format_rfc3339(callbacks::from_ms(std::stoll(value)));
            } catch (const std::exception&) {
                j["at"] = nullptr;
            }
        } else {
            j[name] = value;
        }
    }
    return j.dump();
}

EventHub::EventHub(asio::io_context& ioc, RedisOptions options,
                   std::vector<std::pair<std::string, std::string>> streams)
    : ioc_(ioc), options_(std::move(options)), streams_(std::move(streams)) {
    // XREAD BLOCK holds the connection for the block time: the command timeout must be longer.
    options_.command_timeout = std::max(options_.command_timeout, std::chrono::milliseconds(4000));
    redis_ = std::make_unique<RedisClient>(ioc_, options_, 1);
}

EventHub::~EventHub() = default;

void EventHub::start() {
    redis_->start();
    asio::co_spawn(ioc_, run(), asio::detached);
}

void EventHub::stop() {
    stopped_ = true;
    redis_->stop();
    std::lock_guard lock(mu_);
    for (auto& s : subscribers_) s->channel.close();
    subscribers_.clear();
}

std::shared_ptr<EventHub::Subscriber> EventHub::subscribe(std::vector<std::string> tenants) {
    auto s = std::make_shared<Subscriber>(ioc_.get_executor(), std::move(tenants));
    std::lock_guard lock(mu_);
    if (stopped_) s->channel.close();
    else subscribers_.push_back(s);
    return s;
}

void EventHub::unsubscribe(const std::shared_ptr<Subscriber>& s) {
    std::lock_guard lock(mu_);
    subscribers_.erase(std::remove(subscribers_.begin(), subscribers_.end(), s), subscribers_.end());
}

std::size_t EventHub::subscribers() const {
    std::lock_guard lock(mu_);
    return subscribers_.size();
}

void EventHub::publish(const std::string& tenant, const std::string& json) {
    std::lock_guard lock(mu_);
    for (auto it = subscribers_.begin(); it != subscribers_.end();) {
        auto& s = **it;
        if (std::find(s.tenants.begin(), s.tenants.end(), tenant) == s.tenants.end()) {
            ++it;
            continue;
        }
        if (s.channel.try_send(boost::system::error_code{}, json)) {
            ++it;
            continue;
        }
        // Full (or closed): this page fell behind; it reconnects and refetches.
        s.channel.close();
        it = subscribers_.erase(it);
    }
}

asio::awaitable<void> EventHub::run() {
    asio::steady_timer pause(ioc_);
    auto wait = [&](std::chrono::milliseconds d) -> asio::awaitable<void> {
        pause.expires_after(d);
        boost::system::error_code ec;
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    };
    // Start from each stream's current end: consoles fetch the present state themselves, once
    // their stream is open, and no stream opens before this (positioned()). The connection is
    // usually still being made on the first try, so the retries start short.
    std::vector<std::string> ids(streams_.size());
    auto retry = std::chrono::milliseconds(20);
    for (std::size_t i = 0; i < streams_.size() && !stopped_;) {
        std::vector<std::string> last{"XREVRANGE", streams_[i].second, "+", "-", "COUNT", "1"};
        auto r = co_await redis_->command(std::move(last));
        if (!r.ok()) {
            co_await wait(retry);
            retry = std::min(retry * 2, std::chrono::milliseconds(500));
            continue;
        }
        ids[i] = r.reply.elements.empty() || r.reply.elements[0].elements.empty()
                     ? "0-0"
                     : r.reply.elements[0].elements[0].str;
        ++i;
    }
    positioned_ = true;
    const auto block = std::to_string(std::max<long long>(100, options_.command_timeout.count() / 2));
    while (!stopped_ && !streams_.empty()) {
        std::vector<std::string> args{"XREAD", "COUNT", "500", "BLOCK", block, "STREAMS"};
        for (const auto& s : streams_) args.push_back(s.second);
        args.insert(args.end(), ids.begin(), ids.end());
        auto r = co_await redis_->command(std::move(args));
        if (stopped_) break;
        if (!r.ok()) {
            co_await wait(std::chrono::milliseconds(500));  // reconnecting; ids are kept
            continue;
        }
        // [[key, [[id, [field, value, ...]], ...]], ...]
        for (const auto& stream : r.reply.elements) {
            if (stream.elements.size() != 2) continue;
            const auto found = std::find_if(streams_.begin(), streams_.end(), [&](const auto& s) {
                return s.second == stream.elements[0].str;
            });
            if (found == streams_.end()) continue;
            const auto index = static_cast<std::size_t>(found - streams_.begin());
            for (const auto& entry : stream.elements[1].elements) {
                if (entry.elements.size() != 2) continue;
                ids[index] = entry.elements[0].str;
                publish(found->first, event_json(found->first, entry.elements[1]));
            }
        }
    }
}

}  // namespace advieslijn::gateway
