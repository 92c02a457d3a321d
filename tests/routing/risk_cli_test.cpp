// `advieslijn risk check` and `risk eval`, run as the binary runs them (without the process).
#include "routing/risk_cli.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <tuple>

#include "fixtures.hpp"

using namespace advieslijn::routing;

namespace {

std::filesystem::path write_tsv(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path;
}

// `risk eval FILE -v`, as the command line sets it up.
RiskCliArgs verbose_eval(const std::filesystem::path& file) {
    RiskCliArgs a;
    a.command = "eval";
    a.files = {file.string()};
    a.verbose = true;
    return a;
}

// What a run that must succeed printed.
std::string report_of(const RiskCliArgs& a) {
    std::ostringstream out, err;
    EXPECT_EQ(run_risk_cli(a, out, err), 0) << err.str();
    return out.str();
}

}  // namespace

TEST(RiskCli, CheckPrintsOutcomeCategoryAndMatch) {
    RiskCliArgs a;
    a.command = "check";
    a.words = {"mijn", "baby", "ademt", "niet"};
    std::ostringstream out, err;
    ASSERT_EQ(run_risk_cli(a, out, err), 0) << err.str();
    const auto j = nlohmann::json::parse(out.str());
    EXPECT_EQ(j["outcome"], "urgent");
    EXPECT_EQ(j["categories"][0], "emergency_medical");
    EXPECT_FALSE(j["matches"][0]["phrase"].get<std::string>().empty());
    a.words = {"mijn baby slaapt slecht"};
    std::ostringstream calm;
    ASSERT_EQ(run_risk_cli(a, calm, err), 0);
    EXPECT_EQ(nlohmann::json::parse(calm.str())["outcome"], "none");
    EXPECT_FALSE(nlohmann::json::parse(calm.str()).contains("denied"));
}

// A phrase a negation undid is shown with its signal, so an editor sees why it did not count.
TEST(RiskCli, CheckShowsAPhraseANegationUndid) {
    RiskCliArgs a;
    a.command = "check";
    a.words = {"mijn vader slaat me nooit"};
    std::ostringstream out, err;
    ASSERT_EQ(run_risk_cli(a, out, err), 0) << err.str();
    const auto j = nlohmann::json::parse(out.str());
    ASSERT_TRUE(j.contains("denied")) << out.str();
    EXPECT_FALSE(j["denied"][0]["signal"].get<std::string>().empty());
    EXPECT_NE(j["outcome"], "urgent") << out.str();  // the denial lowers what the classifier reads
}

// A calm message flagged is counted as a false alarm under the layer that raised it.
TEST(RiskCli, EvalNamesTheLayerBehindAFalseAlarm) {
    const auto file = write_tsv("advieslijn_risk_cli_fa_test.tsv",
                                "nl\tnone\t-\tik wil dood\n"
                                "nl\tnone\t-\tmijn baby slaapt slecht\n");
    const std::string report = report_of(verbose_eval(file));
    EXPECT_NE(report.find("urgent (risk)\tnone\t\tik wil dood"), std::string::npos) << report;
    EXPECT_NE(report.find("raised by risk"), std::string::npos) << report;
    EXPECT_NE(report.find("50.0 % (1/2)"), std::string::npos) << report;
}

// --each lists every message, the calm one scored right too, with its outcome, layer and
// categories: the line a before/after diff (ops/risk-diff) compares.
TEST(RiskCli, EvalEachListsEveryMessageWithItsOutcome) {
    const auto file = write_tsv("advieslijn_risk_cli_each_test.tsv",
                                "nl\tnone\t-\tmijn baby slaapt slecht\n"
                                "nl\turgent\temergency_medical\tmijn baby ademt niet\n");
    RiskCliArgs a;
    a.command = "eval";
    a.files = {file.string()};
    a.each = true;
    const std::string report = report_of(a);
    // The classifier's urgent + concern beside a message it read (two decimals), "-" where a
    // phrase decided and it was not asked.
    EXPECT_TRUE(std::regex_search(report, std::regex("(^|\n)none \\(risk\\) - \\[-\\] p=0\\.[0-9]{2}\tnone\t\t"
                                                     "mijn baby slaapt slecht\n")))
        << report;
    EXPECT_NE(report.find("urgent (risk) emergency_medical [not-breathing] p=-\turgent\temergency_medical\tmijn baby ademt niet\n"),
              std::string::npos)
        << report;
    a.each = false;
    EXPECT_EQ(report_of(a).find("mijn baby slaapt slecht"), std::string::npos);
}

