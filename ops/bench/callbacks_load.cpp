// Load binary for callbacks::Service on one local Redis. A load binary rather than Google
// Benchmark: the unit of work is thousands of concurrent coroutines, and the scanner figure
// needs a million-task setup that must not be repeated per iteration.
//
//   callbacks_load --redis redis://127.0.0.1:6399 [--creates 100000] [--cycles 20000]
//                  [--concurrency 256] [--pending 10000,1000000] [--due 100] [--reps 20]
//                  [--clock frozen|running]
//
// --clock: during the create phase the service's clock stays at one instant (frozen, the
// default, comparable with earlier runs) or runs with real time from that instant (running,
// as in production). With a frozen clock all tasks share one created_at and due_at, so every
// sorted-set insert ties on the score and lands at a random place by member order, the
// slowest case for Redis' skiplist; with a running clock inserts go near the tail.
//
// Use a throwaway redis-server: the binary writes under the prefix "bench:<pid>:" and does
// not clean up.
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "callbacks/service.hpp"
#include "common/redis_url.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

struct Args {
    std::string redis = "redis://127.0.0.1:6379";
    std::size_t creates = 100'000;
    std::size_t cycles = 20'000;
    std::size_t concurrency = 256;
    std::vector<std::size_t> pending{10'000, 1'000'000};
    std::size_t due = 100;
    std::size_t reps = 20;
    bool running_clock = false;
};

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--redis")
            a.redis = v;
        else if (k == "--creates")
            a.creates = std::stoul(v);
        else if (k == "--cycles")
            a.cycles = std::stoul(v);
        else if (k == "--concurrency")
            a.concurrency = std::stoul(v);
        else if (k == "--due")
            a.due = std::stoul(v);
        else if (k == "--reps")
            a.reps = std::stoul(v);
        else if (k == "--clock" && (v == "frozen" || v == "running"))
            a.running_clock = v == "running";
        else if (k == "--pending") {
            a.pending.clear();
            std::size_t pos = 0;
            while (pos <= v.size()) {
                auto comma = v.find(',', pos);
                a.pending.push_back(std::stoul(v.substr(pos, comma - pos)));
                if (comma == std::string::npos) break;
                pos = comma + 1;
            }
        } else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            std::exit(2);
        }
    }
    return a;
}

NewTask task_for(std::size_t i) {
    NewTask t;
    t.channel = Channel::voice;
    char phone[24];
    std::snprintf(phone, sizeof phone, "+316%08zu", i % 100'000'000);
    t.phone = phone;
    t.lang = "nl";
    t.question = "Mijn dochter van drie wil niet slapen en huilt elke avond lang";
    t.topic = "slapen";
    t.consent = true;
    return t;
}

class Bench {
  public:
    Bench(asio::io_context& ioc, RedisClient& client) : ioc_(ioc), client_(client) {}

    std::unique_ptr<Service> service(const std::string& name, Clock& clock) {
        Tenant tenant;
        tenant.id = "bench";
        Settings s;
        s.key_kind = "bench:" + std::to_string(::getpid()) + ":" + name;
        return std::make_unique<Service>(client_, clock, tenant, s);
    }

    // Runs `work(i)` for i in [first, first+n) with `concurrency` coroutines; returns seconds.
    double parallel(std::size_t first, std::size_t n, std::size_t concurrency,
                    std::function<asio::awaitable<bool>(std::size_t)> work) {
        std::size_t next = first, done = 0, failed = 0, running = 0;
        const auto t0 = steady::now();
        for (std::size_t w = 0; w < std::min(concurrency, n); ++w) {
            ++running;
            asio::co_spawn(
                ioc_,
                [&]() -> asio::awaitable<void> {
                    while (next < first + n) {
                        const std::size_t i = next++;
                        if (!co_await work(i)) ++failed;
                        ++done;
                    }
                    --running;
                },
                asio::detached);
        }
        while (running > 0) ioc_.run_one();
        const double secs = std::chrono::duration<double>(steady::now() - t0).count();
        if (failed) std::fprintf(stderr, "  %zu of %zu operations failed\n", failed, done);
        return secs;
    }

    template <typename T>
    T run(asio::awaitable<T> op) {
        std::optional<T> out;
        asio::co_spawn(ioc_, std::move(op), [&](std::exception_ptr, T v) { out = std::move(v); });
        while (!out) ioc_.run_one();
        return std::move(*out);
    }

