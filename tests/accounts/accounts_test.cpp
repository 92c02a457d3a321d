// The accounts service against a real Redis: user administration, login with its rate limits
// (counted before the password check, per account and per address, in fixed windows on the
// injected clock), and password changes and disabling ending sessions.
#include "accounts/accounts.hpp"

#include "tests/accounts/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::accounts;
using namespace advieslijn::accounts::test_support;

namespace {

const std::string password = "long-enough-pw";

class AccountsServiceTest : public AccountsTest {
  protected:
    void add(const std::string& username, Role role = Role::specialist) {
        auto e = run(accounts_->add_user(User{username, "Name " + username, role, {"demo"}, false},
                                         password));
        ASSERT_FALSE(e) << e->message;
    }
    LoginResult login(const std::string& username, const std::string& pw,
                      const std::string& address = "192.0.2.1") {
        return run(accounts_->login(username, pw, address));
    }
    // The window number of the login counters now (settings_.login_window).
    std::string window() const {
        return std::to_string(unix_ms(clock_.now()) /
                              std::chrono::milliseconds(settings_.login_window).count());
    }
};

}  // namespace

TEST_F(AccountsServiceTest, AddsFindsAndListsUsers) {
    add("bram", Role::supervisor);
    add("anna");
    auto dup = run(accounts_->add_user(User{"anna", "", Role::admin, {"demo"}, false}, password));
    ASSERT_TRUE(dup);
    EXPECT_EQ(dup->code, AuthErrc::exists);
    EXPECT_EQ(dup->message, "user anna exists already");
    auto bad = run(accounts_->add_user(User{"system", "", Role::admin, {"demo"}, false}, password));
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->code, AuthErrc::invalid_input);

    const auto stored = hash_fields(redis({"HGETALL", keys_.user("bram")}));
    EXPECT_EQ(stored.at("role"), "supervisor");
    EXPECT_EQ(stored.at("tenants"), "demo");
    EXPECT_EQ(stored.at("disabled"), "0");
    EXPECT_EQ(stored.at("pw").rfind("$argon2id$", 0), 0u);
    EXPECT_EQ(stored.at("created_at"), std::to_string(unix_ms(clock_.now())));

    auto bram = run(accounts_->find("bram"));
    ASSERT_TRUE(bram);
    EXPECT_EQ(bram->name, "Name bram");
    EXPECT_EQ(run(accounts_->find("nobody")), std::nullopt);
    EXPECT_EQ(run(accounts_->find("Not A Name")), std::nullopt);
    std::optional<AuthError> error;
    auto all = run(accounts_->list(&error));
    EXPECT_FALSE(error);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].username, "anna");
    EXPECT_EQ(all[1].username, "bram");
}

TEST_F(AccountsServiceTest, LogsInWithTheRightPasswordOnly) {
    add("anna");
    auto wrong = login("anna", "not-the-password");
    ASSERT_TRUE(wrong.error);
    EXPECT_EQ(wrong.error->code, AuthErrc::invalid_credentials);
    EXPECT_TRUE(wrong.token.empty());
    auto unknown = login("nobody", password);
    ASSERT_TRUE(unknown.error);
    EXPECT_EQ(unknown.error->message, wrong.error->message);  // the same answer

    auto ok = login("anna", password);
    ASSERT_FALSE(ok.error) << ok.error->message;
    EXPECT_EQ(ok.session.user.username, "anna");
    auto session = run(accounts_->authenticate(ok.token));
    ASSERT_TRUE(session);
    EXPECT_EQ(session->csrf, ok.session.csrf);
    run(accounts_->logout(*session));
    EXPECT_EQ(run(accounts_->authenticate(ok.token)), std::nullopt);
}

TEST_F(AccountsServiceTest, LimitsAttemptsPerAccountBeforeCheckingThePassword) {
    add("anna");
    clock_.advance(5min);  // 5 minutes into a 15-minute window
    for (int i = 0; i < 3; ++i) {
        auto r = login("anna", "not-the-password");
        ASSERT_TRUE(r.error);
        EXPECT_EQ(r.error->code, AuthErrc::invalid_credentials);
    }
    const std::string counter = prefix_ + "login:user:anna:" + window();
    EXPECT_EQ(redis({"GET", counter}).str, "3");
    const long long ttl = redis({"TTL", counter}).integer;
    EXPECT_GT(ttl, 890);
    EXPECT_LE(ttl, 900);
    // The right password no longer helps in this window.
    auto refused = login("anna", password);
    ASSERT_TRUE(refused.error);
    EXPECT_EQ(refused.error->code, AuthErrc::rate_limited);
    EXPECT_EQ(refused.error->retry_after, 10min);
    // Another account from the same address is not affected.
    add("bram");
    EXPECT_FALSE(login("bram", password).error);
    // The next window starts afresh.
    clock_.advance(10min);
    EXPECT_FALSE(login("anna", password).error);
}

TEST_F(AccountsServiceTest, ASuccessfulLoginClearsTheAccountsCount) {
    add("anna");
    login("anna", "not-the-password");
    login("anna", "not-the-password");
    EXPECT_FALSE(login("anna", password).error);
    EXPECT_EQ(redis({"EXISTS", prefix_ + "login:user:anna:" + window()}).integer, 0);
    // The address keeps its two failures; the success is not counted against it.
    EXPECT_EQ(redis({"GET", prefix_ + "login:addr:192.0.2.1:" + window()}).str, "2");
    // From another address (that one's failures are not cleared): the account's 6th attempt in
    // the window, over its limit of 3 had the first success not cleared the count.
    login("anna", "not-the-password", "192.0.2.2");
    login("anna", "not-the-password", "192.0.2.2");
    EXPECT_FALSE(login("anna", password, "192.0.2.2").error);
}

