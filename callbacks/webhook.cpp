#include "callbacks/webhook.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "callbacks/signature.hpp"

namespace advieslijn::callbacks {

namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

struct Url {
    std::string host;
    std::string port = "80";
    std::string target = "/";
};

std::optional<Url> parse_http_url(const std::string& url) {
    const std::string scheme = "http://";
    if (url.rfind(scheme, 0) != 0) return std::nullopt;
    Url u;
    std::string rest = url.substr(scheme.size());
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

}  // namespace

asio::awaitable<error_code> HttpWebhookSender::post(WebhookRequest request) {
    auto url = parse_http_url(request.url);
    if (!url) co_return make_error_code(boost::system::errc::operation_not_supported);
    auto ex = co_await asio::this_coro::executor;
    auto tok = asio::as_tuple(asio::use_awaitable);

    asio::ip::tcp::resolver resolver(ex);
    beast::tcp_stream stream(ex);
    // The stream's deadline bounds connect, write and read together. The resolver has no
    // deadline of its own; configure the webhook with an IP address or a local name.
    auto [rec, endpoints] = co_await resolver.async_resolve(url->host, url->port, tok);
    if (rec) co_return rec;
    stream.expires_after(timeout_);
    auto [cec, ep] = co_await stream.async_connect(endpoints, tok);
    (void)ep;
    if (cec) co_return cec;

    http::request<http::string_body> req{http::verb::post, url->target, 11};
    req.set(http::field::host, url->host);
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
    error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    const unsigned status = parser.get().result_int();
    if (status < 200 || status >= 300)
        co_return make_error_code(boost::system::errc::protocol_error);
    co_return error_code{};
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
