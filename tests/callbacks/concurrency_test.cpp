// Races that the Lua scripts must win: many claimers on one queue, duplicate creations.
#include <mutex>
#include <set>
#include <thread>

#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

class ConcurrencyTest : public CallbacksTest {
  protected:
    // Runs the io_context on `n` threads while `body` runs, so coroutines of both "instances"
    // really interleave.
    template <typename F>
    void with_threads(int n, F body) {
        std::atomic<bool> done{false};
        std::vector<std::thread> threads;
        for (int i = 0; i < n; ++i)
            threads.emplace_back([&] {
                while (!done) ioc_.run_for(5ms);
            });
        body();
        done = true;
        for (auto& t : threads) t.join();
    }

    template <typename T>
    static T wait(std::future<T>& f) {
        f.wait();
        return f.get();
    }
};

}  // namespace

TEST_F(ConcurrencyTest, ConcurrentClaimersNeverGetTheSameTask) {
    // A second "gateway instance": its own connections, the same Redis and keys.
    RedisClient* other_client = make_client(2);
    Service other(*other_client, clock_, tenant_, settings_);
    constexpr int rounds = 5, tasks = 60, claimers = 12;
    for (int round = 0; round < rounds; ++round) {
        for (int i = 0; i < tasks; ++i) {
            char phone[32];
            std::snprintf(phone, sizeof phone, "+3161%03d%04d", round, i);
            create(sample_task(phone));
        }
        std::mutex mu;
        std::vector<std::string> claimed;
        with_threads(3, [&] {
            std::vector<std::future<void>> futures;
            for (int c = 0; c < claimers; ++c) {
                Service* svc = c % 2 ? &other : service_.get();
                std::string who = "specialist-" + std::to_string(c);
                futures.push_back(asio::co_spawn(
                    ioc_,
                    [](Service* svc, std::string who, std::mutex* mu,
                       std::vector<std::string>* out) -> asio::awaitable<void> {
                        for (;;) {
                            auto r = co_await svc->claim_next(who);
                            if (!r.ok() || !r->has_value()) co_return;
                            EXPECT_EQ((*r)->holder, who);
                            std::lock_guard lock(*mu);
                            out->push_back((*r)->id);
                        }
                    }(svc, who, &mu, &claimed),
                    asio::use_future));
            }
            for (auto& f : futures) wait(f);
        });
        std::set<std::string> unique(claimed.begin(), claimed.end());
        EXPECT_EQ(claimed.size(), static_cast<std::size_t>(tasks)) << "round " << round;
        EXPECT_EQ(unique.size(), claimed.size()) << "a task was claimed twice in round " << round;
        EXPECT_EQ(redis({"ZCARD", key("queue")}).integer, 0);
        EXPECT_EQ(redis({"ZCARD", key("state:claimed")}).integer, tasks * (round + 1));
    }
}

TEST_F(ConcurrencyTest, ConcurrentDuplicatesWithOneSourceKeyMakeOneTask) {
    RedisClient* other_client = make_client(2);
    Service other(*other_client, clock_, tenant_, settings_);
    constexpr int n = 40;
    std::vector<std::future<Result<Created>>> futures;
    with_threads(3, [&] {
        for (int i = 0; i < n; ++i) {
            NewTask t = sample_task();
            t.source_key = "evt-42";
            futures.push_back(asio::co_spawn(ioc_, (i % 2 ? other : *service_).create(std::move(t)),
                                             asio::use_future));
        }
        for (auto& f : futures) f.wait();
    });
    std::set<std::string> ids;
    int created = 0;
    for (auto& f : futures) {
        auto r = f.get();
        ASSERT_TRUE(r.ok()) << r.error().message;
        ids.insert(r->task.id);
        if (r->status == CreateStatus::created)
            ++created;
        else
            EXPECT_EQ(r->status, CreateStatus::existing);
    }
    EXPECT_EQ(ids.size(), 1u);
    EXPECT_EQ(created, 1);
    EXPECT_EQ(redis({"ZCARD", key("state:queued")}).integer, 1);
    EXPECT_EQ(run(service_->get(*ids.begin()))->questions.size(), 1u);
}

TEST_F(ConcurrencyTest, ConcurrentContactsFromOneNumberMergeIntoOneTask) {
    constexpr int n = 30;
    std::vector<std::future<Result<Created>>> futures;
    with_threads(3, [&] {
        for (int i = 0; i < n; ++i)
            futures.push_back(asio::co_spawn(
                ioc_, service_->create(sample_task("+31612345678", "vraag " + std::to_string(i))),
                asio::use_future));
        for (auto& f : futures) f.wait();
    });
    std::set<std::string> ids;
    for (auto& f : futures) ids.insert(f.get()->task.id);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(run(service_->get(*ids.begin()))->questions.size(), static_cast<std::size_t>(n));
}
