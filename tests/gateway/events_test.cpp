// EventHub (gateway/events.cpp) against a real redis-server: where it starts reading, and that
// an event reaches the subscribers of its tenant only.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "common/redis_url.hpp"
#include "gateway/events.hpp"
#include "tests/support/redis_server.hpp"

namespace advieslijn::gateway {
namespace {

using namespace std::chrono_literals;

class EventHubTest : public ::testing::Test {
protected:
    void start_hub(const std::string& url) {
        RedisOptions options;
        options.endpoint = parse_redis_url(url);
        options.backoff_max = 200ms;
        hub_ = std::make_unique<EventHub>(ioc_, options, std::vector<std::pair<std::string, std::string>>{
                                                             {"demo", key("demo")}, {"noord", key("noord")}});
        hub_->start();
        guard_.emplace(ioc_.get_executor());
        thread_ = std::thread([this] { ioc_.run(); });
    }
    void TearDown() override {
        if (hub_) hub_->stop();
        guard_.reset();
        ioc_.stop();
        if (thread_.joinable()) thread_.join();
    }
    std::string key(const std::string& tenant) const { return prefix_ + tenant + ":events"; }
    bool wait_positioned(std::chrono::milliseconds within) {
        const auto end = std::chrono::steady_clock::now() + within;
        while (!hub_->positioned() && std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(10ms);
        return hub_->positioned();
    }
    // The next event on the subscriber's channel, or nullopt when none came within `within`.
    static std::optional<std::string> next(EventHub::Subscriber& s, std::chrono::milliseconds within) {
        const auto end = std::chrono::steady_clock::now() + within;
        std::optional<std::string> got;
        while (!got && std::chrono::steady_clock::now() < end) {
            s.channel.try_receive([&](boost::system::error_code ec, std::string json) {
                if (!ec) got = std::move(json);
            });
            if (!got) std::this_thread::sleep_for(10ms);
        }
        return got;
    }

    asio::io_context ioc_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
    std::thread thread_;
    std::unique_ptr<EventHub> hub_;
    std::string prefix_ = test::unique_prefix("events");
};

// Events written before the hub knew the streams' ends are history (consoles fetch it); from
// then on each event reaches its own tenant's subscribers and no one else's.
TEST_F(EventHubTest, FollowsFromWhereTheStreamsEndedAndKeepsTenantsApart) {
    test::RedisServer redis;
    redis.cli("XADD " + key("demo") + " '*' type created id old-task at 1");
    start_hub(redis.url());
    ASSERT_TRUE(wait_positioned(5s));
    auto demo = hub_->subscribe({"demo"});
    auto noord = hub_->subscribe({"noord"});
    redis.cli("XADD " + key("demo") + " '*' type created id new-task at 1764547200000");
    auto got = next(*demo, 5s);
    ASSERT_TRUE(got.has_value());
    EXPECT_NE(got->find("\"id\":\"new-task\""), std::string::npos) << *got;
    EXPECT_NE(got->find("\"tenant\":\"demo\""), std::string::npos) << *got;
    EXPECT_NE(got->find("\"at\":\"2025-12-01T00:00:00"), std::string::npos) << *got;
    EXPECT_FALSE(next(*demo, 300ms).has_value()) << "the old event must not be replayed";
    EXPECT_FALSE(next(*noord, 300ms).has_value()) << "noord must not see demo's event";
    EXPECT_EQ(hub_->subscribers(), 2u);
    hub_->unsubscribe(noord);
    EXPECT_EQ(hub_->subscribers(), 1u);
}

// A gateway that starts while Redis is away is not positioned (so /v1/events does not open a
// stream it cannot keep); once Redis is back it positions itself and delivers what follows.
TEST_F(EventHubTest, IsNotPositionedUntilRedisAnswersAndThenMissesNothing) {
    test::RedisServer redis;
    redis.kill();
    start_hub(redis.url());
    std::this_thread::sleep_for(400ms);
    EXPECT_FALSE(hub_->positioned());
    redis.restart();
    ASSERT_TRUE(wait_positioned(10s));
    auto demo = hub_->subscribe({"demo", "noord"});
    redis.cli("XADD " + key("noord") + " '*' type claimed id after-restart at 1");
    auto got = next(*demo, 5s);
    ASSERT_TRUE(got.has_value());
    EXPECT_NE(got->find("after-restart"), std::string::npos) << *got;
    EXPECT_NE(got->find("\"tenant\":\"noord\""), std::string::npos) << *got;
}

// A subscriber that stops reading is dropped when its buffer is full, with its channel closed,
// so one stuck page cannot make the hub buffer without bound.
TEST_F(EventHubTest, DropsASubscriberThatFallsBehind) {
    test::RedisServer redis;
    start_hub(redis.url());
    ASSERT_TRUE(wait_positioned(5s));
    auto slow = hub_->subscribe({"demo"});
    for (int i = 0; i < 300; ++i) redis.cli("XADD " + key("demo") + " '*' type created id t" + std::to_string(i) + " at 1");
    const auto end = std::chrono::steady_clock::now() + 10s;
    while (hub_->subscribers() != 0 && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(20ms);
    EXPECT_EQ(hub_->subscribers(), 0u);
    EXPECT_FALSE(slow->channel.is_open());
}

}  // namespace
}  // namespace advieslijn::gateway
