#pragma once
// `advieslijn privacy erase|export NUMBER --tenant T`: erasure and access on request
// (docs/privacy.md) on the command line, against the Redis the config names.
#include <iosfwd>
#include <string>

#include "common/command_line.hpp"
#include "common/config.hpp"

namespace advieslijn::gateway {

struct PrivacyArgs {
    std::string command;  // erase or export
    std::string number;
    std::string tenant;
    ConfigFlags config;
};

// Adds erase and export to `privacy` (the `privacy` command of a parser).
void add_privacy_commands(CLI::App& privacy, PrivacyArgs& args);

// Runs the parsed command: prints one JSON object (export: what is held; erase: what was
// removed, by kind). Exit 0 done (also when nothing was held), 1 Redis unavailable or another
// failure, 2 a bad number or a tenant not in the config (nothing changed).
int run_privacy_cli(const PrivacyArgs& args, const Config& config, std::ostream& out,
                    std::ostream& err);

}  // namespace advieslijn::gateway
