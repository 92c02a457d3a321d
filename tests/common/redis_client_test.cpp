#include "common/redis_client.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <hiredis/hiredis.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

#include "tests/support/redis_server.hpp"

using namespace advieslijn;
using namespace std::chrono_literals;

namespace {

class RedisClientTest : public ::testing::Test {
protected:
    void SetUp() override { start_client(redis_.url()); }
    void TearDown() override {
        client_->stop();
        work_.reset();
        ioc_.run_for(std::chrono::seconds(1));  // let stop() and failures drain
    }

    void start_client(const std::string& url) {
        RedisOptions o;
        o.endpoint = parse_redis_url(url);
        o.command_timeout = 400ms;
        o.connect_timeout = 400ms;
        o.backoff_min = 20ms;
        o.backoff_max = 200ms;
        client_ = std::make_unique<RedisClient>(ioc_, o, 2);
        client_->start();
        wait_until([&] { return client_->ready(); });
    }

    // Runs the io_context on this thread until `cond` holds (or 10 s pass).
    template <typename F>
    bool wait_until(F cond) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!cond() && std::chrono::steady_clock::now() < deadline) ioc_.run_for(10ms);
        return cond();
    }

    RedisResult run(std::vector<std::string> args) {
        auto fut = asio::co_spawn(ioc_, client_->command(std::move(args)), asio::use_future);
        wait_until([&] { return fut.wait_for(0s) == std::future_status::ready; });
        return fut.get();
    }

    test::RedisServer redis_;
    asio::io_context ioc_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
        ioc_.get_executor()};
    std::unique_ptr<RedisClient> client_;
};

}  // namespace

// The line writes the wire format itself (resp_command): byte for byte what hiredis writes,
// for empty, binary, long and many arguments.
TEST(RespCommand, IsWhatHiredisFormats) {
    std::vector<std::vector<std::string>> cases = {
        {"PING"},
        {"SET", "k", ""},
        {"SET", "k", std::string("a\0b\r\n", 5)},
        {"HSET", "h", "f", std::string(100000, 'x')},
    };
    std::vector<std::string> many{"FCALL", "create"};
    for (int i = 0; i < 70; ++i) many.push_back("arg" + std::to_string(i * 997));
    cases.push_back(many);
    for (const auto& args : cases) {
        std::vector<const char*> argv;
        std::vector<std::size_t> lens;
        for (const auto& a : args) argv.push_back(a.data()), lens.push_back(a.size());
        char* formatted = nullptr;
        const long long n = redisFormatCommandArgv(&formatted, static_cast<int>(args.size()), argv.data(), lens.data());
        ASSERT_GT(n, 0);
        EXPECT_EQ(resp_command(args), std::string(formatted, static_cast<std::size_t>(n))) << args.front();
        redisFreeCommand(formatted);
    }
}

TEST_F(RedisClientTest, RoundTripsStringsIntegersArraysAndNil) {
    ASSERT_TRUE(run({"SET", "k", std::string("a\0b", 3)}).ok());
    RedisResult get = run({"GET", "k"});
    ASSERT_TRUE(get.ok());
    EXPECT_EQ(get.reply.str, std::string("a\0b", 3));  // binary safe
    EXPECT_EQ(run({"INCRBY", "n", "41"}).reply.integer, 41);
    EXPECT_TRUE(run({"GET", "missing"}).reply.is_nil());
    run({"RPUSH", "l", "x", "y"});
    RedisResult list = run({"LRANGE", "l", "0", "-1"});
    ASSERT_EQ(list.reply.elements.size(), 2u);
    EXPECT_EQ(list.reply.elements[1].str, "y");
    RedisResult wrong = run({"INCR", "l"});
    EXPECT_FALSE(wrong.ec);
    EXPECT_TRUE(wrong.reply.is_error());
    EXPECT_FALSE(wrong.ok());
}

TEST_F(RedisClientTest, PipelinesManyConcurrentCommands) {
    constexpr int n = 2000;
    std::atomic<int> done{0}, failed{0};
    for (int i = 0; i < n; ++i)
        client_->async_command({"INCR", "counter"},
                               [&](boost::system::error_code ec, RedisReply r) {
                                   if (ec || r.is_error()) ++failed;
                                   ++done;
                               });
    ASSERT_TRUE(wait_until([&] { return done == n; }));
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(run({"GET", "counter"}).reply.str, std::to_string(n));
}

