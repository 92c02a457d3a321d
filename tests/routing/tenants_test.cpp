#include "routing/tenants.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;

TEST(TenantDirectory, FindsByNumberSiteKeyAndId) {
    TenantDirectory dir({fixtures::demo_tenant(), fixtures::english_only_tenant()});
    ASSERT_NE(dir.by_number("+31880030060"), nullptr);
    EXPECT_EQ(dir.by_number("0880030060")->id, "demo");
    EXPECT_EQ(dir.by_number("+31201234567")->id, "intl");
    EXPECT_EQ(dir.by_number("+31999999999"), nullptr);
    EXPECT_EQ(dir.by_site_key("demo")->id, "demo");
    EXPECT_EQ(dir.by_site_key("nope"), nullptr);
    EXPECT_EQ(dir.by_id("intl")->name, "CJG International");
}

TEST(TenantDirectory, DuplicateNumbersAreAConfigError) {
    auto a = fixtures::demo_tenant();
    auto b = fixtures::english_only_tenant();
    b.numbers = {"+31 880030060"};
    EXPECT_THROW(TenantDirectory({a, b}), ConfigError);
}

TEST(TenantDirectory, LanguageChoice) {
    const auto demo = fixtures::demo_tenant();
    const auto intl = fixtures::english_only_tenant();
    EXPECT_EQ(TenantDirectory::default_language(demo), "nl");
    EXPECT_EQ(TenantDirectory::choose_language(demo, "en-GB"), "en");
    EXPECT_EQ(TenantDirectory::choose_language(demo, "EN"), "en");
    EXPECT_EQ(TenantDirectory::choose_language(demo, "de"), "nl");
    EXPECT_EQ(TenantDirectory::choose_language(intl, "nl"), "en");
}
