#pragma once
// `advieslijn texts check [DIR] [--kb DIR] [--risk DIR]`: lets a translator check a language
// before it goes live: every text of every file, and with --kb / --risk that each language
// also has articles and risk signals (the line refuses to start for a tenant language
// without them).
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace advieslijn::gateway {

struct TextsArgs {
    bool given = false;
    std::string dir;   // empty: the shipped texts
    std::string kb;    // an article set; empty: not checked
    std::string risk;  // a folder of risk_<lang>.json; empty: not checked
};

void add_texts_commands(CLI::App& texts, TextsArgs& args);

// 0 when complete; 1 with one line per problem (file, key) on err.
int run_texts_cli(const TextsArgs& args, std::ostream& out, std::ostream& err);

}  // namespace advieslijn::gateway
