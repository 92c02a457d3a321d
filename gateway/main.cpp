// advieslijn: the thin entry point. Parses the command line, loads the config and hands
// over to the components.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "common/log.hpp"
#include "common/clock.hpp"
#include "gateway/app.hpp"
#include "gateway/line.hpp"
#include "gateway/user_cli.hpp"
#include "knowledge-base/cli.hpp"

namespace {

constexpr const char* usage = R"(usage:
  advieslijn [serve] [--config FILE] [--listen HOST:PORT] [--redis redis://HOST:PORT]
  advieslijn user add|passwd|disable|list ...   (advieslijn user --help)
  advieslijn kb check DIR
  advieslijn kb query DIR [--lang nl] TEXT
  advieslijn --help | --version

The flags override the config file; so do ADVIESLIJN_LISTEN and REDIS_URL.
)";

// The default config: ADVIESLIJN_CONFIG, else ops/config/default.json from the working
// directory, else next to the source tree the binary was built in.
std::filesystem::path default_config(const char* argv0) {
    if (const char* env = std::getenv("ADVIESLIJN_CONFIG"); env && *env) return env;
    std::filesystem::path local = "ops/config/default.json";
    if (std::filesystem::exists(local)) return local;
    std::error_code ec;
    auto exe = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec) exe = std::filesystem::absolute(argv0);
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path();
         dir = dir.parent_path())
        if (std::filesystem::exists(dir / local)) return dir / local;
    return local;
}

// Takes --config, --listen and --redis out of `args` and loads the config with them (the
// flags win over the file and the environment). The other arguments stay in `args`.
advieslijn::Config load(std::vector<std::string>& args, const char* argv0) {
    std::filesystem::path config_file = default_config(argv0);
    std::string listen, redis;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto value = [&](const char* flag) -> std::string {
            if (i + 1 >= args.size()) throw std::invalid_argument(std::string(flag) + " needs a value");
            return args[++i];
        };
        if (args[i] == "--config") config_file = value("--config");
        else if (args[i] == "--listen") listen = value("--listen");
        else if (args[i] == "--redis") redis = value("--redis");
        else rest.push_back(args[i]);
    }
    args = std::move(rest);
    auto env = [&](const std::string& name) -> std::optional<std::string> {
        if (name == "ADVIESLIJN_LISTEN" && !listen.empty()) return listen;
        if (name == "REDIS_URL" && !redis.empty()) return redis;
        return advieslijn::process_env(name);
    };
    advieslijn::Config config = advieslijn::load_config(config_file, env);
    config.source = std::filesystem::absolute(config_file).lexically_normal().string();
    return config;
}

int serve(std::vector<std::string> args, const char* argv0) {
    advieslijn::Config config = load(args, argv0);
    if (!args.empty()) throw std::invalid_argument("unknown argument '" + args.front() + "'");
    advieslijn::setup_logging(config.log.format, config.log.level);
    spdlog::info("config: {}", config.source);
    for (const auto& w : config.warnings) spdlog::warn("config: {}", w);
    advieslijn::gateway::App app(std::move(config));
    advieslijn::SystemClock clock;
    advieslijn::gateway::Line line(app, clock);
    app.bind();
    return app.run();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
            std::cout << usage;
            return 0;
        }
        if (!args.empty() && args[0] == "--version") {
            std::cout << "advieslijn 0.1\n";
            return 0;
        }
        if (!args.empty() && args[0] == "kb")
            return kb::run_kb_cli({args.begin() + 1, args.end()}, std::cout, std::cerr);
        if (!args.empty() && args[0] == "user") {
            args.erase(args.begin());
            advieslijn::Config config = load(args, argv[0]);
            advieslijn::setup_logging(config.log.format, "warn");
            return advieslijn::gateway::run_user_cli(args, config, std::cin, std::cout, std::cerr);
        }
        if (!args.empty() && args[0] == "serve") args.erase(args.begin());
        return serve(args, argv[0]);
    } catch (const advieslijn::ConfigError& e) {
        std::cerr << "advieslijn: config error: " << e.what() << "\n";
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << "advieslijn: " << e.what() << "\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "advieslijn: cannot start: " << e.what() << "\n";
        return 1;
    }
}
