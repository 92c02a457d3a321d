// The report's arithmetic (contact/report.hpp), pure: which cells a day's counters give,
// how small numbers are hidden, percentiles from minute counters, the CSV, and date ranges.
#include "contact/report.hpp"

#include <gtest/gtest.h>

using namespace advieslijn::contact;

namespace {

const Cell* find(const std::vector<Cell>& cells, const std::string& measure, const std::string& key) {
    for (const auto& c : cells)
        if (c.measure == measure && c.key == key) return &c;
    return nullptr;
}

PeriodCounters day(std::string date, Counters contacts, Counters callbacks = {}) {
    return {std::move(date), std::move(contacts), std::move(callbacks)};
}

}  // namespace

TEST(Report, CellsAreRecomputedFromTheCountersAlone) {
    const auto cells = report_cells(day("2026-03-10",
                                        {{"contact:voice:08", 7},
                                         {"contact:chat:08", 2},
                                         {"contact:chat:21", 6},
                                         {"question:chat:answered", 5},
                                         {"question:voice:urgent", 1},
                                         {"topic:slapen", 5},
                                         {"feedback:nl:slapen-baby:helped", 3},
                                         {"feedback:nl:slapen-baby:not_helped", 1}},
                                        {{"created", 4}, {"created:normal", 4}, {"to_first:12", 1},
                                         {"to_first:40", 2}, {"calls:1", 3}, {"outcome:advised", 3}}));
    EXPECT_EQ(find(cells, "contacts", "total")->value, 15);
    EXPECT_EQ(find(cells, "contacts_by_channel", "chat")->value, 8);
    EXPECT_EQ(find(cells, "contacts_by_channel", "form")->value, 0);  // fixed keys are always there
    EXPECT_EQ(find(cells, "contacts_by_hour", "08")->value, 9);
    EXPECT_EQ(find(cells, "contacts_by_hour", "21")->value, 6);
    EXPECT_EQ(find(cells, "questions", "total")->value, 6);
    EXPECT_EQ(find(cells, "questions", "handoff")->value, 0);
    EXPECT_EQ(find(cells, "feedback_helped", "nl/slapen-baby")->value, 3);
    EXPECT_EQ(find(cells, "feedback_not_helped", "nl/slapen-baby")->value, 1);
    EXPECT_EQ(find(cells, "time_to_first_call_minutes", "count")->value, 3);
    EXPECT_EQ(find(cells, "time_to_first_call_minutes", "median")->value, 40);
    EXPECT_FALSE(find(cells, "time_to_completion_minutes", "median")->value.has_value());
    EXPECT_EQ(find(cells, "calls_per_task", "1")->value, 3);
    EXPECT_EQ(find(cells, "outcomes", "advised")->value, 3);
    EXPECT_EQ(find(cells, "topics", "pesten"), nullptr);
}

TEST(Report, PercentilesAreNearestRankOverTheMinuteCounters) {
    EXPECT_FALSE(percentile({}, 50).has_value());
    EXPECT_EQ(percentile({{7, 1}}, 50), 7);
    EXPECT_EQ(percentile({{7, 1}}, 90), 7);
    // 1..10 once each: the median is the 5th, the 90th percentile the 9th.
    std::map<long long, long long> ten;
    for (long long v = 1; v <= 10; ++v) ten[v] = 1;
    EXPECT_EQ(percentile(ten, 50), 5);
    EXPECT_EQ(percentile(ten, 90), 9);
    EXPECT_EQ(percentile({{10, 3}, {30, 1}, {1590, 1}}, 50), 10);
    EXPECT_EQ(percentile({{10, 3}, {30, 1}, {1590, 1}}, 90), 1590);
}

