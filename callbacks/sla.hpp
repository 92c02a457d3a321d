#pragma once
// SLA arithmetic, free of I/O: when a task is due, when it is at risk, breached and goes to
// the second escalation level, and where it sits in the queue. The stages themselves fire in
// Redis (lua/tick.lua, from the scanner's tick), on the times computed here at creation.
#include <string>
#include <vector>

#include "callbacks/model.hpp"
#include "common/config.hpp"

namespace advieslijn::callbacks {

struct SlaTimes {
    TimePoint due;           // created + SLA (urgent: the short one)
    TimePoint at_risk;       // created + at_risk_percent of the SLA
    TimePoint breach;        // == due
    TimePoint second_level;  // breach + second_level_after_breach
};

SlaTimes sla_times(TimePoint created, Priority p, const SlaSettings& s);

// The queue's sort key: every urgent task before every high one before every normal one,
// and by due time within a band. The same formula is in lua/lib.lua (queue_score); a test
// checks that Redis and this function agree.
double queue_score(Priority p, TimePoint due);
inline constexpr double queue_band = 1e13;  // > any due time in ms until the year 2286

// The start of the calendar day in the Netherlands (CET/CEST) containing `now`, for
// "completed today". GCC 12 has no tz database in <chrono>, so the EU summer-time rule
// (last Sunday of March to last Sunday of October, 01:00 UTC) is applied here.
TimePoint start_of_day_netherlands(TimePoint now);
// The Dutch calendar date containing `now`, "YYYY-MM-DD" (the per-day statistics keys).
std::string date_netherlands(TimePoint now);
// The hour of the Dutch clock at `now`, 0 to 23 (the statistics' hour of day).
int hour_netherlands(TimePoint now);
// The Dutch clock at `now`: minute of the day (0..1439) and ISO weekday (Monday 1 .. Sunday
// 7), for the family's safe times (callbacks/terms.hpp).
struct DutchClock {
    int minute = 0;
    int weekday = 1;
};
DutchClock clock_netherlands(TimePoint now);
// The last `days` Dutch dates up to and including today's, oldest first.
std::vector<std::string> dates_netherlands(TimePoint now, int days);

// One ISO 8601 week (Monday to Sunday) of the Dutch calendar.
struct IsoWeek {
    std::string name;    // "2024-W18" (the ISO week-numbering year, which may differ at New Year)
    std::string monday;  // "2024-04-29"
};
// The ISO week containing the Dutch date of `now` (the per-week risk review keys).
IsoWeek iso_week_netherlands(TimePoint now);
// The last `weeks` ISO weeks up to and including this one, oldest first.
std::vector<IsoWeek> iso_weeks_netherlands(TimePoint now, int weeks);

}  // namespace advieslijn::callbacks
