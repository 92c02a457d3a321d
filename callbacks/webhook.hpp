#pragma once
// The outbound webhook for second-level escalations: a seam (tests use a recording sender)
// with one real implementation, an HTTP/1.1 POST over Beast with a deadline, over TLS with
// certificate and host-name verification for https:// targets.
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <memory>
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

// http:// and https:// URLs. An https:// receiver must present a certificate for the URL's
// host that chains to the system's trust store (Debian's ca-certificates) or, when
// `ca_file` is set, to the certificates in that PEM file (a private CA); anything else is
// refused before a byte of the body is sent, since the body names a family's case.
// Other schemes fail with operation_not_supported.
class HttpWebhookSender final : public WebhookSender {
  public:
    // Throws std::runtime_error naming the file when `ca_file` cannot be read as PEM.
    explicit HttpWebhookSender(std::chrono::milliseconds timeout = std::chrono::seconds(5),
                               const std::string& ca_file = {});
    ~HttpWebhookSender() override;
    asio::awaitable<boost::system::error_code> post(WebhookRequest request) override;

  private:
    struct Tls;
    std::chrono::milliseconds timeout_;
    std::unique_ptr<Tls> tls_;  // the client context: trust store, verification mode
};

// Adds Content-Type, X-Advieslijn-Timestamp and X-Advieslijn-Signature (see signature.hpp).
WebhookRequest make_signed_request(std::string url, std::string secret_key, std::string body,
                                   TimePoint now);

}  // namespace advieslijn::callbacks
