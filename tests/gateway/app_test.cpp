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

#include "tests/support/redis_server.hpp"

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

struct Reply {
    int status = 0;
    std::string body;
};

Reply get(std::uint16_t port, const std::string& path) {
    try {
        asio::io_context ioc;
        asio::ip::tcp::socket s(ioc);
        s.connect({asio::ip::make_address("127.0.0.1"), port});
        http::request<http::empty_body> req{http::verb::get, path, 11};
        req.set(http::field::host, "localhost");
        http::write(s, req);
        boost::beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(s, buf, res);
        return {static_cast<int>(res.result_int()), res.body()};
    } catch (const std::exception&) {
        return {};
    }
}

class Process {
public:
    explicit Process(std::vector<std::string> args, const std::string& err_file) {
        pid_ = ::fork();
        if (pid_ == 0) {
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            FILE* f = std::fopen(err_file.c_str(), "w");
            ::dup2(fileno(f), 1);
            ::dup2(fileno(f), 2);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    ~Process() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    void signal(int sig) { ::kill(pid_, sig); }
    // Exit code, or -1 if it did not end in time.
    int wait(std::chrono::milliseconds within) {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(20ms);
        }
        return -1;
    }

private:
    pid_t pid_ = -1;
};

template <typename F>
bool eventually(F cond, std::chrono::milliseconds within = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        if (cond()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

std::string source_dir() { return std::getenv("ADVIESLIJN_SOURCE_DIR"); }

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(App, ServesReadinessFollowsRedisAndExitsCleanlyOnSigterm) {
    advieslijn::test::RedisServer redis;
    const auto port = advieslijn::test::free_port();
    const std::string log = "/tmp/advieslijn-app-test-" + std::to_string(::getpid()) + ".log";
    Process p({ADVIESLIJN_BINARY, "serve", "--config", source_dir() + "/ops/config/default.json",
               "--listen", "127.0.0.1:" + std::to_string(port), "--redis", redis.url()},
              log);
    ASSERT_TRUE(eventually([&] { return get(port, "/readyz").status == 200; }))
        << slurp(log);
    EXPECT_EQ(get(port, "/healthz").body, R"({"status":"ok"})");
    EXPECT_NE(get(port, "/metrics").body.find("advieslijn_redis_up 1"), std::string::npos);

    redis.kill();
    EXPECT_TRUE(eventually([&] { return get(port, "/readyz").status == 503; }));
    EXPECT_EQ(get(port, "/healthz").status, 200);  // alive, just not ready
    redis.restart();
    EXPECT_TRUE(eventually([&] { return get(port, "/readyz").status == 200; }, 15s));

    p.signal(SIGTERM);
    EXPECT_EQ(p.wait(10s), 0);
    EXPECT_NE(slurp(log).find("stopped"), std::string::npos);
    ::unlink(log.c_str());
}

TEST(App, BadConfigStopsStartUpWithFileFieldAndReasonOnOneLine) {
    const std::string dir = "/tmp/advieslijn-cfg-" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    const std::string cfg = dir + "/bad.json";
    std::ofstream(cfg) << R"({"tenants": [{"id": "demo", "name": "x", "languages": ["nl"],
                               "numbers": ["12345"]}]})";
    Process p({ADVIESLIJN_BINARY, "serve", "--config", cfg}, dir + "/out.log");
    EXPECT_EQ(p.wait(10s), 2);
    const std::string out = slurp(dir + "/out.log");
    EXPECT_EQ(out, "advieslijn: config error: " + cfg +
                       ": tenants[0].numbers[0]: '12345' is not an E.164 number (+ and 8-15 "
                       "digits)\n");
    std::filesystem::remove_all(dir);
}

TEST(App, UnknownFlagIsRefused) {
    const std::string log = "/tmp/advieslijn-flag-" + std::to_string(::getpid()) + ".log";
    Process p({ADVIESLIJN_BINARY, "serve", "--bogus"}, log);
    EXPECT_EQ(p.wait(10s), 2);
    EXPECT_NE(slurp(log).find("unknown argument '--bogus'"), std::string::npos);
    ::unlink(log.c_str());
}
