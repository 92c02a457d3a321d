#pragma once
// Fixed-window hit counters in Redis, for rate limits (login attempts, chat requests).
//
// One counter key per subject and window (`RateWindow::key` appends the window's number), so
// a new window starts at zero by itself. A hit is an INCR; the first hit of a window also
// sets the key's expiry, so counters of past windows clean themselves up. Several keys are
// counted in one round trip (one script), so a request with an account and an address limit
// costs one call. In a Redis Cluster the keys of one call must share a slot (a hash tag).
//
//   RateWindow window{std::chrono::minutes(1), std::chrono::seconds(70)};
//   auto hits = co_await count_hits(redis, {window.key("rl:chat:addr:" + ip, now)}, window.ttl);
//   if (!hits) ...503...; if ((*hits)[0] > limit) ...429, Retry-After window.seconds_left(now)...
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/redis_client.hpp"

namespace advieslijn {

struct RateWindow {
    std::chrono::milliseconds length{60'000};
    // How long a window's counter lives after its first hit: at least `length`.
    std::chrono::milliseconds ttl{60'000};

    // Windows are numbered from the epoch: number(now) = now / length.
    long long number(TimePoint now) const;
    // `base` + ":" + number(now).
    std::string key(std::string_view base, TimePoint now) const;
    // Whole seconds until the next window starts (1 to length), for Retry-After.
    std::chrono::seconds seconds_left(TimePoint now) const;
};

// Counts one hit on each key and returns the counts after the hit, in the order of `keys`;
// a key's first hit gives it the expiry `ttl`. nullopt when Redis failed (nothing is known
// about what was counted then).
asio::awaitable<std::optional<std::vector<long long>>> count_hits(RedisClient& redis,
                                                                  std::vector<std::string> keys,
                                                                  std::chrono::milliseconds ttl);
// The Lua of the counting, `count_hits(keys, ttl_ms)` returning the counts, for a script that
// counts in the same round trip as its own work (a chat message reads its session and counts
// its limits at once). The one definition of how a hit is counted.
std::string_view rate_counter_lua();
// The same for one key.
asio::awaitable<std::optional<long long>> count_hit(RedisClient& redis, std::string key,
                                                    std::chrono::milliseconds ttl);

}  // namespace advieslijn
