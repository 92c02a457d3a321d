// RedisClient in sentinel mode against a real primary, replica and three sentinels: it finds
// the primary, and after a failover (SENTINEL FAILOVER, or kill -9 of the primary) it writes
// to the new primary by itself. Waits are bounded; the failover times are printed as
// figures (docs/operations.md), never asserted.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <iostream>
#include <optional>
#include <thread>

#include "common/redis_client.hpp"
#include "common/redis_sentinel.hpp"
#include "tests/support/sentinel_cluster.hpp"

using namespace advieslijn;
using namespace std::chrono_literals;

namespace {

class SentinelClient : public ::testing::Test {
protected:
    void SetUp() override {
        RedisOptions o;
        for (const auto& s : cluster_.sentinel_addresses()) o.sentinels.push_back(parse_redis_host_port(s));
        o.master_name = test::SentinelCluster::master_name;
        o.connect_timeout = 500ms;
        o.command_timeout = 1000ms;
        o.backoff_min = 20ms;
        o.backoff_max = 200ms;
        o.observer = [this](std::chrono::nanoseconds, std::string_view error) {
            if (error == "readonly") ++readonly_;
        };
        client_ = std::make_unique<RedisClient>(ioc_, o, 2);
        client_->start();
        runner_ = std::thread([this] { ioc_.run(); });
    }
    void TearDown() override {
        client_->stop();
        std::this_thread::sleep_for(100ms);
        work_.reset();
        ioc_.stop();
        runner_.join();
    }

    // One command; a transport error if it takes longer than 3 s (the client's own timeouts
    // are shorter, so this only guards the test).
    RedisResult run(std::vector<std::string> args) {
        auto fut = asio::co_spawn(ioc_, client_->command(std::move(args)), asio::use_future);
        if (fut.wait_for(3s) != std::future_status::ready)
            return RedisResult{make_error_code(redis_errc::timeout), {}};
        return fut.get();
    }

    // Writes key=value until a write succeeds, up to `within`; how long that took.
    std::optional<std::chrono::milliseconds> write_until_ok(const std::string& key,
                                                            std::chrono::milliseconds within,
                                                            int* failures = nullptr) {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; std::chrono::steady_clock::now() - start < within; ++i) {
            if (run({"SET", key, std::to_string(i)}).ok())
                return std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start);
            if (failures) ++*failures;
            std::this_thread::sleep_for(20ms);
        }
        return std::nullopt;
    }

    // After a failover (started just before) or kill: writes until one lands on a server
    // other than `old` that says it is a master, and reports the time.
    void follows_failover(std::uint16_t old, const char* what) {
        const auto start = std::chrono::steady_clock::now();
        int failures = 0, writes = 0;
        std::uint16_t now_primary = 0;
        bool landed = false;
        while (!landed && std::chrono::steady_clock::now() - start < 20s) {
            const std::string key = "after:" + std::to_string(writes++);
            if (!run({"SET", key, "x"}).ok()) {
                ++failures;
                std::this_thread::sleep_for(20ms);
                continue;
            }
            now_primary = cluster_.port_with_role_master(old);
            landed = now_primary != 0 && cluster_.cli(now_primary, "GET " + key) == "x\n";
        }
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        ASSERT_TRUE(landed) << "no write reached a new primary within 20 s\n"
                            << cluster_.sentinel_logs();
        EXPECT_NE(now_primary, old);
        // The sentinels agree on where the client went.
        EXPECT_TRUE([&] {
            for (int i = 0; i < 50; ++i) {
                if (cluster_.primary_port() == now_primary) return true;
                std::this_thread::sleep_for(100ms);
            }
            return false;
        }());
        std::cout << "[ figures  ] " << what << ": first write on the new primary after "
                  << took.count() << " ms; " << failures << " commands failed meanwhile; "
                  << readonly_.load() << " READONLY answers\n";
        RecordProperty("failover_ms", static_cast<int>(took.count()));
        RecordProperty("failed_commands", failures);
    }

    test::SentinelCluster cluster_;
    asio::io_context ioc_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
        ioc_.get_executor()};
    std::thread runner_;
    std::unique_ptr<RedisClient> client_;
    std::atomic<int> readonly_{0};
};

}  // namespace

TEST_F(SentinelClient, FindsThePrimaryAndWritesThere) {
    ASSERT_TRUE(write_until_ok("k", 10s));
    ASSERT_TRUE(run({"SET", "k", "v"}).ok());
    const std::uint16_t primary = cluster_.primary_port();
    ASSERT_NE(primary, 0);
    EXPECT_EQ(cluster_.cli(primary, "GET k"), "v\n");
    // ROLE of the server the client talks to: the primary.
    RedisResult role = run({"ROLE"});
    ASSERT_TRUE(role.ok());
    ASSERT_FALSE(role.reply.elements.empty());
    EXPECT_EQ(role.reply.elements[0].str, "master");
}

