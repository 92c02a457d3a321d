#pragma once
// GET /v1/events on a raw socket, for the tests of the consoles' live events: the request goes
// out at construction; what arrives is read on demand (the kernel buffer holds a test's few
// kilobytes of events meanwhile).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace advieslijn::test {

// `headers`: the authorisation lines, each ending in \r\n.
class SseClient {
public:
    SseClient(std::uint16_t port, const std::string& headers) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("connect failed");
        const std::string req = "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" +
                                headers + "\r\n";
        if (::send(fd_, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
            throw std::runtime_error("send failed");
    }
    ~SseClient() { ::close(fd_); }
    // Reads until `needle` has arrived or `within` has passed.
    bool wait_for(const std::string& needle, std::chrono::milliseconds within = std::chrono::seconds(10)) {
        const auto end = std::chrono::steady_clock::now() + within;
        while (received_.find(needle) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char buf[4096];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return received_.find(needle) != std::string::npos;
            received_.append(buf, static_cast<std::size_t>(n));
        }
        return true;
    }
    const std::string& received() const { return received_; }
    // The JSON of every `data:` line that has arrived whole.
    std::vector<nlohmann::json> events() const {
        std::vector<nlohmann::json> out;
        const std::string prefix = "\ndata: ";
        for (std::size_t at = received_.find(prefix); at != std::string::npos; at = received_.find(prefix, at + 1)) {
            const std::size_t begin = at + prefix.size(), end = received_.find('\n', begin);
            if (end == std::string::npos) break;
            out.push_back(nlohmann::json::parse(received_.substr(begin, end - begin), nullptr, false));
        }
        return out;
    }

private:
    int fd_ = -1;
    std::string received_;
};

}  // namespace advieslijn::test
