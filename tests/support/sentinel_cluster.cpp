#include "tests/support/sentinel_cluster.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/redis_cli.hpp"
#include "tests/support/redis_server.hpp"

namespace advieslijn::test {

namespace {

bool wait_for(const std::function<bool()>& cond, std::chrono::milliseconds within) {
    const auto until = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < until) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return cond();
}

}  // namespace

SentinelCluster::SentinelCluster(std::size_t replicas) {
    char tmpl[] = "/tmp/advieslijn-sentinel-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("SentinelCluster: mkdtemp failed");
    dir_ = tmpl;
    servers_.resize(1 + replicas);
    sentinels_.resize(3);
    for (auto& p : servers_) p.port = free_port();
    for (auto& p : sentinels_) p.port = free_port();

    // Config files, because sentinel rewrites its own and reconfigures the servers with
    // CONFIG REWRITE during a failover.
    for (std::size_t i = 0; i < servers_.size(); ++i) {
        auto& p = servers_[i];
        p.conf = dir_ + "/redis-" + std::to_string(p.port) + ".conf";
        std::ofstream f(p.conf);
        f << "bind 127.0.0.1\nport " << p.port << "\ndir " << dir_ << "\n"
          << "dbfilename dump-" << p.port << ".rdb\nsave \"\"\nappendonly no\n"
          << "logfile " << dir_ << "/redis-" << p.port << ".log\n";
        if (i >= 1) f << "replicaof 127.0.0.1 " << servers_[0].port << "\n";
    }
    for (auto& p : sentinels_) {
        p.conf = dir_ + "/sentinel-" + std::to_string(p.port) + ".conf";
        std::ofstream f(p.conf);
        f << "bind 127.0.0.1\nport " << p.port << "\ndir " << dir_ << "\n"
          << "logfile " << dir_ << "/sentinel-" << p.port << ".log\n"
          << "sentinel monitor " << master_name << " 127.0.0.1 " << servers_[0].port << " 2\n"
          << "sentinel down-after-milliseconds " << master_name << " " << down_after_ms << "\n"
          << "sentinel failover-timeout " << master_name << " 5000\n"
          << "sentinel parallel-syncs " << master_name << " 1\n";
    }
    for (auto& p : servers_) spawn(p, false);
    for (auto& p : sentinels_) spawn(p, true);

    // Ready for a failover: the replica is in sync, and every sentinel has met the replica
    // and the two other sentinels (hello messages every 2 s).
    const bool synced = wait_for(
        [&] {
            for (std::size_t i = 1; i < servers_.size(); ++i)
                if (cli(servers_[i].port, "INFO replication").find("master_link_status:up") ==
                    std::string::npos)
                    return false;
            return true;
        },
        std::chrono::seconds(10));
    const std::string replicas_known = "num-slaves\n" + std::to_string(replicas) + "\n";
    const bool met = synced && wait_for(
                                   [&] {
                                       for (const auto& s : sentinels_) {
                                           const std::string r = cli(
                                               s.port, std::string("SENTINEL master ") + master_name);
                                           if (r.find(replicas_known) == std::string::npos ||
                                               r.find("num-other-sentinels\n2\n") == std::string::npos)
                                               return false;
                                       }
                                       return true;
                                   },
                                   std::chrono::seconds(15));
    if (!met) {
        const std::string logs = sentinel_logs();
        for (auto& p : sentinels_) stop(p);
        for (auto& p : servers_) stop(p);
        throw std::runtime_error("SentinelCluster: not ready for a failover\n" + logs);
    }
}

SentinelCluster::~SentinelCluster() {
    for (auto& p : sentinels_) stop(p);
    for (auto& p : servers_) stop(p);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void SentinelCluster::spawn(Proc& p, bool sentinel) {
    p.pid = ::fork();
    if (p.pid == 0) {
        // Die with the test: a crashed test must not leave five servers behind.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (sentinel)
            ::execlp("redis-server", "redis-server", p.conf.c_str(), "--sentinel",
                     static_cast<char*>(nullptr));
        else
            ::execlp("redis-server", "redis-server", p.conf.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (!wait_for([&] { return cli(p.port, "PING").find("PONG") != std::string::npos; },
                  std::chrono::seconds(5)))
        throw std::runtime_error("SentinelCluster: redis-server did not start on port " +
                                 std::to_string(p.port));
}

void SentinelCluster::stop(Proc& p) {
    if (p.pid <= 0) return;
    ::kill(p.pid, SIGCONT);
    ::kill(p.pid, SIGKILL);
    ::waitpid(p.pid, nullptr, 0);
    p.pid = -1;
}

std::vector<std::string> SentinelCluster::sentinel_addresses() const {
    std::vector<std::string> out;
    for (const auto& s : sentinels_) out.push_back("127.0.0.1:" + std::to_string(s.port));
    return out;
}

std::uint16_t SentinelCluster::primary_port() const {
    for (const auto& s : sentinels_) {
        std::istringstream in(
            cli(s.port, std::string("SENTINEL get-master-addr-by-name ") + master_name));
        std::string host, port;
        if (in >> host >> port && port.find_first_not_of("0123456789") == std::string::npos)
            return static_cast<std::uint16_t>(std::stoi(port));
    }
    return 0;
}

std::uint16_t SentinelCluster::port_with_role_master(std::uint16_t except) const {
    for (const auto& p : servers_) {
        if (p.pid <= 0 || p.port == except) continue;
        if (cli(p.port, "ROLE").rfind("master", 0) == 0) return p.port;
    }
    return 0;
}

std::string SentinelCluster::failover() const {
    return cli(sentinels_[0].port, std::string("SENTINEL FAILOVER ") + master_name);
}

void SentinelCluster::kill_server(std::uint16_t port) {
    for (auto& p : servers_)
        if (p.port == port) stop(p);
}

std::string SentinelCluster::cli(std::uint16_t port, const std::string& args) const {
    return redis_cli(port, args);
}

std::string SentinelCluster::sentinel_logs() const {
    std::string out;
    for (const auto& s : sentinels_) {
        std::ifstream f(dir_ + "/sentinel-" + std::to_string(s.port) + ".log");
        std::stringstream text;
        text << f.rdbuf();
        out += "--- sentinel " + std::to_string(s.port) + "\n" + text.str();
    }
    return out;
}

}  // namespace advieslijn::test
