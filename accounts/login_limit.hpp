#pragma once
// Login rate limits: attempts per account and per client address in fixed windows
// (AuthSettings::login_window), counted before the password is checked, so a flood of guesses
// is refused without hashing. A successful login clears the account's count and takes itself
// off the address's, so only failures add up per address.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "accounts/error.hpp"
#include "accounts/keys.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/rate_counter.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::accounts {

namespace asio = boost::asio;

class LoginLimit {
  public:
    LoginLimit(RedisClient& redis, Keys keys, const AuthSettings& settings);

    // Counts one attempt on `username` from `address` at `now`. rate_limited (with the
    // seconds until the window ends) when either count is over its limit, unavailable when
    // Redis did not answer, else nullopt.
    asio::awaitable<std::optional<AuthError>> count(std::string username, std::string address,
                                                    TimePoint now);
    // A successful login: forgets the account's attempts in the window of `now` and takes
    // this one off the address's count.
    asio::awaitable<void> succeeded(std::string username, std::string address, TimePoint now);

  private:
    RedisClient& redis_;
    Keys keys_;
    RateWindow window_;
    int per_account_;
    int per_address_;
};

}  // namespace advieslijn::accounts
