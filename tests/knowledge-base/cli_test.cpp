#include "knowledge-base/cli.hpp"

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
