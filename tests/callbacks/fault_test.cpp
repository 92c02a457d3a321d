// Redis failures: acknowledged tasks survive kill -9 with AOF; with Redis down, create says
// unavailable and leaves nothing behind. Each test owns its redis-server.
#include <set>

#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

class FaultTest : public CallbacksTest {
  protected:
    void SetUp() override {
        url_ = server_.url();
        CallbacksTest::SetUp();
    }
    test::RedisServer server_{test::RedisServer::Options{.append_only = true}};
};

}  // namespace

TEST_F(FaultTest, AcknowledgedTasksSurviveKillDashNine) {
    constexpr int n = 200;
    std::vector<std::future<Result<Created>>> futures;
    for (int i = 0; i < n; ++i) {
        char phone[32];
        std::snprintf(phone, sizeof phone, "+316200%05d", i);
        futures.push_back(
            asio::co_spawn(ioc_, service_->create(sample_task(phone)), asio::use_future));
    }
    // Kill while some creates may still be in flight: only acknowledged ones must survive.
    std::vector<std::string> acknowledged;
    wait_until([&] {
        for (auto& f : futures)
            if (f.valid() && f.wait_for(0s) == std::future_status::ready) {
                auto r = f.get();
                if (r.ok()) acknowledged.push_back(r->task.id);
            }
        return acknowledged.size() >= n / 2;
    });
    server_.kill();
    wait_until([&] {
        for (auto& f : futures)
            if (f.valid() && f.wait_for(0s) == std::future_status::ready) {
                auto r = f.get();
                if (r.ok()) acknowledged.push_back(r->task.id);
            }
        return std::none_of(futures.begin(), futures.end(), [](auto& f) { return f.valid(); });
    });
    ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(n / 2));
    // Let the client see the outage before Redis comes back: if every create had already
    // finished, the loop above never ran the io_context, and a connection still marked ready
    // from before the kill would take the first command after the restart and fail it.
    ASSERT_TRUE(wait_until([&] { return !client_->ready(); }));
    server_.restart();
    ASSERT_TRUE(wait_until([&] { return client_->ready(); }));
    for (const auto& id : acknowledged) {
        auto t = run(service_->get(id));
        ASSERT_TRUE(t.ok()) << id << ": " << t.error().message;
        EXPECT_EQ(t->state, State::queued);
    }
    // The indexes came back with them (scripts are reloaded after NOSCRIPT by the client).
    auto claimed = run(service_->claim_next("anna"));
    ASSERT_TRUE(claimed.ok() && claimed->has_value());
}

TEST_F(FaultTest, RedisDownMeansUnavailableAndNothingHalfWritten) {
    server_.kill();
    ASSERT_TRUE(wait_until([&] { return !client_->ready(); }));
    NewTask t = sample_task();
    t.source_key = "evt-down";
    auto r = run(service_->create(t));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::unavailable);
    EXPECT_EQ(http_status(r.error().code), 503);
    EXPECT_EQ(run(service_->claim_next("anna")).error().code, Errc::unavailable);
    EXPECT_EQ(run(service_->tick(nullptr)).error().code, Errc::unavailable);
    server_.restart();
    ASSERT_TRUE(wait_until([&] { return client_->ready(); }));
    EXPECT_EQ(redis({"KEYS", key("*")}).elements.size(), 0u) << "no partial task";
    auto retry = run(service_->create(t));
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry->status, CreateStatus::created);
}
