#include "common/log.hpp"

#include <gtest/gtest.h>

using namespace advieslijn;

TEST(MaskPhone, DutchMobileInE164) { EXPECT_EQ(mask_phone("+31612345678"), "+31 6 ****5678"); }

TEST(MaskPhone, OtherCountryCodes) {
    EXPECT_EQ(mask_phone("+14155550123"), "+1 4 ****0123");
    EXPECT_EQ(mask_phone("+32470123456"), "+32 4 ****3456");
    EXPECT_EQ(mask_phone("+212612345678"), "+212 6 ****5678");
    EXPECT_EQ(mask_phone("0031612345678"), "+31 6 ****5678");
}

TEST(MaskPhone, NationalFormatAndSeparators) {
    EXPECT_EQ(mask_phone("06-12345678"), "06 ****5678");
    EXPECT_EQ(mask_phone("06 1234 5678"), "06 ****5678");
}

TEST(MaskPhone, GarbageIsMaskedEntirely) {
    EXPECT_EQ(mask_phone("anonymous"), "****");
    EXPECT_EQ(mask_phone("123"), "****");
    EXPECT_EQ(mask_phone(""), "****");
}

TEST(MaskPhonesInText, MasksNumbersKeepsOtherDigits) {
    EXPECT_EQ(mask_phones_in_text("bel me op 0612345678 na 18 uur"),
              "bel me op 06 ****5678 na 18 uur");
    EXPECT_EQ(mask_phones_in_text("call +31 6 1234 5678 please"), "call +31 6 ****5678 please");
    EXPECT_EQ(mask_phones_in_text("mijn kind is 3 jaar, 2024"), "mijn kind is 3 jaar, 2024");
    EXPECT_EQ(mask_phones_in_text("from=+31612345678&to=+31880030060"),
              "from=+31 6 ****5678&to=+31 8 ****0060");
}

TEST(JsonEscape, EscapesQuotesAndControls) {
    EXPECT_EQ(json_escape("a\"b\\c\nd\x01"), "a\\\"b\\\\c\\nd\\u0001");
}
