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

asio::awaitable<void> LoginLimit::clear(std::string username, TimePoint now) {
    std::vector<std::string> del{"DEL", window_.key(keys_.login_user(username), now)};
    co_await redis_.command(std::move(del));
}

}  // namespace advieslijn::accounts
