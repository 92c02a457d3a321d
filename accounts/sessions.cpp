#include "accounts/sessions.hpp"

#include "accounts/scripts.hpp"
#include "accounts/secrets.hpp"

namespace advieslijn::accounts {

namespace {

std::string ms(TimePoint t) {
    return std::to_string(unix_ms(t));
}

}  // namespace

AuthError store_unavailable(const RedisResult& r) {
    return {AuthErrc::unavailable, "The account store is not reachable: " + r.error_message(), {}};
}

Sessions::Sessions(RedisClient& redis, Clock& clock, Keys keys, std::chrono::milliseconds idle,
                   std::chrono::milliseconds absolute)
    : redis_(redis), clock_(clock), keys_(std::move(keys)), idle_(idle), absolute_(absolute) {}

asio::awaitable<std::optional<NewSession>> Sessions::create(User user,
                                                            std::optional<AuthError>* error) {
    const TimePoint now = clock_.now();
    NewSession out;
    out.token = random_token(32);
    out.session.key = keys_.session(sha256_hex(out.token));
    out.session.csrf = random_token(32);
    out.session.expires_at = now + absolute_;
    std::vector<std::string> keys{out.session.key, keys_.user_sessions(user.username)};
    std::vector<std::string> args{user.username, out.session.csrf, ms(now),
                                  ms(out.session.expires_at), std::to_string(idle_.count())};
    out.session.user = std::move(user);
    auto r =
        co_await redis_.fcall(functions(), lua::start_session, std::move(keys), std::move(args));
    if (!r.ok()) {
        *error = store_unavailable(r);
        co_return std::nullopt;
    }
    co_return out;
}

asio::awaitable<std::optional<Session>> Sessions::validate(std::string token,
                                                           std::optional<AuthError>* error) {
    if (token.empty() || token.size() > 100) co_return std::nullopt;
    const std::string key = keys_.session(sha256_hex(token));
    std::vector<std::string> keys{key};
    std::vector<std::string> args{ms(clock_.now()), std::to_string(idle_.count()),
                                  keys_.user_prefix()};
    auto r =
        co_await redis_.fcall(functions(), lua::check_session, std::move(keys), std::move(args));
    if (!r.ok()) {
        if (error) *error = store_unavailable(r);
        co_return std::nullopt;
    }
    if (r.reply.is_nil() || r.reply.elements.size() != 2) co_return std::nullopt;
    auto s = hash_fields(r.reply.elements[0]);
    auto user = user_from_fields(s["user"], hash_fields(r.reply.elements[1]));
    if (!user) co_return std::nullopt;
    Session session;
    session.user = std::move(*user);
    session.key = key;
    session.csrf = s["csrf"];
    session.expires_at = TimePoint(std::chrono::milliseconds(std::stoll(s["ends"])));
    co_return session;
}

asio::awaitable<void> Sessions::end(const Session& session) {
    std::vector<std::string> del{"DEL", session.key};
    co_await redis_.command(std::move(del));
    std::vector<std::string> srem{"SREM", keys_.user_sessions(session.user.username), session.key};
    co_await redis_.command(std::move(srem));
}

asio::awaitable<std::optional<AuthError>> Sessions::end_all(std::string username,
                                                            std::vector<std::string> fields) {
    std::vector<std::string> keys{keys_.user_sessions(username), keys_.user(username)};
    auto r =
        co_await redis_.fcall(functions(), lua::end_sessions, std::move(keys), std::move(fields));
    if (!r.ok()) co_return store_unavailable(r);
    if (r.reply.str == "not_found")
        co_return AuthError{AuthErrc::not_found, "no user " + username, {}};
    co_return std::nullopt;
}

}  // namespace advieslijn::accounts
