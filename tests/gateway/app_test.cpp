// The real `advieslijn` binary as a process: start-up, readiness with Redis coming and
// going, config errors, and a clean exit on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <sstream>
#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/webhook_receiver.hpp"

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

using advieslijn::test::eventually;
using advieslijn::test::Process;

int status_of(std::uint16_t port, const std::string& path) {
    return advieslijn::test::http_request(port, "GET", path).status;
}

std::string source_dir() { return std::getenv("ADVIESLIJN_SOURCE_DIR"); }

// The value of one sample line of /metrics ("name{labels} value"); -1 when absent.
double metric(std::uint16_t port, const std::string& series) {
    const std::string body = advieslijn::test::http_request(port, "GET", "/metrics").body;
    const auto at = body.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(body.substr(at + series.size() + 2));
}

}  // namespace

// The harness's servers count as started only when their own process holds the port: a
// gateway that could not bind exits, and another test's listener on that port (a webhook
// receiver answers 200 to anything) once passed for it in CI.
TEST(App, TheHarnessTellsWhoseListenerHoldsAPort) {
    advieslijn::test::WebhookReceiver here;  // a listener of this process, answering 200
    advieslijn::test::RedisServer redis;     // a listener of a child process
    EXPECT_EQ(advieslijn::test::http_request(here.port(), "GET", "/readyz").status, 200);
    EXPECT_TRUE(advieslijn::test::listens_on(::getpid(), here.port()));
    EXPECT_FALSE(advieslijn::test::listens_on(::getpid(), redis.port()));
    const auto nobody = advieslijn::test::free_port();
    EXPECT_FALSE(advieslijn::test::listens_on(::getpid(), nobody));
    // Ports are picked below the kernel's ephemeral range, where no bind(0) or outgoing
    // connection takes one.
    if (const unsigned low = advieslijn::test::ephemeral_port_range_start(); low > 11000) EXPECT_LT(nobody, low);
}

TEST(App, ServesReadinessFollowsRedisAndExitsCleanlyOnSigterm) {
    advieslijn::test::RedisServer redis;
    const auto port = advieslijn::test::free_port();
    const std::string log = "/tmp/advieslijn-app-test-" + std::to_string(::getpid()) + ".log";
    Process p({ADVIESLIJN_BINARY, "serve", "--config", source_dir() + "/ops/config/default.json",
               "--listen", "127.0.0.1:" + std::to_string(port), "--redis", redis.url()},
              log);
    ASSERT_TRUE(eventually(
        [&] { return advieslijn::test::listens_on(p.pid(), port) && status_of(port, "/readyz") == 200; }, 60s))
        << p.log();
    EXPECT_EQ(advieslijn::test::http_request(port, "GET", "/healthz").body, R"({"status":"ok"})");
    EXPECT_NE(advieslijn::test::http_request(port, "GET", "/metrics").body.find("advieslijn_redis_up 1"), std::string::npos);

    // Redis commands are timed (the probes' PINGs at least) and counted when they fail.
    EXPECT_GT(metric(port, "advieslijn_redis_command_duration_seconds_count"), 0);
    EXPECT_GT(metric(port, "advieslijn_redis_command_duration_seconds_bucket{le=\"+Inf\"}"), 0);
    // (Probes before the first connection may already have counted as unavailable.)
    const double unavailable_before = metric(port, "advieslijn_redis_errors_total{kind=\"unavailable\"}");
    EXPECT_GE(unavailable_before, 0);

    // Frozen (SIGSTOP: the socket stays open): a probe's own PING goes unanswered for its
    // deadline (500 ms), so it says 503 long before the 5 s command timeout closes the socket.
    redis.pause();
    EXPECT_TRUE(eventually([&] { return status_of(port, "/readyz") == 503; }, 3s));
    EXPECT_EQ(status_of(port, "/healthz"), 200);
    redis.resume();
    EXPECT_TRUE(eventually([&] { return status_of(port, "/readyz") == 200; }, 10s));

    redis.kill();
    EXPECT_TRUE(eventually([&] { return status_of(port, "/readyz") == 503; }));
    // The probes' PINGs find no connection. Not necessarily the probe that turned /readyz: its
    // PING may have failed as the connection broke (another kind); the next one counts.
    EXPECT_TRUE(eventually([&] {
        return metric(port, "advieslijn_redis_errors_total{kind=\"unavailable\"}") > unavailable_before;
    }));
    EXPECT_EQ(status_of(port, "/healthz"), 200);  // alive, just not ready
    redis.restart();
    EXPECT_TRUE(eventually([&] { return status_of(port, "/readyz") == 200; }, 15s));

    p.signal(SIGTERM);
    EXPECT_EQ(p.wait(10s), 0);
    EXPECT_NE(p.log().find("stopped"), std::string::npos);
}

