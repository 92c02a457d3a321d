// The one command-line driver: what it prints and returns for help, usage errors and a
// good parse, and the config flags winning over the environment.
#include "common/command_line.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <sstream>

namespace {

using advieslijn::parse_command_line;

struct Parsed {
    std::optional<int> status;
    std::string out;
    std::string err;
};

// A small tree like the real one: tool [go [--speed N] NAME].
struct Tool {
    CLI::App app{"A tool.", "tool"};
    std::string name;
    int speed = 1;
    Tool() {
        app.require_subcommand(1);
        CLI::App* go = app.add_subcommand("go", "Go somewhere");
        go->add_option("NAME", name, "where")->required();
        go->add_option("--speed", speed, "how fast");
    }
    Parsed parse(const std::vector<std::string>& args) {
        std::ostringstream out, err;
        auto status = parse_command_line(app, args, out, err);
        return {status, out.str(), err.str()};
    }
};

TEST(CommandLineDriver, GoodArgumentsLeaveTheRunToTheCaller) {
    Tool t;
    const auto p = t.parse({"go", "home", "--speed", "3"});
    EXPECT_FALSE(p.status);
    EXPECT_EQ(t.name, "home");
    EXPECT_EQ(t.speed, 3);
    EXPECT_EQ(p.out + p.err, "");
}

TEST(CommandLineDriver, HelpGoesToStandardOutputWithExit0) {
    Tool t;
    const auto p = t.parse({"go", "--help"});
    EXPECT_EQ(p.status, 0);
    EXPECT_NE(p.out.find("Usage: tool go [OPTIONS] NAME"), std::string::npos) << p.out;
    EXPECT_EQ(p.err, "");
}

TEST(CommandLineDriver, UsageErrorsAreOneLineOnStandardErrorWithExit2) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"go", "home", "--fast"}, "tool go: unknown argument '--fast' (see 'tool go --help')\n"},
        {{"go", "--fast"},
         "tool go: unknown argument '--fast' (see 'tool go --help')\n"},  // named before NAME
        {{"stay"}, "tool: unknown argument 'stay' (see 'tool --help')\n"},
        {{}, "tool: a command is required (go) (see 'tool --help')\n"},
        {{"go"}, "tool go: NAME is required (see 'tool go --help')\n"},
    };
    for (const auto& [args, message] : cases) {
        Tool t;
        const auto p = t.parse(args);
        EXPECT_EQ(p.status, 2);
        EXPECT_EQ(p.err, message);
        EXPECT_EQ(p.out, "");
    }
    Tool t;
    const auto p = t.parse({"go", "home", "--speed", "fast"});
    EXPECT_EQ(p.status, 2);
    EXPECT_EQ(p.err.rfind("tool go: ", 0), 0U) << p.err;
    EXPECT_NE(p.err.find("--speed"), std::string::npos) << p.err;
}

TEST(CommandLineDriver, ConfigFlagsWinOverTheEnvironmentAndTheFile) {
    CLI::App app{"serve", "serve"};
    advieslijn::ConfigFlags flags;
    advieslijn::add_config_flags(app, flags, true);
    std::ostringstream out, err;
    const std::string file =
        std::string(std::getenv("ADVIESLIJN_SOURCE_DIR")) + "/ops/config/default.json";
    ASSERT_FALSE(parse_command_line(
        app, {"--config", file, "--listen", "127.0.0.1:9191", "--redis", "redis://127.0.0.1:7"},
        out, err))
        << err.str();
    ::setenv("ADVIESLIJN_LISTEN", "127.0.0.1:9292", 1);
    const advieslijn::Config config = advieslijn::load_config(flags);
    ::unsetenv("ADVIESLIJN_LISTEN");
    EXPECT_EQ(config.listen.port, 9191);
    EXPECT_EQ(config.redis.url, "redis://127.0.0.1:7");
    EXPECT_EQ(config.source, file);
}

}  // namespace
