#include "accounts/login_limit.hpp"

namespace advieslijn::accounts {

LoginLimit::LoginLimit(RedisClient& redis, Keys keys, const AuthSettings& settings)
    : redis_(redis),
      keys_(std::move(keys)),
      // Whole seconds, as the window's counters always were.
      window_{std::chrono::duration_cast<std::chrono::seconds>(settings.login_window),
              std::chrono::duration_cast<std::chrono::seconds>(settings.login_window)},
      per_account_(settings.login_attempts_per_account),
      per_address_(settings.login_attempts_per_address) {}

asio::awaitable<std::optional<AuthError>> LoginLimit::count(std::string username,
                                                            std::string address, TimePoint now) {
    std::vector<std::string> counters{window_.key(keys_.login_user(username), now),
                                      window_.key(keys_.login_addr(address), now)};
    auto hits = co_await count_hits(redis_, std::move(counters), window_.ttl);
    if (!hits)
        co_return AuthError{AuthErrc::unavailable, "The account store is not reachable.", {}};
    if ((*hits)[0] > per_account_ || (*hits)[1] > per_address_)
        co_return AuthError{AuthErrc::rate_limited, "Too many login attempts; try again later.",
                            window_.seconds_left(now)};
    co_return std::nullopt;
}

namespace {

// KEYS: the account's and the address's counters of the window. The address's count goes
// down by the successful attempt (never below zero, never created): an office behind one
// address with a shift change of 30 logins was locked out for minutes (a tester's finding).
const RedisScript& succeeded_script() {
    static const RedisScript script(R"(
redis.call('DEL', KEYS[1])
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n > 0 then redis.call('DECR', KEYS[2]) end
return 1)");
    return script;
}

}  // namespace

asio::awaitable<void> LoginLimit::succeeded(std::string username, std::string address,
                                            TimePoint now) {
    std::vector<std::string> keys{window_.key(keys_.login_user(username), now),
                                  window_.key(keys_.login_addr(address), now)};
    co_await redis_.eval(succeeded_script(), std::move(keys), {});
}

}  // namespace advieslijn::accounts
