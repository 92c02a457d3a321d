// The chips the chat offers first (chat.quick_replies of routing/data/texts/<lang>.json) must
// lead somewhere: a tap on one that the shipped articles cannot answer would hand a parent
// to a specialist for the very question the line suggested.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "knowledge-base/knowledge_base.hpp"
#include "routing/prompts.hpp"

namespace {

TEST(QuickReplies, EveryChipOfEveryLanguageFindsItsArticles) {
    const std::filesystem::path source = std::getenv("ADVIESLIJN_SOURCE_DIR");
    const auto loaded = kb::load(source / "knowledge-base/articles");
    ASSERT_TRUE(loaded.kb) << "the shipped articles do not load";
    const auto prompts = advieslijn::routing::Prompts::load(source / "routing/data/texts");
    for (const auto& lang : prompts.languages()) {
        for (const auto& chip : prompts.find(lang)->quick_replies) {
            const auto result = loaded.kb->search(lang, chip);
            EXPECT_NE(result.decision, kb::Decision::none) << lang << ": '" << chip << "' finds no article";
        }
    }
}

// The sleep chip is one question, and a tap on it is answered at once (a tester's finding:
// "Mijn baby slaapt slecht" offered choices, among them postnatal depression).
TEST(QuickReplies, TheSleepChipIsAnsweredAtOnce) {
    const std::filesystem::path source = std::getenv("ADVIESLIJN_SOURCE_DIR");
    const auto loaded = kb::load(source / "knowledge-base/articles");
    ASSERT_TRUE(loaded.kb);
    const auto prompts = advieslijn::routing::Prompts::load(source / "routing/data/texts");
    for (const char* lang : {"nl", "en"}) {
        const auto& chip = prompts.find(lang)->quick_replies.front();
        const auto result = loaded.kb->search(lang, chip);
        EXPECT_EQ(result.decision, kb::Decision::answer) << lang << ": '" << chip << "'";
        ASSERT_FALSE(result.results.empty());
        EXPECT_EQ(result.results.front().article->id, "slapen-baby-doorslapen") << lang;
    }
}

}  // namespace
