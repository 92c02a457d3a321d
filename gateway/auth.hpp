#pragma once
// Accounts of specialists, supervisors and admins, and their login sessions, in Redis.
//
// Passwords are Argon2id strings from libsodium (crypto_pwhash_str), hashed and verified on
// a worker thread: a hash costs tens of milliseconds and 64 MiB, which must not stall an I/O
// thread. Session tokens are 32 random bytes; Redis only ever sees their SHA-256, so a copy
// of the database does not hand out live sessions. See docs/consoles.md.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::gateway {

namespace asio = boost::asio;

// Ordered: each role may do everything the roles before it may.
enum class Role { specialist = 0, supervisor = 1, admin = 2 };
const char* to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

struct User {
    std::string username;
    std::string name;
    Role role = Role::specialist;
    std::vector<std::string> tenants;
    bool disabled = false;
    bool in_tenant(std::string_view tenant) const;
    bool at_least(Role r) const { return static_cast<int>(role) >= static_cast<int>(r); }
};

struct Session {
    User user;
    std::string key;   // the Redis key (holds the token's hash, never the token)
    std::string csrf;  // the synchroniser token the pages send back in X-CSRF-Token
    TimePoint expires_at;  // absolute end
};

enum class AuthErrc {
    invalid_input,        // 400
    exists,               // 409 (user add)
    not_found,            // 404 (user passwd/disable)
    invalid_credentials,  // 401: wrong user, wrong password and disabled look the same
    rate_limited,         // 429
    unavailable,          // 503: Redis down
};
struct AuthError {
    AuthErrc code;
    std::string message;
    std::chrono::seconds retry_after{0};  // for rate_limited
};

struct LoginResult {
    std::optional<AuthError> error;
    std::string token;  // the session token, shown to the client once
    Session session;
};

// Usernames: 1-64 of a-z, 0-9, '.', '_', '-'. Passwords: 10-1024 bytes.
std::optional<std::string> check_username(std::string_view u);
std::optional<std::string> check_password(std::string_view p);
// A random password for `user add --generate` (20 characters, ~119 bits).
std::string generate_password();

class Accounts {
public:
    // `clock` decides session expiry and login windows.
    Accounts(RedisClient& redis, Clock& clock, AuthSettings settings, std::string prefix = "acct:");
    ~Accounts();

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

    asio::awaitable<LoginResult> login(std::string username, std::string password,
                                       std::string address);
    // The live session for a token, refreshing its idle expiry; nullopt when the token is
    // unknown, expired, or its user disabled. `error` is set when Redis did not answer.
    asio::awaitable<std::optional<Session>> authenticate(std::string token,
                                                         std::optional<AuthError>* error = nullptr);
    asio::awaitable<void> logout(const Session& session);

    const AuthSettings& settings() const { return settings_; }
    void stop() { hasher_.stop(); }

private:
    // Argon2id on the hasher thread; empty when it ran out of memory.
    asio::awaitable<std::string> hash_password(std::string password);
    std::string user_key(std::string_view u) const { return prefix_ + "user:" + std::string(u); }

    RedisClient& redis_;
    Clock& clock_;
    AuthSettings settings_;
    std::string prefix_;
    asio::thread_pool hasher_{1};  // Argon2id: one at a time bounds memory to 64 MiB
};

// "a,b,,c" -> {"a","b","c"}.
std::vector<std::string> split_list(const std::string& s);

// Constant-time comparison of two secrets (CSRF tokens).
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace advieslijn::gateway
