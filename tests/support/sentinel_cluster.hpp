#pragma once
// Test harness piece: a Redis primary, one replica (or more) and three sentinels watching them, all
// private processes on free loopback ports, with small timeouts so a failover takes seconds.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace advieslijn::test {

class SentinelCluster {
public:
    static constexpr const char* master_name = "mymaster";
    static constexpr int down_after_ms = 1000;

    // Starts everything and waits (bounded) until the sentinels know the replica and each
    // other, so a failover can happen; throws std::runtime_error otherwise.
    explicit SentinelCluster(std::size_t replicas = 1);
    ~SentinelCluster();  // SIGKILLs what is left
    SentinelCluster(const SentinelCluster&) = delete;
    SentinelCluster& operator=(const SentinelCluster&) = delete;

    // "127.0.0.1:port" of each sentinel (the form of redis.sentinels).
    std::vector<std::string> sentinel_addresses() const;
    // The first primary's port, then the replicas'.
    std::vector<std::uint16_t> data_ports() const {
        std::vector<std::uint16_t> out;
        for (const auto& p : servers_) out.push_back(p.port);
        return out;
    }
    // The primary's port as the first sentinel that answers tells it; 0 when none does.
    std::uint16_t primary_port() const;
    // The port of the data server whose ROLE is "master" and that is not `except`; 0: none.
    std::uint16_t port_with_role_master(std::uint16_t except = 0) const;
    // SENTINEL FAILOVER on the first sentinel; its answer ("OK" when it started one).
    std::string failover() const;
    // SIGKILL of the data server on `port`.
    void kill_server(std::uint16_t port);
    // redis-cli -p port ARGS (output).
    std::string cli(std::uint16_t port, const std::string& args) const;
    // The sentinels' logs, for a failing test's message.
    std::string sentinel_logs() const;

private:
    struct Proc {
        std::uint16_t port = 0;
        pid_t pid = -1;
        std::string conf;
    };
    void spawn(Proc& p, bool sentinel);
    void stop(Proc& p);

    std::string dir_;
    std::vector<Proc> servers_;    // [0] the first primary, then its replicas
    std::vector<Proc> sentinels_;  // three
};

}  // namespace advieslijn::test
