#include "routing/risk_cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <map>

#include "common/config.hpp"
#include "routing/risk.hpp"
#include "routing/risk_model.hpp"

namespace advieslijn::routing {
namespace {

struct Tally {
    std::size_t total = 0;
    std::size_t urgent = 0;    // outcome urgent
    std::size_t concern = 0;   // outcome concern
    std::size_t answered = 0;  // a bot answer or choices (only with --kb)
    void add(std::string_view outcome) {
        ++total;
        urgent += outcome == "urgent";
        concern += outcome == "concern";
        answered += outcome == "answered";
    }
};

std::string share(std::size_t n, std::size_t total) {
    if (total == 0) return "-";
    return fmt::format("{:5.1f} % ({}/{})", 100.0 * n / total, n, total);
}

std::string message_of(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    return text;
}

int check(const RiskDetector& detector, const RiskCliArgs& a, std::ostream& out) {
    const RiskResult r = detector.detect(a.lang, message_of(a.words));
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& m : r.matches)
        matches.push_back({{"signal", m.signal}, {"category", m.category}, {"phrase", m.phrase}});
    nlohmann::json report{{"lang", a.lang},
                          {"outcome", to_string(r.level)},
                          {"categories", r.level == RiskLevel::none ? std::vector<std::string>{}
                                                                    : r.categories()},
                          {"matches", std::move(matches)}};
    // The calm cue that lowered the outcome, so an editor sees why "zelfmoord" was no alarm.
    if (!r.calm.empty()) report["calm"] = r.calm;
    // An act the calm cue cleared: no alarm, but a specialist, not the bot, answers it.
    if (r.cleared) report["cleared"] = true;
    // The phrases a negation undid ("hij slaat me niet"), so an editor sees why one did not count.
    if (!r.denied.empty()) {
        nlohmann::json denied = nlohmann::json::array();
        for (const auto& m : r.denied) denied.push_back({{"signal", m.signal}, {"category", m.category}});
        report["denied"] = std::move(denied);
    }
    out << report.dump() << '\n';
    return 0;
}

struct Outcome {
    std::string what;  // urgent, concern, answered (an article or choices) or none (a callback offer)
    std::vector<std::string> categories;  // the kinds of risk a specialist is told
    std::string reason;                   // which layer decided (the decision's reason)
    std::vector<std::string> signals;     // the signals matched ("model": the classifier)
    double model_risk = -1;               // the classifier's urgent + concern; -1: not asked
};

// "a,b,c" (fmt::join), for the one-line listings of -v and --each.
std::string comma_list(const std::vector<std::string>& v) { return fmt::format("{}", fmt::join(v, ",")); }

std::vector<std::string> signals_of(const RiskResult& r) {
    std::vector<std::string> ids;
    for (const auto& m : r.matches)
        if (std::find(ids.begin(), ids.end(), m.signal) == ids.end()) ids.push_back(m.signal);
    return ids;
}

// What the line does with one message.
Outcome outcome_of(const RiskDetector& detector, const KbSearch& kb, const Tenant& tenant,
                   const RiskExample& e) {
    if (!kb) {
        const RiskResult r = detector.detect(e.lang, e.text);
        return {std::string(to_string(r.level)), r.categories(), "risk", signals_of(r), r.model_risk};
    }
    const Decision d = route(detector, kb, tenant, Channel::chat, e.lang, e.text);
    switch (d.kind) {
        case Decision::Kind::urgent:
            return {"urgent", d.risk.categories(), d.reason, signals_of(d.risk), d.risk.model_risk};
        case Decision::Kind::answer:
        case Decision::Kind::choose: return {"answered", {}, d.reason, {}, d.risk.model_risk};
        default:
            return {d.risk.concern() ? "concern" : "none", d.risk.categories(), d.reason, signals_of(d.risk),
                    d.risk.model_risk};
    }
}

// Scores one labelled file; 1 when it falls short of a limit the arguments set.
int eval_file(const RiskDetector& detector, const RiskCliArgs& a, const std::string& file,
              const std::vector<RiskExample>& examples, std::ostream& out, std::ostream& err,
              const KbSearch& kb) {
    Tenant tenant;  // any tenant that speaks both languages
    tenant.id = "eval";
    tenant.languages = {"nl", "en"};
    std::map<std::string, Tally> by_label, by_category, by_lang_urgent, by_lang_none;
    std::map<std::string, std::size_t> false_alarm_by_reason;  // which layer raised them
    std::size_t flagged_risk = 0, category_named = 0;  // urgent and concern messages flagged
    for (const auto& e : examples) {
        const Outcome o = outcome_of(detector, kb, tenant, e);
        const std::string& outcome = o.what;
        if (e.label != "none" && (outcome == "urgent" || outcome == "concern")) {
            ++flagged_risk;
            const bool named = std::find(o.categories.begin(), o.categories.end(), e.category) != o.categories.end();
            category_named += named;
            if (a.verbose && !named)
                out << "category " << comma_list(o.categories) << '\t' << e.label << '\t' << e.category << '\t'
                    << e.text << '\n';
        }
        by_label[e.label].add(outcome);
        if (e.label != "none") by_category[e.label + " " + e.category].add(outcome);
        if (e.label == "urgent") by_lang_urgent[e.lang].add(outcome);
        if (e.label == "none") by_lang_none[e.lang].add(outcome);
        const bool flagged = outcome == "urgent" || outcome == "concern";
        const bool wrong = e.label == "none" ? flagged : e.label == "urgent" ? outcome != "urgent" : !flagged;
        if (e.label == "none" && flagged) ++false_alarm_by_reason[o.reason];
        if (a.verbose && wrong)
            out << outcome << " (" << o.reason << ")" << '\t' << e.label << '\t' << e.category << '\t' << e.text << '\n';
        if (a.each) {
            const auto listed = [](const std::vector<std::string>& v) { return v.empty() ? "-" : comma_list(v); };
            const std::string p = o.model_risk < 0 ? "-" : fmt::format("{:.2f}", o.model_risk);
            out << fmt::format("{} ({}) {} [{}] p={}\t{}\t{}\t{}\n", outcome, o.reason, listed(o.categories),
                               listed(o.signals), p, e.label, e.category, e.text);
        }
    }
    out << fmt::format("{}: {}\n", file,
                       kb ? "routing as the line runs it (risk layers, then the articles of " + a.kb + ")"
                          : std::string(detector.has_model() ? "phrase lists and classifier" : "phrase lists"));
    const Tally& u = by_label["urgent"];
    out << fmt::format("  urgent  -> urgent (recall)      {}\n", share(u.urgent, u.total));
    for (const auto& [lang, t] : by_lang_urgent) out << fmt::format("    {:<29} {}\n", lang, share(t.urgent, t.total));
    out << fmt::format("  urgent  -> urgent or concern    {}\n", share(u.urgent + u.concern, u.total));
    if (kb) out << fmt::format("  urgent  -> answer or choices    {}\n", share(u.answered, u.total));
    const Tally& c = by_label["concern"];
    out << fmt::format("  concern -> urgent or concern    {}\n", share(c.urgent + c.concern, c.total));
    const Tally& n = by_label["none"];
    out << fmt::format("  none    -> flagged (false alarm) {}\n", share(n.urgent + n.concern, n.total));
    out << fmt::format("    of which urgent               {}\n", share(n.urgent, n.total));
    if (by_lang_none.size() > 1)
        for (const auto& [lang, t] : by_lang_none)
            out << fmt::format("    {:<29} {}\n", lang, share(t.urgent + t.concern, t.total));
    for (const auto& [reason, count] : false_alarm_by_reason)
        out << fmt::format("    raised by {:<19} {}\n", reason, share(count, n.total));
    // A specialist is told what kind of risk to expect: the expected one among those named.
    out << fmt::format("  flagged risk -> its category named {}\n", share(category_named, flagged_risk));
    out << "  by expected category (urgent | urgent or concern):\n";
    for (const auto& [category, t] : by_category)
        out << fmt::format("    {:<34} {:<20} {}\n", category, share(t.urgent, t.total),
                           share(t.urgent + t.concern, t.total));
    const double recall = u.total ? static_cast<double>(u.urgent) / u.total : 1.0;
    if (recall < a.min_urgent_recall) {
        err << fmt::format("{}: urgent recall {:.1f} % is below the floor of {:.1f} %\n", file, 100 * recall,
                           100 * a.min_urgent_recall);
        return 1;
    }
    const double false_alarms = n.total ? static_cast<double>(n.urgent + n.concern) / n.total : 0.0;
    if (false_alarms > a.max_false_alarms) {
        err << fmt::format("{}: {} of {} calm messages flagged ({:.1f} %), above the ceiling of {:.1f} %\n",
                           file, n.urgent + n.concern, n.total, 100 * false_alarms, 100 * a.max_false_alarms);
        return 1;
    }
    // With --kb: more messages of a label given an article or choices than the limit (-1: none).
    const auto answered_over = [&](const Tally& t, int limit, std::string_view label) {
        if (!kb || limit < 0 || static_cast<int>(t.answered) <= limit) return false;
        err << fmt::format("{}: {} {} messages got an article or choices (at most {} allowed)\n", file,
                           t.answered, label, limit);
        return true;
    };
    if (answered_over(u, a.max_urgent_answered, "urgent")) return 1;
    // A concern is a specialist's with priority, never a bot answer (issue 14).
    const double concern_flagged = c.total ? static_cast<double>(c.urgent + c.concern) / c.total : 1.0;
    if (concern_flagged < a.min_concern_flagged) {
        err << fmt::format("{}: {:.1f} % of the concern messages flagged, below the floor of {:.1f} %\n", file,
                           100 * concern_flagged, 100 * a.min_concern_flagged);
        return 1;
    }
    if (answered_over(c, a.max_concern_answered, "concern")) return 1;
    return 0;
}

// Every file is read before any is scored, so a bad one stops the run with its error alone.
int eval(const RiskDetector& detector, const RiskCliArgs& a, std::ostream& out, std::ostream& err,
         const KbSearch& kb) {
    std::vector<std::vector<RiskExample>> sets;
    for (const auto& file : a.files) sets.push_back(read_risk_examples(file));
    int status = 0;
    for (std::size_t i = 0; i < sets.size(); ++i)
        status = std::max(status, eval_file(detector, a, a.files[i], sets[i], out, err, kb));
    return status;
}

// K-fold cross-validation of the classifier on the training files: each fold is scored by a
// model trained on the others, with the phrase lists in front as the line runs them. This is
// how the thresholds in risk_model.json are chosen without looking at any held-out set.
// With `kb`, each message is also routed as the line runs it (route(): negation, the weighing
// against an everyday answer, the crisis articles) with its fold's model.
int cross_validate(const RiskDetector& detector, const RiskCliArgs& a, std::ostream& out,
                   std::ostream& err, const KbSearch& kb) {
    const std::filesystem::path dir = a.data.empty() ? RiskDetector::default_data_dir() : std::filesystem::path(a.data);
    auto examples = read_training_examples(dir);
    // A fixed number of a corpus that grows with every scored batch: the messages whose text
    // hashes lowest (FNV-1a), kept in file order. Not every k-th line, which a file written in a
    // repeating pattern would alias (every urgent line and no calm one); and the same messages
    // from run to run, a message leaving the sample only when a newer one hashes lower.
    if (a.sample > 0 && examples.size() > static_cast<std::size_t>(a.sample)) {
        const auto fnv1a = [](const std::string& text) {
            std::uint64_t h = 1469598103934665603ull;
            for (const unsigned char c : text) h = (h ^ c) * 1099511628211ull;
            return h;
        };
        std::vector<std::pair<std::uint64_t, std::size_t>> order;
        order.reserve(examples.size());
        for (std::size_t i = 0; i < examples.size(); ++i) order.emplace_back(fnv1a(examples[i].lang + '\t' + examples[i].text), i);
        std::nth_element(order.begin(), order.begin() + a.sample, order.end());
        std::vector<std::size_t> chosen;
        chosen.reserve(static_cast<std::size_t>(a.sample));
        for (int i = 0; i < a.sample; ++i) chosen.push_back(order[static_cast<std::size_t>(i)].second);
        std::sort(chosen.begin(), chosen.end());
        std::vector<RiskExample> kept;
        kept.reserve(chosen.size());
        for (const auto i : chosen) kept.push_back(std::move(examples[i]));
        examples = std::move(kept);
    }
    RiskModelOptions options;
    RiskThresholds thresholds;
    read_risk_model_settings(dir, options, thresholds);
    struct Scored {
        const RiskExample* e;
        bool phrase;
        RiskPrediction p;
        std::string line;  // with kb: what the line does (outcome_of)
        std::string category;  // the category model's, for urgent and concern messages
    };
    Tenant tenant;
    tenant.id = "cv";
    tenant.languages = {"nl", "en"};
    std::vector<Scored> scored;
    // Folds are dealt per language (the k-th message of a language goes to fold k mod n): a
    // language's folds do not change when another language's files grow, so its rows can be
    // compared before and after.
    std::vector<int> fold_of(examples.size());
    {
        std::map<std::string, std::size_t> seen;
        for (std::size_t i = 0; i < examples.size(); ++i)
            fold_of[i] = static_cast<int>(seen[examples[i].lang]++ % static_cast<std::size_t>(a.folds));
    }
    for (int fold = 0; fold < a.folds; ++fold) {
        std::vector<RiskExample> train;
        std::vector<const RiskExample*> test;
        for (std::size_t i = 0; i < examples.size(); ++i)
            (fold_of[i] == fold ? (void)test.push_back(&examples[i])
                                                   : (void)train.push_back(examples[i]));
        const auto model = RiskModel::train(train, options);
        const RiskDetector fold_detector = detector.with_model(model);
        for (const auto* e : test)
            scored.push_back({e, detector.detect_phrases(e->lang, e->text).any(), model->predict(e->text, e->lang),
                              kb ? outcome_of(fold_detector, kb, tenant, *e).what : std::string(),
                              e->label == "none" ? std::string() : model->category(e->text)});
    }
    auto tally = [&](const RiskThresholds& t) {
        std::array<Tally, 3> by;  // urgent, concern, none
        for (const auto& s : scored)
            by[s.e->label == "urgent" ? 0 : s.e->label == "concern" ? 1 : 2].add(
                to_string(combine(s.phrase, s.p.urgent, s.p.concern, t)));
        return by;
    };
    auto row = [&](const std::array<Tally, 3>& by) {
        return fmt::format("{:<17} {:<17} {:<17} {:<17} {}", share(by[0].urgent, by[0].total),
                           share(by[0].urgent + by[0].concern, by[0].total),
                           share(by[1].urgent + by[1].concern, by[1].total),
                           share(by[2].urgent + by[2].concern, by[2].total),
                           share(by[2].urgent, by[2].total));
    };
    out << fmt::format("{} messages, {}-fold; phrase lists in front (1.10: layer off)\n", scored.size(), a.folds);
    out << "  t_urgent t_concern | urgent->urgent    urgent->flagged   concern->flagged  none->flagged     none->urgent\n";
    for (double tu : {0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.1})
        for (double tc : {0.2, 0.3, 0.4, 0.5, 0.7, 1.1})
            if (tc >= tu || tu > 1) out << fmt::format("  {:8.2f} {:9.2f} | {}\n", tu, tc, row(tally({tu, tc})));
    const auto configured = tally(thresholds);
    out << fmt::format("  configured ({:.2f} {:.2f}): {}\n", thresholds.urgent, thresholds.concern, row(configured));
    if (kb) {
        std::array<Tally, 3> by;
        for (const auto& s : scored) by[s.e->label == "urgent" ? 0 : s.e->label == "concern" ? 1 : 2].add(s.line);
        out << fmt::format("  the line (--kb):         {}\n", row(by));
        out << fmt::format("    urgent -> answer or choices {}; none -> answer or choices {}\n",
                           share(by[0].answered, by[0].total), share(by[2].answered, by[2].total));
    }
    // Which kind of risk the classifier names for an urgent or concern message: the likeliest
    // urgent label's category against the category model's (the line uses the latter).
    {
        std::size_t risky = 0, by_urgent_label = 0, by_category_model = 0;
        for (const auto& s : scored) {
            if (s.e->label == "none") continue;
            ++risky;
            by_urgent_label += s.p.category == s.e->category;
            by_category_model += s.category == s.e->category;
        }
        out << fmt::format("  category of urgent and concern messages: likeliest urgent label {}, category model {}\n",
                           share(by_urgent_label, risky), share(by_category_model, risky));
    }
    // Per language: a language the training files hold few messages of can fare much worse
    // than the totals show (Dutch is most of them).
    std::map<std::string, std::array<Tally, 3>> configured_by_lang, line_by_lang;
    for (const auto& s : scored) {
        const std::size_t k = s.e->label == "urgent" ? 0 : s.e->label == "concern" ? 1 : 2;
        configured_by_lang[s.e->lang][k].add(to_string(combine(s.phrase, s.p.urgent, s.p.concern, thresholds)));
        if (kb) line_by_lang[s.e->lang][k].add(s.line);
    }
    out << "  by language, configured" << (kb ? " (and the line)" : "") << ":\n";
    for (const auto& [lang, by] : configured_by_lang) {
        out << fmt::format("    {:<4} {}\n", lang, row(by));
        if (kb) out << fmt::format("    {:<4} {}\n", "", row(line_by_lang[lang]));
    }
    if (a.verbose || a.each) {
        // What the configured thresholds (with kb: the line) score wrongly, as eval -v lists it;
        // with --each every message, with whether a phrase matched, to diff two runs.
        for (const auto& s : scored) {
            const std::string outcome =
                kb ? s.line : std::string(to_string(combine(s.phrase, s.p.urgent, s.p.concern, thresholds)));
            const bool flagged = outcome == "urgent" || outcome == "concern";
            const bool wrong = s.e->label == "none"     ? flagged
                               : s.e->label == "urgent" ? outcome != "urgent"
                                                        : !flagged;
            if (a.each)
                out << fmt::format("{}\t{}\t{}\t{}\t{:.2f}\t{:.2f}\t{}\n", outcome, s.phrase ? "phrase" : "-",
                                   s.e->label, s.e->category, s.p.urgent, s.p.concern, s.e->text);
            else if (wrong)
                out << fmt::format("{}\t{}\t{}\t{:.2f}\t{:.2f}\t{}\n", outcome, s.e->label, s.e->category,
                                   s.p.urgent, s.p.concern, s.e->text);
        }
    }
    const double recall = configured[0].total ? static_cast<double>(configured[0].urgent) / configured[0].total : 1.0;
    if (recall < a.min_urgent_recall) {
        err << fmt::format("cross-validated urgent recall {:.1f} % is below the floor of {:.1f} %\n",
                           100 * recall, 100 * a.min_urgent_recall);
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
    ev->add_option("FILE", args.files, "the labelled messages (several files: each scored on its own)")
        ->required()
        ->type_name("");
    ev->add_option("--min-urgent-recall", args.min_urgent_recall,
                   "exit 1 when fewer urgent messages than this share (0 to 1) are flagged")
        ->type_name("SHARE")
        ->check(CLI::Range(0.0, 1.0));
    ev->add_flag("-v,--verbose", args.verbose, "list every message scored wrongly");
    ev->add_flag("--each", args.each,
                 "list every message with its outcome, layer, categories, signals and the classifier's urgent + "
                 "concern (p=, '-' when it was not asked; diff two runs to see what moved)");
    ev->add_option("--max-urgent-answered", args.max_urgent_answered,
                   "with --kb: exit 1 when more urgent messages than this get an article or choices")
        ->type_name("N")
        ->check(CLI::Range(0, 1000000));
    ev->add_option("--max-false-alarms", args.max_false_alarms,
                   "exit 1 when more than this share (0 to 1) of the calm messages are flagged")
        ->type_name("SHARE")
        ->check(CLI::Range(0.0, 1.0));
    ev->add_option("--min-concern-flagged", args.min_concern_flagged,
                   "exit 1 when fewer concern messages than this share (0 to 1) are flagged (urgent or concern)")
        ->type_name("SHARE")
        ->check(CLI::Range(0.0, 1.0));
    ev->add_option("--max-concern-answered", args.max_concern_answered,
                   "with --kb: exit 1 when more concern messages than this get an article or choices")
        ->type_name("N")
        ->check(CLI::Range(0, 1000000));
    ev->add_option("--kb", args.kb,
                   "an article set: score routing as the line runs it (crisis articles count)")
        ->type_name("DIR");
    data(ev);
    ev->callback([&args] { args.command = "eval"; });

    CLI::App* cv = risk.add_subcommand(
        "cv", "Cross-validate the classifier on the training files (to choose thresholds)");
    cv->add_option("--folds", args.folds, "number of folds")->check(CLI::Range(2, 20))->capture_default_str();
    cv->add_option("--sample", args.sample,
                   "cross-validate at most N messages of the training files, a fixed sample (0: all)")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber);
    cv->add_option("--min-urgent-recall", args.min_urgent_recall,
                   "exit 1 when the configured thresholds find fewer urgent messages than this share")
        ->type_name("SHARE")
        ->check(CLI::Range(0.0, 1.0));
    cv->add_flag("--each", args.each,
                 "list every message: outcome, 'phrase' when the phrase lists matched ('-' otherwise), label, "
                 "category, the fold classifier's p(urgent) and p(concern), text");
    cv->add_flag("-v,--verbose", args.verbose,
                 "list every message the configured thresholds (with --kb: the line) score wrongly, "
                 "with p(urgent) and p(concern)");
    cv->add_option("--kb", args.kb, "an article set: also route each message as the line runs it")
        ->type_name("DIR");
    data(cv);
    cv->callback([&args] { args.command = "cv"; });
}

int run_risk_cli(const RiskCliArgs& a, std::ostream& out, std::ostream& err, const KbSearch& kb) {
    try {
        const RiskDetector detector =
            RiskDetector::load(a.data.empty() ? RiskDetector::default_data_dir() : std::filesystem::path(a.data));
        if (a.command == "check") return check(detector, a, out);
        if (a.command == "cv") return cross_validate(detector, a, out, err, kb);
        return eval(detector, a, out, err, kb);
    } catch (const ConfigError& e) {
        err << "advieslijn risk: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace advieslijn::routing
