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
    // Sentences: a comma or a clause word starts a clause, not a sentence.
    EXPECT_EQ(t[3].sentence, 0);
    EXPECT_EQ(t[4].sentence, 0);
    EXPECT_EQ(t[7].sentence, 1);
    EXPECT_EQ(m[2].sentence, 0);
    const auto q = tokenize("hoe dan?\nik weet het", {});
    EXPECT_EQ(q[1].sentence, 0);
    EXPECT_EQ(q[2].sentence, 2);  // "?" and the line break each end one
}

TEST(Text, AnEmojiIsAWordOfItsOwn) {
    // Glued to a word and to each other, as chat types them; other non-ASCII letters stay in
    // their word.
    const auto t = tokenize(fold_text("lol\U0001F602\U0001F62D \u043C\u0430\u043C\u0430 \U0001F480"), {});
    ASSERT_EQ(t.size(), 5u);
    EXPECT_EQ(t[0].text, "lol");
    EXPECT_EQ(t[1].text, "\U0001F602");
    EXPECT_EQ(t[2].text, "\U0001F62D");
    EXPECT_EQ(t[3].text, "\u043C\u0430\u043C\u0430");
    EXPECT_EQ(t[4].text, "\U0001F480");
    // A cut-off emoji at the end of a message is kept as bytes of a word, not read past.
    const auto cut = tokenize(std::string("ok \xF0\x9F\x98"), {});
    ASSERT_EQ(cut.size(), 2u);
    EXPECT_EQ(cut[1].text, "\xF0\x9F\x98");
}

TEST(Text, Utf8PrefixDoesNotSplitCharacters) {
    EXPECT_EQ(utf8_prefix("zoë", 3), "zo");
    EXPECT_EQ(utf8_prefix("zoë", 4), "zoë");
    EXPECT_EQ(trim("  a b \n"), "a b");
}

TEST(Text, FoldsArabicLetterVariantsAndPunctuation) {
    // Hamza forms of alif, ta marbuta, alif maqsura, harakat and tatweel: one spelling.
    EXPECT_EQ(fold_text("أنا"), fold_text("انا"));
    EXPECT_EQ(fold_text("إبني"), fold_text("ابني"));
    EXPECT_EQ(fold_text("آخر"), fold_text("اخر"));
    EXPECT_EQ(fold_text("صعوبة"), "صعوبه");
    EXPECT_EQ(fold_text("على"), "علي");
    EXPECT_EQ(fold_text("یعنی"), fold_text("يعني"));
    EXPECT_EQ(fold_text("أُرِيدُ"), fold_text("اريد"));
    EXPECT_EQ(fold_text("بـــدي"), "بدي");
    // Arabic-Indic digits, and Arabic punctuation that ends a word like its ASCII form.
    EXPECT_EQ(fold_text("عمري ١٣"), "عمري 13");
    EXPECT_EQ(fold_text("تموت؟"), fold_text("تموت?"));
    EXPECT_EQ(fold_text("لا، ما"), fold_text("لا, ما"));
    const auto tokens = tokenize(fold_text("هل يتنفس؟ لا، ما يتنفس"), {});
    ASSERT_EQ(tokens.size(), 5u);
    EXPECT_EQ(tokens[1].text, fold_text("يتنفس"));
    EXPECT_LT(tokens[1].clause, tokens[2].clause);  // ؟ ends a clause
    EXPECT_LT(tokens[2].clause, tokens[3].clause);  // ، too
}

TEST(Text, TypographicQuotesDoNotStickToWords) {
    const auto tokens = tokenize(fold_text("„nie chcę” «не хочу» “I don’t”"), {});
    ASSERT_EQ(tokens.size(), 6u);
    EXPECT_EQ(tokens[0].text, "nie");
    EXPECT_EQ(tokens[1].text, fold_text("chcę"));
    EXPECT_EQ(tokens[2].text, fold_text("не"));
    EXPECT_EQ(tokens[3].text, fold_text("хочу"));
    EXPECT_EQ(tokens[5].text, "dont");
    EXPECT_EQ(fold_text("ik weet het niet…"), "ik weet het niet...");  // NFKC
}

// The child's age a question names, for the social map's services; a duration is no age.
TEST(Text, TheChildsAgeAQuestionNames) {
    EXPECT_EQ(child_age("Mijn dochter van vijftien wil niet naar school"), 15);
    EXPECT_EQ(child_age("mijn zoon van 8 jaar plast in bed"), 8);
    EXPECT_EQ(child_age("Onze vijfjarige heeft driftbuien"), 5);
    EXPECT_EQ(child_age("hij is 12 jaar en gamet de hele dag"), 12);
    EXPECT_EQ(child_age("my 15-year-old daughter won't talk to me"), 15);
    EXPECT_EQ(child_age("My son is 9 and wets the bed"), 9);
    EXPECT_EQ(child_age("our baby of six months cries a lot"), 0);
    EXPECT_EQ(child_age("mijn baby huilt veel"), 0);
    EXPECT_EQ(child_age("mijn peuter wil niet eten"), 2);
    EXPECT_EQ(child_age("mijn puber blowt"), 14);
    EXPECT_EQ(child_age("ik ben zwanger en maak me zorgen"), -1);
    EXPECT_EQ(child_age("mijn zoon van 15 en mijn baby"), 15) << "a number before a stage";
    EXPECT_FALSE(child_age("we zijn al 3 jaar gescheiden"));
    EXPECT_FALSE(child_age("sinds twee jaar slaapt hij slecht"));
    EXPECT_FALSE(child_age("het begon 2 jaar geleden"));
    EXPECT_FALSE(child_age("mijn kind wordt 3 keer per nacht wakker"));
    EXPECT_FALSE(child_age("mijn moeder van 80 woont bij ons"));
    EXPECT_FALSE(child_age("hoeveel schermtijd is goed?"));
}
