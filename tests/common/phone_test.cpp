#include "common/phone.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace advieslijn;
using json = nlohmann::json;

namespace {

std::string source_file(const std::string& relative) {
    const char* dir = std::getenv("ADVIESLIJN_SOURCE_DIR");
    std::ifstream in(std::string(dir ? dir : ".") + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// "+31612345678" or "refused: premium_rate", so a failure shows both sides at once.
std::string outcome(const ParsedPhone& p) {
    return p ? p.e164() : "refused: " + std::string(phone_reason_code(p.error()));
}

const PhoneError all_errors[] = {
    PhoneError::empty,          PhoneError::invalid_characters,
    PhoneError::missing_prefix, PhoneError::invalid_country_code,
    PhoneError::too_short,      PhoneError::too_long,
    PhoneError::premium_rate,   PhoneError::not_callable,
};

}  // namespace

// The cases the widget's browser test runs too (tests/browser/widget.test.mjs).
TEST(Phone, SharedCases) {
    const json doc = json::parse(source_file("tests/data/phone_cases.json"));
    ASSERT_GE(doc["cases"].size(), 40u);
    for (const auto& c : doc["cases"]) {
        const std::string input = c["input"];
        const std::string expected = c.contains("e164")
                                         ? c["e164"].get<std::string>()
                                         : "refused: " + c["refused"].get<std::string>();
        EXPECT_EQ(outcome(parse_phone(input)), expected) << "input: '" << input << "'";
    }
}

TEST(Phone, ReasonsAreTheOnesTheCasesName) {
    const json doc = json::parse(source_file("tests/data/phone_cases.json"));
    ASSERT_EQ(doc["reasons"].size(), std::size(all_errors));
    for (const auto e : all_errors) {
        const std::string code(phone_reason_code(e));
        ASSERT_TRUE(doc["reasons"].contains(code)) << code;
        EXPECT_EQ(doc["reasons"][code], phone_error_message(e)) << code;
    }
}

// widget.js carries the Dutch range table as a JSON array between two markers; it must be
// this table, row for row.
TEST(Phone, WidgetHasTheSameDutchRanges) {
    const std::string js = source_file("web-widget/widget.js");
    const std::string start = "const NL_RANGES = ";
    const auto from = js.find(start);
    ASSERT_NE(from, std::string::npos) << "NL_RANGES not found in widget.js";
    const auto to = js.find("];", from);
    ASSERT_NE(to, std::string::npos);
    const json widget = json::parse(js.substr(from + start.size(), to + 1 - from - start.size()));
    json ours = json::array();
    for (const auto& r : dutch_ranges())
        ours.push_back({r.prefix, r.min_digits, r.max_digits, dutch_kind_name(r.kind)});
    EXPECT_EQ(widget, ours);
}

TEST(Phone, NormalisesToE164) {
    EXPECT_EQ(parse_phone("+31 88 003 0060").e164(), "+31880030060");
    EXPECT_EQ(parse_phone("0031880030060").e164(), "+31880030060");
    EXPECT_EQ(parse_phone("06-12345678").e164(), "+31612345678");
    EXPECT_EQ(parse_phone("whatsapp:+31612345678").e164(), "+31612345678");
    EXPECT_FALSE(parse_phone("anonymous"));
    EXPECT_FALSE(parse_phone(""));
    EXPECT_FALSE(parse_phone("12345"));
    EXPECT_FALSE(parse_phone("client:alice"));
}

TEST(Phone, PremiumRateIsRefusedForCallbacksOnly) {
    EXPECT_EQ(outcome(parse_phone("0900 1234")), "refused: premium_rate");
    EXPECT_EQ(outcome(parse_phone("0900 1234", PhoneUse::dialed)), "+319001234");
    EXPECT_EQ(outcome(parse_phone("0900 123", PhoneUse::dialed)), "refused: too_short");
    EXPECT_EQ(outcome(parse_phone("082 1234567", PhoneUse::dialed)), "refused: not_callable");
}

TEST(Phone, LongInputIsRefusedWithoutReadingItAll) {
    EXPECT_EQ(outcome(parse_phone(std::string(100000, '1'))), "refused: too_long");
}

TEST(Phone, TenantNumbersAreWrittenInE164) {
    EXPECT_TRUE(is_tenant_number("+31612345678"));
    EXPECT_TRUE(is_tenant_number("+31880030060"));
    EXPECT_TRUE(is_tenant_number("+318000113"));
    EXPECT_TRUE(is_tenant_number("+32470123456"));
    EXPECT_FALSE(is_tenant_number("+0612345678"));
    EXPECT_FALSE(is_tenant_number("0612345678"));
    EXPECT_FALSE(is_tenant_number("+3161234567a"));
    EXPECT_FALSE(is_tenant_number("+1234567"));
    EXPECT_FALSE(is_tenant_number("+1234567890123456"));
    EXPECT_FALSE(is_tenant_number("+31 880030060"));
    EXPECT_FALSE(is_tenant_number("+310880030060"));
    EXPECT_FALSE(is_tenant_number("+31612345"));
    EXPECT_FALSE(is_tenant_number("whatsapp:+31612345678"));
}
