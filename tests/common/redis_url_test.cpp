#include "common/redis_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace advieslijn;

TEST(RedisUrl, ParsesAllParts) {
    auto ep = parse_redis_url("redis://:s3cret@cache.local:6380/3");
    EXPECT_EQ(ep.host, "cache.local");
    EXPECT_EQ(ep.port, 6380);
    EXPECT_EQ(ep.password, "s3cret");
    EXPECT_EQ(ep.db, 3);
    auto plain = parse_redis_url("redis://127.0.0.1");
    EXPECT_EQ(plain.port, 6379);
    EXPECT_EQ(plain.db, 0);
}

TEST(RedisUrl, RejectsBadInput) {
    EXPECT_THROW(parse_redis_url("http://x"), std::invalid_argument);
    EXPECT_THROW(parse_redis_url("redis://"), std::invalid_argument);
    EXPECT_THROW(parse_redis_url("redis://h:0"), std::invalid_argument);
    EXPECT_THROW(parse_redis_url("redis://h:port"), std::invalid_argument);
    EXPECT_THROW(parse_redis_url("redis://h/x"), std::invalid_argument);
}
