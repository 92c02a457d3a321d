// advieslijn-kb: the `kb` subcommand on its own, for editors and end-to-end tests of the CLI.
#include <iostream>

#include "knowledge-base/cli.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return kb::run_kb_cli(args, std::cout, std::cerr);
}
