#include "common/rate_counter.hpp"

namespace advieslijn {

namespace {

// KEYS: the counters; ARGV[1]: their expiry in ms. Returns the counts, in the order of KEYS.
// An EVALSHA script rather than a Functions library: a few lines with no helpers to share.
const RedisScript& script() {
    static const RedisScript s(std::string(rate_counter_lua()) + "return count_hits(KEYS, ARGV[1])");
    return s;
}

}  // namespace

std::string_view rate_counter_lua() {
    return R"lua(
local function count_hits(keys, ttl_ms)
  local out = {}
  for i, key in ipairs(keys) do
    local n = redis.call('INCR', key)
    if n == 1 then redis.call('PEXPIRE', key, ttl_ms) end
    out[i] = n
  end
  return out
end
)lua";
}

long long RateWindow::number(TimePoint now) const {
    return unix_ms(now) / length.count();
}

std::string RateWindow::key(std::string_view base, TimePoint now) const {
    return std::string(base) + ":" + std::to_string(number(now));
}

std::chrono::seconds RateWindow::seconds_left(TimePoint now) const {
    const auto since = unix_ms(now) % length.count();
    return std::chrono::duration_cast<std::chrono::seconds>(length) -
           std::chrono::seconds(since / 1000);
}

asio::awaitable<std::optional<std::vector<long long>>> count_hits(RedisClient& redis,
                                                                  std::vector<std::string> keys,
                                                                  std::chrono::milliseconds ttl) {
    const std::size_t n = keys.size();
    if (n == 0) co_return std::vector<long long>{};
    std::vector<std::string> args{std::to_string(ttl.count())};
    RedisResult r = co_await redis.eval(script(), std::move(keys), std::move(args));
    if (!r.ok() || r.reply.elements.size() != n) co_return std::nullopt;
    std::vector<long long> counts;
    counts.reserve(n);
    for (const auto& e : r.reply.elements) counts.push_back(e.integer);
    co_return counts;
}

asio::awaitable<std::optional<long long>> count_hit(RedisClient& redis, std::string key,
                                                    std::chrono::milliseconds ttl) {
    std::vector<std::string> keys{std::move(key)};
    auto counts = co_await count_hits(redis, std::move(keys), ttl);
    if (!counts) co_return std::nullopt;
    co_return counts->front();
}

}  // namespace advieslijn
