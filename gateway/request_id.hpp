#pragma once
// X-Request-Id: taken from the request when it is a safe short token (a proxy or the caller
// may already have one, and following one id through nginx, the gateway and the task history
// is the point), generated otherwise; echoed in the response.
//
// Log lines find it through common/log's current_request_id(), a thread-local. A coroutine
// moves between threads at every co_await, so a plain scope would leak one request's id into
// another's lines; RequestIdExecutor sets it around every piece of work the connection's
// coroutine runs, so each resumption carries its own request's id.
#include <boost/asio/execution.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/log_context.hpp"

namespace advieslijn::gateway {

inline constexpr std::size_t max_request_id_length = 64;

// 1..64 characters of [A-Za-z0-9._-]: safe in a header, a log line, a JSON string and a Lua
// argument without escaping. Anything else is replaced, not trusted.
bool valid_request_id(std::string_view id);
// 32 random hex digits.
std::string new_request_id();
// `header` when valid, else a new one.
std::string request_id_for(std::string_view header);

// Wraps a connection's executor: every function it runs sees `*id` as the current request
// id (the connection rewrites `*id` for each request; its strand keeps that race-free).
template <typename Inner>
class RequestIdExecutor {
public:
    RequestIdExecutor(Inner inner, std::shared_ptr<const std::string> id)
        : inner_(std::move(inner)), id_(std::move(id)) {}

    template <typename F>
    void execute(F f) const {
        inner_.execute([f = std::move(f), id = id_]() mutable {
            RequestIdScope scope(id->empty() ? nullptr : id.get());
            f();
        });
    }

    boost::asio::execution_context& query(boost::asio::execution::context_t) const noexcept {
        return boost::asio::query(inner_, boost::asio::execution::context);
    }
    template <typename Property>
    auto query(const Property& p) const
        -> decltype(boost::asio::query(std::declval<const Inner&>(), p)) {
        return boost::asio::query(inner_, p);
    }
    template <typename Property>
    auto require(const Property& p) const
        -> RequestIdExecutor<std::decay_t<decltype(boost::asio::require(std::declval<const Inner&>(), p))>> {
        return {boost::asio::require(inner_, p), id_};
    }
    template <typename Property>
    auto prefer(const Property& p) const
        -> RequestIdExecutor<std::decay_t<decltype(boost::asio::prefer(std::declval<const Inner&>(), p))>> {
        return {boost::asio::prefer(inner_, p), id_};
    }

    friend bool operator==(const RequestIdExecutor& a, const RequestIdExecutor& b) noexcept {
        return a.inner_ == b.inner_ && a.id_ == b.id_;
    }
    friend bool operator!=(const RequestIdExecutor& a, const RequestIdExecutor& b) noexcept {
        return !(a == b);
    }

private:
    template <typename>
    friend class RequestIdExecutor;
    Inner inner_;
    std::shared_ptr<const std::string> id_;
};

}  // namespace advieslijn::gateway
