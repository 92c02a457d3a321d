// The user model and its checks: pure, no Redis.
#include "accounts/user.hpp"

#include <gtest/gtest.h>

using namespace advieslijn::accounts;

TEST(Role, RoundTripsAndOrders) {
    for (Role r : {Role::specialist, Role::supervisor, Role::admin})
        EXPECT_EQ(parse_role(to_string(r)), r);
    EXPECT_EQ(parse_role("boss"), std::nullopt);
    EXPECT_EQ(parse_role("Admin"), std::nullopt);
    User u;
    u.role = Role::supervisor;
    EXPECT_TRUE(u.at_least(Role::specialist));
    EXPECT_TRUE(u.at_least(Role::supervisor));
    EXPECT_FALSE(u.at_least(Role::admin));
}

TEST(User, ChecksNamesAndPasswords) {
    EXPECT_EQ(check_username("anna.de-vries_2"), std::nullopt);
    EXPECT_TRUE(check_username(""));
    EXPECT_TRUE(check_username(std::string(65, 'a')));
    EXPECT_EQ(check_username(std::string(64, 'a')), std::nullopt);
    EXPECT_TRUE(check_username("Anna"));
    EXPECT_TRUE(check_username("anna bakker"));
    EXPECT_TRUE(check_password("123456789"));
    EXPECT_EQ(check_password("1234567890"), std::nullopt);
    EXPECT_EQ(check_password(std::string(1024, 'x')), std::nullopt);
    EXPECT_TRUE(check_password(std::string(1025, 'x')));
}

TEST(User, ChecksANewUserInTheOrderTheCliReportsIt) {
    User u{"anna", "Anna", Role::specialist, {"demo"}, false};
    EXPECT_EQ(check_new_user(u, "long-enough-pw"), std::nullopt);
    // A reserved name is named before a bad password.
    u.username = "system";
    EXPECT_EQ(check_new_user(u, "short"), "username 'system' is reserved for the line itself");
    u.username = "caller";
    EXPECT_TRUE(check_new_user(u, "long-enough-pw"));
    u.username = "anna";
    EXPECT_EQ(check_new_user(u, "short"), "password must be at least 10 characters");
    u.tenants.clear();
    EXPECT_EQ(check_new_user(u, "long-enough-pw"), "a user needs at least one tenant");
    u.tenants = {"demo"};
    u.name = std::string(201, 'n');
    EXPECT_EQ(check_new_user(u, "long-enough-pw"), "name is longer than 200 bytes");
}

TEST(User, SplitsAndJoinsTenantLists) {
    EXPECT_EQ(split_list("a,b,,c,"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(split_list(""), std::vector<std::string>{});
    EXPECT_EQ(join_list({"demo", "noord"}), "demo,noord");
    EXPECT_EQ(join_list({}), "");
    User u{"anna", "", Role::specialist, split_list("demo,noord"), false};
    EXPECT_TRUE(u.in_tenant("noord"));
    EXPECT_FALSE(u.in_tenant("zuid"));
}

TEST(User, ReadsItsRedisHash) {
    auto u = user_from_fields("anna", {{"name", "Anna"},
                                       {"role", "supervisor"},
                                       {"tenants", "demo,noord"},
                                       {"disabled", "1"},
                                       {"pw", "x"}});
    ASSERT_TRUE(u);
    EXPECT_EQ(u->username, "anna");
    EXPECT_EQ(u->name, "Anna");
    EXPECT_EQ(u->role, Role::supervisor);
    EXPECT_EQ(u->tenants, (std::vector<std::string>{"demo", "noord"}));
    EXPECT_TRUE(u->disabled);
    EXPECT_FALSE(user_from_fields("anna", {{"role", "specialist"}})->disabled);
    EXPECT_EQ(user_from_fields("anna", {}), std::nullopt);  // no such user
    EXPECT_EQ(user_from_fields("anna", {{"role", "boss"}}), std::nullopt);
}
