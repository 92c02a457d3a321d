// Hostile clients at the socket level against the real `advieslijn` binary (issue 19):
// slowloris below and above the per-address limit, bodies over the limit, header floods,
// pipelined garbage, half-closed connections, and many idle chat WebSockets from several
// loopback addresses. Throughout, a sampler asks GET /healthz from its own address
// (127.0.0.1); the idle-socket test also reads the gateway's RSS from /proc.
//
// The /healthz policy (a shared 2-core machine, a Debug build, other sessions building):
// every sample must be answered 200 within 1 s, and at least 90 % of them within the
// issue's 100 ms. Samples are taken every 100 ms; each test takes at least 20.
//
// Sizes: the idle-socket count is ADVIESLIJN_HOSTILE_SOCKETS (default 2000, spread over ten
// source addresses 127.0.0.2 to 127.0.0.11); docs/benchmarks.md has the 10,000 run.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using namespace advieslijn::test;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

// ---- a raw client: blocking POSIX sockets, so every byte and every shutdown is ours ----

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    ~Fd() { reset(); }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

// A connection to 127.0.0.1:port from `source` (any 127.x.y.z is local on Linux, so each
// looks like another client).
Fd connect_from(const std::string& source, std::uint16_t port) {
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return {};
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) return {};
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) return {};
    return fd;
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// What arrives within `within`, until the peer closes (closed = true) or `until` is seen.
struct Received {
    std::string data;
    bool closed = false;
};
Received receive(int fd, std::chrono::milliseconds within, std::string_view until = {}) {
    Received out;
    const auto deadline = steady::now() + within;
    for (;;) {
        if (!until.empty() && out.data.find(until) != std::string::npos) return out;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
        if (left.count() <= 0) return out;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[16384];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            out.closed = true;  // orderly close or reset
            return out;
        }
        out.data.append(buf, static_cast<std::size_t>(n));
    }
}

// True when the server has closed the connection (without waiting).
bool closed_now(int fd) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    char c;
    const ssize_t n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n <= 0;
}

int status_of(const std::string& response) {
    if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
    return std::atoi(response.c_str() + 9);
}

// Statuses of every response in a stream of pipelined answers.
std::vector<int> statuses_in(const std::string& stream) {
    std::vector<int> out;
    for (std::size_t pos = stream.find("HTTP/1.1 "); pos != std::string::npos;
         pos = stream.find("HTTP/1.1 ", pos + 1))
        out.push_back(std::atoi(stream.c_str() + pos + 9));
    return out;
}

std::size_t rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
    return 0;
}

// The soft descriptor limit up to the hard one (the gateway, forked later, inherits it).
void raise_nofile(rlim_t wanted) {
    rlimit r{};
    ::getrlimit(RLIMIT_NOFILE, &r);
    r.rlim_cur = std::min(std::max(r.rlim_cur, wanted), r.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &r);
}

rlim_t nofile() {
    rlimit r{};
    ::getrlimit(RLIMIT_NOFILE, &r);
    return r.rlim_cur;
}

// ---- /healthz sampled from 127.0.0.1 in the background ----