TEST_F(SentinelClient, WaitCountsTheReplicaOnTheConnectionOfTheWrite) {
    ASSERT_TRUE(write_until_ok("warm", 10s));
    static const RedisLibrary lib{
        "#!lua name=sentineltest\n"
        "redis.register_function('put', function(keys, args) "
        "return redis.call('SET', keys[1], args[1]) end)"};
    auto fut = asio::co_spawn(
        ioc_, client_->fcall_and_wait(lib, "put", {"w"}, {"1"}, 1, std::chrono::milliseconds(2000)),
        asio::use_future);
    ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
    auto [put, waited] = fut.get();
    ASSERT_TRUE(put.ok()) << put.error_message();
    ASSERT_TRUE(waited.ok()) << waited.error_message();
    EXPECT_EQ(waited.reply.integer, 1);  // the one replica has it
    EXPECT_EQ(cluster_.cli(cluster_.data_ports()[1], "GET w"), "1\n");
    // Asking for more replicas than exist: WAIT gives up after its timeout with what it has.
    auto more = asio::co_spawn(
        ioc_, client_->fcall_and_wait(lib, "put", {"w"}, {"2"}, 2, std::chrono::milliseconds(200)),
        asio::use_future);
    ASSERT_EQ(more.wait_for(5s), std::future_status::ready);
    auto [put2, waited2] = more.get();
    ASSERT_TRUE(put2.ok());
    EXPECT_EQ(waited2.reply.integer, 1);
}

TEST_F(SentinelClient, FollowsSentinelFailoverToTheNewPrimary) {
    ASSERT_TRUE(write_until_ok("before", 10s));
    const std::uint16_t old = cluster_.primary_port();
    ASSERT_NE(old, 0);
    ASSERT_EQ(cluster_.failover(), "OK\n");
    follows_failover(old, "SENTINEL FAILOVER");
    // The old primary is made a replica of the new one (sentinel notices it on its next
    // INFO round, up to 10 s later).
    EXPECT_TRUE([&] {
        for (int i = 0; i < 150; ++i) {
            if (cluster_.cli(old, "ROLE").rfind("slave", 0) == 0) return true;
            std::this_thread::sleep_for(100ms);
        }
        return false;
    }());
}

TEST_F(SentinelClient, FollowsKillOfThePrimaryToTheNewPrimary) {
    ASSERT_TRUE(write_until_ok("before", 10s));
    const std::uint16_t old = cluster_.primary_port();
    ASSERT_NE(old, 0);
    cluster_.kill_server(old);
    follows_failover(old, "kill -9 of the primary");
}

TEST_F(SentinelClient, ARoleCheckedConnectionNeverBecomesReadyOnAReplica) {
    // What every connection of a sentinel-mode client does at its handshake: ROLE must say
    // "master", or no command is ever sent on it (a stale sentinel answer cannot make the
    // line write to a replica).
    RedisOptions o;
    o.endpoint.host = "127.0.0.1";
    o.require_master = true;
    o.backoff_min = 20ms;
    o.backoff_max = 100ms;
    o.endpoint.port = cluster_.data_ports()[1];
    auto to_replica = std::make_shared<RedisConnection>(ioc_, o);
    o.endpoint.port = cluster_.data_ports()[0];
    auto to_primary = std::make_shared<RedisConnection>(ioc_, o);
    to_replica->start();
    to_primary->start();
    bool primary_ready = false, replica_ever_ready = false;
    for (int i = 0; i < 100 && !(primary_ready && i > 20); ++i) {  // at most 5 s, at least 1 s
        primary_ready = to_primary->ready();
        replica_ever_ready = replica_ever_ready || to_replica->ready();
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_TRUE(primary_ready);
    EXPECT_FALSE(replica_ever_ready);
    to_replica->stop();
    to_primary->stop();
}

TEST(SwitchMaster, ParsesTheNoticeAndRefusesGarbage) {
    auto sw = parse_switch_master("mymaster 127.0.0.1 6379 127.0.0.1 6380");
    ASSERT_TRUE(sw);
    EXPECT_EQ(sw->master_name, "mymaster");
    EXPECT_EQ(sw->host, "127.0.0.1");
    EXPECT_EQ(sw->port, 6380);
    EXPECT_FALSE(parse_switch_master("mymaster 127.0.0.1 6379 127.0.0.1"));
    EXPECT_FALSE(parse_switch_master("mymaster 127.0.0.1 6379 127.0.0.1 0"));
    EXPECT_FALSE(parse_switch_master("mymaster 127.0.0.1 6379 127.0.0.1 70000"));
    EXPECT_FALSE(parse_switch_master("mymaster 127.0.0.1 6379 127.0.0.1 63x"));
    EXPECT_FALSE(parse_switch_master(""));
}