TEST_F(AccountsServiceTest, LimitsAttemptsPerAddress) {
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(login("user" + std::to_string(i), password, "198.51.100.7").error->code,
                  AuthErrc::invalid_credentials);
    auto refused = login("user9", password, "198.51.100.7");
    ASSERT_TRUE(refused.error);
    EXPECT_EQ(refused.error->code, AuthErrc::rate_limited);
    EXPECT_EQ(login("user9", password, "198.51.100.8").error->code, AuthErrc::invalid_credentials);
}

TEST_F(AccountsServiceTest, NewPasswordOrDisablingEndsSessions) {
    add("anna");
    auto first = login("anna", password);
    ASSERT_FALSE(first.error);
    EXPECT_EQ(run(accounts_->set_password("anna", "another-password")), std::nullopt);
    EXPECT_EQ(run(accounts_->authenticate(first.token)), std::nullopt);
    EXPECT_EQ(login("anna", password).error->code, AuthErrc::invalid_credentials);
    auto second = login("anna", "another-password");
    ASSERT_FALSE(second.error);

    EXPECT_EQ(run(accounts_->disable("anna")), std::nullopt);
    EXPECT_EQ(run(accounts_->authenticate(second.token)), std::nullopt);
    EXPECT_EQ(login("anna", "another-password").error->code, AuthErrc::invalid_credentials);
    EXPECT_TRUE(run(accounts_->find("anna"))->disabled);
    // A new password enables the account again.
    EXPECT_EQ(run(accounts_->set_password("anna", "third-password")), std::nullopt);
    EXPECT_FALSE(login("anna", "third-password").error);

    EXPECT_EQ(run(accounts_->set_password("nobody", "third-password"))->code, AuthErrc::not_found);
    EXPECT_EQ(run(accounts_->disable("nobody"))->code, AuthErrc::not_found);
    EXPECT_EQ(run(accounts_->set_password("anna", "short"))->code, AuthErrc::invalid_input);
}

TEST_F(AccountsServiceTest, SaysSoWhenRedisIsDown) {
    auto down = down_client();
    Accounts unreachable(*down, clock_, settings_, Keys{prefix_});
    auto r = run(unreachable.login("anna", password, "192.0.2.1"));
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, AuthErrc::unavailable);
    std::optional<AuthError> error;
    EXPECT_TRUE(run(unreachable.list(&error)).empty());
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, AuthErrc::unavailable);
    error.reset();
    EXPECT_EQ(run(unreachable.find("anna", &error)), std::nullopt);
    EXPECT_TRUE(error);
    EXPECT_EQ(run(unreachable.disable("anna"))->code, AuthErrc::unavailable);
    unreachable.stop();
    down->stop();
}

// Users stored before the keys had a hash tag (legacy prefix) are moved once, before the
// first operation: they can sign in again, nothing is left under the old keys, and a second
// service on the same keys moves nothing twice.
TEST_F(AccountsServiceTest, MovesUsersStoredUnderTheLegacyPrefixOnce) {
    const std::string legacy = prefix_ + "old:";
    const Keys current{prefix_ + "{line}:", legacy};
    add("anna");  // under prefix_, from where it is copied to the legacy keys
    redis({"RENAME", keys_.user("anna"), legacy + "user:anna"});
    redis({"SADD", legacy + "users", "anna", "ghost"});  // a name without a hash is not moved
    Accounts upgraded(*client_, clock_, settings_, current);
    std::optional<AuthError> error;
    const auto all = run(upgraded.list(&error));
    ASSERT_FALSE(error);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].username, "anna");
    EXPECT_FALSE(run(upgraded.login("anna", password, "192.0.2.1")).error);
    EXPECT_EQ(redis({"EXISTS", legacy + "users", legacy + "user:anna"}).integer, 0);
    EXPECT_EQ(redis({"SCARD", current.users()}).integer, 2);
    // A second service finds the current keys in place and leaves them alone.
    redis({"SADD", legacy + "users", "late"});
    Accounts again(*client_, clock_, settings_, current);
    EXPECT_EQ(run(again.find("anna"))->username, "anna");
    EXPECT_EQ(redis({"SCARD", current.users()}).integer, 2);
    EXPECT_EQ(redis({"EXISTS", legacy + "users"}).integer, 1);
    upgraded.stop();
    again.stop();
}

// Production keys: every accounts key carries the one hash tag {line}, so the accounts
// scripts touch one Redis Cluster slot.
TEST(AccountsKeys, EveryProductionKeyCarriesTheLineHashTag) {
    const Keys k = Keys::production();
    EXPECT_EQ(k.legacy_prefix, "acct:");
    for (const std::string& key : {k.users(), k.user("anna"), k.user_sessions("anna"), k.session("ab12"),
                                   k.login_user("anna"), k.login_addr("192.0.2.1")})
        EXPECT_EQ(key.rfind("acct:{line}:", 0), 0u) << key;
}
