#include "routing/risk_cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "common/config.hpp"
#include "routing/risk.hpp"

namespace advieslijn::routing {
namespace {

struct Tally {
    std::size_t total = 0;
    std::size_t flagged = 0;
};

std::string share(const Tally& t) {
    if (t.total == 0) return "-";
    return fmt::format("{:5.1f} % ({}/{})", 100.0 * t.flagged / t.total, t.flagged, t.total);
}

int check(const RiskDetector& detector, const RiskCliArgs& a, std::ostream& out) {
    std::string text;
    for (const auto& w : a.words) text += (text.empty() ? "" : " ") + w;
    const RiskResult r = detector.detect(a.lang, text);
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& m : r.matches)
        matches.push_back({{"signal", m.signal}, {"category", m.category}, {"phrase", m.phrase}});
    out << nlohmann::json{{"lang", a.lang},
                          {"outcome", r.any() ? "urgent" : "none"},
                          {"categories", r.categories()},
                          {"matches", std::move(matches)}}
               .dump()
        << '\n';
    return 0;
}

int eval(const RiskDetector& detector, const RiskCliArgs& a, std::ostream& out, std::ostream& err,
         const KbSearch& kb) {
    Tenant tenant;  // any tenant that speaks both languages
    tenant.id = "eval";
    tenant.languages = {"nl", "en"};
    std::ifstream in(a.file);
    if (!in) {
        err << "advieslijn risk eval: cannot read " << a.file << '\n';
        return 1;
    }
    std::map<std::string, Tally> by_label, by_category, by_lang_urgent;
    std::string line;
    std::size_t number = 0;
    for (; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        for (std::size_t start = 0;;) {
            const auto tab = line.find('\t', start);
            cols.push_back(line.substr(start, tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (cols.size() != 4 || (cols[1] != "urgent" && cols[1] != "concern" && cols[1] != "none")) {
            err << a.file << ":" << number + 1 << ": expected lang, urgent|concern|none, category, text\n";
            return 1;
        }
        const bool flagged =
            kb ? route(detector, kb, tenant, Channel::chat, cols[0], cols[3]).kind == Decision::Kind::urgent
               : detector.detect(cols[0], cols[3]).any();
        auto count = [&](Tally& t) { ++t.total; t.flagged += flagged ? 1 : 0; };
        count(by_label[cols[1]]);
        if (cols[1] != "none") count(by_category[cols[1] + " " + cols[2]]);
        if (cols[1] == "urgent") count(by_lang_urgent[cols[0]]);
        const bool wrong = (cols[1] == "none") == flagged;
        if (a.verbose && wrong)
            out << (flagged ? "false alarm" : "missed     ") << '\t' << cols[1] << '\t' << cols[2]
                << '\t' << cols[3] << '\n';
    }
    out << fmt::format("{}: flagged urgent by {}\n", a.file,
                       kb ? "routing (phrase lists, then crisis articles of " + a.kb + ")" : std::string("the phrase lists"));
    out << fmt::format("  urgent  (recall)       {}\n", share(by_label["urgent"]));
    for (const auto& [lang, t] : by_lang_urgent) out << fmt::format("    {:<20} {}\n", lang, share(t));
    out << fmt::format("  concern (flagged)      {}\n", share(by_label["concern"]));
    out << fmt::format("  none    (false alarms) {}\n", share(by_label["none"]));
    out << "  by expected category:\n";
    for (const auto& [category, t] : by_category) out << fmt::format("    {:<30} {}\n", category, share(t));
    const Tally& urgent = by_label["urgent"];
    const double recall = urgent.total ? static_cast<double>(urgent.flagged) / urgent.total : 1.0;
    if (recall < a.min_urgent_recall) {
        err << fmt::format("urgent recall {:.1f} % is below the floor of {:.1f} %\n", 100 * recall,
                           100 * a.min_urgent_recall);
        return 1;
    }
    return 0;
}

}  // namespace

void add_risk_commands(CLI::App& risk, RiskCliArgs& args) {
    risk.require_subcommand(1);
    risk.footer("The risk data is a directory of risk_<lang>.json files (docs/routing.md).");
    auto data = [&args](CLI::App* c) {
        c->add_option("--data", args.data, "risk data directory (default: the built-in one)")
            ->type_name("DIR");
    };
    CLI::App* check = risk.add_subcommand(
        "check", "Print the outcome, the categories and what matched, as one JSON object");
    check->add_option("TEXT", args.words, "the message (quoted, or as separate words)")
        ->required()
        ->type_name("");
    check->add_option("--lang", args.lang, "language of the message")->type_name("LANG")->capture_default_str();
    data(check);
    check->callback([&args] { args.command = "check"; });

    CLI::App* ev = risk.add_subcommand(
        "eval", "Score a labelled TSV (lang, label, category, text) per label and category");
    ev->add_option("FILE", args.file, "the labelled messages")->required()->type_name("");
    ev->add_option("--min-urgent-recall", args.min_urgent_recall,
                   "exit 1 when fewer urgent messages than this share (0 to 1) are flagged")
        ->type_name("SHARE")
        ->check(CLI::Range(0.0, 1.0));
    ev->add_flag("-v,--verbose", args.verbose, "list every message scored wrongly");
    ev->add_option("--kb", args.kb,
                   "an article set: score routing as the line runs it (crisis articles count)")
        ->type_name("DIR");
    data(ev);
    ev->callback([&args] { args.command = "eval"; });
}

int run_risk_cli(const RiskCliArgs& a, std::ostream& out, std::ostream& err, const KbSearch& kb) {
    try {
        const RiskDetector detector =
            RiskDetector::load(a.data.empty() ? RiskDetector::default_data_dir() : std::filesystem::path(a.data));
        return a.command == "check" ? check(detector, a, out) : eval(detector, a, out, err, kb);
    } catch (const ConfigError& e) {
        err << "advieslijn risk: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace advieslijn::routing