TEST_F(RedisClientTest, RunsLuaBySha1AndLoadsOnNoscript) {
    RedisScript script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    EXPECT_EQ(script.sha1.size(), 40u);
    auto eval = [&] {
        auto fut = asio::co_spawn(ioc_, client_->eval(script, {"s"}, {"5"}), asio::use_future);
        wait_until([&] { return fut.wait_for(0s) == std::future_status::ready; });
        return fut.get();
    };
    RedisResult first = eval();  // NOSCRIPT, then EVAL
    ASSERT_TRUE(first.ok()) << first.error_message();
    EXPECT_EQ(first.reply.integer, 5);
    EXPECT_EQ(eval().reply.integer, 10);  // now by SHA
    EXPECT_NE(redis_.cli("INFO commandstats").find("cmdstat_evalsha:calls=2"), std::string::npos);
    EXPECT_NE(redis_.cli("INFO commandstats").find("cmdstat_eval:calls=1"), std::string::npos);
    run({"SCRIPT", "FLUSH"});
    EXPECT_EQ(eval().reply.integer, 15);  // reloaded after a flush
}

// batch(): one result per call, in order; an error reply fails its own call only; a script
// Redis has not cached runs by its source; while Redis is down every call fails at once.
TEST_F(RedisClientTest, BatchAnswersEachCallInOrderAndRunsUncachedScriptsBySource) {
    RedisScript script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    auto batch = [&](std::vector<RedisCall> calls) {
        auto fut = asio::co_spawn(ioc_, client_->batch(std::move(calls)), asio::use_future);
        wait_until([&] { return fut.wait_for(0s) == std::future_status::ready; });
        return fut.get();
    };
    ASSERT_TRUE(run({"RPUSH", "list", "x"}).ok());
    std::vector<RedisCall> calls;
    calls.push_back(RedisCall{{"SET", "b", "1"}});
    calls.push_back(RedisCall::eval(script, {"b"}, {"4"}));
    calls.push_back(RedisCall{{"INCR", "list"}});  // another type under the key: an error reply
    calls.push_back(RedisCall::eval(script, {"b"}, {"10"}));
    calls.push_back(RedisCall{{"GET", "missing"}});
    auto first = batch(calls);
    ASSERT_EQ(first.size(), 5u);
    EXPECT_TRUE(first[0].ok()) << first[0].error_message();
    EXPECT_EQ(first[1].reply.integer, 5) << first[1].error_message();
    EXPECT_FALSE(first[2].ec);
    EXPECT_TRUE(first[2].reply.is_error());
    EXPECT_EQ(first[3].reply.integer, 15) << first[3].error_message();
    EXPECT_TRUE(first[4].ok());
    EXPECT_TRUE(first[4].reply.is_nil());
    EXPECT_EQ(run({"GET", "b"}).reply.str, "15");
    // Cached now, so run by SHA: the same calls again give the same answers.
    auto second = batch(calls);
    ASSERT_EQ(second.size(), 5u);
    EXPECT_EQ(second[1].reply.integer, 5);
    EXPECT_EQ(second[3].reply.integer, 15);
    EXPECT_TRUE(batch({}).empty());

    redis_.kill();
    ASSERT_TRUE(wait_until([&] { return !client_->ready(); }));
    auto down = batch(calls);
    ASSERT_EQ(down.size(), 5u);
    for (const auto& r : down) EXPECT_EQ(r.ec, make_error_code(redis_errc::unavailable));
}

TEST_F(RedisClientTest, CallsFunctionsAndLoadsTheLibraryWhereMissing) {
    RedisLibrary library{
        "#!lua name=client_test\n"
        "redis.register_function('client_test_incr', function(keys, args)\n"
        "  return redis.call('INCRBY', keys[1], args[1]) end)\n"};
    auto fcall = [&] {
        auto fut = asio::co_spawn(ioc_, client_->fcall(library, "client_test_incr", {"f"}, {"5"}),
                                  asio::use_future);
        wait_until([&] { return fut.wait_for(0s) == std::future_status::ready; });
        return fut.get();
    };
    RedisResult first = fcall();  // not found, FUNCTION LOAD, FCALL again
    ASSERT_TRUE(first.ok()) << first.error_message();
    EXPECT_EQ(first.reply.integer, 5);
    EXPECT_EQ(fcall().reply.integer, 10);  // loaded once
    EXPECT_NE(redis_.cli("INFO commandstats").find("cmdstat_fcall:calls=3"), std::string::npos);
    run({"FUNCTION", "FLUSH"});
    EXPECT_EQ(fcall().reply.integer, 15);  // reloaded after a flush
    // A library of that name without the function (loaded by someone else): LOAD says
    // "already exists", the one retry fails too, and the error comes back instead of a loop.
    run({"FUNCTION", "FLUSH"});
    auto other = run({"FUNCTION", "LOAD",
                      "#!lua name=client_test\n"
                      "redis.register_function('client_test_other', function() return 1 end)\n"});
    ASSERT_TRUE(other.ok());
    RedisResult missing = fcall();
    EXPECT_FALSE(missing.ok());
    EXPECT_NE(missing.error_message().find("Function not found"), std::string::npos);
    // A library Redis refuses is an error, not a retry loop.
    RedisLibrary broken{"#!lua name=client_test_broken\nthis is not lua\n"};
    auto fut = asio::co_spawn(ioc_, client_->fcall(broken, "client_test_nope", {"f"}, {"1"}),
                              asio::use_future);
    wait_until([&] { return fut.wait_for(0s) == std::future_status::ready; });
    RedisResult bad = fut.get();
    EXPECT_FALSE(bad.ok());
}

