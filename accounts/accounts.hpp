#pragma once
// The accounts service: user administration (the `advieslijn user` CLI, the supervisor
// views) and login, over the user model, the password hasher, the login limits and the
// sessions. What the gateway calls; it knows nothing of HTTP. See docs/consoles.md.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounts/error.hpp"
#include "accounts/keys.hpp"
#include "accounts/login_limit.hpp"
#include "accounts/secrets.hpp"
#include "accounts/sessions.hpp"
#include "accounts/user.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::accounts {

namespace asio = boost::asio;

struct LoginResult {
    std::optional<AuthError> error;
    std::string token;  // the session token, shown to the client once
    Session session;
};

class Accounts {
  public:
    // `clock` decides session expiry and login windows; `keys` names every key.
    Accounts(RedisClient& redis, Clock& clock, AuthSettings settings, Keys keys = Keys::production());

    asio::awaitable<std::optional<AuthError>> add_user(User user, std::string password);
    // Sets a new password and ends every session of the user.
    asio::awaitable<std::optional<AuthError>> set_password(std::string username,
                                                           std::string password);
    // Blocks the account and ends every session of the user.
    asio::awaitable<std::optional<AuthError>> disable(std::string username);
    // nullopt when there is no such user (or Redis did not answer: `error` says which).
    asio::awaitable<std::optional<User>> find(std::string username,
                                              std::optional<AuthError>* error = nullptr);
    // Every account, by name. When Redis does not answer, `error` is set and the list is
    // empty: an empty list must never stand for "Redis was down".
    asio::awaitable<std::vector<User>> list(std::optional<AuthError>* error);

    // Counts the attempt, verifies the password and starts a session. Unknown user, wrong
    // password and disabled account are one invalid_credentials answer, equally slow.
    asio::awaitable<LoginResult> login(std::string username, std::string password,
                                       std::string address);
    // Sessions::validate.
    asio::awaitable<std::optional<Session>> authenticate(std::string token,
                                                         std::optional<AuthError>* error = nullptr);
    asio::awaitable<void> logout(const Session& session);

    const AuthSettings& settings() const { return settings_; }
    Sessions& sessions() { return sessions_; }
    void stop() { hasher_.stop(); }

  private:
    // Users stored under the legacy prefix (before the hash tag) are moved to the current
    // keys, once, before the first operation that reads or writes them. Their sessions are
    // not moved: after the upgrade everyone signs in again.
    asio::awaitable<void> move_legacy_users();

    RedisClient& redis_;
    Clock& clock_;
    AuthSettings settings_;
    Keys keys_;
    Sessions sessions_;
    LoginLimit limit_;
    PasswordHasher hasher_;
    std::atomic<bool> legacy_checked_{false};
};

}  // namespace advieslijn::accounts