class HealthSampler {
public:
    explicit HealthSampler(std::uint16_t port) : port_(port) {
        thread_ = std::thread([this] { run(); });
    }
    ~HealthSampler() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    // Waits until at least `n` samples were taken.
    void await(std::size_t n) {
        while (count() < n) std::this_thread::sleep_for(20ms);
    }
    std::size_t count() {
        std::lock_guard lock(mu_);
        return samples_.size();
    }
    // The policy in the file comment: all answered 200 within 1 s, 90 % within 100 ms.
    void expect_healthy(const std::string& what) {
        stop();
        std::vector<double> ms;
        int failed = 0;
        {
            std::lock_guard lock(mu_);
            for (const auto& s : samples_) {
                ms.push_back(s.ms);
                if (!s.ok) ++failed;
            }
        }
        ASSERT_GE(ms.size(), 20u) << what;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const double p50 = sorted[sorted.size() / 2];
        const double p90 = sorted[(sorted.size() * 9) / 10 - 1];
        const double worst = sorted.back();
        std::cout << "[ HEALTHZ  ] " << what << ": " << ms.size() << " samples, median " << p50
                  << " ms, 90th " << p90 << " ms, worst " << worst << " ms, failed " << failed
                  << "\n";
        EXPECT_EQ(failed, 0) << what << ": /healthz not answered 200 within 1 s";
        EXPECT_LE(p90, 100.0) << what << ": /healthz slower than 100 ms in over 10 % of samples";
    }

private:
    struct Sample {
        double ms;
        bool ok;
    };
    void run() {
        while (!stop_) {
            const auto t0 = steady::now();
            bool ok = false;
            if (Fd fd = connect_from("127.0.0.1", port_)) {
                send_all(fd.get(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                const auto r = receive(fd.get(), 1000ms, "\r\n\r\n");
                ok = status_of(r.data) == 200;
            }
            const double ms = std::chrono::duration<double, std::milli>(steady::now() - t0).count();
            {
                std::lock_guard lock(mu_);
                samples_.push_back({ms, ok && ms <= 1000.0});
            }
            std::this_thread::sleep_until(t0 + 100ms);
        }
    }
    std::uint16_t port_;
    std::atomic<bool> stop_{false};
    std::mutex mu_;
    std::vector<Sample> samples_;
    std::thread thread_;
};

std::size_t socket_count() {
    if (const char* n = std::getenv("ADVIESLIJN_HOSTILE_SOCKETS")) return std::stoul(n);
    return 2000;
}

constexpr int address_count = 10;  // 127.0.0.2 .. 127.0.0.11
std::string flood_address(std::size_t i) { return "127.0.0." + std::to_string(2 + i % address_count); }

constexpr std::size_t per_address = 50;
constexpr auto header_timeout = 2000ms;

// The real binary with short deadlines, so each attack ends within the test's time.
// `per_address` connections per address, or (for the idle-socket test) room for all of them.
std::string hostile_config(bool many_sockets) {
    return write_two_tenant_config(
        "/tmp/advieslijn-hostile-" + std::to_string(::getpid()) + (many_sockets ? "-ws" : "") + ".json",
        [many_sockets](nlohmann::json& c) {
            const std::size_t sockets = socket_count();
            const std::size_t per_client = sockets / address_count + 1;
            auto& l = c["limits"];
            l["header_timeout_ms"] = header_timeout.count();
            l["body_timeout_ms"] = 3000;
            l["idle_timeout_ms"] = 5000;
            l["header_bytes"] = 16384;
            l["body_bytes"] = 1048576;
            l["max_connections"] = 2 * sockets + 1000;  // chat's 75 % share holds them all
            l["max_connections_per_address"] = many_sockets ? per_client + 10 : per_address;
            l["max_websockets_per_client"] = per_client;
            c["log"]["access_log"] = false;
        });
}

template <bool ManySockets>
class HostileFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite() { raise_nofile(socket_count() + 1024); }

    RedisServer redis_;
    std::string config_ = hostile_config(ManySockets);
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url(), {}, config_};
    std::uint16_t port() const { return server_.port(); }
    pid_t pid() { return server_.process().pid(); }

    // A gauge or counter from /metrics (-1 when absent).
    long metric(const std::string& name) {
        const auto body = server_.request("GET", "/metrics").body;
        const auto pos = body.find("\n" + name + " ");
        return pos == std::string::npos ? -1 : std::stol(body.substr(pos + name.size() + 2));
    }
    // The gateway still serves ordinary requests from a fresh address.
    void expect_still_serving(const std::string& from = "127.0.0.1") {
        Fd fd = connect_from(from, port());
        ASSERT_TRUE(fd);
        send_all(fd.get(), "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(status_of(receive(fd.get(), 2000ms, "\r\n\r\n").data), 200);
    }
};
using HostileSockets = HostileFixture<false>;
using IdleChatSockets = HostileFixture<true>;

}  // namespace