// A ceiling on false alarms: a set of everyday questions fails the run when more of them are
// flagged than allowed, and passes at or under it.
TEST(RiskCli, EvalEnforcesACeilingOnFalseAlarms) {
    const auto file = write_tsv("advieslijn_risk_cli_ceiling.tsv",
                                "nl\tnone\t-\tik wil dood\n"
                                "nl\tnone\t-\tmijn baby slaapt slecht\n"
                                "nl\tnone\t-\twat eet een peuter van twee\n"
                                "nl\tnone\t-\thoe leer ik mijn kind fietsen\n");
    auto a = verbose_eval(file);
    a.max_false_alarms = 0.25;  // one of four flagged: allowed
    report_of(a);
    a.max_false_alarms = 0.2;
    std::ostringstream out, err;
    EXPECT_EQ(run_risk_cli(a, out, err), 1);
    EXPECT_NE(err.str().find("1 of 4 calm messages flagged (25.0 %), above the ceiling of 20.0 %"), std::string::npos)
        << err.str();
}

TEST(RiskCli, EvalCountsPerLabelAndCategoryAndEnforcesAFloor) {
    const auto file = write_tsv("advieslijn_risk_cli_test.tsv",
                                "# comment\n"
                                "nl\turgent\tmedical\tmijn baby ademt niet\n"
                                "nl\turgent\tsuicide_selfharm\tik wil er een eind aan maken\n"
                                "nl\turgent\tmedical\tzzz qqq\n"
                                "nl\tnone\t-\tmijn baby slaapt slecht\n");
    auto a = verbose_eval(file);
    const std::string report = report_of(a);
    EXPECT_NE(report.find("66.7 % (2/3)"), std::string::npos) << report;
    EXPECT_NE(report.find("0.0 % (0/1)"), std::string::npos) << report;  // no false alarm
    // -v lists what the line did with each message scored wrongly, and which layer decided.
    EXPECT_NE(report.find("none (risk)\turgent\temergency_medical\tzzz qqq"), std::string::npos) << report;
    a.min_urgent_recall = 0.9;
    std::ostringstream out, err, quiet;
    EXPECT_EQ(run_risk_cli(a, quiet, err), 1);
    EXPECT_NE(err.str().find("below the floor"), std::string::npos);

    const auto bad = write_tsv("advieslijn_risk_cli_bad.tsv", "nl\tmaybe\t-\ttext\n");
    a.files = {bad.string()};
    std::ostringstream e2;
    EXPECT_EQ(run_risk_cli(a, out, e2), 1);
    EXPECT_NE(e2.str().find(":1: label must be urgent, concern or none"), std::string::npos) << e2.str();
    a.files = {"/nonexistent/file.tsv"};
    EXPECT_EQ(run_risk_cli(a, out, e2), 1);
}

