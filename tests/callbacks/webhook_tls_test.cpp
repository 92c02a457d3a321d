// The escalation webhook over https://: a real TLS server on loopback with a certificate from a
// test CA (tests/data/tls: ca.pem, and server.pem/server.key for localhost and 127.0.0.1).
// The sender must deliver when the certificate chains to the configured CA and names the
// host, and must refuse, before sending the body, when either does not hold.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "callbacks/signature.hpp"
#include "callbacks/webhook.hpp"
#include "callbacks/model.hpp"
#include "common/clock.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string tls_file(const char* name) {
    return std::string(std::getenv("ADVIESLIJN_SOURCE_DIR")) + "/tests/data/tls/" + name;
}

// One HTTPS receiver on `address`, port chosen by the kernel. Records each request's body
// and answers 204; counts handshakes that failed (a client that refused our certificate).
class TlsReceiver {
  public:
    TlsReceiver(asio::io_context& ioc, const std::string& address)
        : ssl_(asio::ssl::context::tls_server), acceptor_(ioc, {asio::ip::make_address(address), 0}) {
        ssl_.use_certificate_chain_file(tls_file("server.pem"));
        ssl_.use_private_key_file(tls_file("server.key"), asio::ssl::context::pem);
        asio::co_spawn(ioc, serve(), asio::detached);
    }
    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    std::vector<std::string> bodies() {
        std::lock_guard lock(mu_);
        return bodies_;
    }
    int failed_handshakes() const { return failed_handshakes_.load(); }
    void close() { acceptor_.close(); }

  private:
    asio::awaitable<void> serve() {
        for (;;) {
            auto [aec, sock] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
            if (aec) co_return;
            beast::ssl_stream<beast::tcp_stream> stream(std::move(sock), ssl_);
            beast::get_lowest_layer(stream).expires_after(5s);
            auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                         asio::as_tuple(asio::use_awaitable));
            if (hec) {
                ++failed_handshakes_;
                continue;
            }
            beast::flat_buffer buf;
            http::request<http::string_body> req;
            auto [rec, rn] = co_await http::async_read(stream, buf, req, asio::as_tuple(asio::use_awaitable));
            if (rec) continue;
            {
                std::lock_guard lock(mu_);
                bodies_.push_back(req.body());
                last_signature_ = std::string(req["X-Advieslijn-Signature"]);
                last_timestamp_ = std::string(req["X-Advieslijn-Timestamp"]);
                last_host_ = std::string(req[http::field::host]);
            }
            http::response<http::string_body> res{http::status::no_content, 11};
            co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
            co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
        }
    }

    asio::ssl::context ssl_;
    asio::ip::tcp::acceptor acceptor_;
    std::mutex mu_;
    std::vector<std::string> bodies_;
    std::atomic<int> failed_handshakes_{0};

  public:
    std::string last_signature_, last_timestamp_, last_host_;
};

class WebhookTls : public ::testing::Test {
  protected:
    void SetUp() override {
        thread_ = std::thread([this] { ioc_.run(); });
    }
    void TearDown() override {
        // Close the acceptors on the I/O thread so every serving coroutine returns, then let
        // run() end by itself: nothing is left pending when the receivers are destroyed.
        on_io([this] {
            for (auto& r : receivers_) r->close();
        });
        work_.reset();
        thread_.join();
    }
    TlsReceiver& receiver(const std::string& address) {
        return *receivers_.emplace_back(std::make_unique<TlsReceiver>(ioc_, address));
    }
    // Runs `f` on the I/O thread and waits for it.
    template <typename F>
    void on_io(F f) {
        std::promise<void> done;
        asio::post(ioc_, [&] {
            f();
            done.set_value();
        });
        done.get_future().wait();
    }
    boost::system::error_code post(HttpWebhookSender& sender, const std::string& url,
                                   const std::string& body = R"({"event":"callback.escalation"})") {
        auto req = make_signed_request(url, "k", body, from_ms(1714478400000));
        auto fut = asio::co_spawn(ioc_, sender.post(std::move(req)), asio::use_future);
        if (fut.wait_for(20s) != std::future_status::ready) throw std::runtime_error("post hung");
        return fut.get();
    }