  private:
    asio::io_context& ioc_;
    RedisClient& client_;
};

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse_args(argc, argv);
    asio::io_context ioc;
    auto work = asio::make_work_guard(ioc);
    RedisOptions o;
    o.endpoint = parse_redis_url(args.redis);
    RedisClient client(ioc, o, 4);
    client.start();
    const auto deadline = steady::now() + 5s;
    while (!client.ready() && steady::now() < deadline) ioc.run_for(10ms);
    if (!client.ready()) {
        std::fprintf(stderr, "no Redis at %s\n", args.redis.c_str());
        return 1;
    }
    Bench bench(ioc, client);
    FakeClock clock(from_ms(1'714'478'400'000));

    // 1. Creates per second.
    if (args.creates > 0) {
        auto svc = bench.service("create", clock);
        const TimePoint start = clock.now();
        const auto steady_start = steady::now();
        const double s = bench.parallel(
            0, args.creates, args.concurrency, [&](std::size_t i) -> asio::awaitable<bool> {
                if (args.running_clock)
                    clock.set(start + std::chrono::duration_cast<TimePoint::duration>(
                                          steady::now() - steady_start));
                auto r = co_await svc->create(task_for(i));
                co_return r.ok();
            });
        clock.set(start);
        std::printf("create: %zu tasks in %.2f s = %.0f creates/s (concurrency %zu, %s clock)\n",
                    args.creates, s, args.creates / s, args.concurrency,
                    args.running_clock ? "running" : "frozen");
    }

    // 2. Claim-complete cycles per second: claim_next + complete, on a pre-filled queue.
    if (args.cycles > 0) {
        auto svc = bench.service("cycle", clock);
        bench.parallel(0, args.cycles, args.concurrency,
                       [&](std::size_t i) -> asio::awaitable<bool> {
                           co_return (co_await svc->create(task_for(i))).ok();
                       });
        const double s = bench.parallel(
            0, args.cycles, args.concurrency, [&](std::size_t i) -> asio::awaitable<bool> {
                const std::string who = "specialist-" + std::to_string(i % 64);
                auto c = co_await svc->claim_next(who);
                if (!c.ok() || !c->has_value()) co_return false;
                auto d = co_await svc->complete((*c)->id, who, Outcome::advised);
                co_return d.ok();
            });
        std::printf("claim+complete: %zu cycles in %.2f s = %.0f cycles/s\n", args.cycles, s,
                    args.cycles / s);
    }

    // 3. Scanner tick time with N pending tasks and `due` due timers per tick.
    for (std::size_t pending : args.reps > 0 ? args.pending : std::vector<std::size_t>{}) {
        const TimePoint t0 = from_ms(1'714'478'400'000);
        clock.set(t0 - 1h);
        auto svc = bench.service("tick" + std::to_string(pending), clock);
        const double fill = bench.parallel(0, pending, args.concurrency,
                                           [&](std::size_t i) -> asio::awaitable<bool> {
                                               co_return (co_await svc->create(task_for(i))).ok();
                                           });
        std::vector<double> ticks;
        std::size_t fired = 0;
        for (std::size_t rep = 0; rep < args.reps; ++rep) {
            // `due` tasks created 20 h before t0: exactly their at_risk timers (18 h) are
            // due at t0; everything else is hours away.
            clock.set(t0 - 20h + std::chrono::seconds(rep));
            const std::size_t base = pending + rep * args.due;
            bench.parallel(base, args.due, args.concurrency,
                           [&](std::size_t i) -> asio::awaitable<bool> {
                               co_return (co_await svc->create(task_for(i))).ok();
                           });
            clock.set(t0 + std::chrono::seconds(rep));
            const auto start = steady::now();
            auto r = bench.run(svc->tick(nullptr));
            ticks.push_back(
                std::chrono::duration<double, std::milli>(steady::now() - start).count());
            if (r.ok()) fired += r->timers_fired;
        }
        std::sort(ticks.begin(), ticks.end());
        const double median = ticks[ticks.size() / 2];
        const double mean = std::accumulate(ticks.begin(), ticks.end(), 0.0) / ticks.size();
        std::printf(
            "tick: %zu pending (filled at %.0f creates/s), %zu due: median %.3f ms, "
            "mean %.3f ms, min %.3f ms, max %.3f ms, fired %zu of %zu\n",
            pending, pending / fill, args.due, median, mean, ticks.front(), ticks.back(), fired,
            args.due * args.reps);
    }
    client.stop();
    work.reset();
    ioc.run_for(200ms);
    return 0;
}
