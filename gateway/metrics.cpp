#include "gateway/metrics.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#ifndef ADVIESLIJN_VERSION
#error "ADVIESLIJN_VERSION comes from CMake's project(VERSION)"
#endif

namespace advieslijn::gateway {

namespace {

// One family: HELP, TYPE and its unlabelled sample.
void family(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            double value) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}

}  // namespace

// Reading /proc is a few in-memory reads without waiting on any device, so it runs on the
// I/O thread that serves the scrape like the rest of render().
std::string process_metrics() {
    std::ifstream stat_file("/proc/self/stat");
    std::string stat;
    if (!stat_file || !std::getline(stat_file, stat)) return {};
    // The command name (field 2) is in parentheses and may hold spaces: count fields from
    // after the last ')', where field 3 (the state) begins.
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream rest(stat.substr(close + 1));
    std::vector<std::string> fields;
    for (std::string f; rest >> f;) fields.push_back(f);
    auto field = [&](std::size_t n) { return std::stod(fields.at(n - 3)); };  // proc(5) numbering
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    std::string out;
    try {
        family(out, "process_cpu_seconds_total", "counter",
               "Total user and system CPU time spent in seconds.", (field(14) + field(15)) / ticks);
        family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
               field(24) * page);
        family(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
               field(23));
        // Start time: field 22 counts clock ticks since boot; /proc/stat's btime is the boot.
        std::ifstream proc_stat("/proc/stat");
        for (std::string line; std::getline(proc_stat, line);) {
            if (line.rfind("btime ", 0) != 0) continue;
            family(out, "process_start_time_seconds", "gauge",
                   "Start time of the process since unix epoch in seconds.",
                   std::stod(line.substr(6)) + field(22) / ticks);
            break;
        }
    } catch (const std::exception&) {
        return {};  // an unexpected /proc layout: leave the process figures out
    }
    std::error_code ec;
    double fds = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
         it.increment(ec))
        ++fds;
    if (!ec) family(out, "process_open_fds", "gauge", "Number of open file descriptors.", fds);
    if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        family(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
               static_cast<double>(limit.rlim_cur));
    return out;
}

std::string prometheus_label(std::string_view v) {
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

std::size_t Metrics::register_route(std::string route, std::string method) {
    std::lock_guard lock(mu_);
    auto key = std::make_pair(route, method);
    if (auto it = index_.find(key); it != index_.end()) return it->second;
    if (series_count_ == max_series - 1) {
        if (!series_[max_series - 1]) {
            series_[max_series - 1] = std::make_unique<Series>();
            series_[max_series - 1]->route = "(other)";
        }
        return max_series - 1;
    }
    auto series = std::make_unique<Series>();
    series->route = std::move(route);
    series->method = std::move(method);
    series_[series_count_] = std::move(series);
    index_[key] = series_count_;
    return series_count_++;
}

void Metrics::observe(std::size_t route_index, unsigned status, std::chrono::nanoseconds latency) {
    Series* s = series_[route_index].get();
    if (status < s->by_status.size()) s->by_status[status].fetch_add(1, std::memory_order_relaxed);
    s->count.fetch_add(1, std::memory_order_relaxed);
    s->sum_ns.fetch_add(static_cast<std::uint64_t>(latency.count()), std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(latency).count();
    for (std::size_t i = 0; i < buckets.size(); ++i)
        if (seconds <= buckets[i]) s->bucket_counts[i].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_request(const std::string& route, std::string_view method,
                              unsigned status, std::chrono::nanoseconds latency) {
    observe(register_route(route, std::string(method)), status, latency);
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mu_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read), false});
}

void Metrics::add_counter(std::string name, std::string help, std::function<double()> read) {
    // Prometheus tools (promtool's linter, rate() habits) expect the suffix on counters.
    if (!name.ends_with("_total")) throw std::invalid_argument("counter without _total: " + name);
    std::lock_guard lock(mu_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read), true});
}

