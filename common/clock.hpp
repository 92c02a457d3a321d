#pragma once
// The clock is a seam: SLA and lease logic take a Clock so tests can move time by hand.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace advieslijn {

using TimePoint = std::chrono::system_clock::time_point;

// Milliseconds since the Unix epoch: how times are stored in Redis and passed to scripts.
inline std::int64_t unix_ms(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when a test says so. Safe to read from several threads.
class FakeClock final : public Clock {
public:
    explicit FakeClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
    TimePoint now() const override {
        return TimePoint(TimePoint::duration(now_.load()));
    }
    void advance(std::chrono::system_clock::duration d) { now_ += d.count(); }
    void set(TimePoint t) { now_ = t.time_since_epoch().count(); }

private:
    std::atomic<TimePoint::duration::rep> now_;
};

}  // namespace advieslijn
