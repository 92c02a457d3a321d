#include "common/command_line.hpp"

#include "common/install_paths.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <ostream>

namespace advieslijn {

namespace {

// The commands that were selected, outermost first: {advieslijn, user, add}.
std::vector<const CLI::App*> selected_chain(const CLI::App& app) {
    std::vector<const CLI::App*> chain{&app};
    while (!chain.back()->get_subcommands().empty())
        chain.push_back(chain.back()->get_subcommands().front());
    return chain;
}

// CLI11's message, reworded where it does not name what is wrong. An unknown argument is
// named first, even when CLI11 noticed a missing one before: `--rol x` is the mistake, not the
// missing --role.
std::string describe(const CLI::ParseError& e, const std::vector<const CLI::App*>& chain) {
    for (const CLI::App* a : chain)
        if (a->remaining_size(false) > 0)
            return "unknown argument '" + a->remaining(false).front() + "'";
    const std::string what = e.what();
    if (dynamic_cast<const CLI::RequiredError*>(&e) &&
        (what.starts_with("A subcommand") || what.starts_with("Requires at least"))) {
        std::string names;
        for (const CLI::App* sub :
             chain.back()->get_subcommands([](const CLI::App*) { return true; }))
            names += (names.empty() ? "" : ", ") + sub->get_name();
        return "a command is required (" + names + ")";
    }
    return what;
}

// ADVIESLIJN_CONFIG, else ops/config/default.json from the working directory, else the
// installed default (<prefix>/share/advieslijn/config/default.json), else next to the source
// tree the binary was built in.
std::filesystem::path default_config() {
    if (const char* env = std::getenv("ADVIESLIJN_CONFIG"); env && *env) return env;
    std::filesystem::path local = "ops/config/default.json";
    if (std::filesystem::exists(local)) return local;
    // Before the walk up from the binary: an installed binary must not find a source tree
    // its prefix happens to sit in.
    if (const auto share = installed_data_dir())
        if (std::filesystem::exists(*share / "config" / "default.json"))
            return *share / "config" / "default.json";
    std::error_code ec;
    const auto exe = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec) return local;
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path();
         dir = dir.parent_path())
        if (std::filesystem::exists(dir / local)) return dir / local;
    return local;
}

}  // namespace

std::optional<int> parse_command_line(CLI::App& app, const std::vector<std::string>& args,
                                      std::ostream& out, std::ostream& err) {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // as CLI11 takes them
    try {
        app.parse(reversed);
        return std::nullopt;
    } catch (const CLI::Success& e) {  // --help, --version
        app.exit(e, out, err);
        return 0;
    } catch (const CLI::ParseError& e) {
        const auto chain = selected_chain(app);
        std::string path;
        for (const CLI::App* a : chain) path += (path.empty() ? "" : " ") + a->get_name();
        err << path << ": " << describe(e, chain) << " (see '" << path << " --help')\n";
        return usage_error_status;
    }
}

void add_config_flags(CLI::App& command, ConfigFlags& flags, bool with_listen) {
    command
        .add_option("--config", flags.file,
                    "config file (default: $ADVIESLIJN_CONFIG, else ops/config/default.json)")
        ->type_name("FILE");
    if (with_listen)
        command
            .add_option("--listen", flags.listen, "address to listen on, over $ADVIESLIJN_LISTEN")
            ->type_name("HOST:PORT");
    command.add_option("--redis", flags.redis, "Redis to use, over $REDIS_URL and the file")
        ->type_name("redis://HOST:PORT");
}

Config load_config(const ConfigFlags& flags) {
    const std::filesystem::path file =
        flags.file.empty() ? default_config() : std::filesystem::path(flags.file);
    auto env = [&](const std::string& name) -> std::optional<std::string> {
        if (name == "ADVIESLIJN_LISTEN" && !flags.listen.empty()) return flags.listen;
        if (name == "REDIS_URL" && !flags.redis.empty()) return flags.redis;
        return process_env(name);
    };
    Config config = load_config(file, env);
    config.source = std::filesystem::absolute(file).lexically_normal().string();
    return config;
}

}  // namespace advieslijn