TEST(App, BadConfigStopsStartUpWithFileFieldAndReasonOnOneLine) {
    const std::string dir = "/tmp/advieslijn-cfg-" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    const std::string cfg = dir + "/bad.json";
    std::ofstream(cfg) << R"({"tenants": [{"id": "demo", "name": "x", "languages": ["nl"],
                               "numbers": ["12345"]}]})";
    Process p({ADVIESLIJN_BINARY, "serve", "--config", cfg}, dir + "/out.log");
    EXPECT_EQ(p.wait(10s), 2);
    const std::string out = p.log();
    EXPECT_EQ(out, "advieslijn: config error: " + cfg +
                       ": tenants[0].numbers[0]: '12345' is not an E.164 number (+ and 8-15 "
                       "digits)\n");
    std::filesystem::remove_all(dir);
}

TEST(App, ALanguageWithoutItsTextsStopsStartUpNamingFileAndKey) {
    const std::string dir = "/tmp/advieslijn-texts-start-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/texts");
    for (const auto& e : std::filesystem::directory_iterator(source_dir() + "/routing/data/texts"))
        std::filesystem::copy_file(e.path(), dir + "/texts/" + e.path().filename().string());
    auto config = [&](const std::string& languages) {
        const std::string cfg = dir + "/config.json";
        std::ofstream(cfg) << R"({"tenants": [{"id": "demo", "name": "x", "languages": )" << languages
                           << R"(, "numbers": ["+31880030060"]}], "texts": "texts", "risk_signals": ")"
                           << source_dir() << R"(/routing/data", "knowledge_base": ")" << source_dir()
                           << R"(/knowledge-base/articles"})";
        return cfg;
    };
    // A language no file has.
    Process unknown({ADVIESLIJN_BINARY, "serve", "--config", config(R"(["nl", "xx"])")}, dir + "/out1.log");
    EXPECT_EQ(unknown.wait(20s), 2);
    EXPECT_NE(unknown.log().find("tenants[0].languages[1]: 'xx' has no texts file"), std::string::npos)
        << unknown.log();
    // A file that lacks a text: refused with the file and the key, whichever languages are offered.
    nlohmann::json en = nlohmann::json::parse(std::ifstream(dir + "/texts/en.json"));
    en["phone"].erase("ask_announce");
    std::ofstream(dir + "/texts/en.json") << en.dump(2);
    Process missing({ADVIESLIJN_BINARY, "serve", "--config", config(R"(["nl", "en"])")}, dir + "/out2.log");
    EXPECT_EQ(missing.wait(20s), 2);
    EXPECT_NE(missing.log().find(dir + "/texts/en.json: field 'phone.ask_announce': missing: needs a text"),
              std::string::npos)
        << missing.log();
    std::filesystem::remove_all(dir);
}

TEST(App, UnknownFlagIsRefused) {
    const std::string log = "/tmp/advieslijn-flag-" + std::to_string(::getpid()) + ".log";
    Process p({ADVIESLIJN_BINARY, "serve", "--bogus"}, log);
    EXPECT_EQ(p.wait(10s), 2);
    EXPECT_NE(p.log().find("unknown argument '--bogus'"), std::string::npos);
}

TEST(App, JsonLogLinesParseAndMaskNumbers) {
    advieslijn::test::RedisServer redis;
    advieslijn::test::ServerProcess server(ADVIESLIJN_BINARY, redis.url(),
                                           {{"ADVIESLIJN_LOG_FORMAT", "json"}});
    server.request("GET", "/nope?from=%2B31612345678&q=\"quoted\"");
    server.process().signal(SIGTERM);
    ASSERT_EQ(server.process().wait(10s), 0);
    std::istringstream lines(server.process().log());
    std::string line;
    int parsed = 0;
    bool saw_access = false;
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << line;
        ASSERT_TRUE(j.contains("level") && j.contains("msg") && j.contains("time")) << line;
        ++parsed;
        // The access line's facts are fields of the object, not words of its message.
        if (j["msg"] == "access" && j.value("target", "").find("/nope") != std::string::npos) {
            saw_access = true;
            EXPECT_EQ(j["status"], 404) << line;
            EXPECT_EQ(j["method"], "GET") << line;
            EXPECT_TRUE(j["request_id"].is_string()) << line;
        }
    }
    EXPECT_GT(parsed, 3);
    EXPECT_TRUE(saw_access);
    EXPECT_EQ(server.process().log().find("12345678"), std::string::npos);
}
