#include "knowledge-base/article.hpp"

#include <gtest/gtest.h>

#include "knowledge-base/knowledge_base.hpp"

namespace {

bool has_problem(const std::vector<kb::Problem>& ps, std::string_view file_part, std::string_view id,
                 std::string_view field) {
    for (const auto& p : ps) {
        if (p.file.find(file_part) != std::string::npos && p.id == id && p.field == field) return true;
    }
    return false;
}

TEST(ParseArticles, ReadsAllFields) {
    std::vector<kb::Problem> problems;
    auto articles = kb::parse_articles(R"({"id":"x-1","lang":"nl","title":"T","answer":"A",
        "questions":["q"],"keywords":["k"],"spoken":"S","topic":"t",
        "links":[{"title":"L","url":"https://example.org"}]})", "f.json", problems);
    ASSERT_TRUE(problems.empty());
    ASSERT_EQ(articles.size(), 1U);
    EXPECT_EQ(articles[0].links.at(0).url, "https://example.org");
    EXPECT_EQ(articles[0].file, "f.json");
}

TEST(ParseArticles, NamesFileIdAndField) {
    std::vector<kb::Problem> problems;
    auto articles = kb::parse_articles(
        R"([{"id":"x-1","lang":"nl","title":"T","answer":"A","keyword":["typo"]},
            {"id":"x-2","lang":"NL","title":"","answer":7},
            {"id":"Bad Id","lang":"nl","title":"T","answer":"A","questions":["ok", 3]}])",
        "f.json", problems);
    EXPECT_TRUE(articles.empty());
    EXPECT_TRUE(has_problem(problems, "f.json", "x-1", "keyword"));
    EXPECT_TRUE(has_problem(problems, "f.json", "x-2", "lang"));
    EXPECT_TRUE(has_problem(problems, "f.json", "x-2", "title"));
    EXPECT_TRUE(has_problem(problems, "f.json", "x-2", "answer"));
    EXPECT_TRUE(has_problem(problems, "f.json", "Bad Id", "id"));
    EXPECT_TRUE(has_problem(problems, "f.json", "Bad Id", "questions[1]"));
    EXPECT_EQ(kb::to_string(problems[0]), "f.json: article 'x-1': field 'keyword': unknown field "
                                          "(allowed: id, lang, title, questions, keywords, answer, "
                                          "spoken, topic, risk, links)");
}

TEST(ParseArticles, RiskIsACategoryName) {
    std::vector<kb::Problem> problems;
    auto articles = kb::parse_articles(
        R"([{"id":"a-1","lang":"nl","title":"T","answer":"A","risk":"suicide_self_harm"},
            {"id":"a-2","lang":"nl","title":"T","answer":"A","risk":"Zelfmoord!"}])", "f.json",
        problems);
    ASSERT_EQ(articles.size(), 1U);
    EXPECT_EQ(articles[0].risk, "suicide_self_harm");
    EXPECT_TRUE(has_problem(problems, "f.json", "a-2", "risk"));
}

TEST(ParseArticles, InvalidJsonNamesFile) {
    std::vector<kb::Problem> problems;
    kb::parse_articles("{\"id\": ", "broken.json", problems);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].file, "broken.json");
    EXPECT_NE(problems[0].message.find("not valid JSON"), std::string::npos);

    // A number too large for a double is reported the same way, not thrown past the loader.
    problems.clear();
    kb::parse_articles(R"({"id": "x-1", "weight": 1e999})", "huge.json", problems);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].message.find("not valid JSON"), std::string::npos);
}

TEST(Load, BadSetListsEveryProblem) {
    auto loaded = kb::load(KB_FIXTURES "/bad");
    EXPECT_FALSE(loaded.kb);
    const auto& ps = loaded.problems;
    EXPECT_TRUE(has_problem(ps, "unknown-field.json", "a-1", "keyword"));
    EXPECT_TRUE(has_problem(ps, "missing.json", "a-2", "title"));
    EXPECT_TRUE(has_problem(ps, "missing.json", "a-3", "links[0].url"));
    EXPECT_TRUE(has_problem(ps, "broken.json", "", ""));
    // dupe.json's a-1 is valid on its own; unknown-field.json's a-1 was refused, so no dupe.
    EXPECT_EQ(ps.size(), 4U);
}

}  // namespace