    asio::io_context ioc_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{ioc_.get_executor()};
    std::thread thread_;
    std::vector<std::unique_ptr<TlsReceiver>> receivers_;  // destroyed before ioc_
};

TEST_F(WebhookTls, DeliversTheSignedBodyToAReceiverWhoseCertificateChainsToTheConfiguredCa) {
    TlsReceiver& receiver = this->receiver("127.0.0.1");
    HttpWebhookSender sender(5s, tls_file("ca.pem"));
    const std::string port = std::to_string(receiver.port());
    // By name (SNI and a DNS name in the certificate) and by address (an IP name in it).
    auto ec = post(sender, "https://localhost:" + port + "/hook", R"({"n":1})");
    EXPECT_FALSE(ec) << ec.message();
    ec = post(sender, "https://127.0.0.1:" + port + "/hook", R"({"n":2})");
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(receiver.bodies(), (std::vector<std::string>{R"({"n":1})", R"({"n":2})"}));
    EXPECT_TRUE(verify_webhook("k", std::stoll(receiver.last_timestamp_), R"({"n":2})",
                               receiver.last_signature_));
    EXPECT_EQ(receiver.last_host_, "127.0.0.1:" + port);
}

TEST_F(WebhookTls, RefusesACertificateThatDoesNotChainToTheTrustStore) {
    TlsReceiver& receiver = this->receiver("127.0.0.1");
    // The system's store (no ca_file) does not hold the test CA.
    HttpWebhookSender sender(5s);
    const auto ec = post(sender, "https://127.0.0.1:" + std::to_string(receiver.port()) + "/hook");
    EXPECT_TRUE(ec);
    EXPECT_EQ(ec.category(), asio::error::get_ssl_category()) << ec.message();
    EXPECT_TRUE(receiver.bodies().empty());
}

TEST_F(WebhookTls, RefusesAValidCertificateForAnotherHost) {
    // 127.0.0.2 is loopback too, but the certificate names only localhost and 127.0.0.1: a
    // certificate that chains but is not the receiver's must not get the body.
    TlsReceiver& receiver = this->receiver("127.0.0.2");
    HttpWebhookSender sender(5s, tls_file("ca.pem"));
    const auto ec = post(sender, "https://127.0.0.2:" + std::to_string(receiver.port()) + "/hook");
    EXPECT_TRUE(ec);
    EXPECT_TRUE(receiver.bodies().empty());
}

TEST_F(WebhookTls, AReceiverThatNeverAnswersTimesOut) {
    // Accepts the TCP connection and never speaks TLS: the deadline ends the wait.
    asio::ip::tcp::acceptor silent(ioc_, {asio::ip::make_address("127.0.0.1"), 0});
    std::optional<asio::ip::tcp::socket> held;
    silent.async_accept([&](boost::system::error_code, asio::ip::tcp::socket s) { held.emplace(std::move(s)); });
    HttpWebhookSender sender(500ms, tls_file("ca.pem"));
    const auto ec = post(sender, "https://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/");
    EXPECT_EQ(ec, beast::error::timeout) << ec.message();
    on_io([&] {
        held.reset();
        silent.close();
    });
}

TEST_F(WebhookTls, AnUnreadableCaFileIsRefusedWhenTheSenderIsMade) {
    EXPECT_THROW(HttpWebhookSender(5s, "/nonexistent/ca.pem"), std::runtime_error);
}

TEST_F(WebhookTls, OtherSchemesAreNotSupported) {
    HttpWebhookSender sender(1s);
    EXPECT_EQ(post(sender, "ftp://127.0.0.1/x"), boost::system::errc::operation_not_supported);
}

}  // namespace
