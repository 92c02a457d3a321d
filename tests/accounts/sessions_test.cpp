// Sessions in Redis: what is stored, idle and absolute expiry on the injected clock, ending
// one and all of a user's sessions, and refusing a disabled or deleted user.
#include "accounts/sessions.hpp"

#include "accounts/secrets.hpp"
#include "tests/accounts/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::accounts;
using namespace advieslijn::accounts::test_support;

namespace {

class SessionsTest : public AccountsTest {
  protected:
    NewSession start(const std::string& username) {
        std::optional<AuthError> error;
        auto user = run(accounts_->find(username));
        EXPECT_TRUE(user);
        auto s = run(sessions().create(user ? *user : User{}, &error));
        EXPECT_FALSE(error) << error->message;
        EXPECT_TRUE(s);
        return s ? *s : NewSession{};
    }
    std::optional<Session> validate(const std::string& token) {
        std::optional<AuthError> error;
        auto s = run(sessions().validate(token, &error));
        EXPECT_FALSE(error) << error->message;
        return s;
    }
    Sessions& sessions() { return accounts_->sessions(); }
};

}  // namespace

TEST_F(SessionsTest, StoresTheTokensHashNeverTheToken) {
    store_user("anna", Role::supervisor, "demo,noord");
    const NewSession s = start("anna");
    EXPECT_EQ(s.session.key, keys_.session(sha256_hex(s.token)));
    EXPECT_EQ(s.session.expires_at, clock_.now() + settings_.session_absolute);
    const auto fields = hash_fields(redis({"HGETALL", s.session.key}));
    EXPECT_EQ(fields.at("user"), "anna");
    EXPECT_EQ(fields.at("csrf"), s.session.csrf);
    for (const auto& [field, value] : fields) EXPECT_EQ(value.find(s.token), std::string::npos);
    const long long ttl = redis({"PTTL", s.session.key}).integer;
    EXPECT_GT(ttl, std::chrono::milliseconds(settings_.session_idle).count() - 5000);
    EXPECT_EQ(redis({"SISMEMBER", keys_.user_sessions("anna"), s.session.key}).integer, 1);

    auto found = validate(s.token);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->user.username, "anna");
    EXPECT_EQ(found->user.role, Role::supervisor);
    EXPECT_EQ(found->user.tenants, (std::vector<std::string>{"demo", "noord"}));
    EXPECT_EQ(found->csrf, s.session.csrf);
    EXPECT_EQ(found->expires_at, s.session.expires_at);
    EXPECT_EQ(validate(s.token + "x"), std::nullopt);
    EXPECT_EQ(validate(""), std::nullopt);
}

TEST_F(SessionsTest, EndsAfterTheIdleTimeAndUseRefreshesIt) {
    store_user("anna");
    const NewSession s = start("anna");
    clock_.advance(settings_.session_idle - 1min);
    ASSERT_TRUE(validate(s.token));
    clock_.advance(settings_.session_idle - 1min);  // idle since the last use only
    ASSERT_TRUE(validate(s.token));
    clock_.advance(settings_.session_idle + 1s);
    EXPECT_EQ(validate(s.token), std::nullopt);
    EXPECT_EQ(redis({"EXISTS", s.session.key}).integer, 0);
}

TEST_F(SessionsTest, EndsAtItsAbsoluteEndHoweverBusy) {
    store_user("anna");
    const NewSession s = start("anna");
    const TimePoint end = s.session.expires_at;
    while (clock_.now() + 20min <= end) {
        clock_.advance(20min);
        ASSERT_TRUE(validate(s.token));
    }
    clock_.set(end + 1ms);
    EXPECT_EQ(validate(s.token), std::nullopt);
}

TEST_F(SessionsTest, EndsOneOrAllOfAUser) {
    store_user("anna");
    store_user("bram");
    const NewSession one = start("anna"), two = start("anna"), other = start("bram");
    run(sessions().end(*validate(one.token)));
    EXPECT_EQ(validate(one.token), std::nullopt);
    EXPECT_EQ(redis({"SISMEMBER", keys_.user_sessions("anna"), one.session.key}).integer, 0);
    ASSERT_TRUE(validate(two.token));

    const NewSession three = start("anna");
    EXPECT_EQ(run(sessions().end_all("anna")), std::nullopt);
    EXPECT_EQ(validate(two.token), std::nullopt);
    EXPECT_EQ(validate(three.token), std::nullopt);
    EXPECT_EQ(redis({"EXISTS", keys_.user_sessions("anna")}).integer, 0);
    EXPECT_TRUE(validate(other.token));  // someone else's stay

    std::vector<std::string> fields{"disabled", "1"};
    EXPECT_EQ(run(sessions().end_all("anna", fields)), std::nullopt);
    EXPECT_EQ(redis({"HGET", keys_.user("anna"), "disabled"}).str, "1");
    auto missing = run(sessions().end_all("nobody"));
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->code, AuthErrc::not_found);
    EXPECT_EQ(missing->message, "no user nobody");
}

TEST_F(SessionsTest, RefusesADisabledOrDeletedUser) {
    store_user("anna");
    store_user("bram");
    const NewSession a = start("anna"), b = start("bram");
    redis({"HSET", keys_.user("anna"), "disabled", "1"});
    EXPECT_EQ(validate(a.token), std::nullopt);
    EXPECT_EQ(redis({"EXISTS", a.session.key}).integer, 0);
    redis({"DEL", keys_.user("bram")});
    EXPECT_EQ(validate(b.token), std::nullopt);
    EXPECT_EQ(redis({"EXISTS", b.session.key}).integer, 0);
}

TEST_F(SessionsTest, SaysSoWhenRedisIsDown) {
    store_user("anna");
    const NewSession s = start("anna");
    auto down = down_client();
    Sessions unreachable(*down, clock_, keys_, settings_.session_idle, settings_.session_absolute);
    std::optional<AuthError> error;
    EXPECT_EQ(run(unreachable.validate(s.token, &error)), std::nullopt);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, AuthErrc::unavailable);
    error.reset();
    EXPECT_EQ(run(unreachable.create(User{"anna", "", Role::specialist, {"demo"}, false}, &error)),
              std::nullopt);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, AuthErrc::unavailable);
    auto ended = run(unreachable.end_all("anna"));
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->code, AuthErrc::unavailable);
    down->stop();
}
