#include "callbacks/webhook.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdexcept>

#include "callbacks/signature.hpp"

namespace advieslijn::callbacks {

namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

struct Url {
    bool tls = false;
    std::string host;
    std::string port;
    std::string target = "/";
};

std::optional<Url> parse_url(const std::string& url) {
    Url u;
    std::string rest;
    if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
        u.port = "80";
    } else if (url.rfind("https://", 0) == 0) {
        rest = url.substr(8);
        u.port = "443";
        u.tls = true;
    } else {
        return std::nullopt;
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        u.target = rest.substr(slash);
        rest.resize(slash);
    }
    if (auto colon = rest.rfind(':');
        colon != std::string::npos && rest.find(']') == std::string::npos) {
        u.port = rest.substr(colon + 1);
        rest.resize(colon);
    }
    u.host = rest;
    if (u.host.empty() || u.port.empty()) return std::nullopt;
    return u;
}

bool is_ip_literal(const std::string& host) {
    error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

// Writes the request and reads the status, over plain TCP or TLS alike.
template <typename Stream>
asio::awaitable<error_code> exchange(Stream& stream, const Url& url, WebhookRequest& request) {
    auto tok = asio::as_tuple(asio::use_awaitable);
    http::request<http::string_body> req{http::verb::post, url.target, 11};
    const bool default_port = url.port == (url.tls ? "443" : "80");
    req.set(http::field::host, default_port ? url.host : url.host + ":" + url.port);
    req.set(http::field::user_agent, "advieslijn-callbacks");
    for (const auto& [name, value] : request.headers) req.set(name, value);
    req.body() = std::move(request.body);
    req.prepare_payload();
    auto [wec, wn] = co_await http::async_write(stream, req, tok);
    (void)wn;
    if (wec) co_return wec;

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);  // we only need the status
    auto [rdec, rn] = co_await http::async_read(stream, buffer, parser, tok);
    (void)rn;
    if (rdec) co_return rdec;
    const unsigned status = parser.get().result_int();
    if (status < 200 || status >= 300)
        co_return make_error_code(boost::system::errc::protocol_error);
    co_return error_code{};
}

}  // namespace

struct HttpWebhookSender::Tls {
    asio::ssl::context context{asio::ssl::context::tls_client};
};

HttpWebhookSender::HttpWebhookSender(std::chrono::milliseconds timeout, const std::string& ca_file)
    : timeout_(timeout), tls_(std::make_unique<Tls>()) {
    auto& ctx = tls_->context;
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1);
    ctx.set_verify_mode(asio::ssl::verify_peer);
    error_code ec;
    if (ca_file.empty()) {
        // No readable system store only matters for https:// targets; their handshake then
        // fails verification, which the scanner retries and logs.
        ctx.set_default_verify_paths(ec);
    } else {
        ctx.load_verify_file(ca_file, ec);
        if (ec) throw std::runtime_error("cannot read CA certificates from " + ca_file + ": " + ec.message());
    }
}

HttpWebhookSender::~HttpWebhookSender() = default;

asio::awaitable<error_code> HttpWebhookSender::post(WebhookRequest request) {
    auto url = parse_url(request.url);
    if (!url) co_return make_error_code(boost::system::errc::operation_not_supported);
    auto ex = co_await asio::this_coro::executor;
    auto tok = asio::as_tuple(asio::use_awaitable);

    asio::ip::tcp::resolver resolver(ex);
    // The resolver has no deadline of its own; configure the webhook with an IP address or a
    // name the local resolver answers quickly.
    auto [rec, endpoints] = co_await resolver.async_resolve(url->host, url->port, tok);
    if (rec) co_return rec;

    if (!url->tls) {
        beast::tcp_stream stream(ex);
        stream.expires_after(timeout_);  // bounds connect, write and read together
        auto [cec, ep] = co_await stream.async_connect(endpoints, tok);
        (void)ep;
        if (cec) co_return cec;
        const error_code ec = co_await exchange(stream, *url, request);
        error_code ignored;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        co_return ec;
    }

    beast::ssl_stream<beast::tcp_stream> stream(ex, tls_->context);
    // SNI for names (RFC 6066 forbids it for address literals), and the certificate must be
    // for this host: chain verification alone would accept any site's valid certificate.
    if (!is_ip_literal(url->host) && !SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str()))
        co_return error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    stream.set_verify_callback(asio::ssl::host_name_verification(url->host));
    beast::get_lowest_layer(stream).expires_after(timeout_);
    auto [cec, ep] = co_await beast::get_lowest_layer(stream).async_connect(endpoints, tok);
    (void)ep;
    if (cec) co_return cec;
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, tok);
    if (hec) co_return hec;
    const error_code ec = co_await exchange(stream, *url, request);
    // Many servers close without TLS's close_notify; the answer is already read, so the
    // shutdown's outcome does not change the delivery's.
    auto [sec] = co_await stream.async_shutdown(tok);
    (void)sec;
    co_return ec;
}

WebhookRequest make_signed_request(std::string url, std::string secret_key, std::string body,
                                   TimePoint now) {
    const auto ts =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    WebhookRequest r;
    r.url = std::move(url);
    r.headers = {{"Content-Type", "application/json"},
                 {"X-Advieslijn-Timestamp", std::to_string(ts)},
                 {"X-Advieslijn-Signature", sign_webhook(secret_key, ts, body)}};
    r.body = std::move(body);
    return r;
}

}  // namespace advieslijn::callbacks
