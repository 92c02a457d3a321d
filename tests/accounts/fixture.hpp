#pragma once
// Shared by the accounts tests against Redis: Accounts under a key prefix unique to the test,
// a FakeClock, and a way to store a user without paying for Argon2id.
#include <chrono>
#include <memory>

#include "accounts/accounts.hpp"
#include "common/clock.hpp"
#include "tests/support/redis_fixture.hpp"

namespace advieslijn::accounts::test_support {

using namespace std::chrono_literals;

// Now, rounded down to the start of a (default, 15-minute) login window. Not a fixed date:
// Redis applies the absolute end of a user's session set (PEXPIREAT) on its own clock, so
// the fake one must not be far off.
inline TimePoint login_window_start() {
    const auto now = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
    return now - now.time_since_epoch() % AuthSettings{}.login_window;
}

class AccountsTest : public test::RedisTest {
  protected:
    AccountsTest() : RedisTest("acct") {
        settings_.login_attempts_per_account = 3;
        settings_.login_attempts_per_address = 5;
    }

    void SetUp() override {
        RedisTest::SetUp();
        keys_.prefix = prefix_;
        accounts_ = std::make_unique<Accounts>(*client_, clock_, settings_, Keys{prefix_});
    }

    void TearDown() override {
        accounts_.reset();
        RedisTest::TearDown();
    }

    // The account as add_user stores it, with no usable password.
    void store_user(const std::string& username, Role role = Role::specialist,
                    std::string tenants = "demo") {
        redis({"HSET", keys_.user(username), "name", "Test " + username, "role", to_string(role),
               "tenants", tenants, "pw", "-", "disabled", "0"});
        redis({"SADD", keys_.users(), username});
    }

    // A client whose Redis is not there: every call fails at once.
    std::unique_ptr<RedisClient> down_client() {
        RedisOptions o;
        o.endpoint = parse_redis_url("redis://127.0.0.1:" + std::to_string(test::free_port()));
        o.connect_timeout = 200ms;
        auto c = std::make_unique<RedisClient>(ioc_, o, 1);
        c->start();
        return c;
    }

    FakeClock clock_{login_window_start()};
    AuthSettings settings_;
    Keys keys_;
    std::unique_ptr<Accounts> accounts_;
};

}  // namespace advieslijn::accounts::test_support