std::string Metrics::render() const {
    std::string out;
    std::lock_guard lock(mu_);
    out += "# HELP advieslijn_http_requests_total HTTP requests by route, method and status.\n";
    out += "# TYPE advieslijn_http_requests_total counter\n";
    for (const auto& s : series_) {
        if (!s) continue;
        for (std::size_t status = 0; status < s->by_status.size(); ++status)
            if (auto n = s->by_status[status].load(std::memory_order_relaxed))
                out += fmt::format(
                    "advieslijn_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} "
                    "{}\n",
                    prometheus_label(s->route), prometheus_label(s->method), status, n);
    }
    out += "# HELP advieslijn_http_request_duration_seconds Time from request read to response "
           "written.\n";
    out += "# TYPE advieslijn_http_request_duration_seconds histogram\n";
    for (const auto& s : series_) {
        if (!s) continue;
        const auto count = s->count.load(std::memory_order_relaxed);
        if (count == 0) continue;
        const std::string labels =
            fmt::format("route=\"{}\",method=\"{}\"", prometheus_label(s->route), prometheus_label(s->method));
        for (std::size_t i = 0; i < buckets.size(); ++i)
            out += fmt::format(
                "advieslijn_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                buckets[i], s->bucket_counts[i].load(std::memory_order_relaxed));
        out += fmt::format(
            "advieslijn_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
            count);
        out += fmt::format("advieslijn_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                           s->sum_ns.load(std::memory_order_relaxed) / 1e9);
        out += fmt::format("advieslijn_http_request_duration_seconds_count{{{}}} {}\n", labels,
                           count);
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
    out += "# HELP advieslijn_websocket_evicted_total Quiet chat sockets closed to make room for a new one.\n";
    out += "# TYPE advieslijn_websocket_evicted_total counter\n";
    out += fmt::format("advieslijn_websocket_evicted_total {}\n", websockets_evicted_.load());
    out += "# HELP advieslijn_http_timeouts_total Connections closed by a read or idle timeout.\n";
    out += "# TYPE advieslijn_http_timeouts_total counter\n";
    out += fmt::format("advieslijn_http_timeouts_total {}\n", timeouts_.load());
    family(out, "advieslijn_websocket_connections", "gauge", "Open chat WebSocket connections.",
           static_cast<double>(websockets_.load()));
    family(out, "advieslijn_sse_connections", "gauge",
           "Open Server-Sent Events streams (specialist consoles and supervisor dashboards).",
           static_cast<double>(event_streams_.load()));
    // The info-metric convention: constant 1, the facts in labels, so a query can join them
    // onto other series (e.g. which version was running when the breaches started).
    out += "# HELP advieslijn_build_info The running build: version and compiler. Always 1.\n"
           "# TYPE advieslijn_build_info gauge\n";
#if defined(__clang__)
    const std::string compiler = fmt::format("clang-{}.{}", __clang_major__, __clang_minor__);
#elif defined(__GNUC__)
    const std::string compiler = fmt::format("gcc-{}.{}", __GNUC__, __GNUC_MINOR__);
#else
    const std::string compiler = "unknown";
#endif
#ifdef NDEBUG
    const char* build_type = "release";
#else
    const char* build_type = "debug";
#endif
    out += fmt::format("advieslijn_build_info{{version=\"{}\",compiler=\"{}\",build=\"{}\"}} 1\n",
                       prometheus_label(ADVIESLIJN_VERSION), compiler, build_type);
    for (const auto& g : gauges_)
        family(out, g.name, g.counter ? "counter" : "gauge", g.help, g.read());
    out += process_metrics();
    out += render_redis();
    return out;
}

void Metrics::observe_redis(std::chrono::nanoseconds latency, std::string_view error) {
    for (std::size_t i = 0; i < redis_error_kinds.size(); ++i)
        if (error == redis_error_kinds[i]) redis_errors_[i].fetch_add(1, std::memory_order_relaxed);
    // A command that was never sent has no latency worth a bucket; one that got any answer
    // (an error reply, or a lost connection after a wait) does.
    if (error == "unavailable") return;
    const double seconds = std::chrono::duration<double>(latency).count();
    for (std::size_t i = 0; i < buckets.size(); ++i)
        if (seconds <= buckets[i]) redis_buckets_[i].fetch_add(1, std::memory_order_relaxed);
    redis_count_.fetch_add(1, std::memory_order_relaxed);
    redis_sum_ns_.fetch_add(static_cast<std::uint64_t>(latency.count()), std::memory_order_relaxed);
}

std::string Metrics::render_redis() const {
    std::string out;
    out += "# HELP advieslijn_redis_command_duration_seconds Time from sending a Redis command "
           "to its answer.\n";
    out += "# TYPE advieslijn_redis_command_duration_seconds histogram\n";
    for (std::size_t i = 0; i < buckets.size(); ++i)
        out += fmt::format("advieslijn_redis_command_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                           buckets[i], redis_buckets_[i].load(std::memory_order_relaxed));
    const auto count = redis_count_.load(std::memory_order_relaxed);
    out += fmt::format("advieslijn_redis_command_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", count);
    out += fmt::format("advieslijn_redis_command_duration_seconds_sum {}\n",
                       redis_sum_ns_.load(std::memory_order_relaxed) / 1e9);
    out += fmt::format("advieslijn_redis_command_duration_seconds_count {}\n", count);
    out += "# HELP advieslijn_redis_errors_total Redis commands that failed, by kind: reply "
           "(an error answer), readonly (sent to a replica), connection_lost, unavailable "
           "(no connection).\n";
    out += "# TYPE advieslijn_redis_errors_total counter\n";
    for (std::size_t i = 0; i < redis_error_kinds.size(); ++i)
        out += fmt::format("advieslijn_redis_errors_total{{kind=\"{}\"}} {}\n", redis_error_kinds[i],
                           redis_errors_[i].load(std::memory_order_relaxed));
    return out;
}

}  // namespace advieslijn::gateway
