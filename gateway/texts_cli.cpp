#include "gateway/texts_cli.hpp"

#include <CLI/CLI.hpp>
#include <map>
#include <ostream>

#include "knowledge-base/knowledge_base.hpp"
#include "routing/prompts.hpp"
#include "routing/risk.hpp"

namespace advieslijn::gateway {

void add_texts_commands(CLI::App& texts, TextsArgs& args) {
    texts.require_subcommand(1);
    texts.footer("The texts are a folder of <lang>.json files, routing/data/texts in the source (README: Languages).");
    CLI::App* check = texts.add_subcommand(
        "check", "Check every language file: exit 0 when complete, else 1 with one line per problem (file, key)");
    check->add_option("DIR", args.dir, "the texts folder (default: the shipped one)")->type_name("");
    check->add_option("--kb", args.kb, "an article set: every language needs articles")->type_name("DIR");
    check->add_option("--risk", args.risk, "the risk data folder: every language needs risk_<lang>.json")
        ->type_name("DIR");
    check->callback([&args] { args.given = true; });
}

int run_texts_cli(const TextsArgs& a, std::ostream& out, std::ostream& err) {
    const std::filesystem::path dir = a.dir.empty() ? routing::Prompts::default_dir() : std::filesystem::path(a.dir);
    std::vector<FileProblem> problems;
    const routing::Prompts prompts = routing::Prompts::load(dir, problems);
    std::vector<std::string> lines;
    for (const auto& p : problems) lines.push_back(describe(p, "texts", dir.string()));
    std::map<std::string, std::size_t> articles;
    if (!a.kb.empty()) {
        const auto loaded = kb::load(a.kb);
        if (!loaded.kb) {
            lines.push_back(a.kb + ": the article set has problems (see advieslijn kb check)");
        } else {
            for (const auto& article : loaded.kb->articles()) ++articles[article.lang];
            for (const auto& lang : prompts.languages())
                if (!articles.count(lang)) lines.push_back(a.kb + ": no articles in '" + lang + "'");
        }
    }
    if (!a.risk.empty()) {
        try {
            const auto risk = routing::RiskDetector::load(a.risk);
            for (const auto& lang : prompts.languages())
                if (!risk.has_language(lang))
                    lines.push_back(a.risk + ": no risk_" + lang + ".json: the line would not recognise danger in '" +
                                    lang + "'");
        } catch (const ConfigError& e) {
            lines.push_back(e.what());
        }
    }
    if (!lines.empty()) {
        for (const auto& line : lines) err << line << '\n';
        err << lines.size() << (lines.size() == 1 ? " problem" : " problems") << " found\n";
        return 1;
    }
    out << "ok: " << prompts.languages().size() << " languages:";
    for (const auto& lang : prompts.languages()) {
        out << ' ' << lang;
        if (articles.count(lang)) out << " (" << articles[lang] << " articles)";
    }
    out << '\n';
    return 0;
}

}  // namespace advieslijn::gateway
