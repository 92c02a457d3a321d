#include "tests/support/redis_server.hpp"

#include "tests/support/redis_cli.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>
#include <random>
#include <stdexcept>
#include <thread>

namespace advieslijn::test {

namespace {

// A socket bound to 127.0.0.1:port (0: a port the kernel picks), or -1.
int bound_loopback(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    ::close(fd);
    return -1;
}

}  // namespace

unsigned ephemeral_port_range_start() {
    unsigned low = 32768;
    if (FILE* f = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) {
        if (std::fscanf(f, "%u", &low) != 1) low = 32768;
        std::fclose(f);
    }
    return low;
}

// Not a port the kernel hands out: bind(0) and every outgoing connection take theirs from
// the ephemeral range, so a port picked there could be taken by another test's webhook
// receiver or client socket before the server binds it; a server that then cannot bind
// exits, and the test would talk to whatever holds the port (a 2026-12 CI failure: a
// gateway's requests answered by another test's webhook receiver). Below that range only
// this function picks ports, at random; ServerProcess and RedisServer still check that
// their own process holds the port and start again on another one if not.
std::uint16_t free_port() {
    static std::mt19937 random{std::random_device{}()};
    static std::mutex mutex;
    const unsigned low = 10000, high = ephemeral_port_range_start();
    if (high > low + 1000) {
        std::lock_guard lock(mutex);
        std::uniform_int_distribution<unsigned> pick(low, high - 1);
        for (int i = 0; i < 200; ++i) {
            const auto port = static_cast<std::uint16_t>(pick(random));
            if (const int fd = bound_loopback(port); fd >= 0) {
                ::close(fd);
                return port;
            }
        }
    }
    const int fd = bound_loopback(0);
    if (fd < 0) throw std::runtime_error("free_port: bind failed");
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool listens_on(pid_t pid, std::uint16_t port) {
    // /proc/net/tcp: "sl local_address rem_address st ... inode", addresses in hex, state 0A
    // is LISTEN. The socket is ours when one of the process's descriptors links to its inode.
    std::ifstream tcp("/proc/net/tcp");
    std::string line;
    std::getline(tcp, line);
    std::vector<std::string> inodes;
    while (std::getline(tcp, line)) {
        std::istringstream in(line);
        std::string sl, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
        in >> sl >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
        const auto colon = local.find(':');
        if (state != "0A" || colon == std::string::npos) continue;
        if (std::strtoul(local.c_str() + colon + 1, nullptr, 16) == port) inodes.push_back(inode);
    }
    std::error_code ec;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
        const auto target = std::filesystem::read_symlink(fd.path(), ec).string();
        for (const auto& inode : inodes)
            if (target == "socket:[" + inode + "]") return true;
    }
    return false;
}

RedisServer::RedisServer() : RedisServer(Options{}) {}

RedisServer::RedisServer(Options options) : options_(options) {
    char tmpl[] = "/tmp/advieslijn-redis-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("RedisServer: mkdtemp failed");
    dir_ = tmpl;
    // A port another process took first: the child exits (or another server answers), and
    // the next try picks another port.
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = free_port();
        if (spawn()) return;
    }
    throw std::runtime_error("RedisServer: redis-server did not start (tried five ports), see " + dir_ +
                             "/redis.log");
}

RedisServer::~RedisServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGCONT);
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

bool RedisServer::spawn() {
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
        const char* aof = options_.append_only ? "yes" : "no";
        ::execlp("redis-server", "redis-server", "--bind", "127.0.0.1", "--port", port.c_str(),
                 "--dir", dir_.c_str(), "--save", "", "--appendonly", aof, "--appendfsync",
                 "always", "--logfile", (dir_ + "/redis.log").c_str(),
                 static_cast<char*>(nullptr));
        ::_exit(127);
    }
    for (int i = 0; i < 100; ++i) {
        // Ours, not another test's server on a port this one could not bind.
        if (cli("PING").find("PONG") != std::string::npos && listens_on(pid_, port_)) return true;
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill();
    return false;
}

void RedisServer::kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

void RedisServer::restart() {
    kill();
    // The same port, because the code under test keeps its URL.
    if (!spawn()) throw std::runtime_error("RedisServer: redis-server did not start again on port " +
                                           std::to_string(port_));
}

void RedisServer::pause() { ::kill(pid_, SIGSTOP); }
void RedisServer::resume() { ::kill(pid_, SIGCONT); }

std::string RedisServer::cli(const std::string& args) const { return redis_cli(port_, args); }

std::string redis_cli(std::uint16_t port, const std::string& args) {
    const std::string cmd =
        "redis-cli -p " + std::to_string(port) + " " + args + " 2>/dev/null";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        std::array<char, 4096> buf;
        std::size_t n;
        while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        ::pclose(p);
    }
    return out;
}

std::string unique_name(const std::string& name) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    return "t:" + name + ":" + std::to_string(rd()) + ":" + std::to_string(counter++);
}

std::string unique_prefix(const std::string& name) { return unique_name(name) + ":"; }

}  // namespace advieslijn::test

namespace advieslijn::test {
std::string shared_redis_url() {
    if (const char* url = std::getenv("ADVIESLIJN_TEST_REDIS_URL"); url && *url) return url;
    static RedisServer server;  // lives until the test process exits
    return server.url();
}
}  // namespace advieslijn::test
