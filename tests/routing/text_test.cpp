#include "routing/text.hpp"

#include <gtest/gtest.h>

using namespace advieslijn::routing;

TEST(Text, FoldsCaseAndAccents) {
    EXPECT_EQ(fold_text("Zoë is SUÏCIDAAL"), "zoe is suicidaal");
    EXPECT_EQ(fold_text("Crèche"), "creche");
    EXPECT_EQ(fold_text("don\u2019t"), "don't");
}

TEST(Text, AsciiShortcutFoldsLikeUtf8proc) {
    // Pure ASCII skips utf8proc; one accented letter sends the same bytes through it.
    std::string all;
    for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
    EXPECT_EQ(fold_text(all) + "e", fold_text(all + "\u00E9"));
    EXPECT_EQ(fold_text("Mijn KIND wordt Gepest!"), "mijn kind wordt gepest!");
}

TEST(Text, InvalidUtf8FallsBackInsteadOfThrowing) {
    EXPECT_EQ(fold_text("AB\xff"
                        "c"),
              "ab c");
}

TEST(Text, TokensAndClauses) {
    const auto t = tokenize(fold_text("Ik weet het niet, hij slaat me. Don't!"), {"maar"});
    ASSERT_EQ(t.size(), 8u);
    EXPECT_EQ(t[3].text, "niet");
    EXPECT_EQ(t[3].clause, 0);
    EXPECT_EQ(t[4].clause, 1);
    EXPECT_EQ(t[7].text, "dont");
    EXPECT_EQ(t[7].clause, 2);
    const auto m = tokenize("niet maar hij", {"maar"});
    EXPECT_EQ(m[0].clause, 0);
    EXPECT_EQ(m[1].clause, 0);
    EXPECT_EQ(m[2].clause, 1);
}

TEST(Text, Utf8PrefixDoesNotSplitCharacters) {
    EXPECT_EQ(utf8_prefix("zoë", 3), "zo");
    EXPECT_EQ(utf8_prefix("zoë", 4), "zoë");
    EXPECT_EQ(trim("  a b \n"), "a b");
}
