#pragma once
// The error vocabulary of callbacks::Service. The HTTP layer maps each code to one status, so
// the codes are few and stable; `field` names the offending input for 400 answers.
#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace advieslijn::callbacks {

enum class Errc {
    invalid_input,  // 400: `field` names what is wrong
    not_found,      // 404: no such task / escalation for this tenant
    conflict,       // 409: the task is not in a state that allows this (e.g. already completed)
    stale_lease,    // 409: the caller does not hold the current lease (expired or taken over)
    outside_safe_time,  // 409: a claim outside the family's safe times, not confirmed as checked
    unavailable,    // 503: Redis is down or did not answer; nothing was changed, or the
                    //      change is safe to retry with the same idempotency key
    rate_limited,   // 429: a create over its CreateLimit; nothing was stored
    internal,       // 500: a reply we do not understand (a bug, never the caller's fault)
};

// Stable short names for the JSON error body ("invalid_input", "stale_lease", ...).
const char* to_string(Errc e);
// The HTTP status the gateway should answer with.
int http_status(Errc e);

struct Error {
    Errc code;
    std::string message;
    std::string field;  // set for invalid_input
};

// A value or an Error. Small on purpose: GCC 12 has no std::expected in C++20.
template <typename T>
class Result {
  public:
    // Default: an internal error, so a Result that was never set cannot pass for success
    // (co_spawn with use_future needs a default-constructible value).
    Result() : v_(Error{Errc::internal, "no result", {}}) {}
    Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}  // NOLINT
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const {
        assert(ok());
        return std::get<0>(v_);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const Error& error() const {
        assert(!ok());
        return std::get<1>(v_);
    }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};  // the value of operations that return nothing but can fail

inline Error make_error(Errc code, std::string message, std::string field = {}) {
    return Error{code, std::move(message), std::move(field)};
}

}  // namespace advieslijn::callbacks