// Slowloris within the per-address limit: every connection trickles a header byte every
// 300 ms; the header deadline (2 s for the whole header, not per byte) cuts them all off.
TEST_F(HostileSockets, SlowlorisBelowTheAddressLimitIsCutOffAtTheHeaderDeadline) {
    HealthSampler health(port());
    std::vector<Fd> slow;
    const std::size_t n = per_address - 10;
    const auto started = steady::now();
    for (std::size_t i = 0; i < n; ++i) {
        slow.push_back(connect_from("127.0.0.2", port()));
        ASSERT_TRUE(slow.back());
        send_all(slow.back().get(), "GET /healthz HTTP/1.1\r\n");
    }
    std::size_t open_at_1s = 0;
    std::vector<bool> closed(n, false);
    std::optional<steady::duration> last_closed;
    for (int tick = 0; steady::now() - started < header_timeout + 2500ms; ++tick) {
        std::this_thread::sleep_for(300ms);
        for (std::size_t i = 0; i < n; ++i) {
            if (closed[i]) continue;
            if (closed_now(slow[i].get()) || !send_all(slow[i].get(), "X")) {
                closed[i] = true;
                last_closed = steady::now() - started;
            }
        }
        if (tick == 2) open_at_1s = static_cast<std::size_t>(std::count(closed.begin(), closed.end(), false));
    }
    health.await(20);
    EXPECT_EQ(open_at_1s, n) << "below the limit every slow connection is accepted";
    EXPECT_EQ(std::count(closed.begin(), closed.end(), true), static_cast<long>(n))
        << "trickling bytes must not keep a connection past the header deadline";
    ASSERT_TRUE(last_closed);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*last_closed).count();
    std::cout << "[ SLOWLORIS] " << n << " connections, last cut off after " << ms << " ms\n";
    EXPECT_GE(ms, header_timeout.count() - 300);
    health.expect_healthy("slowloris below the address limit");
    expect_still_serving("127.0.0.2");
}

// Slowloris over the per-address limit: 4x the limit from one address; the surplus is closed
// at once, the rest at the header deadline, and other clients are served throughout.
TEST_F(HostileSockets, SlowlorisAboveTheAddressLimitIsRefusedAtOnceAndOthersAreServed) {
    const long rejected_before = metric("advieslijn_http_connections_rejected_total");
    HealthSampler health(port());
    std::vector<Fd> slow;
    for (std::size_t i = 0; i < 4 * per_address; ++i) {
        slow.push_back(connect_from("127.0.0.3", port()));
        ASSERT_TRUE(slow.back());
        send_all(slow.back().get(), "GET /healthz HTTP/1.1\r\nHost: x\r\n");
    }
    std::this_thread::sleep_for(700ms);  // well before the header deadline
    std::size_t open = 0;
    for (auto& fd : slow)
        if (!closed_now(fd.get()) && send_all(fd.get(), "X")) ++open;
    std::cout << "[ SLOWLORIS] " << slow.size() << " connections from one address, " << open
              << " held after 700 ms\n";
    EXPECT_LE(open, per_address);
    EXPECT_GE(open, per_address - 5);  // the limit, not less (a few may still be in the backlog)
    // A webhook, a health check and a console page from elsewhere are served meanwhile.
    expect_still_serving("127.0.0.4");
    EXPECT_EQ(server_.request("GET", "/console/").status, 200);
    health.await(20);
    health.expect_healthy("slowloris above the address limit");
    EXPECT_GE(metric("advieslijn_http_connections_rejected_total") - rejected_before,
              static_cast<long>(3 * per_address - 5));
}

