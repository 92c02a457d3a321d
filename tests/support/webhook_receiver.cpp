#include "tests/support/webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace advieslijn::test {

WebhookReceiver::WebhookReceiver() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener_ < 0) throw std::runtime_error("webhook receiver: socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // the kernel picks a free port
    socklen_t len = sizeof addr;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(listener_);
        throw std::runtime_error("webhook receiver: bind/listen");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

WebhookReceiver::~WebhookReceiver() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
}

std::vector<std::string> WebhookReceiver::bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
}

void WebhookReceiver::serve() {
    while (!stop_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int client = ::accept(listener_, nullptr, nullptr);
        if (client < 0) continue;
        answer(client);
        ::close(client);
    }
}

// One request per connection: headers, then Content-Length bytes of body.
void WebhookReceiver::answer(int client) {
    timeval timeout{2, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string in;
    char buf[4096];
    std::size_t header_end = std::string::npos, length = 0;
    while (true) {
        if (header_end == std::string::npos && (header_end = in.find("\r\n\r\n")) != std::string::npos) {
            header_end += 4;
            std::string lower;
            for (char c : in.substr(0, header_end)) lower += static_cast<char>(std::tolower(c));
            const auto cl = lower.find("content-length:");
            if (cl != std::string::npos) length = std::strtoul(lower.c_str() + cl + 15, nullptr, 10);
        }
        if (header_end != std::string::npos && in.size() >= header_end + length) break;
        const ssize_t n = ::recv(client, buf, sizeof buf, 0);
        if (n <= 0) return;
        in.append(buf, static_cast<std::size_t>(n));
    }
    {
        std::lock_guard lock(mutex_);
        bodies_.push_back(in.substr(header_end, length));
    }
    const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    ::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
}

}  // namespace advieslijn::test
