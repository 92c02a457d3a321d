#pragma once
// Request counters and latency histograms, rendered in the Prometheus text format.
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace advieslijn::gateway {

// A label value escaped for the Prometheus text format.
std::string prometheus_label(std::string_view value);

// The process_* metrics every Prometheus client library exports (CPU seconds, resident
// memory, open and maximum file descriptors, start time), read from /proc/self at each
// scrape. Empty where /proc is missing (not Linux): absent beats a made-up zero.
std::string process_metrics();

class Metrics {
public:
    static constexpr std::array<double, 14> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                       0.025,  0.05,  0.1,    0.25,  0.5,
                                                       1,      2.5,   5,      10};

    // Routes are registered once (at server start); observing is lock-free after that.
    // Returns the index to pass to observe().
    std::size_t register_route(std::string route, std::string method);
    void observe(std::size_t route_index, unsigned status, std::chrono::nanoseconds latency);
    // For the few requests that never reached a route (unparsable, refused).
    void observe_request(const std::string& route, std::string_view method, unsigned status,
                         std::chrono::nanoseconds latency);
    void connection_opened() { ++open_connections_; ++accepted_; }
    void connection_closed() { --open_connections_; }
    void connection_rejected() { ++rejected_; }
    void timeout() { ++timeouts_; }
    long open_connections() const { return open_connections_.load(); }
    // Connections handed over to a WebSocket (chat) or an event stream (console SSE), for as
    // long as their handler runs; they count in open_connections as well.
    void websocket_opened() { ++websockets_; }
    void websocket_evicted() { ++websockets_evicted_; }
    void websocket_closed() { --websockets_; }
    void event_stream_opened() { ++event_streams_; }
    void event_stream_closed() { --event_streams_; }

    // A gauge read when /metrics is rendered (e.g. redis_up, queue depths). What `read`
    // touches must live as long as the server serves (until App::run returns).
    void add_gauge(std::string name, std::string help, std::function<double()> read);
    // The same for a count that only grows while the process lives: rendered with TYPE
    // counter, so `name` must end in _total (checked: a wrong name throws at start-up).
    void add_counter(std::string name, std::string help, std::function<double()> read);

    // One Redis command's time and outcome (RedisOptions::observer): `error` is "" for an
    // answer, else "reply", "readonly", "connection_lost" or "unavailable" (never sent,
    // so not timed).
    void observe_redis(std::chrono::nanoseconds latency, std::string_view error);

    std::string render() const;

private:
    struct Series {
        std::string route, method;
        std::array<std::atomic<std::uint64_t>, 600> by_status{};  // index: HTTP status
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sum_ns{0};
        std::array<std::atomic<std::uint64_t>, buckets.size()> bucket_counts{};
    };
    struct Gauge {
        std::string name, help;
        std::function<double()> read;
        bool counter = false;
    };
    mutable std::mutex mu_;
    // A fixed table, filled under the lock and never moved, so observe() reads it without
    // one. Past the capacity everything lands in the last slot, "(other)".
    static constexpr std::size_t max_series = 512;
    std::array<std::unique_ptr<Series>, max_series> series_;
    std::size_t series_count_ = 0;
    std::map<std::pair<std::string, std::string>, std::size_t> index_;
    std::vector<Gauge> gauges_;
    std::atomic<long> open_connections_{0}, websockets_{0}, event_streams_{0};
    std::atomic<std::uint64_t> accepted_{0}, rejected_{0}, timeouts_{0}, websockets_evicted_{0};

    std::string render_redis() const;
    static constexpr std::array<std::string_view, 4> redis_error_kinds = {
        "reply", "readonly", "connection_lost", "unavailable"};
    std::array<std::atomic<std::uint64_t>, buckets.size()> redis_buckets_{};
    std::atomic<std::uint64_t> redis_count_{0}, redis_sum_ns_{0};
    std::array<std::atomic<std::uint64_t>, redis_error_kinds.size()> redis_errors_{};
};

}  // namespace advieslijn::gateway
