#pragma once
// Test harness pieces: a private redis-server process on a free loopback port.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace advieslijn::test {

// A free TCP port on 127.0.0.1 at the time of asking, below the kernel's ephemeral range.
std::uint16_t free_port();
// The first port of that range (/proc/sys/net/ipv4/ip_local_port_range; 32768 if unknown).
unsigned ephemeral_port_range_start();
// Whether process `pid` holds a listening TCP socket on `port` (Linux /proc): a server that
// answers on its port is the one the test started, not another that got the port first.
bool listens_on(pid_t pid, std::uint16_t port);

// Starts `redis-server` on a free port with its data in a fresh temporary directory, and
// stops it (SIGKILL if need be) on destruction. kill() and restart() are for fault tests.
class RedisServer {
public:
    struct Options {
        // AOF with an fsync per write (durability tests): what Redis acknowledged survives
        // kill -9 and restart().
        bool append_only = false;
    };
    RedisServer();
    explicit RedisServer(Options options);
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
    void kill();     // SIGKILL, waits for the process to go
    void restart();  // starts again on the same port
    void pause();    // SIGSTOP: the socket stays open but nothing answers
    void resume();   // SIGCONT
    // Runs redis-cli against this server and returns its output (for checks in tests).
    std::string cli(const std::string& args) const;

private:
    bool spawn();  // false when the process did not come up on port_
    Options options_;
    std::string dir_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
};

// A unique name per test ("t:<name>:<random>:<n>"), so tests can share one Redis and run in
// parallel; unique_prefix is the same name with the ':' a key prefix ends with.
std::string unique_name(const std::string& name);
std::string unique_prefix(const std::string& name);

}  // namespace advieslijn::test

namespace advieslijn::test {
// The Redis that ops/test started (ADVIESLIJN_TEST_REDIS_URL), or else one private server
// for this test process, started on first use. Tests sharing it use unique_prefix keys.
std::string shared_redis_url();
}  // namespace advieslijn::test
