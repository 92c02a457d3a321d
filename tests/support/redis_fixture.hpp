#pragma once
// A gtest fixture with a RedisClient on a test-owned io_context, connected to the shared test
// Redis (test::shared_redis_url, or redis_url()), a unique key prefix, and run() for one
// coroutine.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/redis_client.hpp"
#include "tests/support/redis_server.hpp"

namespace advieslijn::test {

class RedisTest : public ::testing::Test {
  protected:
    explicit RedisTest(std::string prefix_name) : prefix_(unique_prefix(prefix_name)) {}

    // The Redis to connect to: the shared test server, or a fixture's own (one that scans
    // every key needs a server nobody else writes to).
    virtual std::string redis_url() const { return shared_redis_url(); }

    void SetUp() override {
        using namespace std::chrono_literals;
        RedisOptions o;
        o.endpoint = parse_redis_url(redis_url());
        o.command_timeout = 2s;
        o.connect_timeout = 500ms;
        o.backoff_min = 20ms;
        o.backoff_max = 200ms;
        client_ = std::make_unique<RedisClient>(ioc_, o, 2);
        client_->start();
        ASSERT_TRUE(wait_until([&] { return client_->ready(); }));
    }

    void TearDown() override {
        client_->stop();
        work_.reset();
        ioc_.run_for(std::chrono::milliseconds(200));
    }

    template <typename F>
    bool wait_until(F cond, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!cond() && std::chrono::steady_clock::now() < deadline)
            ioc_.run_for(std::chrono::milliseconds(5));
        return cond();
    }

    // Runs one coroutine to completion on the test thread.
    template <typename T>
    T run(asio::awaitable<T> op) {
        auto fut = asio::co_spawn(ioc_, std::move(op), asio::use_future);
        wait_until(
            [&] { return fut.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
            std::chrono::seconds(30));
        return fut.get();
    }

    // A raw Redis command, for checks of the stored layout.
    RedisReply redis(std::vector<std::string> args) {
        auto r = run(client_->command(std::move(args)));
        EXPECT_FALSE(r.ec) << r.error_message();
        return r.reply;
    }

    std::string prefix_;
    asio::io_context ioc_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
        ioc_.get_executor()};
    std::unique_ptr<RedisClient> client_;
};

}  // namespace advieslijn::test
