// advieslijn: the thin entry point. Parses the command line, loads the config and hands
// over to the components.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/command_line.hpp"
#include "common/config.hpp"
#include "common/log.hpp"
#include "gateway/app.hpp"
#include "gateway/gaps_cli.hpp"
#include "gateway/texts_cli.hpp"
#include "gateway/line.hpp"
#include "gateway/privacy_cli.hpp"
#include "gateway/user_cli.hpp"
#include "contact/knowledge.hpp"
#include "knowledge-base/cli.hpp"
#include "routing/risk_cli.hpp"
#include "social-map/cli.hpp"

#ifndef ADVIESLIJN_VERSION
#error "ADVIESLIJN_VERSION comes from CMake's project(VERSION)"
#endif

// jemalloc (linked unless built with sanitizers, gateway/CMakeLists.txt) reads this at start-up:
// a background thread hands freed pages back to the system after their decay time, also while
// the process is otherwise idle. Without it jemalloc purges only while it allocates, so after
// 10,000 chat sockets closed the RSS stayed at their peak (issue 19). MALLOC_CONF in the
// environment still overrides it.
extern "C" {
// NOLINTNEXTLINE(readability-identifier-naming): the name is jemalloc's.
const char* malloc_conf = "background_thread:true";
}

namespace {

int serve(const advieslijn::ConfigFlags& flags) {
    advieslijn::Config config = advieslijn::load_config(flags);
    advieslijn::setup_logging(config.log.format, config.log.level);
    spdlog::info("config: {}", config.source);
    for (const auto& w : config.warnings) spdlog::warn("config: {}", w);
    advieslijn::gateway::App app(std::move(config));
    advieslijn::SystemClock clock;
    advieslijn::gateway::Line line(app, clock);
    app.bind();
    return app.run();
}

int run_risk(const advieslijn::routing::RiskCliArgs& args) {
    advieslijn::routing::KbSearch search;
    std::optional<kb::Library> library;
    if (!args.kb.empty()) {
        library.emplace(args.kb);
        const auto problems = library->reload();
        for (const auto& p : problems) std::cerr << kb::to_string(p) << '\n';
        if (!library->current()) return 1;
        search = [&library](const advieslijn::Tenant&, std::string_view lang, std::string_view text) {
            return advieslijn::contact::search_for_routing(*library, lang, text);
        };
    }
    return advieslijn::routing::run_risk_cli(args, std::cout, std::cerr, search);
}

// `serve` is the default command: `advieslijn --listen X` is `advieslijn serve --listen X`.
std::vector<std::string> with_default_command(std::vector<std::string> args) {
    if (!args.empty() && args[0] == "help") args[0] = "--help";
    if (!args.empty())
        for (const char* top_level : {"serve", "user", "privacy", "kb", "map", "risk", "texts", "-h", "--help", "--version"})
            if (args[0] == top_level) return args;
    args.insert(args.begin(), "serve");
    return args;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli("Advieslijn: the advice line's server, its accounts and its knowledge base.",
                 "advieslijn");
    cli.set_version_flag("--version", "advieslijn " ADVIESLIJN_VERSION,
                         "Print the version and exit");
    cli.require_subcommand(1);
    cli.footer("Without a command, advieslijn serves. `advieslijn COMMAND --help` tells more.");

    advieslijn::ConfigFlags serve_flags;
    CLI::App* serve_command = cli.add_subcommand("serve", "Run the server (the default command)");
    add_config_flags(*serve_command, serve_flags, /*with_listen=*/true);
    serve_command->footer(
        "The flags override the config file, and so do ADVIESLIJN_LISTEN, REDIS_URL,\n"
        "ADVIESLIJN_PUBLIC_URL, ADVIESLIJN_THREADS, ADVIESLIJN_LOG_FORMAT and the tenants'\n"
        "token variables (README: Running it). A bad config exits 2.");

    advieslijn::gateway::UserArgs user_args;
    advieslijn::gateway::add_user_commands(
        *cli.add_subcommand("user", "Manage the specialists' and supervisors' accounts (in Redis)"),
        user_args);

    advieslijn::gateway::PrivacyArgs privacy_args;
    advieslijn::gateway::add_privacy_commands(
        *cli.add_subcommand("privacy", "Erase a phone number, or export what is held about it"),
        privacy_args);

    kb::CliArgs kb_args;
    CLI::App* kb_command = cli.add_subcommand("kb", "Check and try a knowledge-base article set");
    kb::add_cli_commands(*kb_command, kb_args);
    // `kb gaps` reads Redis, so it is added here rather than in knowledge-base/.
    advieslijn::gateway::GapsArgs gaps_args;
    advieslijn::gateway::add_gaps_command(*kb_command, gaps_args);

    advieslijn::social_map::CliArgs map_args;
    advieslijn::social_map::add_cli_commands(
        *cli.add_subcommand("map", "Check and try a digital social map (local services)"), map_args);

    advieslijn::gateway::TextsArgs texts_args;
    advieslijn::gateway::add_texts_commands(
        *cli.add_subcommand("texts", "Check the language files: what the line says and shows"), texts_args);

    advieslijn::routing::RiskCliArgs risk_args;
    advieslijn::routing::add_risk_commands(
        *cli.add_subcommand("risk", "Try the risk triage on a message, or score it on a labelled file"),
        risk_args);

    if (auto status = advieslijn::parse_command_line(
            cli, with_default_command({argv + 1, argv + argc}), std::cout, std::cerr))
        return *status;
    try {
        if (gaps_args.given) {
            advieslijn::Config config = advieslijn::load_config(gaps_args.config);
            advieslijn::setup_logging(config.log.format, "warn");
            return advieslijn::gateway::run_gaps_cli(gaps_args, config, std::cout, std::cerr);
        }
        if (!kb_args.command.empty()) return kb::run_cli(kb_args, std::cout, std::cerr);
        if (!map_args.command.empty()) return advieslijn::social_map::run_cli(map_args, std::cout, std::cerr);
        if (!risk_args.command.empty()) return run_risk(risk_args);
        if (texts_args.given) return advieslijn::gateway::run_texts_cli(texts_args, std::cout, std::cerr);
        if (!user_args.command.empty()) {
            advieslijn::Config config = advieslijn::load_config(user_args.config);
            advieslijn::setup_logging(config.log.format, "warn");
            return advieslijn::gateway::run_user_cli(user_args, config, std::cin, std::cout,
                                                     std::cerr);
        }
        if (!privacy_args.command.empty()) {
            advieslijn::Config config = advieslijn::load_config(privacy_args.config);
            advieslijn::setup_logging(config.log.format, "warn");
            return advieslijn::gateway::run_privacy_cli(privacy_args, config, std::cout, std::cerr);
        }
        return serve(serve_flags);
    } catch (const advieslijn::ConfigError& e) {
        std::cerr << "advieslijn: config error: " << e.what() << "\n";
        return advieslijn::usage_error_status;
    } catch (const std::exception& e) {
        std::cerr << "advieslijn: cannot start: " << e.what() << "\n";
        return 1;
    }
}
