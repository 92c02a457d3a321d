// The real binary in sentinel mode with redis.wait_replicas = 1, under a steady stream of
// POST /v1/callbacks while the primary fails over (SENTINEL FAILOVER, then kill -9 in a
// second test, with two replicas). What must hold: every task the line acknowledged (2xx) is on the new primary
// afterwards, and a request that got a 503 can be retried with its Idempotency-Key and ends
// as exactly one task. Waits are bounded; the figures are printed, not asserted.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/sentinel_cluster.hpp"

using namespace advieslijn::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct Attempt {
    std::string key;
    int status = 0;
    std::string id;
    std::chrono::steady_clock::time_point at;  // when the answer came
};

class SentinelFailover : public ::testing::Test {
protected:
    explicit SentinelFailover(std::size_t replicas = 1, int wait_replicas = 1)
        : cluster_(replicas), wait_replicas_(wait_replicas) {}
    SentinelCluster cluster_;
    const int wait_replicas_;
    std::string config_ = write_two_tenant_config(
        "/tmp/advieslijn-sentinel-" + std::to_string(::getpid()) + ".json", [this](json& c) {
            c["redis"]["sentinels"] = cluster_.sentinel_addresses();
            c["redis"]["master_name"] = SentinelCluster::master_name;
            c["redis"]["wait_replicas"] = wait_replicas_;
            c["redis"]["wait_timeout_ms"] = 500;
            c["redis"]["connect_timeout_ms"] = 500;
            c["redis"]["command_timeout_ms"] = 2000;
        });
    // The URL's host is not used in sentinel mode (the sentinels name the primary).
    ServerProcess server_{ADVIESLIJN_BINARY, "redis://127.0.0.1:1", {}, config_};

    static std::string body_for(int n) {
        // A distinct mobile number per request, so no two requests merge into one task.
        return json{{"site_key", "demo"},
                    {"phone", "+316" + std::to_string(20000000 + n)},
                    {"lang", "nl"},
                    {"question", "Mijn zoon slaapt slecht"},
                    {"consent", true}}
            .dump();
    }
    HttpReply create(int n, const std::string& key) {
        return server_.request("POST", "/v1/callbacks", body_for(n), {{"Idempotency-Key", key}});
    }

