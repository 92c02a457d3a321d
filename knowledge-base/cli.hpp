#pragma once

// `advieslijn kb ...`: lets content editors check and try an article set without a server.

#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kb {

// What `kb check` or `kb query` was given.
struct CliArgs {
    std::string command;  // "check" or "query"
    std::string dir;
    std::string tenant;  // a tenant's own articles, empty for none
    std::string lang = "nl";
    std::vector<std::string> words;  // the question, one word per argument or all in one
};

// Adds `check` and `query` to `kb` (the `kb` command of a parser); parsing fills `args`.
void add_cli_commands(CLI::App& kb, CliArgs& args);

// Runs the parsed command:
//   check DIR [--tenant DIR]                 exit 0 when valid; else 1, one line per problem
//   query DIR [--lang L] [--tenant DIR] TEXT one JSON object on out (at most 5 results)
int run_cli(const CliArgs& args, std::ostream& out, std::ostream& err);

// args are the words after `kb`, parsed as `advieslijn kb` parses them and run. Usage errors
// exit 2, --help exits 0.
int run_kb_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kb