// A body over limits.body_bytes: refused with 413 from its Content-Length before any byte of
// it is sent, and a chunked body without a length is cut off after little more than the
// limit (the server never reads it all).
TEST_F(HostileSockets, BodiesOverTheLimitAreRefusedWithoutReadingThemAll) {
    HealthSampler health(port());
    {
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), "POST /v1/callbacks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 104857600\r\n\r\n");
        const auto r = receive(fd.get(), 2000ms, "\r\n\r\n");
        EXPECT_EQ(status_of(r.data), 413) << r.data;
        EXPECT_NE(r.data.find("body_too_large"), std::string::npos) << r.data;
    }
    {
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), "POST /v1/callbacks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n");
        const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
        // Non-blocking, so a full socket buffer (the server stopped reading) ends the loop.
        ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
        std::size_t sent = 0;
        const auto until = steady::now() + 10s;
        std::string answer;
        while (steady::now() < until && sent < (64u << 20)) {
            const ssize_t n = ::send(fd.get(), chunk.data(), chunk.size(), MSG_NOSIGNAL);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno != EAGAIN) break;  // reset by the server
            pollfd p{fd.get(), POLLIN | POLLOUT, 0};
            ::poll(&p, 1, 200);
            if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
                char buf[4096];
                const ssize_t r = ::recv(fd.get(), buf, sizeof buf, 0);
                if (r > 0) answer.append(buf, static_cast<std::size_t>(r));
                else break;
            }
        }
        std::cout << "[   BODY   ] chunked flood: " << (sent >> 10) << " KiB sent before the server stopped it\n";
        EXPECT_LT(sent, 24u << 20) << "the server kept reading an unbounded body";
        if (!answer.empty()) {
            EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 200);
        }
    }
    health.await(20);
    health.expect_healthy("bodies over the limit");
    expect_still_serving("127.0.0.2");
}

// Too many headers or a header without end: 431 (or a close) once limits.header_bytes are
// read, never an unbounded read.
TEST_F(HostileSockets, HeaderFloodsEndAt431) {
    HealthSampler health(port());
    {
        std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 5000; ++i) req += "X-Flood-" + std::to_string(i) + ": v\r\n";
        req += "\r\n";
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), req);
        const auto r = receive(fd.get(), 3000ms, "\r\n\r\n");
        EXPECT_EQ(status_of(r.data), 431) << r.data.substr(0, 200);
    }
    {
        // One header line that never ends.
        Fd fd = connect_from("127.0.0.2", port());
        ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
        const std::string start = "GET /healthz HTTP/1.1\r\nX-Endless: ";
        ::send(fd.get(), start.data(), start.size(), MSG_NOSIGNAL);
        const std::string more(8192, 'b');
        std::size_t sent = 0;
        std::string answer;
        const auto until = steady::now() + 5s;
        while (steady::now() < until && sent < (64u << 20)) {
            const ssize_t n = ::send(fd.get(), more.data(), more.size(), MSG_NOSIGNAL);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno != EAGAIN) break;
            pollfd p{fd.get(), POLLIN, 0};
            if (::poll(&p, 1, 200) > 0) {
                char buf[4096];
                const ssize_t r = ::recv(fd.get(), buf, sizeof buf, 0);
                if (r > 0) answer.append(buf, static_cast<std::size_t>(r));
                else break;
            }
        }
        std::cout << "[  HEADER  ] endless header: " << (sent >> 10) << " KiB sent before the server stopped it\n";
        EXPECT_LT(sent, 16u << 20);
        if (!answer.empty()) {
            EXPECT_EQ(status_of(answer), 431) << answer.substr(0, 200);
        }
    }
    health.await(20);
    health.expect_healthy("header floods");
    expect_still_serving("127.0.0.2");
}