// Several files in one run: each scored on its own, a limit is checked per file and names it,
// and a file that cannot be read stops the run before anything is scored.
TEST(RiskCli, EvalScoresEachOfSeveralFilesOnItsOwn) {
    const auto found = write_tsv("advieslijn_risk_cli_multi_found.tsv",
                                 "nl\turgent\tsuicide_self_harm\tik wil er een eind aan maken\n"
                                 "nl\tnone\t-\tmijn baby slaapt slecht\n");
    const auto missed = write_tsv("advieslijn_risk_cli_multi_missed.tsv",
                                  "nl\turgent\temergency_medical\tzzz qqq\n"
                                  "nl\turgent\temergency_medical\tmijn baby ademt niet\n");
    auto a = verbose_eval(found);
    a.files.push_back(missed.string());
    const std::string report = report_of(a);
    const auto first = report.find(found.string() + ": ");
    const auto second = report.find(missed.string() + ": ");
    ASSERT_NE(first, std::string::npos) << report;
    ASSERT_NE(second, std::string::npos) << report;
    EXPECT_LT(first, second);
    EXPECT_NE(report.find("(recall)      100.0 % (1/1)", first), std::string::npos) << report;
    EXPECT_NE(report.find("(recall)       50.0 % (1/2)", second), std::string::npos) << report;

    a.min_urgent_recall = 0.9;  // the first file holds it, the second does not
    std::ostringstream out, err;
    EXPECT_EQ(run_risk_cli(a, out, err), 1);
    EXPECT_EQ(err.str(), missed.string() + ": urgent recall 50.0 % is below the floor of 90.0 %\n");

    a.files.push_back("/nonexistent/file.tsv");
    std::ostringstream none_scored, bad;
    EXPECT_EQ(run_risk_cli(a, none_scored, bad), 1);
    EXPECT_EQ(none_scored.str(), "");
    EXPECT_NE(bad.str().find("/nonexistent/file.tsv"), std::string::npos) << bad.str();
}

TEST(RiskCli, EvalWithAKnowledgeBaseScoresTheWholeRouting) {
    const auto file = write_tsv("advieslijn_risk_cli_kb.tsv",
                                "nl\turgent\tsuicide_selfharm\tverdwijnen lijkt me het beste\n"
                                "nl\tnone\t-\tmijn baby slaapt slecht\n");
    // The phrase lists alone (no training files, so no classifier): the crisis article is
    // what flags the message.
    const auto data = fixtures::copy_risk_data("cli_phrases", false);
    RiskCliArgs a;
    a.command = "eval";
    a.files = {file.string()};
    a.data = data.string();
    a.kb = "fake";
    std::ostringstream lexicon_only, routed, err;
    ASSERT_EQ(run_risk_cli(a, lexicon_only, err), 0) << err.str();
    EXPECT_NE(lexicon_only.str().find("0.0 % (0/1)"), std::string::npos) << lexicon_only.str();
    ASSERT_EQ(run_risk_cli(a, routed, err, fixtures::fake_kb), 0) << err.str();
    EXPECT_NE(routed.str().find("100.0 % (1/1)"), std::string::npos) << routed.str();
    EXPECT_NE(routed.str().find("the articles of fake"), std::string::npos);
    std::filesystem::remove_all(data);
}

// A concern is a specialist's with priority, never a bot answer: a floor on the share of
// concern messages flagged, and a ceiling on those given an article or choices (the probes'
// guard in tests/routing/CMakeLists.txt).
TEST(RiskCli, EvalEnforcesAFloorOnConcernsAndNoAnswerForThem) {
    const auto file = write_tsv("advieslijn_risk_cli_concern.tsv",
                                "nl\tconcern\tsuicide_self_harm\tniemand zou me missen als ik er niet meer was\n"
                                "nl\tconcern\tsuicide_self_harm\tmijn dochter slaapt slecht en zegt weinig\n");
    const auto data = fixtures::copy_risk_data("cli_concern", false);  // the phrase lists alone
    RiskCliArgs a;
    a.command = "eval";
    a.files = {file.string()};
    a.data = data.string();
    a.kb = "fake";
    // One run: its exit code, what it printed and what it wrote to stderr.
    const auto run = [&a] {
        std::ostringstream out, err;
        const int rc = run_risk_cli(a, out, err, fixtures::fake_kb);
        return std::tuple{rc, out.str(), err.str()};
    };
    a.min_concern_flagged = 0.5;  // one of two flagged: allowed
    auto [rc, out, err] = run();
    ASSERT_EQ(rc, 0) << err;
    EXPECT_NE(out.find("concern -> urgent or concern     50.0 % (1/2)"), std::string::npos) << out;
    a.min_concern_flagged = 0.6;
    std::tie(rc, out, err) = run();
    EXPECT_EQ(rc, 1);
    EXPECT_NE(err.find("50.0 % of the concern messages flagged, below the floor of 60.0 %"), std::string::npos) << err;
    // The second is answered with the sleep article: a concern given a bot answer.
    a.min_concern_flagged = 0;
    a.max_concern_answered = 0;
    std::tie(rc, out, err) = run();
    EXPECT_EQ(rc, 1);
    EXPECT_NE(err.find("1 concern messages got an article or choices (at most 0 allowed)"), std::string::npos) << err;
    a.max_concern_answered = 1;
    std::tie(rc, out, err) = run();
    EXPECT_EQ(rc, 0) << err;
    std::filesystem::remove_all(data);
}

