#pragma once
// A tiny HTTP receiver for the line's outbound webhooks (callback.urgent, escalations): it
// listens on a loopback port the kernel picks, answers every POST with 200 and keeps the
// bodies, so tests can count what the real binary sent.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace advieslijn::test {

class WebhookReceiver {
public:
    WebhookReceiver();
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
    std::uint16_t port() const { return port_; }
    std::vector<std::string> bodies() const;

private:
    void serve();
    void answer(int client);

    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> bodies_;
    std::thread thread_;
};

}  // namespace advieslijn::test
