#pragma once
// Live task events for the consoles: one reader per gateway process follows every tenant's
// Redis event stream (XREAD BLOCK on a connection of its own, so the block never delays
// other commands) and fans each event out to the Server-Sent-Events connections of that
// tenant's users. A subscriber that cannot keep up is dropped; its page reconnects and
// refetches, which is cheaper and more honest than buffering without bound.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/redis_client.hpp"

namespace advieslijn::gateway {

namespace asio = boost::asio;

class EventHub {
public:
    using Channel = asio::experimental::concurrent_channel<void(boost::system::error_code, std::string)>;
    struct Subscriber {
        Subscriber(asio::any_io_executor ex, std::vector<std::string> t)
            : tenants(std::move(t)), channel(ex, 256) {}
        std::vector<std::string> tenants;
        Channel channel;  // JSON of each event; closed when the hub drops the subscriber
    };

    // `streams`: (tenant id, its events stream key).
    EventHub(asio::io_context& ioc, RedisOptions options,
             std::vector<std::pair<std::string, std::string>> streams);
    ~EventHub();

    void start();
    void stop();  // ends the reader and closes every subscriber's channel

    // True once the reader knows where each stream ends. Events written before that are not
    // followed, so a stream must not tell its page it is open (and the page must not fetch
    // the present state) before then, or an event in between would be lost.
    bool positioned() const { return positioned_; }

    std::shared_ptr<Subscriber> subscribe(std::vector<std::string> tenants);
    void unsubscribe(const std::shared_ptr<Subscriber>& s);
    std::size_t subscribers() const;

private:
    asio::awaitable<void> run();
    void publish(const std::string& tenant, const std::string& json);

    asio::io_context& ioc_;
    RedisOptions options_;
    std::unique_ptr<RedisClient> redis_;
    std::vector<std::pair<std::string, std::string>> streams_;
    mutable std::mutex mu_;
    std::vector<std::shared_ptr<Subscriber>> subscribers_;
    std::atomic<bool> stopped_{false};
    std::atomic<bool> positioned_{false};
};

// One stream entry's field list (XREAD/XRANGE reply) as the event's JSON object, with
// `tenant` added and `at` (ms) written as RFC 3339.
std::string event_json(const std::string& tenant, const RedisReply& fields);

}  // namespace advieslijn::gateway
