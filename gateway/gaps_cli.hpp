#pragma once
// `advieslijn kb gaps --tenant T [--since DAYS]`: the knowledge-gap report for editors, read
// from the Redis the config (or --redis / REDIS_URL) names. Added to the `kb` command here, in
// the gateway's command line, so knowledge-base/ stays free of Redis.
#include <cstddef>
#include <iosfwd>
#include <string>

#include "common/command_line.hpp"
#include "common/config.hpp"

namespace advieslijn::gateway {

struct GapsArgs {
    bool given = false;  // `kb gaps` was the command
    std::string tenant;
    int since_days = 28;
    std::size_t limit = 20;
    bool json = false;
    ConfigFlags config;
};

// Adds `gaps` to `kb` (the `kb` command of a parser); parsing fills `args`.
void add_gaps_command(CLI::App& kb, GapsArgs& args);

// Prints the report: 0 done; 1 Redis unavailable; 2 a tenant not in the config.
int run_gaps_cli(const GapsArgs& args, const Config& config, std::ostream& out, std::ostream& err);

}  // namespace advieslijn::gateway
