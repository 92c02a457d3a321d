// The quality gate of issue 3: the shipped articles against knowledge-base/eval/queries.tsv
// with the default thresholds.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/knowledge-base/eval_support.hpp"

namespace {

std::string source_dir() {
    const char* dir = std::getenv("ADVIESLIJN_SOURCE_DIR");
    return dir ? dir : ".";
}

TEST(KbEval, TopOneAccuracyAndFalseAnswers) {
    auto loaded = kb::load(source_dir() + "/knowledge-base/articles");
    ASSERT_TRUE(loaded.kb) << (loaded.problems.empty() ? "" : kb::to_string(loaded.problems[0]));
    auto queries = kb::eval::read_queries(source_dir() + "/knowledge-base/eval/queries.tsv");
    ASSERT_GE(queries.size(), 200U);
    auto outcomes = kb::eval::run(*loaded.kb, queries);
    std::vector<std::string> failures;
    auto s = kb::eval::score(outcomes, loaded.kb->options().thresholds, &failures);
    for (const auto& f : failures) std::cout << "  miss: " << f << '\n';
    std::cout << "top-1 " << s.top1 << "/" << s.answerable << " = " << s.top1_rate()
              << ", answered right " << s.answered_right << ", false answers " << s.false_answers
              << "/" << (s.answerable + s.unanswerable) << " = " << s.false_answer_rate()
              << ", none-queries offered choices " << s.none_offered << "/" << s.unanswerable
              << '\n';
    EXPECT_GE(s.unanswerable, 40);
    EXPECT_GE(s.top1_rate(), 0.90);
    EXPECT_LE(s.false_answer_rate(), 0.05);
}

}  // namespace
