#include "gateway/gaps_cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>

#include "contact/knowledge_gaps.hpp"
#include "gateway/app.hpp"

namespace advieslijn::gateway {

void add_gaps_command(CLI::App& kb, GapsArgs& args) {
    CLI::App* gaps = kb.add_subcommand(
        "gaps",
        "Print the knowledge-gap report of a tenant: the questions the articles did not serve, "
        "masked, grouped by their words' stems, counted per week (reads Redis)");
    gaps->footer(
        "Reads the Redis that --redis, REDIS_URL or the config names, and changes nothing. Exit 0,\n"
        "1 when Redis is unavailable, 2 for bad input (docs/knowledge-base.md: Knowledge gaps).");
    gaps->add_option("--tenant", args.tenant, "the tenant")->type_name("ID")->required();
    gaps->add_option("--since", args.since_days, "the last DAYS days (1 to 366)")
        ->type_name("DAYS")
        ->capture_default_str()
        ->check(CLI::Range(1, contact::max_gap_days));
    gaps->add_option("--limit", args.limit, "at most N groups (1 to 100)")
        ->type_name("N")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    gaps->add_flag("--json", args.json, "print the JSON of GET /v1/kb/gaps instead of text");
    add_config_flags(*gaps, args.config, /*with_listen=*/false);
    gaps->callback([&args] { args.given = true; });
}

int run_gaps_cli(const GapsArgs& args, const Config& config, std::ostream& out, std::ostream& err) {
    if (std::none_of(config.tenants.begin(), config.tenants.end(),
                     [&](const Tenant& t) { return t.id == args.tenant; })) {
        err << "advieslijn kb gaps: unknown tenant '" << args.tenant << "' (not in "
            << config.source << ")\n";
        return usage_error_status;
    }
    asio::io_context ioc;
    RedisClient redis(ioc, redis_options(config), 1);
    SystemClock clock;
    contact::KnowledgeGaps gaps(redis, clock, config.knowledge_gaps);
    redis.start();
    int code = 1;
    auto task = [&]() -> asio::awaitable<void> {
        co_await wait_until_ready(redis, config.redis.connect_timeout);
        const auto period = contact::gap_period_days(clock.now(), args.since_days);
        auto report = co_await gaps.report(args.tenant, period, args.limit);
        if (!report) {
            err << "advieslijn kb gaps: Redis unavailable\n";
        } else {
            code = 0;
            if (args.json) out << contact::to_json(*report).dump(2) << "\n";
            else out << contact::to_text(*report);
        }
        redis.stop();
    };
    run_until_done(ioc, task());
    return code;
}

}  // namespace advieslijn::gateway
