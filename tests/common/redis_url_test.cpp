#include "common/redis_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace advieslijn;

namespace {

// The reason parse_redis_url gives, or "" when it accepted the text.
std::string refusal(const std::string& url) {
    try {
        (void)parse_redis_url(url);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(RedisUrl, ParsesAllParts) {
    auto ep = parse_redis_url("redis://:s3cret@cache.local:6380/3");
    EXPECT_EQ(ep.host, "cache.local");
    EXPECT_EQ(ep.port, 6380);
    EXPECT_EQ(ep.user, "");
    EXPECT_EQ(ep.password, "s3cret");
    EXPECT_EQ(ep.db, 3);
    auto plain = parse_redis_url("redis://127.0.0.1");
    EXPECT_EQ(plain.host, "127.0.0.1");
    EXPECT_EQ(plain.port, 6379);
    EXPECT_EQ(plain.db, 0);
    EXPECT_EQ(plain.user, "");
    EXPECT_EQ(plain.password, "");
    EXPECT_EQ(parse_redis_url("redis://h/").db, 0);
}

TEST(RedisUrl, KeepsTheAclUserAndDecodesPercentEscapes) {
    auto ep = parse_redis_url("redis://line%2Dgw:p%40ss%3Aw%2Frd@10.0.0.7:6390/2");
    EXPECT_EQ(ep.user, "line-gw");
    EXPECT_EQ(ep.password, "p@ss:w/rd");
    EXPECT_EQ(ep.host, "10.0.0.7");
    EXPECT_EQ(ep.port, 6390);
    EXPECT_EQ(ep.db, 2);
    // A colon inside the password needs no escape: only the first one separates the user.
    EXPECT_EQ(parse_redis_url("redis://u:a:b@h").password, "a:b");
    // Without a colon the userinfo is a password (redis-cli reads it so too).
    auto bare = parse_redis_url("redis://secret@h");
    EXPECT_EQ(bare.user, "");
    EXPECT_EQ(bare.password, "secret");
}

TEST(RedisUrl, Ipv6HostLosesItsBrackets) {
    auto ep = parse_redis_url("redis://[::1]:6381");
    EXPECT_EQ(ep.host, "::1");
    EXPECT_EQ(ep.port, 6381);
}

TEST(RedisUrl, RejectsBadInputWithAReason) {
    EXPECT_NE(refusal("http://x").find("redis://"), std::string::npos);
    EXPECT_NE(refusal("rediss://x").find("redis://"), std::string::npos);
    EXPECT_NE(refusal("redis://").find("host"), std::string::npos);
    EXPECT_NE(refusal("redis://h:0").find("port"), std::string::npos);
    EXPECT_NE(refusal("redis://h:65536").find("port"), std::string::npos);
    EXPECT_NE(refusal("redis://h:").find("port"), std::string::npos);
    EXPECT_NE(refusal("redis://h:port"), "");
    EXPECT_NE(refusal("redis://h/x").find("database"), std::string::npos);
    EXPECT_NE(refusal("redis://h/100").find("database"), std::string::npos);
    EXPECT_NE(refusal("redis://h/1?timeout=3").find("query"), std::string::npos);
    EXPECT_NE(refusal("redis://user:@h").find("password"), std::string::npos);
    EXPECT_NE(refusal("redis://h o st:1"), "");
    EXPECT_NE(refusal("redis://bad%zzescape@h"), "");
    EXPECT_NE(refusal(""), "");
    // The reason never repeats the password.
    EXPECT_EQ(refusal("redis://u:hunter2@h:99999").find("hunter2"), std::string::npos);
}

TEST(RedisUrl, SentinelAddressesNeedAPort) {
    auto s = parse_redis_host_port("127.0.0.1:26379");
    EXPECT_EQ(s.host, "127.0.0.1");
    EXPECT_EQ(s.port, 26379);
    EXPECT_EQ(parse_redis_host_port("[::1]:26380").host, "::1");
    EXPECT_THROW(parse_redis_host_port("127.0.0.1"), std::invalid_argument);
    EXPECT_THROW(parse_redis_host_port("h:"), std::invalid_argument);
    EXPECT_THROW(parse_redis_host_port("u:p@h:1"), std::invalid_argument);
    EXPECT_THROW(parse_redis_host_port("h:1/0"), std::invalid_argument);
    EXPECT_THROW(parse_redis_host_port(""), std::invalid_argument);
}
