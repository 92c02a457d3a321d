// The knowledge-gap report without Redis: masking, grouping by stems, weeks
// (contact/gap_report.hpp, contact/knowledge_gaps.hpp mask_question).
#include "contact/gap_report.hpp"

#include <gtest/gtest.h>

#include "contact/knowledge_gaps.hpp"

using namespace advieslijn;
using namespace advieslijn::contact;

namespace {

// Monday 23 November 2026, 10:00 in the Netherlands (09:00 UTC).
const TimePoint monday = TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) +
                         std::chrono::hours(9);

GapEntry entry(TimePoint at, std::string text, std::string source = "none",
               std::string channel = "chat", std::string lang = "nl") {
    return GapEntry{at, std::move(lang), std::move(channel), {std::move(source)}, std::move(text)};
}

}  // namespace

TEST(GapMasking, PhoneEmailPostcodeAndNamesNeverSurvive) {
    const std::string masked = mask_question(
        "Mijn zoon Daan (4) slaapt niet door, bel 06-12345678 of mail\n  ouder@example.nl, "
        "wij wonen in 1234 AB");
    for (const std::string secret : {"12345678", "example", "ouder@", "1234 AB", "Daan"})
        EXPECT_EQ(masked.find(secret), std::string::npos) << secret << " in " << masked;
    EXPECT_EQ(masked,
              "Mijn zoon [name] (4) slaapt niet door, bel [phone] of mail [email], wij wonen in "
              "[postcode]");
}

TEST(GapMasking, ControlCharactersNeverReachATerminal) {
    EXPECT_EQ(mask_question("zwemles\x1b[31m rood\r\n\tkosten\xc2\x9b" "2J\x7f"), "zwemles [31m rood kosten 2J");
    EXPECT_EQ(mask_question("café één"), "café één");
}

TEST(GapMasking, LongQuestionsAreCutAtACharacterBoundary) {
    std::string text;
    while (text.size() < 2 * max_gap_text_bytes) text += "één vraag ";
    const std::string masked = mask_question(text);
    EXPECT_LE(masked.size(), max_gap_text_bytes);
    EXPECT_NE(static_cast<unsigned char>(masked.back()) & 0xC0, 0x80u) << "cut inside a character";
}

TEST(GapGrouping, VerbFormsOfOneWordShareAGroup) {
    const auto keys = gap_group_keys({{"nl", "slaapt niet door"},
                                      {"nl", "slapen niet door"},
                                      {"nl", "Mijn baby huilt de hele dag"},
                                      {"nl", "baby huilen hele dag"},
                                      {"nl", "zwemles kosten"},
                                      {"en", "my baby does not sleep"},
                                      {"nl", "wat kost een zwemles?"}});
    EXPECT_EQ(keys[0], keys[1]);
    EXPECT_EQ(keys[2], keys[3]);
    EXPECT_EQ(keys[4], keys[6]);
    EXPECT_NE(keys[0], keys[2]);
    EXPECT_NE(keys[0], keys[4]);
    EXPECT_NE(keys[5], keys[0]);
}

TEST(GapGrouping, PlaceholdersAreNotWords) {
    const auto keys = gap_group_keys({{"nl", "[name] zwemles kosten, bel me op [phone]"}, {"nl", "zwemles kosten"}});
    EXPECT_EQ(keys[0], keys[1]);
}

TEST(GapReport, GroupsCountedPerWeekLargestFirstWithExamples) {
    const TimePoint now = monday + std::chrono::days(7) + std::chrono::hours(2);
    const std::vector<GapEntry> entries{
        entry(monday, "slaapt niet door"),
        entry(monday + std::chrono::hours(1), "slapen niet door", "handoff", "voice"),
        entry(monday + std::chrono::days(7), "slaapt niet door!", "not_helped", "sms"),
        entry(monday + std::chrono::days(7), "zwemles kosten"),
        entry(monday - std::chrono::days(30), "te oud voor de periode")};
    const GapPeriod period = gap_period_weeks(now, 2);
    const GapReport r = build_gap_report("demo", entries, period, now - std::chrono::days(90), 10);
    ASSERT_EQ(r.weeks.size(), 2u);
    EXPECT_EQ(r.weeks[0].name, "2026-W48");
    EXPECT_EQ(r.weeks[1].name, "2026-W49");
    EXPECT_EQ(r.week_totals, (std::vector<long long>{2, 2}));
    EXPECT_EQ(r.total, 4);
    ASSERT_EQ(r.groups.size(), 2u);
    const GapGroup& sleep = r.groups[0];
    EXPECT_EQ(sleep.count, 3);
    EXPECT_EQ(sleep.per_week, (std::vector<long long>{2, 1}));
    EXPECT_EQ(sleep.sources.at("none"), 1);
    EXPECT_EQ(sleep.sources.at("handoff"), 1);
    EXPECT_EQ(sleep.sources.at("not_helped"), 1);
    EXPECT_EQ(sleep.channels.at("voice"), 1);
    ASSERT_EQ(sleep.examples.size(), 3u);
    EXPECT_EQ(sleep.examples[0], "slaapt niet door!");  // newest first
    EXPECT_EQ(r.groups[1].count, 1);

    const auto j = to_json(r);
    EXPECT_EQ(j["groups"][0]["count"], 3);
    EXPECT_EQ(j["weeks"][1]["count"], 2);
    const std::string text = to_text(r);
    EXPECT_NE(text.find("2026-W48 2"), std::string::npos) << text;
    EXPECT_NE(text.find("- zwemles kosten"), std::string::npos) << text;
}

TEST(GapReport, SinceDaysAndRetentionLeaveOlderQuestionsOut) {
    const TimePoint now = monday + std::chrono::days(3);
    const std::vector<GapEntry> entries{entry(now - std::chrono::days(1), "binnen"),
                                        entry(now - std::chrono::days(5), "buiten de dagen")};
    const GapReport r = build_gap_report("demo", entries, gap_period_days(now, 2),
                                         now - std::chrono::days(90), 10);
    EXPECT_EQ(r.total, 1);
    ASSERT_FALSE(r.weeks.empty());
    EXPECT_EQ(r.weeks.back().name, "2026-W48");
    const GapReport kept = build_gap_report("demo", entries, gap_period_days(now, 30),
                                            now - std::chrono::days(3), 10);
    EXPECT_EQ(kept.total, 1) << "older than the retention limit";
    EXPECT_GE(gap_period_days(now, 30).weeks.size(), 5u);
}
