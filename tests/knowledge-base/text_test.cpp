#include "knowledge-base/text.hpp"

#include <gtest/gtest.h>

using kb::tokenize;
using words = std::vector<std::string>;

TEST(Tokenize, FoldsCaseAccentsAndPunctuation) {
    EXPECT_EQ(tokenize("Café, BÉBÉ! naïef?"), (words{"cafe", "bebe", "naief"}));
    EXPECT_EQ(tokenize("Straße ﬁets"), (words{"strasse", "fiets"}));  // ß and the fi ligature
}

TEST(Tokenize, SplitsDigitsFromLetters) {
    EXPECT_EQ(tokenize("4maanden 0800-2000 22-wekenprik"),
              (words{"4", "maanden", "0800", "2000", "22", "wekenprik"}));
}

TEST(Tokenize, ResolvesContractions) {
    EXPECT_EQ(tokenize("'s nachts"), words{"nachts"});
    EXPECT_EQ(tokenize("’s Nachts huilt ’t kind"), (words{"nachts", "huilt", "het", "kind"}));
    EXPECT_EQ(tokenize("snachts smorgens"), (words{"nachts", "morgens"}));
    EXPECT_EQ(tokenize("baby's foto's"), (words{"baby", "foto"}));
    EXPECT_EQ(tokenize("zo'n kind"), (words{"zo", "een", "kind"}));
    EXPECT_EQ(tokenize("don't"), words{"dont"});
}

TEST(Tokenize, BadInputIsHarmless) {
    EXPECT_TRUE(tokenize("").empty());
    EXPECT_TRUE(tokenize("?!... --- a").empty());
    EXPECT_EQ(tokenize(std::string("baby\xff\xfe" "slaap\xc3", 12)), (words{"baby", "slaap"}));
    std::string huge(100 * 1024, 'x');
    EXPECT_TRUE(tokenize(huge).empty());  // one over-long "word" is dropped
    std::string many;
    for (int i = 0; i < 20000; ++i) many += "baby ";
    EXPECT_LE(tokenize(many).size(), kb::max_text_bytes / 5 + 1);  // only the first 4 KB read
}

TEST(Stem, DutchAndEnglishSnowball) {
    EXPECT_EQ(kb::stem("nl", "slapen"), kb::stem("nl", "slaap"));
    EXPECT_EQ(kb::stem("nl", "problemen"), kb::stem("nl", "probleem"));
    EXPECT_EQ(kb::stem("en", "sleeping"), kb::stem("en", "sleeps"));
    EXPECT_EQ(kb::stem("xx", "woord"), "woord");  // no stemmer: the word itself
    // Plurals that double the consonant meet their singular (Snowball undoubles kk/dd/tt only).
    EXPECT_EQ(kb::stem("nl", "woedeaanvallen"), kb::stem("nl", "woedeaanval"));
    EXPECT_EQ(kb::stem("nl", "poppen"), kb::stem("nl", "pop"));
    // A diminutive meets its word: the teeth a baby gets are "tandjes", a parent asks "tanden".
    EXPECT_EQ(kb::stem("nl", "tandjes"), kb::stem("nl", "tanden"));
    EXPECT_EQ(kb::stem("nl", "speentje"), kb::stem("nl", "speen"));
    EXPECT_NE(kb::stem("en", "tandjes"), kb::stem("en", "tanden"));  // Dutch only
    EXPECT_EQ(kb::stem("nl", "stappen"), kb::stem("nl", "stap"));
    EXPECT_EQ(kb::stem("en", "ball"), "ball");  // English is left to Snowball
}

TEST(StopWords, PerLanguage) {
    EXPECT_TRUE(kb::is_stop_word("nl", "mijn"));
    EXPECT_TRUE(kb::is_stop_word("en", "dont"));
    EXPECT_FALSE(kb::is_stop_word("nl", "baby"));
    EXPECT_FALSE(kb::is_stop_word("en", "mijn"));
}

TEST(EditDistance, AtMostOneTypo) {
    EXPECT_EQ(kb::edit_distance_capped("slaap", "slaap"), 0);
    EXPECT_EQ(kb::edit_distance_capped("slaap", "slap"), 1);
    EXPECT_EQ(kb::edit_distance_capped("slaap", "slapa"), 1);   // swap
    EXPECT_EQ(kb::edit_distance_capped("slaap", "slaep"), 1);   // substitution
    EXPECT_EQ(kb::edit_distance_capped("slaap", "sleep"), 2);
    EXPECT_EQ(kb::edit_distance_capped("abcd", "bcda"), 2);
}
