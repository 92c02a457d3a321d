// The fixed-window rate counter against a real Redis: counts, the expiry set on the first hit
// only, several keys in one call, and nullopt when Redis is not there.
#include "common/rate_counter.hpp"

#include "tests/support/redis_fixture.hpp"

using namespace advieslijn;
using namespace std::chrono_literals;

namespace {

TimePoint at_ms(long long ms) {
    return TimePoint(std::chrono::milliseconds(ms));
}

class RateCounterTest : public test::RedisTest {
  protected:
    RateCounterTest() : RedisTest("rate") {}
};

}  // namespace

TEST(RateWindow, NumbersWindowsFromTheEpochAndCountsDownToTheNext) {
    const RateWindow minute{60s, 70s};
    EXPECT_EQ(minute.number(at_ms(0)), 0);
    EXPECT_EQ(minute.number(at_ms(59'999)), 0);
    EXPECT_EQ(minute.number(at_ms(60'000)), 1);
    EXPECT_EQ(minute.key("rl:chat:addr:10.0.0.1", at_ms(125'000)), "rl:chat:addr:10.0.0.1:2");
    EXPECT_EQ(minute.seconds_left(at_ms(120'000)), 60s);  // a window just begun
    EXPECT_EQ(minute.seconds_left(at_ms(120'500)), 60s);
    EXPECT_EQ(minute.seconds_left(at_ms(179'000)), 1s);
    EXPECT_EQ(minute.seconds_left(at_ms(179'999)), 1s);  // never 0: Retry-After must wait
}

TEST_F(RateCounterTest, CountsEachKeyAndSetsTheExpiryOnTheFirstHitOnly) {
    const std::string a = prefix_ + "a", b = prefix_ + "b";
    EXPECT_EQ(run(count_hits(*client_, {a, b}, 5000ms)), (std::vector<long long>{1, 1}));
    const long long ttl = redis({"PTTL", a}).integer;
    EXPECT_GT(ttl, 4000);
    EXPECT_LE(ttl, 5000);
    // A later hit must not push the window's end out: give it a longer expiry by hand and
    // see the hit leave it alone.
    redis({"PEXPIRE", a, "600000"});
    EXPECT_EQ(run(count_hits(*client_, {a, b}, 5000ms)), (std::vector<long long>{2, 2}));
    EXPECT_GT(redis({"PTTL", a}).integer, 500'000);
    EXPECT_EQ(run(count_hit(*client_, a, 5000ms)), 3);
    EXPECT_EQ(redis({"GET", b}).str, "2");
}

TEST_F(RateCounterTest, AnswersInTheOrderOfTheKeys) {
    const std::string a = prefix_ + "a", b = prefix_ + "b";
    run(count_hit(*client_, b, 5000ms));
    run(count_hit(*client_, b, 5000ms));
    EXPECT_EQ(run(count_hits(*client_, {a, b}, 5000ms)), (std::vector<long long>{1, 3}));
    EXPECT_EQ(run(count_hits(*client_, {b, a}, 5000ms)), (std::vector<long long>{4, 2}));
    EXPECT_EQ(run(count_hits(*client_, {}, 5000ms)), std::vector<long long>{});
}

TEST_F(RateCounterTest, IsNulloptWhenRedisIsDown) {
    RedisOptions o;
    o.endpoint = parse_redis_url("redis://127.0.0.1:" + std::to_string(test::free_port()));
    o.connect_timeout = 200ms;
    RedisClient down(ioc_, o, 1);
    down.start();
    EXPECT_EQ(run(count_hits(down, {prefix_ + "a", prefix_ + "b"}, 5000ms)), std::nullopt);
    EXPECT_EQ(run(count_hit(down, prefix_ + "a", 5000ms)), std::nullopt);
    down.stop();
}
