#pragma once

// `advieslijn kb ...`: lets content editors check and try an article set without a server.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kb {

// What `kb check`, `kb query` or `kb eval` was given.
struct CliArgs {
    std::string command;  // "check", "query" or "eval"
    std::string dir;
    std::string tenant;  // a tenant's own articles, empty for none
    std::string lang = "nl";
    std::vector<std::string> words;  // the question, one word per argument or all in one
    std::string queries;             // eval: the labelled questions (TSV)
    bool verbose = false;            // eval: list the misses
    bool ceiling = false;            // eval: the best `none` gates in hindsight (analysis)
    // eval: exit 1 when the whole set falls outside one of these (shares, 0..1)
    std::optional<double> min_top1;
    std::optional<double> max_false_answers;
    std::optional<double> min_refused;
};

// Adds `check`, `query` and `eval` to `kb` (the `kb` command of a parser); parsing fills `args`.
void add_cli_commands(CLI::App& kb, CliArgs& args);

// Runs the parsed command:
//   check DIR [--tenant DIR]                 exit 0 when valid; else 1, one line per problem
//   query DIR [--lang L] [--tenant DIR] TEXT one JSON object on out (at most 5 results)
//   eval DIR QUERIES [--tenant DIR] [-v] [--ceiling] [--min-top1 R] [--max-false-answers R] [--min-refused R]
//                                            the scores per language; exit 1 below a floor,
//                                            2 when QUERIES is unreadable or malformed
int run_cli(const CliArgs& args, std::ostream& out, std::ostream& err);

// args are the words after `kb`, parsed as `advieslijn kb` parses them and run. Usage errors
// exit 2, --help exits 0.
int run_kb_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kb