    // Traffic from three threads until the failover is over; `fail` starts it.
    void run_failover(const std::function<void()>& fail, const char* what) {
        const std::uint16_t old = cluster_.primary_port();
        ASSERT_NE(old, 0);
        std::mutex mu;
        std::vector<Attempt> attempts;
        std::atomic<bool> stop{false};
        std::atomic<int> next{0};
        std::vector<std::thread> load;
        for (int t = 0; t < 3; ++t)
            load.emplace_back([&] {
                while (!stop) {
                    const int n = next++;
                    const std::string key = "load-" + std::to_string(n);
                    HttpReply r = create(n, key);
                    Attempt a{key, r.status, {}, std::chrono::steady_clock::now()};
                    if (r.status / 100 == 2) a.id = json::parse(r.body).value("id", "");
                    std::lock_guard lock(mu);
                    attempts.push_back(std::move(a));
                }
            });
        std::this_thread::sleep_for(1s);
        const auto failed_at = std::chrono::steady_clock::now();
        fail();
        // Over when a server other than `old` is the primary and the line has acknowledged
        // tasks for a second after that (bounded).
        std::uint16_t now_primary = 0;
        std::chrono::steady_clock::time_point promoted{};
        while (std::chrono::steady_clock::now() - failed_at < 25s) {
            if (!now_primary && (now_primary = cluster_.port_with_role_master(old)) != 0)
                promoted = std::chrono::steady_clock::now();
            if (now_primary && std::chrono::steady_clock::now() - promoted > 1s) {
                std::lock_guard lock(mu);
                if (!attempts.empty() && attempts.back().status / 100 == 2 &&
                    attempts.back().at > promoted)
                    break;
            }
            std::this_thread::sleep_for(100ms);
        }
        stop = true;
        for (auto& t : load) t.join();
        ASSERT_NE(now_primary, 0) << "no new primary within 25 s\n" << cluster_.sentinel_logs();

        // Every acknowledged task is on the new primary (with wait_replicas 0: the ones lost
        // are counted, and each was acknowledged in the last moment before the promotion).
        int acknowledged = 0, refused = 0, lost = 0;
        std::chrono::milliseconds lost_before_promotion{0};
        std::chrono::milliseconds longest_gap{0};
        std::chrono::steady_clock::time_point last_ok = failed_at;
        for (const auto& a : attempts) {
            if (a.status / 100 != 2) {
                ++refused;
                continue;
            }
            ++acknowledged;
            if (a.at > failed_at) {
                longest_gap = std::max(longest_gap, std::chrono::duration_cast<std::chrono::milliseconds>(a.at - last_ok));
                last_ok = a.at;
            }
            if (cluster_.cli(now_primary, "EXISTS 'cb:{demo}:task:" + a.id + "'") != "1\n") {
                ++lost;
                lost_before_promotion = std::max(
                    lost_before_promotion, std::chrono::duration_cast<std::chrono::milliseconds>(promoted - a.at));
            }
        }
        EXPECT_GT(acknowledged, 0);
        if (wait_replicas_ > 0) {
            EXPECT_EQ(lost, 0) << lost << " of " << acknowledged << " acknowledged tasks are gone";
        } else {
            // docs/operations.md: "the writes of the last moment (usually milliseconds, more if
            // the replica lagged)". The last moment here: the failover's own duration.
            EXPECT_LE(lost_before_promotion, std::chrono::duration_cast<std::chrono::milliseconds>(promoted - failed_at) + 1s)
                << "a task acknowledged well before the failover began was lost";
        }
        EXPECT_TRUE(last_ok > promoted) << "no task acknowledged after the failover";

        // Each refused request, retried with its key, ends as one task: none lost, none twice.
        // Writes are refused until the other replica has reattached to the new primary (WAIT
        // needs it), which takes longer on a loaded machine (a CI run saw 5 of 730 retries fail
        // three times within 600 ms): the first refused request is retried until it goes
        // through, for at most 20 s, before the others get their three tries.
        int retried_ok = 0;
        bool recovered = false;
        for (const auto& a : attempts) {
            if (a.status / 100 == 2) continue;
            const int n = std::stoi(a.key.substr(5));
            if (!recovered) {
                const auto until = std::chrono::steady_clock::now() + 20s;
                while (!recovered && std::chrono::steady_clock::now() < until) {
                    recovered = create(n, a.key).status / 100 == 2;
                    if (!recovered) std::this_thread::sleep_for(200ms);
                }
                ASSERT_TRUE(recovered) << "no write accepted within 20 s of the load's end\n" << cluster_.sentinel_logs();
                ++retried_ok;
                continue;
            }
            for (int i = 0; i < 3; ++i) {
                if (create(n, a.key).status / 100 == 2) {
                    ++retried_ok;
                    break;
                }
                std::this_thread::sleep_for(200ms);
            }
        }
        EXPECT_EQ(retried_ok, refused);
        const std::string keys = cluster_.cli(now_primary, "--scan --pattern 'cb:{demo}:task:*'");
        // A lost task's idempotency key went with it: its retry would make it again, so those
        // are not retried here and the count leaves them out.
        EXPECT_EQ(static_cast<std::size_t>(std::count(keys.begin(), keys.end(), '\n')),
                  attempts.size() - static_cast<std::size_t>(lost));
        // Numbers stay out of the log.
        EXPECT_EQ(server_.process().log().find("+31620000"), std::string::npos);

        std::cout << "[ figures  ] " << what << " with wait_replicas=" << wait_replicas_ << ": " << attempts.size()
                  << " requests, " << acknowledged << " acknowledged, " << refused
                  << " answered 503 (all " << retried_ok << " retried fine), " << lost
                  << " acknowledged tasks lost (the oldest acknowledged "
                  << lost_before_promotion.count() << " ms before the promotion); longest time without a 2xx after the failover "
                     "began: "
                  << longest_gap.count() << " ms; new primary after "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(promoted - failed_at).count()
                  << " ms\n";
    }
};

}  // namespace

TEST_F(SentinelFailover, SentinelFailoverUnderTrafficLosesNoAcknowledgedTask) {
    run_failover([&] { ASSERT_EQ(cluster_.failover(), "OK\n"); }, "SENTINEL FAILOVER");
}

// With wait_replicas=1 and a single replica, a killed primary leaves no replica to confirm
// new tasks: the line would (rightly) answer 503 until an operator adds one. Two replicas
// keep it serving: one is promoted, the other follows it.
class SentinelFailoverTwoReplicas : public SentinelFailover {
protected:
    SentinelFailoverTwoReplicas() : SentinelFailover(2) {}
};

TEST_F(SentinelFailoverTwoReplicas, KillOfThePrimaryUnderTrafficLosesNoAcknowledgedTask) {
    run_failover([&] { cluster_.kill_server(cluster_.primary_port()); }, "kill -9 of the primary");
}

// Replication alone (wait_replicas 0), as docs/operations.md describes it: the line keeps
// acknowledging through the failover, and what it may lose is counted, not hidden. Both ways
// of failing over.
class SentinelFailoverNoWait : public SentinelFailover {
protected:
    SentinelFailoverNoWait() : SentinelFailover(1, 0) {}
};

TEST_F(SentinelFailoverNoWait, SentinelFailoverCountsWhatAsynchronousReplicationLost) {
    run_failover([&] { ASSERT_EQ(cluster_.failover(), "OK\n"); }, "SENTINEL FAILOVER");
}

TEST_F(SentinelFailoverNoWait, KillOfThePrimaryCountsWhatAsynchronousReplicationLost) {
    run_failover([&] { cluster_.kill_server(cluster_.primary_port()); }, "kill -9 of the primary");
}
