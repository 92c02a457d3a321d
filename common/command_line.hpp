#pragma once
// The command line of every advieslijn program: one CLI11 parser, one way to report what it
// found (help and version on standard output with exit 0; a usage error as one line naming
// the option, exit 2), and the flags every command that reads the config shares.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "common/config.hpp"

namespace CLI {
class App;
}

namespace advieslijn {

// Exit status of a usage error (unknown option, missing argument), as of a config error.
inline constexpr int usage_error_status = 2;

// Parses `args` (without the program name) into `app`. Returns the exit status when the
// program should stop here: 0 after --help or --version (printed on `out`), 2 after a usage
// error (one line on `err`). std::nullopt: run the command that was selected.
std::optional<int> parse_command_line(CLI::App& app, const std::vector<std::string>& args,
                                      std::ostream& out, std::ostream& err);

// --config, --redis and (for `serve`) --listen. They win over the file and the environment.
struct ConfigFlags {
    std::string file;
    std::string listen;
    std::string redis;
};
void add_config_flags(CLI::App& command, ConfigFlags& flags, bool with_listen);

// Loads the config the flags name: --config, else ADVIESLIJN_CONFIG, else
// ops/config/default.json in the working directory or in the source tree the binary was
// built in. Throws ConfigError as load_config does.
Config load_config(const ConfigFlags& flags);

}  // namespace advieslijn
