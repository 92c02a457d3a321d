#include "accounts/accounts.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/scripts.hpp"

namespace advieslijn::accounts {

namespace {

// ARGV: the legacy prefix, the current one. Moves every user hash and the set of names when
// the set exists under the legacy prefix only; returns how many users moved. The keys are
// built here, not declared: this runs on the single Redis that had the legacy keys, never on
// a cluster.
const RedisScript& move_users_script() {
    static const RedisScript script(R"(
local old, new = ARGV[1], ARGV[2]
if redis.call('EXISTS', old .. 'users') == 0 or redis.call('EXISTS', new .. 'users') == 1 then
  return 0
end
local n = 0
for _, name in ipairs(redis.call('SMEMBERS', old .. 'users')) do
  if redis.call('EXISTS', old .. 'user:' .. name) == 1 then
    redis.call('RENAME', old .. 'user:' .. name, new .. 'user:' .. name)
    n = n + 1
  end
end
redis.call('RENAME', old .. 'users', new .. 'users')
return n)");
    return script;
}

}  // namespace

Accounts::Accounts(RedisClient& redis, Clock& clock, AuthSettings settings, Keys keys)
    : redis_(redis),
      clock_(clock),
      settings_(settings),
      keys_{std::move(keys)},
      sessions_(redis, clock, keys_, settings.session_idle, settings.session_absolute),
      limit_(redis, keys_, settings) {}

asio::awaitable<void> Accounts::move_legacy_users() {
    if (keys_.legacy_prefix.empty() || legacy_checked_) co_return;
    std::vector<std::string> no_keys;
    std::vector<std::string> args{keys_.legacy_prefix, keys_.prefix};
    auto r = co_await redis_.eval(move_users_script(), std::move(no_keys), std::move(args));
    if (!r.ok()) co_return;  // the operation itself will meet the same failure; tried again next time
    legacy_checked_ = true;
    if (r.reply.integer > 0)
        spdlog::info("accounts: moved {} users from {}* to {}*; their sessions ended", r.reply.integer,
                     keys_.legacy_prefix, keys_.prefix);
}

asio::awaitable<std::optional<AuthError>> Accounts::add_user(User user, std::string password) {
    co_await move_legacy_users();
    if (auto e = check_new_user(user, password))
        co_return AuthError{AuthErrc::invalid_input, *e, {}};
    const std::string hash = co_await hasher_.hash(std::move(password));
    if (hash.empty()) co_return AuthError{AuthErrc::unavailable, "argon2id: out of memory", {}};
    std::vector<std::string> keys{keys_.user(user.username), keys_.users()};
    std::vector<std::string> args{user.name,
                                  to_string(user.role),
                                  join_list(user.tenants),
                                  hash,
                                  std::to_string(unix_ms(clock_.now())),
                                  user.username};
    auto r = co_await redis_.fcall(functions(), lua::add_user, std::move(keys), std::move(args));
    if (!r.ok()) co_return store_unavailable(r);
    if (r.reply.str == "exists")
        co_return AuthError{AuthErrc::exists, "user " + user.username + " exists already", {}};
    co_return std::nullopt;
}

asio::awaitable<std::optional<AuthError>> Accounts::set_password(std::string username,
                                                                 std::string password) {
    co_await move_legacy_users();
    if (auto e = check_password(password)) co_return AuthError{AuthErrc::invalid_input, *e, {}};
    const std::string hash = co_await hasher_.hash(std::move(password));
    if (hash.empty()) co_return AuthError{AuthErrc::unavailable, "argon2id: out of memory", {}};
    std::vector<std::string> fields{"pw", hash, "disabled", "0"};
    co_return co_await sessions_.end_all(std::move(username), std::move(fields));
}

asio::awaitable<std::optional<AuthError>> Accounts::disable(std::string username) {
    co_await move_legacy_users();
    std::vector<std::string> fields{"disabled", "1"};
    co_return co_await sessions_.end_all(std::move(username), std::move(fields));
}

asio::awaitable<std::optional<User>> Accounts::find(std::string username,
                                                    std::optional<AuthError>* error) {
    if (check_username(username)) co_return std::nullopt;
    co_await move_legacy_users();
    std::vector<std::string> cmd{"HGETALL", keys_.user(username)};
    auto r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) {
        if (error) *error = store_unavailable(r);
        co_return std::nullopt;
    }
    co_return user_from_fields(username, hash_fields(r.reply));
}

asio::awaitable<std::vector<User>> Accounts::list(std::optional<AuthError>* error) {
    co_await move_legacy_users();
    std::vector<User> out;
    std::vector<std::string> cmd{"SMEMBERS", keys_.users()};
    auto r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) {
        *error = store_unavailable(r);
        co_return out;
    }
    std::vector<std::string> names;
    for (const auto& e : r.reply.elements) names.push_back(e.str);
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
        auto u = co_await find(n, error);
        if (*error) co_return std::vector<User>{};
        if (u) out.push_back(std::move(*u));
    }
    co_return out;
}

asio::awaitable<LoginResult> Accounts::login(std::string username, std::string password,
                                             std::string address) {
    LoginResult out;
    const AuthError wrong{AuthErrc::invalid_credentials, "Unknown user or wrong password.", {}};
    if (check_username(username) || password.empty() || password.size() > 1024) {
        out.error = wrong;
        co_return out;
    }
    const TimePoint now = clock_.now();
    co_await move_legacy_users();
    if (auto refused = co_await limit_.count(username, address, now)) {
        if (refused->code == AuthErrc::rate_limited)
            spdlog::warn("login: too many attempts for {} from {}", username, address);
        out.error = std::move(refused);
        co_return out;
    }
    std::vector<std::string> fetch{"HGETALL", keys_.user(username)};
    auto fetched = co_await redis_.command(std::move(fetch));
    if (!fetched.ok()) {
        out.error = store_unavailable(fetched);
        co_return out;
    }
    auto fields = hash_fields(fetched.reply);
    auto user = user_from_fields(username, fields);
    // No hash for an unknown or disabled user: verify() then checks a dummy, as slowly.
    std::string stored = user && !user->disabled && fields.count("pw") ? fields["pw"] : "";
    const bool verified = co_await hasher_.verify(std::move(stored), std::move(password));
    if (!verified || !user || user->disabled) {
        spdlog::info("login: refused for {} from {}", username, address);
        out.error = wrong;
        co_return out;
    }
    // A successful login clears the account's count, so earlier typos do not lock it later,
    // and does not count against its address (many colleagues behind one office address).
    co_await limit_.succeeded(username, address, now);

    auto created = co_await sessions_.create(std::move(*user), &out.error);
    if (!created) co_return out;
    out.token = std::move(created->token);
    out.session = std::move(created->session);
    spdlog::info("login: {} ({}) from {}", username, to_string(out.session.user.role), address);
    co_return out;
}

asio::awaitable<std::optional<Session>> Accounts::authenticate(std::string token,
                                                               std::optional<AuthError>* error) {
    co_return co_await sessions_.validate(std::move(token), error);
}

asio::awaitable<void> Accounts::logout(const Session& session) {
    co_await sessions_.end(session);
}

}  // namespace advieslijn::accounts
