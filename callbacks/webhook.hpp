#pragma once
// The outbound webhook for second-level escalations: a seam (tests use a recording sender)
// with one real implementation, an HTTP/1.1 POST over Beast with a deadline.
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.hpp"

namespace advieslijn::callbacks {

namespace asio = boost::asio;

struct WebhookRequest {
    std::string url;
    std::string body;  // JSON
    std::vector<std::pair<std::string, std::string>> headers;
};

class WebhookSender {
  public:
    virtual ~WebhookSender() = default;
    // Delivers one request; success means the receiver answered 2xx. Must not block the
    // calling thread (the scanner runs on an I/O thread).
    virtual asio::awaitable<boost::system::error_code> post(WebhookRequest request) = 0;
};

// Plain http:// URLs only; an https:// target fails with operation_not_supported (put a
// TLS-terminating proxy in front, or extend this with asio::ssl::stream).
class HttpWebhookSender final : public WebhookSender {
  public:
    explicit HttpWebhookSender(std::chrono::milliseconds timeout = std::chrono::seconds(5))
        : timeout_(timeout) {}
    asio::awaitable<boost::system::error_code> post(WebhookRequest request) override;

  private:
    std::chrono::milliseconds timeout_;
};

// Adds Content-Type, X-Advieslijn-Timestamp and X-Advieslijn-Signature (see signature.hpp).
WebhookRequest make_signed_request(std::string url, std::string secret_key, std::string body,
                                   TimePoint now);

}  // namespace advieslijn::callbacks
