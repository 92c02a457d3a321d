#include "knowledge-base/cli.hpp"
#include "knowledge-base/eval.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace {

struct run_result {
    int code;
    std::string out;
    std::string err;
};

run_result run(std::vector<std::string> args) {
    std::ostringstream out, err;
    int code = kb::run_kb_cli(args, out, err);
    return {code, out.str(), err.str()};
}

TEST(KbCli, CheckValidSet) {
    auto r = run({"check", KB_FIXTURES "/good"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("6 articles"), std::string::npos) << r.out;
}

TEST(KbCli, CheckInvalidSetOneLinePerProblem) {
    auto r = run({"check", KB_FIXTURES "/bad"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("unknown-field.json: article 'a-1': field 'keyword'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("missing.json: article 'a-2': field 'title': is required"), std::string::npos);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 5);  // 4 problems + summary
}

TEST(KbCli, QueryPrintsOneJsonObject) {
    auto r = run({"query", KB_FIXTURES "/good", "--lang", "en", "my", "baby", "wakes", "at", "night"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["query"], "my baby wakes at night");
    EXPECT_EQ(j["lang"], "en");
    EXPECT_EQ(j["results"][0]["id"], "slapen-baby");
    EXPECT_LE(j["results"].size(), 5U);
    auto nl = nlohmann::json::parse(run({"query", KB_FIXTURES "/good", "tiener"}).out);
    EXPECT_EQ(nl["lang"], "nl");  // the default
}

TEST(KbCli, EvalPrintsScoresPerLanguageAndMisses) {
    auto r = run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/eval_queries.tsv", "-v"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("thresholds nl: min_coverage"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("en: top-1 1/1 = 100.0%"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("nl: top-1 2/3 = 66.7%, recall@3 3/3 = 100.0%"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("out of scope refused 1/1 = 100.0%"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("all: top-1 3/4 = 75.0%"), std::string::npos) << r.out;
    // The ranking apart from the gate: the expected article first, whatever the decision.
    EXPECT_NE(r.out.find("ranked first 4/4 = 100.0%"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("miss: nl speech [eh hoe weet ik of mijn baby genoeg drinkt] expected borstvoeding"),
              std::string::npos)
        << r.out;
    // Without -v the misses are not listed.
    EXPECT_EQ(run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/eval_queries.tsv"}).out.find("miss:"),
              std::string::npos);
}

TEST(KbCli, EvalFloorsExit1) {
    auto below = run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/eval_queries.tsv", "--min-top1", "0.9"});
    EXPECT_EQ(below.code, 1);
    EXPECT_NE(below.err.find("below the floor: top-1 < 0.9"), std::string::npos) << below.err;
    EXPECT_EQ(run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/eval_queries.tsv", "--min-top1", "0.7",
                   "--max-false-answers", "0", "--min-refused", "1"})
                  .code,
              0);
}

TEST(KbCli, EvalBadInputExit2) {
    auto malformed = run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/eval_malformed.tsv"});
    EXPECT_EQ(malformed.code, 2);
    EXPECT_NE(malformed.err.find("eval_malformed.tsv:1: want lang<TAB>expected<TAB>kind<TAB>query"),
              std::string::npos)
        << malformed.err;
    EXPECT_EQ(malformed.out, "");
    auto missing = run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/no-such.tsv"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("no-such.tsv: cannot be read"), std::string::npos) << missing.err;
    EXPECT_EQ(run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/eval_queries.tsv", "--min-top1", "2"}).code, 2);
    EXPECT_EQ(run({"eval", KB_FIXTURES "/good"}).code, 2);
}

TEST(KbCli, UsageErrors) {
    EXPECT_EQ(run({}).code, 2);
    EXPECT_EQ(run({"check"}).code, 2);
    EXPECT_EQ(run({"query", KB_FIXTURES "/good"}).code, 2);
    EXPECT_EQ(run({"query", KB_FIXTURES "/good", "--lang"}).code, 2);
    EXPECT_EQ(run({"frobnicate", "x"}).code, 2);
    EXPECT_EQ(run({"query", "/nonexistent", "x"}).code, 1);
}

TEST(KbCli, HelpExits0WithUsage) {
    for (const char* command : {"check", "query"}) {
        auto r = run({command, "--help"});
        EXPECT_EQ(r.code, 0) << r.err;
        EXPECT_NE(r.out.find(std::string("Usage: advieslijn kb ") + command), std::string::npos) << r.out;
    }
    auto r = run({"--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("check"), std::string::npos) << r.out;
}

TEST(KbCli, UsageErrorNamesTheArgument) {
    auto r = run({"check", KB_FIXTURES "/good", "--lang", "nl"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "advieslijn kb check: unknown argument '--lang' (see 'advieslijn kb check --help')\n");
    EXPECT_EQ(run({"query", KB_FIXTURES "/good", "--", "--not-an-option"}).code, 0);
}

}  // namespace

TEST(KbEval, CeilingSearchesTheNoneGateInHindsight) {
    // Three questions ranked right, one ranked wrong, two out of scope; (score, coverage) of
    // each first result.
    std::vector<kb::eval::Query> q{{"nl", "a", "typed", "1"}, {"nl", "b", "typed", "2"},
                                   {"nl", "c", "typed", "3"}, {"nl", "d", "typed", "4"},
                                   {"nl", "none", "typed", "5"}, {"nl", "none", "typed", "6"}};
    auto first = [](std::string id, double score, double coverage) {
        kb::Hit h;
        h.id = std::move(id);
        h.score = score;
        h.coverage = coverage;
        return std::vector<kb::Hit>{h};
    };
    std::vector<kb::eval::Outcome> o{{&q[0], first("a", 5, 0.2)}, {&q[1], first("b", 8, 0.5)},
                                     {&q[2], first("c", 3, 0.9)}, {&q[3], first("x", 9, 0.9)},
                                     {&q[4], first("a", 4, 0.8)}, {&q[5], first("b", 6, 0.1)}};
    auto c = kb::eval::ceiling(o, 0.85, 0.90);
    EXPECT_EQ(c.ranked_first, 3);
    // Most right first articles plus refusals: every right one passes, the low-coverage
    // out-of-scope question is refused (coverage 0.15, any score).
    ASSERT_TRUE(c.best.found);
    EXPECT_EQ(c.best.top1, 3);
    EXPECT_EQ(c.best.refused, 1);
    EXPECT_NEAR(c.best.min_coverage, 0.15, 1e-9);
    // Both out-of-scope questions refused: the score floor must pass 5 and stop 4.
    ASSERT_TRUE(c.at_refusals.found);
    EXPECT_EQ(c.at_refusals.top1, 2);
    EXPECT_EQ(c.at_refusals.refused, 2);
    EXPECT_NEAR(c.at_refusals.min_score, 5, 1e-9);
    // Top-1 of 90% is out of reach when a quarter is ranked wrong.
    EXPECT_FALSE(c.at_top1.found);
    EXPECT_NE(kb::eval::to_string(c, 0.85, 0.90).find("top-1 >= 90%: no gate"), std::string::npos);
}

TEST(KbCli, EvalCeilingPrintsTheBoundAfterTheScores) {
    auto r = run({"eval", KB_FIXTURES "/good", KB_FIXTURES "/eval_queries.tsv", "--ceiling"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("\nceiling: ranked first 4/4 = 100.0%; best: "), std::string::npos) << r.out;
}
