#pragma once
// Login sessions in Redis: an opaque token, an idle expiry (the key's TTL, refreshed on use)
// and an absolute end. Each check is one function call that also refuses a disabled or
// deleted user, so ending an account ends its sessions at once.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "accounts/error.hpp"
#include "accounts/keys.hpp"
#include "accounts/user.hpp"
#include "common/clock.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::accounts {

namespace asio = boost::asio;

struct Session {
    User user;
    std::string key;       // the Redis key (holds the token's hash, never the token)
    std::string csrf;      // the synchroniser token the pages send back in X-CSRF-Token
    TimePoint expires_at;  // absolute end
};

// A session just created, and its token: shown to the client once, stored nowhere.
struct NewSession {
    std::string token;
    Session session;
};

class Sessions {
  public:
    // `clock` decides both expiries.
    Sessions(RedisClient& redis, Clock& clock, Keys keys, std::chrono::milliseconds idle,
             std::chrono::milliseconds absolute);

    // A new session for `user` (already authenticated). nullopt with `error` set when Redis
    // did not answer.
    asio::awaitable<std::optional<NewSession>> create(User user, std::optional<AuthError>* error);
    // The live session for a token, refreshing its idle expiry; nullopt when the token is
    // unknown, expired (idle or absolute), or its user gone or disabled. `error` is set when
    // Redis did not answer.
    asio::awaitable<std::optional<Session>> validate(std::string token,
                                                     std::optional<AuthError>* error = nullptr);
    asio::awaitable<void> end(const Session& session);
    // Ends every session of the user and, in the same step, sets the field/value pairs
    // `fields` on the account (a new password, the disabled flag). not_found when there is
    // no such user.
    asio::awaitable<std::optional<AuthError>> end_all(std::string username,
                                                      std::vector<std::string> fields = {});

  private:
    RedisClient& redis_;
    Clock& clock_;
    Keys keys_;
    std::chrono::milliseconds idle_;
    std::chrono::milliseconds absolute_;
};

// The error for a Redis call that failed.
AuthError store_unavailable(const RedisResult& r);

}  // namespace advieslijn::accounts
