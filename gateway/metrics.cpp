#include "gateway/metrics.hpp"

#include <fmt/format.h>

namespace advieslijn::gateway {

namespace {
// Label values are our own route patterns and methods, but escape anyway.
std::string label(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}
}  // namespace

void Metrics::observe_request(const std::string& route, std::string_view method,
                              unsigned status, std::chrono::nanoseconds latency) {
    const double seconds = std::chrono::duration<double>(latency).count();
    std::lock_guard lock(mu_);
    ++requests_[{route, std::string(method), status}];
    Series& s = latency_[{route, std::string(method)}];
    ++s.count;
    s.sum += seconds;
    for (std::size_t i = 0; i < buckets.size(); ++i)
        if (seconds <= buckets[i]) ++s.bucket_counts[i];
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mu_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
    std::string out;
    std::lock_guard lock(mu_);
    out += "# HELP advieslijn_http_requests_total HTTP requests by route, method and status.\n";
    out += "# TYPE advieslijn_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        const auto& [route, method, status] = key;
        out += fmt::format(
            "advieslijn_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
            label(route), label(method), status, n);
    }
    out += "# HELP advieslijn_http_request_duration_seconds Time from request read to response "
           "written.\n";
    out += "# TYPE advieslijn_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : latency_) {
        const std::string labels =
            fmt::format("route=\"{}\",method=\"{}\"", label(key.first), label(key.second));
        for (std::size_t i = 0; i < buckets.size(); ++i)
            out += fmt::format(
                "advieslijn_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                buckets[i], s.bucket_counts[i]);
        out += fmt::format(
            "advieslijn_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
            s.count);
        out += fmt::format("advieslijn_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                           s.sum);
        out += fmt::format("advieslijn_http_request_duration_seconds_count{{{}}} {}\n", labels,
                           s.count);
    }
    out += "# HELP advieslijn_http_connections_open Open client connections.\n";
    out += "# TYPE advieslijn_http_connections_open gauge\n";
    out += fmt::format("advieslijn_http_connections_open {}\n", open_connections_.load());
    out += "# HELP advieslijn_http_connections_accepted_total Accepted connections.\n";
    out += "# TYPE advieslijn_http_connections_accepted_total counter\n";
    out += fmt::format("advieslijn_http_connections_accepted_total {}\n", accepted_.load());
    out += "# HELP advieslijn_http_connections_rejected_total Connections refused at the cap.\n";
    out += "# TYPE advieslijn_http_connections_rejected_total counter\n";
    out += fmt::format("advieslijn_http_connections_rejected_total {}\n", rejected_.load());
    out += "# HELP advieslijn_http_timeouts_total Connections closed by a read or idle timeout.\n";
    out += "# TYPE advieslijn_http_timeouts_total counter\n";
    out += fmt::format("advieslijn_http_timeouts_total {}\n", timeouts_.load());
    for (const auto& g : gauges_) {
        out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name,
                           g.name, g.read());
    }
    return out;
}

}  // namespace advieslijn::gateway
