#pragma once
// `advieslijn map ...`: lets editors check and try a social map without a server.
#include <optional>
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace advieslijn::social_map {

struct CliArgs {
    std::string command;  // "check" or "search"
    std::string dir;
    std::string kb;  // check: an article set whose topics the services must use; empty: none
    std::string topic;
    std::string risk;  // comma-separated categories
    std::optional<int> age;
    std::string postcode;
    std::string area;  // search: the default area (a municipality); empty: the first of areas.json
    std::size_t limit = 10;
};

// Adds `check` and `search` to `map` (a command of a parser); parsing fills `args`.
void add_cli_commands(CLI::App& map, CliArgs& args);

// Runs the parsed command:
//   check DIR [--kb DIR]   exit 0 when valid; else 1, one line per problem (file, id, field)
//   search DIR [--topic T] [--risk R,...] [--age N] [--postcode PC] [--area NAME] [--limit N]
//                          one JSON object on out; 1 when the map has problems, 2 for bad input
int run_cli(const CliArgs& args, std::ostream& out, std::ostream& err);

}  // namespace advieslijn::social_map