// Pipelined requests are answered in order; garbage after a good request gets a 400 and the
// connection ends; binary junk and a request with both Content-Length and Transfer-Encoding
// (the request-smuggling shape) are refused.
TEST_F(HostileSockets, PipelinedGarbageIsRefusedAndTheLineGoesOn) {
    HealthSampler health(port());
    {
        std::string many;
        for (int i = 0; i < 50; ++i) many += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        many += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n\x16\x03\x01\x02\x00garbage\r\n\r\n";
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), many);
        const auto r = receive(fd.get(), 5000ms);
        const auto statuses = statuses_in(r.data);
        ASSERT_EQ(statuses.size(), 52u) << r.data.substr(r.data.size() > 400 ? r.data.size() - 400 : 0);
        for (std::size_t i = 0; i < 51; ++i) EXPECT_EQ(statuses[i], 200) << i;
        EXPECT_EQ(statuses.back(), 400);
        EXPECT_TRUE(r.closed) << "the connection must end after garbage";
    }
    {
        std::string junk;
        for (int i = 0; i < 256 * 1024; ++i) junk += static_cast<char>((i * 7919 + 13) & 0xff);
        Fd fd = connect_from("127.0.0.2", port());
        ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
        ::send(fd.get(), junk.data(), junk.size(), MSG_NOSIGNAL);  // as much as fits
        ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
        const auto r = receive(fd.get(), 5000ms);
        EXPECT_TRUE(status_of(r.data) == 400 || r.data.empty()) << r.data.substr(0, 200);
        EXPECT_TRUE(r.closed);
    }
    {
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), "POST /v1/callbacks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "0\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto r = receive(fd.get(), 3000ms);
        const auto statuses = statuses_in(r.data);
        ASSERT_FALSE(statuses.empty()) << "no answer";
        EXPECT_EQ(statuses.front(), 400) << r.data.substr(0, 300);
        EXPECT_EQ(statuses.size(), 1u) << "the smuggled request must not be served";
        EXPECT_TRUE(r.closed);
    }
    health.await(20);
    health.expect_healthy("pipelined garbage");
    expect_still_serving("127.0.0.2");
}