TEST(RiskCli, CrossValidationPrintsEachLanguageAndDealsFoldsPerLanguage) {
    // Phrase lists and settings of the source tree, a small training file of two languages.
    const auto dir = fixtures::copy_risk_data("cv_langs", false);
    {
        std::ofstream out(dir / "risk_train_small.tsv");
        for (int i = 0; i < 6; ++i) {
            out << "nl\turgent\tsuicide_self_harm\tik wil niet meer leven " << i << "\n"
                << "nl\tnone\t-\tmijn baby slaapt slecht " << i << "\n"
                << "tr\turgent\tchild_abuse\tbabam beni dövüyor " << i << "\n"
                << "tr\tnone\t-\tbebeğim gece uyanıyor " << i << "\n";
        }
    }
    RiskCliArgs a;
    a.command = "cv";
    a.data = dir.string();
    a.folds = 3;
    std::ostringstream out, err;
    ASSERT_EQ(run_risk_cli(a, out, err), 0) << err.str();
    const std::string text = out.str();
    EXPECT_NE(text.find("by language"), std::string::npos) << text;
    // Every language's rows, each over its own 6 urgent and 6 calm messages.
    EXPECT_NE(text.find("\n    nl "), std::string::npos) << text;
    EXPECT_NE(text.find("\n    tr "), std::string::npos) << text;
    EXPECT_NE(text.find("/6)"), std::string::npos) << text;
    // --each: one line per message, seven fields, whether the phrase lists matched.
    a.each = true;
    std::ostringstream each_out, each_err;
    ASSERT_EQ(run_risk_cli(a, each_out, each_err), 0) << each_err.str();
    std::istringstream lines(each_out.str());
    int rows = 0, phrase_rows = 0;
    for (std::string line; std::getline(lines, line);) {
        if (std::count(line.begin(), line.end(), '\t') != 6) continue;
        ++rows;
        if (line.find("\tphrase\turgent\tsuicide_self_harm\t") != std::string::npos &&
            line.find("ik wil niet meer leven") != std::string::npos)
            ++phrase_rows;
    }
    EXPECT_EQ(rows, 24) << each_out.str();
    EXPECT_EQ(phrase_rows, 6) << each_out.str();
    // --sample: that many messages, the same ones each run, not every k-th line of a file
    // written in a repeating pattern (which would be all urgent or all calm here).
    a.sample = 12;
    auto sampled = [&] {
        std::ostringstream o, e;
        EXPECT_EQ(run_risk_cli(a, o, e), 0) << e.str();
        std::vector<std::string> rows;
        std::istringstream in(o.str());
        for (std::string line; std::getline(in, line);)
            if (std::count(line.begin(), line.end(), '\t') == 6) rows.push_back(line);
        return rows;
    };
    const auto first = sampled();
    ASSERT_EQ(first.size(), 12u);
    EXPECT_EQ(sampled(), first);
    const auto labelled = [&](const char* label) {
        return std::count_if(first.begin(), first.end(), [&](const std::string& row) {
            return row.find(std::string("\t") + label + "\t") != std::string::npos;
        });
    };
    EXPECT_GT(labelled("urgent"), 0);
    EXPECT_GT(labelled("none"), 0);
    std::filesystem::remove_all(dir);
}
