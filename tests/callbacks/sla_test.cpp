#include "callbacks/sla.hpp"

#include <gtest/gtest.h>

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace std::chrono_literals;

namespace {
const TimePoint t0 = from_ms(1'714'478'400'000);  // 2024-04-30T12:00:00Z
}

TEST(SlaTest, DefaultThresholds) {
    const SlaSettings s;
    const auto n = sla_times(t0, Priority::normal, s);
    EXPECT_EQ(n.due, t0 + 24h);
    EXPECT_EQ(n.at_risk, t0 + 18h);
    EXPECT_EQ(n.breach, t0 + 24h);
    EXPECT_EQ(n.second_level, t0 + 28h);
    EXPECT_EQ(sla_times(t0, Priority::high, s).due, t0 + 24h) << "high is about order, not time";
    const auto u = sla_times(t0, Priority::urgent, s);
    EXPECT_EQ(u.due, t0 + 60min);
    EXPECT_EQ(u.at_risk, t0 + 45min);
}

TEST(SlaTest, TenantSettingsAndNonsensePercent) {
    SlaSettings s;
    s.normal = 48h;
    s.at_risk_percent = 50;
    s.second_level_after_breach = 2h;
    const auto n = sla_times(t0, Priority::normal, s);
    EXPECT_EQ(n.at_risk, t0 + 24h);
    EXPECT_EQ(n.second_level, t0 + 50h);
    s.at_risk_percent = 150;
    EXPECT_LT(sla_times(t0, Priority::normal, s).at_risk, t0 + 48h);
}

TEST(SlaTest, QueueScoreOrdersByPriorityThenDueTime) {
    const TimePoint late = t0 + 24h * 365 * 100;  // a century on, still inside its band
    EXPECT_LT(queue_score(Priority::urgent, late), queue_score(Priority::high, t0));
    EXPECT_LT(queue_score(Priority::high, late), queue_score(Priority::normal, t0));
    EXPECT_LT(queue_score(Priority::normal, t0), queue_score(Priority::normal, t0 + 1ms));
}

TEST(SlaTest, StartOfDayInTheNetherlands) {
    // Summer (CEST, UTC+2): midnight is 22:00 UTC the day before.
    EXPECT_EQ(format_rfc3339(start_of_day_netherlands(t0)), "2024-04-29T22:00:00.000Z");
    // 23:30 UTC in summer is already the next Dutch day.
    EXPECT_EQ(format_rfc3339(start_of_day_netherlands(*parse_rfc3339("2024-04-30T23:30:00Z"))),
              "2024-04-30T22:00:00.000Z");
    // Winter (CET, UTC+1).
    EXPECT_EQ(format_rfc3339(start_of_day_netherlands(*parse_rfc3339("2024-01-15T08:00:00Z"))),
              "2024-01-14T23:00:00.000Z");
}

TEST(SlaTest, DutchCalendarDates) {
    auto at = [](const char* s) { return *parse_rfc3339(s); };
    // Summer (CEST, UTC+2): the day turns at 22:00 UTC.
    EXPECT_EQ(date_netherlands(at("2024-04-30T21:59:59.999Z")), "2024-04-30");
    EXPECT_EQ(date_netherlands(at("2024-04-30T22:00:00Z")), "2024-05-01");
    // Winter (CET, UTC+1): at 23:00 UTC.
    EXPECT_EQ(date_netherlands(at("2024-01-15T22:59:00Z")), "2024-01-15");
    EXPECT_EQ(date_netherlands(at("2024-12-31T23:00:00Z")), "2025-01-01");
    EXPECT_EQ(dates_netherlands(at("2024-03-01T10:00:00Z"), 3),
              (std::vector<std::string>{"2024-02-28", "2024-02-29", "2024-03-01"}))
        << "oldest first, across a leap day and a month";
    EXPECT_EQ(dates_netherlands(at("2024-03-01T10:00:00Z"), 1),
              std::vector<std::string>{"2024-03-01"});
}