// The client shuts down its sending side: mid-header and mid-body the server lets go at once
// (not at the deadline); after a whole request it still answers, then closes. A hundred such
// connections leave nothing open behind.
TEST_F(HostileSockets, HalfClosedConnectionsAreAnsweredOrLetGoAtOnce) {
    HealthSampler health(port());
    const long open_before = metric("advieslijn_http_connections_open");
    {
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), "GET /healthz HTTP/1.1\r\nHo");
        ::shutdown(fd.get(), SHUT_WR);
        const auto t0 = steady::now();
        const auto r = receive(fd.get(), 5000ms);
        EXPECT_TRUE(r.closed);
        EXPECT_LT(steady::now() - t0, 1000ms) << "mid-header: should not wait for the header deadline";
    }
    {
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), "POST /v1/callbacks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 100\r\n\r\n{\"site_key\":");
        ::shutdown(fd.get(), SHUT_WR);
        const auto t0 = steady::now();
        const auto r = receive(fd.get(), 5000ms);
        EXPECT_TRUE(r.closed);
        EXPECT_LT(steady::now() - t0, 1000ms) << "mid-body: should not wait for the body deadline";
        EXPECT_TRUE(r.data.empty() || status_of(r.data) == 400) << r.data.substr(0, 200);
    }
    {
        Fd fd = connect_from("127.0.0.2", port());
        send_all(fd.get(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        ::shutdown(fd.get(), SHUT_WR);
        const auto r = receive(fd.get(), 3000ms);
        EXPECT_EQ(status_of(r.data), 200) << "a whole request is answered after a half-close";
        EXPECT_TRUE(r.closed);
    }
    {
        std::vector<Fd> many;
        for (int i = 0; i < 100; ++i) {
            many.push_back(connect_from(flood_address(i), port()));
            send_all(many.back().get(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /heal");
            ::shutdown(many.back().get(), SHUT_WR);
        }
        // Nobody reads the answers; the server must still let every one go.
        EXPECT_TRUE(eventually([&] { return metric("advieslijn_http_connections_open") <= open_before; }, 5s))
            << metric("advieslijn_http_connections_open") << " open, " << open_before << " before";
    }
    health.await(20);
    health.expect_healthy("half-closed connections");
}

// Many idle chat WebSockets from ten addresses: /healthz stays fast while they are opened and
// held, the gateway's RSS stays under the bound, and what happens to RSS after they close is
// printed (jemalloc keeps some of it; see docs/security.md).
TEST_F(IdleChatSockets, ManyIdleChatWebSocketsKeepHealthFastAndMemoryBounded) {
    const std::size_t n = socket_count();
    // Each side (this process and the gateway, which inherits the limit) holds n descriptors.
    if (nofile() < n + 200)
        GTEST_SKIP() << "RLIMIT_NOFILE's hard limit (" << nofile() << ") is too low for " << n << " sockets";
    const std::size_t rss_start = rss_kib(pid());
    HealthSampler health(port());
    std::vector<Fd> sockets;
    sockets.reserve(n);
    const auto t0 = steady::now();
    std::size_t upgraded = 0;
    for (std::size_t i = 0; i < n; ++i) {
        Fd fd = connect_from(flood_address(i), port());
        ASSERT_TRUE(fd) << "connect " << i << ": " << std::strerror(errno);
        send_all(fd.get(),
                 "GET /v1/chat/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                 "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        const auto r = receive(fd.get(), 5000ms, "\r\n\r\n");
        if (status_of(r.data) == 101) ++upgraded;
        else ADD_FAILURE() << "socket " << i << ": " << r.data.substr(0, 200);
        sockets.push_back(std::move(fd));
        if (::testing::Test::HasFailure()) return;
    }
    const double open_s = std::chrono::duration<double>(steady::now() - t0).count();
    // Held idle for a while (well under websocket_idle), then measured.
    std::this_thread::sleep_for(2s);
    const std::size_t rss_held = rss_kib(pid());
    const long ws_open = metric("advieslijn_http_connections_open");
    // Telephony and the consoles still get in while chat is at its peak.
    expect_still_serving("127.0.0.200");
    EXPECT_EQ(server_.request("GET", "/console/").status, 200);
    health.await(20);
    health.expect_healthy(std::to_string(n) + " idle chat WebSockets");

    sockets.clear();
    EXPECT_TRUE(eventually([&] { return metric("advieslijn_http_connections_open") < 10; }, 15s));
    // The memory goes back: jemalloc's background thread (gateway/main.cpp) returns freed
    // pages after their decay time (10 s); without it RSS stayed at its peak. Back means at
    // most half of what the sockets added.
    const auto closed_at = steady::now();
    const std::size_t back = rss_start + (rss_held > rss_start ? (rss_held - rss_start) / 2 : 0);
#ifdef ADVIESLIJN_SANITIZED
    constexpr auto rss_wait = 0s;  // not asserted (see below)
#else
    constexpr auto rss_wait = 30s;
#endif
    const bool returned = eventually([&] { return rss_kib(pid()) <= back; }, rss_wait);
    const double return_s = std::chrono::duration<double>(steady::now() - closed_at).count();
    const std::size_t rss_after = rss_kib(pid());
    // For the by-hand run: how RSS goes on after the close (jemalloc gives dirty pages back
    // over its decay time, 10 s by default).
    if (const char* watch = std::getenv("ADVIESLIJN_HOSTILE_RSS_WATCH_S"))
        for (int s = 1; s <= std::atoi(watch); ++s) {
            std::this_thread::sleep_for(1s);
            std::cout << "[  SOCKETS ] RSS " << static_cast<int>(return_s) + s << " s after closing: " << rss_kib(pid()) / 1024 << " MiB\n";
        }
    std::cout << "[  SOCKETS ] " << upgraded << " idle chat WebSockets from " << address_count
              << " addresses opened in " << open_s << " s; connections open: " << ws_open
              << "; RSS at start " << rss_start / 1024 << " MiB, held " << rss_held / 1024
              << " MiB, " << return_s << " s after closing " << rss_after / 1024 << " MiB\n";
    EXPECT_EQ(upgraded, n);
#ifdef ADVIESLIJN_SANITIZED
    std::cout << "[  SOCKETS ] sanitizer build: RSS figures printed, not asserted\n";
    static_cast<void>(returned);
    return;
#endif
    EXPECT_TRUE(returned) << "RSS still " << rss_after / 1024 << " MiB 30 s after the sockets closed (start "
                          << rss_start / 1024 << " MiB, held " << rss_held / 1024 << " MiB)";
    // The bound: 150 MB with 10,000 idle sockets; the same bound holds for fewer.
    EXPECT_LE(rss_held, 150u * 1000u * 1000u / 1024u) << "RSS over 150 MB";
    // What the sockets themselves cost, beside the knowledge base and the rest at start-up.
    const double per_socket = (static_cast<double>(rss_held) - static_cast<double>(rss_start)) / static_cast<double>(n);
    std::cout << "[  SOCKETS ] about " << per_socket << " KiB per idle chat WebSocket\n";
}