TEST(Report, SmallCountsAreHiddenAndCannotBeWorkedOutFromTheTotal) {
    auto cells = report_cells(day("2026-03-10", {{"contact:voice:08", 20}, {"contact:sms:08", 3},
                                                 {"contact:chat:09", 9}}));
    suppress(cells);
    EXPECT_FALSE(find(cells, "contacts", "total")->suppressed);
    EXPECT_TRUE(find(cells, "contacts_by_channel", "sms")->suppressed);
    // voice 20 + chat 9 + sms = 32: the smallest other count goes too.
    EXPECT_TRUE(find(cells, "contacts_by_channel", "chat")->suppressed);
    EXPECT_FALSE(find(cells, "contacts_by_channel", "voice")->suppressed);
    EXPECT_FALSE(find(cells, "contacts_by_channel", "form")->suppressed);  // 0 stays 0
    // By hour: 08 has 23, 09 has 9, nothing small, nothing hidden.
    EXPECT_FALSE(find(cells, "contacts_by_hour", "09")->suppressed);

    // Two small ones already protect each other: no third is hidden.
    auto two = report_cells(day("d", {{"contact:voice:08", 20}, {"contact:sms:08", 3}, {"contact:chat:08", 2}}));
    suppress(two);
    EXPECT_FALSE(find(two, "contacts_by_channel", "voice")->suppressed);

    // Minutes from fewer than 5 samples are hidden; from 5 they are shown.
    auto few = report_cells(day("d", {}, {{"to_done:12", 4}}));
    suppress(few);
    EXPECT_TRUE(find(few, "time_to_completion_minutes", "median")->suppressed);
    auto five = report_cells(day("d", {}, {{"to_done:12", 5}}));
    suppress(five);
    EXPECT_FALSE(find(five, "time_to_completion_minutes", "median")->suppressed);
    EXPECT_EQ(period_json("d", few)["time_to_completion_minutes"]["median"], "<5");
    EXPECT_EQ(period_json("d", five)["time_to_completion_minutes"]["median"], 12);
}

TEST(Report, CsvIsExcelFriendlyAndKeepsTypedTextAsText) {
    auto cells = report_cells(day("2026-03-10", {}, {{"referral:=cmd|x", 6}, {"referral:GGD; jeugd", 7},
                                                     {"referral:\"Zorg\" team", 8}}));
    const std::string csv = report_csv({{"2026-03-10", cells}}, ';');
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBFperiod;measure;key;value\r\n", 0), 0u);
    EXPECT_NE(csv.find("\r\n2026-03-10;referrals;'=cmd|x;6\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\n2026-03-10;referrals;\"GGD; jeugd\";7\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\n2026-03-10;referrals;\"\"\"Zorg\"\" team\";8\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\n2026-03-10;time_to_completion_minutes;median;\r\n"), std::string::npos);
}

TEST(Report, DateRangesAndMonths) {
    EXPECT_EQ(dates_between("2024-02-28", "2024-03-01", 10),
              (std::vector<std::string>{"2024-02-28", "2024-02-29", "2024-03-01"}));
    EXPECT_FALSE(dates_between("2024-03-02", "2024-03-01", 10));
    EXPECT_FALSE(dates_between("2023-02-29", "2023-03-01", 10));
    EXPECT_FALSE(dates_between("2024-3-1", "2024-03-02", 10));
    EXPECT_FALSE(dates_between("2024-01-01", "2024-01-11", 10));
    EXPECT_TRUE(dates_between("2024-01-01", "2024-01-10", 10));
    EXPECT_EQ(month_bounds("2024-02"), (std::pair<std::string, std::string>{"2024-02-01", "2024-02-29"}));
    EXPECT_FALSE(month_bounds("2024-13"));
    EXPECT_FALSE(month_bounds("2024-1"));
    const auto months = by_month({day("2024-01-31", {{"contact:voice:08", 1}}),
                                  day("2024-02-01", {{"contact:voice:08", 2}}),
                                  day("2024-02-02", {{"contact:voice:09", 3}})});
    ASSERT_EQ(months.size(), 2u);
    EXPECT_EQ(months[1].period, "2024-02");
    EXPECT_EQ(months[1].contacts.at("contact:voice:08"), 2);
    EXPECT_EQ(summed(months, "total").contacts.at("contact:voice:08"), 3);
}
