#include "knowledge-base/cli.hpp"

#include <CLI/CLI.hpp>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "common/command_line.hpp"
#include "knowledge-base/eval.hpp"
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

    CLI::App* eval = kb.add_subcommand(
        "eval",
        "Score the set on labelled questions (lang<TAB>expected id or none<TAB>kind<TAB>text): "
        "top-1, recall@3, false answers and out-of-scope refusals, per language");
    eval->add_option("DIR", args.dir, "the article directory")->required()->type_name("");
    eval->add_option("QUERIES", args.queries, "the labelled questions (TSV)")
        ->required()
        ->type_name("")
        ->check(non_empty);
    eval->add_option("--tenant", args.tenant, "a tenant's own articles, on top of DIR")
        ->type_name("DIR")
        ->check(non_empty);
    eval->add_flag("-v,--verbose", args.verbose, "list every miss");
    eval->add_flag("--ceiling", args.ceiling,
                   "also print the best none gates in hindsight: coverage and score floors searched "
                   "on these very questions (a bound for analysis, not a result)");
    const auto share = CLI::Range(0.0, 1.0);
    eval->add_option("--min-top1", args.min_top1, "exit 1 when top-1 falls below this share")
        ->type_name("R")
        ->check(share);
    eval->add_option("--max-false-answers", args.max_false_answers,
                     "exit 1 when false answers exceed this share of all questions")
        ->type_name("R")
        ->check(share);
    eval->add_option("--min-refused", args.min_refused,
                     "exit 1 when fewer out-of-scope questions than this share get none")
        ->type_name("R")
        ->check(share);
    eval->callback([&args] { args.command = "eval"; });
}

int run_kb_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CLI::App kb("Check and try a knowledge-base article set without a server.", "advieslijn kb");
    CliArgs parsed;
    add_cli_commands(kb, parsed);
    if (auto status = advieslijn::parse_command_line(kb, args, out, err)) return *status;
    return run_cli(parsed, out, err);
}

namespace {

int run_eval(const KnowledgeBase& kb, const CliArgs& a, std::ostream& out, std::ostream& err) {
    std::vector<eval::Query> queries;
    try {
        queries = eval::read_queries(a.queries);
    } catch (const std::exception& e) {
        err << e.what() << '\n';
        return 2;
    }
    if (queries.empty()) {
        err << a.queries << ": holds no questions\n";
        return 2;
    }
    std::map<std::string, int> langs;
    for (const auto& q : queries) ++langs[q.lang];
    for (const auto& [lang, n] : langs) {
        const auto& t = kb.thresholds(lang);
        out << fmt::format("thresholds {}: min_coverage {:.2f}, min_score {:.2f}, answer_coverage {:.2f}, "
                           "answer_margin {:.2f}\n",
                           lang, t.min_coverage, t.min_score, t.answer_coverage, t.answer_margin);
    }
    auto outcomes = eval::run(kb, queries);
    std::vector<std::string> misses;
    auto all = eval::score(outcomes, kb, &misses);
    for (const auto& [lang, n] : langs) {
        out << lang << ": " << eval::to_string(eval::score(outcomes, kb, nullptr, lang)) << '\n';
    }
    out << "all: " << eval::to_string(all) << '\n';
    if (a.ceiling) {
        // The issue's targets for the knowledge base (docs/knowledge-base.md).
        constexpr double target_refused = 0.85;
        constexpr double target_top1 = 0.90;
        out << "ceiling: "
            << eval::to_string(eval::ceiling(outcomes, target_refused, target_top1), target_refused, target_top1)
            << '\n';
    }
    if (a.verbose) {
        for (const auto& m : misses) out << "  miss: " << m << '\n';
    }
    int status = 0;
    auto below = [&](bool failed, const std::string& what) {
        if (!failed) return;
        err << "below the floor: " << what << '\n';
        status = 1;
    };
    if (a.min_top1) below(all.top1_rate() < *a.min_top1, fmt::format("top-1 < {}", *a.min_top1));
    if (a.max_false_answers) {
        below(all.false_answer_rate() > *a.max_false_answers,
              fmt::format("false answers > {}", *a.max_false_answers));
    }
    if (a.min_refused) {
        below(all.refused_rate() < *a.min_refused, fmt::format("out of scope refused < {}", *a.min_refused));
    }
    return status;
}

}  // namespace

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
    if (a.command == "eval") return run_eval(*loaded.kb, a, out, err);
    // Unquoted words are one question: `kb query DIR mijn baby huilt`.
    std::string text;
    for (const auto& word : a.words) text += (text.empty() ? "" : " ") + word;
    out << to_json(loaded.kb->search(a.lang, text, max_cli_results)) << '\n';
    return 0;
}

}  // namespace kb