TEST_F(RedisClientTest, FailsFastWhileDownAndRecoversAfterRestart) {
    ASSERT_TRUE(run({"SET", "before", "1"}).ok());
    redis_.kill();
    ASSERT_TRUE(wait_until([&] { return !client_->ready(); }));
    // While down: every call fails at once with a clear error, none hangs.
    for (int i = 0; i < 5; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        RedisResult r = run({"GET", "before"});
        EXPECT_EQ(r.ec, make_error_code(redis_errc::unavailable));
        EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
    }
    redis_.restart();
    ASSERT_TRUE(wait_until([&] { return client_->ready(); }));
    RedisResult after = run({"SET", "after", "2"});
    EXPECT_TRUE(after.ok()) << after.error_message();
}

// hiredis sends without MSG_NOSIGNAL: a second send() to a connection Redis has reset raises
// SIGPIPE, which ended the whole gateway in a fault test (fault_redis_kill, "gateway exited
// with -13"). The guard is the signal's disposition, ignored as soon as a client exists. The
// kill below shows the commands failing and the client recovering; it did not itself raise
// SIGPIPE in five runs with the default action put back (the RST is usually seen at the first
// send), so it cannot stand in for the check of the disposition.
TEST_F(RedisClientTest, SigpipeIsIgnoredAndAKillMidWriteOnlyFailsTheCommands) {
    struct sigaction current {};
    ASSERT_EQ(::sigaction(SIGPIPE, nullptr, &current), 0);
    EXPECT_EQ(current.sa_handler, SIG_IGN);
    const std::string big(8 << 20, 'x');
    std::atomic<int> done{0}, failed{0};
    for (int i = 0; i < 8; ++i)
        client_->async_command({"SET", "big:" + std::to_string(i), big},
                               [&](boost::system::error_code ec, RedisReply) {
                                   if (ec) ++failed;
                                   ++done;
                               });
    ioc_.run_for(5ms);
    redis_.kill();
    ASSERT_TRUE(wait_until([&] { return done == 8; }));
    EXPECT_GT(failed, 0);
    redis_.restart();
    ASSERT_TRUE(wait_until([&] { return client_->ready(); }));
    EXPECT_TRUE(run({"SET", "after", "1"}).ok());
}

TEST_F(RedisClientTest, CommandsInFlightWhenRedisDiesFailWithAnError) {
    std::atomic<int> done{0}, failed{0};
    for (int i = 0; i < 200; ++i)
        client_->async_command({"BLPOP", "never", "0"},  // parks until the connection drops
                               [&](boost::system::error_code ec, RedisReply) {
                                   if (ec) ++failed;
                                   ++done;
                               });
    ioc_.run_for(50ms);
    redis_.kill();
    ASSERT_TRUE(wait_until([&] { return done == 200; }));
    EXPECT_EQ(failed, 200);
}

TEST_F(RedisClientTest, HungServerTimesOutAndReconnects) {
    redis_.pause();
    RedisResult r = run({"PING"});
    EXPECT_TRUE(r.ec == make_error_code(redis_errc::connection_lost) ||
                r.ec == make_error_code(redis_errc::unavailable))
        << r.ec.message();
    redis_.resume();
    ASSERT_TRUE(wait_until([&] { return client_->ready(); }));
    EXPECT_TRUE(run({"PING"}).ok());
}

TEST(RedisClientDown, NoServerMeansUnavailableNotACrash) {
    asio::io_context ioc;
    RedisOptions o;
    o.endpoint.port = test::free_port();
    o.backoff_min = 10ms;
    RedisClient client(ioc, o, 1);
    client.start();
    ioc.run_for(200ms);
    EXPECT_FALSE(client.ready());
    auto fut = asio::co_spawn(ioc, client.command({"PING"}), asio::use_future);
    ioc.run_for(50ms);
    ASSERT_EQ(fut.wait_for(0s), std::future_status::ready);
    EXPECT_EQ(fut.get().ec, make_error_code(redis_errc::unavailable));
    client.stop();
    ioc.run_for(100ms);
}

TEST_F(RedisClientTest, AuthenticatesAsTheAclUserOfTheUrl) {
    // A user whose name and password need percent-encoding in a URL.
    ASSERT_EQ(redis_.cli("ACL SETUSER line-gw on '>p@ss:w/rd' '~*' '&*' '+@all'"), "OK\n");
    client_->stop();
    ioc_.run_for(100ms);
    start_client("redis://line-gw:p%40ss%3Aw%2Frd@127.0.0.1:" + std::to_string(redis_.port()));
    ASSERT_TRUE(client_->ready());
    RedisResult who = run({"ACL", "WHOAMI"});
    ASSERT_TRUE(who.ok()) << who.error_message();
    EXPECT_EQ(who.reply.str, "line-gw");
}
