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
#include <random>
#include <stdexcept>
#include <thread>

namespace advieslijn::test {

std::uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("free_port: bind failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

RedisServer::RedisServer() : RedisServer(Options{}) {}

RedisServer::RedisServer(Options options) : options_(options) {
    char tmpl[] = "/tmp/advieslijn-redis-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("RedisServer: mkdtemp failed");
    dir_ = tmpl;
    port_ = free_port();
    spawn();
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

void RedisServer::spawn() {
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
        if (cli("PING").find("PONG") != std::string::npos) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("RedisServer: redis-server did not start on port " + port);
}

void RedisServer::kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

void RedisServer::restart() {
    kill();
    spawn();
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
