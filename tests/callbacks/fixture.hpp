#pragma once
// Shared by the callbacks integration tests: a RedisClient on a test-owned io_context, a
// FakeClock, and Services for the "demo" tenant under a key prefix unique to the test.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <memory>
#include <optional>

#include "callbacks/service.hpp"
#include "common/clock.hpp"
#include "common/redis_client.hpp"
#include "tests/support/redis_server.hpp"

namespace advieslijn::callbacks::test_support {

using namespace std::chrono_literals;

inline TimePoint test_epoch() {
    // A fixed Tuesday noon (UTC), so day boundaries in tests do not depend on the wall clock.
    return from_ms(1'714'478'400'000);  // 2024-04-30T12:00:00Z
}

inline NewTask sample_task(std::string phone = "+31612345678",
                           std::string question = "Mijn baby slaapt niet door") {
    NewTask t;
    t.channel = Channel::chat;
    t.phone = std::move(phone);
    t.name = "Sanne";
    t.lang = "nl";
    t.question = std::move(question);
    t.topic = "slapen";
    t.consent = true;
    return t;
}

class CallbacksTest : public ::testing::Test {
  protected:
    explicit CallbacksTest(std::string url = {}) : url_(std::move(url)) {}

    void SetUp() override {
        if (url_.empty()) url_ = test::shared_redis_url();
        tenant_.id = "demo";
        settings_.key_kind = test::unique_name("cb");  // tenant_key adds the ':' before the tenant
        client_ = make_client();
        service_ = std::make_unique<Service>(*client_, clock_, tenant_, settings_);
    }

    void TearDown() override {
        service_.reset();
        for (auto& c : clients_) c->stop();
        work_.reset();
        ioc_.run_for(200ms);
    }

    RedisClient* make_client(int connections = 2) {
        RedisOptions o;
        o.endpoint = parse_redis_url(url_);
        o.command_timeout = 2s;
        o.connect_timeout = 500ms;
        o.backoff_min = 20ms;
        o.backoff_max = 200ms;
        clients_.push_back(std::make_unique<RedisClient>(ioc_, o, connections));
        clients_.back()->start();
        wait_until([&] { return clients_.back()->ready(); });
        return clients_.back().get();
    }

    template <typename F>
    bool wait_until(F cond, std::chrono::milliseconds limit = 10s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!cond() && std::chrono::steady_clock::now() < deadline) ioc_.run_for(5ms);
        return cond();
    }

    // Runs one coroutine to completion on the test thread.
    template <typename T>
    T run(asio::awaitable<T> op) {
        auto fut = asio::co_spawn(ioc_, std::move(op), asio::use_future);
        wait_until([&] { return fut.wait_for(0s) == std::future_status::ready; }, 30s);
        return fut.get();
    }

    Task create(NewTask t = sample_task()) {
        auto r = run(service_->create(std::move(t)));
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r->task : Task{};
    }

    // One task per priority band, two normal ones a minute apart: queue order is
    // urgent, high, normal_old, normal_new.
    struct ByPriority {
        Task normal_old, normal_new, high, urgent;
    };
    ByPriority create_by_priority() {
        ByPriority out;
        NewTask n = sample_task("+31611111111");
        out.normal_old = create(n);
        clock_.advance(std::chrono::minutes(1));
        n.phone = "+31622222222";
        out.normal_new = create(n);
        n.phone = "+31633333333";
        n.priority = Priority::high;
        out.high = create(n);
        n.phone = "+31644444444";
        n.priority = Priority::urgent;
        out.urgent = create(n);
        return out;
    }

    // A task past its deadline, with its escalation recorded by the scanner.
    Task create_breached() {
        Task t = create();
        clock_.advance(std::chrono::hours(24));
        auto tick = run(service_->tick(nullptr));
        EXPECT_TRUE(tick.ok());
        return t;
    }

    // A raw Redis command, for checks of the stored layout.
    RedisReply redis(std::vector<std::string> args) {
        auto r = run(client_->command(std::move(args)));
        EXPECT_FALSE(r.ec) << r.error_message();
        return r.reply;
    }

    std::string key(const std::string& suffix) const { return service_->key_prefix() + suffix; }

    std::string url_;
    asio::io_context ioc_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
        ioc_.get_executor()};
    FakeClock clock_{test_epoch()};
    Tenant tenant_;
    Settings settings_;
    std::vector<std::unique_ptr<RedisClient>> clients_;
    RedisClient* client_ = nullptr;
    std::unique_ptr<Service> service_;
};

}  // namespace advieslijn::callbacks::test_support
