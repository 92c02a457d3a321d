#include "knowledge-base/cli.hpp"

#include <CLI/CLI.hpp>
#include <map>
#include <optional>

#include "common/command_line.hpp"
#include "knowledge-base/knowledge_base.hpp"

namespace kb {
namespace {

constexpr std::size_t max_cli_results = 5;

}  // namespace

void add_cli_commands(CLI::App& kb, CliArgs& args) {
    kb.require_subcommand(1);
    kb.footer("An article set is a directory of *.json files (docs/knowledge-base.md).");
    const auto non_empty = [](const std::string& v) {
        return v.empty() ? std::string("must not be empty") : "";
    };

    CLI::App* check = kb.add_subcommand("check",
                                        "Validate an article set: exit 0 when valid, else 1 "
                                        "with one line per problem (file, article id, field)");
    check->add_option("DIR", args.dir, "the article directory")->required()->type_name("");
    check->add_option("--tenant", args.tenant, "a tenant's own articles, checked on top of DIR")
        ->type_name("DIR")
        ->check(non_empty);
    check->callback([&args] { args.command = "check"; });

    CLI::App* query =
        kb.add_subcommand("query",
                          "Print the decision (answer, ambiguous, none) for a question "
                          "and at most 5 articles, as one JSON object");
    query->add_option("DIR", args.dir, "the article directory")->required()->type_name("");
    query->add_option("TEXT", args.words, "the question (quoted, or as separate words)")
        ->required()
        ->type_name("")
        ->check(non_empty);
    query->add_option("--lang", args.lang, "language of the question")
        ->type_name("LANG")
        ->capture_default_str()
        ->check(non_empty);
    query->add_option("--tenant", args.tenant, "a tenant's own articles, on top of DIR")
        ->type_name("DIR")
        ->check(non_empty);
    query->callback([&args] { args.command = "query"; });
}

int run_kb_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CLI::App kb("Check and try a knowledge-base article set without a server.", "advieslijn kb");
    CliArgs parsed;
    add_cli_commands(kb, parsed);
    if (auto status = advieslijn::parse_command_line(kb, args, out, err)) return *status;
    return run_cli(parsed, out, err);
}

int run_cli(const CliArgs& a, std::ostream& out, std::ostream& err) {
    std::optional<std::filesystem::path> tenant;
    if (!a.tenant.empty()) tenant = a.tenant;
    auto loaded = load(a.dir, tenant);
    if (!loaded.kb) {
        for (const auto& p : loaded.problems) err << to_string(p) << '\n';
        err << loaded.problems.size() << (loaded.problems.size() == 1 ? " problem" : " problems")
            << " found\n";
        return 1;
    }
    if (a.command == "check") {
        std::map<std::string, std::size_t> per_lang;
        for (const auto& art : loaded.kb->articles()) ++per_lang[art.lang];
        out << "ok: " << loaded.kb->articles().size() << " articles (";
        bool first = true;
        for (const auto& [lang, n] : per_lang) {
            out << (first ? "" : ", ") << lang << ": " << n;
            first = false;
        }
        out << ")\n";
        return 0;
    }
    // Unquoted words are one question: `kb query DIR mijn baby huilt`.
    std::string text;
    for (const auto& word : a.words) text += (text.empty() ? "" : " ") + word;
    out << to_json(loaded.kb->search(a.lang, text, max_cli_results)) << '\n';
    return 0;
}

}  // namespace kb
