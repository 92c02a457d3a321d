#include "gateway/auth.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <map>
#include <stdexcept>

namespace advieslijn::gateway {

namespace {

std::int64_t ms(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                      raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    sodium_memzero(raw.data(), raw.size());
    return out;
}

std::string sha256_hex(std::string_view s) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(s.data()), s.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::optional<User> user_from(const std::string& username, const std::map<std::string, std::string>& f) {
    auto role = f.count("role") ? parse_role(f.at("role")) : std::nullopt;
    if (!role) return std::nullopt;
    User u;
    u.username = username;
    u.name = f.count("name") ? f.at("name") : "";
    u.role = *role;
    u.tenants = split_list(f.count("tenants") ? f.at("tenants") : "");
    u.disabled = f.count("disabled") && f.at("disabled") == "1";
    return u;
}

AuthError unavailable(const RedisResult& r) {
    return {AuthErrc::unavailable, "The account store is not reachable: " + r.error_message(), {}};
}

// Creates the account unless the name is taken.
const RedisScript add_script(R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
redis.call('HSET', KEYS[1], 'name', ARGV[1], 'role', ARGV[2], 'tenants', ARGV[3], 'pw', ARGV[4],
           'disabled', '0', 'created_at', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[6])
return 'ok'
)lua");

// Deletes every session of a user (KEYS[1] the user's session set) and then sets the given
// fields on the account (KEYS[2]), if it exists.
const RedisScript revoke_script(R"lua(
if redis.call('EXISTS', KEYS[2]) == 0 then return 'not_found' end
for _, k in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', k) end
redis.call('DEL', KEYS[1])
if #ARGV > 0 then redis.call('HSET', KEYS[2], unpack(ARGV)) end
return 'ok'
)lua");

// Counts one login attempt per account and per address in the current window.
// KEYS: account counter, address counter; ARGV: window seconds. Returns both counts.
const RedisScript attempt_script(R"lua(
local a = redis.call('INCR', KEYS[1])
if a == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local b = redis.call('INCR', KEYS[2])
if b == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return {a, b}
)lua");

// Stores a new session. KEYS: session key, the user's session set.
// ARGV: user, csrf, now ms, absolute end ms, idle ms.
const RedisScript session_script(R"lua(
redis.call('HSET', KEYS[1], 'user', ARGV[1], 'csrf', ARGV[2], 'seen', ARGV[3], 'ends', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SADD', KEYS[2], KEYS[1])
redis.call('PEXPIREAT', KEYS[2], ARGV[4])
return 'ok'
)lua");

// Looks a session up and refreshes it. KEYS: session key; ARGV: now ms, idle ms, user key
// prefix. Returns {session fields, user fields} or nil (ended, idle too long, user gone or
// disabled; the session is deleted then).
const RedisScript auth_script(R"lua(
local s = redis.call('HMGET', KEYS[1], 'user', 'csrf', 'seen', 'ends')
if not s[1] then return nil end
local now = tonumber(ARGV[1])
if now > tonumber(s[4]) or now - tonumber(s[3]) > tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return nil
end
local u = redis.call('HGETALL', ARGV[3] .. s[1])
local disabled = false
for i = 1, #u, 2 do if u[i] == 'disabled' and u[i + 1] == '1' then disabled = true end end
if #u == 0 or disabled then
  redis.call('DEL', KEYS[1])
  return nil
end
redis.call('HSET', KEYS[1], 'seen', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {{'user', s[1], 'csrf', s[2], 'ends', s[4]}, u}
)lua");

// A valid Argon2id string of a password nobody knows: verifying against it costs what a
// real verification costs, so an unknown user answers as slowly as a wrong password.
const std::string& dummy_hash() {
    static const std::string hash = [] {
        char out[crypto_pwhash_STRBYTES];
        const std::string pw = random_token(16);
        if (crypto_pwhash_str(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
            throw std::runtime_error("argon2id: out of memory");
        return std::string(out);
    }();
    return hash;
}

// The Argon2id work, run on the hasher pool. Free coroutines taking their arguments by
// value: GCC 12 destroys the init-captures of a coroutine lambda twice.
asio::awaitable<std::string> argon2_hash(std::string password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        co_return std::string();  // out of memory
    co_return std::string(out);
}

asio::awaitable<bool> argon2_verify(std::string stored, std::string password) {
    co_return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

struct SodiumInit {
    SodiumInit() {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    }
};

}  // namespace

const char* to_string(Role r) {
    switch (r) {
        case Role::specialist: return "specialist";
        case Role::supervisor: return "supervisor";
        case Role::admin: return "admin";
    }
    return "specialist";
}

std::optional<Role> parse_role(std::string_view s) {
    if (s == "specialist") return Role::specialist;
    if (s == "supervisor") return Role::supervisor;
    if (s == "admin") return Role::admin;
    return std::nullopt;
}

bool User::in_tenant(std::string_view tenant) const {
    return std::find(tenants.begin(), tenants.end(), tenant) != tenants.end();
}

std::optional<std::string> check_username(std::string_view u) {
    if (u.empty() || u.size() > 64) return "username must be 1 to 64 characters";
    for (char c : u)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return "username may only hold a-z, 0-9, '.', '_' and '-'";
    return std::nullopt;
}

std::optional<std::string> check_password(std::string_view p) {
    if (p.size() < 10) return "password must be at least 10 characters";
    if (p.size() > 1024) return "password must be at most 1024 bytes";
    return std::nullopt;
}

std::string generate_password() {
    static const SodiumInit init;
    // No look-alikes (0/O, 1/l/I), so it can be read out over the phone.
    static constexpr std::string_view alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (int i = 0; i < 20; ++i)
        out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
    return out;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = std::min(s.find(',', start), s.size());
        if (end > start) out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool secrets_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Accounts::Accounts(RedisClient& redis, Clock& clock, AuthSettings settings, std::string prefix)
    : redis_(redis), clock_(clock), settings_(settings), prefix_(std::move(prefix)) {
    static const SodiumInit init;
}

Accounts::~Accounts() {
    hasher_.stop();
    hasher_.join();
}

asio::awaitable<std::string> Accounts::hash_password(std::string password) {
    co_return co_await asio::co_spawn(hasher_, argon2_hash(std::move(password)), asio::use_awaitable);
}

asio::awaitable<std::optional<AuthError>> Accounts::add_user(User user, std::string password) {
    if (auto e = check_username(user.username)) co_return AuthError{AuthErrc::invalid_input, *e, {}};
    // Task history and the consoles use these names for the line's own entries.
    if (user.username == "system" || user.username == "caller")
        co_return AuthError{AuthErrc::invalid_input,
                            "username '" + user.username + "' is reserved for the line itself", {}};
    if (auto e = check_password(password)) co_return AuthError{AuthErrc::invalid_input, *e, {}};
    if (user.tenants.empty())
        co_return AuthError{AuthErrc::invalid_input, "a user needs at least one tenant", {}};
    if (user.name.size() > 200) co_return AuthError{AuthErrc::invalid_input, "name is longer than 200 bytes", {}};
    const std::string hash = co_await hash_password(std::move(password));
    if (hash.empty()) co_return AuthError{AuthErrc::unavailable, "argon2id: out of memory", {}};
    std::vector<std::string> keys{user_key(user.username), prefix_ + "users"};
    std::vector<std::string> args{user.name, to_string(user.role), join(user.tenants), hash,
                                   std::to_string(ms(clock_.now())), user.username};
    auto r = co_await redis_.eval(add_script, std::move(keys), std::move(args));
    if (!r.ok()) co_return unavailable(r);
    if (r.reply.str == "exists")
        co_return AuthError{AuthErrc::exists, "user " + user.username + " exists already", {}};
    co_return std::nullopt;
}

asio::awaitable<std::optional<AuthError>> Accounts::set_password(std::string username,
                                                                 std::string password) {
    if (auto e = check_password(password)) co_return AuthError{AuthErrc::invalid_input, *e, {}};
    const std::string hash = co_await hash_password(std::move(password));
    if (hash.empty()) co_return AuthError{AuthErrc::unavailable, "argon2id: out of memory", {}};
    std::vector<std::string> keys{prefix_ + "user_sessions:" + username, user_key(username)};
    std::vector<std::string> args{"pw", hash, "disabled", "0"};
    auto r = co_await redis_.eval(revoke_script, std::move(keys), std::move(args));
    if (!r.ok()) co_return unavailable(r);
    if (r.reply.str == "not_found")
        co_return AuthError{AuthErrc::not_found, "no user " + username, {}};
    co_return std::nullopt;
}

asio::awaitable<std::optional<AuthError>> Accounts::disable(std::string username) {
    std::vector<std::string> keys{prefix_ + "user_sessions:" + username, user_key(username)};
    std::vector<std::string> args{"disabled", "1"};
    auto r = co_await redis_.eval(revoke_script, std::move(keys), std::move(args));
    if (!r.ok()) co_return unavailable(r);
    if (r.reply.str == "not_found")
        co_return AuthError{AuthErrc::not_found, "no user " + username, {}};
    co_return std::nullopt;
}

asio::awaitable<std::optional<User>> Accounts::find(std::string username,
                                                    std::optional<AuthError>* error) {
    if (check_username(username)) co_return std::nullopt;
    std::vector<std::string> cmd{"HGETALL", user_key(username)};
    auto r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) {
        if (error) *error = unavailable(r);
        co_return std::nullopt;
    }
    co_return user_from(username, hash_fields(r.reply));
}

asio::awaitable<std::vector<User>> Accounts::list(std::optional<AuthError>* error) {
    std::vector<User> out;
    std::vector<std::string> cmd{"SMEMBERS", prefix_ + "users"};
    auto r = co_await redis_.command(std::move(cmd));
    if (!r.ok()) {
        *error = unavailable(r);
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
    const auto window = std::chrono::duration_cast<std::chrono::seconds>(settings_.login_window);
    const auto window_no = std::to_string(ms(now) / (window.count() * 1000));
    // Every attempt counts, before the (costly) verification: a flood of guesses is
    // refused without hashing.
    std::vector<std::string> counters{prefix_ + "login:user:" + username + ":" + window_no,
         prefix_ + "login:addr:" + address + ":" + window_no};
    std::vector<std::string> window_args{std::to_string(window.count())};
    auto counted = co_await redis_.eval(attempt_script, std::move(counters), std::move(window_args));
    if (!counted.ok() || counted.reply.elements.size() != 2) {
        out.error = unavailable(counted);
        co_return out;
    }
    if (counted.reply.elements[0].integer > settings_.login_attempts_per_account ||
        counted.reply.elements[1].integer > settings_.login_attempts_per_address) {
        const auto since = ms(now) % (window.count() * 1000);
        out.error = AuthError{AuthErrc::rate_limited, "Too many login attempts; try again later.",
                              std::chrono::seconds(window.count() - since / 1000)};
        spdlog::warn("login: too many attempts for {} from {}", username, address);
        co_return out;
    }
    std::vector<std::string> fetch{"HGETALL", user_key(username)};
    auto fetched = co_await redis_.command(std::move(fetch));
    if (!fetched.ok()) {
        out.error = unavailable(fetched);
        co_return out;
    }
    auto fields = hash_fields(fetched.reply);
    auto user = user_from(username, fields);
    const std::string stored = user && !user->disabled && fields.count("pw") ? fields["pw"] : dummy_hash();
    const bool verified = co_await asio::co_spawn(
        hasher_, argon2_verify(stored, std::move(password)), asio::use_awaitable);
    if (!verified || !user || user->disabled) {
        spdlog::info("login: refused for {} from {}", username, address);
        out.error = wrong;
        co_return out;
    }
    // A successful login clears the account's count, so earlier typos do not lock it later.
    std::vector<std::string> reset{"DEL", prefix_ + "login:user:" + username + ":" + window_no};
    co_await redis_.command(std::move(reset));

    out.token = random_token(32);
    out.session.user = std::move(*user);
    out.session.key = prefix_ + "session:" + sha256_hex(out.token);
    out.session.csrf = random_token(32);
    out.session.expires_at = now + settings_.session_absolute;
    std::vector<std::string> session_keys{out.session.key, prefix_ + "user_sessions:" + username};
    std::vector<std::string> session_args{username, out.session.csrf, std::to_string(ms(now)),
         std::to_string(ms(out.session.expires_at)),
         std::to_string(std::chrono::milliseconds(settings_.session_idle).count())};
    auto stored_session = co_await redis_.eval(session_script, std::move(session_keys), std::move(session_args));
    if (!stored_session.ok()) {
        out.error = unavailable(stored_session);
        out.token.clear();
        co_return out;
    }
    spdlog::info("login: {} ({}) from {}", username, to_string(out.session.user.role), address);
    co_return out;
}

asio::awaitable<std::optional<Session>> Accounts::authenticate(std::string token,
                                                               std::optional<AuthError>* error) {
    if (token.empty() || token.size() > 100) co_return std::nullopt;
    const std::string key = prefix_ + "session:" + sha256_hex(token);
    std::vector<std::string> keys{key};
    std::vector<std::string> args{std::to_string(ms(clock_.now())),
         std::to_string(std::chrono::milliseconds(settings_.session_idle).count()),
         prefix_ + "user:"};
    auto r = co_await redis_.eval(auth_script, std::move(keys), std::move(args));
    if (!r.ok()) {
        if (error) *error = unavailable(r);
        co_return std::nullopt;
    }
    if (r.reply.is_nil() || r.reply.elements.size() != 2) co_return std::nullopt;
    auto s = hash_fields(r.reply.elements[0]);
    auto user = user_from(s["user"], hash_fields(r.reply.elements[1]));
    if (!user) co_return std::nullopt;
    Session session;
    session.user = std::move(*user);
    session.key = key;
    session.csrf = s["csrf"];
    session.expires_at = TimePoint(std::chrono::milliseconds(std::stoll(s["ends"])));
    co_return session;
}

asio::awaitable<void> Accounts::logout(const Session& session) {
    std::vector<std::string> del{"DEL", session.key};
    co_await redis_.command(std::move(del));
    std::vector<std::string> srem{"SREM", prefix_ + "user_sessions:" + session.user.username, session.key};
    co_await redis_.command(std::move(srem));
}

}  // namespace advieslijn::gateway
